#include "engine/summary.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <sstream>
#include <string_view>

namespace asemdb::detail {
namespace mustache = kainjow::mustache;

namespace {

// The deepest nesting of sections ({{#name}}, {{^name}}) in `text`, following
// delimiter changes ({{=<% %>=}}) as mustache does. Stops early, at a depth past
// `limit` or at a tag left open (the parser reports that).
int section_depth(std::string_view text, int limit) {
    std::string open = "{{", close = "}}";
    int depth = 0, deepest = 0;
    for (std::size_t at = text.find(open); at != std::string_view::npos && deepest <= limit; at = text.find(open, at)) {
        std::size_t begin = at + open.size();
        std::string_view end_mark = close;
        if (open == "{{" && begin < text.size() && text[begin] == '{') end_mark = "}}}";  // {{{raw}}}
        const std::size_t end = text.find(end_mark, begin);
        if (end == std::string_view::npos) break;
        const std::string_view tag = text.substr(begin, end - begin);
        at = end + end_mark.size();
        const auto first = tag.find_first_not_of(" \t");
        if (first == std::string_view::npos) continue;
        const char kind = tag[first];
        if (kind == '#' || kind == '^') deepest = std::max(deepest, ++depth);
        else if (kind == '/') --depth;
        else if (kind == '=' && tag.size() > first + 1 && tag.back() == '=') {
            std::istringstream words{std::string(tag.substr(first + 1, tag.size() - first - 2))};
            std::string new_open, new_close;
            if (!(words >> new_open >> new_close)) break;
            open = new_open;
            close = new_close;
        }
    }
    return deepest;
}

}  // namespace

std::optional<std::string> template_error(const std::string& template_text) {
    if (template_text.size() > kMaxTemplateBytes)
        return "the template is " + std::to_string(template_text.size()) + " bytes, more than the " +
               std::to_string(kMaxTemplateBytes) + " a summary may have";
    if (section_depth(template_text, kMaxTemplateDepth) > kMaxTemplateDepth)
        return "sections are nested more than " + std::to_string(kMaxTemplateDepth) + " deep";
    mustache::mustache tmpl{template_text};
    if (tmpl.is_valid()) return std::nullopt;
    return tmpl.error_message();
}

std::string render_summary(const std::string& template_text, const std::vector<QueryRows>& data) {
    mustache::data context{mustache::data::type::object};
    for (const auto& query : data) {
        mustache::data rows{mustache::data::type::list};
        for (const auto& row : query.rows) {
            mustache::data object{mustache::data::type::object};
            for (std::size_t i = 0; i < query.columns.size() && i < row.size(); ++i)
                object.set(query.columns[i], row[i] ? mustache::data(*row[i]) : mustache::data(false));
            rows.push_back(object);
        }
        context.set(query.name, rows);
    }
    mustache::mustache tmpl{template_text};
    // Summaries are plain text, not HTML: values go in as they are.
    tmpl.set_custom_escape([](const std::string& text) { return text; });
    return tmpl.render(context);
}

}  // namespace asemdb::detail
