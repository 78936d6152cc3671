// docs/commands.md: the command reference, from the command tree, so that the
// documentation lists exactly the commands and options the binary has.

#include "docgen/writers.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace asemdb::docgen {
namespace {

// Text inside a Markdown table cell: a pipe would end the cell.
std::string cell(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

std::string option_names(const OptionDoc& option) {
    std::string text;
    for (const auto& name : option.names) text += (text.empty() ? "`" : ", `") + name + "`";
    if (!option.value.empty()) text += " " + option.value;
    return text;
}

void write_command(std::string& out, const CommandDoc& command, const CommandDoc& parent) {
    out += fmt::format("\n## {}\n\n```text\n{}\n```\n\n{}\n", command.full_name(), command.usage,
                       command.description);
    std::string rows;
    for (const auto& p : command.positionals)
        rows += fmt::format("| `{}`{} | {} |\n", p.name, p.required ? "" : " (optional)", cell(p.description));
    for (const auto& option : command.options)
        if (!parent.has_option(option)) rows += fmt::format("| {} | {} |\n", option_names(option), cell(option.description));
    if (!rows.empty()) out += "\n| argument or option | meaning |\n|---|---|\n" + rows;
    for (const auto& sub : command.subcommands) write_command(out, sub, command);
}

}  // namespace

std::string command_reference(const CommandDoc& root) {
    std::string out =
        "# Command reference\n\n"
        "<!-- Generated from the asemdb command-line definitions by asemdb_docgen; do not edit.\n"
        "     After changing an option: cmake --build build --target asemdb_reference -->\n\n"
        "The options of asemdb itself work before or after the command name; each command below lists only the "
        "options it adds. `asemdb help COMMAND` prints the same as `asemdb COMMAND --help`.\n\n"
        "| option | meaning |\n|---|---|\n";
    for (const auto& option : root.options) out += fmt::format("| {} | {} |\n", option_names(option), cell(option.description));
    for (const auto& command : root.subcommands) write_command(out, command, root);
    return out;
}

}  // namespace asemdb::docgen
