#pragma once
// A connection to the forum database: opens a file (or an in-memory database),
// refuses files that are not SQLite databases, and sets the pragmas every
// connection needs (foreign keys on, a busy timeout).

#include <filesystem>
#include <memory>

namespace SQLite {
class Database;
}

namespace asemdb {

enum class OpenMode {
    ReadOnly,   ///< the file must exist; nothing is ever written
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

 private:
    Connection(std::unique_ptr<SQLite::Database> db, std::filesystem::path path);
    std::unique_ptr<SQLite::Database> db_;
    std::filesystem::path path_;
};

}  // namespace asemdb
