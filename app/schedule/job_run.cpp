// Running one claimed run of a job: the report or the audit into its files,
// the outcome recorded, old outputs pruned.

#include "schedule/job_run.hpp"

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/render/report_file.hpp"
#include "asemdb/store/connection.hpp"
#include "base/sha256.hpp"
#include "schedule/job_params.hpp"
#include "schedule/scheduler_detail.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace asemdb::detail {
namespace {
namespace fs = std::filesystem;

// Creates the directories of `relative` below `root`, after checking, directory
// by directory, that none of those that exist is a link leading out of `root`:
// nothing is created for a path that would leave it.
fs::path contained_directory(const fs::path& root, const fs::path& relative, const fs::path& target) {
    std::error_code ec;
    fs::path inside = root;
    std::vector<fs::path> missing;
    for (const auto& part : relative) {
        const fs::path next = inside / part;
        if (!missing.empty() || !fs::exists(fs::symlink_status(next, ec))) {
            missing.push_back(next);
            inside = next;
            continue;
        }
        const fs::path real = fs::canonical(next, ec);
        const auto [r, p] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
        if (ec || r != root.end()) throw Error::io(target, "leads outside the output directory '" + root.string() + "'");
        if (!fs::is_directory(real, ec)) throw Error::io(target, "'" + next.string() + "' is not a directory");
        inside = real;
    }
    for (const auto& dir : missing) {
        if (!fs::create_directory(dir, ec) && ec)
            throw Error::io(dir, "cannot create the directory: " + ec.message());
    }
    return inside;
}

// The file for one format of one run, inside the output directory even where a
// directory is a symbolic link, its directories created.
fs::path output_path(const Schedule& schedule, const JobSpec& job, Format format, TimePoint when,
                     const RunParams& params) {
    const fs::path relative = job_output(schedule, job, format, when, params);
    const fs::path target = fs::absolute(schedule.output_dir / relative).lexically_normal();
    std::error_code ec;
    fs::create_directories(schedule.output_dir, ec);
    if (ec) throw Error::io(schedule.output_dir, "cannot create the output directory: " + ec.message());
    const fs::path root = fs::canonical(schedule.output_dir, ec);
    if (ec) throw Error::io(schedule.output_dir, "cannot use the output directory: " + ec.message());
    contained_directory(root, relative.parent_path(), target);
    return target;
}

OutputRecord describe_output(const fs::path& file, const std::string& format = {}) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error::io(file, "cannot read the output back");
    Sha256 hash;
    std::uint64_t size = 0;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        hash.add(buffer, static_cast<std::size_t>(in.gcount()));
        size += static_cast<std::uint64_t>(in.gcount());
    }
    return {file.string(), format, size, hash.hex(), false};
}

void run_report_job(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context, RunRecord& run) {
    const auto def = job_report(job, *context.catalog);
    const auto params = job_params(job, def, run.scheduled);
    run.params = run_params(params);
    const auto conn = Connection::open(context.database, OpenMode::ReadOnly);
    require_asemdb_database(conn, *context.sql);
    const std::time_t generated = std::chrono::system_clock::to_time_t(context.clock->now());
    const RenderOptions render = job_render_options(job);
    for (const auto& format : job.formats) {
        const fs::path file = output_path(schedule, job, format, run.scheduled, run.params);
        const auto summary = run_report_to(conn, def, params, format, file, render, generated);
        run.rows = 0;
        for (const auto& [sheet, rows] : summary.sheet_rows)
            if (sheet == def.counted_sheet()) run.rows = rows;
        run.counted = def.count_text(run.rows);
        run.summary = summary.text;
        run.outputs.push_back(describe_output(file, to_string(format)));
    }
}

