// XlsxRowWriter against libxlsxwriter itself: the same catalogue of cells is
// written once through the library's API and once through the writer, and
// the two workbooks must hold the same worksheet and styles, byte for byte.
// Where the build has only the public path (xlsx_internals.hpp), the writer
// calls the same API and the comparison holds it to the library's error codes.

#include "render/xlsx/xlsx_internals.hpp"
#include "render/xlsx/xlsx_rows.hpp"

#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include <array>
#include <cfloat>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

enum class Kind { Number, Date, Text };
enum class Style { None, Wrap, Date, Integer };

struct CellSpec {
    lxw_col_t col;
    Kind kind;
    double number = 0;
    std::string text;  // may hold a NUL
    Style style = Style::None;
    lxw_datetime date{};
};

struct RowSpec {
    lxw_row_t row;
    double height = LXW_DEF_ROW_HEIGHT;
    std::vector<CellSpec> cells;
};

CellSpec num(lxw_col_t col, double value, Style style = Style::None) { return {col, Kind::Number, value, {}, style}; }
CellSpec txt(lxw_col_t col, std::string value, Style style = Style::None) {
    return {col, Kind::Text, 0, std::move(value), style};
}
CellSpec day(lxw_col_t col, int year, int month, int d) {
    CellSpec cell{col, Kind::Date, 0, {}, Style::Date};
    cell.date.year = year;
    cell.date.month = static_cast<std::uint8_t>(month);
    cell.date.day = static_cast<std::uint8_t>(d);
    return cell;
}

std::vector<RowSpec> catalogue() {
    std::vector<RowSpec> rows;
    lxw_row_t r = 1;
    // Numbers: integers on both sides of 2^53 and of 1e16, where %.16G turns to an exponent.
    const std::vector<double> numbers = {0.0, -0.0, 1, -1, 42, 9007199254740992.0, 9007199254740994.0,
                                         9999999999999998.0, 1e16, -1e16, 1e17, 123456789012345678.0, 0.1,
                                         1.0 / 3, -2.5, 1e-5, 1e-300, 1e300, DBL_MAX, DBL_MIN, 4.9e-324,
                                         3.14159, 1e15 + 0.5, 45000.5, -123456.789, 2.5e-7, 100, 1e5};
    for (const double n : numbers) rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {num(0, n), num(1, n, Style::Integer)}});
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {num(0, std::nan("")), num(1, INFINITY), num(2, -INFINITY)}});
    // Dates about Excel's leap day of 1900, and the last it shows.
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT,
                    {day(0, 1900, 1, 1), day(1, 1900, 2, 28), day(2, 1900, 3, 1), day(3, 2024, 2, 29),
                     day(4, 9999, 12, 31), day(5, 1996, 3, 1)}});
    // Texts: markup, outer white space, control characters, a NUL, Excel's own escape, UTF-8 and not.
    const std::vector<std::string> texts = {
        "plain", "a & b < c > d", "\"quoted\" and 'single'", " leading", "trailing ", "\ttab first", "last\t",
        "line\nfeed", "\n", " ", "  ", "ctrl \x01\x02\x08 \x0B\x0C\x0D \x1B\x1F end", "\x0B", "x\x0C", "\x7F del",
        "nul\0after"s, "\0"s, "_x0041_ as written", "Brunei Darussalam \xE2\x80\x94 \xE6\x96\x87\xE8\x8E\xB1 \xC3\xBC",
        "bad \xC3\x28 \xFF bytes", "&amp; already", "<row r=\"1\">", "]]>", "\r\n", "a\rb"};
    for (const std::string& t : texts) rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {txt(0, t), txt(1, t, Style::Wrap)}});
    // Empty texts: nothing without a format, a blank cell with one.
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {txt(0, ""), txt(1, "", Style::Wrap), num(2, 7)}});
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {txt(0, "")}});
    // Heights, with and without cells; columns far to the right.
    rows.push_back({r++, 30, {txt(0, std::string(300, 'w'), Style::Wrap)}});
    rows.push_back({r++, 409, {txt(2, "tall")}});
    rows.push_back({r++, 22.5, {num(1, 1)}});
    rows.push_back({r++, 45, {}});
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {}});
    rows.push_back({r++, LXW_DEF_ROW_HEIGHT, {txt(25, "Z"), txt(26, "AA"), txt(701, "ZZ"), txt(702, "AAA")}});
    rows.push_back({r + 1000, LXW_DEF_ROW_HEIGHT, {num(3, 3), txt(16383, "XFD")}});
    // Excel's last row.
    rows.push_back({LXW_ROW_MAX - 1, LXW_DEF_ROW_HEIGHT, {txt(0, "last row")}});
    return rows;
}

