#pragma once
// Test helpers: temporary directories, a seeded in-memory database, file bytes,
// and copies of the project's sql/ tree that a test may break on purpose.

#include "asemdb/store/connection.hpp"
#include "asemdb/store/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>
#include <string>

namespace asemdb::test {

/// A fresh directory under the system's temp directory, removed with its contents.
class TempDir {
 public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
    std::filesystem::path path_;
};

/// The project's source tree (where sql/ lives).
std::filesystem::path source_dir();

std::string read_bytes(const std::filesystem::path& file);
void write_text(const std::filesystem::path& file, const std::string& text);

/// Copies the project's sql/ tree to `dir` / "sql" and returns that path.
std::filesystem::path copy_sql_tree(const std::filesystem::path& dir);

/// The first column of the first row of `sql`, as text ("NULL" for NULL).
std::string scalar(SQLite::Database& db, const std::string& sql);

/// An in-memory database built by the same scripts `asemdb init` applies.
struct SeededDb {
    SeededDb();
    /// The first column of the first row of `sql`, as text.
    std::string value(const std::string& sql) { return scalar(conn.db(), sql); }
    /// Runs `sql`; returns "ok" or SQLite's message, for constraint tests.
    std::string attempt(const std::string& sql);
    Connection conn;
};

}  // namespace asemdb::test
