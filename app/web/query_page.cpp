// /query: ad hoc SQL on the same read-only connection, with the same limits,
// as `asemdb query`; its parameters become fields; /query.EXT downloads it.

#include "web/pages.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/engine/query.hpp"
#include "asemdb/render/report_file.hpp"
#include "asemdb/store/connection.hpp"
#include "web/download.hpp"
#include "web/html.hpp"
#include "web/page_run.hpp"

#include <fmt/core.h>

namespace asemdb::web {
namespace {

constexpr std::pair<Format, const char*> kDownloads[] = {
    {Format::Csv, "CSV"}, {Format::Json, "JSON"}, {Format::Xlsx, "Excel workbook (.xlsx)"}, {Format::Markdown, "Markdown"}};

// The query's own parameters: every field but the SQL and the page's.
std::vector<std::pair<std::string, std::string>> link_params(const std::string& sql, const ParamMap& given) {
    std::vector<std::pair<std::string, std::string>> params{{"sql", sql}};
    params.insert(params.end(), given.begin(), given.end());
    return params;
}

Data fields(const ReportDefinition& def, const ParamMap& given, bool& complete) {
    std::vector<Data> list;
    complete = true;
    for (const auto& spec : def.params) {
        Data field{Data::type::object};
        field.set("name", spec.name);
        const auto it = given.find(spec.name);
        field.set("value", it == given.end() ? std::string() : it->second);
        if (it == given.end()) complete = false;
        list.push_back(field);
    }
    return list_of(list);
}

void query_page(Site& site, const httplib::Request& request, httplib::Response& response) {
    const std::string sql = request_value(request, "sql", kMaxSqlBytes);
    const ParamMap given = given_params(request, {"sql", "page"});
    const std::uint64_t page = page_number(request_value(request, "page"));
    Data data{Data::type::object};
    data.set("sql", sql);
    int status = 200;
    if (!sql.empty()) {
        try {
            const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
            const auto def = adhoc_query(conn, "query", sql, "query");
            bool complete = true;
            data.set("params", fields(def, given, complete));
            data.set("has_params", Data(!def.params.empty()));
            if (complete) {
                const std::time_t now = now_or_source_date_epoch();
                const auto params = resolve_params(def, given, now);
                Data ran = run_for_page(site, request, def, params, {"/query", link_params(sql, given), page}, now);
                std::vector<Data> links;
                for (const auto& [format, label] : kDownloads) {
                    Data link{Data::type::object};
                    link.set("href", "/query." + extension_of(format) + query_string(link_params(sql, given)));
                    link.set("label", label);
                    if (def.sheets.size() == 1 || !holds_one_table(format, {})) links.push_back(link);
                }
                ran.set("downloads", list_of(links));
                data.set("results", render_part("results", ran));
            }
        } catch (const Error& e) {
            status = status_of(e);
            data.set("error", e.what());
            if (!e.context().empty()) data.set("error_context", e.context());
        }
    }
    send_html(response, status, render_page("query", "Query", "query", data));
}

void query_download(Site& site, Format format, const httplib::Request& request, httplib::Response& response) {
    const std::string sql = request_value(request, "sql", kMaxSqlBytes);
    if (sql.empty()) throw HttpError{400, "no SQL given: add sql=... to the address"};
    const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
    const auto def = only_sheet(adhoc_query(conn, "query", sql, "query"), request_value(request, "sheet"));
    RenderOptions render;
    render.json_document = format == Format::Json;
    refuse_several_sheets(def, format, render);
    const std::time_t now = now_or_source_date_epoch();
    const auto params = resolve_params(def, given_params(request, {"sql", "sheet"}), now);
    send_download(site, request, response, {def, params, format, render, default_file_name(def, format, now), now},
                  request.method + " " + request.path);
}

}  // namespace

void query_route(Site& site, const httplib::Request& request, httplib::Response& response) {
    const std::string extension = request.matches[1];
    if (extension.empty()) return query_page(site, request, response);
    const auto format = parse_format(extension == "txt" ? "text" : extension);
    if (!format) throw HttpError{404, fmt::format("no such format '{}': choose csv, tsv, json, ndjson, md, txt or xlsx", extension)};
    query_download(site, *format, request, response);
}

}  // namespace asemdb::web
