#include "asemdb/base/error.hpp"

#include "base/utf8.hpp"

#include <cstring>

namespace asemdb {
namespace {

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
        const std::size_t length = detail::decode_utf8(text, i).length;
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
