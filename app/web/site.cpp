#include "web/site.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <unistd.h>
#include <ostream>

namespace asemdb::web {

int client_socket(const httplib::Request& request) {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return -1;
    int found = -1;
    while (const dirent* entry = ::readdir(dir)) {
        const int fd = std::atoi(entry->d_name);
        if (fd <= 2 || fd == ::dirfd(dir)) continue;
        sockaddr_storage peer{};
        socklen_t length = sizeof(peer);
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) continue;
        char host[INET6_ADDRSTRLEN] = {};
        int port = -1;
        if (peer.ss_family == AF_INET) {
            const auto* in = reinterpret_cast<const sockaddr_in*>(&peer);
            ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
            port = ntohs(in->sin_port);
        } else if (peer.ss_family == AF_INET6) {
            const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&peer);
            ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
            port = ntohs(in6->sin6_port);
        }
        if (port == request.remote_port && request.remote_addr == host) {
            found = fd;
            break;
        }
    }
    ::closedir(dir);
    return found;
}

Site::Run::Run(Site& site, const httplib::Request* request) : site_(site) {
    {
        std::lock_guard lock(site_.runs_mutex_);
        if (site_.stopping_) cancel_ = true;
        site_.runs_.insert(&cancel_);
    }
    const int client = request ? client_socket(*request) : -1;
    if (client >= 0 && ::pipe2(wake_, O_CLOEXEC) == 0) watch_ = std::thread([this, client] { watch_client(client); });
}

Site::Run::~Run() {
    if (watch_.joinable()) {
        const char byte = 1;
        [[maybe_unused]] const auto ignored = ::write(wake_[1], &byte, 1);
        watch_.join();
    }
    for (const int fd : wake_)
        if (fd >= 0) ::close(fd);
    std::lock_guard lock(site_.runs_mutex_);
    site_.runs_.erase(&cancel_);
}

// Waits for the run to end or the client to hang up (its end of the connection
// closed: POLLRDHUP). Data it sends meanwhile (a next request) is no hang-up.
void Site::Run::watch_client(int client) {
    pollfd fds[2] = {{client, POLLRDHUP, 0}, {wake_[0], POLLIN, 0}};
    while (::poll(fds, 2, -1) < 0 && errno == EINTR) {
    }
    if (fds[1].revents == 0 && (fds[0].revents & (POLLRDHUP | POLLHUP | POLLERR))) {
        client_left_ = true;
        cancel_ = true;
    }
}

void Site::stop() {
    std::lock_guard lock(runs_mutex_);
    stopping_ = true;
    for (auto* cancel : runs_) *cancel = true;
}

void Site::log(const std::string& line) const {
    if (!options_.log) return;
    std::lock_guard lock(log_mutex_);
    *options_.log << line << '\n' << std::flush;
}

namespace {

void check_size(const std::string& name, const std::string& value, std::size_t max_bytes) {
    if (value.size() > max_bytes)
        throw HttpError{413, fmt::format("parameter '{}' is {} bytes long; at most {} are accepted", name, value.size(),
                                         max_bytes)};
}

}  // namespace

ParamMap given_params(const httplib::Request& request, std::initializer_list<std::string_view> reserved) {
    if (request.params.size() > kMaxParams)
        throw HttpError{413, fmt::format("the request has {} parameters; at most {} are accepted", request.params.size(),
                                         kMaxParams)};
    ParamMap given;
    for (const auto& [name, value] : request.params) {
        check_size(name, name, kMaxParamBytes);
        if (std::find(reserved.begin(), reserved.end(), name) != reserved.end()) continue;
        check_size(name, value, kMaxParamBytes);
        if (value.empty()) continue;
        if (!given.emplace(name, value).second)
            throw HttpError{400, fmt::format("parameter '{}' is given twice", name)};
    }
    return given;
}

std::string request_value(const httplib::Request& request, const std::string& name, std::size_t max_bytes) {
    std::string value = request.get_param_value(name);
    check_size(name, value, max_bytes);
    return value;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    for (const auto& [name, value] : params) out += (out.empty() ? "?" : "&") + url_encode(name) + "=" + url_encode(value);
    return out;
}

}  // namespace asemdb::web
