#include "summary.hpp"

#include <kainjow/mustache.hpp>

namespace asemdb::detail {
namespace mustache = kainjow::mustache;

std::optional<std::string> template_error(const std::string& template_text) {
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
