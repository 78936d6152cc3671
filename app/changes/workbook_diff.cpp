#include "changes/workbook_diff.hpp"

#include "asemdb/base/error.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace asemdb::detail {
namespace {

struct DbRow {
    std::vector<Value> values;
    bool matched = false;
};

std::string sql_value(const Value& v) { return v ? sql_quote(*v) : "NULL"; }

std::string key_text(const std::vector<Value>& values, std::size_t n) {
    std::string key;
    for (std::size_t i = 0; i < n; ++i) key += (i ? ", " : "") + values[i].value_or("");
    return key;
}

std::vector<DbRow> load_rows(SQLite::Database& db, const TableSpec& spec) {
    std::vector<DbRow> rows;
    for (auto& values : read_table(db, spec)) rows.push_back({std::move(values), false});
    return rows;
}

// Each (table column, SQL expression) a value of column `c` is written as.
// `organisations`: their short names; a party is an organisation if it names one, else a country.
std::vector<std::pair<std::string, std::string>> assignments(const std::set<std::string>& organisations,
                                                             const ColumnSpec& c, const Value& v) {
    const std::string name = v ? sql_quote(*v) : "";
    switch (c.kind) {
        case ValueKind::Party: {
            const bool organisation = v && organisations.contains(*v);
            return {{"country_id", v && !organisation ? "(SELECT country_id FROM country WHERE name = " + name + ")" : "NULL"},
                    {"organisation_id", organisation ? "(SELECT organisation_id FROM organisation WHERE short_name = " + name + ")" : "NULL"}};
        }
        case ValueKind::Country:
            return {{c.column, v ? "(SELECT country_id FROM country WHERE name = " + name + ")" : "NULL"}};
        case ValueKind::Organisation:
            return {{c.column, v ? "(SELECT organisation_id FROM organisation WHERE short_name = " + name + ")" : "NULL"}};
        case ValueKind::Integer: return {{c.column, v ? *v : "NULL"}};
        case ValueKind::Boolean: return {{c.column, v ? (*v == "yes" ? "1" : "0") : "NULL"}};
        default: return {{c.column, sql_value(v)}};
    }
}

std::string where_key(const std::set<std::string>& organisations, const TableSpec& spec, const std::vector<Value>& key) {
    std::string where;
    for (std::size_t i = 0; i < spec.key_columns; ++i)
        for (const auto& [column, value] : assignments(organisations, spec.columns[i], key[i]))
            where += (where.empty() ? "" : " AND ") + column + " IS " + value;
    return where;
}

std::string shown(const Value& v) { return v ? "\"" + *v + "\"" : "(empty)"; }

std::string summary(const TableSpec& spec, const std::vector<Value>& values) {
    std::string text = spec.summary;
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        const std::string field = "{" + spec.columns[c].heading + "}";
        for (auto pos = text.find(field); pos != std::string::npos; pos = text.find(field))
            text.replace(pos, field.size(), values[c].value_or("open"));
    }
    return text;
}

class TableDiff {
 public:
    TableDiff(SQLite::Database& db, const SheetTable& table, const std::string& source,
              const std::set<std::string>& organisations, Diff& diff)
        : table_(table), spec_(*table.spec), source_(source), orgs_(organisations), diff_(diff), rows_(load_rows(db, spec_)) {}

