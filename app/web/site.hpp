#pragma once
// What every page of the web view shares: the options it was started with, the
// runs under way (so that stopping the server cuts them), and the request's
// parameters read within the view's limits.

#include "asemdb/engine/params.hpp"
#include "asemdb/web/web.hpp"

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asemdb::web {

/// A request the view answers with a status other than 200 and a one-line
/// message (and the lines under it, such as SQL with a caret).
struct HttpError {
    HttpError(int status_, std::string message_, std::string context_ = {})
        : status(status_), message(std::move(message_)), context(std::move(context_)) {}
    int status = 400;
    std::string message;
    std::string context;
};

/// Limits on what a request may carry, beyond the library's own (a request
/// line and each header of at most 8 KiB, a form's body of at most 8 KiB;
/// kMaxBodyBytes bounds any other body, which no page reads).
inline constexpr std::size_t kMaxParams = 64;
inline constexpr std::size_t kMaxParamBytes = 4096;
inline constexpr std::size_t kMaxSqlBytes = 8192;
inline constexpr std::size_t kMaxBodyBytes = 65536;

class Site {
 public:
    explicit Site(WebOptions options) : options_(std::move(options)) {}
    const WebOptions& options() const { return options_; }

    /// A run's cancel flag: set by stop() while the run is registered, and when
    /// the client of the request it serves hangs up (a watch on its socket, for
    /// the runs that send nothing until they end: a page, a workbook, the audit).
    class Run {
     public:
        /// A run for `request` (null: no client to watch).
        Run(Site& site, const httplib::Request* request);
        ~Run();
        Run(const Run&) = delete;
        Run& operator=(const Run&) = delete;
        std::atomic<bool>& cancel() { return cancel_; }
        bool cancelled() const { return cancel_.load(); }
        /// True when the watch saw the client hang up.
        bool client_left() const { return client_left_.load(); }

     private:
        void watch_client(int client);

        Site& site_;
        std::atomic<bool> cancel_{false};
        std::atomic<bool> client_left_{false};
        int wake_[2] = {-1, -1};
        std::thread watch_;
    };
    /// Cancels every run under way and every one started later.
    void stop();
    bool stopping() const { return stopping_.load(); }
    void log(const std::string& line) const;

 private:
    WebOptions options_;
    std::atomic<bool> stopping_{false};
    std::mutex runs_mutex_;
    std::set<std::atomic<bool>*> runs_;
    mutable std::mutex log_mutex_;
};

/// The request's parameters other than `reserved`, by name; an empty value is
/// no value (a form sends its empty fields). Throws HttpError 413 for more or
/// longer parameters than the limits allow, 400 for a name given twice.
ParamMap given_params(const httplib::Request& request, std::initializer_list<std::string_view> reserved);
/// The first value of `name`, or "" (at most `max_bytes`, else HttpError 413).
std::string request_value(const httplib::Request& request, const std::string& name,
                          std::size_t max_bytes = kMaxParamBytes);
/// The socket of the connection `request` came on (found by its peer's
/// address and port, which the library gives where it gives no socket); -1
/// when none is found.
int client_socket(const httplib::Request& request);

/// "?a=1&b=2" from `params` (values percent-encoded); "" for none.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);
/// `text` percent-encoded for a URL's query or path segment.
std::string url_encode(std::string_view text);

}  // namespace asemdb::web
