#pragma once
// The scheduler: parses a schedule file (named jobs, each a cron expression in
// an IANA time zone, a report or the audit with its parameters, formats and an
// output path template), works out which occurrences are due given a Clock,
// claims them in the run history and runs them.
//
// Cron follows Vixie/ISC cron: five fields (minute, hour, day of month, month,
// day of week) with ranges, lists, steps and names, the @macros, and the OR
// rule when both day fields are restricted. Daylight-saving changes too: a
// fixed-time job (minute and hour fields without '*') whose local time the
// clocks skip runs once, at the jump, and one whose time repeats runs once, the
// first time; a wall-clock job ('*' in the minute or hour field) runs at the
// local times that exist, in both passes of a repeated hour.

#include "asemdb/email.hpp"
#include "asemdb/history.hpp"
#include "asemdb/params.hpp"
#include "asemdb/render.hpp"
#include "asemdb/report.hpp"
#include "asemdb/schema.hpp"

#include <bitset>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asemdb {
namespace detail {
class TimeZone;
}

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

/// A cron expression in a time zone.
class CronSchedule {
 public:
    /// Parses five fields or a macro (@yearly, @annually, @monthly, @weekly,
    /// @daily, @midnight, @hourly) for the IANA zone `zone`. Throws
    /// Error{Definition} naming the field and the bad value, or the unknown zone.
    static CronSchedule parse(const std::string& expression, const std::string& zone = "UTC");

    const std::string& expression() const { return expression_; }
    const std::string& zone_name() const { return zone_name_; }
    /// The first occurrence strictly after `t`.
    TimePoint next_after(TimePoint t) const;
    /// The last occurrence at or before `t`; nullopt when none falls in the 41
    /// years before it (the span next_after searches, kSearchDays in cron.cpp).
    std::optional<TimePoint> latest_at_or_before(TimePoint t) const;
    /// `t` in the zone as `format` (strftime-like: "%Y-%m-%d %H:%M %Z").
    std::string local_text(TimePoint t, const std::string& format = "%Y-%m-%d %H:%M %Z") const;

 private:
    friend struct CronSearch;
    CronSchedule() = default;
    bool day_matches(int year, unsigned month, unsigned day) const;

    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;
    std::bitset<13> months_;
    std::bitset<7> weekdays_;
    bool any_day_ = true;      ///< the day-of-month field starts with '*'
    bool any_weekday_ = true;  ///< the day-of-week field starts with '*'
    bool wall_clock_ = true;   ///< the minute or hour field starts with '*'
    std::shared_ptr<const detail::TimeZone> zone_;
    std::string expression_;
    std::string zone_name_;
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

/// schedule.toml beside `database`.
std::filesystem::path default_schedule_file(const std::filesystem::path& database);

/// Reads and checks a schedule file: keys, cron expressions, time zones,
/// formats, output templates (no absolute path, no '..'). Throws
/// Error{Definition} with the file and line, or Error{Io} if it is missing.
Schedule load_schedule(const std::filesystem::path& file);

/// Checks what needs the catalog: every report and sheet exists, every job's
/// parameters are valid, a format that holds one table gets one sheet, and the
/// output templates name parameters of the job and expand, as of now, to safe
/// file names. Throws Error{Definition} naming the file, line and job.
void check_schedule(const Schedule& schedule, const ReportCatalog& catalog);

/// Throws Error{Definition} naming the job when an output of a job, its template
/// expanded for `when` with the parameters resolved then, would be `database` or
/// one of its files (see refuse_database_output). Each run checks its own paths again.
void refuse_database_outputs(const Schedule& schedule, const ReportCatalog& catalog,
                             const std::filesystem::path& database, TimePoint when);

/// What the scheduler works with.
struct SchedulerContext {
    std::filesystem::path database;
    std::filesystem::path history;  ///< the history file
    const ReportCatalog* catalog = nullptr;
    const SqlTree* sql = nullptr;  ///< the audit's checks and script checksums
    Clock* clock = nullptr;        ///< wall time: claims, start and end times, sleeping
    std::optional<TimePoint> now;  ///< what is due is decided at this time instead of clock->now()
};

struct JobState {
    const JobSpec* job = nullptr;
    std::optional<RunRecord> last;  ///< its latest run
    TimePoint next{};               ///< its next occurrence after now
};

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
std::vector<JobResult> run_due(const Schedule& schedule, const SchedulerContext& context, bool dry_run);

/// Runs `job` now (trigger manual). Throws Error{Usage} for an unknown job.
JobResult run_job_now(const Schedule& schedule, const SchedulerContext& context, const std::string& job);

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
