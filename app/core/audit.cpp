// The audit's checks. Declared counts are evaluated twice (on the date each
// holds and on the audit's date) so that a contradiction is told from drift;
// integrity and row counts come from SQLite; custom checks are parsed from their
// header and run as one read-only query each.

#include "asemdb/audit.hpp"

#include "asemdb/connection.hpp"
#include "asemdb/engine.hpp"
#include "asemdb/error.hpp"
#include "asemdb/output.hpp"
#include "asemdb/params.hpp"
#include "sql_script.hpp"
#include "statement.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

// Drift reasons list this many dated changes, and this many names per change.
constexpr std::size_t kMaxReasons = 5;
constexpr std::size_t kMaxNames = 4;

std::string sqlite_message(const SQLite::Exception& e) {
    return fmt::format("{} (SQLite error {})", e.what(), e.getExtendedErrorCode());
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) throw Error::io(file, "cannot read file");
    return text.str();
}

CheckResult make_result(std::string id, std::string category, std::string title) {
    CheckResult result;
    result.id = std::move(id);
    result.category = std::move(category);
    result.title = std::move(title);
    return result;
}

std::string plural(std::uint64_t n, const char* noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

// Keeps the first kMaxOffendingRows rows and counts them all.
void offend(CheckResult& result, std::vector<std::string> row) {
    if (result.rows.size() < kMaxOffendingRows) result.rows.push_back(std::move(row));
    ++result.offending;
}

std::vector<std::string> row_strings(SQLite::Statement& stmt) {
    std::vector<std::string> row;
    for (int i = 0; i < stmt.getColumnCount(); ++i)
        row.push_back(stmt.getColumn(i).isNull() ? "NULL" : stmt.getColumn(i).getString());
    return row;
}

// The schema's own test for a date: date() normalises 2024-02-30 to another day.
void require_date(SQLite::Database& db, const std::string& text) {
    SQLite::Statement query(db, "SELECT ?1 IS date(?1, '+0 days')");
    query.bind(1, text);
    if (!query.executeStep() || query.getColumn(0).getInt() == 0)
        throw Error::usage("audit date: expected a date YYYY-MM-DD or 'today', got '" + text + "'");
}

// ---- custom checks --------------------------------------------------------

struct CustomCheck {
    std::string id;
    std::string origin;
    std::string title;
    CheckStatus offence = CheckStatus::Fail;
    detail::SqlStatement query;
};

// "-- key: value" with a key the header knows; nullopt for any other comment.
std::optional<std::pair<std::string, std::string>> header_field(const std::string& line) {
    std::size_t at = line.find_first_not_of(" \t", 2);
    const std::size_t colon = line.find(':', at == std::string::npos ? line.size() : at);
    if (at == std::string::npos || colon == std::string::npos) return std::nullopt;
    std::string key = line.substr(at, colon - at);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
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
    const auto statements = detail::split_sql(text);
    if (statements.empty())
        throw Error::definition(origin, 1, "no query after the header; a check is one query returning offending rows");
    if (statements.size() > 1)
        throw Error::definition(origin, statements[1].line, "a check holds one query; a second statement starts here");
    check.query = statements.front();
    return check;
}

std::vector<fs::path> check_files(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error::io(dir, fs::exists(dir, ec) ? "not a directory of checks" : "checks directory does not exist");
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".sql" && it->is_regular_file(ec)) files.push_back(it->path());
    if (ec) throw Error::io(dir, "cannot list the checks directory: " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

// Shipped checks first, in name order; a user's check of the same name replaces one.
std::vector<CustomCheck> load_checks(const SqlTree& tree, const std::optional<fs::path>& dir) {
    std::map<std::string, CustomCheck> by_name;
    for (const auto& script : tree.checks) {
        const std::string stem = fs::path(script.name).stem().string();
        by_name.insert_or_assign(stem, parse_check(stem, script.origin, script.text));
    }
    if (dir)
        for (const auto& file : check_files(*dir))
            by_name.insert_or_assign(file.stem().string(), parse_check(file.stem().string(), file.string(), read_text(file)));
    std::vector<CustomCheck> out;
    for (auto& [name, check] : by_name) out.push_back(std::move(check));
    return out;
}

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

// SQLite's C API: SQLiteCpp tells neither whether a statement only reads nor its parameters' names.
detail::StatementPtr prepare_check(const Connection& conn, const CustomCheck& check) {
    sqlite3* db = conn.db().getHandle();
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, check.query.text.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        const std::string refused = conn.take_refusal();
        throw check_error(conn, check, refused.empty() ? sqlite_message(db) : "a check must only read: refused " + refused);
    }
    detail::StatementPtr stmt(raw);
    for (int i = 1; i <= sqlite3_bind_parameter_count(raw); ++i)
        if (const char* name = sqlite3_bind_parameter_name(raw, i); !name || std::string_view(name) != ":as_of")
            throw Error::definition(check.origin, check.query.line,
                                    fmt::format("parameter '{}': a check may use only :as_of", name ? name : "?"));
    if (!stmt || !sqlite3_stmt_readonly(raw))
        throw Error::definition(check.origin, check.query.line, "a check must be one query that only reads");
    return stmt;
}

std::vector<std::string> row_strings(sqlite3_stmt* stmt) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        row.emplace_back(text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))) : "NULL");
    }
    return row;
}

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

