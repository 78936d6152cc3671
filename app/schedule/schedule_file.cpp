// The schedule file: named jobs, read and checked before anything runs. What
// a job runs with on an occurrence, its parameters resolved: job_params.cpp.

#include "asemdb/schedule/schedule_file.hpp"

#include "schedule/job_params.hpp"
#include "schedule/schedule_email.hpp"
#include "schedule/scheduler_detail.hpp"
#include "base/toml_reader.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/base/text.hpp"
#include "asemdb/render/render.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace asemdb {
namespace {

using detail::line_of;
namespace fs = std::filesystem;

constexpr const char* kDefaultOutputDir = "reports-out";
constexpr std::int64_t kMaxCount = 1'000'000;  // of runs kept, of minutes a claim holds
constexpr const char* kDefaultTemplate = "{job}/{report}-{date:%Y-%m-%d}.{ext}";

bool is_job_name(const std::string& name) {
    if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Reads one schedule file; every problem names the file and the line it is on.
class ScheduleReader : detail::TomlReader {
 public:
    explicit ScheduleReader(fs::path file) : TomlReader(file.string()), file_(std::move(file)) {}

    Schedule read(const toml::table& root) const {
        check_keys(root, {"output_dir", "claim_timeout_minutes", "smtp", "job"});
        Schedule schedule;
        schedule.file = file_;
        const fs::path dir = optional_string(root, "output_dir").value_or(kDefaultOutputDir);
        schedule.output_dir = (file_.parent_path() / dir).lexically_normal();
        if (const auto minutes = optional_integer(root, "claim_timeout_minutes", 1, kMaxCount))
            schedule.claim_timeout = std::chrono::minutes(*minutes);
        schedule.smtp = detail::read_smtp(root, file_);
        const auto* jobs = root.get("job");
        if (!jobs) throw fail(root, "no jobs; add a [[job]] table");
        const auto* array = jobs->as_array();
        if (!array) throw fail(*jobs, "'job' must be written as [[job]] tables");
        for (const auto& item : *array) {
            const auto* table = item.as_table();
            if (!table) throw fail(item, "'job' must be written as [[job]] tables");
            JobSpec job = read_job(*table);
            job.email = detail::read_email(*table, job, schedule.smtp, file_);
            if (schedule.find(job.name)) throw fail(*table, "job '" + job.name + "' is defined twice");
            schedule.jobs.push_back(std::move(job));
        }
        return schedule;
    }

 private:
    JobSpec read_job(const toml::table& t) const {
        check_keys(t, {"name", "cron", "timezone", "report", "sheet", "params", "formats", "output", "keep",
                       "escape_formulas", "email"});
        JobSpec job{required_string(t, "name"), line_of(t), read_cron(t), required_string(t, "report"),
                    read_params(t), {}, {}, 0, {}, std::nullopt, false, std::nullopt};
        if (!is_job_name(job.name))
            throw fail(*t.get("name"), "job name '" + job.name + "' may hold only letters, digits, '-', '_' and '.'");
        job.sheet = optional_string(t, "sheet").value_or("");
        if (job.is_audit() && !job.sheet.empty())
            throw fail(*t.get("sheet"), "job '" + job.name + "': the audit has no sheets to choose from; remove 'sheet'");
        job.formats = read_formats(t, job);
        job.output = optional_string(t, "output").value_or(kDefaultTemplate);
        const toml::node& where = t.get("output") ? *t.get("output") : static_cast<const toml::node&>(t);
        job.output_line = line_of(where);
        try {
            detail::check_path_template(job.output);
        } catch (const Error& e) {
            throw fail(where, "job '" + job.name + "': " + e.detail());
        }
        if (job.formats.size() > 1 && !detail::template_uses(job.output, "ext") &&
            !detail::template_uses(job.output, "format"))
            throw fail(where, "job '" + job.name + "': output template '" + job.output +
                                  "' needs {ext} or {format}, or its formats would overwrite each other");
        check_expansions(job, where);
        if (const auto keep = optional_integer(t, "keep", 1, kMaxCount)) job.keep = static_cast<int>(*keep);
        if (const auto* escape = t.get("escape_formulas")) {
            const auto* flag = escape->as_boolean();
            if (!flag) throw fail(*escape, "'escape_formulas' must be true or false");
            job.escape_formulas = flag->get();
        }
        return job;
    }

    // Date and time formats are checked once on a sample occurrence, for each format.
    void check_expansions(const JobSpec& job, const toml::node& where) const {
        const TimePoint sample = job.cron.next_after(TimePoint{}).value_or(TimePoint{});
        for (const auto& format : job.formats) {
            try {
                detail::expand_path_template(job.output, {job.name, job.report, to_string(format), extension_of(format), sample, &job.cron});
            } catch (const Error& e) {
                throw fail(where, "job '" + job.name + "': " + e.detail());
            }
        }
    }

    CronSchedule read_cron(const toml::table& t) const {
        const std::string expression = required_string(t, "cron");
        const std::string zone = optional_string(t, "timezone").value_or("UTC");
        try {
            return CronSchedule::parse(expression, zone);
        } catch (const Error& e) {
            const bool zone_problem = e.detail().rfind("unknown time zone", 0) == 0;
            throw fail(*t.get(zone_problem ? "timezone" : "cron"), e.detail());
        }
    }

    std::vector<std::pair<std::string, std::string>> read_params(const toml::table& job) const {
        std::vector<std::pair<std::string, std::string>> out;
        const auto* node = job.get("params");
        if (!node) return out;
        const auto* table = node->as_table();
        if (!table) throw fail(*node, "'params' must be a table: params = { name = \"value\" }");
        for (const auto& [key, value] : *table) out.emplace_back(std::string(key.str()), param_text(value, key.str()));
        return out;
    }

    std::string param_text(const toml::node& value, std::string_view name) const {
        if (const auto* s = value.as_string()) return s->get();
        if (const auto* i = value.as_integer()) return std::to_string(i->get());
        if (const auto* f = value.as_floating_point()) return fmt::format("{}", f->get());
        if (const auto* b = value.as_boolean()) return b->get() ? "true" : "false";
        if (const auto* d = value.as_date()) {
            const auto& v = d->get();
            return fmt::format("{:04}-{:02}-{:02}", v.year, static_cast<int>(v.month), static_cast<int>(v.day));
        }
        throw fail(value, "parameter '" + std::string(name) + "' must be a string, number, boolean or date");
    }

    std::vector<Format> read_formats(const toml::table& t, const JobSpec& job) const {
        const auto* node = t.get("formats");
        if (!node) return {Format::Text};
        const auto* array = node->as_array();
        if (!array || array->empty()) throw fail(*node, "'formats' must be a non-empty list such as [\"xlsx\"]");
        std::vector<Format> out;
        for (const auto& item : *array) {
            const auto* s = item.as_string();
            if (!s) throw fail(item, "'formats' must be a list of strings");
            const std::string name = s->get();
            const std::span<const Format> allowed = job.is_audit() ? std::span<const Format>(kAuditFormats) : kReportFormats;
            const auto format = parse_format(name, allowed);
            if (!format) throw fail(item, "unknown format '" + name + "'; use " + format_names(allowed));
            if (std::find(out.begin(), out.end(), *format) != out.end())
                throw fail(item, "format '" + name + "' is listed twice");
            out.push_back(*format);
        }
        return out;
    }

    fs::path file_;
};

}  // namespace

const JobSpec* Schedule::find(const std::string& name) const {
    for (const auto& job : jobs)
        if (job.name == name) return &job;
    return nullptr;
}

fs::path default_schedule_file(const fs::path& database) {
    return (database.has_parent_path() ? database.parent_path() : fs::path(".")) / "schedule.toml";
}

Schedule load_schedule(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw Error::io(file, "no schedule file here; write one (see README, Scheduled reporting) or give --schedule FILE");
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw Error::definition(file, static_cast<int>(e.source().begin.line), std::string(e.description()));
    }
    return ScheduleReader(file).read(root);
}