// "37 checks: 34 passed, 3 failed": the statuses that occur, in the order of their severity.
std::string audit_count_text(const AuditReport& report) {
    static constexpr std::pair<CheckStatus, const char*> kWords[] = {
        {CheckStatus::Pass, "passed"}, {CheckStatus::Drift, "drifted"}, {CheckStatus::Warn, "warned"},
        {CheckStatus::Fail, "failed"}};
    std::string parts;
    for (const auto& [status, word] : kWords)
        if (const auto n = report.count(status)) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, word);
    const auto total = report.checks.size();
    return fmt::format("{} check{}{}", total, total == 1 ? "" : "s", parts.empty() ? "" : ": " + parts);
}

void write_audit_file(const AuditReport& report, Format format, const fs::path& file,
                      const fs::path& database) {
    refuse_database_output(file, database);
    Destination output = Destination::to(file);
    write_audit(report, format, output);
}

void run_audit_job(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context, RunRecord& run) {
    const auto params = audit_params(job, schedule.file, run.scheduled);
    run.params = run_params(params, job);
    const auto conn = Connection::open(context.database, OpenMode::ReadOnly);
    const AuditReport report =
        run_audit(conn, *context.sql, AuditOptions{params.as_of, params.checks_dir, params.baseline},
                  std::chrono::system_clock::to_time_t(context.clock->now()));
    for (const auto& format : job.formats) {
        const fs::path file = output_path(schedule, job, format, run.scheduled, run.params);
        write_audit_file(report, format, file, context.database);
        run.outputs.push_back(describe_output(file, to_string(format)));
    }
    run.rows = report.checks.size();
    run.counted = audit_count_text(report);
    run.summary = audit_summary_line(report, params.strict) + "\n";
    for (const auto& check : report.checks)
        if (check.status != CheckStatus::Pass)
            run.summary += fmt::format("  {}  {}  {}: {}\n", to_string(check.status), check.id, check.title, check.detail);
    if (report.exit_code(params.strict) == 0) return;
    for (const auto& check : report.checks)
        if (check.status == CheckStatus::Fail || (params.strict && check.status != CheckStatus::Pass))
            run.failed_checks.push_back(check.id);
    run.status = RunStatus::Failed;
    run.exit_code = kExitCheckFailed;
    run.error = fmt::format("checks failed: {} of {}: {}", run.failed_checks.size(), report.checks.size(),
                            fmt::join(run.failed_checks, ", "));
}

// Removes the job's outputs beyond its newest `keep` runs, but only files that
// still hold what the job wrote there.
void prune(const JobSpec& job, History& history, TimePoint now) {
    if (!job.keep) return;
    std::map<std::string, std::set<std::string>> hashes;
    for (const auto& output : history.outputs_beyond(job.name, *job.keep)) hashes[output.path].insert(output.sha256);
    for (const auto& [path, written] : hashes) {
        std::error_code ec;
        if (fs::exists(path, ec) && written.count(describe_output(path).sha256)) fs::remove(path, ec);
        if (!ec) history.mark_removed(job.name, path, now);
    }
}

}  // namespace

RunRecord new_run(const JobSpec& job, RunTrigger trigger, TimePoint scheduled, std::uint64_t missed,
                  const SchedulerContext& context) {
    RunRecord run;
    run.job = job.name;
    run.trigger = trigger;
    run.scheduled = scheduled;
    run.started = context.clock->now();
    run.report = job.report;
    run.missed = missed;
    return run;
}

RunRecord run_claimed(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context,
                      History& history, RunRecord run) {
    run.status = RunStatus::Succeeded;
    try {
        if (job.is_audit()) run_audit_job(schedule, job, context, run);
        else run_report_job(schedule, job, context, run);
    } catch (const Error& e) {
        run.status = RunStatus::Failed;
        run.exit_code = exit_code(e.kind());
        run.error = e.what();
    } catch (const std::exception& e) {
        run.status = RunStatus::Failed;
        run.exit_code = kExitInternal;
        run.error = std::string("internal error: ") + e.what();
    }
    run.finished = context.clock->now();
    history.finish(run);
    try {
        prune(job, history, *run.finished);
    } catch (const std::exception&) {
        // Old outputs stay until the next run: pruning is housekeeping, never the run's outcome.
    }
    return run;
}

}  // namespace asemdb::detail
