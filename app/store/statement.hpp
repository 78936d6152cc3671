#pragma once
// SQLite's C API for the loops that touch every row: SQLiteCpp's Column holds a
// shared pointer per value, a cost paid for every cell of a large result.
// Reading a column into a Cell: engine/read_cell.hpp.

#include <sqlite3.h>

#include <memory>
#include <string>

namespace asemdb::detail {

struct StatementCloser {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementCloser>;

/// The SQL-quoted form of an identifier: "name" with inner quotes doubled.
inline std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

}  // namespace asemdb::detail
