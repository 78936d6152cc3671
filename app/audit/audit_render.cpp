// The audit report for people (text), for machines (JSON), for CI (JUnit XML)
// and for spreadsheets (xlsx, through the report renderer), and the baseline.

#include "asemdb/audit/audit.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/base/time.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <map>
#include <ostream>

namespace asemdb {
namespace {

using nlohmann::ordered_json;

// Offending rows shown under a check in the text report; JSON and xlsx hold all that were kept.
constexpr std::size_t kTextRows = 20;
constexpr const char* kCategories[] = {"declared", "integrity", "rows", "custom"};

}  // namespace

std::string audit_summary_line(const AuditReport& report, bool strict) {
    return fmt::format("{} checks: {} pass, {} drift, {} warn, {} fail; exit code {}{}", report.checks.size(),
                       report.count(CheckStatus::Pass), report.count(CheckStatus::Drift),
                       report.count(CheckStatus::Warn), report.count(CheckStatus::Fail), report.exit_code(strict),
                       strict ? " (strict: drift and warnings fail too)" : "");
}

namespace {

// Categories in their usual order, then any other in order of appearance.
std::vector<std::string> categories(const AuditReport& report) {
    std::vector<std::string> out(std::begin(kCategories), std::end(kCategories));
    for (const auto& check : report.checks)
        if (std::find(out.begin(), out.end(), check.category) == out.end()) out.push_back(check.category);
    return out;
}

// ---- text ---------------------------------------------------------------------

// The kept rows as an aligned table, each line starting with `indent`.
std::string row_table(const CheckResult& check, const std::string& indent, std::size_t limit) {
    std::vector<std::size_t> widths;
    for (const auto& name : check.columns) widths.push_back(detail::display_width(name));
    const std::size_t shown = std::min(limit, check.rows.size());
    for (std::size_t r = 0; r < shown; ++r)
        for (std::size_t c = 0; c < check.rows[r].size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], detail::display_width(check.rows[r][c]));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = indent;
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            text += cells[c];
            if (c + 1 < cells.size()) text += std::string(widths[c] - detail::display_width(cells[c]) + 2, ' ');
        }
        return text + "\n";
    };
    std::string out = line(check.columns);
    for (std::size_t r = 0; r < shown; ++r) out += line(check.rows[r]);
    if (check.offending > shown) out += fmt::format("{}... {} more not shown\n", indent, check.offending - shown);
    return out;
}

void render_text(const AuditReport& report, std::ostream& out, bool strict) {
    std::size_t width = 0;
    for (const auto& check : report.checks) width = std::max(width, check.id.size());
    out << fmt::format("asemdb audit of {} as of {} (generated {})\n", report.database, report.as_of,
                       iso_utc(report.generated));
    for (const auto& category : categories(report)) {
        bool first = true;
        for (const auto& check : report.checks) {
            if (check.category != category) continue;
            if (first) out << "\n" << category << "\n";
            first = false;
            out << fmt::format("  {:<5}  {:<{}}  {}: {}\n", to_string(check.status), check.id, width, check.title,
                               check.detail);
            if (check.status != CheckStatus::Pass && !check.columns.empty() && check.offending > 0)
                out << row_table(check, "         ", kTextRows);
        }
    }
    out << "\n" << audit_summary_line(report, strict) << "\n";
}

// ---- json ---------------------------------------------------------------------

ordered_json figures_object(const std::vector<Figure>& figures) {
    ordered_json object = ordered_json::object();
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    for (const auto& figure : figures) std::visit([&](const auto& v) { object[figure.first] = v; }, figure.second);
    return object;
}

ordered_json check_object(const CheckResult& check) {
    return {{"id", check.id},
            {"category", check.category},
            {"title", check.title},
            {"status", to_string(check.status)},
            {"detail", check.detail},
            {"figures", figures_object(check.figures)},
            {"offending", check.offending},
            {"columns", check.columns},
            {"rows", check.rows},
            {"rows_truncated", check.offending > check.rows.size()}};
}

