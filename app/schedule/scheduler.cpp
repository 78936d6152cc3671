// The scheduler's decisions: which occurrence of each job is due, claiming it
// in the run history so that it runs once, and what the runs come to. Running
// one claimed run: job_run.cpp; serve's loop and its clock: serve.cpp.

#include "asemdb/schedule/scheduler.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"
#include "schedule/job_run.hpp"

#include <algorithm>

namespace asemdb {
namespace {

using detail::new_run;
using detail::run_claimed;

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
    result.run = run_claimed(schedule, job, context, *history, claim.run);
    result.delivery = deliver_run(schedule, job, result.run, context, *history);
    return result;
}

}  // namespace

std::vector<JobResult> run_due(const Schedule& schedule, const SchedulerContext& context, bool dry_run,
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

std::string occurrence_text(const JobSpec& job, TimePoint t) {
    return job.cron.local_text(t) + " (" + iso_utc(t) + ")";
}

std::vector<JobState> job_states(const Schedule& schedule, const SchedulerContext& context) {
    const auto history = History::open_existing(context.history);
    const TimePoint now = decision_now(context);
    std::vector<JobState> states;
    for (const auto& job : schedule.jobs)
        states.push_back({&job, history ? history->last_run(job.name) : std::nullopt, job.cron.next_after(now).value_or(TimePoint::max())});
    return states;
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
    result.run = run_claimed(schedule, *job, context, history, claim.run);
    result.delivery = deliver_run(schedule, *job, result.run, context, history);
    return result;
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
