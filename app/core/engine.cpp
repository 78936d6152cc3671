#include "asemdb/engine.hpp"

#include "asemdb/connection.hpp"
#include "asemdb/error.hpp"
#include "statement.hpp"
#include "summary.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>

namespace asemdb {
namespace {
using detail::read_cell;
using detail::StatementPtr;

Error query_error(const ReportDefinition& def, const std::string& part, const std::string& origin, sqlite3* db) {
    Where where;
    where.file = origin;
    where.report = def.id;
    return Error(ErrorKind::Sql, where, part + ": " + sqlite3_errmsg(db));
}

StatementPtr prepare(sqlite3* db, const ReportDefinition& def, const std::string& part, const std::string& origin,
                     const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail) != SQLITE_OK)
        throw query_error(def, part, origin, db);
    StatementPtr stmt(raw);
    if (!stmt) throw Error::definition(origin, 0, part + " of report '" + def.id + "' holds no statement");
    for (const char* rest = tail; *rest; ++rest)
        if (!std::isspace(static_cast<unsigned char>(*rest)) && *rest != ';')
            throw Error::definition(origin, 0, part + " of report '" + def.id +
                                                   "' holds more than one statement; a sheet runs one query");
    return stmt;
}

// Binds every parameter the statement names; a name the report does not know is a definition error.
void bind_params(sqlite3_stmt* stmt, const ReportDefinition& def, const std::string& part,
                 const std::vector<ResolvedParam>& params) {
    const int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
        const char* full = sqlite3_bind_parameter_name(stmt, i);
        if (!full || full[0] == '?')
            throw Error::parameter(def.id, full ? full : "?",
                                   part + " uses a positional parameter; reports take :named ones");
        const std::string name(full + 1);
        const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.name == name; });
        if (it == params.end()) throw Error::parameter(def.id, name, part + " uses a parameter the report does not declare");
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

std::vector<Column> describe_columns(sqlite3_stmt* stmt, const SheetSpec& sheet) {
    std::vector<Column> columns;
    const int count = sqlite3_column_count(stmt);
    for (int i = 0; i < count; ++i) {
        Column column;
        column.name = sqlite3_column_name(stmt, i);
        if (const auto it = sheet.formats.find(column.name); it != sheet.formats.end()) column.format = it->second;
        columns.push_back(std::move(column));
    }
    return columns;
}

std::size_t column_index(const std::vector<Column>& columns, const std::string& name, const ReportDefinition& def,
                         const SheetSpec& sheet) {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return i;
    throw Error::definition(def.origin, 0, "sheet '" + sheet.name + "': the chart names column '" + name +
                                               "', which the query does not return");
}

std::optional<ChartSpec> resolve_chart(const std::vector<Column>& columns, const ReportDefinition& def,
                                       const SheetSpec& sheet) {
    if (!sheet.chart) return std::nullopt;
    ChartSpec chart;
    chart.type = sheet.chart->type;
    chart.title = sheet.chart->title;
    chart.category_column = column_index(columns, sheet.chart->category, def, sheet);
    for (const auto& name : sheet.chart->values) chart.value_columns.push_back(column_index(columns, name, def, sheet));
    return chart;
}

std::uint64_t stream_sheet(sqlite3* db, const ReportDefinition& def, const SheetSpec& sheet,
                           const std::vector<ResolvedParam>& params, RowSink& sink) {
    const std::string part = "sheet '" + sheet.name + "'";
    auto stmt = prepare(db, def, part, sheet.sql_origin, sheet.sql);
    bind_params(stmt.get(), def, part, params);
    SheetInfo info{sheet.name, sheet.title, describe_columns(stmt.get(), sheet), std::nullopt};
    info.chart = resolve_chart(info.columns, def, sheet);
    sink.begin_sheet(info);
    std::vector<Cell> cells(info.columns.size());
    std::uint64_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        for (int i = 0; i < static_cast<int>(cells.size()); ++i) read_cell(stmt.get(), i, cells[i]);
        sink.row(cells);
        ++rows;
    }
    if (rc != SQLITE_DONE) throw query_error(def, part, sheet.sql_origin, db);
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

std::string render_summary(sqlite3* db, const ReportDefinition& def, const std::vector<ResolvedParam>& params) {
    std::vector<detail::QueryRows> data;
    for (const auto& [name, sql] : def.summary->queries) {
        const std::string part = "summary query '" + name + "'";
        auto stmt = prepare(db, def, part, def.origin, sql);
        bind_params(stmt.get(), def, part, params);
        detail::QueryRows rows{name, {}, {}};
        for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) rows.columns.push_back(sqlite3_column_name(stmt.get(), i));
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW && rows.rows.size() < kMaxSummaryRows) {
            std::vector<std::optional<std::string>> row;
            for (int i = 0; i < static_cast<int>(rows.columns.size()); ++i) row.push_back(text_of(stmt.get(), i));
            rows.rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw query_error(def, part, def.origin, db);
        data.push_back(std::move(rows));
    }
    return detail::render_summary(def.summary->template_text, data);
}

std::vector<SourceRef> list_sources(SQLite::Database& db) {
    std::vector<SourceRef> out;
    if (!db.tableExists("source")) return out;
    SQLite::Statement query(db, "SELECT source_key, title, coalesce(reference, '') FROM source ORDER BY rowid");
    while (query.executeStep())
        out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
    return out;
}

ReportContext make_context(const Connection& conn, const ReportDefinition& def,
                           const std::vector<ResolvedParam>& params, std::time_t generated) {
    ReportContext context;
    context.id = def.id;
    context.title = def.title;
    context.description = def.description;
    for (const auto& p : params) context.parameters.emplace_back(p.name, p.display);
    context.generated = generated;
    context.database = conn.path().filename().string();
    context.fingerprint = database_fingerprint(conn);
    context.sources = list_sources(conn.db());
    return context;
}

}  // namespace

RunSummary run_report(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                      RowSink& sink, std::time_t generated) {
    sqlite3* db = conn.db().getHandle();
    sink.begin_report(make_context(conn, def, params, generated));
    RunSummary summary;
    for (const auto& sheet : def.sheets)
        summary.sheet_rows.emplace_back(sheet.name, stream_sheet(db, def, sheet, params, sink));
    if (def.summary) sink.summary(render_summary(db, def, params));
    sink.end_report();
    return summary;
}

}  // namespace asemdb
