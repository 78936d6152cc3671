#include "asemdb/engine/report.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/engine/params.hpp"
#include "asemdb/base/text.hpp"
#include "store/sql_script.hpp"
#include "engine/summary.hpp"
#include "base/toml_reader.hpp"
#include "base/excel_rules.hpp"

#include <algorithm>
#include <set>

namespace asemdb {
namespace {

using detail::line_of;

// What a manifest may ask for; beyond these it is refused with one line before
// the part is read (the summary template's own limits are in summary.hpp).
constexpr std::size_t kMaxManifestBytes = 1024 * 1024;
constexpr std::size_t kMaxTables = 100;  // [[param]]s, [[sheet]]s, summary queries: each

bool is_identifier(const std::string& name) {
    if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '_';
    });
}

// Reads one manifest; every problem names the manifest and the line it is on.
class ManifestReader : detail::TomlReader {
 public:
    ManifestReader(std::string id, std::string origin, const std::function<std::string(const std::string&)>& read)
        : TomlReader(origin), id_(std::move(id)), origin_(std::move(origin)), read_beside_(read) {}

    ReportDefinition read(const toml::table& root) {
        check_keys(root, {"title", "description", "paper", "main_sheet", "row_noun", "param", "sheet", "summary",
                          "about"});
        ReportDefinition def;
        def.id = id_;
        def.origin = origin_;
        def.title = required_string(root, "title");
        def.description = optional_string(root, "description").value_or("");
        def.paper = read_paper(root);
        for_each_table(root, "param", [&](const toml::table& t) { def.params.push_back(read_param(t, def)); });
        for_each_table(root, "sheet", [&](const toml::table& t) { def.sheets.push_back(read_sheet(t, def)); });
        if (const auto* summary = root.get("summary")) def.summary = read_summary(as_table(*summary, "summary"), def);
        if (def.sheets.empty() && !def.summary) throw fail(root, "a report needs at least one [[sheet]] or a [summary]");
        if (const auto* about = root.get("about")) def.about = read_about(as_table(*about, "about"), def);
        read_counting(root, def);
        return def;
    }

 private:
    void check_count(const toml::node& where, std::size_t count, const std::string& what) const {
        if (count > kMaxTables)
            throw fail(where, std::to_string(count) + " " + what + ", more than the " + std::to_string(kMaxTables) +
                                  " a report may have");
    }

    template <typename Fn>
    void for_each_table(const toml::table& root, const char* key, Fn&& fn) const {
        const auto* node = root.get(key);
        if (!node) return;
        const auto* array = node->as_array();
        if (!array) throw fail(*node, "'" + std::string(key) + "' must be written as [[" + key + "]] tables");
        check_count(*node, array->size(), std::string("[[") + key + "]] tables");
        for (const auto& item : *array) fn(as_table(item, key));
    }

    ParamSpec read_param(const toml::table& t, const ReportDefinition& def) const {
        check_keys(t, {"name", "type", "description", "required", "default", "choices"});
        ParamSpec spec;
        spec.name = required_string(t, "name");
        if (!is_identifier(spec.name)) throw fail(t, "parameter name '" + spec.name + "' must be lower_snake_case");
        if (def.find_param(spec.name)) throw fail(t, "parameter '" + spec.name + "' is declared twice");
        spec.type = read_type(t);
        spec.description = optional_string(t, "description").value_or("");
        if (const auto* required = t.get("required")) {
            if (!required->is_boolean()) throw fail(*required, "'required' must be true or false");
            spec.required = required->as_boolean()->get();
        }
        spec.choices = read_choices(t, spec);
        if (const auto* value = t.get("default")) spec.default_value = read_default(*value, def.id, spec);
        return spec;
    }

    ParamType read_type(const toml::table& t) const {
        const std::string type = optional_string(t, "type").value_or("text");
        for (auto candidate : {ParamType::Text, ParamType::Integer, ParamType::Real, ParamType::Date,
                               ParamType::Boolean, ParamType::Choice})
            if (to_string(candidate) == type) return candidate;
        throw fail(*t.get("type"), "unknown parameter type '" + type +
                                       "'; use text, integer, real, date, boolean or choice");
    }

