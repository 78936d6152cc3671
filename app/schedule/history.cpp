// The run history's runs: the claim that prevents double runs, the end of a
// run, its outputs and what `keep` removed. The file itself (schema,
// migrations, opening): history_file.cpp; what `schedule history` shows:
// history_render.cpp.

#include "asemdb/schedule/history.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <map>

#include <signal.h>
#include <unistd.h>

namespace asemdb {
namespace {

constexpr const char* kRunColumns =
    "id, job, kind, scheduled_at, started_at, finished_at, status, report, params, row_count, missed, "
    "coalesce(error, ''), pid, host, attempt, coalesce(counted, ''), coalesce(failed_checks, '[]')";

// Version 3 stores params as a JSON object, in declaration order; earlier runs
// hold "as_of=2026-02-28, side=all".
std::string stored_params(const RunParams& params) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [name, value] : params) object[name] = value;
    return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RunParams read_params(const std::string& text) {
    RunParams params;
    if (!text.empty() && text.front() == '{') {
        const auto object = nlohmann::ordered_json::parse(text, nullptr, false);
        if (object.is_object()) {
            for (const auto& [name, value] : object.items())
                params.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
            return params;
        }
    }
    // The old shape: a value holding ", " continues the one before when what follows has no '='.
    std::size_t start = 0;
    while (start < text.size()) {
        const auto comma = std::min(text.find(", ", start), text.size());
        const std::string part = text.substr(start, comma - start);
        const auto eq = part.find('=');
        if (eq == std::string::npos && !params.empty()) params.back().second += ", " + part;
        else if (eq == std::string::npos) params.emplace_back(part, "");
        else params.emplace_back(part.substr(0, eq), part.substr(eq + 1));
        start = comma + 2;
    }
    return params;
}

std::string stored_checks(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

std::vector<std::string> read_checks(const std::string& text) {
    const auto ids = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (ids.is_array())
        for (const auto& id : ids)
            if (id.is_string()) out.push_back(id.get<std::string>());
    return out;
}

RunStatus status_from(const std::string& text) {
    return text == "succeeded" ? RunStatus::Succeeded : text == "failed" ? RunStatus::Failed : RunStatus::Running;
}

RunRecord read_run(SQLite::Statement& q) {
    RunRecord r;
    r.id = q.getColumn(0).getInt64();
    r.job = q.getColumn(1).getString();
    r.trigger = q.getColumn(2).getString() == "manual" ? RunTrigger::Manual : RunTrigger::Schedule;
    r.scheduled = parse_iso_time(q.getColumn(3).getString());
    r.started = parse_iso_time(q.getColumn(4).getString());
    if (!q.getColumn(5).isNull()) r.finished = parse_iso_time(q.getColumn(5).getString());
    r.status = status_from(q.getColumn(6).getString());
    r.report = q.getColumn(7).getString();
    r.params = read_params(q.getColumn(8).getString());
    r.rows = static_cast<std::uint64_t>(q.getColumn(9).getInt64());
    r.missed = static_cast<std::uint64_t>(q.getColumn(10).getInt64());
    r.error = q.getColumn(11).getString();
    r.pid = static_cast<long>(q.getColumn(12).getInt64());
    r.host = q.getColumn(13).getString();
    r.attempt = q.getColumn(14).getInt();
    r.counted = q.getColumn(15).getString();
    r.failed_checks = read_checks(q.getColumn(16).getString());
    return r;
}


}  // namespace

std::string params_text(const RunParams& params) {
    std::string out;
    for (const auto& [name, value] : params) out += (out.empty() ? "" : ", ") + name + "=" + value;
    return out;
}

std::string counted_text(const RunRecord& run) {
    return run.counted.empty() ? fmt::format("{} rows", run.rows) : run.counted;
}

std::string this_host() {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    return name;
}

bool is_stale_claim(const RunRecord& run, TimePoint now, std::chrono::seconds stale_after) {
    if (run.status != RunStatus::Running || now - run.started < stale_after) return false;
    if (run.host != this_host()) return true;
    return ::kill(static_cast<pid_t>(run.pid), 0) != 0 && errno == ESRCH;
}

std::string to_string(RunStatus status) {
    switch (status) {
        case RunStatus::Running: return "running";
        case RunStatus::Succeeded: return "succeeded";
        case RunStatus::Failed: return "failed";
    }
    return "running";
}

std::string to_string(DeliveryStatus status) {
    switch (status) {
        case DeliveryStatus::Sending: return "sending";
        case DeliveryStatus::Pending: return "pending";
        case DeliveryStatus::Sent: return "sent";
        case DeliveryStatus::Failed: return "failed";
    }
    return "sending";
}

std::string to_string(RunTrigger trigger) { return trigger == RunTrigger::Manual ? "manual" : "schedule"; }

std::optional<TimePoint> History::first_seen(const std::string& job) const {
    SQLite::Statement q(conn_.db(), "SELECT first_seen FROM job_seen WHERE job = ?");
    q.bind(1, job);
    if (!q.executeStep()) return std::nullopt;
    return parse_iso_time(q.getColumn(0).getString());
}

void History::record_seen(const std::string& job, TimePoint now) {
    SQLite::Statement insert(conn_.db(), "INSERT OR IGNORE INTO job_seen (job, first_seen) VALUES (?, ?)");
    SQLite::bind(insert, job, iso_utc(now));
    insert.exec();
}

std::optional<TimePoint> History::last_scheduled(const std::string& job) const {
    SQLite::Statement q(conn_.db(), "SELECT max(scheduled_at) FROM run WHERE job = ? AND kind = 'schedule'");
    q.bind(1, job);
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return parse_iso_time(q.getColumn(0).getString());
}

std::optional<RunRecord> History::last_run(const std::string& job) const {
    SQLite::Statement q(conn_.db(), std::string("SELECT ") + kRunColumns +
                                        " FROM run WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT 1");
    q.bind(1, job);
    if (!q.executeStep()) return std::nullopt;
    return read_run(q);
}

std::optional<RunRecord> History::occurrence(const std::string& job, TimePoint scheduled) const {
    SQLite::Statement q(conn_.db(), std::string("SELECT ") + kRunColumns +
                                        " FROM run WHERE job = ? AND scheduled_at = ? AND kind = 'schedule'");
    SQLite::bind(q, job, iso_utc(scheduled));
    if (!q.executeStep()) return std::nullopt;
    return read_run(q);
}

Claim History::claim(RunRecord run, TimePoint now, std::chrono::seconds stale_after) {
    auto& db = conn_.db();
    run.pid = static_cast<long>(getpid());
    run.host = this_host();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (run.trigger == RunTrigger::Schedule) {
        if (auto found = occurrence(run.job, run.scheduled)) {
            RunRecord holder = *found;
            if (!is_stale_claim(holder, now, stale_after)) return {false, false, holder};
            run.id = holder.id;
            run.attempt = holder.attempt + 1;
            SQLite::Statement update(db, "UPDATE run SET started_at = ?, status = 'running', params = ?, missed = ?, "
                                         "pid = ?, host = ?, attempt = ?, error = NULL WHERE id = ?");
            SQLite::bind(update, iso_utc(run.started), stored_params(run.params), static_cast<std::int64_t>(run.missed),
                         static_cast<std::int64_t>(run.pid), run.host, run.attempt, run.id);
            update.exec();
            tx.commit();
            return {true, true, run};
        }
    }
    SQLite::Statement insert(db, "INSERT INTO run (job, kind, scheduled_at, started_at, status, report, params, "
                                 "missed, pid, host) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)");
    SQLite::bind(insert, run.job, to_string(run.trigger), iso_utc(run.scheduled), iso_utc(run.started), run.report,
                 stored_params(run.params), static_cast<std::int64_t>(run.missed), static_cast<std::int64_t>(run.pid),
                 run.host);
    insert.exec();
    run.id = db.getLastInsertRowid();
    tx.commit();
    return {true, false, run};
}

int History::fail_stale(const std::string& job, TimePoint except, TimePoint now, std::chrono::seconds stale_after) {
    auto& db = conn_.db();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db, std::string("SELECT ") + kRunColumns +
                                " FROM run WHERE job = ? AND status = 'running' AND scheduled_at <> ?");
    SQLite::bind(q, job, iso_utc(except));
    std::vector<RunRecord> stale;
    while (q.executeStep())
        if (auto r = read_run(q); is_stale_claim(r, now, stale_after)) stale.push_back(r);
    for (const auto& r : stale) {
        SQLite::Statement update(db, "UPDATE run SET status = 'failed', finished_at = ?, error = ? WHERE id = ?");
        SQLite::bind(update, iso_utc(now),
                     fmt::format("abandoned: process {} on {} ended without finishing the run", r.pid, r.host), r.id);
        update.exec();
    }
    tx.commit();
    return static_cast<int>(stale.size());
}

