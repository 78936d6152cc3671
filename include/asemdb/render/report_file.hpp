#pragma once
// Running a report into its destination: the engine, a renderer chosen by
// format, and a Destination, so a file appears complete or not at all.

#include "asemdb/engine/engine.hpp"
#include "asemdb/render/render.hpp"

#include <filesystem>

namespace asemdb {

/// The file a run of `def` as `format` is written to when no name is given, and
/// the name a download of it carries: NAME-YYYY-MM-DD.EXT, dated `now` (local).
std::string default_file_name(const ReportDefinition& def, Format format, std::time_t now);

/// Runs `def` as `format` into `file`, or to standard output when `file` is
/// empty. A file that is the database (see refuse_database_output) is refused
/// before the run. On any error nothing is left at `file` (an earlier file there
/// is untouched) and the Error names `file`.
RunSummary run_report_to(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                         Format format, const std::filesystem::path& file, const RenderOptions& options,
                         std::time_t generated, const RunOptions& run = {});

}  // namespace asemdb