void render_json(const AuditReport& report, std::ostream& out, bool strict) {
    ordered_json doc = {{"database", report.database},
                        {"as_of", report.as_of},
                        {"generated", iso_utc(report.generated)},
                        {"fingerprint", report.fingerprint},
                        {"strict", strict},
                        {"exit_code", report.exit_code(strict)},
                        {"summary",
                         {{"checks", report.checks.size()},
                          {"pass", report.count(CheckStatus::Pass)},
                          {"drift", report.count(CheckStatus::Drift)},
                          {"warn", report.count(CheckStatus::Warn)},
                          {"fail", report.count(CheckStatus::Fail)}}}};
    doc["checks"] = ordered_json::array();
    for (const auto& check : report.checks) doc["checks"].push_back(check_object(check));
    // Invalid UTF-8 from the data becomes U+FFFD rather than failing the report.
    out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

// ---- junit --------------------------------------------------------------------

// Escaped for XML 1.0: bytes that are not UTF-8 and control characters XML cannot
// carry become U+FFFD, so a parser never rejects the file over the data.
std::string xml(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = detail::decode_utf8(text, i).length;
        const char c = text[i];
        if (length > 1) out.append(text.substr(i, length));
        else if (length == 0 || (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')) out += "\uFFFD";
        else if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
        i += std::max<std::size_t>(length, 1);
    }
    return out;
}

bool counts_as_failure(CheckStatus status, bool strict) {
    return status == CheckStatus::Fail || (strict && status != CheckStatus::Pass);
}

void junit_case(const CheckResult& check, std::ostream& out, bool strict) {
    const std::string text = to_string(check.status) + ": " + check.detail;
    const std::string rows = check.offending ? row_table(check, "", kMaxOffendingRows) : "";
    out << fmt::format("    <testcase classname=\"asemdb.audit.{}\" name=\"{}\" time=\"0\">\n", xml(check.category),
                       xml(check.id + ": " + check.title));
    if (counts_as_failure(check.status, strict))
        out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", to_string(check.status),
                           xml(check.detail), xml(rows));
    out << fmt::format("      <system-out>{}</system-out>\n    </testcase>\n", xml(rows.empty() ? text : text + "\n" + rows));
}

void render_junit(const AuditReport& report, std::ostream& out, bool strict) {
    std::size_t failures = 0;
    for (const auto& check : report.checks) failures += counts_as_failure(check.status, strict);
    std::string stamp = iso_utc(report.generated);
    stamp.pop_back();  // JUnit's timestamp is an xs:dateTime without a zone
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << fmt::format("<testsuites name=\"asemdb audit\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"0\">\n",
                       report.checks.size(), failures);
    for (const auto& category : categories(report)) {
        std::vector<const CheckResult*> cases;
        for (const auto& check : report.checks)
            if (check.category == category) cases.push_back(&check);
        if (cases.empty()) continue;
        const auto failed = std::count_if(cases.begin(), cases.end(), [&](auto* c) { return counts_as_failure(c->status, strict); });
        out << fmt::format("  <testsuite name=\"asemdb.audit.{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
                           "time=\"0\" timestamp=\"{}\">\n",
                           xml(category), cases.size(), failed, stamp);
        out << fmt::format("    <properties>\n      <property name=\"database\" value=\"{}\"/>\n"
                           "      <property name=\"as_of\" value=\"{}\"/>\n    </properties>\n",
                           xml(report.database), xml(report.as_of));
        for (const auto* check : cases) junit_case(*check, out, strict);
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

// ---- xlsx ---------------------------------------------------------------------

// A row of text cells but for column `integer_column`, which holds the number `integer`.
void text_row(RowSink& sink, const std::vector<std::string>& values, std::size_t integer_column,
              std::uint64_t integer) {
    std::vector<Cell> cells;
    for (std::size_t i = 0; i < values.size(); ++i) {
        Cell cell;
        if (i == integer_column) cell.type = CellType::Integer, cell.integer = static_cast<std::int64_t>(integer);
        else cell.type = CellType::Text, cell.text = values[i];
        cells.push_back(cell);
    }
    sink.row(cells);
}

void results_sheet(RowSink& sink, const AuditReport& report) {
    const auto text = ColumnFormat::Text;
    sink.begin_sheet({"results", "Audit results",
                      {{"category", text}, {"check", text}, {"title", text}, {"status", text}, {"detail", text},
                       {"offending", ColumnFormat::Integer}},
                      std::nullopt});
    for (const auto& c : report.checks)
        text_row(sink, {c.category, c.id, c.title, to_string(c.status), c.detail, ""}, 5, c.offending);
    sink.end_sheet(report.checks.size());
}

// One line per offending row: the check, the row's number, its values as "column: value".
void offending_sheet(RowSink& sink, const AuditReport& report) {
    const auto text = ColumnFormat::Text;
    sink.begin_sheet({"offending rows", "Offending rows of each check",
                      {{"check", text}, {"status", text}, {"row", ColumnFormat::Integer}, {"values", text}},
                      std::nullopt});
    std::uint64_t rows = 0;
    for (const auto& c : report.checks) {
        for (std::size_t r = 0; r < c.rows.size(); ++r) {
            std::string values;
            for (std::size_t i = 0; i < c.rows[r].size() && i < c.columns.size(); ++i)
                values += (i ? "; " : "") + c.columns[i] + ": " + c.rows[r][i];
            text_row(sink, {c.id, to_string(c.status), "", values}, 2, r + 1);
            ++rows;
        }
    }
    sink.end_sheet(rows);
}

}  // namespace

void write_baseline(const AuditReport& report, std::ostream& out) {
    ordered_json tables = ordered_json::object();
    for (const auto& t : report.tables) tables[t.table] = t.rows;
    ordered_json rows = ordered_json::object();
    for (const auto& [table, digests] : report.row_digests) {
        ordered_json by_key = ordered_json::object();
        for (const auto& [key, row] : digests) by_key[key] = {{"name", row.name}, {"sha256", row.sha256}};
        rows[table] = by_key;
    }
    const ordered_json doc = {{"asemdb_baseline", 1},
                              {"database", report.database},
                              {"saved", iso_utc(report.generated)},
                              {"tables", tables},
                              {"rows", rows}};
    out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

void render_audit(const AuditReport& report, Format format, std::ostream& out) {
    render_audit(report, format, out, false);
}

void render_audit(const AuditReport& report, Format format, std::ostream& out, bool strict) {
    if (format != Format::Text && format != Format::Json && format != Format::Junit)
        throw Error::usage("the audit cannot be written as " + to_string(format) + " to a stream");
    if (format == Format::Json) return render_json(report, out, strict);
    if (format == Format::Junit) return render_junit(report, out, strict);
    render_text(report, out, strict);
}

void render_audit_xlsx(const AuditReport& report, const std::filesystem::path& file) {
    const auto sink = make_xlsx_renderer(file, {});
    ReportContext context;
    context.id = "audit";
    context.title = "asemdb audit of " + report.database;
    context.description = "Declared counts (on their own date and on the audit's date), integrity, row counts and "
                          "custom checks.";
    context.parameters = {{"as_of", report.as_of}};
    context.generated = report.generated;
    context.database = report.database;
    context.fingerprint = report.fingerprint;
    sink->begin_report(context);
    results_sheet(*sink, report);
    offending_sheet(*sink, report);
    sink->summary(audit_summary_line(report, false));
    sink->end_report();
}

void write_audit(const AuditReport& report, Format format, Destination& output, bool strict) {
    if (format == Format::Xlsx) {
        if (!output.is_file()) throw Error::usage("--format xlsx writes a file: give -o FILE.xlsx");
        render_audit_xlsx(report, output.temp_path());
    } else {
        render_audit(report, format, output.stream(), strict);
    }
    output.commit();
}

}  // namespace asemdb
