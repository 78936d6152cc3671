#pragma once
// A column of SQLite's current row as the engine's Cell, without a copy.

#include "asemdb/engine/row.hpp"
#include "store/statement.hpp"

#include <sqlite3.h>

#include <cstddef>

namespace asemdb::detail {

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

}  // namespace asemdb::detail
