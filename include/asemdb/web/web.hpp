#pragma once
// The local web view (`asemdb web`): every report as a form and a table, every
// format a download, ad hoc SQL, the schema, the audit and the schedule, read
// from the same database through the same engine and renderers as the command
// line. It never writes the database and serves no file from disk.
//
// Safe by default: it listens on the loopback, answers only requests whose Host
// header names an address it is reached by (so a web page elsewhere cannot read
// it through DNS rebinding), bounds the size of every request and the time of
// every page, and escapes every value it puts into HTML.

#include "asemdb/engine/report.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

struct SqlTree;

/// The port `asemdb web` listens on unless told otherwise.
inline constexpr int kDefaultWebPort = 8053;

struct WebOptions {
    std::filesystem::path database;
    const SqlTree* sql_tree = nullptr;  ///< the binary's SQL, for the audit; must outlive the server
    ReportCatalog catalog;
    /// The schedule file the Schedule page shows; unset: the page says there is none.
    std::optional<std::filesystem::path> schedule_file;
    std::string bind = "127.0.0.1";  ///< the address to listen on
    int port = kDefaultWebPort;      ///< 0: any free port (see WebServer::port)
    /// Names the view is reached by besides the loopback's (the Host header may
    /// carry them, with the port).
    std::vector<std::string> host_names;
    /// Listening on an address other than the loopback's is refused without it.
    bool allow_remote = false;
    /// The longest a page (its query, the audit) may run; a download is bounded
    /// by `download_timeout` and by its client, which must keep reading.
    std::chrono::milliseconds page_timeout{10'000};
    std::chrono::milliseconds download_timeout{600'000};
    /// Rows a page shows of each table.
    std::uint64_t page_rows = 100;
    /// Where each request is logged, one line each (errors included); null: nowhere.
    std::ostream* log = nullptr;
};

/// True for an address on the loopback: 127.0.0.0/8, ::1 or "localhost".
bool is_loopback_address(const std::string& address);

class WebServer {
 public:
    /// Checks `options` and binds the listening socket. Throws Error{Usage} for
    /// a non-loopback address without allow_remote, Error{Io} when the address
    /// cannot be bound (in use, not this machine's).
    explicit WebServer(WebOptions options);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    /// The port it listens on (the one chosen, for port 0).
    int port() const;
    /// "http://127.0.0.1:8053/": where a browser finds it.
    std::string address() const;
    /// Answers requests until stop(); returns when every request has ended.
    void run();
    /// Stops listening, cuts the downloads under way and ends run(). Safe from
    /// any thread, not from a signal handler. A call before run() has begun to
    /// listen cancels the runs but may leave run() to start: call it again
    /// until run() has returned.
    void stop();

 private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asemdb
