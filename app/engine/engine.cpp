#include "asemdb/engine/engine.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"
#include "asemdb/engine/progress.hpp"
#include "engine/fingerprint.hpp"
#include "engine/read_only_statement.hpp"
#include "engine/read_snapshot.hpp"
#include "engine/render_thread.hpp"
#include "store/sql_script.hpp"
#include "engine/read_cell.hpp"
#include "engine/summary.hpp"
#include "engine/declared_counts.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <system_error>

namespace asemdb {
namespace {
using detail::read_cell;
using detail::StatementPtr;

// A run's context for error messages and for the limits that can stop it.
struct RunState {
    const Connection& conn;
    const ReportDefinition& def;
    const RunOptions& options;
    std::chrono::steady_clock::time_point deadline;
    const detail::ReadSnapshot* snapshot = nullptr;
    bool timed_out = false;
    bool cancelled = false;
};

bool cancel_requested(const RunOptions& options) { return options.cancel && options.cancel->load(); }
bool past_deadline(const RunOptions& options, std::chrono::steady_clock::time_point deadline) {
    return options.timeout && std::chrono::steady_clock::now() > deadline;
}

Error query_error(const RunState& run, const std::string& part, const std::string& origin, const std::string& detail) {
    Where where;
    where.file = origin;
    where.report = run.def.name_in_messages();
    return Error(ErrorKind::Sql, where, part.empty() ? detail : part + ": " + detail);
}

// Context shown on each side of the error in a long line: enough to find it,
// never a whole generated statement on the terminal.
constexpr std::size_t kCaretContextChars = 60;

// The line of `sql` holding byte `offset` (clipped around it, on character
// boundaries), escaped like every message, and a caret under that byte.
std::string caret_context(const std::string& sql, int offset) {
    if (offset < 0 || static_cast<std::size_t>(offset) > sql.size()) return {};
    const auto continues = [&](std::size_t i) { return i < sql.size() && detail::is_utf8_continuation(sql[i]); };
    const std::size_t at = static_cast<std::size_t>(offset);
    std::size_t begin = at;
    while (begin > 0 && sql[begin - 1] != '\n' && at - begin < kCaretContextChars) --begin;
    while (begin > 0 && begin < at && continues(begin)) ++begin;
    std::size_t end = std::min({sql.find('\n', at), sql.size(), at + kCaretContextChars});
    while (continues(end)) ++end;
    std::string line = sql.substr(begin, end - begin);
    std::replace(line.begin(), line.end(), '\t', ' ');
    const std::string before = printable_line(std::string_view(line).substr(0, at - begin));
    return "  " + printable_line(line) + "\n  " + std::string(detail::display_width(before), ' ') + "^\n";
}

std::string refusal_detail(const std::string& what) {
    return "refused: asemdb queries and reports only read the database (" + what + ")";
}

StatementPtr prepare(const RunState& run, const std::string& part, const std::string& origin, const std::string& sql) {
    using Problem = detail::ReadOnlyStatement::Problem;
    auto prepared = detail::prepare_read_only(run.conn, sql);
    switch (prepared.problem) {
        case Problem::None: return std::move(prepared.stmt);
        case Problem::Sql:
            throw query_error(run, part, origin, prepared.detail).with_context(caret_context(sql, prepared.offset));
        case Problem::Refused: throw query_error(run, part, origin, refusal_detail(prepared.detail));
        case Problem::Empty:
            throw Error::definition(origin, 0, part + " of report '" + run.def.id + "' holds no statement");
        case Problem::Several:
            throw Error::definition(origin, 0, part + " of report '" + run.def.id +
                                                   "' holds more than one statement; a sheet runs one query");
        case Problem::Writes: throw query_error(run, part, origin, refusal_detail("the statement writes"));
    }
    throw std::logic_error("unhandled statement problem");
}

// The names a statement's parameters are bound by, by slot: :name, @name and $name
// bind "name"; ?NNN and a bare ? bind their number. A slot below a ?NNN that no
// parameter takes ("SELECT ?3" has three) has no name: nothing is bound there.
std::vector<std::optional<std::string>> binding_names(sqlite3_stmt* stmt) {
    const int count = sqlite3_bind_parameter_count(stmt);
    const auto anonymous = detail::anonymous_parameter_slots(sqlite3_sql(stmt));
    std::vector<std::optional<std::string>> names(static_cast<std::size_t>(count) + 1);
    for (int i = 1; i <= count; ++i) {
        const char* full = sqlite3_bind_parameter_name(stmt, i);
        if (full) names[i] = full[0] == '?' ? std::to_string(i) : std::string(full + 1);
        else if (std::find(anonymous.begin(), anonymous.end(), i) != anonymous.end()) names[i] = std::to_string(i);
    }
    return names;
}

// Binds every parameter the statement names; one the report does not declare is an error.
void bind_params(sqlite3_stmt* stmt, const ReportDefinition& def, const std::string& part,
                 const std::vector<ResolvedParam>& params) {
    const auto names = binding_names(stmt);
    for (int i = 1; i < static_cast<int>(names.size()); ++i) {
        if (!names[i]) continue;
        const std::string& name = *names[i];
        const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.name == name; });
        if (it == params.end())
            throw Error::parameter(def.name_in_messages(), name,
                                   (part.empty() ? "the query" : part) + " uses this parameter, but no value was given for it");
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::monostate>) sqlite3_bind_null(stmt, i);
                else if constexpr (std::is_same_v<T, std::int64_t>) sqlite3_bind_int64(stmt, i, value);
                else if constexpr (std::is_same_v<T, double>) sqlite3_bind_double(stmt, i, value);
                else sqlite3_bind_text(stmt, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
            },
            it->value);
    }
}

