#include "engine/read_snapshot.hpp"

#include "asemdb/base/error.hpp"
#include "store/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace asemdb::detail {
namespace {

// Commits by others landing between the two starts, again and again, mean a
// busy database: past this many tries the run reads its fingerprint itself.
constexpr int kPinAttempts = 3;

sqlite3* handle(const Connection& conn) { return conn.db().getHandle(); }

void exec(const Connection& conn, const char* sql) {
    if (sqlite3_exec(handle(conn), sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        throw Error::sql(conn.path().string(), 0, std::string("cannot read a consistent snapshot (") + sql +
                                                     "): " + sqlite3_errmsg(handle(conn)));
}

// Changes when another connection has committed since this one last read;
// inside a read transaction it stays that of the transaction's start.
std::int64_t data_version(const Connection& conn) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(handle(conn), "PRAGMA data_version", -1, &raw, nullptr) != SQLITE_OK)
        throw Error::sql(conn.path().string(), 0, std::string("cannot read the data version: ") + sqlite3_errmsg(handle(conn)));
    const StatementPtr stmt(raw);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
        throw Error::sql(conn.path().string(), 0, std::string("cannot read the data version: ") + sqlite3_errmsg(handle(conn)));
    return sqlite3_column_int64(stmt.get(), 0);
}

// The file behind `conn`'s main database; empty for an in-memory or temporary one.
std::string main_file(const Connection& conn) {
    const char* name = sqlite3_db_filename(handle(conn), "main");
    return name ? name : "";
}

}  // namespace

ReadSnapshot::ReadSnapshot(const Connection& conn, bool want_twin) : conn_(conn) {
    // A caller's transaction is the caller's: the run reads in it and leaves it open.
    if (!sqlite3_get_autocommit(handle(conn_))) return;
    owned_ = true;
    if (want_twin && pin_twin()) return;
    begin(conn_);
}

ReadSnapshot::~ReadSnapshot() {
    twin_.reset();
    // Only read: ending it cannot fail in a way that loses anything.
    if (owned_ && !sqlite3_get_autocommit(handle(conn_)))
        sqlite3_exec(handle(conn_), "ROLLBACK", nullptr, nullptr, nullptr);
}

bool ReadSnapshot::intact() const { return !owned_ || !sqlite3_get_autocommit(handle(conn_)); }

// BEGIN alone takes no lock: the first read does, and fixes the snapshot.
void ReadSnapshot::begin(const Connection& conn) const {
    exec(conn, "BEGIN");
    data_version(conn);
}

bool ReadSnapshot::pin_twin() {
    const std::string file = main_file(conn_);
    if (file.empty()) return false;
    try {
        twin_.emplace(Connection::open(file, OpenMode::ReadOnly));
        // Waiting on a writer here would hold the run up; the run can read the fingerprint itself.
        sqlite3_busy_timeout(handle(*twin_), 0);
        for (int attempt = 0; attempt < kPinAttempts; ++attempt) {
            const std::int64_t before = data_version(*twin_);
            begin(conn_);
            begin(*twin_);
            if (data_version(*twin_) == before) {
                sqlite3_busy_timeout(handle(*twin_), kDefaultBusyTimeoutMs);
                return true;
            }
            exec(*twin_, "ROLLBACK");
            exec(conn_, "ROLLBACK");
        }
    } catch (const Error&) {
        // No second reader to be had: the run reads the fingerprint on its own connection.
    }
    twin_.reset();
    if (!sqlite3_get_autocommit(handle(conn_))) exec(conn_, "ROLLBACK");
    return false;
}

}  // namespace asemdb::detail
