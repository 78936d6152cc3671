#pragma once
// The counts the source document declares, taken in the data on a date, and why
// a count moved between two dates: the dated changes (a bloc joined or left, a
// partner admitted) across which it moves. The audit judges the declarations
// with them; a report's summary tells its reader why its count differs from the
// source's. One rule for both, so the two never explain a drift differently.

#include <cstdint>
#include <string>
#include <vector>

namespace SQLite { class Database; }

namespace asemdb::detail {

struct QueryRows;

struct Declaration {
    std::string key, label, statement, holds_on, basis, query, source;
    std::int64_t declared = 0;
    std::int64_t then = 0;  ///< the data's count on holds_on
    std::int64_t now = 0;   ///< ... and on the date asked
    std::string error;      ///< why the count query could not run
    bool holds() const { return error.empty() && then == declared; }
};

/// Every declared count, counted on its date and on `as_of`.
std::vector<Declaration> read_declarations(SQLite::Database& db, const std::string& as_of);

/// How a reason is worded: for the audit ("United Kingdom left the EU on
/// 2020-01-31 (28 -> 27)") or for a reader's sentence ("the United Kingdom left
/// the EU on 31 January 2020").
enum class ReasonStyle { Audit, Prose };

/// Why `d`'s count differs between its date and `as_of`: the dated changes across
/// which it moves, or "no dated change in the data explains it".
std::string drift_reason(SQLite::Database& db, const Declaration& d, const std::string& as_of,
                         ReasonStyle style = ReasonStyle::Audit);

/// For a report's summary: one query result per declared count, named
/// "declared_<count_key>", with one row: actual (the count on `as_of`), declared,
/// and note, NULL where the count is the source's, else one line saying what the
/// source says and why the data differs. Empty when the database has no
/// declared counts.
std::vector<QueryRows> declared_rows(SQLite::Database& db, const std::string& as_of);

}  // namespace asemdb::detail
