// The xlsx renderer, checked through an independent reader: tests/xlsx/dump_workbook.py
// (openpyxl) turns each workbook into JSON, and the cases assert on what it sees.

#include "asemdb/base/error.hpp"
#include "asemdb/render/render.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "base/utf8.hpp"
#include "render/xlsx/xlsx_workbook.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using namespace asemdb;

constexpr std::time_t kGenerated = 1714564800;  // 2024-05-01T12:00:00Z

Cell null() { return {}; }
Cell integer(std::int64_t v) { return {CellType::Integer, v, 0, {}}; }
Cell real(double v) { return {CellType::Real, 0, v, {}}; }
Cell text(std::string_view v) { return {CellType::Text, 0, 0, v}; }
Cell blob(std::string_view v) { return {CellType::Blob, 0, 0, v}; }

struct SheetData {
    SheetInfo info;
    std::vector<std::vector<Cell>> rows;
};

ReportContext sample_context() {
    ReportContext context;
    context.id = "members";
    context.title = "ASEM members";
    context.description = "Partners of the forum";
    context.parameters = {{"region", "Asia"}, {"since", "1996-03-01"}};
    context.generated = kGenerated;
    context.database = "asem.db";
    context.fingerprint = std::string(64, 'f');
    context.sources = {{"asem", "ASEM InfoBoard", "https://aseminfoboard.org"}};
    return context;
}

SheetData members_sheet() {
    SheetData sheet;
    sheet.info.name = "Members";
    sheet.info.columns = {{"Code", ColumnFormat::Text},       {"Country", ColumnFormat::Auto},
                          {"Joined", ColumnFormat::Date},     {"Members", ColumnFormat::Integer},
                          {"Budget", ColumnFormat::Number},   {"Telephone", ColumnFormat::Text},
                          {"Note", ColumnFormat::Auto},       {"Updated", ColumnFormat::Auto}};
    sheet.rows = {
        {text("036"), text("Australia"), text("1996-03-01"), integer(12), real(1234.5), text("+65 6874 9718"), null(),
         text("2023-07-15")},
        {integer(7), text("China"), text("not a date"), integer(9007199254740993), integer(3), real(2.5),
         text("2024-02-30"), text("07/15/2023")},
        {text("410"), text("Korea"), text("1899-12-31"), integer(-9007199254740993), real(1e300), null(),
         blob("\x01\xab"), null()},
    };
    return sheet;
}

struct XlsxFixture {
    XlsxFixture() {
        options.warn = [this](const std::string& line) { warnings.push_back(line); };
    }

    // Feeds `sheets` through the RowSink calls. Every text goes through a scratch
    // buffer that is clobbered after row(): the renderer must copy what it keeps.
    void render(const std::vector<SheetData>& sheets, const std::optional<std::string>& summary = {},
                const fs::path& out = {}) {
        auto renderer = make_xlsx_renderer(out.empty() ? file : out, options);
        renderer->begin_report(context);
        for (const SheetData& sheet : sheets) {
            renderer->begin_sheet(sheet.info);
            for (const auto& row : sheet.rows) feed(*renderer, row);
            renderer->end_sheet(sheet.rows.size());
        }
        if (summary) renderer->summary(*summary);
        renderer->end_report();
    }

    void feed(RowSink& renderer, std::vector<Cell> row) {
        std::vector<std::string> scratch;
        scratch.reserve(row.size());
        for (Cell& cell : row) {
            scratch.emplace_back(cell.text);
            cell.text = scratch.back();
        }
        renderer.row(row);
        for (auto& s : scratch) s.assign(s.size(), 'X');
    }

    json dump(const fs::path& out = {}) const {
        const auto script = test::source_dir() / "tests" / "xlsx" / "dump_workbook.py";
        const auto result =
            test::run_program(ASEMDB_PYTHON, {script.string(), (out.empty() ? file : out).string(), "--rows", "200"});
        BOOST_REQUIRE_MESSAGE(result.exit_code == 0, "dump_workbook.py failed: " << result.err);
        return json::parse(result.out);
    }

