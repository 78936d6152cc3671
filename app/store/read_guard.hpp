#pragma once
// The read-only guard a ReadOnly connection carries beside SQLite's own
// read-only open and PRAGMA query_only: an authorizer that refuses every action
// that could write, attach another file or load code, and remembers what it refused
// so the error can say so.

#include <sqlite3.h>

#include <string>

namespace asemdb::detail {

/// SQLite's own defences for SQL and schemas from untrusted hands ("Defense
/// Against the Dark Arts"): defensive mode, an untrusted schema, fts3_tokenizer's
/// pointers off, no attached databases, caps on value, statement and LIKE
/// pattern length and expression depth, and a ceiling on SQLite's heap.
struct UntrustedSqlLimits {
    static constexpr int kMaxValueBytes = 100'000'000;
    static constexpr int kMaxSqlBytes = 1'000'000;
    static constexpr int kMaxExpressionDepth = 200;
    static constexpr int kMaxLikePatternBytes = 1'000;
    static constexpr int kMaxAttached = 0;
    /// Process-wide (SQLite has one heap): the ceiling for every connection.
    static constexpr long long kHeapCeilingBytes = 1LL << 30;
};

/// Applies UntrustedSqlLimits to `db`. Throws std::runtime_error if SQLite refuses one.
void defend_against_untrusted_sql(sqlite3* db);

class ReadGuard {
 public:
    /// Installs the authorizer on `db`. REQUIRES: the guard outlives `db`'s use.
    void install(sqlite3* db);
    /// What was last refused ("INSERT into 'country'"), then forgets it; empty if nothing.
    std::string take_refusal();

 private:
    static int authorize(void* self, int action, const char* a, const char* b, const char* db, const char* trigger);
    int decide(int action, const char* a, const char* b);
    std::string refusal_;
};

}  // namespace asemdb::detail