    std::vector<std::string> read_choices(const toml::table& t, const ParamSpec& spec) const {
        const auto* node = t.get("choices");
        if (!node) {
            if (spec.type == ParamType::Choice) throw fail(t, "a choice parameter needs 'choices'");
            return {};
        }
        if (spec.type != ParamType::Choice) throw fail(*node, "'choices' is only for type = \"choice\"");
        const auto* array = node->as_array();
        if (!array || array->empty()) throw fail(*node, "'choices' must be a non-empty list of strings");
        std::vector<std::string> out;
        for (const auto& item : *array) {
            if (!item.is_string()) throw fail(item, "'choices' must be a list of strings");
            out.push_back(item.as_string()->get());
        }
        return out;
    }

    std::string read_default(const toml::node& node, const std::string& report, const ParamSpec& spec) const {
        std::string text;
        if (const auto* s = node.as_string()) text = s->get();
        else if (const auto* i = node.as_integer()) text = std::to_string(i->get());
        else if (const auto* b = node.as_boolean()) text = b->get() ? "true" : "false";
        else if (const auto* f = node.as_floating_point()) text = std::to_string(f->get());
        else throw fail(node, "'default' must be a string, number or boolean");
        try {
            parse_param(report, spec, text, 0);
        } catch (const Error& e) {
            throw fail(node, "default of parameter '" + spec.name + "': " + e.detail());
        }
        return text;
    }