// ---- declared counts ------------------------------------------------------

// `sql` with `table` shadowed by a common table expression of the same name that
// leaves out the row bound to :audit_without: the query as if that row did not exist.
std::string shadowed(const std::string& sql, const std::string& table) {
    const std::string cte = fmt::format("{0} AS (SELECT * FROM main.{0} WHERE rowid <> :audit_without)", table);
    static const std::regex kWith(R"(^\s*WITH(\s+RECURSIVE)?\s+)", std::regex::icase);
    std::smatch with;
    if (std::regex_search(sql, with, kWith)) return with.str(0) + cte + ", " + with.suffix().str();
    return "WITH " + cte + " " + sql;
}

// A declaration's count query, bound to a date per call; with `without`, that
// table's row bound per call is left out.
class CountQuery {
 public:
    CountQuery(SQLite::Database& db, const std::string& sql, const std::string& without = {})
        : stmt_(db, without.empty() ? sql : shadowed(sql, without)),
          dated_(stmt_.getIndex(":as_of") != 0),
          shadow_(!without.empty()) {
        if (stmt_.getBindParameterCount() != static_cast<int>(dated_) + static_cast<int>(shadow_))
            throw std::runtime_error("the count query uses a parameter other than :as_of");
    }
    std::int64_t at(const std::string& date, std::int64_t without_rowid = 0) {
        stmt_.reset();
        if (dated_) stmt_.bind(":as_of", date);
        if (shadow_) stmt_.bind(":audit_without", without_rowid);
        if (!stmt_.executeStep()) throw std::runtime_error("the count query returns no row");
        return stmt_.getColumn(0).getInt64();
    }

 private:
    SQLite::Statement stmt_;
    bool dated_;
    bool shadow_;
};

struct Declaration {
    std::string key, label, statement, holds_on, basis, query, source;
    std::int64_t declared = 0;
    std::int64_t then = 0;  // the data's count on holds_on
    std::int64_t now = 0;   // ... and on the audit's date
    std::string error;      // why the count query could not run
    bool holds() const { return error.empty() && then == declared; }
};

struct Caveat {
    std::string topic, source_says, finding;
};

