#pragma once
// What an edited keepers' workbook changes: its rows compared with the
// database's by key, as SQL statements that make the database match, each
// with the cell it comes from, and a line of review for a person.

#include "changes/workbook_rows.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace asemdb::detail {

struct Statement {
    std::string sql;
    std::string place;                         ///< the row's key cell, or its sheet for a deleted row
    std::map<std::string, std::string> cells;  ///< table column -> the cell its value comes from
};

struct Edit {
    char sign = '+';  ///< '+' insert, '~' update, '-' delete
    std::vector<std::string> review;
    std::vector<Statement> statements;
};

/// The statements in the order they can run: sources added or changed first,
/// rows removed child before parent, rows added or changed parent before
/// child, sources removed last.
struct Diff {
    std::vector<Edit> edits;
    std::vector<Problem> problems;
};

/// `tables` (read from the workbook) against the database `db`. A row whose
/// source is empty takes `source_key` (a problem when it is empty too); a
/// party named in `organisations` is an organisation, any other a country.
Diff diff_workbook(SQLite::Database& db, const std::vector<SheetTable>& tables, const std::string& source_key,
                   const std::set<std::string>& organisations);

/// `text` as an SQL string literal.
std::string sql_quote(const std::string& text);

}  // namespace asemdb::detail
