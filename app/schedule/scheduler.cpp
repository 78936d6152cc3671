// Running scheduled jobs: which occurrence is due, claiming it, running the
// report or the audit into its files, recording the outcome, pruning old outputs.

#include "asemdb/schedule/scheduler.hpp"

#include "asemdb/audit/audit.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/schedule/delivery.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/render/report_file.hpp"
#include "schedule/scheduler_detail.hpp"
#include "base/sha256.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <poll.h>

namespace asemdb {
namespace {

// A delivery attempted apart from a run, as the scheduler reports it.
JobResult delivered(Redelivery redelivery) {
    JobResult result;
    result.job = std::move(redelivery.job);
    result.action = JobAction::Delivered;
    result.scheduled = redelivery.run.scheduled;
    result.run = std::move(redelivery.run);
    result.delivery = std::move(redelivery.outcome);
    return result;
}
namespace fs = std::filesystem;

// A job never run is due at its latest occurrence if that is no older than
// this before the scheduler first saw the job: run-due is called every minute,
// and the call just after a job's time must still run it.
constexpr std::chrono::seconds kFirstRunGrace{60};

TimePoint decision_now(const SchedulerContext& context) { return context.now.value_or(context.clock->now()); }

struct Due {
    TimePoint scheduled;
    std::uint64_t missed = 0;
};

std::uint64_t count_between(const CronSchedule& cron, TimePoint after, TimePoint before) {
    std::uint64_t n = 0;
    for (auto t = cron.next_after(after); t && *t < before && n < kMissedCountLimit; t = cron.next_after(*t)) ++n;
    return n;
}

// The occurrence to run now, if any: the latest one at or before `now`, when
// no run has claimed it, or when its claim is stale (its process died).
std::optional<Due> due_occurrence(const JobSpec& job, const History* history, TimePoint now,
                                  const SchedulerContext& context, std::chrono::seconds stale_after) {
    const auto latest = job.cron.latest_at_or_before(now);
    if (!latest) return std::nullopt;
    const auto last = history ? history->last_scheduled(job.name) : std::nullopt;
    if (!last) {
        const TimePoint seen = (history ? history->first_seen(job.name) : std::nullopt).value_or(now);
        if (*latest < seen - kFirstRunGrace) return std::nullopt;
        return Due{*latest, *latest > seen ? count_between(job.cron, seen, *latest) : 0};
    }
    if (*latest > *last) return Due{*latest, count_between(job.cron, *last, *latest)};
    if (*latest == *last) {
        const auto held = history->occurrence(job.name, *latest);
        if (held && is_stale_claim(*held, context.clock->now(), stale_after)) return Due{*latest, held->missed};
    }
    return std::nullopt;
}

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
    const fs::path relative = detail::job_output(schedule, job, format, when, params);
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
    detail::Sha256 hash;
    std::uint64_t size = 0;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        hash.add(buffer, static_cast<std::size_t>(in.gcount()));
        size += static_cast<std::uint64_t>(in.gcount());
    }
    return {file.string(), format, size, hash.hex(), false};
}

