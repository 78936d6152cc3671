#include "web/page_run.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/store/connection.hpp"
#include "web/table_sink.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

namespace asemdb::web {
namespace {

std::string page_href(const PageAddress& address, std::uint64_t page) {
    auto params = address.params;
    if (page > 1) params.emplace_back("page", std::to_string(page));
    return address.path + query_string(params);
}

bool numeric_column(const ShownSheet& sheet, std::size_t shown_index) {
    const auto format = sheet.info.columns[sheet.visible[shown_index]].format;
    if (format == ColumnFormat::Integer || format == ColumnFormat::Number) return true;
    if (format != ColumnFormat::Auto) return false;
    for (const auto& row : sheet.rows)
        if (!row[shown_index].text.empty()) return row[shown_index].numeric;
    return false;
}

Data sheet_data(const ShownSheet& sheet, bool more, const PageAddress& address, std::uint64_t first) {
    Data data{Data::type::object};
    data.set("name", sheet.info.name);
    data.set("title", sheet.info.title.empty() ? sheet.info.name : sheet.info.title);
    data.set("note", text_or_false(sheet.info.note));
    std::vector<Data> columns;
    for (std::size_t i = 0; i < sheet.visible.size(); ++i) {
        Data column{Data::type::object};
        column.set("heading", sheet.info.columns[sheet.visible[i]].heading());
        column.set("num", Data(numeric_column(sheet, i)));
        columns.push_back(column);
    }
    data.set("columns", list_of(columns));
    std::vector<Data> rows;
    for (const auto& row : sheet.rows) {
        std::vector<Data> cells;
        for (const auto& cell : row) {
            Data shown{Data::type::object};
            shown.set("text", cell.text);
            shown.set("num", Data(cell.numeric));
            cells.push_back(shown);
        }
        Data r{Data::type::object};
        r.set("cells", list_of(cells));
        rows.push_back(r);
    }
    data.set("rows", list_of(rows));
    const std::uint64_t shown = sheet.rows.size();
    std::string extent;
    if (shown == 0) extent = first == 0 ? "No rows." : "No rows on this page.";
    else if (more) extent = fmt::format("Rows {} to {}; more follow.", first + 1, first + shown);
    else if (first == 0) extent = fmt::format("{} {}.", shown, shown == 1 ? "row" : "rows");
    else extent = fmt::format("Rows {} to {} of {}.", first + 1, first + shown, sheet.total);
    data.set("extent", extent);
    if (address.page > 1) data.set("previous", page_href(address, address.page - 1));
    if (more) data.set("next", page_href(address, address.page + 1));
    return data;
}

Data about_data(const ReportContext& context) {
    Data about{Data::type::object};
    std::vector<Data> params;
    for (const auto& [name, value] : context.parameters) {
        Data p{Data::type::object};
        p.set("name", name);
        p.set("value", value);
        params.push_back(p);
    }
    about.set("params", list_of(params));
    std::vector<Data> sources;
    for (const auto& source : context.sources) {
        Data s{Data::type::object};
        s.set("key", source.key);
        s.set("title", source.title);
        s.set("reference", source.reference);
        sources.push_back(s);
    }
    about.set("sources", list_of(sources));
    std::vector<Data> caveats;
    for (const auto& caveat : context.caveats) caveats.emplace_back(caveat);
    about.set("caveats", list_of(caveats));
    about.set("has_caveats", Data(!caveats.empty()));
    about.set("has_sources", Data(!sources.empty()));
    about.set("fingerprint", context.fingerprint.empty() ? context.fingerprint_note : context.fingerprint);
    about.set("generated", iso_utc(context.generated));
    about.set("database", context.database);
    return about;
}

}  // namespace

Data run_for_page(Site& site, const httplib::Request& request, const ReportDefinition& definition,
                  const std::vector<ResolvedParam>& params, const PageAddress& address, std::time_t generated) {
    const std::uint64_t size = site.options().page_rows;
    const std::uint64_t first = (address.page - 1) * size;
    const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
    TableSink sink(first, size);
    Site::Run run(site, &request);
    RunOptions options;
    options.max_rows = first + size + 1;  // one past the page tells whether more follow
    options.timeout = site.options().page_timeout;
    options.cancel = &run.cancel();
    const RunSummary summary = run_report(conn, definition, params, sink, generated, options);

    Data data{Data::type::object};
    std::vector<Data> sheets;
    for (const auto& sheet : sink.sheets()) {
        const bool more = std::find(summary.limited_sheets.begin(), summary.limited_sheets.end(), sheet.info.name) !=
                              summary.limited_sheets.end() ||
                          sheet.total > first + sheet.rows.size();
        sheets.push_back(sheet_data(sheet, more, address, first));
    }
    data.set("sheets", list_of(sheets));
    if (!sink.summary_text().empty()) data.set("summary", sink.summary_text());
    data.set("about", about_data(sink.context()));
    return data;
}

std::uint64_t page_number(const std::string& text) {
    if (text.empty()) return 1;
    std::uint64_t page = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
    if (ec != std::errc() || end != text.data() + text.size() || page < 1 || page > 1'000'000'000)
        throw HttpError{400, fmt::format("page: expected a page number from 1, got '{}'", text)};
    return page;
}

int status_of(const Error& error) { return error.kind() == ErrorKind::Io || error.kind() == ErrorKind::Render ? 500 : 400; }

HttpError http_error(const Error& error) { return {status_of(error), error.what(), error.context()}; }

}  // namespace asemdb::web