std::vector<Declaration> read_declarations(const Connection& conn, const std::string& as_of) {
    std::vector<Declaration> out;
    SQLite::Statement query(conn.db(), "SELECT count_key, label, statement, holds_on, holds_on_basis, actual_query, source_key, "
                                       "declared_value FROM declared_count ORDER BY rowid");
    while (query.executeStep()) {
        Declaration d{query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                      query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getString(),
                      query.getColumn(6).getString(), query.getColumn(7).getInt64(), 0, 0, {}};
        try {
            CountQuery count(conn.db(), d.query);
            d.then = count.at(d.holds_on);
            d.now = count.at(as_of);
        } catch (const std::exception& e) {
            d.error = e.what();
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<Caveat> read_caveats(const Connection& conn) {
    std::vector<Caveat> out;
    SQLite::Statement query(conn.db(), "SELECT topic, source_says, finding FROM source_caveat ORDER BY caveat_id");
    while (query.executeStep())
        out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
    return out;
}

// A membership change the data dates: a bloc period's start or end, a member's joining year.
struct DatedEvent {
    std::string what, what_many, who, table;  // "left the EU on 2020-01-31", ..., "United Kingdom", "bloc_membership"
    std::int64_t rowid = 0;
};

// The events that first show on `day`.
struct DatedChange {
    std::string day, day_before;
    std::vector<DatedEvent> events;
};

constexpr const char* kDatedEvents = R"(
SELECT day, date(day, '-1 day'), what, what_many, who, tbl, rid FROM (
  SELECT date(b.end_date, '+1 day') AS day, 'left the ' || b.bloc_key || ' on ' || b.end_date AS what,
         'left the ' || b.bloc_key || ' on ' || b.end_date AS what_many,
         coalesce(c.name, 'country ' || b.country_id) AS who, 'bloc_membership' AS tbl, b.rowid AS rid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id WHERE b.end_date IS NOT NULL
  UNION ALL
  SELECT b.start_date, 'joined the ' || b.bloc_key || ' on ' || b.start_date,
         'joined the ' || b.bloc_key || ' on ' || b.start_date,
         coalesce(c.name, 'country ' || b.country_id), 'bloc_membership', b.rowid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id
  UNION ALL
  SELECT printf('%04d-01-01', m.joined_year), 'became an ASEM partner in ' || m.joined_year,
         'became ASEM partners in ' || m.joined_year,
         coalesce(c.name, o.name, 'member ' || m.member_id), 'forum_member', m.rowid
    FROM forum_member m LEFT JOIN country c ON c.country_id = m.country_id
    LEFT JOIN organisation o ON o.organisation_id = m.organisation_id)
 WHERE day > ?1 AND day <= ?2 ORDER BY day, what, who)";

std::vector<DatedChange> dated_changes(SQLite::Database& db, const std::string& after, const std::string& until) {
    std::vector<DatedChange> out;
    SQLite::Statement query(db, kDatedEvents);
    query.bind(1, after);
    query.bind(2, until);
    while (query.executeStep()) {
        if (out.empty() || out.back().day != query.getColumn(0).getString())
            out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), {}});
        out.back().events.push_back({query.getColumn(2).getString(), query.getColumn(3).getString(),
                                     query.getColumn(4).getString(), query.getColumn(5).getString(),
                                     query.getColumn(6).getInt64()});
    }
    return out;
}

// The events of `change` without which the count would not move by `delta`;
// all of them when the query cannot be asked that (or no single one matters).
std::vector<const DatedEvent*> causes(SQLite::Database& db, const std::string& sql, const DatedChange& change,
                                      std::int64_t delta) {
    std::vector<const DatedEvent*> out;
    try {
        std::map<std::string, CountQuery> without;
        for (const auto& e : change.events) {
            auto& count = without.try_emplace(e.table, db, sql, e.table).first->second;
            if (count.at(change.day, e.rowid) - count.at(change.day_before, e.rowid) != delta) out.push_back(&e);
        }
    } catch (const std::exception&) {
        out.clear();
    }
    if (out.empty())
        for (const auto& e : change.events) out.push_back(&e);
    return out;
}

std::string name_list(const std::vector<std::string>& names) {
    if (names.size() == 1) return names.front();
    if (names.size() <= kMaxNames)
        return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
    return fmt::format("{} and {} others", fmt::join(names.begin(), names.begin() + kMaxNames, ", "),
                       names.size() - kMaxNames);
}

