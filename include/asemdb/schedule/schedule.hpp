#pragma once
// The schedule's model: named jobs, each a cron expression in a time zone, a
// report or the audit with its parameters, formats, an output path template and
// perhaps an email; the [smtp] settings; and what a run of the scheduler works
// with (the database, the history, the catalog, a Clock). Reading it from a
// file: schedule_file.hpp. Running it: scheduler.hpp.

#include "asemdb/base/time.hpp"
#include "asemdb/mail/email.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/schedule/cron.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asemdb {

class ReportCatalog;
struct SqlTree;

/// Where the scheduler reads the time, and how it waits (STYLE §8).
class Clock {
 public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    /// Waits until `deadline`, or less when woken (SystemClock: its wake fd is readable).
    virtual void sleep_until(TimePoint deadline) = 0;
};

/// The system clock. Sleeps are cut short when `wake_fd` (if >= 0) becomes readable.
class SystemClock final : public Clock {
 public:
    explicit SystemClock(int wake_fd = -1) : wake_fd_(wake_fd) {}
    TimePoint now() const override;
    void sleep_until(TimePoint deadline) override;

 private:
    int wake_fd_;
};

/// "audit" in a job's `report` runs the audit rather than a report.
inline constexpr const char* kAuditJob = "audit";

struct JobSpec {
    std::string name;
    int line = 0;  ///< of its [[job]] in the schedule file
    CronSchedule cron;
    std::string report;                                       ///< a report id or "audit"
    std::vector<std::pair<std::string, std::string>> params;  ///< as written
    std::vector<Format> formats;
    std::string output;                                       ///< the path template
    int output_line = 0;  ///< of its `output` key, else of its [[job]]
    std::string sheet;    ///< only this sheet of the report; empty: every sheet
    std::optional<int> keep;
    bool escape_formulas = false;  ///< csv outputs: see RenderOptions::escape_formulas
    std::optional<EmailSpec> email;  ///< its outputs are mailed after each run

    bool is_audit() const { return report == kAuditJob; }
};

struct Schedule {
    std::filesystem::path file;
    std::filesystem::path output_dir;  ///< resolved against the schedule file's directory
    std::chrono::seconds claim_timeout{std::chrono::minutes(30)};
    std::optional<SmtpSettings> smtp;  ///< the [smtp] table; every job with `email` needs it
    std::vector<JobSpec> jobs;

    const JobSpec* find(const std::string& name) const;
};

/// What the scheduler works with.
struct SchedulerContext {
    std::filesystem::path database;
    std::filesystem::path history;  ///< the history file
    const ReportCatalog* catalog = nullptr;
    const SqlTree* sql = nullptr;  ///< the audit's checks and script checksums
    Clock* clock = nullptr;        ///< wall time: claims, start and end times, sleeping
    std::optional<TimePoint> now;  ///< what is due is decided at this time instead of clock->now()
};

}  // namespace asemdb
