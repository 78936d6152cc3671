// The audit: integrity and row counts from SQLite, declared counts
// (audit_declared.cpp) and custom checks (audit_checks.cpp), gathered into one report.

#include "asemdb/audit/audit.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/engine/params.hpp"
#include "audit/audit_support.hpp"
#include "store/sql_script.hpp"
#include "store/statement.hpp"

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
using namespace detail;

// The schema's own test for a date: date() normalises 2024-02-30 to another day.
void require_date(SQLite::Database& db, const std::string& text) {
    SQLite::Statement query(db, "SELECT ?1 IS date(?1, '+0 days')");
    query.bind(1, text);
    if (!query.executeStep() || query.getColumn(0).getInt() == 0)
        throw Error::usage("audit date: expected a date YYYY-MM-DD or a relative date such as 'today' or 'end_of_previous_month', got '" + text + "'");
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
    // A change is held to the text the database keeps of it: its file may be gone.
    const auto changes = applied_changes(conn);
    std::map<std::string, const SqlScript*> known;
    for (const auto* scripts : {&tree.schema, &tree.seed, &changes})
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

// Row counts by table, and (from baselines that record them) row digests.
struct Baseline {
    std::map<std::string, std::int64_t> counts;
    std::optional<RowDigests> rows;
};

Baseline read_baseline(const fs::path& file) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_text(file));
    } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number out of range (1e400)
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
        baseline.counts[table] = rows.get<std::int64_t>();
    }
    if (!doc.contains("rows")) return baseline;  // a baseline of counts only
    if (!doc["rows"].is_object()) throw bad("\"rows\" is not an object of tables");
    baseline.rows.emplace();
    for (const auto& [table, rows] : doc["rows"].items()) {
        if (!rows.is_object()) throw bad("the rows of '" + table + "' are not an object");
        for (const auto& [key, row] : rows.items()) {
            if (!row.is_object() || !row.contains("name") || !row["name"].is_string() || !row.contains("sha256") ||
                !row["sha256"].is_string())
                throw bad("row " + key + " of '" + table + "' has no \"name\" and \"sha256\"");
            (*baseline.rows)[table][key] = {row["name"].get<std::string>(), row["sha256"].get<std::string>()};
        }
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

// The rows added, removed and changed since the baseline, named; drift if any.
void compare_digests(CheckResult& r, const std::map<std::string, RowDigest>& now,
                     const std::map<std::string, RowDigest>& then) {
    r.columns = {"row", "change"};
    std::vector<std::string> named;
    const auto note = [&](const std::string& name, const char* change) {
        if (named.size() < 3) named.push_back(fmt::format("{} {}", name, change));
        r.rows.push_back({name, change});
        ++r.offending;
    };
    for (const auto& [key, row] : then) {
        const auto it = now.find(key);
        if (it == now.end()) note(row.name, "removed");
        else if (it->second.sha256 != row.sha256) note(it->second.name, "changed");
    }
    for (const auto& [key, row] : now)
        if (!then.count(key)) note(row.name, "added");
    if (r.offending == 0) return;
    r.status = CheckStatus::Drift;
    r.detail += fmt::format("; since the baseline: {}{}", fmt::join(named, ", "),
                            r.offending > named.size() ? fmt::format(" and {} more", r.offending - named.size()) : "");
}

std::vector<CheckResult> row_checks(const AuditReport& report, const std::optional<Baseline>& baseline) {
    std::vector<CheckResult> out;
    auto rest = baseline ? baseline->counts : std::map<std::string, std::int64_t>{};
    for (const auto& t : report.tables) {
        std::optional<std::int64_t> then;
        if (const auto it = rest.find(t.table); it != rest.end()) then = it->second, rest.erase(it);
        out.push_back(table_rows(t.table, t.rows, then));
        if (baseline && !then) out.back().status = CheckStatus::Drift, out.back().detail += "; a table the baseline lacks";
        if (!baseline || !baseline->rows || !then) continue;
        const auto now_rows = report.row_digests.find(t.table);
        const auto then_rows = baseline->rows->find(t.table);
        if (now_rows != report.row_digests.end() && then_rows != baseline->rows->end())
            compare_digests(out.back(), now_rows->second, then_rows->second);
    }
    for (const auto& [table, rows] : rest) out.push_back(table_rows(table, std::nullopt, rows));
    return out;
}

// ---- declared counts against the scripts' build -------------------------------

// A failed count names the membership rows that differ from what the scripts
// build: those are the members that make the difference. A table the count's
// query never reads cannot move it, so its differences are left out.
void name_membership_differences(const Connection& conn, std::vector<CheckResult>& checks) {
    std::map<std::string, std::vector<std::string>> differences;  // by table
    for (const auto& c : checks) {
        if (c.id != "values.forum_member" && c.id != "values.bloc_membership") continue;
        const std::string table = c.id.substr(c.id.find('.') + 1);
        for (const auto& row : c.rows)
            differences[table].push_back(row[4] == "changed"
                                             ? fmt::format("{} {}: {} {} -> {}", table, row[0], row[1], row[2], row[3])
                                             : fmt::format("{} {}: {}", table, row[0], row[4]));
    }
    if (differences.empty()) return;
    SQLite::Statement query(conn.db(), "SELECT actual_query FROM declared_count WHERE 'declared.' || count_key = ?1");
    for (auto& c : checks) {
        if (c.category != "declared" || c.status != CheckStatus::Fail) continue;
        query.reset();
        query.bind(1, c.id);
        const std::string sql = query.executeStep() ? query.getColumn(0).getString() : "";
        std::vector<std::string> named;
        for (const auto& [table, rows] : differences)
            if (std::regex_search(sql, std::regex("\\b" + table + "\\b", std::regex::icase)))
                named.insert(named.end(), rows.begin(), rows.end());
        if (named.empty()) continue;
        constexpr std::size_t kNamed = 5;
        const std::string text =
            fmt::format("{}{}", fmt::join(named.begin(), named.begin() + std::min(named.size(), kNamed), "; "),
                        named.size() > kNamed ? fmt::format("; and {} more", named.size() - kNamed) : "");
        c.detail += "; against the scripts' build: " + text;
        c.figures.push_back({"membership_differences", text});
    }
}

AuditReport audit(const Connection& conn, const SqlTree& tree, const AuditOptions& options, std::time_t now) {
    require_date(conn.db(), options.as_of);
    const auto checks = load_checks(tree, options.checks_dir);
    const auto baseline = options.baseline ? std::optional(read_baseline(*options.baseline)) : std::nullopt;
    const DatabaseInfo info = describe_database(conn);
    AuditReport report{conn.path().string(), options.as_of, now, database_fingerprint(conn), info.tables,
                       row_digests(conn), {}};
    for (auto& r : declared_count_checks(conn, options.as_of)) report.checks.push_back(std::move(r));
    for (auto&& r : {sqlite_integrity(conn.db()), foreign_keys(conn.db()), schema_version(conn, tree), script_checksums(conn, tree)})
        report.checks.push_back(r);
    for (auto& r : row_checks(report, baseline)) report.checks.push_back(std::move(r));
    for (auto& r : value_checks(conn, tree)) report.checks.push_back(std::move(r));
    report.checks.push_back(iso_code_check(conn));
    name_membership_differences(conn, report.checks);
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
        // This asemdb's checks ask for what its migrations add (joined_on, say).
        const int have = database_schema_version(conn), want = tree.schema_version();
        const std::string pending =
            have < want ? fmt::format("; the database is at schema version {}, this asemdb's checks need {}: "
                                      "run 'asemdb init' to apply the pending migrations", have, want)
                        : "";
        throw Error::sql(conn.path().string(), 0, "the audit cannot run: " + sqlite_message(e) + pending);
    }
}

void save_baseline(const Connection& conn, const fs::path& file) {
    refuse_database_output(file, conn.path());
    AuditReport report;
    report.database = conn.path().string();
    report.generated = now_or_source_date_epoch();
    report.tables = describe_database(conn).tables;
    report.row_digests = row_digests(conn);
    Destination out = Destination::to(file);
    write_baseline(report, out.stream());
    out.commit();
}

}  // namespace asemdb