void History::finish(const RunRecord& run) {
    auto& db = conn_.db();
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement update(db, "UPDATE run SET finished_at = ?, status = ?, row_count = ?, error = ?, params = ?, "
                                 "counted = ?, failed_checks = ? WHERE id = ?");
    update.bind(1, iso_utc(run.finished.value_or(run.started)));
    update.bind(2, to_string(run.status));
    update.bind(3, static_cast<std::int64_t>(run.rows));
    if (run.error.empty()) update.bind(4);
    else update.bind(4, run.error);
    update.bind(5, stored_params(run.params));
    if (run.counted.empty()) update.bind(6);
    else update.bind(6, run.counted);
    update.bind(7, stored_checks(run.failed_checks));
    update.bind(8, run.id);
    update.exec();
    for (const auto& out : run.outputs) {
        SQLite::Statement insert(db, "INSERT OR REPLACE INTO run_output (run_id, path, format, size, sha256) "
                                     "VALUES (?, ?, ?, ?, ?)");
        SQLite::bind(insert, run.id, out.path, out.format, static_cast<std::int64_t>(out.size), out.sha256);
        insert.exec();
    }
    tx.commit();
}

std::vector<RunRecord> History::runs(const std::optional<std::string>& job) const {
    auto& db = conn_.db();
    SQLite::Statement q(db, std::string("SELECT ") + kRunColumns +
                                " FROM run WHERE ?1 IS NULL OR job = ?1 ORDER BY scheduled_at, id");
    if (job) q.bind(1, *job);
    std::vector<RunRecord> out;
    std::map<std::int64_t, std::size_t> index;
    while (q.executeStep()) {
        index[q.getColumn(0).getInt64()] = out.size();
        out.push_back(read_run(q));
    }
    SQLite::Statement files(db, "SELECT run_id, path, format, size, sha256, removed_at IS NOT NULL FROM run_output "
                                "ORDER BY run_id, rowid");
    while (files.executeStep()) {
        const auto it = index.find(files.getColumn(0).getInt64());
        if (it == index.end()) continue;
        out[it->second].outputs.push_back({files.getColumn(1).getString(), files.getColumn(2).getString(),
                                           static_cast<std::uint64_t>(files.getColumn(3).getInt64()),
                                           files.getColumn(4).getString(), files.getColumn(5).getInt() != 0});
    }
    return out;
}

