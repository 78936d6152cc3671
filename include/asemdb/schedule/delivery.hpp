#pragma once
// Email delivery of scheduled runs: after a run records its outputs, a job with
// `email` sends them once (claimed in the run history so that of two processes
// one sends); a failed attempt leaves the delivery pending, and later calls
// retry it with a growing interval, sending the recorded files again, without
// running the report again.

#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

/// What became of one delivery attempt (or of the claim to make it).
struct DeliveryOutcome {
    std::int64_t run_id = 0;
    bool attempted = false;  ///< false: another process holds it, or it was not due
    DeliveryRecord record;   ///< as recorded after the attempt
    std::vector<std::string> notes;  ///< outputs left out (changed or gone since the run, too large)
};

/// A delivery attempted again, apart from any run: the run it belongs to and
/// what became of the attempt.
struct Redelivery {
    std::string job;
    RunRecord run;
    std::optional<DeliveryOutcome> outcome;
};

/// History::runs with each run's delivery, for `schedule history`.
std::vector<RunRecord> runs_with_deliveries(History& history, const std::optional<std::string>& job);

/// Mails `run`'s outputs for `job` (which has `email`) and records the delivery.
/// nullopt when the run recorded no outputs. Never throws for a failed send.
std::optional<DeliveryOutcome> deliver_run(const Schedule& schedule, const JobSpec& job, const RunRecord& run,
                                           const SchedulerContext& context, History& history);

/// Retries every pending delivery whose next attempt is due at the context's
/// now, and those whose sender died; one result per attempt.
std::vector<Redelivery> retry_deliveries(const Schedule& schedule, const SchedulerContext& context, History& history);

/// When the first pending delivery in `history_file` is due for its next attempt.
std::optional<TimePoint> next_delivery_attempt(const std::filesystem::path& history_file);

/// Sends a run's email again on request: the run of `job` for `occurrence`, or
/// its latest run with outputs. Throws Error{Usage} when there is no such job,
/// run or email, or another process is sending it right now.
Redelivery resend_delivery(const Schedule& schedule, const SchedulerContext& context, const std::string& job,
                           std::optional<TimePoint> occurrence);

struct TestEmailResult {
    bool sent = false;
    std::string to;     ///< the recipient
    std::string reply;  ///< the server's answer, or why there was none
};

/// Sends a short message with the schedule's [smtp] settings to `to` (default:
/// the sender). Throws Error{Definition} without [smtp], Error{Usage} for a bad address.
TestEmailResult send_test_email(const Schedule& schedule, const std::optional<std::string>& to, TimePoint now);

}  // namespace asemdb