// Interrupts a statement that runs past the deadline or is cancelled.
class ProgressWatch {
 public:
    ProgressWatch(sqlite3* db, RunState& run) : db_(db) {
        if (run.options.timeout || run.options.cancel) sqlite3_progress_handler(db_, kInstructions, &check, &run);
    }
    ~ProgressWatch() { sqlite3_progress_handler(db_, 0, nullptr, nullptr); }
    ProgressWatch(const ProgressWatch&) = delete;
    ProgressWatch& operator=(const ProgressWatch&) = delete;

 private:
    // Often enough to stop within milliseconds, rarely enough to cost nothing.
    static constexpr int kInstructions = 10000;
    static int check(void* data) {
        auto& run = *static_cast<RunState*>(data);
        run.cancelled = cancel_requested(run.options);
        run.timed_out = past_deadline(run.options, run.deadline);
        return run.cancelled || run.timed_out;
    }
    sqlite3* db_;
};

Error step_error(const RunState& run, const std::string& part, const std::string& origin) {
    if (run.timed_out) {
        const auto seconds = std::chrono::duration<double>(*run.options.timeout).count();
        return query_error(run, part, origin, fmt::format("timed out after {} s and was stopped", seconds));
    }
    if (run.cancelled) return query_error(run, part, origin, "interrupted and stopped");
    return query_error(run, part, origin, sqlite3_errmsg(run.conn.db().getHandle()));
}

// A statement that ends the run's transaction (COMMIT, ROLLBACK, END) would let
// the rest of the run, and the fingerprint, read different data.
void check_snapshot(const RunState& run, const std::string& part, const std::string& origin) {
    if (run.snapshot && !run.snapshot->intact())
        throw query_error(run, part, origin,
                          "refused: a run reads one snapshot, in a transaction of its own, and the statement ends it");
}

std::size_t column_index(const std::vector<Column>& columns, const std::string& name, const ReportDefinition& def,
                         const SheetSpec& sheet, const char* naming) {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return i;
    throw Error::definition(def.origin, 0, "sheet '" + sheet.name + "': " + naming + " column '" + name +
                                               "', which the query does not return");
}

std::vector<Column> describe_columns(sqlite3_stmt* stmt, const ReportDefinition& def, const SheetSpec& sheet) {
    std::vector<Column> columns;
    const int count = sqlite3_column_count(stmt);
    for (int i = 0; i < count; ++i) {
        Column column;
        column.name = sqlite3_column_name(stmt, i);
        if (const auto it = sheet.formats.find(column.name); it != sheet.formats.end()) column.format = it->second;
        columns.push_back(std::move(column));
    }
    // Checked against the query's columns, which only the run knows, like a chart's.
    for (const auto& [name, label] : sheet.labels) columns[column_index(columns, name, def, sheet, "a label names")].label = label;
    for (const auto& name : sheet.hidden) columns[column_index(columns, name, def, sheet, "'hidden' names")].hidden = true;
    if (!columns.empty() && std::all_of(columns.begin(), columns.end(), [](const Column& c) { return c.hidden; }))
        throw Error::definition(def.origin, 0, "sheet '" + sheet.name + "': 'hidden' names every column");
    return columns;
}

std::optional<ChartSpec> resolve_chart(const std::vector<Column>& columns, const ReportDefinition& def,
                                       const SheetSpec& sheet) {
    if (!sheet.chart) return std::nullopt;
    ChartSpec chart;
    chart.type = sheet.chart->type;
    chart.title = sheet.chart->title;
    chart.category_column = column_index(columns, sheet.chart->category, def, sheet, "the chart names");
    for (const auto& name : sheet.chart->values)
        chart.value_columns.push_back(column_index(columns, name, def, sheet, "the chart names"));
    return chart;
}

