#pragma once
// Internals the scheduler's files share: output path templates (path_template.cpp)
// and the parameters a job runs with (schedule_file.cpp).

#include "asemdb/params.hpp"
#include "asemdb/scheduler.hpp"

#include <filesystem>
#include <string>

namespace asemdb::detail {

/// What a path template's placeholders stand for.
struct TemplateValues {
    std::string job;
    std::string report;
    std::string format;  ///< "xlsx", "markdown", ...
    std::string ext;     ///< "xlsx", "md", ...
    TimePoint when{};    ///< {date} and {time}, in the zone of `cron`
    const CronSchedule* cron = nullptr;
};

/// Checks a template's placeholders ({report}, {job}, {ext}, {format},
/// {date[:FMT]}, {time[:FMT]}; "{{" and "}}" for braces) and that it is a
/// relative path without '..'. Throws Error{Definition} without a location.
void check_path_template(const std::string& text);

/// True if the template uses placeholder `name`.
bool template_uses(const std::string& text, const std::string& name);

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

/// "as_of=2026-02-28, side=all".
std::string describe_params(const std::vector<ResolvedParam>& params);

}  // namespace asemdb::detail