// "Cyprus, Czechia and 8 others joined the EU on 2004-05-01": events sharing a verb share a phrase.
std::string describe(const std::vector<const DatedEvent*>& events) {
    std::vector<std::string> phrases, names;
    for (std::size_t i = 0; i < events.size(); ++i) {
        names.push_back(events[i]->who);
        if (i + 1 < events.size() && events[i + 1]->what == events[i]->what) continue;
        phrases.push_back(name_list(names) + " " + (names.size() == 1 ? events[i]->what : events[i]->what_many));
        names.clear();
    }
    return fmt::format("{}", fmt::join(phrases, "; "));
}

// Why a count moved between two dates: the dated changes across which it moves.
std::string drift_reason(SQLite::Database& db, const Declaration& d, const std::string& as_of) {
    const auto [from, to] = std::minmax(d.holds_on, as_of);
    CountQuery count(db, d.query);
    std::vector<std::string> parts;
    std::int64_t explained = 0;
    for (const auto& change : dated_changes(db, from, to)) {
        const std::int64_t before = count.at(change.day_before), after = count.at(change.day);
        if (before == after) continue;
        explained += after - before;
        parts.push_back(fmt::format("{} ({} -> {})", describe(causes(db, d.query, change, after - before)), before, after));
    }
    if (parts.empty()) return "no dated change in the data explains it";
    std::string text = fmt::format("{}", fmt::join(parts.begin(), parts.begin() + std::min(parts.size(), kMaxReasons), "; "));
    if (parts.size() > kMaxReasons) text += fmt::format("; and {} more changes", parts.size() - kMaxReasons);
    if (explained != count.at(to) - count.at(from)) text += "; the rest has no dated cause in the data";
    return text;
}

std::string others_text(const std::vector<const Declaration*>& others) {
    std::vector<std::string> parts;
    for (const auto* o : others) parts.push_back(fmt::format("{} {}", o->key, o->declared));
    return fmt::format("{}", fmt::join(parts, ", "));
}

// The data contradicts `d` on its own date. It is the source contradicting itself
// (warn) when a caveat records the statement and every other declaration of the
// source holds, so the data is vouched for; otherwise the data is at fault (fail).
void judge_contradiction(CheckResult& r, const Declaration& d, const std::vector<Declaration>& all,
                         const std::vector<Caveat>& caveats, const std::string& as_of) {
    std::vector<const Declaration*> holding, broken;
    for (const auto& o : all)
        if (o.source == d.source && o.key != d.key) (o.holds() ? holding : broken).push_back(&o);
    const auto caveat = std::find_if(caveats.begin(), caveats.end(),
                                     [&](const Caveat& c) { return d.statement.find(c.source_says) != std::string::npos; });
    const std::string numbers = fmt::format("{} declared, but the data gives {} on {}, the date it holds on ({} on {})",
                                            d.declared, d.then, d.holds_on, d.now, as_of);
    if (broken.empty() && !holding.empty() && caveat != caveats.end()) {
        r.status = CheckStatus::Warn;
        r.detail = fmt::format("{}: the source contradicts itself; its other declarations ({}) hold on their dates "
                               "and agree with the data; caveat '{}': {}",
                               numbers, others_text(holding), caveat->topic, caveat->finding);
        return;
    }
    r.status = CheckStatus::Fail;
    r.detail = numbers;
    if (!broken.empty()) r.detail += "; the data also contradicts " + others_text(broken);
}