    test::TempDir dir;
    fs::path file = dir / "report.xlsx";
    ReportContext context = sample_context();
    RenderOptions options;
    std::vector<std::string> warnings;
};

// Cell (row, col) of a dumped sheet, 0-based; null when blank.
const json& at(const json& sheet, std::size_t row, std::size_t col) { return sheet.at("cells").at(row).at(col); }

// The dumped sheet as text, one row per entry, cells joined by '|'.
std::vector<std::string> lines(const json& sheet) {
    std::vector<std::string> result;
    for (const auto& row : sheet.at("cells")) {
        std::string line;
        for (std::size_t col = 0; col < row.size(); ++col) {
            if (col > 0) line += '|';
            const json& cell = row[col];
            if (!cell.is_null()) line += cell.at("value").is_string() ? cell.at("value").get<std::string>()
                                                                     : cell.at("value").dump();
        }
        result.push_back(line);
    }
    return result;
}

bool contains(const std::vector<std::string>& all, const std::string& line) {
    return std::find(all.begin(), all.end(), line) != all.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render_xlsx)

BOOST_FIXTURE_TEST_CASE(writes_one_worksheet_per_sheet_then_about, XlsxFixture) {
    SheetData totals;
    totals.info.name = "Totals";
    totals.info.columns = {{"Total", ColumnFormat::Integer}};
    totals.rows = {{integer(3)}};
    render({members_sheet(), totals});
    const json doc = dump();
    BOOST_TEST(doc.at("sheets") == json({"Members", "Totals", "About"}));
    BOOST_TEST(warnings.empty());
    // Codes like "036" are text on purpose: Excel must not flag them on any sheet.
    const json whole_sheet = json::array({{{"sqref", "A1:XFD1048576"}, {"numberStoredAsText", "1"}}});
    for (const char* name : {"Members", "Totals", "About"}) BOOST_TEST(doc.at("ignored_errors").at(name) == whole_sheet);
}

BOOST_FIXTURE_TEST_CASE(header_is_bold_frozen_and_filtered, XlsxFixture) {
    render({members_sheet()});
    const json sheet = dump().at("sheet").at("Members");
    BOOST_TEST(sheet.at("freeze_panes") == "A2");
    BOOST_TEST(sheet.at("auto_filter") == "A1:H4");
    BOOST_TEST(at(sheet, 0, 0).at("value") == "Code");
    for (std::size_t col = 0; col < 8; ++col) BOOST_TEST(at(sheet, 0, col).at("bold") == true);
    BOOST_TEST(at(sheet, 1, 1).at("bold") == false);
}

// The page header's right side: the report's as_of_param on a line of its own,
// whatever its name, the other parameters below; without one, all of them alike.
BOOST_FIXTURE_TEST_CASE(the_page_header_shows_the_as_of_parameter_the_report_names, XlsxFixture) {
    context.as_of_param = "since";
    render({members_sheet()});
    BOOST_TEST(dump().at("sheet").at("Members").at("print").at("header").at("right") == "As of 1996-03-01\nregion: Asia");
    context.as_of_param.clear();
    const fs::path plain = dir / "plain.xlsx";
    render({members_sheet()}, {}, plain);
    BOOST_TEST(dump(plain).at("sheet").at("Members").at("print").at("header").at("right") ==
               "region: Asia; since: 1996-03-01");
}

