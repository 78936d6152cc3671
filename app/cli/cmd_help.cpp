// asemdb help [COMMAND...]: the same text as asemdb COMMAND... --help.

#include "command_line.hpp"
#include "suggest.hpp"

#include <iostream>
#include <memory>

namespace asemdb::cli {
namespace {

const CLI::App& find_command(const CLI::App& root, const std::vector<std::string>& words) {
    const CLI::App* app = &root;
    for (const auto& word : words) {
        const CLI::App* next = nullptr;
        for (const auto* sub : visible_subcommands(*app))
            if (sub->get_name() == word) next = sub;
        if (!next) throw Error::usage(unknown_command_message(*app, word));
        app = next;
    }
    return *app;
}

}  // namespace

Command setup_help(CLI::App& app) {
    auto* cmd = app.add_subcommand("help", "Show the help of asemdb or of a command (asemdb help report run)");
    auto words = std::make_shared<std::vector<std::string>>();
    cmd->add_option("command", *words, "The command, and its subcommand if it has some");
    return {cmd, [&app, words] {
                const CLI::App& command = find_command(app, *words);
                // What --help prints: App::help() would show the help of `help`, the command parsed.
                std::cout << command.get_formatter()->make_help(&command, command_path(command),
                                                                CLI::AppFormatMode::Normal);
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
