#include "store/read_guard.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace asemdb::detail {
namespace {

// Pragmas that only read, even with an argument (a table or index name, a limit).
constexpr std::string_view kReadingPragmasWithArgument[] = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check", "function_list", "pragma_list", "collation_list"};

// Pragmas that change something even without an argument.
constexpr std::string_view kWritingPragmas[] = {"optimize", "incremental_vacuum", "wal_checkpoint", "shrink_memory"};

bool listed(const auto& list, const char* name) {
    return name && std::find(std::begin(list), std::end(list), std::string_view(name)) != std::end(list);
}

const char* action_name(int action) {
    switch (action) {
        case SQLITE_INSERT: return "INSERT into";
        case SQLITE_UPDATE: return "UPDATE of";
        case SQLITE_DELETE: return "DELETE from";
        case SQLITE_ATTACH: return "ATTACH of";
        case SQLITE_DETACH: return "DETACH of";
        case SQLITE_ALTER_TABLE: return "ALTER TABLE on";
        case SQLITE_ANALYZE: return "ANALYZE of";
        case SQLITE_REINDEX: return "REINDEX of";
        case SQLITE_PRAGMA: return "PRAGMA";
        case SQLITE_FUNCTION: return "the function";
        case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: return "DROP TABLE";
        case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return "DROP VIEW";
        case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return "DROP INDEX";
        case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return "DROP TRIGGER";
        case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: return "CREATE TABLE";
        case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW";
        case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX";
        case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER";
        case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE";
        case SQLITE_DROP_VTABLE: return "DROP VIRTUAL TABLE";
        default: return "a writing statement";
    }
}

}  // namespace

void defend_against_untrusted_sql(sqlite3* db) {
    using L = UntrustedSqlLimits;
    for (const auto& [option, value] : {std::pair{SQLITE_DBCONFIG_DEFENSIVE, 1}, std::pair{SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
                                        std::pair{SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0}}) {
        int now = -1;
        if (sqlite3_db_config(db, option, value, &now) != SQLITE_OK || now != value)
            throw std::runtime_error("SQLite refused a defensive setting (sqlite3_db_config " + std::to_string(option) + ")");
    }
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, L::kMaxValueBytes);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, L::kMaxSqlBytes);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, L::kMaxExpressionDepth);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, L::kMaxLikePatternBytes);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, L::kMaxAttached);
    sqlite3_hard_heap_limit64(L::kHeapCeilingBytes);
}

void ReadGuard::install(sqlite3* db) { sqlite3_set_authorizer(db, &ReadGuard::authorize, this); }

std::string ReadGuard::take_refusal() {
    std::string out;
    out.swap(refusal_);
    return out;
}

int ReadGuard::authorize(void* self, int action, const char* a, const char* b, const char*, const char*) {
    return static_cast<ReadGuard*>(self)->decide(action, a, b);
}

int ReadGuard::decide(int action, const char* a, const char* b) {
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_READ:
        case SQLITE_RECURSIVE:
        case SQLITE_TRANSACTION:
        case SQLITE_SAVEPOINT:
            return SQLITE_OK;
        case SQLITE_FUNCTION:
            if (!b || std::strcmp(b, "load_extension") != 0) return SQLITE_OK;
            break;
        case SQLITE_UPDATE:
            // SQLite asks this of its own schema table when a table-valued pragma such as
            // pragma_table_info() is first used; a statement can never update
            // sqlite_master itself while writable_schema is off, and setting it is refused.
            if (a && std::strcmp(a, "sqlite_master") == 0) return SQLITE_OK;
            break;
        case SQLITE_PRAGMA:
            if (listed(kReadingPragmasWithArgument, a) || (!b && !listed(kWritingPragmas, a))) return SQLITE_OK;
            break;
        default:
            break;
    }
    const char* object = action == SQLITE_FUNCTION ? b : a;
    refusal_ = std::string(action_name(action)) + (object ? " '" + std::string(object) + "'" : "");
    return SQLITE_DENY;
}

}  // namespace asemdb::detail
