#include "asemdb/init.hpp"

#include "asemdb/connection.hpp"
#include "asemdb/error.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <system_error>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

fs::path with_suffix(const fs::path& file, const char* suffix) {
    fs::path out = file;
    out += suffix;
    return out;
}

void remove_quietly(const fs::path& file) {
    std::error_code ignored;
    fs::remove(file, ignored);
    for (const char* suffix : {"-journal", "-wal", "-shm"}) fs::remove(with_suffix(file, suffix), ignored);
}

// WAL: readers (reports, queries, the audit) go on reading while init writes,
// and a writer waits for another up to the busy timeout. The mode is stored in
// the file, so every later connection uses it.
void use_wal(Connection& conn) {
    try {
        conn.db().exec("PRAGMA journal_mode = WAL");
    } catch (const SQLite::Exception& e) {
        const bool busy = e.getErrorCode() == SQLITE_BUSY;
        throw Error::io(conn.path(), std::string("cannot switch to WAL mode: ") + e.what() +
                                         (busy ? " (another process is writing to it; try again later)" : ""));
    }
}

// Opens the file a new database is built in; an error names the target, not the temporary.
Connection open_new(const fs::path& db_file, const fs::path& building) {
    try {
        return Connection::open(building, OpenMode::Create);
    } catch (const Error&) {
        const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
        throw Error::io(db_file, "cannot create a database in '" + dir.string() + "' (is it writable?)");
    }
}

InitResult create_new(const fs::path& db_file, const SqlTree& tree) {
    const fs::path building = with_suffix(db_file, ".init-tmp");
    remove_quietly(building);  // left by a run that was killed
    InitResult result{true, {}, 0};
    try {
        auto conn = open_new(db_file, building);
        use_wal(conn);
        auto migration = migrate(conn, tree);
        result.applied = std::move(migration.applied);
        result.schema_version = migration.schema_version;
    } catch (...) {
        remove_quietly(building);
        throw;
    }
    std::error_code ec;
    // A -wal or -shm left by a database deleted earlier would be read as this one's.
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(with_suffix(db_file, suffix), ec);
    fs::rename(building, db_file, ec);
    if (ec) {
        remove_quietly(building);
        throw Error::io(db_file, "cannot move the new database into place: " + ec.message());
    }
    return result;
}

}  // namespace

InitResult init_database(const fs::path& db_file, const SqlTree& tree) {
    std::error_code ec;
    if (!fs::exists(db_file, ec)) {
        const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
        if (!fs::exists(dir, ec)) throw Error::io(db_file, "directory '" + dir.string() + "' does not exist");
        if (!fs::is_directory(dir, ec)) throw Error::io(db_file, "'" + dir.string() + "' is not a directory");
        return create_new(db_file, tree);
    }
    auto conn = Connection::open(db_file, OpenMode::ReadWrite);
    auto migration = migrate(conn, tree);  // first: it refuses a database asemdb did not create, untouched
    use_wal(conn);
    return {false, std::move(migration.applied), migration.schema_version};
}

}  // namespace asemdb
