#include "asemdb/store/connection.hpp"

#include "asemdb/base/error.hpp"
#include "store/read_guard.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

int open_flags(OpenMode mode) {
    switch (mode) {
        case OpenMode::ReadOnly: return SQLite::OPEN_READONLY;
        case OpenMode::ReadWrite: return SQLite::OPEN_READWRITE;
        case OpenMode::Create: return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    }
    return SQLite::OPEN_READONLY;
}

// A database is a regular file (or a link to one): SQLite would wait forever
// reading a FIFO, and a device or socket is never a database.
void check_location(const fs::path& path, OpenMode mode) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        throw Error::io(path, "cannot open database: " + ec.message());
    if (fs::is_directory(status)) throw Error::io(path, "is a directory, not a database file");
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw Error::io(path, "is not a regular file (a FIFO, device or socket), not a database file");
    if (mode != OpenMode::Create && !fs::exists(status)) {
        throw Error::io(path, "no such database (run 'asemdb init' to create it)");
    }
}

// A file: URI naming `path`, with the characters a URI reserves escaped.
std::string file_uri(const fs::path& path, const char* query) {
    std::string uri = "file:";
    for (const unsigned char c : fs::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
            constexpr char kHex[] = "0123456789ABCDEF";
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + query;
}

// A connection is only ever used by one thread at a time (a run's second
// reader has a connection of its own), so SQLite need not lock it on every
// call: on an export that is a mutex taken and released per cell.
constexpr int kOneThreadAtATime = SQLITE_OPEN_NOMUTEX;

std::unique_ptr<SQLite::Database> open_checked(const std::string& name, int flags) {
    auto db = std::make_unique<SQLite::Database>(name, flags | kOneThreadAtATime, kDefaultBusyTimeoutMs);
    // SQLite opens lazily: reading the schema is what tells a database from any other file.
    db->exec("SELECT count(*) FROM sqlite_schema");
    return db;
}

// A WAL database needs its -shm file even to be read. Where a reader may not
// create it (a read-only directory) and no -wal file holds unmerged changes,
// the main file is the whole database: it is then opened as immutable, which
// needs neither file and takes no locks.
bool can_read_as_immutable(const fs::path& path, const SQLite::Exception& e) {
    std::error_code ec;
    const int code = e.getErrorCode();
    return (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) && !fs::exists(fs::path(path.string() + "-wal"), ec);
}

std::unique_ptr<SQLite::Database> open_database(const fs::path& path, OpenMode mode) {
    try {
        return open_checked(path.string(), open_flags(mode));
    } catch (const SQLite::Exception& e) {
        if (mode != OpenMode::ReadOnly || !can_read_as_immutable(path, e)) throw;
        return open_checked(file_uri(path, "?mode=ro&immutable=1"), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    }
}

}  // namespace

Connection::Connection(std::unique_ptr<SQLite::Database> db, fs::path path)
    : db_(std::move(db)), path_(std::move(path)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection Connection::open(const fs::path& path, OpenMode mode) {
    check_location(path, mode);
    std::unique_ptr<SQLite::Database> db;
    try {
        db = open_database(path, mode);
        db->exec("PRAGMA foreign_keys = ON");
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_NOTADB) throw Error::io(path, "not a SQLite database");
        throw Error::io(path, std::string("cannot open database: ") + e.what());
    }
    Connection conn(std::move(db), path);
    if (mode == OpenMode::ReadOnly) conn.guard_reads();
    return conn;
}

void Connection::guard_reads() {
    if (guard_) return;
    db_->exec("PRAGMA query_only = ON");
    detail::defend_against_untrusted_sql(db_->getHandle());
    guard_ = std::make_unique<detail::ReadGuard>();
    guard_->install(db_->getHandle());
}

std::string Connection::take_refusal() const { return guard_ ? guard_->take_refusal() : std::string(); }

Connection Connection::in_memory() {
    auto db = std::make_unique<SQLite::Database>(":memory:",
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | kOneThreadAtATime);
    db->exec("PRAGMA foreign_keys = ON");
    return Connection(std::move(db), ":memory:");
}

std::string sqlite_version() { return sqlite3_libversion(); }

}  // namespace asemdb
