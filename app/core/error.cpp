#include "asemdb/error.hpp"

#include <cstring>

namespace asemdb {
namespace {

bool is_continuation(std::string_view text, std::size_t at) {
    return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence at `at` (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the bounds of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (at + 1 >= text.size()) return 0;
    const auto second = static_cast<unsigned char>(text[at + 1]);
    if (second < low || second > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (!is_continuation(text, at + i)) return 0;
    return length;
}

void append_part(std::string& text, const char* label, const std::string& value) {
    if (value.empty()) return;
    if (!text.empty()) text.append(": ");
    text.append(label).append(" '").append(value).append("'");
}

std::string describe(const Where& where) {
    std::string text = where.file;
    if (!text.empty() && where.line > 0) text.append(":").append(std::to_string(where.line));
    append_part(text, "report", where.report);
    append_part(text, "parameter", where.param);
    return text;
}

Where at(std::string file, int line) {
    Where where;
    where.file = std::move(file);
    where.line = line;
    return where;
}

std::string compose(const Where& where, const std::string& detail) {
    const std::string place = describe(where);
    return place.empty() ? detail : place + ": " + detail;
}

}  // namespace

Error::Error(ErrorKind kind, Where where, const std::string& detail)
    // Escaped here, so a NUL or a control character in a value can neither cut
    // the message short nor reach a terminal or a log raw.
    : std::runtime_error(printable_line(compose(where, detail))), kind_(kind), where_(std::move(where)), detail_(detail) {}

Error Error::usage(const std::string& detail) { return Error(ErrorKind::Usage, {}, detail); }

Error Error::io(const std::filesystem::path& file, const std::string& detail) {
    return Error(ErrorKind::Io, at(file.string(), 0), detail);
}

Error Error::sql(const std::string& file, int line, const std::string& detail) {
    return Error(ErrorKind::Sql, at(file, line), detail);
}

Error Error::definition(const std::filesystem::path& file, int line, const std::string& detail) {
    return Error(ErrorKind::Definition, at(file.string(), line), detail);
}

Error Error::parameter(const std::string& report, const std::string& param, const std::string& detail) {
    Where where;
    where.report = report;
    where.param = param;
    return Error(ErrorKind::Parameter, std::move(where), detail);
}

Error Error::write(const std::filesystem::path& destination, int system_error) {
    return Error(ErrorKind::Render, at(destination.string(), 0), std::string("cannot write: ") + std::strerror(system_error));
}

int exit_code(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::Usage:
        case ErrorKind::Definition:
        case ErrorKind::Parameter:
        case ErrorKind::Sql:
        case ErrorKind::Io:
        case ErrorKind::Render:
            return kExitBadInput;
    }
    return kExitInternal;
}

std::string printable_line(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_sequence(text, i);
        if (length > 0 && byte >= 0x20 && byte != 0x7F) {
            out.append(text.substr(i, length));
            i += length;
            continue;
        }
        if (byte == '\n') out += "\\n";
        else if (byte == '\t') out += "\\t";
        else out += std::string{'\\', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
        ++i;
    }
    return out;
}

}  // namespace asemdb