struct Formats {
    lxw_format* bold;
    lxw_format* wrap;
    lxw_format* date;
    lxw_format* integer;
    lxw_format* of(Style style) const {
        switch (style) {
            case Style::None: return nullptr;
            case Style::Wrap: return wrap;
            case Style::Date: return date;
            case Style::Integer: return integer;
        }
        return nullptr;
    }
};

struct Workbook {
    lxw_workbook* wb;
    lxw_worksheet* ws;
    Formats formats;
};

// The header goes on row `header_row`; above it, a note across its columns, as
// a report's note stands above its first sheet.
Workbook open_workbook(const fs::path& file, lxw_row_t header_row = 0) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    std::string dir = file.parent_path().string();
    options.tmpdir = dir.data();
    Workbook book{};
    book.wb = workbook_new_opt(file.c_str(), &options);
    BOOST_REQUIRE(book.wb);
    book.ws = workbook_add_worksheet(book.wb, "Rows");
    BOOST_REQUIRE(book.ws);
    book.formats = {workbook_add_format(book.wb), workbook_add_format(book.wb), workbook_add_format(book.wb),
                    workbook_add_format(book.wb)};
    format_set_bold(book.formats.bold);
    format_set_text_wrap(book.formats.wrap);
    format_set_num_format(book.formats.date, "yyyy-mm-dd");
    format_set_num_format(book.formats.integer, "0");
    if (header_row > 0) {
        BOOST_REQUIRE_EQUAL(worksheet_set_row(book.ws, 0, 30, nullptr), LXW_NO_ERROR);
        BOOST_REQUIRE_EQUAL(worksheet_merge_range(book.ws, 0, 0, 0, 2, "A note & more", book.formats.wrap), LXW_NO_ERROR);
    }
    for (lxw_col_t col = 0; col < 3; ++col) {
        BOOST_REQUIRE_EQUAL(worksheet_write_string(book.ws, header_row, col, ("Heading " + std::to_string(col)).c_str(),
                                                   book.formats.bold),
                            LXW_NO_ERROR);
    }
    return book;
}

// The library's answer for each cell, in order.
std::vector<lxw_error> write_through_library(const Workbook& book, const std::vector<RowSpec>& rows) {
    std::vector<lxw_error> codes;
    for (const RowSpec& row : rows) {
        if (row.height != LXW_DEF_ROW_HEIGHT) codes.push_back(worksheet_set_row(book.ws, row.row, row.height, nullptr));
        for (const CellSpec& cell : row.cells) {
            lxw_format* format = book.formats.of(cell.style);
            switch (cell.kind) {
                case Kind::Number: codes.push_back(worksheet_write_number(book.ws, row.row, cell.col, cell.number, format)); break;
                case Kind::Date: {
                    lxw_datetime date = cell.date;
                    codes.push_back(worksheet_write_datetime(book.ws, row.row, cell.col, &date, format));
                    break;
                }
                case Kind::Text: codes.push_back(worksheet_write_string(book.ws, row.row, cell.col, cell.text.c_str(), format)); break;
            }
        }
    }
    return codes;
}

