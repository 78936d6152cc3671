// The read-back that stands between a finished workbook and its final name:
// zips written by Python's zipfile (an independent writer) with the faults a
// full disk leaves, and a real workbook from the renderer.

#include "asemdb/render/render.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "render/xlsx/xlsx_readback.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using asemdb::detail::check_workbook_file;
using asemdb::detail::ExpectedPart;

namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip of `parts` (name, content), deflated unless `stored`.
void write_zip(const fs::path& file, const Parts& parts, bool stored = false) {
    std::vector<std::string> args{"-c",
                                  "import sys, zipfile\n"
                                  "mode = zipfile.ZIP_STORED if sys.argv[2] == 'stored' else zipfile.ZIP_DEFLATED\n"
                                  "with zipfile.ZipFile(sys.argv[1], 'w', mode) as z:\n"
                                  "    for i in range(3, len(sys.argv), 2): z.writestr(sys.argv[i], sys.argv[i + 1])\n",
                                  file.string(), stored ? "stored" : "deflated"};
    for (const auto& [name, content] : parts) {
        args.push_back(name);
        args.push_back(content);
    }
    const auto r = asemdb::test::run_program(ASEMDB_PYTHON, args);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
}

const std::string kSheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
const std::string kStyles = "<styleSheet><numFmts count=\"0\"/></styleSheet>";

struct ZipFixture {
    asemdb::test::TempDir dir;
    fs::path file = dir.path() / "book.xlsx";
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(xlsx_readback, ZipFixture)

BOOST_AUTO_TEST_CASE(a_whole_workbook_passes) {
    write_zip(file, {{"xl/styles.xml", kStyles}, {"xl/worksheets/sheet1.xml", kSheet}, {"_rels/.rels", "<Relationships/>"}});
    BOOST_TEST(!check_workbook_file(file, {{"xl/worksheets/sheet1.xml", kSheet.size()}}));
}

BOOST_AUTO_TEST_CASE(a_small_part_cut_short_is_named) {
    write_zip(file, {{"xl/styles.xml", kStyles.substr(0, 20)}, {"xl/worksheets/sheet1.xml", kSheet}});
    BOOST_TEST(check_workbook_file(file, {}).value_or("") == "part xl/styles.xml is cut short");
}

BOOST_AUTO_TEST_CASE(a_worksheet_smaller_than_its_rows_is_named) {
    write_zip(file, {{"xl/worksheets/sheet1.xml", kSheet}});
    BOOST_TEST(check_workbook_file(file, {{"xl/worksheets/sheet1.xml", kSheet.size() + 1}}).value_or("") ==
               "part xl/worksheets/sheet1.xml holds " + std::to_string(kSheet.size()) + " bytes of at least " +
                   std::to_string(kSheet.size() + 1));
}

BOOST_AUTO_TEST_CASE(a_missing_worksheet_is_named) {
    write_zip(file, {{"xl/styles.xml", kStyles}});
    BOOST_TEST(check_workbook_file(file, {{"xl/worksheets/sheet2.xml", 0}}).value_or("") ==
               "part xl/worksheets/sheet2.xml is missing");
}

BOOST_AUTO_TEST_CASE(a_damaged_part_fails_its_crc) {
    write_zip(file, {{"xl/styles.xml", kStyles}}, /*stored=*/true);
    std::string bytes = asemdb::test::read_bytes(file);
    const auto at = bytes.find("numFmts");  // the stored content, not the name
    BOOST_TEST_REQUIRE(at != std::string::npos);
    bytes[at] = 'N';
    asemdb::test::write_text(file, bytes);
    BOOST_TEST(check_workbook_file(file, {}).value_or("") == "part xl/styles.xml fails its CRC check");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_no_zip_is_named) {
    asemdb::test::write_text(file, "PK but not a zip");
    BOOST_TEST(check_workbook_file(file, {}).value_or("") == "the file is not a readable zip archive");
}

BOOST_AUTO_TEST_CASE(a_workbook_from_the_renderer_passes) {
    auto renderer = asemdb::make_xlsx_renderer(file, {});
    asemdb::ReportContext context;
    context.id = "r";
    context.title = "R";
    renderer->begin_report(context);
    asemdb::SheetInfo sheet;
    sheet.name = "numbers";
    sheet.columns = {{"n", asemdb::ColumnFormat::Integer}};
    renderer->begin_sheet(sheet);
    for (std::int64_t n = 0; n < 1000; ++n) {
        const asemdb::Cell cell{asemdb::CellType::Integer, n, 0, {}};
        renderer->row({&cell, 1});
    }
    renderer->end_sheet(1000);
    renderer->end_report();
    // Every part inflates and ends as XML does; the sheet holds its 1,000 rows.
    BOOST_TEST(!check_workbook_file(file, {}));
    BOOST_TEST(!check_workbook_file(file, {{"xl/worksheets/sheet1.xml", 1000 * 20}}));
}

BOOST_AUTO_TEST_SUITE_END()
