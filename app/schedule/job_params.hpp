#pragma once
// What a job runs with on one occurrence: its report, its parameters (relative
// dates resolved on the occurrence's day where the job runs, not in UTC) and
// how it renders. Reading the job from the schedule file: schedule_file.cpp.

#include "asemdb/engine/params.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace asemdb::detail {

/// The calendar day (YYYY-MM-DD) of `when` in `cron`'s zone: the "today" on
/// which a job's relative dates (relative_date) are resolved.
std::string occurrence_day(TimePoint when, const CronSchedule& cron);

/// A report job's parameters for the occurrence at `when`: relative dates
/// resolved (the report's own "today" defaults too) and checked against `def`.
/// Throws Error{Parameter}.
std::vector<ResolvedParam> job_params(const JobSpec& job, const ReportDefinition& def, TimePoint when);

/// What an audit job takes: as_of (a date, default today), strict (a boolean),
/// checks_dir and baseline (paths relative to the schedule file).
struct AuditJobParams {
    std::string as_of;
    bool strict = false;
    std::optional<std::filesystem::path> checks_dir;
    std::optional<std::filesystem::path> baseline;
};

/// An audit job's parameters for the occurrence at `when`. Throws Error{Parameter}.
AuditJobParams audit_params(const JobSpec& job, const std::filesystem::path& schedule_file, TimePoint when);

/// The values a run shows and names its files by: those with a value, as people read them.
RunParams run_params(const std::vector<ResolvedParam>& params);
/// The audit's: as_of, strict, and checks_dir and baseline when the job gives them.
RunParams run_params(const AuditJobParams& params, const JobSpec& job);

/// A job's run_params for the occurrence `when`. Throws as job_params and audit_params.
RunParams job_run_params(const Schedule& schedule, const JobSpec& job, const ReportCatalog& catalog, TimePoint when);

/// How a job renders: csv escaping as the job asks, json as the report's whole document.
RenderOptions job_render_options(const JobSpec& job);

/// The report a job runs: its `sheet` only, when it names one (see only_sheet).
ReportDefinition job_report(const JobSpec& job, const ReportCatalog& catalog);

}  // namespace asemdb::detail