    SheetSpec read_sheet(const toml::table& t, const ReportDefinition& def) const {
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

    void read_sql(const toml::table& t, SheetSpec& sheet) const {
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

    void check_params_declared(const toml::node& where, const std::string& sql, const ReportDefinition& def) const {
        for (const auto& name : detail::discover_parameters(sql))
            if (!def.find_param(name))
                throw fail(where, "the SQL uses parameter ':" + name + "', which no [[param]] declares");
    }

    std::map<std::string, ColumnFormat> read_formats(const toml::table& t) const {
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

    // main_sheet = "roster" and row_noun = ["member", "members"]: what a run is counted in.
    void read_counting(const toml::table& root, ReportDefinition& def) const {
        if (const auto main = optional_string(root, "main_sheet")) {
            std::vector<std::string> names;
            for (const auto& sheet : def.sheets) names.push_back(sheet.name);
            if (std::find(names.begin(), names.end(), *main) == names.end()) {
                const auto near = closest_name(*main, names);
                throw fail(*root.get("main_sheet"), "main_sheet '" + *main + "' is not a sheet of the report" +
                                                        (near ? "; did you mean '" + *near + "'?" : ""));
            }
            def.main_sheet = *main;
        }
        const auto* noun = root.get("row_noun");
        if (!noun) return;
        const auto* pair = noun->as_array();
        const auto text = [&](std::size_t i) -> std::string {
            const auto* s = pair && pair->size() == 2 ? pair->get(i)->as_string() : nullptr;
            return s ? s->get() : std::string();
        };
        const auto printable = [](const std::string& word) {
            return !word.empty() &&
                   std::none_of(word.begin(), word.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
        };
        if (!printable(text(0)) || !printable(text(1)))
            throw fail(*noun, "row_noun must be the singular and the plural: row_noun = [\"member\", \"members\"]");
        def.row_noun = text(0);
        def.row_noun_plural = text(1);
    }

    Paper read_paper(const toml::table& root) const {
        const auto paper = optional_string(root, "paper");
        if (!paper || *paper == "a4" || *paper == "A4") return Paper::A4;
        if (*paper == "letter") return Paper::Letter;
        throw fail(*root.get("paper"), "paper must be \"a4\" or \"letter\"");
    }

    Orientation read_orientation(const toml::table& t) const {
        const auto orientation = optional_string(t, "orientation");
        if (!orientation || *orientation == "auto") return Orientation::Auto;
        if (*orientation == "portrait") return Orientation::Portrait;
        if (*orientation == "landscape") return Orientation::Landscape;
        throw fail(*t.get("orientation"), "orientation must be \"auto\", \"portrait\" or \"landscape\"");
    }

    std::string read_tab(const toml::table& t) const {
        const auto tab = optional_string(t, "tab");
        if (!tab) return {};
        if (auto problem = detail::sheet_name_problem(*tab)) throw fail(*t.get("tab"), "tab '" + *tab + "': " + *problem);
        return *tab;
    }

    std::map<std::string, std::string> read_labels(const toml::table& t) const {
        std::map<std::string, std::string> out;
        for (const auto& [column, node] : t) {
            const auto* value = node.as_string();
            if (!value || value->get().empty())
                throw fail(node, "label of column '" + std::string(column.str()) + "' must be a non-empty string");
            out.emplace(std::string(column.str()), value->get());
        }
        return out;
    }

    std::vector<std::string> read_hidden(const toml::node& node) const {
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

    ChartDefinition read_chart(const toml::table& t) const {
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
    AboutSpec read_about(const toml::table& t, const ReportDefinition& def) const {
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

    SummarySpec read_summary(const toml::table& t, const ReportDefinition& def) const {
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

    std::string id_;
    std::string origin_;
    const std::function<std::string(const std::string&)>& read_beside_;
};

// The leading "-- " comment lines of a bare query, as its description.
std::string leading_comment(const std::string& sql) {
    std::string out;
    std::size_t pos = 0;
    while (pos < sql.size()) {
        const auto end = std::min(sql.find('\n', pos), sql.size());
        const std::string line = sql.substr(pos, end - pos);
        if (line.rfind("--", 0) != 0) break;
        const std::string text = line.substr(line.size() > 2 && line[2] == ' ' ? 3 : 2);
        out += (out.empty() || text.empty() ? "" : " ") + text;
        pos = end + 1;
    }
    return out;
}

}  // namespace

std::string to_string(ParamType type) {
    switch (type) {
        case ParamType::Text: return "text";
        case ParamType::Integer: return "integer";
        case ParamType::Real: return "real";
        case ParamType::Date: return "date";
        case ParamType::Boolean: return "boolean";
        case ParamType::Choice: return "choice";
    }
    return "text";
}

const ParamSpec* ReportDefinition::find_param(const std::string& name) const {
    for (const auto& spec : params)
        if (spec.name == name) return &spec;
    return nullptr;
}

std::string ReportDefinition::sheet_in_messages(const SheetSpec& sheet) const {
    if (!adhoc) return "sheet '" + sheet.name + "'";
    // adhoc_query names the sheets of several statements id_1, id_2, ...
    if (sheet.name.size() > id.size() + 1 && sheet.name.compare(0, id.size() + 1, id + "_") == 0)
        return "statement " + sheet.name.substr(id.size() + 1);
    return {};
}

std::string ReportDefinition::counted_sheet() const {
    if (!main_sheet.empty()) return main_sheet;
    return sheets.empty() ? std::string() : sheets.front().name;
}

std::string ReportDefinition::count_text(std::uint64_t rows) const {
    return std::to_string(rows) + " " + (rows == 1 ? row_noun : row_noun_plural);
}

ReportDefinition only_sheet(ReportDefinition def, const std::string& sheet) {
    if (sheet.empty()) return def;
    std::string names;
    for (const auto& s : def.sheets) {
        if (s.name != sheet) {
            names += (names.empty() ? "" : ", ") + s.name;
            continue;
        }
        if (def.counted_sheet() != sheet) {
            def.row_noun = "row";
            def.row_noun_plural = "rows";
        }
        def.main_sheet.clear();
        def.sheets = {s};
        def.summary.reset();
        return def;
    }
    throw Error::usage("report '" + def.id + "' has no sheet '" + sheet + "'; its sheets: " +
                       (names.empty() ? "none" : names));
}

ReportDefinition parse_manifest(const std::string& id, const std::string& text, const std::string& origin,
                                const std::function<std::string(const std::string&)>& read_beside) {
    if (text.size() > kMaxManifestBytes)
        throw Error::definition(origin, 0, "the manifest is " + std::to_string(text.size()) + " bytes, more than the " +
                                               std::to_string(kMaxManifestBytes) + " a manifest may have");
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        throw Error::definition(origin, static_cast<int>(e.source().begin.line), std::string(e.description()));
    }
    return ManifestReader(id, origin, read_beside).read(root);
}

ReportDefinition bare_sql_report(const std::string& id, const std::string& sql, const std::string& origin) {
    ReportDefinition def;
    def.id = id;
    def.origin = origin;
    def.title = id;
    def.description = leading_comment(sql);
    for (const auto& name : detail::discover_parameters(sql)) {
        ParamSpec spec;
        spec.name = name;
        spec.required = true;
        spec.description = "discovered in the query";
        def.params.push_back(std::move(spec));
    }
    SheetSpec sheet;
    sheet.name = id;
    sheet.title = id;
    sheet.sql = sql;
    sheet.sql_origin = origin;
    def.sheets.push_back(std::move(sheet));
    return def;
}

}  // namespace asemdb