namespace {

// The names {param:NAME} may use: the report's parameters, or the audit's.
std::vector<std::string> param_names(const JobSpec& job, const ReportCatalog& catalog) {
    if (job.is_audit()) return {"as_of", "strict", "checks_dir", "baseline"};
    std::vector<std::string> names;
    for (const auto& spec : catalog.get(job.report).params) names.push_back(spec.name);
    return names;
}

void check_template_params(const Schedule& schedule, const JobSpec& job, const ReportCatalog& catalog) {
    const auto names = param_names(job, catalog);
    const auto check = [&](const std::string& text, int line, const char* what) {
        for (const auto& name : detail::template_params(text)) {
            if (std::find(names.begin(), names.end(), name) != names.end()) continue;
            const auto near = closest_name(name, names);
            const std::string owner = job.is_audit() ? "the audit" : "report '" + job.report + "'";
            throw Error::definition(schedule.file, line,
                                    fmt::format("job '{}': {} '{}': {{param:{}}}: {} has no parameter '{}'{}", job.name,
                                                what, text, name, owner, name,
                                                near ? "; did you mean '" + *near + "'?" : ""));
        }
    };
    check(job.output, job.output_line, "output template");
    if (job.email) check(job.email->subject, job.email->line, "subject");
}

// Several sheets into a format that holds one table would drop all but the first: as `report run --sheet`.
void check_sheets(const Schedule& schedule, const JobSpec& job, const ReportDefinition& def) {
    if (def.sheets.size() <= 1) return;
    const RenderOptions render = detail::job_render_options(job);
    for (const Format format : job.formats) {
        if (!holds_one_table(format, render)) continue;
        std::string names;
        for (const auto& sheet : def.sheets) names += (names.empty() ? "" : ", ") + sheet.name;
        throw Error::definition(schedule.file, job.line,
                                fmt::format("job '{}': report '{}' has {} sheets and {} holds one; choose one with "
                                            "sheet = \"NAME\" ({}), or use formats that hold them all (text, json, "
                                            "markdown, xlsx)",
                                            job.name, def.id, def.sheets.size(), to_string(format), names));
    }
}

}  // namespace

