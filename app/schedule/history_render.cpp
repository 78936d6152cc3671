// What `schedule history` shows. The csv is one table, a line per run, written
// by the csv renderer so that its quoting is the one of every csv asemdb
// writes; text and json hold each run's files and delivery nested in the run.

#include "asemdb/schedule/history_render.hpp"

#include "asemdb/base/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace asemdb {
namespace {

// "pending, 1 attempt, last 2026-03-01T05:00:02Z, next 2026-03-01T05:01:00Z: cannot connect ...".
std::string delivery_text(const DeliveryRecord& d) {
    std::string text = fmt::format("{}, {} attempt{}", to_string(d.status), d.attempts, d.attempts == 1 ? "" : "s");
    if (d.last_attempt) text += ", last " + iso_utc(*d.last_attempt);
    if (d.status == DeliveryStatus::Pending && d.next_attempt) text += ", next " + iso_utc(*d.next_attempt);
    return d.reply.empty() ? text : text + ": " + d.reply;
}

nlohmann::json optional_time(const std::optional<TimePoint>& time) {
    return time ? nlohmann::json(iso_utc(*time)) : nlohmann::json();
}

nlohmann::json to_json(const std::optional<DeliveryRecord>& d) {
    if (!d) return nullptr;
    return {{"status", to_string(d->status)},          {"attempts", d->attempts},
            {"message_id", d->message_id},              {"last_attempt", optional_time(d->last_attempt)},
            {"next_attempt", optional_time(d->next_attempt)}, {"reply", d->reply}};
}

nlohmann::json to_json(const RunRecord& r) {
    nlohmann::json outputs = nlohmann::json::array();
    for (const auto& o : r.outputs)
        outputs.push_back({{"path", o.path}, {"format", o.format}, {"size", o.size}, {"sha256", o.sha256},
                           {"removed", o.removed}});
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : r.params) params[name] = value;
    return {{"id", r.id},         {"job", r.job},
            {"trigger", to_string(r.trigger)},
            {"scheduled", iso_utc(r.scheduled)},
            {"started", iso_utc(r.started)},
            {"finished", optional_time(r.finished)},
            {"status", to_string(r.status)},
            {"report", r.report}, {"params", params},
            {"rows", r.rows},     {"counted", counted_text(r)},
            {"failed_checks", r.failed_checks},
            {"missed", r.missed},
            {"attempt", r.attempt},
            {"outputs", outputs}, {"error", r.error.empty() ? nlohmann::json() : nlohmann::json(r.error)},
            {"delivery", to_json(r.delivery)}};
}

void render_json(const std::vector<RunRecord>& runs, std::ostream& out) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& r : runs) all.push_back(to_json(r));
    // Like the json renderer: a byte that is not UTF-8 becomes U+FFFD, never a failed run.
    out << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void render_run_text(const RunRecord& r, std::ostream& out) {
    out << fmt::format("#{} {}  for {} ({})  {}  {}", r.id, r.job, iso_utc(r.scheduled), to_string(r.trigger),
                       to_string(r.status), counted_text(r));
    if (r.missed > 0) out << fmt::format("  {} missed before it", r.missed);
    out << fmt::format("\n    {} {}, started {}, finished {}\n", r.report,
                       r.params.empty() ? "" : "(" + params_text(r.params) + ")", iso_utc(r.started),
                       r.finished ? iso_utc(*r.finished) : "-");
    for (const auto& o : r.outputs)
        out << fmt::format("    {} {}  {} bytes  sha256 {}\n", o.removed ? "removed" : "wrote", o.path, o.size, o.sha256);
    if (!r.error.empty()) out << "    error: " << r.error << "\n";
    if (!r.failed_checks.empty()) out << fmt::format("    failed checks: {}\n", fmt::join(r.failed_checks, ", "));
    if (r.delivery) out << "    email: " << delivery_text(*r.delivery) << "\n";
}

void render_text(const std::vector<RunRecord>& runs, std::ostream& out) {
    if (runs.empty()) out << "no runs recorded\n";
    for (const auto& r : runs) render_run_text(r, out);
}

constexpr const char* kCsvColumns[] = {"id",      "job",          "trigger",      "scheduled",     "started",
                                       "finished", "status",      "report",       "params",        "rows",
                                       "missed",   "error",       "output_files", "output_sizes",  "output_sha256",
                                       "delivery", "counted",     "failed_checks"};

SheetInfo history_sheet() {
    std::vector<Column> columns;
    for (const char* name : kCsvColumns) columns.emplace_back(name);
    return {"history", "Run history", std::move(columns)};
}

// A run's csv fields as text, in kCsvColumns' order; "finished" is empty
// while the run has not ended.
std::vector<std::string> csv_fields(const RunRecord& r) {
    std::vector<std::string> files, sizes, hashes;
    for (const auto& o : r.outputs) {
        files.push_back(o.path);
        sizes.push_back(std::to_string(o.size));
        hashes.push_back(o.sha256);
    }
    return {std::to_string(r.id), r.job, to_string(r.trigger), iso_utc(r.scheduled), iso_utc(r.started),
            r.finished ? iso_utc(*r.finished) : "", to_string(r.status), r.report, params_text(r.params),
            std::to_string(r.rows), std::to_string(r.missed), r.error, fmt::format("{}", fmt::join(files, ";")),
            fmt::format("{}", fmt::join(sizes, ";")), fmt::format("{}", fmt::join(hashes, ";")),
            r.delivery ? delivery_text(*r.delivery) : "", counted_text(r),
            fmt::format("{}", fmt::join(r.failed_checks, ";"))};
}

void render_csv(const std::vector<RunRecord>& runs, std::ostream& out) {
    const auto sink = make_stream_renderer(Format::Csv, out, RenderOptions{});
    sink->begin_report(ReportContext{});
    sink->begin_sheet(history_sheet());
    std::vector<Cell> cells;
    for (const auto& r : runs) {
        const auto fields = csv_fields(r);
        cells.clear();
        for (const auto& field : fields) cells.push_back({CellType::Text, 0, 0, field});
        sink->row(cells);
    }
    sink->end_sheet(runs.size());
    sink->end_report();
}

}  // namespace

void render_history(const std::vector<RunRecord>& runs, Format format, std::ostream& out) {
    switch (format) {
        case Format::Text: return render_text(runs, out);
        case Format::Csv: return render_csv(runs, out);
        case Format::Json: return render_json(runs, out);
        default: throw Error::usage("the run history cannot be written as " + to_string(format));
    }
}

}  // namespace asemdb
