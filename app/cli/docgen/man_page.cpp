// asemdb(1): the commands and options from the command tree; the sections a
// man page has beyond them (environment, files, exit status) from the constants
// the code uses.

#include "docgen/writers.hpp"

#include "commands.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/interrupt.hpp"
#include "asemdb/base/version.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace asemdb::docgen {
namespace {

// Escapes text for roff: backslashes, minus signs (so options copy as typed),
// and a control character at the start of a line.
std::string roff(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        if ((c == '.' || c == '\'') && out.size() == 1) out.insert(0, "\\&");
    }
    return out;
}

std::string option_heading(const OptionDoc& option) {
    std::string text;
    for (const auto& name : option.names) text += (text.empty() ? "" : ", ") + ("\\fB" + roff(name) + "\\fR");
    if (!option.value.empty()) text += " \\fI" + roff(option.value) + "\\fR";
    return text;
}

// A command's own options: those its parent has too (--db, --help, ...) are
// described once, where they first appear.
void write_options(std::string& out, const CommandDoc& command, const CommandDoc* parent) {
    for (const auto& option : command.options) {
        if (parent && parent->has_option(option)) continue;
        out += ".TP\n" + option_heading(option) + "\n" + roff(option.description) + "\n";
    }
}

void write_command(std::string& out, const CommandDoc& command, const CommandDoc& parent) {
    out += ".SS \"" + roff(command.usage) + "\"\n" + roff(command.description) + "\n";
    for (const auto& p : command.positionals)
        out += ".TP\n\\fI" + roff(p.name) + "\\fR\n" + roff(p.description) + "\n";
    write_options(out, command, &parent);
    for (const auto& sub : command.subcommands) write_command(out, sub, command);
}

void write_fixed_sections(std::string& out) {
    out += ".SH ENVIRONMENT\n";
    out += fmt::format(".TP\n\\fB{}\\fR\nThe database file when \\fB\\-\\-db\\fR is not given.\n", cli::kDbEnvironment);
    out += ".TP\n\\fBSOURCE_DATE_EPOCH\\fR\nUsed as the current time (\"today\", the generation time written into "
           "workbooks), so that two runs on the same data give identical files.\n";
    out += ".SH FILES\n";
    out += fmt::format(".TP\n\\fI{}\\fR\nThe database, in the working directory, unless \\fB\\-\\-db\\fR or "
                       "\\fB{}\\fR names another.\n",
                       cli::kDefaultDb, cli::kDbEnvironment);
    out += ".TP\n\\fIschedule.toml\\fR\nThe report schedule, beside the database unless \\fB\\-\\-schedule\\fR "
           "names another; an example is installed in \\fI/usr/share/doc/asemdb/examples\\fR.\n";
    out += ".TP\n\\fIasemdb\\-schedule.service\\fR, \\fIasemdb\\-schedule.timer\\fR\nsystemd units that run "
           "\\fBasemdb schedule run\\-due\\fR every minute.\n";
    out += ".SH EXIT STATUS\n";
    const std::pair<int, const char*> codes[] = {
        {kExitOk, "success"},
        {kExitCheckFailed, "an audit check failed, or a scheduled job's checks or email"},
        {kExitBadInput, "bad input: usage, an unknown report or parameter, a bad value, failing SQL, a missing "
                        "or unwritable path, a full disk; nothing was changed (a schedule run: the most severe "
                        "of its failed jobs)"},
        {kExitInternal, "internal error"},
        {kExitInterrupted, "stopped by SIGINT or SIGTERM (\\fBschedule serve\\fR: exit 0 after the current job); "
                           "an output not yet in place is removed, an earlier one is left as it was"}};
    for (const auto& [code, meaning] : codes) out += fmt::format(".TP\n\\fB{}\\fR\n{}\n", code, meaning);
    out += ".SH SEE ALSO\n\\fBsqlite3\\fR(1); the documentation in \\fI/usr/share/doc/asemdb\\fR.\n";
}

}  // namespace

std::string man_page(const CommandDoc& root) {
    std::string out = fmt::format(
        ".\\\" Generated from the asemdb command-line definitions; do not edit.\n"
        ".TH ASEMDB 1 \"\" \"asemdb {}\" \"User Commands\"\n"
        ".SH NAME\nasemdb \\- the ASEM migration dialogue database and its reports\n"
        ".SH SYNOPSIS\n\\fBasemdb\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n"
        ".br\n\\fBasemdb help\\fR [\\fICOMMAND\\fR...]\n"
        ".SH DESCRIPTION\n{}\n.PP\n"
        "The options of asemdb itself work before or after the command name. Every command takes "
        "\\fB\\-\\-help\\fR.\n",
        kVersion, roff(root.description));
    out += ".SH OPTIONS\n";
    write_options(out, root, nullptr);
    out += ".SH COMMANDS\n";
    for (const auto& command : root.subcommands) write_command(out, command, root);
    write_fixed_sections(out);
    return out;
}

}  // namespace asemdb::docgen
