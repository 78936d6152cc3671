#include "asemdb/store/init.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>
#include <thread>

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

// The temporary file a new database is built in, held under an exclusive lock
// (flock) for the whole build. A second `init` on the same path (a cron job and a
// person) waits for the lock instead of deleting a file being built, then finds
// the finished database and brings it up to date like any existing one. A file
// left by a killed run carries no lock: the next run takes it over.
class BuildLock {
 public:
    static constexpr auto kWait = std::chrono::seconds(60);

    explicit BuildLock(fs::path file) : file_(std::move(file)) {}
    ~BuildLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

    // Locks the file now at the path (created if absent), waiting up to kWait.
    void acquire(const fs::path& db_file) {
        const auto deadline = std::chrono::steady_clock::now() + kWait;
        for (;;) {
            release();
            fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
            if (fd_ < 0) {
                const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
                throw Error::io(db_file, "cannot create a database in '" + dir.string() + "' (" +
                                             std::strerror(errno) + ")");
            }
            if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
                // The lock holds the file we opened; the path may name another by now
                // (the run we waited for renamed it into place).
                if (still_at_path()) return;
                continue;
            }
            if (errno != EWOULDBLOCK && errno != EINTR)
                throw Error::io(file_, std::string("cannot lock: ") + std::strerror(errno));
            if (std::chrono::steady_clock::now() > deadline)
                throw Error::io(db_file, "another 'asemdb init' has been creating it for " +
                                             std::to_string(kWait.count()) + " s; try again later");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    // Empties what a killed run left, so the build starts from nothing.
    void truncate() {
        if (::ftruncate(fd_, 0) != 0) throw Error::io(file_, std::string("cannot truncate: ") + std::strerror(errno));
    }
    void release() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

 private:
    bool still_at_path() const {
        struct stat held {}, named {};
        return ::fstat(fd_, &held) == 0 && ::stat(file_.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
               held.st_ino == named.st_ino;
    }

    fs::path file_;
    int fd_ = -1;
};

InitResult create_new(const fs::path& db_file, const fs::path& building, BuildLock& lock, const SqlTree& tree) {
    std::error_code ec;
    PendingFile half_built(building);  // removed should a signal stop the build
    lock.truncate();
    for (const char* suffix : {"-journal", "-wal", "-shm"}) fs::remove(with_suffix(building, suffix), ec);
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
    // A -wal or -shm left by a database deleted earlier would be read as this one's.
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(with_suffix(db_file, suffix), ec);
    ec = half_built.rename_to(db_file);
    if (ec) {
        remove_quietly(building);
        throw Error::io(db_file, "cannot move the new database into place: " + ec.message());
    }
    return result;
}

InitResult update_existing(const fs::path& db_file, const SqlTree& tree) {
    auto conn = Connection::open(db_file, OpenMode::ReadWrite);
    auto migration = migrate(conn, tree);  // first: it refuses a database asemdb did not create, untouched
    use_wal(conn);
    return {false, std::move(migration.applied), migration.schema_version};
}

// Whether `file` exists; an error other than "absent" (a loop of links, no
// permission) is one to report, not a reason to build a new database.
bool exists_checked(const fs::path& file) {
    std::error_code ec;
    const bool found = fs::exists(fs::status(file, ec));
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        throw Error::io(file, "cannot examine: " + ec.message());
    return found;
}

}  // namespace

InitResult init_database(const fs::path& db_file, const SqlTree& tree) {
    if (exists_checked(db_file)) return update_existing(db_file, tree);
    std::error_code ec;
    const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
    if (!fs::exists(dir, ec)) throw Error::io(db_file, "directory '" + dir.string() + "' does not exist");
    if (!fs::is_directory(dir, ec)) throw Error::io(db_file, "'" + dir.string() + "' is not a directory");
    const fs::path building = with_suffix(db_file, ".init-tmp");
    BuildLock lock(building);
    lock.acquire(db_file);
    if (exists_checked(db_file)) {
        // Another run finished it while this one waited: the file it took is not needed.
        remove_quietly(building);
        lock.release();
        return update_existing(db_file, tree);
    }
    return create_new(db_file, building, lock, tree);
}

}  // namespace asemdb
