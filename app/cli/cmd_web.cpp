// asemdb web: the local web view (app/web/), in the foreground until SIGTERM or Ctrl-C.

#include "commands.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/store/schema.hpp"
#include "asemdb/web/web.hpp"

#include <fmt/core.h>
#include <malloc.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

namespace asemdb::cli {
namespace {

struct WebCliOptions {
    std::string bind = "127.0.0.1";
    int port = kDefaultWebPort;
    std::vector<std::string> hosts;
    bool allow_remote = false;
    std::string schedule;
    double timeout = 10;
    bool quiet = false;
};

std::optional<std::filesystem::path> schedule_file(const GlobalOptions& global, const WebCliOptions& options) {
    if (!options.schedule.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(options.schedule, ec))
            throw Error::io(options.schedule, "no such schedule file");
        return std::filesystem::path(options.schedule);
    }
    const auto beside = default_schedule_file(global.db());
    std::error_code ec;
    if (std::filesystem::is_regular_file(beside, ec)) return beside;
    return std::nullopt;
}

int run_web(const GlobalOptions& global, const WebCliOptions& options) {
    // A server runs for weeks on many threads: main() keeps freed memory for a
    // one-off export's speed, which here would hold each thread's arena at its
    // peak. Fewer arenas, trimmed sooner, keep its memory where its load is.
    mallopt(M_ARENA_MAX, 4);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    install_stop_handlers();
    {
        const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
        require_asemdb_database(conn, global.sql_tree());
    }
    WebOptions web;
    web.database = std::filesystem::absolute(global.db());
    web.sql_tree = &global.sql_tree();
    web.catalog = global.catalog();
    web.schedule_file = schedule_file(global, options);
    web.bind = options.bind;
    web.port = options.port;
    web.host_names = options.hosts;
    web.allow_remote = options.allow_remote;
    web.page_timeout = std::chrono::milliseconds(std::llround(options.timeout * 1000));
    web.log = options.quiet ? nullptr : &std::cerr;
    WebServer server(std::move(web));
    if (!is_loopback_address(options.bind))
        std::cerr << fmt::format("asemdb web: warning: listening on {}: the view has no login, and anyone who can reach "
                                 "this address can read the whole database\n",
                                 options.bind);
    fmt::print("asemdb web: serving {} at {} (stop with Ctrl-C)\n", global.db(), server.address());
    std::fflush(stdout);

    // A stop asked for before the server is listening would be lost on it: the
    // watcher asks again until run() has returned.
    std::atomic<bool> finished{false};
    std::thread watcher([&server, &finished] {
        pollfd wake{stop_wake_fd(), POLLIN, 0};
        while (!stop_requested() && !finished) ::poll(&wake, 1, 200);
        while (!finished) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    server.run();
    finished = true;
    watcher.join();
    fmt::print("stopped\n");
    return kExitOk;
}

}  // namespace

Command setup_web(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand("web", "Serve a local web view: reports as forms, tables, downloads, your SQL");
    auto options = std::make_shared<WebCliOptions>();
    cmd->add_option("--port", options->port, fmt::format("The port to listen on (default {}; 0: any free port)", kDefaultWebPort))
        ->check(CLI::Range(0, 65535));
    cmd->add_option("--bind", options->bind, "The address to listen on (default 127.0.0.1, the loopback)");
    cmd->add_flag("--allow-remote", options->allow_remote,
                  "Allow --bind to name an address other than the loopback's (the view has no login)");
    cmd->add_option("--host", options->hosts,
                    "A name the view is reached by besides 127.0.0.1 and localhost (repeatable); requests naming "
                    "any other host are refused");
    cmd->add_option("--schedule", options->schedule,
                    "The schedule file the Schedule page shows (default: schedule.toml beside the database, if any)");
    cmd->add_option("--timeout", options->timeout, "The longest a page's query or the audit may run, in seconds (default 10)")
        ->check(seconds_validator());
    cmd->add_flag("-q,--quiet", options->quiet, "No line per request on standard error");
    global.add_to(*cmd);
    global.add_reports_dir_to(*cmd);
    return {cmd, [&global, options] { return run_web(global, *options); }};
}

}  // namespace asemdb::cli
