// The textual renderers, fed a synthetic report through the RowSink calls the
// engine makes, compared with golden files; plus format names and text widths.

#include "asemdb/base/error.hpp"
#include "asemdb/render/render.hpp"
#include "support/golden.hpp"
#include "base/text_width.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using asemdb::Cell;
using asemdb::CellType;
using asemdb::Format;
using asemdb::test::check_golden;
namespace data = boost::unit_test::data;

namespace {

/// A test value that owns its bytes; turned into a Cell only for the row() call.
struct Value {
    CellType type = CellType::Null;
    std::int64_t integer = 0;
    double real = 0;
    std::string bytes;
};

Value null() { return {}; }
Value integer(std::int64_t n) { return {CellType::Integer, n, 0, {}}; }
Value real(double x) { return {CellType::Real, 0, x, {}}; }
Value text(std::string s) { return {CellType::Text, 0, 0, std::move(s)}; }
Value blob(std::string s) { return {CellType::Blob, 0, 0, std::move(s)}; }

struct TestSheet {
    asemdb::SheetInfo info;
    std::vector<std::vector<Value>> rows;
};

struct TestReport {
    asemdb::ReportContext context;
    std::vector<TestSheet> sheets;
    std::optional<std::string> summary;
};

// The engine's buffers are reused after each row: the scratch copy is wiped
// after the call, so a renderer that keeps a Cell's view shows garbage.
void feed_row(asemdb::RowSink& sink, const std::vector<Value>& values) {
    std::vector<std::string> scratch;
    for (const Value& value : values) scratch.push_back(value.bytes);
    std::vector<Cell> cells;
    for (std::size_t i = 0; i < values.size(); ++i) {
        cells.push_back({values[i].type, values[i].integer, values[i].real, scratch[i]});
    }
    sink.row(cells);
    for (std::string& bytes : scratch) bytes.assign(bytes.size(), '#');
}

void play(const TestReport& report, asemdb::RowSink& sink) {
    sink.begin_report(report.context);
    for (const TestSheet& sheet : report.sheets) {
        sink.begin_sheet(sheet.info);
        for (const auto& values : sheet.rows) feed_row(sink, values);
        sink.end_sheet(sheet.rows.size());
    }
    if (report.summary) sink.summary(*report.summary);
    sink.end_report();
}

std::string rendered(Format format, const TestReport& report, const asemdb::RenderOptions& options = {}) {
    std::ostringstream out;
    play(report, *asemdb::make_stream_renderer(format, out, options));
    return out.str();
}

asemdb::ReportContext members_context() {
    asemdb::ReportContext context;
    context.id = "members";
    context.title = "ASEM partners";
    context.description = "Partners of the Asia-Europe Meeting, with \"codes\" and contacts";
    context.parameters = {{"side", "all"}, {"since", "1996"}};
    context.generated = 1700000000;
    return context;
}

TestSheet roster_sheet() {
    TestSheet sheet{{"roster", "Partner roster", {}, std::nullopt}, {}};
    sheet.info.columns = {{"name", asemdb::ColumnFormat::Auto},      {"iso_numeric", asemdb::ColumnFormat::Text},
                          {"joined", asemdb::ColumnFormat::Integer}, {"share", asemdb::ColumnFormat::Number},
                          {"telephone", asemdb::ColumnFormat::Text}, {"note", asemdb::ColumnFormat::Auto}};
    sheet.rows = {
        {text("Viet Nam"), text("704"), integer(1996), real(0.1), null(), text("founding partner")},
        {text("Türkiye"), text("792"), integer(2024), real(2.0), null(), null()},
        {text("日本"), text("392"), integer(1996), real(12.5), null(), text("tab\there")},
        {text("Australia"), text("036"), integer(2010), null(), null(), null()},
        {text("Korea, Republic of"), text("410"), integer(1996), real(1.0 / 3.0), null(), text("a | pipe")},
        {text("The \"Netherlands\""), text("528"), integer(1996), real(-4.75), null(), null()},
        {text("Brunei\nDarussalam"), text("096"), integer(1996), null(), null(), text("line one\r\nline two")},
        {text("Singapore"), text("702"), integer(1996), real(1e21), text("+65 6874 9718"), text("hosts ASEF")},
    };
    return sheet;
}

TestSheet sides_sheet() {
    TestSheet sheet{{"by_side", "Partners by side", {{"side"}, {"partners"}, {"mean_joined"}, {"digest"}}, std::nullopt}, {}};
    sheet.rows = {
        {text("Asia"), integer(21), real(2001.25), blob(std::string("\xde\xad\x01", 3))},
        {text("Europe"), integer(30), real(2002.5), null()},
    };
    return sheet;
}

TestReport members_report() {
    return {members_context(), {roster_sheet(), sides_sheet()}, "Asia has 21 partners and Europe 30.\nData as of 2024."};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A single-column sheet of `rows` short values with one long value after the sample.
TestReport long_report(std::size_t rows, std::size_t long_at) {
    TestSheet sheet{{"big", "Big", {{"value"}, {"n"}}, std::nullopt}, {}};
    for (std::size_t i = 0; i < rows; ++i) {
        sheet.rows.push_back({text(i == long_at ? std::string(40, 'L') : "v"), integer(static_cast<std::int64_t>(i))});
    }
    return {members_context(), {sheet}, std::nullopt};
}

bool is_usage_error_listing_sheets(const asemdb::Error& e) {
    return e.kind() == asemdb::ErrorKind::Usage &&
           std::string(e.what()) == "no sheet named 'nope'; sheets: roster, by_side";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_DATA_TEST_CASE(matches_golden_file, data::make({"txt", "csv", "json", "md"}), extension) {
    const std::optional<Format> format = asemdb::format_for_path(std::string("members.") + extension);
    BOOST_TEST_REQUIRE(format.has_value());
    // The json golden file is the document of the whole report (two sheets and a summary).
    asemdb::RenderOptions options;
    options.json_document = true;
    check_golden(std::string("render/members.") + extension, rendered(*format, members_report(), options));
}

BOOST_AUTO_TEST_CASE(csv_renders_the_sheet_named_in_the_options) {
    asemdb::RenderOptions options;
    options.sheet = "by_side";
    check_golden("render/members_by_side.csv", rendered(Format::Csv, members_report(), options));
}

// OWASP's CSV injection advice: text a spreadsheet would start a formula with
// gets a leading ' inside quotes; numbers, and text that merely contains such
// characters, are as without the option.
BOOST_AUTO_TEST_CASE(csv_escapes_formula_like_text_when_asked) {
    TestSheet sheet{{"s", "S", {{"=head"}, {"value"}, {"n"}}, std::nullopt}, {}};
    for (const char* value : {"=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tlead", "\rlead", "=\"quoted\",x", "a=b", ""}) {
        sheet.rows.push_back({text("t"), text(value), integer(-5)});
    }
    sheet.rows.push_back({text("t"), real(-0.5), null()});
    const TestReport report{members_context(), {sheet}, std::nullopt};
    asemdb::RenderOptions options;
    options.escape_formulas = true;
    BOOST_TEST(rendered(Format::Csv, report, options) ==
               "\"'=head\",value,n\r\n"
               "t,\"'=1+2\",-5\r\n"
               "t,\"'+SUM(A1)\",-5\r\n"
               "t,\"'-2+3\",-5\r\n"
               "t,\"'@cmd\",-5\r\n"
               "t,\"'\tlead\",-5\r\n"
               "t,\"'\rlead\",-5\r\n"
               "t,\"'=\"\"quoted\"\",x\",-5\r\n"
               "t,a=b,-5\r\n"
               "t,,-5\r\n"
               "t,-0.5,\r\n");
    // Without the option the same text is written as it is.
    BOOST_TEST(lines_of(rendered(Format::Csv, report))[1] == "t,=1+2,-5\r");
}

BOOST_AUTO_TEST_CASE(csv_rejects_an_unknown_sheet) {
    asemdb::RenderOptions options;
    options.sheet = "nope";
    BOOST_CHECK_EXCEPTION(rendered(Format::Csv, members_report(), options), asemdb::Error, is_usage_error_listing_sheets);
}

BOOST_AUTO_TEST_CASE(json_parses_and_keeps_types) {
    asemdb::RenderOptions document;
    document.json_document = true;
    const nlohmann::json doc = nlohmann::json::parse(rendered(Format::Json, members_report(), document));
    const nlohmann::json& roster = doc["sheets"][0];
    BOOST_TEST(doc["generated"] == "2023-11-14T22:13:20Z");
    BOOST_TEST(doc["parameters"]["since"] == "1996");
    BOOST_TEST(roster["row_count"] == 8);
    BOOST_TEST(roster["rows"].size() == 8u);
    BOOST_TEST(roster["rows"][0]["joined"].is_number_integer());
    BOOST_TEST(roster["rows"][1]["share"].is_number_float());
    BOOST_TEST(roster["rows"][1]["share"].get<double>() == 2.0);
    BOOST_TEST(roster["rows"][4]["share"].get<double>() == 1.0 / 3.0);
    BOOST_TEST(roster["rows"][3]["iso_numeric"] == "036");
    BOOST_TEST(roster["rows"][0]["telephone"].is_null());
    BOOST_TEST(roster["rows"][6]["name"] == "Brunei\nDarussalam");
    BOOST_TEST(doc["sheets"][1]["rows"][0]["digest"] == "dead01");
    BOOST_TEST(doc["summary"] == "Asia has 21 partners and Europe 30.\nData as of 2024.");
}

BOOST_AUTO_TEST_CASE(json_writes_non_finite_reals_as_null) {
    TestSheet sheet{{"s", "S", {{"x"}}, std::nullopt},
                    {{real(std::nan(""))}, {real(std::numeric_limits<double>::infinity())}, {real(1.5)}}};
    asemdb::RenderOptions document;
    document.json_document = true;
    const nlohmann::json doc = nlohmann::json::parse(rendered(Format::Json, {members_context(), {sheet}, std::nullopt}, document));
    const nlohmann::json& rows = doc["sheets"][0]["rows"];
    BOOST_TEST(rows[0]["x"].is_null());
    BOOST_TEST(rows[1]["x"].is_null());
    BOOST_TEST(rows[2]["x"] == 1.5);
    BOOST_TEST(!doc.contains("summary"));
    // The plain array writes them the same way.
    const nlohmann::json array = nlohmann::json::parse(rendered(Format::Json, {members_context(), {sheet}, std::nullopt}));
    BOOST_TEST(array.dump() == R"([{"x":null},{"x":null},{"x":1.5}])");
}

// The single-table formats render the sheet the options name, else the first,
// and refuse a name that is not among the sheets, as csv does.
BOOST_DATA_TEST_CASE(single_table_formats_render_the_chosen_sheet, data::make({"tsv", "json", "ndjson"}), format_name) {
    const Format format = *asemdb::parse_format(format_name);
    asemdb::RenderOptions options;
    BOOST_TEST(asemdb::holds_one_table(format, options));
    options.sheet = "by_side";
    const std::string by_side = rendered(format, members_report(), options);
    BOOST_TEST(by_side.find("dead01") != std::string::npos);
    BOOST_TEST(by_side.find("Brunei") == std::string::npos);
    options.sheet = "nope";
    BOOST_CHECK_EXCEPTION(rendered(format, members_report(), options), asemdb::Error, is_usage_error_listing_sheets);
}

BOOST_AUTO_TEST_CASE(only_single_table_formats_hold_one_table) {
    asemdb::RenderOptions document;
    document.json_document = true;
    BOOST_TEST(!asemdb::holds_one_table(Format::Json, document));
    for (const Format format : {Format::Text, Format::Markdown, Format::Xlsx})
        BOOST_TEST(!asemdb::holds_one_table(format, {}));
    BOOST_TEST(asemdb::holds_one_table(Format::Csv, {}));
}

BOOST_DATA_TEST_CASE(streams_rows_past_the_width_sample, data::make({"text", "markdown"}), format_name) {
    const std::size_t rows = 1500;
    const std::string out = rendered(*asemdb::parse_format(format_name), long_report(rows, 1200));
    const std::vector<std::string> lines = lines_of(out);
    const std::string long_value(40, 'L');
    std::size_t data_lines = 0;
    std::size_t long_line = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        // Only data rows have digits between their bars (the row number).
        if (lines[i].find(" | ") != std::string::npos && lines[i].find_first_of("0123456789") != std::string::npos) {
            ++data_lines;
        }
        if (lines[i].find(long_value) != std::string::npos) long_line = i;
    }
    BOOST_TEST(data_lines == rows);
    BOOST_TEST_REQUIRE(long_line > 0u);
    // The widths come from the first rows: the long value overflows its column.
    BOOST_TEST(lines[long_line].size() > lines[long_line - 1].size() + 30);
    BOOST_TEST(out.find("1500 rows") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_footer_counts_rows) {
    TestSheet empty{{"e", "Empty", {{"x"}}, std::nullopt}, {}};
    TestSheet single{{"s", "Single", {{"x"}}, std::nullopt}, {{integer(7)}}};
    const std::string out = rendered(Format::Text, {members_context(), {empty, single}, std::nullopt});
    BOOST_TEST(out.find("(0 rows)\n") != std::string::npos);
    BOOST_TEST(out.find("(1 row)\n") != std::string::npos);
    BOOST_TEST(out.back() == '\n');
}

BOOST_AUTO_TEST_CASE(text_escapes_control_characters) {
    TestSheet sheet{{"s", "S", {{"x"}}, std::nullopt}, {{text("red\x1b[31m bell\x07 nel\xc2\x85 del\x7f")}}};
    const std::string out = rendered(Format::Text, {members_context(), {sheet}, std::nullopt});
    BOOST_TEST(out.find("red\\x1b[31m bell\\x07 nel\\u0085 del\\x7f\n") != std::string::npos);
    BOOST_TEST(out.find('\x1b') == std::string::npos);
}

BOOST_DATA_TEST_CASE(reports_a_failed_stream, data::make({"text", "csv", "json", "markdown"}), format_name) {
    std::ostringstream out;
    auto renderer = asemdb::make_stream_renderer(*asemdb::parse_format(format_name), out, {});
    renderer->begin_report(members_context());
    renderer->begin_sheet(sides_sheet().info);
    out.setstate(std::ios::badbit);  // what a full disk does to an ofstream
    BOOST_CHECK_EXCEPTION(renderer->end_sheet(0), asemdb::Error, [](const asemdb::Error& e) {
        return e.kind() == asemdb::ErrorKind::Render && std::string(e.what()).starts_with("cannot write output: ");
    });
}

BOOST_AUTO_TEST_CASE(measures_display_width) {
    using asemdb::detail::display_width;
    BOOST_TEST(display_width("Viet Nam") == 8u);
    BOOST_TEST(display_width("Türkiye") == 7u);
    BOOST_TEST(display_width("Tu\xcc\x88rkiye") == 7u);  // u + COMBINING DIAERESIS
    BOOST_TEST(display_width("日本") == 4u);
    BOOST_TEST(display_width("ＡＢ") == 4u);          // fullwidth Latin
    BOOST_TEST(display_width("") == 0u);
    BOOST_TEST(display_width("a\xff\xfe" "b") == 4u);  // invalid bytes count one each
    BOOST_TEST(display_width("\xe6\x97") == 2u);       // a truncated sequence
    // Every ASCII byte takes one cell, control characters and NUL included, in
    // an all-ASCII text and beside other characters alike.
    BOOST_TEST(display_width(std::string_view("a\t\x01\0", 4)) == 4u);
    BOOST_TEST(display_width(std::string_view("\xc3\xbc\t\x01\0", 5)) == 4u);
    BOOST_TEST(display_width("\xc0\xaf") == 2u);       // an overlong '/'
}

BOOST_AUTO_TEST_CASE(parses_format_names) {
    BOOST_TEST((asemdb::parse_format("text") == Format::Text));
    BOOST_TEST((asemdb::parse_format("csv") == Format::Csv));
    BOOST_TEST((asemdb::parse_format("json") == Format::Json));
    BOOST_TEST((asemdb::parse_format("markdown") == Format::Markdown));
    BOOST_TEST((asemdb::parse_format("md") == Format::Markdown));
    BOOST_TEST((asemdb::parse_format("xlsx") == Format::Xlsx));
    BOOST_TEST((asemdb::parse_format("CSV") == Format::Csv));
    BOOST_TEST(!asemdb::parse_format("txt").has_value());
    BOOST_TEST(!asemdb::parse_format("").has_value());
}

BOOST_AUTO_TEST_CASE(maps_paths_and_extensions) {
    BOOST_TEST((asemdb::format_for_path("out/report.txt") == Format::Text));
    BOOST_TEST((asemdb::format_for_path("report.CSV") == Format::Csv));
    BOOST_TEST((asemdb::format_for_path("a.b/report.json") == Format::Json));
    BOOST_TEST((asemdb::format_for_path("report.md") == Format::Markdown));
    BOOST_TEST((asemdb::format_for_path("report.xlsx") == Format::Xlsx));
    BOOST_TEST(!asemdb::format_for_path("report").has_value());
    BOOST_TEST(!asemdb::format_for_path("report.xls").has_value());
    BOOST_TEST(!asemdb::format_for_path("a.csv/report").has_value());
    for (const Format format : {Format::Text, Format::Csv, Format::Json, Format::Markdown, Format::Xlsx}) {
        BOOST_TEST((asemdb::format_for_path("r." + asemdb::extension_of(format)) == format));
    }
    BOOST_TEST(asemdb::is_textual(Format::Markdown));
    BOOST_TEST(!asemdb::is_textual(Format::Xlsx));
}

BOOST_AUTO_TEST_SUITE_END()
