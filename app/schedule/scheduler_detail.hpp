#pragma once
// Internals the scheduler's files share: output path templates (path_template.cpp)
// and the parameters a job runs with (schedule_file.cpp).

#include "asemdb/engine/params.hpp"
#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace asemdb::detail {

/// What a path template's placeholders stand for.
struct TemplateValues {
    std::string job;
    std::string report;
    std::string format;  ///< "xlsx", "markdown", ...
    std::string ext;     ///< "xlsx", "md", ...
    TimePoint when{};    ///< {date} and {time}, in the zone of `cron`
    const CronSchedule* cron = nullptr;
    /// {param:NAME}: the run's parameters. Null before the catalog is read: each
    /// {param:NAME} then stands for a sample value, for checking the rest.
    const RunParams* params = nullptr;
};

/// Checks a template's placeholders ({report}, {job}, {ext}, {format},
/// {date[:FMT]}, {time[:FMT]}, {param:NAME}; "{{" and "}}" for braces) and that it is a
/// relative path without '..'. Throws Error{Definition} without a location.
void check_path_template(const std::string& text);

/// True if the template uses placeholder `name`.
bool template_uses(const std::string& text, const std::string& name);

/// The NAMEs of the template's {param:NAME} placeholders.
std::vector<std::string> template_params(const std::string& text);

/// The template expanded: a relative path that stays below the output directory.
/// Throws Error{Definition} if the expansion would leave it.
std::filesystem::path expand_path_template(const std::string& text, const TemplateValues& values);

/// A text template with the same placeholders (an email subject), expanded;
/// `what` names it in errors. Throws Error{Definition} without a location for
/// an unknown placeholder or a result with a control character.
std::string expand_text_template(const std::string& text, const TemplateValues& values, const char* what);

/// The ISO date `word` (one of kRelativeDates) means at `when` in `cron`'s zone;
/// nullopt if `word` is not a relative date.
std::optional<std::string> relative_date(const std::string& word, TimePoint when, const CronSchedule& cron);

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

/// The output of `job` in `format` for the occurrence `when`, relative to the
/// output directory, {param:NAME} standing for `params`. Throws Error{Definition}
/// with the schedule file and the line of the job's output.
std::filesystem::path job_output(const Schedule& schedule, const JobSpec& job, Format format, TimePoint when,
                                 const RunParams& params);

}  // namespace asemdb::detail