std::vector<lxw_error> write_through_writer(const Workbook& book, const std::vector<RowSpec>& rows) {
    std::vector<lxw_error> codes;
    asemdb::detail::XlsxRowWriter writer(book.ws);
    for (const RowSpec& row : rows) {
        writer.begin_row(row.row);
        if (row.height != LXW_DEF_ROW_HEIGHT) {
            writer.height(row.height);
            codes.push_back(row.row < LXW_ROW_MAX ? LXW_NO_ERROR : LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
        }
        for (const CellSpec& cell : row.cells) {
            lxw_format* format = book.formats.of(cell.style);
            switch (cell.kind) {
                case Kind::Number: codes.push_back(writer.number(cell.col, cell.number, format)); break;
                case Kind::Date: codes.push_back(writer.date(cell.col, {cell.date.year, cell.date.month, cell.date.day}, format)); break;
                case Kind::Text: codes.push_back(writer.text(cell.col, cell.text, format)); break;
            }
        }
        writer.end_row();
    }
    return codes;
}

std::string read_part(const fs::path& file, const char* part) {
    unzFile zip = unzOpen64(file.c_str());
    BOOST_REQUIRE(zip);
    BOOST_REQUIRE_EQUAL(unzLocateFile(zip, part, 1), UNZ_OK);
    BOOST_REQUIRE_EQUAL(unzOpenCurrentFile(zip), UNZ_OK);
    std::string content;
    std::array<char, 1 << 16> buffer;
    for (int got; (got = unzReadCurrentFile(zip, buffer.data(), buffer.size())) > 0;) content.append(buffer.data(), got);
    unzCloseCurrentFile(zip);
    unzClose(zip);
    return content;
}

struct Pair {
    std::vector<lxw_error> library_codes, writer_codes;
    fs::path library_file, writer_file;
};

Pair write_both(const fs::path& dir, const std::vector<RowSpec>& rows, lxw_row_t header_row = 0) {
    Pair pair{{}, {}, dir / "library.xlsx", dir / "writer.xlsx"};
    const Workbook library = open_workbook(pair.library_file, header_row);
    pair.library_codes = write_through_library(library, rows);
    BOOST_REQUIRE_EQUAL(workbook_close(library.wb), LXW_NO_ERROR);
    const Workbook writer = open_workbook(pair.writer_file, header_row);
    pair.writer_codes = write_through_writer(writer, rows);
    BOOST_REQUIRE_EQUAL(workbook_close(writer.wb), LXW_NO_ERROR);
    return pair;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xlsx_rows)

// Which path the build took is said in the log; on the direct path a row lands
// in the row file as it ends, on the public path the library holds it.
BOOST_AUTO_TEST_CASE(the_direct_path_writes_each_row_into_the_row_file_as_it_ends) {
    namespace lxw = asemdb::detail::lxw;
    BOOST_TEST_MESSAGE("libxlsxwriter " << lxw_version() << ": data rows written "
                                        << (lxw::direct_rows() ? "straight into the row file (the direct path)"
                                                               : "through the library's API (the public path); "
                                                                 "the comparisons below hold it to the library's codes"));
    asemdb::test::TempDir dir;
    const Workbook book = open_workbook(dir.path() / "rows.xlsx");
    std::FILE* file = lxw::row_file(book.ws);
    BOOST_TEST((file != nullptr) == lxw::direct_rows());
    asemdb::detail::XlsxRowWriter writer(book.ws);
    const auto written = [file] { return file && std::fflush(file) == 0 ? ftello(file) : off_t{0}; };
    const off_t header = written();
    writer.begin_row(1);
    BOOST_TEST(writer.number(0, 42) == LXW_NO_ERROR);
    writer.end_row();
    if (file) BOOST_TEST(written() > header);
    BOOST_REQUIRE_EQUAL(workbook_close(book.wb), LXW_NO_ERROR);
    BOOST_TEST(read_part(dir.path() / "rows.xlsx", "xl/worksheets/sheet1.xml").find("<v>42</v>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(writes_the_worksheet_libxlsxwriter_writes_for_every_cell_of_the_catalogue) {
    asemdb::test::TempDir dir;
    const Pair pair = write_both(dir.path(), catalogue());
    BOOST_TEST(pair.writer_codes == pair.library_codes, boost::test_tools::per_element());
    const std::string library = read_part(pair.library_file, "xl/worksheets/sheet1.xml");
    const std::string writer = read_part(pair.writer_file, "xl/worksheets/sheet1.xml");
    BOOST_TEST(writer == library);
    BOOST_TEST(read_part(pair.writer_file, "xl/styles.xml") == read_part(pair.library_file, "xl/styles.xml"));
    // The catalogue reaches what it means to: escapes, preserved space, heights, the last row and column.
    for (const char* expected : {"_x001B_", "&amp;amp;", "xml:space=\"preserve\"", "ht=\"22.5\" customHeight=\"1\"",
                                 "<row r=\"", "r=\"XFD", "1E+16", "<v>-0</v>", "<dimension ref=\"A1:XFD1048576\"/>"}) {
        BOOST_TEST_CONTEXT(expected) { BOOST_TEST(library.find(expected) != std::string::npos); }
    }
}

// A note above the header: the library writes it out as the header begins, and
// the data rows follow the header one row lower.
BOOST_AUTO_TEST_CASE(writes_the_same_worksheet_below_a_note_and_a_header) {
    asemdb::test::TempDir dir;
    std::vector<RowSpec> rows;
    for (RowSpec row : catalogue()) {
        if (row.row >= LXW_ROW_MAX - 1) continue;  // the last rows, which a row lower would push out
        ++row.row;
        rows.push_back(std::move(row));
    }
    const Pair pair = write_both(dir.path(), rows, 1);
    BOOST_TEST(pair.writer_codes == pair.library_codes, boost::test_tools::per_element());
    const std::string library = read_part(pair.library_file, "xl/worksheets/sheet1.xml");
    BOOST_TEST(read_part(pair.writer_file, "xl/worksheets/sheet1.xml") == library);
    BOOST_TEST(read_part(pair.writer_file, "xl/styles.xml") == read_part(pair.library_file, "xl/styles.xml"));
    for (const char* expected : {"<row r=\"1\" ht=\"30\" customHeight=\"1\"", "A note &amp; more", "<mergeCell ref=\"A1:C1\"/>",
                                 "<row r=\"2\"", "<row r=\"3\""}) {
        BOOST_TEST_CONTEXT(expected) { BOOST_TEST(library.find(expected) != std::string::npos); }
    }
}

BOOST_AUTO_TEST_CASE(refuses_what_the_library_refuses_and_writes_nothing_for_it) {
    asemdb::test::TempDir dir;
    const std::vector<RowSpec> rows = {
        {1, LXW_DEF_ROW_HEIGHT, {txt(LXW_COL_MAX, "one column too far"), num(0, 1)}},
        {2, LXW_DEF_ROW_HEIGHT, {txt(0, std::string(32768, 'x')), txt(1, std::string(32767, 'y'))}},
        // 32,767 characters of two bytes each: over the limit in bytes, not in characters.
        {3, LXW_DEF_ROW_HEIGHT, {txt(0, [] { std::string s; for (int i = 0; i < 32767; ++i) s += "\xC3\xBC"; return s; }())}},
        {LXW_ROW_MAX, LXW_DEF_ROW_HEIGHT, {txt(0, "one row too far"), num(1, 2)}},
    };
    const Pair pair = write_both(dir.path(), rows);
    BOOST_TEST(pair.writer_codes == pair.library_codes, boost::test_tools::per_element());
    BOOST_TEST(pair.writer_codes == (std::vector<lxw_error>{LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, LXW_NO_ERROR,
                                                            LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, LXW_NO_ERROR,
                                                            LXW_NO_ERROR, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE,
                                                            LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE}),
               boost::test_tools::per_element());
    BOOST_TEST(read_part(pair.writer_file, "xl/worksheets/sheet1.xml") ==
               read_part(pair.library_file, "xl/worksheets/sheet1.xml"));
}

BOOST_AUTO_TEST_SUITE_END()
