// database_fingerprint: a SHA-256 of the content, not of the file, so that the
// same data gives the same fingerprint whatever its page layout or vacuum state.

#include "engine/fingerprint.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "base/sha256.hpp"
#include "engine/read_cell.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace asemdb {
namespace {

// Feeds the digest in large blocks: one EVP call per value would cost more than
// the hashing itself on a table of millions of cells. The bytes, and so the
// digest, are exactly those of adding every piece on its own.
class BufferedDigest {
 public:
    explicit BufferedDigest(detail::Sha256& digest) : digest_(digest) {}
    BufferedDigest(const BufferedDigest&) = delete;
    BufferedDigest& operator=(const BufferedDigest&) = delete;

    void add(const void* data, std::size_t size) {
        if (used_ + size > kSize) flush();
        if (size >= kSize) return digest_.add(data, size);
        if (size > 0) std::memcpy(buffer_.data() + used_, data, size);
        used_ += size;
    }
    void flush() {
        if (used_ > 0) digest_.add(buffer_.data(), used_);
        used_ = 0;
    }

 private:
    static constexpr std::size_t kSize = 64 * 1024;
    detail::Sha256& digest_;
    std::array<unsigned char, kSize> buffer_;
    std::size_t used_ = 0;
};

// Each value goes in with its type and length, so ("ab", "c") and ("a", "bc") differ.
void add_tagged(BufferedDigest& digest, char tag, const void* data, std::size_t size) {
    const std::uint64_t length = size;
    digest.add(&tag, 1);
    digest.add(&length, sizeof length);
    digest.add(data, size);
}

detail::StatementPtr select_all(sqlite3* db, const std::string& table) {
    const std::string quoted = detail::quote_identifier(table);
    sqlite3_stmt* raw = nullptr;
    const std::string ordered = "SELECT * FROM " + quoted + " ORDER BY rowid";
    if (sqlite3_prepare_v2(db, ordered.c_str(), -1, &raw, nullptr) == SQLITE_OK) return detail::StatementPtr(raw);
    // A WITHOUT ROWID table has no rowid; its primary key orders its rows.
    const std::string plain = "SELECT * FROM " + quoted;
    if (sqlite3_prepare_v2(db, plain.c_str(), -1, &raw, nullptr) == SQLITE_OK) return detail::StatementPtr(raw);
    throw Error::sql(table, 0, std::string("cannot read the table for the fingerprint: ") + sqlite3_errmsg(db));
}

void add_table(sqlite3* db, const std::string& table, BufferedDigest& digest) {
    auto stmt = select_all(db, table);
    add_tagged(digest, 'T', table.data(), table.size());
    const int columns = sqlite3_column_count(stmt.get());
    Cell cell;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        for (int i = 0; i < columns; ++i) {
            detail::read_cell(stmt.get(), i, cell);
            switch (cell.type) {
                case CellType::Null: add_tagged(digest, 'N', nullptr, 0); break;
                case CellType::Integer: add_tagged(digest, 'I', &cell.integer, sizeof cell.integer); break;
                case CellType::Real: add_tagged(digest, 'R', &cell.real, sizeof cell.real); break;
                case CellType::Text: add_tagged(digest, 'S', cell.text.data(), cell.text.size()); break;
                case CellType::Blob: add_tagged(digest, 'B', cell.text.data(), cell.text.size()); break;
            }
        }
    }
    // A read cut short (interrupted, an I/O error) must not pass for the digest of less data.
    if (rc != SQLITE_DONE)
        throw Error::sql(table, 0, std::string("cannot read the table for the fingerprint: ") + sqlite3_errmsg(db));
}

// Often enough to stop within milliseconds, rarely enough to cost nothing.
constexpr int kStopCheckInstructions = 10000;

}  // namespace

std::string database_fingerprint(const Connection& conn) {
    detail::Sha256 digest;
    BufferedDigest buffered(digest);
    SQLite::Statement tables(conn.db(), "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (tables.executeStep()) add_table(conn.db().getHandle(), tables.getColumn(0).getString(), buffered);
    buffered.flush();
    return digest.hex();
}

namespace detail {

FingerprintTask::FingerprintTask(const Connection& conn, const Connection* twin, std::function<bool()> stop)
    : conn_(conn), twin_(twin), stop_(std::move(stop)) {
    if (!twin_) return;
    sqlite3_progress_handler(twin_->db().getHandle(), kStopCheckInstructions, &FingerprintTask::interrupt, this);
    thread_ = std::thread([this] {
        try {
            result_ = database_fingerprint(*twin_);
        } catch (const SQLite::Exception& e) {
            error_ = std::make_exception_ptr(
                Error::sql(twin_->path().string(), 0, std::string("cannot read the fingerprint: ") + e.what()));
        } catch (...) {
            error_ = std::current_exception();
        }
    });
}

FingerprintTask::~FingerprintTask() {
    if (thread_.joinable()) {
        abandoned_ = true;
        thread_.join();
    }
    if (twin_) sqlite3_progress_handler(twin_->db().getHandle(), 0, nullptr, nullptr);
}

std::string FingerprintTask::get() {
    if (!twin_) return database_fingerprint(conn_);
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
    return result_;
}

int FingerprintTask::interrupt(void* self) {
    auto& task = *static_cast<FingerprintTask*>(self);
    return task.abandoned_ || (task.stop_ && task.stop_());
}

}  // namespace detail
}  // namespace asemdb
