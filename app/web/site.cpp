#include "web/site.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <ostream>

namespace asemdb::web {

Site::Run::Run(Site& site) : site_(site) {
    std::lock_guard lock(site_.runs_mutex_);
    if (site_.stopping_) cancel_ = true;
    site_.runs_.insert(&cancel_);
}

Site::Run::~Run() {
    std::lock_guard lock(site_.runs_mutex_);
    site_.runs_.erase(&cancel_);
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
