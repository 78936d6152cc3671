#pragma once
// The scheduler: works out which occurrences of a schedule's jobs are due given
// a Clock, claims them in the run history, runs them and delivers their email.
// A job's failure is recorded in its result and does not stop the others.

#include "asemdb/schedule/delivery.hpp"
#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

struct JobState {
    const JobSpec* job = nullptr;
    std::optional<RunRecord> last;  ///< its latest run
    TimePoint next{};               ///< its next occurrence after now
};

/// An occurrence of `job` as people read it: the time in the job's zone, then
/// in UTC ("2026-12-01 06:00 CET (2026-12-01T05:00:00Z)").
std::string occurrence_text(const JobSpec& job, TimePoint t);

/// Each job with its last run and its next occurrence. Writes nothing.
std::vector<JobState> job_states(const Schedule& schedule, const SchedulerContext& context);

enum class JobAction {
    NotDue,    ///< nothing came due since its last run
    WouldRun,  ///< --dry-run: it is due
    Ran,       ///< it ran: see run
    Taken,     ///< another process holds or ran the occurrence
    Delivered, ///< an earlier run's email was sent again or retried: see delivery
};

/// Counting missed occurrences stops here ("* * * * *" left alone for months).
inline constexpr std::uint64_t kMissedCountLimit = 100000;

struct JobResult {
    std::string job;
    JobAction action = JobAction::NotDue;
    TimePoint scheduled{};   ///< the occurrence
    std::uint64_t missed = 0;  ///< occurrences skipped before it, at most kMissedCountLimit
    RunRecord run;           ///< Ran: ours; Taken: the holder's
    bool recovered = false;  ///< Ran after taking over a stale claim
    std::optional<DeliveryOutcome> delivery;  ///< Ran or Delivered, for a job with `email`
};

/// Runs every job due at the context's now, once each, in file order; a job's
/// failure is recorded in its result and does not stop the others. Then retries
/// the deliveries that are pending and due (results with action Delivered).
/// `stop`, when given, is asked before each job and before the retries: once it
/// returns true, nothing more starts.
std::vector<JobResult> run_due(const Schedule& schedule, const SchedulerContext& context, bool dry_run,
                               const std::function<bool()>& stop = {});

/// Runs `job` now (trigger manual). Throws Error{Usage} for an unknown job.
JobResult run_job_now(const Schedule& schedule, const SchedulerContext& context, const std::string& job);

/// Sends a run's email again on request (see resend_delivery); action Delivered.
JobResult redeliver(const Schedule& schedule, const SchedulerContext& context, const std::string& job,
                    std::optional<TimePoint> occurrence);

/// Runs due jobs, sleeps until the next occurrence, and again, until `stop`
/// returns true (checked before each job and after each sleep). `report` is
/// called with each job that ran or was taken; `waiting`, before each sleep,
/// with the job due next and its occurrence.
void serve(const Schedule& schedule, const SchedulerContext& context, const std::function<bool()>& stop,
           const std::function<void(const JobResult&)>& report,
           const std::function<void(const JobSpec&, TimePoint)>& waiting);

/// The exit code for `results`: the most severe of the runs that failed (their
/// RunRecord::exit_code), 1 for an email attempted and not sent, else 0.
int worst_exit_code(const std::vector<JobResult>& results);

}  // namespace asemdb