BOOST_FIXTURE_TEST_CASE(types_values_by_column_format, XlsxFixture) {
    render({members_sheet()});
    const json s = dump().at("sheet").at("Members");
    BOOST_TEST(at(s, 1, 0) == json({{"value", "036"}, {"type", "s"}, {"format", "General"}, {"bold", false}}));
    BOOST_TEST(at(s, 1, 2).at("value") == "1996-03-01T00:00:00");
    BOOST_TEST(at(s, 1, 2).at("type") == "d");
    BOOST_TEST(at(s, 1, 2).at("format") == "yyyy-mm-dd");
    BOOST_TEST(at(s, 1, 3) == json({{"value", 12}, {"type", "n"}, {"format", "0"}, {"bold", false}}));
    BOOST_TEST(at(s, 1, 4) == json({{"value", 1234.5}, {"type", "n"}, {"format", "#,##0.00"}, {"bold", false}}));
    BOOST_TEST(at(s, 1, 5).at("value") == "+65 6874 9718");
    BOOST_TEST(at(s, 1, 5).at("type") == "s");
    BOOST_TEST(at(s, 1, 6).is_null());
    BOOST_TEST(at(s, 1, 7).at("value") == "2023-07-15T00:00:00");  // Auto columns turn ISO dates into dates too
    BOOST_TEST(at(s, 1, 7).at("format") == "yyyy-mm-dd");
    BOOST_TEST(at(s, 2, 7).at("value") == "07/15/2023");
    BOOST_TEST(at(s, 2, 7).at("type") == "s");
    // A Text column keeps even a number as text; an Integer column shows a real as it is.
    BOOST_TEST(at(s, 2, 0).at("value") == "7");
    BOOST_TEST(at(s, 2, 0).at("type") == "s");
    BOOST_TEST(at(s, 2, 4).at("format") == "#,##0.00");
    BOOST_TEST(at(s, 2, 5).at("value") == "2.5");
    // Not dates: free text, an impossible day, a year Excel cannot show.
    BOOST_TEST(at(s, 2, 2).at("type") == "s");
    BOOST_TEST(at(s, 2, 6) == json({{"value", "2024-02-30"}, {"type", "s"}, {"format", "General"}, {"bold", false}}));
    BOOST_TEST(at(s, 3, 2).at("value") == "1899-12-31");
    // Beyond 2^53 a double loses digits, so such integers are text.
    BOOST_TEST(at(s, 2, 3).at("value") == "9007199254740993");
    BOOST_TEST(at(s, 3, 3).at("value") == "-9007199254740993");
    BOOST_TEST(at(s, 3, 6).at("value") == "01ab");
}

BOOST_FIXTURE_TEST_CASE(fits_column_widths_within_bounds, XlsxFixture) {
    SheetData sheet;
    sheet.info.name = "Widths";
    sheet.info.columns = {{"N", ColumnFormat::Auto}, {"Name", ColumnFormat::Auto}, {"Essay", ColumnFormat::Auto}};
    const std::string essay(200, 'e');
    const std::string name = "Brunei Darussalam";
    sheet.rows = {{integer(1), text(name), text(essay)}};
    render({sheet});
    const json widths = dump().at("sheet").at("Widths").at("column_widths");
    BOOST_TEST(widths.at("A").get<double>() >= 6.0);
    BOOST_TEST(widths.at("A").get<double>() < 8.0);
    BOOST_TEST(widths.at("B").get<double>() >= static_cast<double>(name.size()));
    BOOST_TEST(widths.at("B").get<double>() < 25.0);
    BOOST_TEST(widths.at("C").get<double>() >= 60.0);
    BOOST_TEST(widths.at("C").get<double>() < 61.0);
}

BOOST_FIXTURE_TEST_CASE(sizes_columns_from_the_first_rows_only, XlsxFixture) {
    SheetData sheet;
    sheet.info.name = "Sample";
    sheet.info.columns = {{"Name", ColumnFormat::Auto}};
    sheet.rows.assign(kWidthSampleRows, {text("ab")});
    const std::string late(100, 'z');
    sheet.rows.push_back({text(late)});
    render({sheet});
    BOOST_TEST(dump().at("sheet").at("Sample").at("column_widths").at("A").get<double>() < 8.0);
}

