#pragma once
// One snapshot for a whole run: every statement of a report (sheets, summary,
// sources) and its database fingerprint read the same committed data, even
// while another process commits. SQLite as Debian builds it has no snapshot
// API, so a second connection is pinned to the run's snapshot by observation:
// its data version, read before the run's transaction began, is unchanged once
// its own transaction has begun, so nothing was committed in between.

#include "asemdb/store/connection.hpp"

#include <optional>

namespace asemdb::detail {

class ReadSnapshot {
 public:
    /// Begins a read transaction on `conn`, unless the caller holds one open
    /// (the run then reads inside the caller's). With `want_twin`, also opens
    /// a second read-only connection to the same file, reading the same
    /// snapshot, for reading beside the run in a thread of its own.
    /// Throws Error{Sql} when the transaction cannot begin.
    ReadSnapshot(const Connection& conn, bool want_twin);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    /// The second connection, or null when there is none to be had: an
    /// in-memory database, a transaction the caller opened, a file that cannot
    /// be opened twice, or other processes that kept committing between the
    /// two starts. Reading `conn` itself then gives the same data, later.
    const Connection* twin() const { return twin_ ? &*twin_ : nullptr; }
    /// Whether the run's transaction is still the one this snapshot began
    /// (false once a statement of the run has ended or restarted it).
    bool intact() const;

 private:
    void begin(const Connection& conn) const;
    bool pin_twin();

    const Connection& conn_;
    bool owned_ = false;  // the transaction on conn_ is ours to end
    std::optional<Connection> twin_;
};

}  // namespace asemdb::detail
