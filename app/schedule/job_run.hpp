#pragma once
// Running one claimed run of a job: the report or the audit into its files,
// each file described (size, SHA-256) in the run, the outcome recorded in the
// history, and the job's old outputs pruned. Which occurrence is due and the
// claim: scheduler.cpp.

#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <cstdint>

namespace asemdb::detail {

/// A run of `job` for `scheduled`, started now, ready to be claimed.
RunRecord new_run(const JobSpec& job, RunTrigger trigger, TimePoint scheduled, std::uint64_t missed,
                  const SchedulerContext& context);

/// Runs `run` (claimed in `history`) to its end and records it; a failure is
/// recorded in the run (status, error, exit_code), not thrown. Then removes the
/// job's outputs beyond its `keep` newest runs.
RunRecord run_claimed(const Schedule& schedule, const JobSpec& job, const SchedulerContext& context,
                      History& history, RunRecord run);

}  // namespace asemdb::detail
