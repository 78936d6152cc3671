#include "asemdb/error.hpp"

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
    : std::runtime_error(compose(where, detail)), kind_(kind), where_(std::move(where)), detail_(detail) {}

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

}  // namespace asemdb