void check_schedule(const Schedule& schedule, const ReportCatalog& catalog) {
    const TimePoint sample = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    for (const auto& job : schedule.jobs) {
        RunParams params;
        try {
            params = detail::job_run_params(schedule, job, catalog, sample);
            if (!job.is_audit()) check_sheets(schedule, job, detail::job_report(job, catalog));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Definition) throw;
            throw Error::definition(schedule.file, job.line, "job '" + job.name + "': " + e.what());
        }
        check_template_params(schedule, job, catalog);
        // Literal values are checked here; relative dates, resolved as of now, again on each run.
        for (const Format format : job.formats) detail::job_output(schedule, job, format, sample, params);
    }
}

void refuse_database_outputs(const Schedule& schedule, const ReportCatalog& catalog, const fs::path& database,
                             TimePoint when) {
    for (const auto& job : schedule.jobs) {
        // Resolved as of `when`; each run resolves its own and checks its paths again.
        const RunParams params = detail::job_run_params(schedule, job, catalog, when);
        for (const auto& format : job.formats) {
            const fs::path target = fs::absolute(schedule.output_dir / detail::job_output(schedule, job, format, when, params))
                                        .lexically_normal();
            try {
                refuse_database_output(target, database);
            } catch (const Error& e) {
                throw Error::definition(schedule.file, job.line, "job '" + job.name + "': output " + e.what());
            }
        }
    }
}

}  // namespace asemdb
