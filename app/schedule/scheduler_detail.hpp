#pragma once
// Internals the schedule's files share: output path templates and a job's
// output path (path_template.cpp). What a job runs with: job_params.hpp.

#include "asemdb/engine/row.hpp"
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

/// The output of `job` in `format` for the occurrence `when`, relative to the
/// output directory, {param:NAME} standing for `params`. Throws Error{Definition}
/// with the schedule file and the line of the job's output.
std::filesystem::path job_output(const Schedule& schedule, const JobSpec& job, Format format, TimePoint when,
                                 const RunParams& params);

}  // namespace asemdb::detail
