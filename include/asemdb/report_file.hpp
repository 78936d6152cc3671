#pragma once
// Running a report into a file: the engine, a renderer chosen by format, and an
// AtomicOutput, so the file appears complete or not at all.

#include "asemdb/engine.hpp"
#include "asemdb/render.hpp"

#include <filesystem>

namespace asemdb {

/// Runs `def` into `file` as `format`. On any error nothing is left at `file`
/// (an earlier file there is untouched) and the Error names `file`.
RunSummary run_report_to_file(const Connection& conn, const ReportDefinition& def,
                              const std::vector<ResolvedParam>& params, Format format,
                              const std::filesystem::path& file, const RenderOptions& options, std::time_t generated,
                              const RunOptions& run = {});

}  // namespace asemdb