void run_report_job(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context, RunRecord& run) {
    const auto def = detail::job_report(job, *context.catalog);
    const auto params = detail::job_params(job, def, run.scheduled);
    run.params = detail::run_params(params);
    const auto conn = Connection::open(context.database, OpenMode::ReadOnly);
    require_asemdb_database(conn, *context.sql);
    const std::time_t generated = std::chrono::system_clock::to_time_t(context.clock->now());
    const RenderOptions render = detail::job_render_options(job);
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
    const auto params = detail::audit_params(job, schedule.file, run.scheduled);
    run.params = detail::run_params(params, job);
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

// Runs a claimed run to its end and records it; a failure is recorded, not thrown.
RunRecord execute(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context, History& history,
                  RunRecord run) {
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

JobResult run_if_due(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context,
                     History* history, TimePoint now, bool dry_run) {
    JobResult result;
    result.job = job.name;
    if (history && !dry_run) history->record_seen(job.name, now);
    const auto due = due_occurrence(job, history, now, context, schedule.claim_timeout);
    if (!due) {
        result.scheduled = job.cron.next_after(now).value_or(TimePoint::max());
        return result;
    }
    result.scheduled = due->scheduled;
    result.missed = due->missed;
    if (dry_run) {
        result.action = JobAction::WouldRun;
        return result;
    }
    const TimePoint wall = context.clock->now();
    history->fail_stale(job.name, due->scheduled, wall, schedule.claim_timeout);
    const Claim claim =
        history->claim(new_run(job, RunTrigger::Schedule, due->scheduled, due->missed, context), wall,
                       schedule.claim_timeout);
    result.recovered = claim.recovered;
    if (!claim.won) {
        result.action = JobAction::Taken;
        result.run = claim.run;
        return result;
    }
    result.action = JobAction::Ran;
    result.run = execute(schedule, job, context, *history, claim.run);
    result.delivery = deliver_run(schedule, job, result.run, context, *history);
    return result;
}

std::vector<JobResult> run_due_until(const Schedule& schedule, const SchedulerContext& context, bool dry_run,
                                     const std::function<bool()>& stop) {
    std::optional<History> history =
        dry_run ? History::open_existing(context.history) : std::optional<History>(History::open(context.history));
    const TimePoint now = decision_now(context);
    std::vector<JobResult> results;
    for (const auto& job : schedule.jobs) {
        if (stop && stop()) break;
        results.push_back(run_if_due(schedule, job, context, history ? &*history : nullptr, now, dry_run));
    }
    if (!dry_run && !(stop && stop()))
        for (auto& retried : retry_deliveries(schedule, context, *history)) results.push_back(delivered(std::move(retried)));
    return results;
}

}  // namespace

namespace detail {

fs::path job_output(const Schedule& schedule, const JobSpec& job, Format format, TimePoint when,
                    const RunParams& params) {
    const TemplateValues values{job.name, job.report, to_string(format), extension_of(format), when, &job.cron, &params};
    try {
        return expand_path_template(job.output, values);
    } catch (const Error& e) {
        throw Error::definition(schedule.file, job.output_line, "job '" + job.name + "': " + e.detail());
    }
}

}  // namespace detail

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

TimePoint SystemClock::now() const { return date::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

void SystemClock::sleep_until(TimePoint deadline) {
    using namespace std::chrono;
    while (true) {
        const auto left = duration_cast<milliseconds>(deadline - system_clock::now()) + milliseconds(1);
        if (left <= milliseconds(0)) return;
        // A minute at most: a clock set forward or back is noticed soon.
        pollfd fd{wake_fd_, POLLIN, 0};
        const int ready = ::poll(&fd, wake_fd_ >= 0 ? 1 : 0, static_cast<int>(std::min<milliseconds>(left, minutes(1)).count()));
        if (ready > 0) return;
    }
}

std::vector<JobState> job_states(const Schedule& schedule, const SchedulerContext& context) {
    const auto history = History::open_existing(context.history);
    const TimePoint now = decision_now(context);
    std::vector<JobState> states;
    for (const auto& job : schedule.jobs)
        states.push_back({&job, history ? history->last_run(job.name) : std::nullopt, job.cron.next_after(now).value_or(TimePoint::max())});
    return states;
}

std::vector<JobResult> run_due(const Schedule& schedule, const SchedulerContext& context, bool dry_run) {
    return run_due_until(schedule, context, dry_run, {});
}

JobResult run_job_now(const Schedule& schedule, const SchedulerContext& context, const std::string& name) {
    const JobSpec* job = schedule.find(name);
    if (!job) {
        std::string names;
        for (const auto& j : schedule.jobs) names += (names.empty() ? "'" : ", '") + j.name + "'";
        throw Error::usage("no job '" + name + "' in " + schedule.file.string() + "; its jobs: " + names);
    }
    History history = History::open(context.history);
    const Claim claim = history.claim(new_run(*job, RunTrigger::Manual, decision_now(context), 0, context),
                                      context.clock->now(), schedule.claim_timeout);
    JobResult result;
    result.job = name;
    result.action = JobAction::Ran;
    result.scheduled = claim.run.scheduled;
    result.run = execute(schedule, *job, context, history, claim.run);
    result.delivery = deliver_run(schedule, *job, result.run, context, history);
    return result;
}

void serve(const Schedule& schedule, const SchedulerContext& context, const std::function<bool()>& stop,
           const std::function<void(const JobResult&)>& report,
           const std::function<void(const JobSpec&, TimePoint)>& waiting) {
    SchedulerContext live = context;
    live.now.reset();
    while (!stop()) {
        for (const auto& result : run_due_until(schedule, live, false, stop))
            if (result.action != JobAction::NotDue) report(result);
        if (stop()) return;
        const TimePoint now = live.clock->now();
        TimePoint next = TimePoint::max();
        const JobSpec* next_job = nullptr;
        for (const auto& job : schedule.jobs) {
            const TimePoint at = job.cron.next_after(now).value_or(TimePoint::max());
            if (at < next) {
                next = at;
                next_job = &job;
            }
        }
        if (next_job) waiting(*next_job, next);
        // A retry already due was tried in this round, or cannot be (its job lost its email).
        if (const auto retry = next_delivery_attempt(live.history); retry && *retry > now) next = std::min(next, *retry);
        live.clock->sleep_until(next);
    }
}

JobResult redeliver(const Schedule& schedule, const SchedulerContext& context, const std::string& job,
                    std::optional<TimePoint> occurrence) {
    return delivered(resend_delivery(schedule, context, job, occurrence));
}

int worst_exit_code(const std::vector<JobResult>& results) {
    int worst = kExitOk;
    for (const JobResult& r : results) {
        if (r.action == JobAction::Ran && r.run.status == RunStatus::Failed)
            worst = std::max({worst, r.run.exit_code, kExitCheckFailed});
        if (r.delivery && r.delivery->attempted && r.delivery->record.status != DeliveryStatus::Sent)
            worst = std::max(worst, kExitCheckFailed);
    }
    return worst;
}

}  // namespace asemdb
