#pragma once
// Reading a schedule file into the schedule's model, and the checks that need
// the report catalog.

#include "asemdb/schedule/schedule.hpp"

#include <filesystem>

namespace asemdb {

/// schedule.toml beside `database`.
std::filesystem::path default_schedule_file(const std::filesystem::path& database);

/// Reads and checks a schedule file: keys, cron expressions, time zones,
/// formats, output templates (no absolute path, no '..'). Throws
/// Error{Definition} with the file and line, or Error{Io} if it is missing.
Schedule load_schedule(const std::filesystem::path& file);

/// Checks what needs the catalog: every report and sheet exists, every job's
/// parameters are valid, a format that holds one table gets one sheet, and the
/// output templates name parameters of the job and expand, as of now, to safe
/// file names. Throws Error{Definition} naming the file, line and job.
void check_schedule(const Schedule& schedule, const ReportCatalog& catalog);

/// Throws Error{Definition} naming the job when an output of a job, its template
/// expanded for `when` with the parameters resolved then, would be `database` or
/// one of its files (see refuse_database_output). Each run checks its own paths again.
void refuse_database_outputs(const Schedule& schedule, const ReportCatalog& catalog,
                             const std::filesystem::path& database, TimePoint when);

}  // namespace asemdb
