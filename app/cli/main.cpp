// asemdb: the forum database and its reports, from the command line.
// main() parses the arguments, runs the chosen command, and decides the exit code:
// 0 ok, 1 a check failed, 2 bad input, 3 internal error.

#include "command_line.hpp"
#include "suggest.hpp"

#include "asemdb/error.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
    using namespace asemdb;
    // Answered before the command line is built: scripts call it to probe the tool.
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << cli::version_text() << "\n";
        return kExitOk;
    }
    cli::CommandLine command_line;
    CLI::App& app = command_line.app;

    try {
        app.parse(argc, argv);
        for (const auto& command : command_line.commands)
            if (command.app->parsed()) return command.run();
        std::cerr << "asemdb: no command given (see asemdb --help)\n";
        return kExitBadInput;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "asemdb: " << printable_line(cli::parse_error_message(app, e)) << "\n";
        return kExitBadInput;
    } catch (const Error& e) {
        std::cerr << "asemdb: " << printable_line(e.what()) << "\n" << e.context();
        return exit_code(e.kind());
    } catch (const std::exception& e) {
        std::cerr << "asemdb: internal error: " << printable_line(e.what()) << "\n";
        return kExitInternal;
    }
}
