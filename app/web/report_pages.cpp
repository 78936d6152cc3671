// /reports: the list; /reports/NAME: a report's form and its tables;
// /reports/NAME.EXT: the same run as a download.

#include "web/pages.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/render/report_file.hpp"
#include "web/download.hpp"
#include "web/page_run.hpp"

#include <fmt/core.h>

namespace asemdb::web {
namespace {

// The formats a report page offers, in its order, with the words on the link.
constexpr std::pair<Format, const char*> kDownloads[] = {
    {Format::Xlsx, "Excel workbook (.xlsx)"}, {Format::Csv, "CSV"},       {Format::Json, "JSON"},
    {Format::Markdown, "Markdown"},           {Format::Text, "Text (.txt)"}};

Data param_field(const ParamSpec& spec, const ParamMap& given) {
    Data field{Data::type::object};
    field.set("name", spec.name);
    field.set("type", to_string(spec.type));
    field.set("description", text_or_false(spec.description));
    field.set("required", Data(spec.required));
    const auto it = given.find(spec.name);
    const std::string value = it != given.end() ? it->second : spec.default_value.value_or("");
    field.set("value", value);
    std::vector<std::string> choices = spec.choices;
    if (spec.type == ParamType::Boolean) choices = {"true", "false"};
    if (!choices.empty()) {
        std::vector<Data> options;
        if (!spec.required && !spec.default_value) {
            Data blank{Data::type::object};
            blank.set("value", "");
            blank.set("selected", Data(value.empty()));
            options.push_back(blank);
        }
        for (const auto& choice : choices) {
            Data option{Data::type::object};
            option.set("value", choice);
            option.set("selected", Data(choice == value));
            options.push_back(option);
        }
        field.set("choices", list_of(options));
        field.set("has_choices", Data(true));
    } else {
        field.set("is_date", Data(spec.type == ParamType::Date));
        field.set("input_mode", spec.type == ParamType::Integer ? "numeric"
                                : spec.type == ParamType::Real  ? "decimal"
                                                                : "text");
    }
    return field;
}

std::vector<std::pair<std::string, std::string>> as_list(const ParamMap& given) {
    return {given.begin(), given.end()};
}

Data downloads(const ReportDefinition& def, const ParamMap& given) {
    std::vector<Data> links;
    const auto add = [&](Format format, const std::string& label, const std::string& sheet) {
        auto params = as_list(given);
        if (!sheet.empty()) params.emplace_back("sheet", sheet);
        Data link{Data::type::object};
        link.set("href", "/reports/" + url_encode(def.id) + "." + extension_of(format) + query_string(params));
        link.set("label", label);
        links.push_back(link);
    };
    for (const auto& [format, label] : kDownloads) {
        if (format == Format::Csv && def.sheets.size() > 1) {
            for (const auto& sheet : def.sheets) add(format, fmt::format("CSV: {}", sheet.name), sheet.name);
        } else {
            add(format, label, "");
        }
    }
    return list_of(links);
}

void report_page(Site& site, const ReportDefinition& def, const httplib::Request& request, httplib::Response& response) {
    const ParamMap given = given_params(request, {"page"});
    const std::uint64_t page = page_number(request_value(request, "page"));
    Data data{Data::type::object};
    data.set("id", def.id);
    data.set("title", def.title);
    data.set("description", text_or_false(def.description));
    std::vector<Data> fields;
    for (const auto& spec : def.params) fields.push_back(param_field(spec, given));
    data.set("params", list_of(fields));
    std::vector<Data> relative;
    for (const char* word : kRelativeDates) relative.emplace_back(std::string(word));
    data.set("relative_dates", list_of(relative));

    const std::time_t now = now_or_source_date_epoch();
    int status = 200;
    try {
        const auto params = resolve_params(def, given, now);
        Data ran = run_for_page(site, request, def, params, {"/reports/" + url_encode(def.id), as_list(given), page}, now);
        ran.set("downloads", downloads(def, given));
        data.set("results", render_part("results", ran));
    } catch (const Error& e) {
        // A first visit to a report whose required parameters have no default is a form to fill, not an error.
        if (!(request.params.empty() && e.kind() == ErrorKind::Parameter)) {
            status = status_of(e);
            data.set("error", e.what());
            if (!e.context().empty()) data.set("error_context", e.context());
        }
    }
    send_html(response, status, render_page("report", def.title, "reports", data));
}

void report_download(Site& site, const ReportDefinition& full, Format format, const httplib::Request& request,
                     httplib::Response& response) {
    const std::string sheet = request_value(request, "sheet");
    const ReportDefinition def = only_sheet(full, sheet);
    RenderOptions render;
    render.json_document = format == Format::Json;
    refuse_several_sheets(def, format, render);
    const std::time_t now = now_or_source_date_epoch();
    const auto params = resolve_params(def, given_params(request, {"sheet"}), now);
    send_download(site, request, response, {def, params, format, render, default_file_name(def, format, now), now},
                  request.method + " " + request.path);
}

}  // namespace

void reports_list(Site& site, const httplib::Request&, httplib::Response& response) {
    std::vector<Data> reports;
    for (const auto& entry : site.options().catalog.entries()) {
        const auto& def = entry.definition;
        Data report{Data::type::object};
        report.set("href", "/reports/" + url_encode(def.id));
        report.set("id", def.id);
        report.set("title", def.title);
        report.set("description", def.description);
        report.set("yours", Data(def.user));
        reports.push_back(report);
    }
    Data data{Data::type::object};
    data.set("reports", list_of(reports));
    send_html(response, 200, render_page("reports", "Reports", "reports", data));
}

void report_route(Site& site, const httplib::Request& request, httplib::Response& response) {
    const std::string name = request.matches[1];
    const auto& catalog = site.options().catalog;
    if (const auto* def = catalog.find(name)) return report_page(site, *def, request, response);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos) {
        const auto* def = catalog.find(name.substr(0, dot));
        const auto format = parse_format(name.substr(dot + 1) == "txt" ? "text" : name.substr(dot + 1));
        if (def && format) return report_download(site, *def, *format, request, response);
        if (def)
            throw HttpError{404, fmt::format("no such format '{}' for report '{}': choose xlsx, csv, tsv, json, ndjson, "
                                             "md or txt",
                                             name.substr(dot + 1), def->id)};
    }
    std::string message = fmt::format("no such report '{}'", name);
    const auto nearest = catalog.suggest(name);
    if (!nearest.empty()) message += fmt::format("; did you mean '{}'?", nearest.front());
    throw HttpError{404, message};
}

}  // namespace asemdb::web
