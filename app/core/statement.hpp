#pragma once
// SQLite's C API for the loops that touch every row: SQLiteCpp's Column holds a
// shared pointer per value, a cost paid for every cell of a large result.

#include "asemdb/row.hpp"

#include <sqlite3.h>

#include <memory>

namespace asemdb::detail {

struct StatementCloser {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementCloser>;

/// Column `i` of the current row of `stmt` as a Cell; text points into SQLite's
/// buffer, valid until the next step.
inline void read_cell(sqlite3_stmt* stmt, int i, Cell& cell) {
    switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
            cell.type = CellType::Integer;
            cell.integer = sqlite3_column_int64(stmt, i);
            return;
        case SQLITE_FLOAT:
            cell.type = CellType::Real;
            cell.real = sqlite3_column_double(stmt, i);
            return;
        case SQLITE_TEXT: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            cell.type = CellType::Text;
            cell.text = {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))};
            return;
        }
        case SQLITE_BLOB: {
            const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
            cell.type = CellType::Blob;
            cell.text = {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))};
            return;
        }
        default:
            cell.type = CellType::Null;
    }
}

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
