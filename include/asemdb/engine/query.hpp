#pragma once
// Ad hoc SQL as a report, so that `asemdb query` and a bare .sql report run
// through the same engine and render the same way.

#include "asemdb/engine/report.hpp"

#include <string>

namespace asemdb {

class Connection;

/// A report named `id` with one sheet per statement of `sql` (the sheet named
/// `id`, or `id_1`, `id_2`, ... when there are several) and one required text
/// parameter per parameter the statements bind (:name, @name, $name, or the
/// number of ?NNN). Every statement is prepared against `conn` now, so a syntax
/// error, a write or an empty input is reported before anything runs.
/// Throws Error{Usage} for input without a statement, else as run_report would.
ReportDefinition adhoc_query(const Connection& conn, const std::string& id, const std::string& sql,
                             const std::string& origin);

}  // namespace asemdb
