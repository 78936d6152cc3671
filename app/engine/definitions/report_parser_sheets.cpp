// A manifest's [[sheet]] tables and its [summary] (report_parser.hpp).
#include "engine/definitions/report_parser.hpp"

#include "asemdb/base/error.hpp"
#include "base/excel_rules.hpp"
#include "engine/summary.hpp"
#include "store/sql_script.hpp"

#include <algorithm>
#include <filesystem>

namespace asemdb::detail {

SheetSpec ManifestReader::read_sheet(const toml::table& t, const ReportDefinition& def) const {
    check_keys(t, {"name", "title", "tab", "sql", "sql_file", "formats", "labels", "hidden", "orientation",
                   "chart"});
    SheetSpec sheet;
    sheet.name = required_string(t, "name");
    if (std::any_of(def.sheets.begin(), def.sheets.end(), [&](const auto& s) { return s.name == sheet.name; }))
        throw fail(t, "sheet '" + sheet.name + "' is declared twice");
    sheet.title = optional_string(t, "title").value_or(sheet.name);
    sheet.tab = read_tab(t);
    read_sql(t, sheet);
    check_params_declared(t, sheet.sql, def);
    if (const auto* formats = t.get("formats")) sheet.formats = read_formats(as_table(*formats, "formats"));
    if (const auto* labels = t.get("labels")) sheet.labels = read_labels(as_table(*labels, "labels"));
    if (const auto* hidden = t.get("hidden")) sheet.hidden = read_hidden(*hidden);
    sheet.orientation = read_orientation(t);
    if (const auto* chart = t.get("chart")) sheet.chart = read_chart(as_table(*chart, "chart"));
    return sheet;
}

void ManifestReader::read_sql(const toml::table& t, SheetSpec& sheet) const {
    const auto inline_sql = optional_string(t, "sql");
    const auto file = optional_string(t, "sql_file");
    if (inline_sql.has_value() == file.has_value())
        throw fail(t, "sheet '" + sheet.name + "' needs exactly one of 'sql' and 'sql_file'");
    if (inline_sql) {
        sheet.sql = *inline_sql;
        sheet.sql_origin = origin_ + ":" + std::to_string(line_of(*t.get("sql")));
        return;
    }
    if (file->find('/') != std::string::npos || file->find("..") != std::string::npos)
        throw fail(*t.get("sql_file"), "'sql_file' must name a file beside the manifest");
    try {
        sheet.sql = read_beside_(*file);
    } catch (const Error& e) {
        throw fail(*t.get("sql_file"), "cannot read sql_file '" + *file + "': " + e.detail());
    }
    sheet.sql_origin = (std::filesystem::path(origin_).parent_path() / *file).string();
}

void ManifestReader::check_params_declared(const toml::node& where, const std::string& sql, const ReportDefinition& def) const {
    for (const auto& name : detail::discover_parameters(sql))
        if (!def.find_param(name))
            throw fail(where, "the SQL uses parameter ':" + name + "', which no [[param]] declares");
}

std::map<std::string, ColumnFormat> ManifestReader::read_formats(const toml::table& t) const {
    static const std::map<std::string, ColumnFormat> kNames = {
        {"auto", ColumnFormat::Auto},       {"text", ColumnFormat::Text}, {"integer", ColumnFormat::Integer},
        {"number", ColumnFormat::Number},   {"date", ColumnFormat::Date}};
    std::map<std::string, ColumnFormat> out;
    for (const auto& [column, node] : t) {
        const auto* value = node.as_string();
        const auto it = value ? kNames.find(value->get()) : kNames.end();
        if (it == kNames.end())
            throw fail(node, "format of column '" + std::string(column.str()) +
                                 "' must be one of auto, text, integer, number, date");
        out.emplace(std::string(column.str()), it->second);
    }
    return out;
}

Orientation ManifestReader::read_orientation(const toml::table& t) const {
    const auto orientation = optional_string(t, "orientation");
    if (!orientation || *orientation == "auto") return Orientation::Auto;
    if (*orientation == "portrait") return Orientation::Portrait;
    if (*orientation == "landscape") return Orientation::Landscape;
    throw fail(*t.get("orientation"), "orientation must be \"auto\", \"portrait\" or \"landscape\"");
}

std::string ManifestReader::read_tab(const toml::table& t) const {
    const auto tab = optional_string(t, "tab");
    if (!tab) return {};
    if (auto problem = detail::sheet_name_problem(*tab)) throw fail(*t.get("tab"), "tab '" + *tab + "': " + *problem);
    return *tab;
}

std::map<std::string, std::string> ManifestReader::read_labels(const toml::table& t) const {
    std::map<std::string, std::string> out;
    for (const auto& [column, node] : t) {
        const auto* value = node.as_string();
        if (!value || value->get().empty())
            throw fail(node, "label of column '" + std::string(column.str()) + "' must be a non-empty string");
        out.emplace(std::string(column.str()), value->get());
    }
    return out;
}

std::vector<std::string> ManifestReader::read_hidden(const toml::node& node) const {
    const auto* array = node.as_array();
    if (!array) throw fail(node, "'hidden' must be a list of column names");
    std::vector<std::string> out;
    for (const auto& item : *array) {
        if (!item.is_string()) throw fail(item, "'hidden' must be a list of column names");
        const std::string& column = item.as_string()->get();
        if (std::find(out.begin(), out.end(), column) != out.end())
            throw fail(item, "column '" + column + "' is hidden twice");
        out.push_back(column);
    }
    return out;
}

ChartDefinition ManifestReader::read_chart(const toml::table& t) const {
    check_keys(t, {"type", "title", "category", "values"});
    ChartDefinition chart;
    chart.type = optional_string(t, "type").value_or("column");
    if (chart.type != "column" && chart.type != "bar" && chart.type != "line" && chart.type != "pie")
        throw fail(*t.get("type"), "chart type must be column, bar, line or pie");
    chart.title = optional_string(t, "title").value_or("");
    chart.category = required_string(t, "category");
    const auto* values = t.get("values");
    const auto* array = values ? values->as_array() : nullptr;
    if (!array || array->empty()) throw fail(t, "a chart needs 'values', a list of column names");
    for (const auto& item : *array) {
        if (!item.is_string()) throw fail(item, "'values' must be a list of column names");
        chart.values.push_back(item.as_string()->get());
    }
    return chart;
}

// [about]: the queries naming the sources the rows cite, the caveats that bear on them, and a note.
AboutSpec ManifestReader::read_about(const toml::table& t, const ReportDefinition& def) const {
    check_keys(t, {"sources", "caveats", "note"}, "in [about]");
    AboutSpec about;
    about.origin = origin_;
    for (auto [key, sql] : {std::pair{"sources", &about.sources}, {"caveats", &about.caveats}, {"note", &about.note}}) {
        if (const auto* node = t.get(key)) {
            *sql = optional_string(t, key).value_or("");
            check_params_declared(*node, *sql, def);
        }
    }
    return about;
}

SummarySpec ManifestReader::read_summary(const toml::table& t, const ReportDefinition& def) const {
    check_keys(t, {"template", "queries"});
    SummarySpec summary;
    summary.template_text = required_string(t, "template");
    if (auto problem = detail::template_error(summary.template_text))
        throw fail(*t.get("template"), "summary template: " + *problem);
    const auto* queries = t.get("queries");
    if (!queries) throw fail(t, "a summary needs [summary.queries]");
    check_count(*queries, as_table(*queries, "summary.queries").size(), "summary queries");
    for (const auto& [name, node] : as_table(*queries, "summary.queries")) {
        const auto* sql = node.as_string();
        if (!sql) throw fail(node, "summary query '" + std::string(name.str()) + "' must be a SQL string");
        check_params_declared(node, sql->get(), def);
        summary.queries.emplace_back(std::string(name.str()), sql->get());
    }
    return summary;
}

}  // namespace asemdb::detail