CheckResult judge_declaration(const Connection& conn, const Declaration& d, const std::vector<Declaration>& all,
                              const std::vector<Caveat>& caveats, const std::string& as_of) {
    CheckResult r = make_result("declared." + d.key, "declared", d.label);
    r.figures = {{"declared", d.declared}, {"holds_on", d.holds_on}, {"holds_on_basis", d.basis}, {"as_of", as_of}};
    if (!d.error.empty()) {
        r.status = CheckStatus::Fail;
        r.detail = fmt::format("{} declared; the count cannot be taken: {}", d.declared, d.error);
        return r;
    }
    r.figures.insert(r.figures.end(), {{"on_holds_on", d.then}, {"on_as_of", d.now}});
    if (d.then != d.declared) {
        judge_contradiction(r, d, all, caveats, as_of);
    } else if (d.now != d.declared) {
        r.status = CheckStatus::Drift;
        const std::string reason = drift_reason(conn.db(), d, as_of);
        r.detail = fmt::format("{} declared; holds on {} ({}) but not on {} ({}): {}", d.declared, d.holds_on, d.then,
                               as_of, d.now, reason);
        r.figures.push_back({"reason", reason});
    } else {
        r.detail = fmt::format("{} declared; holds on {} ({}) and on {} ({})", d.declared, d.holds_on, d.then, as_of, d.now);
    }
    return r;
}

// ---- integrity --------------------------------------------------------------

CheckResult sqlite_integrity(SQLite::Database& db) {
    CheckResult r = make_result("integrity.sqlite", "integrity", "SQLite finds the database file sound");
    r.columns = {"problem"};
    try {
        SQLite::Statement query(db, "PRAGMA integrity_check");
        while (query.executeStep())
            if (const std::string message = query.getColumn(0).getString(); message != "ok") offend(r, {message});
    } catch (const SQLite::Exception& e) {
        offend(r, {sqlite_message(e)});
    }
    r.status = r.offending ? CheckStatus::Fail : CheckStatus::Pass;
    r.detail = r.offending ? "PRAGMA integrity_check reports " + plural(r.offending, "problem") : "PRAGMA integrity_check: ok";
    return r;
}

// The child columns of foreign key `fkid` and their values in row `rowid`.
std::pair<std::string, std::string> foreign_key_value(SQLite::Database& db, const std::string& table,
                                                      const std::string& rowid, int fkid) {
    std::vector<std::string> columns;
    SQLite::Statement keys(db, "PRAGMA foreign_key_list(" + detail::quote_identifier(table) + ")");
    while (keys.executeStep())
        if (keys.getColumn(0).getInt() == fkid) columns.push_back(keys.getColumn(3).getString());
    std::vector<std::string> quoted;
    for (const auto& c : columns) quoted.push_back(detail::quote_identifier(c));
    SQLite::Statement value(db, fmt::format("SELECT {} FROM {} WHERE rowid = ?", fmt::join(quoted, ", "),
                                            detail::quote_identifier(table)));
    value.bind(1, rowid);
    const auto values = value.executeStep() ? row_strings(value) : std::vector<std::string>{};
    return {fmt::format("{}", fmt::join(columns, ", ")), fmt::format("{}", fmt::join(values, ", "))};
}

CheckResult foreign_keys(SQLite::Database& db) {
    CheckResult r = make_result("integrity.foreign_keys", "integrity", "Every reference points at an existing row");
    r.columns = {"table", "rowid", "column", "value", "parent"};
    std::vector<std::string> tables;
    SQLite::Statement query(db, "PRAGMA foreign_key_check");
    while (query.executeStep()) {
        const std::string table = query.getColumn(0).getString();
        const std::string rowid = query.getColumn(1).isNull() ? "NULL" : query.getColumn(1).getString();
        if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
        // Looking up the value costs two queries: only for the rows kept.
        if (r.rows.size() == kMaxOffendingRows) {
            ++r.offending;
            continue;
        }
        auto [column, value] = foreign_key_value(db, table, rowid, query.getColumn(3).getInt());
        offend(r, {table, rowid, column, value, query.getColumn(2).getString()});
    }
    r.status = r.offending ? CheckStatus::Fail : CheckStatus::Pass;
    r.detail = r.offending ? fmt::format("{} point at rows that do not exist (in {})", plural(r.offending, "row"),
                                         fmt::join(tables, ", "))
                           : "PRAGMA foreign_key_check: no orphan rows";
    return r;
}

