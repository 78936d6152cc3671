#pragma once
// The delivery records in the run history: one per run of a job with `email`,
// claimed inside a BEGIN IMMEDIATE transaction so that one process sends it,
// with its attempts, the server's last reply, and when a pending one is retried.

#include "asemdb/schedule/history.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace asemdb::detail {

/// Failed attempts after which a delivery is failed for good (README: scheduling-email).
inline constexpr int kMaxDeliveryAttempts = 12;
/// The wait before retry n is kFirstRetryDelay * 2^(n-1), at most kMaxRetryDelay.
inline constexpr std::chrono::seconds kFirstRetryDelay{60};
inline constexpr std::chrono::seconds kMaxRetryDelay{3600};

/// The wait after `failed_attempts` failed attempts.
std::chrono::seconds retry_delay(int failed_attempts);

/// What one attempt came to.
enum class AttemptOutcome {
    Sent,
    Failed,   ///< may pass (a 4yz reply, no connection, a timeout): retried
    Refused,  ///< refused for good (a 5yz reply to MAIL, RCPT or DATA): failed at once
};

/// A delivery won by this process: the message to send and what it had tried before.
struct DeliveryClaim {
    std::int64_t run_id = 0;
    DeliveryRecord record;
    std::string body;  ///< the text composed when the run ended
};

class DeliveryStore {
 public:
    explicit DeliveryStore(History& history) : db_(history.conn_.db()) {}

    /// Sets the delivery of each of `runs` that has one.
    void attach_to(std::vector<RunRecord>& runs);

    /// Records the delivery of a run that just ended and claims it.
    DeliveryClaim create(std::int64_t run_id, const std::string& message_id, const std::string& body, TimePoint now);
    /// Claims an existing delivery: a pending one whose next attempt is due at
    /// `due_now` (or any not being sent, when `force`), or one whose sender died
    /// (sending, claimed more than `stale_after` before `now`, its process gone).
    std::optional<DeliveryClaim> claim(std::int64_t run_id, TimePoint now, TimePoint due_now,
                                       std::chrono::seconds stale_after, bool force);
    /// The runs whose deliveries are pending or being sent, oldest first.
    std::vector<std::int64_t> unfinished();
    /// The earliest next attempt of a pending delivery.
    std::optional<TimePoint> next_attempt();
    /// Records an attempt: sent; failed for good when refused; else pending until
    /// `due_now` + retry_delay (failed after kMaxDeliveryAttempts); with the
    /// server's reply or the reason.
    DeliveryRecord record_attempt(std::int64_t run_id, AttemptOutcome outcome, const std::string& reply, TimePoint now,
                                  TimePoint due_now);

 private:
    std::optional<DeliveryClaim> read(std::int64_t run_id);
    SQLite::Database& db_;
};

}  // namespace asemdb::detail