    void run(std::vector<Edit>& removed, std::vector<Edit>& added) {
        std::int64_t next_id = 1;
        std::map<std::string, std::size_t> by_key, seen;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            by_key[key_text(rows_[i].values, spec_.key_columns)] = i;
            if (spec_.numbered) next_id = std::max<std::int64_t>(next_id, std::stoll(rows_[i].values[0].value_or("0")) + 1);
        }
        for (const SheetRow& row : table_.rows) {
            SheetRow filled = with_source(row);
            if (spec_.numbered && !filled.values[0]) {
                filled.values[0] = std::to_string(next_id++);
                added.push_back(insert(filled, row));
                continue;
            }
            const std::string key = key_text(filled.values, spec_.key_columns);
            if (const auto [at, fresh] = seen.emplace(key, row.row); !fresh) {
                diff_.problems.push_back({table_.place(row, 0), fmt::format("duplicate key {} (also on row {})", key, at->second + 1)});
                continue;
            }
            const auto match = by_key.find(key);
            if (match == by_key.end()) {
                if (spec_.numbered) {
                    diff_.problems.push_back({table_.place(row, 0), fmt::format("unknown {} {}: leave the key empty for a new row", spec_.noun, key)});
                } else {
                    added.push_back(insert(filled, row));
                }
                continue;
            }
            rows_[match->second].matched = true;
            if (auto edit = update(rows_[match->second], filled, row)) added.push_back(std::move(*edit));
        }
        for (const DbRow& old : rows_)
            if (!old.matched) removed.push_back(remove(old));
    }

 private:
    SheetRow with_source(const SheetRow& row) {
        SheetRow filled = row;
        for (std::size_t c = 0; c < spec_.columns.size(); ++c) {
            if (spec_.columns[c].kind != ValueKind::Source || filled.values[c]) continue;
            if (source_.empty())
                diff_.problems.push_back({table_.place(row, c), "the source is empty and the change names none (--source)"});
            filled.values[c] = source_;
        }
        return filled;
    }

    Statement statement(std::string sql, const SheetRow& row) const {
        Statement s{std::move(sql), table_.place(row, 0), {}};
        for (std::size_t c = 0; c < spec_.columns.size(); ++c)
            for (const auto& [column, value] : assignments(orgs_, spec_.columns[c], std::nullopt))
                s.cells[column] = table_.place(row, c);
        return s;
    }

    Edit insert(const SheetRow& filled, const SheetRow& row) const {
        std::string columns, values;
        for (std::size_t c = 0; c < spec_.columns.size(); ++c) {
            for (const auto& [column, value] : assignments(orgs_, spec_.columns[c], filled.values[c])) {
                columns += (columns.empty() ? "" : ", ") + column;
                values += (values.empty() ? "" : ", ") + value;
            }
        }
        Edit edit{'+', {fmt::format("+ {} {}: {}", spec_.noun, key_text(filled.values, spec_.key_columns), summary(spec_, filled.values))}, {}};
        edit.statements.push_back(statement(fmt::format("INSERT INTO {} ({}) VALUES ({});", spec_.table, columns, values), row));
        return edit;
    }

    std::optional<Edit> update(const DbRow& old, const SheetRow& filled, const SheetRow& row) const {
        Edit edit{'~', {}, {}};
        std::string set;
        const std::string key = key_text(filled.values, spec_.key_columns);
        for (std::size_t c = spec_.key_columns; c < spec_.columns.size(); ++c) {
            if (old.values[c] == filled.values[c]) continue;
            std::string heading = spec_.columns[c].heading;
            std::transform(heading.begin(), heading.end(), heading.begin(), [](unsigned char ch) { return std::tolower(ch); });
            edit.review.push_back(fmt::format("~ {} {} {}: {} → {}", spec_.noun, key, heading, shown(old.values[c]), shown(filled.values[c])));
            for (const auto& [column, value] : assignments(orgs_, spec_.columns[c], filled.values[c]))
                set += (set.empty() ? "" : ", ") + column + " = " + value;
            if (spec_.provenance == spec_.columns[c].column && old.values[c] && filled.values[c])
                edit.statements.push_back(statement(provenance_update(*old.values[c], *filled.values[c]), row));
        }
        if (set.empty()) return std::nullopt;
        edit.statements.insert(edit.statements.begin(),
                               statement(fmt::format("UPDATE {} SET {} WHERE {};", spec_.table, set, where_key(orgs_, spec_, filled.values)), row));
        return edit;
    }

    std::string provenance_update(const std::string& from, const std::string& to) const {
        return fmt::format("UPDATE fact_source SET row_key = {} WHERE table_name = {} AND row_key = {};", sql_quote(to),
                           sql_quote(spec_.table), sql_quote(from));
    }

    Edit remove(const DbRow& old) const {
        const std::string key = key_text(old.values, spec_.key_columns);
        Edit edit{'-', {fmt::format("- {} {}", spec_.noun, key)}, {}};
        edit.statements.push_back({fmt::format("DELETE FROM {} WHERE {};", spec_.table, where_key(orgs_, spec_, old.values)),
                                   fmt::format("{} ({} {}, deleted)", table_.sheet, spec_.noun, key), {}});
        if (!spec_.provenance.empty()) {
            std::size_t c = 0;
            while (spec_.columns[c].column != spec_.provenance) ++c;
            edit.statements.push_back({fmt::format("DELETE FROM fact_source WHERE table_name = {} AND row_key = {};",
                                                   sql_quote(spec_.table), sql_quote(old.values[c].value_or(""))),
                                       edit.statements.back().place, {}});
        }
        return edit;
    }

    const SheetTable& table_;
    const TableSpec& spec_;
    const std::string& source_;
    const std::set<std::string>& orgs_;
    Diff& diff_;
    std::vector<DbRow> rows_;
};

}  // namespace

std::string sql_quote(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

Diff diff_workbook(SQLite::Database& db, const std::vector<SheetTable>& tables, const std::string& source_key,
                   const std::set<std::string>& organisations) {
    Diff diff;
    std::vector<std::vector<Edit>> removed(tables.size()), added(tables.size());
    for (std::size_t i = 0; i < tables.size(); ++i) TableDiff(db, tables[i], source_key, organisations, diff).run(removed[i], added[i]);
    // tables[0] is Sources, parent of all: its rows are added first and removed last.
    auto append = [&](std::vector<Edit>& edits) { std::move(edits.begin(), edits.end(), std::back_inserter(diff.edits)); };
    if (!tables.empty()) append(added[0]);
    for (std::size_t i = tables.size(); i-- > 1;) append(removed[i]);
    for (std::size_t i = 1; i < tables.size(); ++i) append(added[i]);
    if (!tables.empty()) append(removed[0]);
    return diff;
}

}  // namespace asemdb::detail
