// The server: cpp-httplib's, with the view's routes, the Host check, the
// limits on requests and the response headers every page carries.

#include "asemdb/web/web.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/text.hpp"
#include "web/html.hpp"
#include "web/page_run.hpp"
#include "web/pages.hpp"
#include "web/site.hpp"

#include <fmt/core.h>

#include <set>

#include <sys/socket.h>

namespace asemdb {
namespace {

using web::HttpError;
using web::Site;
using Page = void (*)(Site&, const httplib::Request&, httplib::Response&);

// cpp-httplib listens with a backlog of 5, fixed when the library was built: a
// burst of connections (a browser's, a team's) overflows it, and the kernel
// drops handshakes that clients then retry after seconds, or give up on. Linux
// takes a second listen() on a bound socket as a new backlog.
constexpr std::size_t kWorkers = 16;

class Listener final : public httplib::Server {
 public:
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

bool is_wildcard(const std::string& address) { return address == "0.0.0.0" || address == "::" || address == "[::]"; }

std::string url_host(const std::string& address) {
    if (is_wildcard(address)) return "127.0.0.1";
    return address.find(':') != std::string::npos && address.front() != '[' ? "[" + address + "]" : address;
}

}  // namespace

bool is_loopback_address(const std::string& address) {
    const std::string lower = ascii_lower(address);
    return lower == "localhost" || lower == "::1" || lower == "[::1]" || lower.rfind("127.", 0) == 0;
}

struct WebServer::Impl {
    explicit Impl(WebOptions options) : site(std::move(options)) {}
    Site site;
    Listener server;
    int port = 0;
    std::set<std::string> hosts;  ///< the Host headers answered, in lower case

    void route(const char* pattern, Page page, bool post = false) {
        const auto handler = [this, page](const httplib::Request& request, httplib::Response& response) {
            try {
                page(site, request, response);
            } catch (const HttpError& e) {
                web::send_error(response, e);
            } catch (const Error& e) {
                web::send_error(response, web::http_error(e));
            } catch (const std::exception& e) {
                site.log(fmt::format("{} {}: internal error: {}", request.method, printable_line(request.path), e.what()));
                web::send_error(response, {500, "internal error: " + printable_line(e.what()), ""});
            }
        };
        server.Get(pattern, handler);
        if (post) server.Post(pattern, handler);
    }

    bool host_allowed(const httplib::Request& request) const {
        return request.get_header_value_count("Host") == 1 && hosts.count(ascii_lower(request.get_header_value("Host")));
    }

    void allow_hosts() {
        std::vector<std::string> names = {"127.0.0.1", "localhost", "[::1]"};
        if (!is_wildcard(site.options().bind)) names.push_back(url_host(site.options().bind));
        for (const auto& name : site.options().host_names) names.push_back(url_host(name));
        for (const auto& name : names) {
            hosts.insert(ascii_lower(name) + ":" + std::to_string(port));
            if (port == 80) hosts.insert(ascii_lower(name));
        }
    }

    void set_up() {
        server.set_payload_max_length(web::kMaxBodyBytes);
        // A page's headers and body go out in two writes; without this the body
        // waits for the client's delayed acknowledgement (~40 ms) on a kept connection.
        server.set_tcp_nodelay(true);
        server.set_keep_alive_max_count(100);
        // A download holds its worker while it streams: enough workers that a few
        // long downloads leave pages answered.
        server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
        server.set_default_headers({
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Content-Security-Policy",
             "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"},
            {"Cache-Control", "no-store"},
        });
        server.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
            if (!host_allowed(request)) {
                // No page, no data: a plain refusal a rebinding page cannot use.
                response.status = 403;
                response.set_content("403 Forbidden: this view answers only requests addressed to it by its own "
                                     "name (see asemdb web --host)\n",
                                     "text/plain; charset=utf-8");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
                web::send_error(response, {405, "the view answers GET and POST only; it never changes the database", ""});
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty() || response.is_chunked_content_provider_ || response.content_length_ > 0) return;
            const int status = response.status;
            const std::string message =
                status == 404   ? fmt::format("no such page: {}", request.path)
                : status == 413 ? std::string("the request is larger than the view accepts")
                : status == 414 ? std::string("the address is longer than the view accepts (8 KiB)")
                                : fmt::format("the request could not be answered ({})", status);
            web::send_error(response, {status, printable_line(message), ""});
        });
        server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
            site.log(fmt::format("{} {} {}", request.method, printable_line(request.path), response.status));
        });

        route("/", &web::home_page);
        route("/reports", &web::reports_list);
        route(R"(/reports/([^/]+))", &web::report_route);
        route(R"(/query(?:\.([A-Za-z]+))?)", &web::query_route, true);
        route("/schema", &web::schema_page);
        route("/audit", &web::audit_page);
        route("/schedule", &web::schedule_page);
        server.Get("/assets/style.css", [](const httplib::Request&, httplib::Response& response) {
            const auto css = web::stylesheet();
            response.set_content(css.data(), css.size(), "text/css; charset=utf-8");
        });
    }
};

WebServer::WebServer(WebOptions options) {
    if (!is_loopback_address(options.bind) && !options.allow_remote)
        throw Error::usage(fmt::format("--bind {}: the view has no login, so it listens on the loopback only; add "
                                       "--allow-remote to listen on {} anyway",
                                       options.bind, options.bind));
    if (options.port < 0 || options.port > 65535)
        throw Error::usage(fmt::format("--port {}: expected a port from 0 to 65535", options.port));
    impl_ = std::make_unique<Impl>(std::move(options));
    impl_->set_up();
    const auto& bind = impl_->site.options().bind;
    const std::string address = bind.size() > 2 && bind.front() == '[' ? bind.substr(1, bind.size() - 2) : bind;
    if (impl_->site.options().port == 0) {
        impl_->port = impl_->server.bind_to_any_port(address);
        if (impl_->port < 0) impl_->port = 0;
    } else if (impl_->server.bind_to_port(address, impl_->site.options().port)) {
        impl_->port = impl_->site.options().port;
    }
    if (impl_->port == 0)
        throw Error::io(fmt::format("{}:{}", bind, impl_->site.options().port),
                        "cannot listen there (the port is in use, or the address is not this machine's)");
    impl_->server.widen_backlog();
    impl_->allow_hosts();
}

WebServer::~WebServer() = default;

int WebServer::port() const { return impl_->port; }

std::string WebServer::address() const {
    return fmt::format("http://{}:{}/", url_host(impl_->site.options().bind), impl_->port);
}

void WebServer::run() { impl_->server.listen_after_bind(); }

void WebServer::stop() {
    impl_->site.stop();
    impl_->server.stop();
}

}  // namespace asemdb