CheckResult schema_version(const Connection& conn, const SqlTree& tree) {
    CheckResult r = make_result("integrity.schema_version", "integrity", "The schema version is the one this asemdb knows");
    const int have = database_schema_version(conn), want = tree.schema_version();
    r.figures = {{"database", have}, {"asemdb", want}};
    if (have == want) {
        r.detail = fmt::format("version {}, as this asemdb expects", have);
    } else if (have < want) {
        r.status = CheckStatus::Warn;
        r.detail = fmt::format("version {}, older than this asemdb's {}: 'asemdb init' applies the pending migrations",
                               have, want);
    } else {
        r.status = CheckStatus::Fail;
        r.detail = fmt::format("version {}, newer than this asemdb's {}: use a newer asemdb", have, want);
    }
    return r;
}

CheckResult script_checksums(const Connection& conn, const SqlTree& tree) {
    CheckResult r = make_result("integrity.scripts", "integrity", "Every applied script matches its file");
    r.columns = {"script", "problem", "recorded", "file", "origin"};
    std::map<std::string, const SqlScript*> known;
    for (const auto* scripts : {&tree.schema, &tree.seed})
        for (const auto& script : *scripts) known.emplace(script.name, &script);
    std::vector<std::string> changed;
    const auto applied = applied_scripts(conn);
    for (const auto& done : applied) {
        const auto it = known.find(done.name);
        if (it == known.end()) {
            offend(r, {done.name, "applied, but this asemdb has no such script", done.checksum.substr(0, 12), "", ""});
        } else if (it->second->checksum != done.checksum) {
            changed.push_back(done.name);
            offend(r, {done.name, "changed since it was applied on " + done.applied_at, done.checksum.substr(0, 12),
                       it->second->checksum.substr(0, 12), it->second->origin});
        }
        if (it != known.end()) known.erase(it);
    }
    for (const auto& [name, script] : known) offend(r, {name, "not applied yet ('asemdb init' applies it)", "", "", script->origin});
    r.status = !changed.empty() ? CheckStatus::Fail : r.offending ? CheckStatus::Warn : CheckStatus::Pass;
    r.detail = !changed.empty() ? fmt::format("changed since applied: {}", fmt::join(changed, ", "))
               : r.offending    ? plural(r.offending, "script") + " applied but unknown, or known but not applied"
                                : plural(applied.size(), "applied script") + ", each matching its file";
    return r;
}

// ---- row counts -------------------------------------------------------------

// Row counts by table, as a baseline file holds them.
using Baseline = std::map<std::string, std::int64_t>;

Baseline read_baseline(const fs::path& file) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_text(file));
    } catch (const nlohmann::json::parse_error& e) {
        const std::string what = e.what();
        throw Error::definition(file, 0, "not valid JSON: " + what.substr(what.find(']') + 2));
    }
    const auto bad = [&](const std::string& why) {
        return Error::definition(file, 0, "not an asemdb baseline: " + why + " (write one with --save-baseline)");
    };
    if (!doc.is_object() || !doc.contains("tables") || !doc["tables"].is_object())
        throw bad("no \"tables\" object of row counts");
    Baseline baseline;
    for (const auto& [table, rows] : doc["tables"].items()) {
        if (!rows.is_number_integer() || rows.get<std::int64_t>() < 0)
            throw bad("the row count of '" + table + "' is " + rows.dump() + ", not a whole number");
        baseline[table] = rows.get<std::int64_t>();
    }
    return baseline;
}

