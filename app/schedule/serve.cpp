// `schedule serve`: run what is due, sleep until the next occurrence or
// delivery retry, again; and the system clock it sleeps on, which a signal
// can wake.

#include "asemdb/schedule/scheduler.hpp"

#include <date/date.h>

#include <algorithm>

#include <poll.h>

namespace asemdb {
namespace {

struct NextOccurrence {
    const JobSpec* job = nullptr;  ///< null for a schedule without jobs
    TimePoint at = TimePoint::max();
};

// The job whose next occurrence after `now` comes first (the earliest in the file on a tie).
NextOccurrence next_occurrence(const Schedule& schedule, TimePoint now) {
    NextOccurrence first;
    for (const auto& job : schedule.jobs)
        if (const TimePoint at = job.cron.next_after(now).value_or(TimePoint::max()); at < first.at) first = {&job, at};
    return first;
}

}  // namespace

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

void serve(const Schedule& schedule, const SchedulerContext& context, const std::function<bool()>& stop,
           const std::function<void(const JobResult&)>& report,
           const std::function<void(const JobSpec&, TimePoint)>& waiting) {
    SchedulerContext live = context;
    live.now.reset();
    while (!stop()) {
        for (const auto& result : run_due(schedule, live, false, stop))
            if (result.action != JobAction::NotDue) report(result);
        if (stop()) return;
        const TimePoint now = live.clock->now();
        const NextOccurrence first = next_occurrence(schedule, now);
        if (first.job) waiting(*first.job, first.at);
        TimePoint next = first.at;
        // A retry already due was tried in this round, or cannot be (its job lost its email).
        if (const auto retry = next_delivery_attempt(live.history); retry && *retry > now) next = std::min(next, *retry);
        live.clock->sleep_until(next);
    }
}

}  // namespace asemdb
