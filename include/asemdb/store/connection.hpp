#pragma once
// A connection to the forum database: opens a file (or an in-memory database),
// refuses files that are not SQLite databases, and sets the pragmas every
// connection needs (foreign keys on, a busy timeout).

#include <filesystem>
#include <memory>
#include <string>

namespace SQLite {
class Database;
}

namespace asemdb {
namespace detail {
class ReadGuard;
}

enum class OpenMode {
    ReadOnly,   ///< the file must exist; nothing is ever written, no other file attached
    ReadWrite,  ///< the file must exist
    Create,     ///< the file is created if absent
};

inline constexpr int kDefaultBusyTimeoutMs = 5000;

class Connection {
 public:
    /// Opens `path`. Throws Error{Io} if the file is missing (ReadOnly, ReadWrite), its
    /// directory is missing, or it is not a SQLite database; nothing is written to it.
    static Connection open(const std::filesystem::path& path, OpenMode mode);
    /// A fresh, empty database in memory.
    static Connection in_memory();

    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// The underlying SQLiteCpp handle; owned by this connection.
    SQLite::Database& db() const noexcept { return *db_; }
    /// The file opened, or ":memory:".
    const std::filesystem::path& path() const noexcept { return path_; }

    /// Makes this connection fit to run SQL from untrusted hands: it refuses every
    /// statement that would write, attach a file or load an extension (PRAGMA
    /// query_only and an authorizer), and SQLite's own defences and limits are on
    /// (read_guard.hpp). ReadOnly connections, the ones that run user SQL, are
    /// guarded from the start.
    void guard_reads();
    /// What the guard last refused ("INSERT into 'country'"), then forgets it;
    /// empty when nothing was refused or the connection is not guarded.
    std::string take_refusal() const;

 private:
    Connection(std::unique_ptr<SQLite::Database> db, std::filesystem::path path);
    std::unique_ptr<detail::ReadGuard> guard_;  // declared before db_: destroyed after it
    std::unique_ptr<SQLite::Database> db_;
    std::filesystem::path path_;
};

/// The version of the SQLite library loaded at run time ("3.40.1"), not the headers'.
std::string sqlite_version();

}  // namespace asemdb