BOOST_FIXTURE_TEST_CASE(about_sheet_describes_the_run, XlsxFixture) {
    render({members_sheet()}, std::string("51 partners.\nUpdated yearly.\n"));
    const json doc = dump();
    const json& about = doc.at("sheet").at("About");
    const auto text = lines(about);
    BOOST_TEST(text.at(0) == "Report|ASEM members|");
    BOOST_TEST(at(about, 0, 0).at("bold") == true);
    BOOST_TEST(contains(text, "Generated|2024-05-01T12:00:00Z|"));
    BOOST_TEST(contains(text, "Database|asem.db|"));
    BOOST_TEST(contains(text, "Database fingerprint (SHA-256)|" + std::string(64, 'f') + "|"));
    BOOST_TEST(contains(text, "region|Asia|"));
    BOOST_TEST(contains(text, "since|1996-03-01|"));  // parameters stay text
    BOOST_TEST(contains(text, "asem|ASEM InfoBoard|https://aseminfoboard.org"));
    const auto summary = std::find(text.begin(), text.end(), "Summary||");
    BOOST_REQUIRE(summary != text.end());
    BOOST_TEST(*(summary + 1) == "51 partners.||");
    BOOST_TEST(*(summary + 2) == "Updated yearly.||");
    BOOST_TEST(about.at("freeze_panes").is_null());
}

BOOST_FIXTURE_TEST_CASE(about_sheet_says_none_without_parameters, XlsxFixture) {
    context.parameters.clear();
    render({members_sheet()});
    const auto text = lines(dump().at("sheet").at("About"));
    const auto block = std::find(text.begin(), text.end(), "Parameters||");
    BOOST_REQUIRE(block != text.end());
    BOOST_TEST(*(block + 1) == "none||");
    BOOST_TEST(!contains(text, "Summary||"));
}

BOOST_FIXTURE_TEST_CASE(about_sheet_says_why_there_is_no_fingerprint, XlsxFixture) {
    context.fingerprint.clear();
    context.fingerprint_note = "not computed: the database file is 200 MiB";
    render({members_sheet()});
    const auto text = lines(dump().at("sheet").at("About"));
    BOOST_TEST(contains(text, "Database fingerprint (SHA-256)|not computed: the database file is 200 MiB|"));
}

// A large result takes the path the small ones take: only the row limit differs,
// and by default it is Excel's (the benchmark exports 1,048,577 rows to two sheets).
BOOST_AUTO_TEST_CASE(continues_at_excels_row_limit_by_default) {
    BOOST_TEST(RenderOptions{}.max_rows_per_sheet == kExcelMaxRows);
    BOOST_TEST(kExcelMaxRows == 1048576u);
}

BOOST_FIXTURE_TEST_CASE(sets_document_properties, XlsxFixture) {
    render({members_sheet()});
    const json props = dump().at("properties");
    BOOST_TEST(props.at("title") == "ASEM members");
    BOOST_TEST(props.at("subject") == "Partners of the forum");
    BOOST_TEST(props.at("creator") == "asemdb");
    BOOST_TEST(props.at("created") == "2024-05-01T12:00:00");
}

BOOST_FIXTURE_TEST_CASE(same_input_and_time_give_identical_bytes, XlsxFixture) {
    render({members_sheet()});
    const fs::path second = dir / "second.xlsx";
    render({members_sheet()}, std::nullopt, second);
    BOOST_TEST(test::read_bytes(file) == test::read_bytes(second));
}

