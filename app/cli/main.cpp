// asemdb: the forum database and its reports, from the command line.
// main() parses the arguments, runs the chosen command, and decides the exit code:
// 0 ok, 1 a check failed, 2 bad input, 3 internal error, 130 stopped by
// SIGINT or SIGTERM (asemdb/base/interrupt.hpp).

#include "command_line.hpp"
#include "suggest.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/interrupt.hpp"
#include "asemdb/base/output.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <malloc.h>
#include <string_view>
#include <system_error>

namespace {

// The command as typed, down to its last subcommand: "asemdb schedule serve".
std::string typed_command(const CLI::App& command) {
    for (const CLI::App* sub : command.get_subcommands())
        if (sub->parsed()) return typed_command(*sub);
    return asemdb::cli::command_path(command);
}

// `schedule serve` and `web` stay in the foreground for days and stop on SIGINT
// and SIGTERM by themselves (between jobs; once the requests under way are cut),
// saying "stopped" (stop_signals.hpp). Every other command is stopped at once,
// wherever it is (interrupt.hpp).
bool stops_on_its_own(const CLI::App& command) {
    const std::string typed = typed_command(command);
    return typed == "asemdb schedule serve" || typed == "asemdb web";
}

int internal_error(const std::exception& e) {
    std::cerr << "asemdb: internal error: " << asemdb::printable_line(e.what()) << "\n";
    return asemdb::kExitInternal;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace asemdb;
    // First: a signal then waits until the command is known (see below), so that
    // one sent at any moment gets the same answer.
    hold_stop_signals();
    // A file-size limit is then a failed write with its reason (File too large),
    // which the output layer reports, rather than a silent kill with a partial file.
    std::signal(SIGXFSZ, SIG_IGN);
    // An export allocates and frees small blocks at a high rate on its render
    // thread; with glibc's defaults that thread's heap is trimmed and regrown
    // all the time (hundreds of mprotect calls per 100,000 rows, each a TLB
    // shootdown across cores). Growing in larger steps and trimming only large
    // excesses costs a few megabytes of address space and saves ~5 % of the
    // export's time (docs/performance.md). The render thread keeps an arena of
    // its own: sharing one with the reading threads saves instructions but
    // costs more in lock traffic between the cores.
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    // Answered before the command line is built: scripts call it to probe the tool.
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::cout << cli::version_text() << "\n";
        return kExitOk;
    }
    cli::CommandLine command_line;
    CLI::App& app = command_line.app;

    try {
        app.parse(argc, argv);
        for (const auto& command : command_line.commands) {
            if (!command.app->parsed()) continue;
            if (stops_on_its_own(*command.app)) release_stop_signals();
            else stop_on_signals();
            const int code = command.run();
            finish_standard_output();
            return code;
        }
        std::cerr << "asemdb: no command given (see asemdb --help)\n";
        return kExitBadInput;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "asemdb: " << printable_line(cli::parse_error_message(app, e)) << "\n";
        return kExitBadInput;
    } catch (const std::system_error& e) {
        // fmt::print throws when a write to standard output fails.
        if (!std::ferror(stdout)) return internal_error(e);
        std::cerr << "asemdb: " << printable_line(Error::write("standard output", e.code().value()).what()) << "\n";
        return kExitBadInput;
    } catch (const Error& e) {
        std::cerr << "asemdb: " << printable_line(e.what()) << "\n";
        std::string_view context = e.context();
        for (std::size_t end; !context.empty(); context.remove_prefix(end + 1)) {
            end = std::min(context.find('\n'), context.size() - 1);
            std::cerr << printable_line(context.substr(0, context[end] == '\n' ? end : end + 1)) << "\n";
        }
        return exit_code(e.kind());
    } catch (const std::exception& e) {
        return internal_error(e);
    }
}
