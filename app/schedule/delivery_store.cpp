// Delivery records: claimed in a transaction, attempts counted, retries spaced.

#include "schedule/delivery_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <map>

#include <unistd.h>

namespace asemdb::detail {
namespace {

constexpr const char* kColumns =
    "run_id, status, attempts, message_id, body, last_attempt_at, next_attempt_at, reply, pid, host, claimed_at";

DeliveryStatus status_from(const std::string& text) {
    if (text == "pending") return DeliveryStatus::Pending;
    if (text == "sent") return DeliveryStatus::Sent;
    return text == "failed" ? DeliveryStatus::Failed : DeliveryStatus::Sending;
}

std::optional<TimePoint> time_column(SQLite::Statement& q, int column) {
    if (q.getColumn(column).isNull()) return std::nullopt;
    return parse_iso_time(q.getColumn(column).getString());
}

DeliveryRecord read_record(SQLite::Statement& q) {
    DeliveryRecord d;
    d.status = status_from(q.getColumn(1).getString());
    d.attempts = q.getColumn(2).getInt();
    d.message_id = q.getColumn(3).getString();
    d.last_attempt = time_column(q, 5);
    d.next_attempt = time_column(q, 6);
    d.reply = q.getColumn(7).getString();
    return d;
}

// A sender that died mid-attempt leaves its claim as a dead run leaves its own.
bool held_by_dead_sender(SQLite::Statement& q, TimePoint now, std::chrono::seconds stale_after) {
    RunRecord holder;
    holder.status = RunStatus::Running;
    holder.pid = static_cast<long>(q.getColumn(8).getInt64());
    holder.host = q.getColumn(9).getString();
    holder.started = parse_iso_time(q.getColumn(10).getString());
    return is_stale_claim(holder, now, stale_after);
}

}  // namespace

std::chrono::seconds retry_delay(int failed_attempts) {
    auto delay = kFirstRetryDelay;
    for (int n = 1; n < failed_attempts && delay < kMaxRetryDelay; ++n) delay *= 2;
    return std::min(delay, kMaxRetryDelay);
}

void DeliveryStore::attach_to(std::vector<RunRecord>& runs) {
    std::map<std::int64_t, RunRecord*> by_id;
    for (auto& run : runs) by_id[run.id] = &run;
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns + " FROM delivery");
    while (q.executeStep())
        if (const auto it = by_id.find(q.getColumn(0).getInt64()); it != by_id.end())
            it->second->delivery = read_record(q);
}

std::optional<DeliveryClaim> DeliveryStore::read(std::int64_t run_id) {
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns + " FROM delivery WHERE run_id = ?");
    q.bind(1, run_id);
    if (!q.executeStep()) return std::nullopt;
    return DeliveryClaim{run_id, read_record(q), q.getColumn(4).getString()};
}

DeliveryClaim DeliveryStore::create(std::int64_t run_id, const std::string& message_id, const std::string& body,
                                    TimePoint now) {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(db_, "INSERT INTO delivery (run_id, status, message_id, body, pid, host, claimed_at) "
                                  "VALUES (?, 'sending', ?, ?, ?, ?, ?)");
    SQLite::bind(insert, run_id, message_id, body, static_cast<std::int64_t>(getpid()), this_host(), iso_utc(now));
    insert.exec();
    tx.commit();
    DeliveryClaim claim{run_id, {}, body};
    claim.record.message_id = message_id;
    return claim;
}

std::optional<DeliveryClaim> DeliveryStore::claim(std::int64_t run_id, TimePoint now, TimePoint due_now,
                                                  std::chrono::seconds stale_after, bool force) {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns + " FROM delivery WHERE run_id = ?");
    q.bind(1, run_id);
    if (!q.executeStep()) return std::nullopt;
    const DeliveryRecord record = read_record(q);
    bool ours = false;
    if (record.status == DeliveryStatus::Sending) ours = held_by_dead_sender(q, now, stale_after);
    else if (force) ours = true;
    else ours = record.status == DeliveryStatus::Pending && (!record.next_attempt || *record.next_attempt <= due_now);
    if (!ours) return std::nullopt;
    q.reset();
    SQLite::Statement update(db_, "UPDATE delivery SET status = 'sending', pid = ?, host = ?, claimed_at = ? "
                                  "WHERE run_id = ?");
    SQLite::bind(update, static_cast<std::int64_t>(getpid()), this_host(), iso_utc(now), run_id);
    update.exec();
    tx.commit();
    return read(run_id);
}

std::vector<std::int64_t> DeliveryStore::unfinished() {
    SQLite::Statement q(db_, "SELECT run_id FROM delivery WHERE status IN ('pending', 'sending') ORDER BY run_id");
    std::vector<std::int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
}

std::optional<TimePoint> DeliveryStore::next_attempt() {
    SQLite::Statement q(db_, "SELECT min(next_attempt_at) FROM delivery WHERE status = 'pending'");
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return parse_iso_time(q.getColumn(0).getString());
}

DeliveryRecord DeliveryStore::record_attempt(std::int64_t run_id, AttemptOutcome outcome, const std::string& reply,
                                             TimePoint now, TimePoint due_now) {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db_, "SELECT attempts FROM delivery WHERE run_id = ?");
    q.bind(1, run_id);
    const int attempts = q.executeStep() ? q.getColumn(0).getInt() + 1 : 1;
    q.reset();
    const bool final = outcome == AttemptOutcome::Refused || attempts >= kMaxDeliveryAttempts;
    const char* status = outcome == AttemptOutcome::Sent ? "sent" : final ? "failed" : "pending";
    SQLite::Statement update(db_, "UPDATE delivery SET status = ?, attempts = ?, last_attempt_at = ?, "
                                  "next_attempt_at = ?, reply = ? WHERE run_id = ?");
    update.bind(1, status);
    update.bind(2, attempts);
    update.bind(3, iso_utc(now));
    if (std::string(status) == "pending") update.bind(4, iso_utc(due_now + retry_delay(attempts)));
    else update.bind(4);
    update.bind(5, reply);
    update.bind(6, run_id);
    update.exec();
    tx.commit();
    return read(run_id)->record;
}

}  // namespace asemdb::detail
