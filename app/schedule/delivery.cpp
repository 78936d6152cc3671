// Delivering a run's email: the first attempt right after the run, retries of
// pending ones at each run-due, resends on request. The delivery record in the
// run history is claimed before each attempt and updated after it.

#include "asemdb/schedule/delivery.hpp"

#include "asemdb/base/error.hpp"
#include "schedule/delivery_store.hpp"
#include "schedule/delivery_message.hpp"

#include <map>

namespace asemdb {
namespace {

TimePoint due_time(const SchedulerContext& context) { return context.now.value_or(context.clock->now()); }

// The reply recorded for an attempt, naming the recipients the server refused.
std::string recorded_reply(const detail::SendResult& result) {
    std::string text = result.reply;
    for (std::size_t i = 0; i < result.refused.size(); ++i) text += (i == 0 ? "; refused: " : ", ") + result.refused[i];
    return text;
}

detail::AttemptOutcome outcome_of(const detail::SendResult& result) {
    using detail::AttemptOutcome;
    return result.sent ? AttemptOutcome::Sent : result.permanent ? AttemptOutcome::Refused : AttemptOutcome::Failed;
}

// One attempt of a claimed delivery; whatever goes wrong becomes its reply.
DeliveryOutcome attempt(detail::DeliveryStore& store, const detail::DeliveryClaim& claim, const Schedule& schedule,
                        const JobSpec& job, const RunRecord& run, const SchedulerContext& context) {
    DeliveryOutcome outcome;
    outcome.run_id = claim.run_id;
    outcome.attempted = true;
    const TimePoint now = context.clock->now();
    detail::SendResult result;
    try {
        const auto message = detail::compose_delivery(*schedule.smtp, job, run, claim.body, claim.record.message_id,
                                                      now, outcome.notes);
        result = detail::send_mail(*schedule.smtp, message);
    } catch (const std::exception& e) {
        result = {false, false, e.what(), {}};
    }
    outcome.record = store.record_attempt(claim.run_id, outcome_of(result), recorded_reply(result), now, due_time(context));
    return outcome;
}

bool mails(const Schedule& schedule, const JobSpec* job) { return job && job->email && schedule.smtp; }

}  // namespace

std::vector<RunRecord> runs_with_deliveries(History& history, const std::optional<std::string>& job) {
    auto runs = history.runs(job);
    detail::DeliveryStore(history).attach_to(runs);
    return runs;
}

std::optional<DeliveryOutcome> deliver_run(const Schedule& schedule, const JobSpec& job, const RunRecord& run,
                                           const SchedulerContext& context, History& history) {
    if (!mails(schedule, &job) || run.outputs.empty()) return std::nullopt;
    detail::DeliveryStore store(history);
    const auto claim = store.create(run.id, detail::message_id(*schedule.smtp, job, run),
                                    detail::delivery_body(schedule, job, run), context.clock->now());
    return attempt(store, claim, schedule, job, run, context);
}

std::vector<Redelivery> retry_deliveries(const Schedule& schedule, const SchedulerContext& context, History& history) {
    detail::DeliveryStore store(history);
    std::vector<Redelivery> results;
    const auto waiting = store.unfinished();
    if (waiting.empty()) return results;
    std::map<std::int64_t, RunRecord> runs;
    for (auto& run : history.runs(std::nullopt)) runs[run.id] = std::move(run);
    for (const auto run_id : waiting) {
        const auto it = runs.find(run_id);
        const JobSpec* job = it == runs.end() ? nullptr : schedule.find(it->second.job);
        if (!mails(schedule, job)) continue;  // the job lost its email: the delivery waits for it
        const auto claim = store.claim(run_id, context.clock->now(), due_time(context), schedule.claim_timeout, false);
        if (!claim) continue;
        Redelivery result{job->name, it->second, attempt(store, *claim, schedule, *job, it->second, context)};
        results.push_back(std::move(result));
    }
    return results;
}

std::optional<TimePoint> next_delivery_attempt(const std::filesystem::path& history_file) {
    auto history = History::open_existing(history_file);
    if (!history) return std::nullopt;
    return detail::DeliveryStore(*history).next_attempt();
}

Redelivery resend_delivery(const Schedule& schedule, const SchedulerContext& context, const std::string& name,
                           std::optional<TimePoint> occurrence) {
    const JobSpec* job = schedule.find(name);
    if (!job) throw Error::usage("no job '" + name + "' in " + schedule.file.string());
    if (!mails(schedule, job)) throw Error::usage("job '" + name + "' has no 'email' in " + schedule.file.string());
    auto existing = History::open_existing(context.history);
    if (!existing) throw Error::usage("job '" + name + "' has not run yet: no history at " + context.history.string());
    History& history = *existing;
    std::optional<RunRecord> chosen;
    for (auto& run : runs_with_deliveries(history, name))
        if (occurrence ? run.scheduled == *occurrence : !run.outputs.empty()) chosen = std::move(run);
    if (!chosen)
        throw Error::usage(occurrence ? "job '" + name + "' has no run for " + iso_utc(*occurrence)
                                      : "job '" + name + "' has no run with outputs yet");
    if (chosen->outputs.empty()) throw Error::usage("the run for " + iso_utc(chosen->scheduled) + " wrote no outputs");
    Redelivery result{name, *chosen, std::nullopt};
    detail::DeliveryStore store(history);
    if (!chosen->delivery) {
        result.outcome = deliver_run(schedule, *job, *chosen, context, history);
        return result;
    }
    const auto claim = store.claim(chosen->id, context.clock->now(), due_time(context), schedule.claim_timeout, true);
    if (!claim) throw Error::usage("the email for " + iso_utc(chosen->scheduled) + " is being sent by another process");
    result.outcome = attempt(store, *claim, schedule, *job, *chosen, context);
    return result;
}

TestEmailResult send_test_email(const Schedule& schedule, const std::optional<std::string>& to, TimePoint now) {
    if (!schedule.smtp) throw Error::definition(schedule.file, 0, "no [smtp] table; see docs/scheduling-email.md");
    MailAddress recipient = schedule.smtp->from;
    if (to) {
        try {
            recipient = detail::parse_mail_address(*to);
        } catch (const Error& e) {
            throw Error::usage("--to: " + e.detail());
        }
    }
    const auto result = detail::send_mail(*schedule.smtp, detail::compose_test(*schedule.smtp, recipient, now));
    return {result.sent, recipient.address, result.reply};
}

}  // namespace asemdb
