#pragma once
// The read-only guard a ReadOnly connection carries beside SQLite's own
// read-only open and PRAGMA query_only: an authorizer that refuses every action
// that could write, attach another file or load code, and remembers what it refused
// so the error can say so.

#include <sqlite3.h>

#include <string>

namespace asemdb::detail {

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
