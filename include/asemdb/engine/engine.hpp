#pragma once
// The report engine: prepares each sheet's query, binds the resolved parameters
// by name, and streams the rows to a RowSink one at a time. It never formats
// output and never holds a whole result.

#include "asemdb/engine/params.hpp"
#include "asemdb/engine/report.hpp"
#include "asemdb/engine/row.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

class Connection;

/// How a run is bounded, for ad hoc queries that may be larger or slower than meant.
struct RunOptions {
    std::optional<std::uint64_t> max_rows;             ///< per sheet; later rows are not read
    std::optional<std::chrono::milliseconds> timeout;  ///< for the whole run
    const std::atomic<bool>* cancel = nullptr;         ///< when it becomes true (Ctrl-C), the run stops
    /// Read the database fingerprint for a sink that shows it (RowSink::fingerprint):
    /// a full read of every table, of the snapshot the rows come from, done beside
    /// the rows on a second connection in a thread of its own where the database
    /// is a file, else after them.
    bool fingerprint = true;
    /// Where a progress line goes (see progress_stream and ProgressSink); null: nowhere.
    std::ostream* progress = nullptr;
};

struct RunSummary {
    std::vector<std::pair<std::string, std::uint64_t>> sheet_rows;  ///< sheet name, rows
    std::vector<std::string> limited_sheets;  ///< sheets cut short by RunOptions::max_rows
    std::string text;  ///< the report's text summary, if it has one
};

/// Runs `def` against `conn` into `sink`, every statement in one read
/// transaction (one snapshot; inside the caller's if one is open), binding each
/// statement's parameters by name (:name, @name, $name) or number (?1 binds the
/// parameter named "1").
/// Every statement must only read: one that would write, attach or load code is
/// refused. Throws Error{Sql} naming the report and sheet when a query fails,
/// times out or is cancelled (with the SQL and a caret under the error where
/// SQLite locates it), Error{Parameter} for a parameter the report does not
/// declare, Error{Sql} for a statement that ends the run's transaction;
/// renderer errors pass through.
RunSummary run_report(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                      RowSink& sink, std::time_t generated, const RunOptions& options = {});

/// Prepares every statement of `def` without running it and returns the names of
/// the parameters they bind, in order of first use (see run_report for naming).
/// Throws as run_report would for a statement that fails to prepare or writes.
std::vector<std::string> statement_parameters(const Connection& conn, const ReportDefinition& def);

/// SHA-256 over the content of every table (names, then rows in rowid order):
/// equal for databases holding the same data, whatever their page layout.
std::string database_fingerprint(const Connection& conn);

}  // namespace asemdb
