// The audit's custom checks: a header of "-- key: value" comments (title,
// severity) and one read-only query whose rows are the offenders.

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/text.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "audit/audit_support.hpp"
#include "store/directory_listing.hpp"
#include "engine/read_only_statement.hpp"
#include "store/sql_script.hpp"
#include "store/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

namespace asemdb::detail {
namespace fs = std::filesystem;
namespace {

// "-- key: value" with a key the header knows; nullopt for any other comment.
std::optional<std::pair<std::string, std::string>> header_field(const std::string& line) {
    std::size_t at = line.find_first_not_of(" \t", 2);
    const std::size_t colon = line.find(':', at == std::string::npos ? line.size() : at);
    if (at == std::string::npos || colon == std::string::npos) return std::nullopt;
    const std::string key = ascii_lower(line.substr(at, colon - at));
    if (key != "title" && key != "severity") return std::nullopt;
    const std::size_t value = line.find_first_not_of(" \t", colon + 1);
    const std::size_t end = line.find_last_not_of(" \t\r");
    return std::pair{key, value == std::string::npos ? "" : line.substr(value, end + 1 - value)};
}

void apply_field(CustomCheck& check, const std::pair<std::string, std::string>& field, bool& has_severity, int line) {
    const auto& [key, value] = field;
    const bool seen = key == "title" ? !check.title.empty() : has_severity;
    if (seen) throw Error::definition(check.origin, line, "'-- " + key + ":' is given twice");
    if (value.empty()) throw Error::definition(check.origin, line, "'-- " + key + ":' has no value");
    if (key == "title") {
        check.title = value;
        return;
    }
    if (value != "error" && value != "warning")
        throw Error::definition(check.origin, line, "severity must be 'error' or 'warning', got '" + value + "'");
    check.offence = value == "error" ? CheckStatus::Fail : CheckStatus::Warn;
    has_severity = true;
}

CustomCheck parse_check(const std::string& stem, const std::string& origin, const std::string& text) {
    CustomCheck check{"custom." + stem, origin, {}, CheckStatus::Fail, {}};
    bool has_severity = false;
    std::istringstream in(text);
    std::string line;
    // The header is the comment block before the first SQL line.
    for (int number = 1; std::getline(in, line); ++number) {
        const std::size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos) continue;
        if (line.compare(start, 2, "--") != 0) break;
        if (const auto field = header_field(line.substr(start))) apply_field(check, *field, has_severity, number);
    }
    if (check.title.empty()) throw Error::definition(origin, 1, "check header lacks a '-- title: ...' line");
    if (!has_severity)
        throw Error::definition(origin, 1, "check header lacks a '-- severity: error' (or warning) line");
    const auto statements = split_sql(text);
    if (statements.empty())
        throw Error::definition(origin, 1, "no query after the header; a check is one query returning offending rows");
    if (statements.size() > 1)
        throw Error::definition(origin, statements[1].line, "a check holds one query; a second statement starts here");
    check.query = statements.front();
    return check;
}

// Shipped checks first, in name order; a user's check of the same name replaces one.
}  // namespace

std::vector<CustomCheck> load_checks(const SqlTree& tree, const std::optional<fs::path>& dir) {
    std::map<std::string, CustomCheck> by_name;
    for (const auto& script : tree.checks) {
        const std::string stem = fs::path(script.name).stem().string();
        by_name.insert_or_assign(stem, parse_check(stem, script.origin, script.text));
    }
    if (dir)
        for (const auto& file : detail::files_in_directory(*dir, "checks directory", {".sql"}))
            by_name.insert_or_assign(file.stem().string(), parse_check(file.stem().string(), file.string(), read_text(file)));
    std::vector<CustomCheck> out;
    for (auto& [name, check] : by_name) out.push_back(std::move(check));
    return out;
}

namespace {

std::string sqlite_message(sqlite3* db) {
    return fmt::format("{} (SQLite error {})", sqlite3_errmsg(db), sqlite3_extended_errcode(db));
}

// SQLite gives no offset for some errors ("no such table: nowhere"): then the
// first appearance of the name the message ends with is the best guess.
Error check_error(const Connection& conn, const CustomCheck& check, const std::string& detail) {
    sqlite3* db = conn.db().getHandle();
    const std::string& sql = check.query.text;
    std::size_t at = sql.size();
    if (const int offset = sqlite3_error_offset(db); offset >= 0) at = static_cast<std::size_t>(offset);
    else if (const std::string message = sqlite3_errmsg(db); message.rfind(": ") != std::string::npos)
        at = std::min(sql.size(), sql.find(message.substr(message.rfind(": ") + 2)));
    const int line = at < sql.size() ? detail::line_at(sql, at, check.query.line) : check.query.line;
    return Error::sql(check.origin, line, detail);
}

// SQLite's C API: SQLiteCpp tells no parameter's name.
StatementPtr prepare_check(const Connection& conn, const CustomCheck& check) {
    using Problem = detail::ReadOnlyStatement::Problem;
    auto prepared = detail::prepare_read_only(conn, check.query.text);
    if (prepared.problem == Problem::Sql) throw check_error(conn, check, sqlite_message(conn.db().getHandle()));
    if (prepared.problem == Problem::Refused)
        throw check_error(conn, check, "a check must only read: refused " + prepared.detail);
    if (prepared.problem != Problem::None)
        throw Error::definition(check.origin, check.query.line, "a check must be one query that only reads");
    sqlite3_stmt* raw = prepared.stmt.get();
    for (int i = 1; i <= sqlite3_bind_parameter_count(raw); ++i)
        if (const char* name = sqlite3_bind_parameter_name(raw, i); !name || std::string_view(name) != ":as_of")
            throw Error::definition(check.origin, check.query.line,
                                    fmt::format("parameter '{}': a check may use only :as_of", name ? name : "?"));
    return std::move(prepared.stmt);
}

std::vector<std::string> row_strings(sqlite3_stmt* stmt) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        row.emplace_back(text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))) : "NULL");
    }
    return row;
}

}  // namespace

CheckResult run_check(const Connection& conn, const CustomCheck& check, const std::string& as_of) {
    CheckResult result = make_result(check.id, "custom", check.title);
    const auto stmt = prepare_check(conn, check);
    if (const int index = sqlite3_bind_parameter_index(stmt.get(), ":as_of"))
        sqlite3_bind_text(stmt.get(), index, as_of.c_str(), -1, SQLITE_TRANSIENT);
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) result.columns.emplace_back(sqlite3_column_name(stmt.get(), i));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        if (result.rows.size() < kMaxOffendingRows) result.rows.push_back(row_strings(stmt.get()));
        ++result.offending;
    }
    if (rc != SQLITE_DONE) throw check_error(conn, check, sqlite_message(conn.db().getHandle()));
    result.status = result.offending ? check.offence : CheckStatus::Pass;
    result.detail = result.offending == 0 ? "no offending rows" : plural(result.offending, "offending row");
    if (result.offending > result.rows.size()) result.detail += fmt::format(" (the first {} kept)", result.rows.size());
    result.figures = {{"offending", static_cast<std::int64_t>(result.offending)}};
    return result;
}

}  // namespace asemdb::detail
