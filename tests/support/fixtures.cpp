#include "support/fixtures.hpp"

#include <SQLiteCpp/Exception.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace asemdb::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("asemdb-test-" + std::to_string(random()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

fs::path source_dir() { return ASEMDB_SOURCE_DIR; }

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

fs::path copy_sql_tree(const fs::path& dir) {
    const fs::path target = dir / "sql";
    fs::copy(source_dir() / "sql", target, fs::copy_options::recursive);
    return target;
}

std::string scalar(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement query(db, sql);
    if (!query.executeStep()) return "no row";
    return query.getColumn(0).isNull() ? "NULL" : query.getColumn(0).getString();
}

SeededDb::SeededDb() : conn(Connection::in_memory()) { migrate(conn, embedded_sql()); }

std::string SeededDb::attempt(const std::string& sql) {
    try {
        conn.db().exec(sql);
        return "ok";
    } catch (const SQLite::Exception& e) {
        return e.what();
    }
}

}  // namespace asemdb::test