BOOST_FIXTURE_TEST_CASE(continues_a_long_sheet_on_numbered_worksheets, XlsxFixture) {
    options.max_rows_per_sheet = 5;
    SheetData big;
    big.info.name = "Big";
    big.info.columns = {{"N", ColumnFormat::Integer}, {"Label", ColumnFormat::Text}};
    for (int n = 1; n <= 12; ++n) big.rows.push_back({integer(n), text("row")});
    render({big});
    const json doc = dump();
    BOOST_TEST(doc.at("sheets") == json({"Big", "Big (2)", "Big (3)", "About"}));
    std::vector<int> seen;
    for (const char* name : {"Big", "Big (2)", "Big (3)"}) {
        const json& part = doc.at("sheet").at(name);
        BOOST_TEST(lines(part).at(0) == "N|Label");
        BOOST_TEST(at(part, 0, 0).at("bold") == true);
        BOOST_TEST(part.at("freeze_panes") == "A2");
        BOOST_TEST(part.at("column_widths").contains("B"));
        BOOST_TEST(doc.at("ignored_errors").at(name).size() == 1u);
        BOOST_TEST(part.at("max_row").get<int>() <= 5);
        BOOST_TEST(part.at("auto_filter") == "A1:B" + std::to_string(part.at("max_row").get<int>()));
        for (std::size_t row = 1; row < part.at("cells").size(); ++row) seen.push_back(at(part, row, 0).at("value"));
    }
    const std::vector<int> expected = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(truncates_an_overlong_cell_and_warns_once, XlsxFixture) {
    SheetData sheet;
    sheet.info.name = "Long";
    sheet.info.columns = {{"Id", ColumnFormat::Integer}, {"Essay", ColumnFormat::Auto}};
    std::string essay;
    for (int i = 0; i < 40000; ++i) essay += "\xc3\xa9";  // two bytes, one character: cut by characters
    sheet.rows = {{integer(1), text(essay)}, {integer(2), text("short")}};
    render({sheet});
    const json long_sheet = dump().at("sheet").at("Long");
    const std::string kept = at(long_sheet, 1, 1).at("value");
    BOOST_TEST(kept == essay.substr(0, 2 * kExcelMaxCellChars));
    BOOST_TEST(at(long_sheet, 2, 1).at("value") == "short");
    BOOST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0].find("'Long'") != std::string::npos);
    BOOST_TEST(warnings[0].find("row 2") != std::string::npos);
    BOOST_TEST(warnings[0].find("column B ('Essay')") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(makes_sheet_names_valid_and_unique, XlsxFixture) {
    std::vector<SheetData> sheets;
    for (const char* name : {"a/b:c", "A_B_C", "about", "", "'quoted'", "Members by country and region of Asia"}) {
        SheetData sheet;
        sheet.info.name = name;
        sheet.info.columns = {{"x", ColumnFormat::Auto}};
        sheets.push_back(sheet);
    }
    render(sheets);
    BOOST_TEST(dump().at("sheets") == json({"a_b_c", "A_B_C (2)", "about (2)", "Sheet", "_quoted_",
                                            "Members by country and region o", "About"}));
}

BOOST_AUTO_TEST_CASE(sheet_namer_leaves_room_for_the_suffix) {
    detail::SheetNamer names({"About"});
    const std::string long_name = "Ä" + std::string(40, 'x');  // 41 characters, 42 bytes
    const std::string first = names.claim(long_name);
    BOOST_TEST(detail::utf8_length(first) == 31u);
    BOOST_TEST(first.substr(0, 2) == "Ä");
    const std::string second = names.claim_continuation(first, 2);
    BOOST_TEST(detail::utf8_length(second) == 31u);
    BOOST_TEST(second.substr(second.size() - 4) == " (2)");
    BOOST_TEST(names.claim("ABOUT") == "ABOUT (2)");
}

BOOST_FIXTURE_TEST_CASE(adds_a_chart_from_the_sheet_data, XlsxFixture) {
    SheetData sheet = members_sheet();
    sheet.info.chart = ChartSpec{"column", "Members by country", 1, {3, 4}};
    render({sheet});
    const json doc = dump();
    const json& charts = doc.at("sheet").at("Members").at("charts");
    BOOST_REQUIRE(charts.size() == 1u);
    BOOST_TEST(charts[0].at("type") == "barChart");
    BOOST_TEST(charts[0].at("title") == "Members by country");
    BOOST_REQUIRE(charts[0].at("series").size() == 2u);
    BOOST_TEST(charts[0].at("series")[0] == json({{"name", "Members!$D$1"},
                                                  {"categories", "Members!$B$2:$B$4"},
                                                  {"values", "Members!$D$2:$D$4"}}));
    BOOST_TEST(charts[0].at("series")[1].at("values") == "Members!$E$2:$E$4");
    BOOST_REQUIRE(doc.at("chart_parts").size() == 1u);
    BOOST_TEST(doc.at("chart_parts")[0].at("xml").get<std::string>().find("<c:barDir val=\"col\"/>") !=
               std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(pie_chart_and_no_chart_without_spec, XlsxFixture) {
    SheetData pie = members_sheet();
    pie.info.chart = ChartSpec{"pie", "Share", 1, {3}};
    SheetData plain = members_sheet();
    plain.info.name = "Plain";
    render({pie, plain});
    const json doc = dump();
    BOOST_TEST(doc.at("sheet").at("Members").at("charts")[0].at("type") == "pieChart");
    BOOST_TEST(doc.at("sheet").at("Plain").at("charts").empty());
    BOOST_TEST(doc.at("chart_parts").size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(rejects_a_bad_chart_before_writing_rows, XlsxFixture) {
    SheetData sheet = members_sheet();
    sheet.info.chart = ChartSpec{"donut", "", 1, {3}};
    BOOST_CHECK_EXCEPTION(render({sheet}), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Render && e.detail().find("'donut'") != std::string::npos;
    });
    sheet.info.chart = ChartSpec{"line", "", 1, {8}};  // one past the last column
    BOOST_CHECK_EXCEPTION(render({sheet}), Error, [](const Error& e) { return e.kind() == ErrorKind::Render; });
    BOOST_TEST(!fs::exists(file));
}

BOOST_FIXTURE_TEST_CASE(unwritable_output_fails_and_leaves_no_file, XlsxFixture) {
    const fs::path proc_file = "/proc/asemdb-render-test.xlsx";
    BOOST_CHECK_EXCEPTION(render({members_sheet()}, std::nullopt, proc_file), Error, [&](const Error& e) {
        return e.kind() == ErrorKind::Render && e.where().file == proc_file.string();
    });
    BOOST_TEST(!fs::exists(proc_file));
    const fs::path missing = dir / "missing" / "report.xlsx";
    BOOST_CHECK_EXCEPTION(make_xlsx_renderer(missing, options), Error, [&](const Error& e) {
        return e.kind() == ErrorKind::Render && std::string(e.what()).find(missing.string()) != std::string::npos;
    });
    BOOST_TEST(!fs::exists(missing));
}

// Rows wait in temporary files until close: they belong beside the output, not in a small /tmp.
BOOST_FIXTURE_TEST_CASE(keeps_temporary_files_beside_the_output, XlsxFixture) {
    auto renderer = make_xlsx_renderer(file, options);
    renderer->begin_report(context);
    renderer->begin_sheet(members_sheet().info);
    int beside = 0;
    for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const fs::path target = fs::read_symlink(fd.path(), ec);
        if (!ec && target.parent_path() == dir.path()) ++beside;
    }
    BOOST_TEST(beside >= 1);
    renderer->end_sheet(0);
    renderer->end_report();
}

BOOST_FIXTURE_TEST_CASE(abandoned_workbook_leaves_no_file, XlsxFixture) {
    {
        auto renderer = make_xlsx_renderer(file, options);
        renderer->begin_report(context);
        renderer->begin_sheet(members_sheet().info);
        feed(*renderer, members_sheet().rows[0]);
    }
    BOOST_TEST(!fs::exists(file));
    BOOST_TEST(fs::is_empty(dir.path()));  // no temporary files either
}

BOOST_AUTO_TEST_SUITE_END()
