// The parts of a message: its date, address lists and line ends, an
// attachment's type and size; and the test message that checks the settings.

#include "mail/mail.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <filesystem>

namespace asemdb::detail {
namespace fs = std::filesystem;

std::string content_type(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == ".csv") return "text/csv; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".md") return "text/markdown; charset=utf-8";
    if (ext == ".xml") return "application/xml";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// "\n" becomes "\r\n", as SMTP wants every line to end.
std::string crlf(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
        out += c;
    }
    return out;
}

std::string rfc5322_date(TimePoint now) { return date::format("%a, %d %b %Y %H:%M:%S +0000", now); }

std::string address_list(const std::vector<MailAddress>& list) {
    std::string out;
    for (const auto& a : list) out += (out.empty() ? "" : ", ") + header_address(a);
    return out;
}

// Base64 grows the bytes by a third, and its lines end in CRLF every 76 characters.
std::uint64_t encoded_size(std::uint64_t bytes) { return (bytes + 2) / 3 * 4 * 78 / 76 + 200; }

MailMessage compose_test(const SmtpSettings& smtp, const MailAddress& to, TimePoint now) {
    MailMessage message;
    message.headers = {"Date: " + rfc5322_date(now), "From: " + header_address(smtp.from),
                       "To: " + header_address(to), "Subject: asemdb test message",
                       "Message-ID: " + fmt::format("<test.{}@asemdb.{}>", date::format("%Y%m%dT%H%M%SZ", now),
                                                    smtp.from.address.substr(smtp.from.address.rfind('@') + 1)),
                       "Auto-Submitted: auto-generated"};
    message.recipients = {to.address};
    message.body = crlf(fmt::format("This message checks the [smtp] settings of asemdb's scheduled reports:\n"
                                    "server {}:{}, security {}, sender {}.\nIt arrived, so they work.\n",
                                    smtp.host, smtp.port, to_string(smtp.security), smtp.from.address));
    return message;
}

}  // namespace asemdb::detail
