#include "engine/read_only_statement.hpp"

#include "store/sql_script.hpp"

#include <SQLiteCpp/Database.h>

namespace asemdb::detail {

// SQLite's C API: SQLiteCpp tells neither whether a statement only reads nor where it failed.
ReadOnlyStatement prepare_read_only(const Connection& conn, const std::string& sql) {
    sqlite3* db = conn.db().getHandle();
    ReadOnlyStatement out;
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail) != SQLITE_OK) {
        if (std::string refused = conn.take_refusal(); !refused.empty()) {
            out.problem = ReadOnlyStatement::Problem::Refused;
            out.detail = std::move(refused);
        } else {
            out.problem = ReadOnlyStatement::Problem::Sql;
            out.detail = sqlite3_errmsg(db);
            out.offset = sqlite3_error_offset(db);
        }
        return out;
    }
    out.stmt.reset(raw);
    if (!out.stmt) out.problem = ReadOnlyStatement::Problem::Empty;
    else if (!split_sql(tail).empty()) out.problem = ReadOnlyStatement::Problem::Several;
    else if (!sqlite3_stmt_readonly(raw)) out.problem = ReadOnlyStatement::Problem::Writes;
    if (out.problem != ReadOnlyStatement::Problem::None) out.stmt.reset();
    return out;
}

}  // namespace asemdb::detail
