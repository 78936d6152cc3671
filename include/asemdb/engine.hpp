#pragma once
// The report engine: prepares each sheet's query, binds the resolved parameters
// by name, and streams the rows to a RowSink one at a time. It never formats
// output and never holds a whole result.

#include "asemdb/params.hpp"
#include "asemdb/report.hpp"
#include "asemdb/row.hpp"

#include <ctime>
#include <string>
#include <vector>

namespace asemdb {

class Connection;

struct RunSummary {
    std::vector<std::pair<std::string, std::uint64_t>> sheet_rows;  ///< sheet name, rows
};

/// Runs `def` against `conn` into `sink`. Throws Error{Sql} naming the report and
/// sheet when a query fails, Error{Definition} when a query uses a parameter the
/// report does not declare; renderer errors pass through.
RunSummary run_report(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                      RowSink& sink, std::time_t generated);

/// SHA-256 over the content of every table (names, then rows in rowid order):
/// equal for databases holding the same data, whatever their page layout.
std::string database_fingerprint(const Connection& conn);

}  // namespace asemdb