CheckResult table_rows(const std::string& table, std::optional<std::int64_t> now, std::optional<std::int64_t> then) {
    CheckResult r = make_result("rows." + table, "rows", "Rows in " + table);
    if (now) r.figures.push_back({"rows", *now});
    if (then) r.figures.push_back({"baseline", *then});
    const std::string rows = now ? plural(static_cast<std::uint64_t>(*now), "row") : "";
    r.status = now == then || !then ? CheckStatus::Pass : CheckStatus::Drift;
    if (!then) r.detail = rows;
    else if (!now) r.detail = fmt::format("table gone; the baseline had {}", *then);
    else if (*now == *then) r.detail = rows + ", as in the baseline";
    else r.detail = fmt::format("{}; the baseline had {} ({:+})", rows, *then, *now - *then);
    return r;
}

std::vector<CheckResult> row_checks(const std::vector<TableCount>& tables, const std::optional<Baseline>& baseline) {
    std::vector<CheckResult> out;
    auto rest = baseline.value_or(Baseline{});
    for (const auto& t : tables) {
        std::optional<std::int64_t> then;
        if (const auto it = rest.find(t.table); it != rest.end()) then = it->second, rest.erase(it);
        out.push_back(table_rows(t.table, t.rows, then));
        if (baseline && !then) out.back().status = CheckStatus::Drift, out.back().detail += "; a table the baseline lacks";
    }
    for (const auto& [table, rows] : rest) out.push_back(table_rows(table, std::nullopt, rows));
    return out;
}

AuditReport audit(const Connection& conn, const SqlTree& tree, const AuditOptions& options, std::time_t now) {
    require_date(conn.db(), options.as_of);
    const auto checks = load_checks(tree, options.checks_dir);
    const auto baseline = options.baseline ? std::optional(read_baseline(*options.baseline)) : std::nullopt;
    const DatabaseInfo info = describe_database(conn);
    AuditReport report{conn.path().string(), options.as_of, now, database_fingerprint(conn), info.tables, {}};
    const auto declarations = read_declarations(conn, options.as_of);
    const auto caveats = read_caveats(conn);
    for (const auto& d : declarations) report.checks.push_back(judge_declaration(conn, d, declarations, caveats, options.as_of));
    for (auto&& r : {sqlite_integrity(conn.db()), foreign_keys(conn.db()), schema_version(conn, tree), script_checksums(conn, tree)})
        report.checks.push_back(r);
    for (auto& r : row_checks(info.tables, baseline)) report.checks.push_back(std::move(r));
    for (const auto& check : checks) report.checks.push_back(run_check(conn, check, options.as_of));
    return report;
}

}  // namespace

std::string to_string(CheckStatus status) {
    switch (status) {
        case CheckStatus::Pass: return "pass";
        case CheckStatus::Drift: return "drift";
        case CheckStatus::Warn: return "warn";
        case CheckStatus::Fail: return "fail";
    }
    return "fail";
}

int AuditReport::exit_code(bool strict) const {
    const bool failed = count(CheckStatus::Fail) > 0;
    const bool doubtful = count(CheckStatus::Drift) + count(CheckStatus::Warn) > 0;
    return failed || (strict && doubtful) ? kExitCheckFailed : kExitOk;
}

std::size_t AuditReport::count(CheckStatus status) const {
    return static_cast<std::size_t>(
        std::count_if(checks.begin(), checks.end(), [&](const CheckResult& c) { return c.status == status; }));
}

AuditReport run_audit(const Connection& conn, const SqlTree& tree, const AuditOptions& options, std::time_t now) {
    try {
        return audit(conn, tree, options, now);
    } catch (const SQLite::Exception& e) {
        throw Error::sql(conn.path().string(), 0, "the audit cannot run: " + sqlite_message(e));
    }
}

void save_baseline(const Connection& conn, const fs::path& file) {
    AuditReport report;
    report.database = conn.path().string();
    report.generated = now_or_source_date_epoch();
    report.tables = describe_database(conn).tables;
    AtomicOutput out(file);
    std::ofstream stream(out.temp_path(), std::ios::binary | std::ios::trunc);
    write_baseline(report, stream);
    stream.close();
    if (!stream) throw Error::io(file, "cannot write the baseline");
    out.commit();
}

}  // namespace asemdb
