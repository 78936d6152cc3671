// What a job runs with on one occurrence. A relative date means the day the
// occurrence falls on where the job runs: 06:00 on the 1st in Brussels is
// still the last day of the month before in UTC.

#include "schedule/job_params.hpp"

#include "asemdb/base/error.hpp"

#include <chrono>
#include <variant>

namespace asemdb::detail {

std::string occurrence_day(TimePoint when, const CronSchedule& cron) { return cron.local_text(when, "%Y-%m-%d"); }

std::vector<ResolvedParam> job_params(const JobSpec& job, const ReportDefinition& def, TimePoint when) {
    const std::string today = occurrence_day(when, job.cron);
    ParamMap given;
    for (const auto& [name, value] : job.params) {
        const ParamSpec* spec = def.find_param(name);
        const bool is_date = spec && spec->type == ParamType::Date;
        given[name] = is_date ? relative_date(value, today).value_or(value) : value;
    }
    // A report's own "today" default means the occurrence's day too.
    for (const auto& spec : def.params) {
        if (spec.type != ParamType::Date || given.count(spec.name) || !spec.default_value) continue;
        if (auto date = relative_date(*spec.default_value, today)) given[spec.name] = *date;
    }
    return resolve_params(def, given, std::chrono::system_clock::to_time_t(when));
}

AuditJobParams audit_params(const JobSpec& job, const std::filesystem::path& schedule_file, TimePoint when) {
    ParamSpec as_of, strict;
    as_of.name = "as_of";
    as_of.type = ParamType::Date;
    strict.name = "strict";
    strict.type = ParamType::Boolean;
    const std::string today = occurrence_day(when, job.cron);
    AuditJobParams out;
    out.as_of = today;
    for (const auto& [name, value] : job.params) {
        if (name == "as_of") {
            out.as_of = std::get<std::string>(
                parse_param(kAuditJob, as_of, relative_date(value, today).value_or(value), 0).value);
        } else if (name == "strict") {
            out.strict = std::get<std::int64_t>(parse_param(kAuditJob, strict, value, 0).value) != 0;
        } else if (name == "checks_dir") {
            out.checks_dir = (schedule_file.parent_path() / value).lexically_normal();
        } else if (name == "baseline") {
            out.baseline = (schedule_file.parent_path() / value).lexically_normal();
        } else {
            throw Error::parameter(kAuditJob, name,
                                   "unknown parameter; valid ones: 'as_of', 'strict', 'checks_dir', 'baseline'");
        }
    }
    return out;
}

RunParams run_params(const std::vector<ResolvedParam>& params) {
    RunParams out;
    for (const auto& p : params)
        if (!std::holds_alternative<std::monostate>(p.value)) out.emplace_back(p.name, p.display);
    return out;
}

RunParams run_params(const AuditJobParams& params, const JobSpec& job) {
    RunParams out{{"as_of", params.as_of}, {"strict", params.strict ? "true" : "false"}};
    for (const auto& [name, value] : job.params)
        if (name == "checks_dir" || name == "baseline") out.emplace_back(name, value);
    return out;
}

RunParams job_run_params(const Schedule& schedule, const JobSpec& job, const ReportCatalog& catalog, TimePoint when) {
    if (job.is_audit()) return run_params(audit_params(job, schedule.file, when), job);
    return run_params(job_params(job, job_report(job, catalog), when));
}

RenderOptions job_render_options(const JobSpec& job) {
    RenderOptions render;
    render.escape_formulas = job.escape_formulas;  // only csv looks at it
    // A scheduled json file is the report's document, whatever its sheets.
    render.json_document = true;
    return render;
}

ReportDefinition job_report(const JobSpec& job, const ReportCatalog& catalog) {
    return only_sheet(catalog.get(job.report), job.sheet);
}

}  // namespace asemdb::detail