std::vector<OutputRecord> History::outputs_beyond(const std::string& job, int keep) const {
    SQLite::Statement q(conn_.db(), R"sql(
        WITH ranked AS (
            SELECT id, row_number() OVER (ORDER BY scheduled_at DESC, id DESC) AS n
              FROM run WHERE job = ?1 AND id IN (SELECT run_id FROM run_output))
        SELECT o.path, o.format, o.size, o.sha256
          FROM run_output o JOIN ranked r ON r.id = o.run_id
         WHERE r.n > ?2 AND o.removed_at IS NULL
           AND o.path NOT IN (SELECT k.path FROM run_output k JOIN ranked kr ON kr.id = k.run_id WHERE kr.n <= ?2)
         ORDER BY r.n DESC)sql");
    SQLite::bind(q, job, keep);
    std::vector<OutputRecord> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       static_cast<std::uint64_t>(q.getColumn(2).getInt64()), q.getColumn(3).getString(), false});
    return out;
}

void History::mark_removed(const std::string& job, const std::string& path, TimePoint now) {
    SQLite::Statement update(conn_.db(), "UPDATE run_output SET removed_at = ? WHERE path = ? AND removed_at IS NULL "
                                         "AND run_id IN (SELECT id FROM run WHERE job = ?)");
    SQLite::bind(update, iso_utc(now), path, job);
    update.exec();
}

}  // namespace asemdb
