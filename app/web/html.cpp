#include "web/html.hpp"

#include "base/utf8.hpp"
#include "web/web_assets.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace asemdb::web {
namespace mustache = kainjow::mustache;

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t at = 0; at < text.size();) {
        const char c = text[at];
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '&': out += "&amp;"; ++at; continue;
            case '<': out += "&lt;"; ++at; continue;
            case '>': out += "&gt;"; ++at; continue;
            case '"': out += "&quot;"; ++at; continue;
            case '\'': out += "&#39;"; ++at; continue;
            case '\t':
            case '\n': out += c; ++at; continue;
            default: break;
        }
        if (byte < 0x20 || byte == 0x7F) {
            out += fmt::format("\\x{:02X}", byte);
            ++at;
            continue;
        }
        if (byte < 0x80) {
            out += c;
            ++at;
            continue;
        }
        const auto decoded = detail::decode_utf8(text, at);
        if (decoded.length == 0) {
            out += fmt::format("\\x{:02X}", byte);
            ++at;
            continue;
        }
        out.append(text.substr(at, decoded.length));
        at += decoded.length;
    }
    return out;
}

namespace {

std::string_view asset(const std::string& name) {
    const std::string path = "app/web/pages/" + name;
    for (const auto& file : detail::web_assets())
        if (file.path == path) return file.content;
    throw std::logic_error("no embedded page " + path);
}

std::string fill(const std::string& name, const Data& data) {
    mustache::mustache tmpl{std::string(asset(name))};
    if (!tmpl.is_valid()) throw std::logic_error(name + ": " + tmpl.error_message());
    tmpl.set_custom_escape([](const std::string& text) { return html_escape(text); });
    return tmpl.render(data);
}

const char* status_title(int status) {
    switch (status) {
        case 400: return "Bad request";
        case 403: return "Forbidden";
        case 404: return "Not found";
        case 405: return "Method not allowed";
        case 413: return "Request too large";
        case 503: return "Unavailable";
        default: return status >= 500 ? "Server error" : "Error";
    }
}

}  // namespace

std::string render_part(const std::string& name, const Data& data) { return fill(name + ".mustache", data); }

std::string render_page(const std::string& page, const std::string& title, const std::string& section, Data data) {
    Data layout{Data::type::object};
    layout.set("title", title);
    layout.set("body", fill(page + ".mustache", data));
    for (const char* name : {"home", "reports", "query", "schema", "audit", "schedule"})
        layout.set(std::string("is_") + name, Data(section == name));
    return fill("layout.mustache", layout);
}

void send_html(httplib::Response& response, int status, const std::string& html) {
    response.status = status;
    response.set_content(html, "text/html; charset=utf-8");
}

void send_error(httplib::Response& response, const HttpError& error) {
    Data data{Data::type::object};
    data.set("status", std::to_string(error.status));
    data.set("message", error.message);
    if (!error.context.empty()) data.set("context", error.context);
    send_html(response, error.status, render_page("error", status_title(error.status), "", data));
}

std::string_view stylesheet() { return asset("style.css"); }

Data text_or_false(const std::string& text) { return text.empty() ? Data(false) : Data(text); }

Data list_of(const std::vector<Data>& items) {
    Data list{Data::type::list};
    for (const auto& item : items) list.push_back(item);
    return list;
}

}  // namespace asemdb::web
