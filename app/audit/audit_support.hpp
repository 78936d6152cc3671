#pragma once
// What the audit's parts share: building results, and the custom checks and
// declared counts that audit.cpp runs beside integrity and row counts.

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/error.hpp"
#include "store/sql_script.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace asemdb::detail {

inline std::string sqlite_message(const SQLite::Exception& e) {
    return fmt::format("{} (SQLite error {})", e.what(), e.getExtendedErrorCode());
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) throw Error::io(file, "cannot read file");
    return text.str();
}

inline CheckResult make_result(std::string id, std::string category, std::string title) {
    CheckResult result;
    result.id = std::move(id);
    result.category = std::move(category);
    result.title = std::move(title);
    return result;
}

inline std::string plural(std::uint64_t n, const char* noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

// Keeps the first kMaxOffendingRows rows and counts them all.
inline void offend(CheckResult& result, std::vector<std::string> row) {
    if (result.rows.size() < kMaxOffendingRows) result.rows.push_back(std::move(row));
    ++result.offending;
}

inline std::vector<std::string> row_strings(SQLite::Statement& stmt) {
    std::vector<std::string> row;
    for (int i = 0; i < stmt.getColumnCount(); ++i)
        row.push_back(stmt.getColumn(i).isNull() ? "NULL" : stmt.getColumn(i).getString());
    return row;
}


/// One check of sql/checks (or a user's directory): its header and its query.
struct CustomCheck {
    std::string id;
    std::string origin;
    std::string title;
    CheckStatus offence = CheckStatus::Fail;
    SqlStatement query;
};

/// The shipped checks and those of `dir` (a same-named file replaces a shipped
/// check). Throws Error{Definition} for a malformed header, Error{Io} for an
/// unreadable directory.
std::vector<CustomCheck> load_checks(const SqlTree& tree, const std::optional<std::filesystem::path>& dir);

/// Runs one check; its offending rows decide the status. Throws Error{Sql} if the query fails.
CheckResult run_check(const Connection& conn, const CustomCheck& check, const std::string& as_of);

/// The database against what its applied scripts (as `tree` has them) build in
/// memory, one result per table ("values.<table>"): a seeded row changed or
/// removed fails, a row added beyond the scripts drifts; every difference is a
/// row naming the row, the column and both values.
std::vector<CheckResult> value_checks(const Connection& conn, const SqlTree& tree);

/// Every row of every data table of `conn`, by table and key, named and digested.
RowDigests row_digests(const Connection& conn);

/// Every country's ISO 3166-1 codes against the list compiled into the binary ("values.iso_3166").
CheckResult iso_code_check(const Connection& conn);

/// Every declared count judged on the date it holds and on `as_of`.
std::vector<CheckResult> declared_count_checks(const Connection& conn, const std::string& as_of);

}  // namespace asemdb::detail
