// A manifest's top-level keys (report_parser.hpp), the report definition's own
// questions, and a bare query read as a report.
#include "engine/definitions/report_parser.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/text.hpp"
#include "store/sql_script.hpp"

#include <algorithm>

namespace asemdb {
namespace {

// What a manifest may ask for; beyond these it is refused with one line before
// the part is read (the summary template's own limits are in summary.hpp).
constexpr std::size_t kMaxManifestBytes = 1024 * 1024;
constexpr std::size_t kMaxTables = 100;  // [[param]]s, [[sheet]]s, summary queries: each

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

namespace detail {

template <typename Fn>
void ManifestReader::for_each_table(const toml::table& root, const char* key, Fn&& fn) const {
    const auto* node = root.get(key);
    if (!node) return;
    const auto* array = node->as_array();
    if (!array) throw fail(*node, "'" + std::string(key) + "' must be written as [[" + key + "]] tables");
    check_count(*node, array->size(), std::string("[[") + key + "]] tables");
    for (const auto& item : *array) fn(as_table(item, key));
}

ReportDefinition ManifestReader::read(const toml::table& root) {
    check_keys(root, {"title", "description", "paper", "main_sheet", "row_noun", "as_of_param", "param", "sheet",
                      "summary", "about"});
    ReportDefinition def;
    def.id = id_;
    def.origin = origin_;
    def.title = required_string(root, "title");
    def.description = optional_string(root, "description").value_or("");
    def.paper = read_paper(root);
    for_each_table(root, "param", [&](const toml::table& t) { def.params.push_back(read_param(t, def)); });
    def.as_of_param = read_as_of_param(root, def);
    for_each_table(root, "sheet", [&](const toml::table& t) { def.sheets.push_back(read_sheet(t, def)); });
    if (const auto* summary = root.get("summary")) def.summary = read_summary(as_table(*summary, "summary"), def);
    if (def.sheets.empty() && !def.summary) throw fail(root, "a report needs at least one [[sheet]] or a [summary]");
    if (const auto* about = root.get("about")) def.about = read_about(as_table(*about, "about"), def);
    read_counting(root, def);
    return def;
}

void ManifestReader::check_count(const toml::node& where, std::size_t count, const std::string& what) const {
    if (count > kMaxTables)
        throw fail(where, std::to_string(count) + " " + what + ", more than the " + std::to_string(kMaxTables) +
                              " a report may have");
}

// main_sheet = "roster" and row_noun = ["member", "members"]: what a run is counted in.
void ManifestReader::read_counting(const toml::table& root, ReportDefinition& def) const {
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

Paper ManifestReader::read_paper(const toml::table& root) const {
    const auto paper = optional_string(root, "paper");
    if (!paper || *paper == "a4" || *paper == "A4") return Paper::A4;
    if (*paper == "letter") return Paper::Letter;
    throw fail(*root.get("paper"), "paper must be \"a4\" or \"letter\"");
}

// as_of_param = "as_of": the date parameter a printed page's header shows as "As of <date>".
std::string ManifestReader::read_as_of_param(const toml::table& root, const ReportDefinition& def) const {
    const auto name = optional_string(root, "as_of_param");
    if (!name) return {};
    const ParamSpec* spec = def.find_param(*name);
    if (!spec) {
        std::vector<std::string> names;
        for (const auto& param : def.params) names.push_back(param.name);
        const auto near = closest_name(*name, names);
        throw fail(*root.get("as_of_param"), "as_of_param '" + *name + "' is not a parameter of the report" +
                                                 (near ? "; did you mean '" + *near + "'?" : ""));
    }
    if (spec->type != ParamType::Date)
        throw fail(*root.get("as_of_param"), "as_of_param '" + *name + "' must name a date parameter, not a " +
                                                 to_string(spec->type) + " one");
    return *name;
}

}  // namespace detail

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
    return detail::ManifestReader(id, origin, read_beside).read(root);
}

ReportDefinition bare_sql_report(const std::string& id, const std::string& sql, const std::string& origin) {
    ReportDefinition def;
    def.id = id;
    def.origin = origin;
    def.title = id;
    def.description = leading_comment(sql);
    def.params = required_params(detail::discover_parameters(sql), "discovered in the query");
    SheetSpec sheet;
    sheet.name = id;
    sheet.title = id;
    sheet.sql = sql;
    sheet.sql_origin = origin;
    def.sheets.push_back(std::move(sheet));
    return def;
}

}  // namespace asemdb
