// /: the forum's profile as of today; /schema: the tables and views.

#include "web/pages.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/store/schema_doc.hpp"
#include "web/html.hpp"
#include "web/page_run.hpp"
#include "web/table_sink.hpp"

#include <vector>

namespace asemdb::web {
namespace {

constexpr const char* kProfile = "forum_profile";

// The profile's text as HTML: a line at the margin that heads indented lines
// is a heading, an indented "- " an item of a list, any other line a
// paragraph. Every line escaped.
std::string profile_html(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (text.find_first_not_of(' ', start) < end) lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::string html;
    bool in_list = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto indent = lines[i].find_first_not_of(' ');
        const std::string content = lines[i].substr(indent);
        const bool item = indent > 0 && content.rfind("- ", 0) == 0;
        const bool heading = indent == 0 && i + 1 < lines.size() && lines[i + 1].front() == ' ';
        if (in_list && !item) html += "</ul>\n";
        if (item && !in_list) html += "<ul>\n";
        in_list = item;
        if (item) html += "<li>" + html_escape(content.substr(2)) + "</li>\n";
        else if (heading) html += "<h2>" + html_escape(content) + "</h2>\n";
        else html += "<p>" + html_escape(content) + "</p>\n";
    }
    if (in_list) html += "</ul>\n";
    return html;
}

}  // namespace

void home_page(Site& site, const httplib::Request& request, httplib::Response& response) {
    Data data{Data::type::object};
    int status = 200;
    const auto* profile = site.options().catalog.find(kProfile);
    if (profile) {
        try {
            const std::time_t now = now_or_source_date_epoch();
            const auto params = resolve_params(*profile, {}, now);
            const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
            TableSink sink(0, 0);
            Site::Run run(site, &request);
            RunOptions options;
            options.timeout = site.options().page_timeout;
            options.cancel = &run.cancel();
            options.fingerprint = false;
            run_report(conn, *profile, params, sink, now, options);
            data.set("profile", profile_html(sink.summary_text()));
            data.set("profile_title", profile->title);
            if (!params.empty()) data.set("as_of", params.front().display);
        } catch (const Error& e) {
            status = status_of(e);
            data.set("error", e.what());
        }
    }
    data.set("reports", std::to_string(site.options().catalog.entries().size()));
    data.set("database", site.options().database.filename().string());
    send_html(response, status, render_page("home", "Home", "home", data));
}

void schema_page(Site& site, const httplib::Request&, httplib::Response& response) {
    std::vector<ObjectDoc> objects;
    const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
    objects = describe_schema(conn);
    std::vector<Data> list;
    for (const auto& object : objects) {
        Data o{Data::type::object};
        o.set("name", object.name);
        o.set("kind", object.kind);
        o.set("description", text_or_false(object.description));
        std::vector<Data> columns;
        for (const auto& column : object.columns) {
            Data c{Data::type::object};
            c.set("name", column.name);
            c.set("type", column.type);
            std::string notes = column.primary_key ? "primary key" : (column.not_null ? "not null" : "");
            c.set("notes", notes);
            c.set("description", column.description);
            columns.push_back(c);
        }
        o.set("columns", list_of(columns));
        list.push_back(o);
    }
    Data data{Data::type::object};
    data.set("objects", list_of(list));
    send_html(response, 200, render_page("schema", "Schema", "schema", data));
}

}  // namespace asemdb::web