std::uint64_t stream_sheet(RunState& run, const SheetSpec& sheet, const std::vector<ResolvedParam>& params,
                           RowSink& sink, RunSummary& summary, const std::string& note) {
    const std::string part = run.def.sheet_in_messages(sheet);
    auto stmt = prepare(run, part, sheet.sql_origin, sheet.sql);
    bind_params(stmt.get(), run.def, part, params);
    SheetInfo info{sheet.name, sheet.title, describe_columns(stmt.get(), run.def, sheet)};
    info.note = note;
    info.tab = sheet.tab;
    info.orientation = sheet.orientation;
    info.chart = resolve_chart(info.columns, run.def, sheet);
    sink.begin_sheet(info);
    std::vector<Cell> cells(info.columns.size());
    std::uint64_t rows = 0;
    const std::uint64_t max_rows = run.options.max_rows.value_or(UINT64_MAX);
    int rc = SQLITE_DONE;
    while (rows < max_rows && (rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        for (int i = 0; i < static_cast<int>(cells.size()); ++i) read_cell(stmt.get(), i, cells[i]);
        sink.row(cells);
        ++rows;
    }
    if (rows == max_rows && sqlite3_step(stmt.get()) == SQLITE_ROW) summary.limited_sheets.push_back(sheet.name);
    else if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw step_error(run, part, sheet.sql_origin);
    check_snapshot(run, part, sheet.sql_origin);
    sink.end_sheet(rows);
    return rows;
}

std::optional<std::string> text_of(sqlite3_stmt* stmt, int i) {
    const auto* text = sqlite3_column_text(stmt, i);
    if (!text) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(text));
}

// Summaries read small results (counts, lists of themes); a cap keeps a runaway query in check.
constexpr std::size_t kMaxSummaryRows = 10000;

// Runs named queries with the report's parameters and keeps their rows as text.
std::vector<detail::QueryRows> read_queries(const RunState& run, const std::vector<ResolvedParam>& params,
                                            const std::string& kind, const std::string& origin,
                                            const std::vector<std::pair<std::string, std::string>>& queries) {
    std::vector<detail::QueryRows> data;
    for (const auto& [name, sql] : queries) {
        if (sql.empty()) continue;
        const std::string part = kind + " query '" + name + "'";
        auto stmt = prepare(run, part, origin, sql);
        bind_params(stmt.get(), run.def, part, params);
        detail::QueryRows rows{name, {}, {}};
        for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) rows.columns.push_back(sqlite3_column_name(stmt.get(), i));
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW && rows.rows.size() < kMaxSummaryRows) {
            std::vector<std::optional<std::string>> row;
            for (int i = 0; i < static_cast<int>(rows.columns.size()); ++i) row.push_back(text_of(stmt.get(), i));
            rows.rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw step_error(run, part, origin);
        check_snapshot(run, part, origin);
        data.push_back(std::move(rows));
    }
    return data;
}

// The date a report is evaluated on, when it names one (its manifest's as_of_param).
std::optional<std::string> as_of_date(const ReportDefinition& def, const std::vector<ResolvedParam>& params) {
    if (def.as_of_param.empty()) return std::nullopt;
    for (const auto& p : params)
        if (const auto* date = std::get_if<std::string>(&p.value); p.name == def.as_of_param && date) return *date;
    return std::nullopt;
}

std::string render_summary(RunState& run, const std::vector<ResolvedParam>& params) {
    const ReportDefinition& def = run.def;
    auto data = read_queries(run, params, "summary", def.origin, def.summary->queries);
    // The source's declared counts on the report's date, each with why it differs, if it does.
    if (const auto as_of = as_of_date(def, params))
        for (auto& rows : detail::declared_rows(run.conn.db(), *as_of)) data.push_back(std::move(rows));
    return detail::render_summary(def.summary->template_text, data);
}

// The first column of every row of one query's result.
std::vector<std::string> first_column(const std::vector<detail::QueryRows>& data) {
    std::vector<std::string> out;
    for (const auto& result : data)
        for (const auto& row : result.rows)
            if (!row.empty() && row[0]) out.push_back(*row[0]);
    return out;
}

// The sources in the table's order: all of them, or those of `cited` (when set).
std::vector<SourceRef> list_sources(SQLite::Database& db, const std::optional<std::vector<std::string>>& cited) {
    std::vector<SourceRef> out;
    if (!db.tableExists("source")) return out;
    SQLite::Statement query(db, "SELECT source_key, title, coalesce(reference, '') FROM source ORDER BY rowid");
    while (query.executeStep()) {
        const std::string key = query.getColumn(0).getString();
        if (cited && std::find(cited->begin(), cited->end(), key) == cited->end()) continue;
        out.push_back({key, query.getColumn(1).getString(), query.getColumn(2).getString()});
    }
    return out;
}

