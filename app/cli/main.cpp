// asemdb: the forum database and its reports, from the command line.
// main() parses the arguments, runs the chosen command, and decides the exit code:
// 0 ok, 1 a check failed, 2 bad input, 3 internal error.

#include "commands.hpp"

#include "asemdb/error.hpp"
#include "asemdb/version.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    using namespace asemdb;
    // Answered before the command line is built: scripts call it to probe the tool.
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << "asemdb " << kVersion << "\n";
        return kExitOk;
    }
    CLI::App app{"asemdb: a SQLite database of the ASEM Conference of the Directors General of Immigration "
                 "and Management of Migratory Flows, and reports from it."};
    app.set_version_flag("--version", std::string("asemdb ") + kVersion);

    cli::GlobalOptions global;
    global.add_to(app);
    const std::vector<cli::Command> commands{
        cli::setup_init(app, global),  cli::setup_info(app, global),  cli::setup_report(app, global),
        cli::setup_query(app, global), cli::setup_schema(app, global), cli::setup_audit(app, global),
        cli::setup_schedule(app, global)};

    try {
        app.parse(argc, argv);
        for (const auto& command : commands)
            if (command.app->parsed()) return command.run();
        std::cerr << "asemdb: no command given (see asemdb --help)\n";
        return kExitBadInput;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "asemdb: " << printable_line(e.what()) << " (see asemdb --help)\n";
        return kExitBadInput;
    } catch (const Error& e) {
        std::cerr << "asemdb: " << printable_line(e.what()) << "\n" << e.context();
        return exit_code(e.kind());
    } catch (const std::exception& e) {
        std::cerr << "asemdb: internal error: " << printable_line(e.what()) << "\n";
        return kExitInternal;
    }
}
