#pragma once
// The keepers' workbook: the tables keepers edit (members, coordinators,
// meetings and their parties, themes, the contact, bloc membership, sources,
// caveats), exported as one sheet each, and an edited copy turned back into a
// reviewed change: the SQL that makes the database match it, and a line of
// review per change. Nothing here writes to the database; `asemdb init`
// applies a change script.

#include "asemdb/changes/change.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace asemdb {

class Connection;

/// Writes the keepers' workbook of `db` to `out` (atomically). Returns each
/// sheet's name and rows. Throws Error{Io} for a bad destination (the database
/// itself included: `database` is its path), Error{Render} if writing fails.
std::vector<std::pair<std::string, std::size_t>> export_keepers_workbook(Connection& db,
                                                                         const std::filesystem::path& database,
                                                                         const std::filesystem::path& out);

/// What an edited workbook changes.
struct WorkbookChange {
    std::vector<std::string> review;  ///< "+ coordinator 11: ...", "~ theme 3 title: ...", "- meeting 14"
    std::string sql;                  ///< the statements, in the order they run; empty: no change
    std::string source_key;           ///< the change's source (new or existing); empty if none
    std::size_t added = 0, changed = 0, removed = 0;
    bool empty() const { return review.empty(); }
};

/// Compares `workbook` with `db` by key; a row whose source cell is empty
/// cites `source` (for a new source, its key already chosen: the change
/// script's writer adds its row, so `sql` does not). Every problem is found before any is
/// reported: throws Error{Parameter} whose message is the first problem
/// ("<workbook>: Coordinators!F12: end date ... is before start date ...") and
/// whose context lists the others, one a line. The statements are tried on a
/// copy of the database in memory; a refusal is reported at the cell it comes
/// from. Throws Error{Io} for a file that is not a workbook asemdb can read.
WorkbookChange diff_keepers_workbook(Connection& db, const std::filesystem::path& workbook, const ChangeSource& source);

/// The review of `change` as a person reads it, ending in a count; "no changes" if empty.
std::string review_text(const WorkbookChange& change);

}  // namespace asemdb