// The fingerprint as the rows' snapshot holds it: read beside the rows when
// the snapshot has a twin connection, else here, after them.
std::string wait_for_fingerprint(RunState& run, detail::FingerprintTask& task) {
    try {
        return task.get();
    } catch (const Error&) {
        run.cancelled = cancel_requested(run.options);
        run.timed_out = past_deadline(run.options, run.deadline);
        if (run.cancelled || run.timed_out) throw step_error(run, "the database fingerprint", "");
        throw;
    }
}

// `note` receives the report's note, if any, which also heads the caveats.
ReportContext make_context(const RunState& run, const std::vector<ResolvedParam>& params, std::time_t generated,
                           std::string& note) try {
    const Connection& conn = run.conn;
    const ReportDefinition& def = run.def;
    ReportContext context;
    context.id = def.id;
    context.title = def.title;
    context.description = def.description;
    // What produced the rows, when the user wrote it rather than a report.
    if (def.adhoc)
        for (const auto& sheet : def.sheets) context.sql += (context.sql.empty() ? "" : ";\n") + sheet.sql;
    context.paper = def.paper;
    context.as_of_param = def.as_of_param;
    for (const auto& p : params) context.parameters.emplace_back(p.name, p.display);
    context.generated = generated;
    context.database = conn.path().filename().string();
    std::optional<std::vector<std::string>> cited;
    if (def.about) {
        const auto& about = *def.about;
        if (!about.sources.empty())
            cited = first_column(read_queries(run, params, "about", about.origin, {{"sources", about.sources}}));
        context.caveats = first_column(read_queries(run, params, "about", about.origin, {{"note", about.note}}));
        if (!context.caveats.empty()) note = context.caveats.front();
        for (auto& caveat : first_column(read_queries(run, params, "about", about.origin, {{"caveats", about.caveats}})))
            context.caveats.push_back(std::move(caveat));
    }
    context.sources = list_sources(conn.db(), cited);
    return context;
} catch (const SQLite::Exception& e) {
    // asemdb's own tables (source), of another shape in a file asemdb did not make.
    throw Error::sql(run.conn.path().string(), 0, std::string("cannot read the database: ") + e.what());
}

}  // namespace

std::vector<std::string> statement_parameters(const Connection& conn, const ReportDefinition& def) {
    const RunOptions options;
    const RunState run{conn, def, options, {}};
    std::vector<std::string> names;
    for (const auto& sheet : def.sheets) {
        auto stmt = prepare(run, def.sheet_in_messages(sheet), sheet.sql_origin, sheet.sql);
        for (auto& name : binding_names(stmt.get()))
            if (name && std::find(names.begin(), names.end(), *name) == names.end()) names.push_back(std::move(*name));
    }
    return names;
}

namespace {

RunSummary read_report(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                       RowSink& sink, std::time_t generated, const RunOptions& options) {
    RunState run{conn, def, options, std::chrono::steady_clock::now() + options.timeout.value_or(std::chrono::milliseconds(0))};
    ProgressWatch watch(conn.db().getHandle(), run);
    const bool fingerprint = options.fingerprint && sink.shows_fingerprint();
    const detail::ReadSnapshot snapshot(conn, fingerprint);
    run.snapshot = &snapshot;
    std::optional<detail::FingerprintTask> fingerprint_task;
    if (fingerprint) {
        const auto deadline = run.deadline;
        fingerprint_task.emplace(conn, snapshot.twin(), [&options, deadline] {
            return cancel_requested(options) || past_deadline(options, deadline);
        });
    }
    // The note bears on the whole report: the first sheet carries it.
    std::string note;
    sink.begin_report(make_context(run, params, generated, note));
    RunSummary summary;
    for (const auto& sheet : def.sheets)
        summary.sheet_rows.emplace_back(sheet.name, stream_sheet(run, sheet, params, sink, summary,
                                                                 &sheet == &def.sheets.front() ? note : ""));
    if (def.summary) {
        summary.text = render_summary(run, params);
        sink.summary(summary.text);
    }
    if (fingerprint_task) sink.fingerprint(wait_for_fingerprint(run, *fingerprint_task));
    sink.end_report();
    return summary;
}

}  // namespace

RunSummary run_report(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                      RowSink& sink, std::time_t generated, const RunOptions& options) {
    if (options.progress) {
        ProgressSink progress(sink, *options.progress);
        RunOptions inner = options;
        inner.progress = nullptr;
        return run_report(conn, def, params, progress, generated, inner);
    }
    detail::RenderThread rendering(sink);
    try {
        return read_report(conn, def, params, rendering, generated, options);
    } catch (...) {
        // A row that failed to render came before whatever the reading found since.
        rendering.throw_earlier_failure();
        throw;
    }
}

}  // namespace asemdb
