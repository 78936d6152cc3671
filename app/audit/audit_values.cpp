// The audit of values: the data against what its applied scripts build (the
// built-in ones as `tree` has them, the keepers' changes as the database keeps
// them), table by table on each table's key, and the ISO 3166-1 codes against
// the standard.

#include "asemdb/store/connection.hpp"
#include "audit/audit_support.hpp"
#include "store/iso3166.hpp"
#include "base/sha256.hpp"
#include "store/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace asemdb::detail {
namespace {

// How a row of a table is named for people, as an SQL expression over the row
// (alias t). Tables not named here are named by their key columns.
const std::map<std::string, std::string, std::less<>> kRowNames = {
    {"country", "t.name || ' (' || t.iso_alpha2 || ')'"},
    {"organisation", "t.short_name"},
    {"forum_member",
     "coalesce((SELECT c.name || ' (' || c.iso_alpha2 || ')' FROM country c WHERE c.country_id = t.country_id),"
     " (SELECT o.name FROM organisation o WHERE o.organisation_id = t.organisation_id), 'member ' || t.member_id)"},
    {"bloc_membership",
     "coalesce((SELECT c.name FROM country c WHERE c.country_id = t.country_id), 'country ' || t.country_id)"
     " || ' / ' || t.bloc_key || ' from ' || t.start_date"},
    {"coordinator",
     "coalesce((SELECT c.name FROM country c WHERE c.country_id = t.country_id),"
     " (SELECT o.short_name FROM organisation o WHERE o.organisation_id = t.organisation_id), '?')"
     " || ', ' || t.role || ' from ' || t.start_date"},
    {"meeting", "t.name"},
    {"meeting_outcome", "(SELECT m.name FROM meeting m WHERE m.meeting_id = t.meeting_id) || ' #' || t.position"},
    {"theme", "t.title"},
    {"fact_source", "t.table_name || ' ' || t.row_key || ': ' || t.column_name"},
    {"schema_doc", "t.object_name || CASE t.column_name WHEN '' THEN '' ELSE '.' || t.column_name END"},
};

// Scripts' bookkeeping, not data: written beside the scripts, never by them.
bool compared(const std::string& table) {
    return table != "applied_script" && table != "applied_change" && table.rfind("sqlite_", 0) != 0;
}

struct TableRows {
    std::vector<std::string> columns;
    // key (quoted key values) -> (name, quoted values of every column)
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> rows;
};

std::vector<std::string> table_names(SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement query(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (query.executeStep())
        if (const auto name = query.getColumn(0).getString(); compared(name)) out.push_back(name);
    return out;
}

// The columns of `table` and those of its primary key (all columns without one).
std::pair<std::vector<std::string>, std::vector<std::string>> table_columns(SQLite::Database& db,
                                                                            const std::string& table) {
    std::vector<std::string> columns;
    std::vector<std::pair<int, std::string>> key;
    SQLite::Statement query(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
    query.bind(1, table);
    while (query.executeStep()) {
        columns.push_back(query.getColumn(0).getString());
        if (const int pk = query.getColumn(1).getInt(); pk > 0) key.emplace_back(pk, columns.back());
    }
    std::sort(key.begin(), key.end());
    std::vector<std::string> key_columns;
    for (const auto& [position, name] : key) key_columns.push_back(name);
    return {columns, key_columns.empty() ? columns : key_columns};
}

// Reads `columns` of `table` in `db`, keyed by `key`, each row named.
TableRows read_table(SQLite::Database& db, const std::string& table, const std::vector<std::string>& columns,
                     const std::vector<std::string>& key) {
    std::vector<std::string> quoted, keys;
    for (const auto& c : columns) quoted.push_back("quote(t." + quote_identifier(c) + ")");
    for (const auto& c : key) keys.push_back("quote(t." + quote_identifier(c) + ")");
    std::vector<std::string> key_names;
    for (const auto& c : key) key_names.push_back(fmt::format("'{}=' || quote(t.{})", c, quote_identifier(c)));
    const auto named = kRowNames.find(table);
    const std::string generic = fmt::format("{}", fmt::join(key_names, " || ', ' || "));
    const std::string name = named != kRowNames.end() ? "coalesce(" + named->second + ", " + generic + ")" : generic;
    const std::string sql = fmt::format("SELECT {}, {}, {} FROM {} AS t", fmt::join(keys, " || '|' || "), name,
                                        fmt::join(quoted, ", "), quote_identifier(table));
    TableRows out{columns, {}};
    SQLite::Statement query(db, sql);
    while (query.executeStep()) {
        std::vector<std::string> values;
        for (int i = 2; i < query.getColumnCount(); ++i) values.push_back(query.getColumn(i).getString());
        out.rows.emplace(query.getColumn(0).getString(), std::pair{query.getColumn(1).getString(), std::move(values)});
    }
    return out;
}

// One table's differences: changed and removed seeded rows fail, added rows drift.
CheckResult compare_table(const std::string& table, const TableRows& want, const TableRows* have) {
    CheckResult r = make_result("values." + table, "values", "The rows of " + table + " are those its scripts build");
    r.columns = {"row", "column", "scripts", "database", "change"};
    std::uint64_t changed = 0, removed = 0, added = 0;
    std::vector<std::string> named;  // for the detail line
    const auto note = [&](std::vector<std::string> row, const std::string& line) {
        if (named.size() < 3) named.push_back(line);
        r.rows.push_back(std::move(row));  // every row: json shows all, text caps its own
        ++r.offending;
    };
    if (!have) {
        r.status = CheckStatus::Fail;
        r.detail = "the table is gone; its scripts build " + plural(want.rows.size(), "row");
        r.offending = want.rows.size();
        return r;
    }
    for (const auto& [key, row] : want.rows) {
        const auto it = have->rows.find(key);
        if (it == have->rows.end()) {
            ++removed;
            note({row.first, "", "", "", "removed"}, fmt::format("{} {}: removed", table, row.first));
            continue;
        }
        for (std::size_t i = 0; i < want.columns.size(); ++i) {
            const auto& now = it->second.second[i];
            if (now == row.second[i]) continue;
            ++changed;
            note({row.first, want.columns[i], row.second[i], now, "changed"},
                 fmt::format("{} {}: {} {} -> {}", table, row.first, want.columns[i], row.second[i], now));
        }
    }
    for (const auto& [key, row] : have->rows)
        if (!want.rows.count(key)) {
            ++added;
            note({row.first, "", "", "", "added"}, fmt::format("{} {}: added", table, row.first));
        }
    r.figures = {{"changed", static_cast<std::int64_t>(changed)}, {"removed", static_cast<std::int64_t>(removed)},
                 {"added", static_cast<std::int64_t>(added)}};
    r.status = changed + removed ? CheckStatus::Fail : added ? CheckStatus::Drift : CheckStatus::Pass;
    if (r.offending == 0) {
        r.detail = plural(want.rows.size(), "row") + ", as its scripts build them";
        return r;
    }
    std::vector<std::string> counts;
    if (changed) counts.push_back(plural(changed, "value") + " changed");
    if (removed) counts.push_back(plural(removed, "seeded row") + " removed");
    if (added) counts.push_back(plural(added, "row") + " added beyond the scripts");
    r.detail = fmt::format("{}: {}{}", fmt::join(counts, ", "), fmt::join(named, "; "),
                           r.offending > named.size() ? fmt::format("; and {} more", r.offending - named.size()) : "");
    return r;
}

// The database the applied scripts build, in the order the database applied
// them: a change from the text the database keeps, so no directory is needed.
Connection rebuild(const Connection& conn, const SqlTree& tree) {
    const auto changes = applied_changes(conn);
    std::map<std::string, const SqlScript*> known;
    for (const auto* scripts : {&tree.schema, &tree.seed, &changes})
        for (const auto& script : *scripts) known.emplace(script.name, &script);
    Connection built = Connection::in_memory();
    for (const auto& applied : applied_scripts(conn))
        if (const auto it = known.find(applied.name); it != known.end()) built.db().exec(it->second->text);
    return built;
}

}  // namespace

std::vector<CheckResult> value_checks(const Connection& conn, const SqlTree& tree) {
    std::vector<CheckResult> out;
    Connection built = [&] {
        try {
            return rebuild(conn, tree);
        } catch (const SQLite::Exception& e) {
            CheckResult r = make_result("values.rebuild", "values", "The applied scripts build again");
            r.status = CheckStatus::Fail;
            r.detail = "the scripts do not build in memory: " + sqlite_message(e);
            out.push_back(r);
            return Connection::in_memory();
        }
    }();
    if (!out.empty()) return out;
    const auto have_tables = table_names(conn.db());
    for (const auto& table : table_names(built.db())) {
        const auto [columns, key] = table_columns(built.db(), table);
        const TableRows want = read_table(built.db(), table, columns, key);
        if (std::find(have_tables.begin(), have_tables.end(), table) == have_tables.end()) {
            out.push_back(compare_table(table, want, nullptr));
            continue;
        }
        try {
            const TableRows have = read_table(conn.db(), table, columns, key);
            out.push_back(compare_table(table, want, &have));
        } catch (const SQLite::Exception& e) {
            CheckResult r = make_result("values." + table, "values", "The rows of " + table + " are those its scripts build");
            r.status = CheckStatus::Fail;
            r.detail = "the table no longer has the columns its scripts build: " + sqlite_message(e);
            out.push_back(r);
        }
    }
    return out;
}

RowDigests row_digests(const Connection& conn) {
    RowDigests out;
    for (const auto& table : table_names(conn.db())) {
        const auto [columns, key] = table_columns(conn.db(), table);
        auto& digests = out[table];
        for (const auto& [row_key, row] : read_table(conn.db(), table, columns, key).rows) {
            Sha256 digest;
            for (const auto& value : row.second) digest.add(value), digest.add("\x1f", 1);
            digests[row_key] = {row.first, digest.hex()};
        }
    }
    return out;
}

CheckResult iso_code_check(const Connection& conn) {
    CheckResult r = make_result("values.iso_3166", "values",
                                "Every country's ISO 3166-1 codes are one entry of the standard, under its name");
    r.columns = {"country", "column", "value", "problem"};
    std::map<std::string_view, const Iso3166Entry*> by_alpha2, by_alpha3, by_numeric;
    for (const auto& e : iso3166_entries()) by_alpha2[e.alpha2] = &e, by_alpha3[e.alpha3] = &e, by_numeric[e.numeric] = &e;
    SQLite::Statement query(conn.db(), "SELECT name, iso_alpha2, iso_alpha3, iso_numeric FROM country ORDER BY name");
    while (query.executeStep()) {
        const auto row = row_strings(query);
        const std::string &name = row[0], &alpha2 = row[1], &alpha3 = row[2], &numeric = row[3];
        const auto entry = by_alpha2.find(alpha2);
        if (entry == by_alpha2.end()) {
            offend(r, {name, "iso_alpha2", alpha2, "no such ISO 3166-1 alpha-2 code"});
            continue;
        }
        const Iso3166Entry* e = entry->second;
        if (name != e->name && name != e->official_name && name != e->common_name)
            offend(r, {name, "iso_alpha2", alpha2, fmt::format("{} is {}", alpha2, e->name)});
        if (alpha3 != e->alpha3) {
            const auto other = by_alpha3.find(alpha3);
            offend(r, {name, "iso_alpha3", alpha3,
                       other == by_alpha3.end() ? fmt::format("no such alpha-3 code; {} is {}", alpha2, e->alpha3)
                                                : fmt::format("{} is {}; {} is {}", alpha3, other->second->name, alpha2, e->alpha3)});
        }
        if (numeric != e->numeric) {
            const auto other = by_numeric.find(numeric);
            offend(r, {name, "iso_numeric", numeric,
                       other == by_numeric.end() ? fmt::format("no such numeric code; {} is {}", alpha2, e->numeric)
                                                 : fmt::format("{} is {}; {} is {}", numeric, other->second->name, alpha2, e->numeric)});
        }
    }
    r.figures = {{"standard", std::string(iso3166_version())}};
    r.status = r.offending ? CheckStatus::Fail : CheckStatus::Pass;
    r.detail = r.offending ? fmt::format("{} against {}; first: {} {} '{}': {}", plural(r.offending, "code"),
                                         iso3166_version(), r.rows[0][0], r.rows[0][1], r.rows[0][2], r.rows[0][3])
                           : fmt::format("every code agrees with {}", iso3166_version());
    return r;
}

}  // namespace asemdb::detail
