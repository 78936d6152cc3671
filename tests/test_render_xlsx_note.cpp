// A report's note on the first sheet of a workbook, as openpyxl reads it back
// (tests/xlsx/dump_workbook.py): a row above the table, across it, with the
// header, the frozen rows, the autofilter, the printed title rows, a chart's
// ranges and a long sheet's continuations all one row lower.

#include "asemdb/render/render.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace asemdb;

namespace {

const std::string kNote = "ASEM partners on 1 March 1996; the forum first met in March 2003";

Cell integer(std::int64_t v) { return {CellType::Integer, v, 0, {}}; }
Cell text(std::string_view v) { return {CellType::Text, 0, 0, v}; }

struct NoteFixture {
    NoteFixture() {
        context.id = "roster";
        context.title = "Member roster";
        context.generated = 1714564800;
        context.parameters = {{"as_of", "1996-03-01"}};
        context.as_of_param = "as_of";
        sheet.name = "roster";
        sheet.title = "Members";
        sheet.note = kNote;
        sheet.columns = {{"Code", ColumnFormat::Text}, {"Member", ColumnFormat::Auto}, {"Joined", ColumnFormat::Integer}};
        rows = {{text("01"), text("Member 1"), integer(1996)},
                {text("02"), text("Member 2"), integer(2004)},
                {text("03"), text("Member 3"), integer(2007)}};
    }

    json render_and_dump(std::uint64_t max_rows = kExcelMaxRows) {
        RenderOptions options;
        options.max_rows_per_sheet = max_rows;
        auto renderer = make_xlsx_renderer(file, options);
        renderer->begin_report(context);
        renderer->begin_sheet(sheet);
        for (const auto& row : rows) renderer->row(row);
        renderer->end_sheet(rows.size());
        renderer->end_report();
        const auto script = test::source_dir() / "tests" / "xlsx" / "dump_workbook.py";
        const auto dump = test::run_program(ASEMDB_PYTHON, {script.string(), file.string(), "--rows", "200"});
        BOOST_REQUIRE_MESSAGE(dump.exit_code == 0, "dump_workbook.py failed: " << dump.err);
        return json::parse(dump.out);
    }

    test::TempDir dir;
    fs::path file = dir / "roster.xlsx";
    ReportContext context;
    SheetInfo sheet;
    std::vector<std::vector<Cell>> rows;
};

const json& at(const json& sheet, std::size_t row, std::size_t col) { return sheet.at("cells").at(row).at(col); }

}  // namespace

BOOST_AUTO_TEST_SUITE(render_xlsx_note)

BOOST_FIXTURE_TEST_CASE(the_note_is_a_row_above_the_header_across_the_table, NoteFixture) {
    const json ws = render_and_dump().at("sheet").at("roster");
    BOOST_TEST(at(ws, 0, 0).at("value") == kNote);
    BOOST_TEST(at(ws, 0, 0).at("wrap") == true);
    BOOST_TEST(at(ws, 0, 0).at("italic") == true);
    BOOST_TEST(ws.at("merged") == json({"A1:C1"}));
    for (std::size_t col = 0; col < 3; ++col) BOOST_TEST(at(ws, 1, col).at("bold") == true);
    BOOST_TEST(at(ws, 1, 0).at("value") == "Code");
    BOOST_TEST(at(ws, 2, 1).at("value") == "Member 1");
    BOOST_TEST(at(ws, 4, 1).at("value") == "Member 3");
    BOOST_TEST(ws.at("max_row") == 5);
    BOOST_TEST(ws.at("freeze_panes") == "A3");
    BOOST_TEST(ws.at("auto_filter") == "A2:C5");
    BOOST_TEST(ws.at("print").at("title_rows") == "$1:$2");
    // Printed, the note comes with the title rows; the page header names the sheet alone.
    BOOST_TEST(ws.at("print").at("header").at("left") == "Member roster\nMembers");
}

BOOST_FIXTURE_TEST_CASE(without_a_note_the_header_is_the_first_row, NoteFixture) {
    sheet.note.clear();
    const json ws = render_and_dump().at("sheet").at("roster");
    BOOST_TEST(at(ws, 0, 0).at("value") == "Code");
    BOOST_TEST(ws.at("merged").empty());
    BOOST_TEST(ws.at("freeze_panes") == "A2");
    BOOST_TEST(ws.at("auto_filter") == "A1:C4");
    BOOST_TEST(ws.at("print").at("title_rows") == "$1:$1");
}

// Narrow columns: the note wraps, in a row tall enough for its lines.
BOOST_FIXTURE_TEST_CASE(a_note_wider_than_the_table_wraps_in_a_taller_row, NoteFixture) {
    const json ws = render_and_dump().at("sheet").at("roster");
    BOOST_TEST(ws.at("row_heights").at("1").get<double>() >= 30.0);
    BOOST_TEST(!ws.at("row_heights").contains("2"));
}

BOOST_FIXTURE_TEST_CASE(a_table_of_one_column_holds_the_note_in_its_one_cell, NoteFixture) {
    sheet.columns.resize(1);
    for (auto& row : rows) row.resize(1);
    const json ws = render_and_dump().at("sheet").at("roster");
    BOOST_TEST(at(ws, 0, 0).at("value") == kNote);
    BOOST_TEST(ws.at("merged").empty());
    BOOST_TEST(at(ws, 1, 0).at("value") == "Code");
    BOOST_TEST(ws.at("auto_filter") == "A2:A5");
}

BOOST_FIXTURE_TEST_CASE(a_chart_plots_the_rows_below_the_header, NoteFixture) {
    sheet.chart = ChartSpec{"column", "Joined", 1, {2}};
    const json series = render_and_dump().at("sheet").at("roster").at("charts").at(0).at("series").at(0);
    BOOST_TEST(series.at("name") == "roster!$C$2");
    BOOST_TEST(series.at("categories") == "roster!$B$3:$B$5");
    BOOST_TEST(series.at("values") == "roster!$C$3:$C$5");
}

// Each continuation repeats the note and the header and holds a row at least,
// even at the smallest limit, which counts both.
BOOST_FIXTURE_TEST_CASE(each_continuation_of_a_long_sheet_has_the_note_and_the_header, NoteFixture) {
    for (const std::uint64_t limit : {2u, 4u}) {
        BOOST_TEST_CONTEXT("rows per sheet " << limit) {
            const json doc = render_and_dump(limit);
            std::vector<std::string> seen;
            for (const auto& name : doc.at("sheets")) {
                if (name == "About") continue;
                const json& ws = doc.at("sheet").at(name.get<std::string>());
                BOOST_TEST(at(ws, 0, 0).at("value") == kNote);
                BOOST_TEST(at(ws, 1, 0).at("value") == "Code");
                BOOST_TEST(ws.at("freeze_panes") == "A3");
                BOOST_TEST(ws.at("auto_filter") == "A2:C" + std::to_string(ws.at("max_row").get<int>()));
                BOOST_TEST(ws.at("max_row").get<int>() >= 3);
                for (std::size_t row = 2; row < ws.at("cells").size(); ++row) seen.push_back(at(ws, row, 1).at("value"));
            }
            BOOST_TEST(seen == (std::vector<std::string>{"Member 1", "Member 2", "Member 3"}), boost::test_tools::per_element());
            BOOST_TEST(doc.at("sheets").size() == (limit == 2 ? 4u : 3u));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
