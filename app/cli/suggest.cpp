#include "suggest.hpp"

#include "command_line.hpp"

#include "asemdb/base/text.hpp"

namespace asemdb::cli {
namespace {

std::vector<std::string> names_of(const std::vector<const CLI::App*>& commands) {
    std::vector<std::string> names;
    for (const auto* command : commands) names.push_back(command->get_name());
    return names;
}

std::string unknown_option_message(const CLI::App& app, const std::string& word) {
    const std::string typed = word.substr(0, word.find('='));
    std::vector<std::string> long_names;
    for (const auto* option : named_options(app))
        for (const auto& name : option->get_lnames()) long_names.push_back(name);
    std::string message = "unknown option '" + typed + "' for '" + command_path(app) + "'";
    const auto dashes = typed.find_first_not_of('-');
    const std::string bare = dashes == std::string::npos ? std::string() : typed.substr(dashes);
    // A long name is suggested for "-formt" too: a single dash is a common slip.
    if (bare.size() > 1) {
        if (auto name = closest_name(bare, long_names)) return message + "; did you mean '--" + *name + "'?";
    }
    return message + " (see " + command_path(app) + " --help)";
}

const CLI::App& deepest_parsed(const CLI::App& root) {
    const CLI::App* app = &root;
    while (!app->get_subcommands().empty()) app = app->get_subcommands().front();
    return *app;
}

// The first word nobody expected, and the command it followed.
std::optional<std::pair<const CLI::App*, std::string>> first_unexpected(const CLI::App& root) {
    for (const CLI::App* app = &root; app;) {
        const auto words = app->remaining();
        if (!words.empty()) return std::make_pair(app, words.front());
        const auto parsed = app->get_subcommands();
        app = parsed.empty() ? nullptr : parsed.front();
    }
    return std::nullopt;
}

}  // namespace

std::string unknown_command_message(const CLI::App& parent, const std::string& typed) {
    const auto names = names_of(visible_subcommands(parent));
    const std::string prefix = parent.get_parent() ? command_path(parent).substr(std::string(kProgram).size() + 1) + " "
                                                   : std::string();
    std::string message = "unknown command '" + prefix + typed + "'";
    if (names.empty()) return message + ": '" + command_path(parent) + "' has no subcommands";
    if (auto name = closest_name(typed, names)) return message + "; did you mean '" + prefix + *name + "'?";
    std::string all;
    for (const auto& name : names) all += (all.empty() ? "" : ", ") + name;
    return message + "; the commands" + (prefix.empty() ? "" : " of '" + command_path(parent) + "'") + " are " + all;
}

std::string parse_error_message(const CLI::App& root, const CLI::ParseError& error) {
    // A mistyped word is the likelier cause even when CLI11 first noticed
    // something else ("A subcommand is required" after "report rn").
    if (const auto unexpected = first_unexpected(root)) {
        const auto& [app, word] = *unexpected;
        if (word.size() > 1 && word.front() == '-') return unknown_option_message(*app, word);
        if (!visible_subcommands(*app).empty()) return unknown_command_message(*app, word);
    }
    return std::string(error.what()) + " (see " + command_path(deepest_parsed(root)) + " --help)";
}

}  // namespace asemdb::cli
