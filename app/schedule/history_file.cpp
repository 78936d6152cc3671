// The run history's file: where it lives, its schema and the migrations from
// earlier versions, and opening it in WAL mode. What is read and written in it:
// history.cpp.

#include "asemdb/schedule/history.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <thread>

namespace asemdb {
namespace {
namespace fs = std::filesystem;

constexpr int kHistoryVersion = 3;  // 2: delivery; 3: params as a JSON object, counted, failed_checks
constexpr int kHistoryBusyTimeoutMs = 60000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS job_seen (
    job        TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS run (
    id           INTEGER PRIMARY KEY,
    job          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('schedule', 'manual')),
    scheduled_at TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    report       TEXT NOT NULL,
    params       TEXT NOT NULL,
    row_count    INTEGER NOT NULL DEFAULT 0,
    missed       INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    attempt      INTEGER NOT NULL DEFAULT 1,
    counted      TEXT,
    failed_checks TEXT
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS run_occurrence ON run (job, scheduled_at) WHERE kind = 'schedule';
CREATE TABLE IF NOT EXISTS run_output (
    run_id     INTEGER NOT NULL REFERENCES run (id),
    path       TEXT NOT NULL,
    format     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (run_id, path)
) STRICT;
CREATE TABLE IF NOT EXISTS delivery (
    run_id          INTEGER PRIMARY KEY REFERENCES run (id),
    status          TEXT NOT NULL CHECK (status IN ('sending', 'pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    message_id      TEXT NOT NULL,
    body            TEXT NOT NULL,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    reply           TEXT NOT NULL DEFAULT '',
    pid             INTEGER NOT NULL,
    host            TEXT NOT NULL,
    claimed_at      TEXT NOT NULL
) STRICT;
)sql";

// Switching to WAL needs a moment alone with the file; a busy neighbour is waited for.
void enable_wal(SQLite::Database& db, const fs::path& file) {
    for (int attempt = 0;; ++attempt) {
        try {
            db.exec("PRAGMA journal_mode = WAL");
            return;
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED) || attempt == 200)
                throw Error::io(file, std::string("cannot use the history file: ") + e.what());
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

// The file's history version; throws Error{Io} for another kind of database or a newer history.
int refuse_foreign(SQLite::Database& db, const fs::path& file) {
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > kHistoryVersion)
        throw Error::io(file, "this history file comes from a newer asemdb (version " + std::to_string(version) + ")");
    if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() > 0)
        throw Error::io(file, "is not an asemdb history file");
    return version;
}

}  // namespace

fs::path History::file_for(const fs::path& database) { return history_file_for(database); }

History History::open(const fs::path& file) {
    auto conn = Connection::open(file, OpenMode::Create);
    auto& db = conn.db();
    try {
        db.exec("PRAGMA busy_timeout = " + std::to_string(kHistoryBusyTimeoutMs));
        // Checked before WAL mode is switched on: a file refused stays as it was.
        refuse_foreign(db, file);
        enable_wal(db, file);
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        const int version = refuse_foreign(db, file);
        if (version < kHistoryVersion) {
            db.exec(kSchema);
            // A history from before version 3 keeps its runs; their params stay in the old shape, read as such.
            if (version >= 1 && version < 3)
                db.exec("ALTER TABLE run ADD COLUMN counted TEXT; ALTER TABLE run ADD COLUMN failed_checks TEXT;");
            db.exec("PRAGMA user_version = " + std::to_string(kHistoryVersion));
        }
        tx.commit();
    } catch (const SQLite::Exception& e) {
        throw Error::io(file, std::string("cannot use the history file: ") + e.what());
    }
    return History(std::move(conn));
}

std::optional<History> History::open_existing(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    return open(file);
}

}  // namespace asemdb
