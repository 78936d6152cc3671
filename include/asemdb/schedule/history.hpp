#pragma once
// The run history of scheduled jobs: one row per run of an occurrence (the job,
// the scheduled time it ran for, start and end, status, rows, the files it
// wrote with their size and SHA-256, the error if it failed). It lives in its
// own SQLite file beside the forum database (asem.db -> asem.history.db), in
// WAL mode, so rebuilding the forum data never erases it.
//
// The history is also the lock that prevents double runs: a scheduled
// occurrence is claimed by inserting its row inside a BEGIN IMMEDIATE
// transaction, and (job, scheduled time) is UNIQUE for scheduled runs.
// What `schedule history` shows of it: history_render.hpp.

#include "asemdb/engine/row.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/base/time.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asemdb {
namespace detail {
class DeliveryStore;
}

enum class RunStatus { Running, Succeeded, Failed };
/// "running", "succeeded", "failed".
std::string to_string(RunStatus status);

/// Schedule: run-due or serve ran an occurrence; Manual: `schedule run JOB`.
enum class RunTrigger { Schedule, Manual };
/// "schedule", "manual".
std::string to_string(RunTrigger trigger);

/// A job's email for one run: Sending (claimed by a process), Pending (an
/// attempt failed; retried from next_attempt), Sent, Failed (gave up).
enum class DeliveryStatus { Sending, Pending, Sent, Failed };
/// "sending", "pending", "sent", "failed".
std::string to_string(DeliveryStatus status);

struct DeliveryRecord {
    DeliveryStatus status = DeliveryStatus::Sending;
    int attempts = 0;
    std::string message_id;
    std::optional<TimePoint> last_attempt;
    std::optional<TimePoint> next_attempt;  ///< Pending: not retried before
    std::string reply;  ///< the server's last reply, or why no server answered
};

struct OutputRecord {
    std::string path;    ///< absolute
    std::string format;  ///< "xlsx", "text", ...
    std::uint64_t size = 0;
    std::string sha256;
    bool removed = false;  ///< deleted since by `keep`
};

/// "as_of=2026-11-30, side=all".
std::string params_text(const RunParams& params);

struct RunRecord {
    std::int64_t id = 0;
    std::string job;
    RunTrigger trigger = RunTrigger::Schedule;
    TimePoint scheduled{};  ///< the occurrence it ran for (manual runs: when asked)
    TimePoint started{};
    std::optional<TimePoint> finished;
    RunStatus status = RunStatus::Running;
    std::string report;  ///< a report id, or "audit"
    RunParams params;    ///< as the run resolved them (relative dates as ISO dates)
    std::uint64_t rows = 0;  ///< of the report's main sheet; the audit's checks
    /// `rows` in the run's own words: "54 members", "37 checks: 34 passed, 3 failed";
    /// empty in runs an asemdb before it recorded.
    std::string counted;
    std::vector<std::string> failed_checks;  ///< the ids of the checks that failed an audit run
    std::uint64_t missed = 0;  ///< occurrences skipped before this one
    std::string error;
    long pid = 0;
    std::string host;
    int attempt = 1;  ///< > 1 when a stale claim was taken over
    std::vector<OutputRecord> outputs;
    std::optional<DeliveryRecord> delivery;  ///< jobs with `email`; see runs_with_deliveries
    /// What the run found, for its email (the audit: its summary line and the
    /// checks that did not pass); not stored with the run.
    std::string summary;
    /// A failed run's exit code, as the command line's (1: checks failed; 2: bad
    /// input or a failed write, such as a full disk; 3: internal); not stored.
    int exit_code = 0;
};

/// The run's count in its own words; "N rows" for a run recorded before they were kept.
std::string counted_text(const RunRecord& run);

/// The outcome of History::claim.
struct Claim {
    bool won = false;
    bool recovered = false;  ///< won by taking over a stale claim
    RunRecord run;           ///< ours (with its id) if won, else the row that holds the occurrence
};

class History {
 public:
    /// The history file for a database: the same directory and stem, ".history.db".
    static std::filesystem::path file_for(const std::filesystem::path& database);
    /// Opens (creating if absent) the history at `file`, in WAL mode.
    /// Throws Error{Io} when it cannot be opened or is not a history file.
    static History open(const std::filesystem::path& file);
    /// Opens the history at `file` if there is one (writing nothing to a current
    /// one); nullopt when there is none yet.
    static std::optional<History> open_existing(const std::filesystem::path& file);

    /// When the scheduler first saw `job`, if it has.
    std::optional<TimePoint> first_seen(const std::string& job) const;
    /// Records that the scheduler sees `job` at `now`, unless it saw it before.
    void record_seen(const std::string& job, TimePoint now);
    /// The latest occurrence a scheduled run was claimed for, in any status.
    std::optional<TimePoint> last_scheduled(const std::string& job) const;
    /// The latest run of `job` (scheduled or manual).
    std::optional<RunRecord> last_run(const std::string& job) const;
    /// The scheduled run of `job` for the occurrence `scheduled`, if claimed.
    std::optional<RunRecord> occurrence(const std::string& job, TimePoint scheduled) const;

    /// Claims `run` (job, trigger, scheduled, started, report, missed) for this
    /// process (pid and host are filled in) in one BEGIN IMMEDIATE transaction.
    /// A scheduled occurrence already in the history is lost to its holder,
    /// unless the holder's claim is stale (see is_stale_claim): then it is taken
    /// over. Manual runs always win.
    Claim claim(RunRecord run, TimePoint now, std::chrono::seconds stale_after);
    /// Marks `job`'s stale claims (see claim) other than `except` as failed.
    /// Returns how many it marked.
    int fail_stale(const std::string& job, TimePoint except, TimePoint now, std::chrono::seconds stale_after);
    /// Records the end of a claimed run: params, status, finished, rows, error, outputs.
    void finish(const RunRecord& run);

    /// Every run, oldest first; only `job`'s when given.
    std::vector<RunRecord> runs(const std::optional<std::string>& job) const;
    /// The outputs of `job` not removed yet that belong only to runs older than
    /// its newest `keep` runs with outputs.
    std::vector<OutputRecord> outputs_beyond(const std::string& job, int keep) const;
    /// Records that `path` (an output of `job`) was deleted at `now`.
    void mark_removed(const std::string& job, const std::string& path, TimePoint now);

    const std::filesystem::path& file() const { return conn_.path(); }

 private:
    friend class detail::DeliveryStore;  // the deliveries live in the same file
    explicit History(Connection conn) : conn_(std::move(conn)) {}
    Connection conn_;
};

/// This machine's host name, as claims record it.
std::string this_host();

/// A claim is stale when it is still `running`, was made more than
/// `stale_after` before `now`, and its process is gone (on this host: no such
/// pid; on another host this cannot be checked, so the age alone decides).
bool is_stale_claim(const RunRecord& run, TimePoint now, std::chrono::seconds stale_after);

}  // namespace asemdb
