// Rendering on a thread of its own: every row arrives whole and in order, each
// call in its place, and a failure surfaces where the run can report it, the
// earliest first, without leaving a thread behind.

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/engine/report.hpp"
#include "engine/render_thread.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace asemdb;

namespace {

// What a sink was given, in the order it was given; optionally failing at one call.
class RecordingSink final : public RowSink {
 public:
    std::vector<std::string> calls;
    std::vector<std::vector<std::string>> rows;
    std::optional<std::size_t> fail_at_row;  // 0-based
    std::chrono::milliseconds fail_after{0};  // a slow failure, for the reading to run ahead meanwhile
    bool fail_at_begin_sheet = false;
    std::thread::id row_thread;

    void begin_report(const ReportContext& context) override { calls.push_back("begin_report " + context.id); }
    void begin_sheet(const SheetInfo& sheet) override {
        if (fail_at_begin_sheet) throw Error(ErrorKind::Render, {}, "the sheet cannot start");
        calls.push_back("begin_sheet " + sheet.name);
    }
    void row(std::span<const Cell> cells) override {
        row_thread = std::this_thread::get_id();
        if (fail_at_row && rows.size() == *fail_at_row) {
            std::this_thread::sleep_for(fail_after);
            throw Error(ErrorKind::Render, {}, "row " + std::to_string(rows.size()) + " failed");
        }
        std::vector<std::string> values;
        for (const Cell& cell : cells) {
            switch (cell.type) {
                case CellType::Null: values.push_back("null"); break;
                case CellType::Integer: values.push_back("i" + std::to_string(cell.integer)); break;
                case CellType::Real: values.push_back("r" + std::to_string(cell.real)); break;
                case CellType::Text:
                    // A cell's text is NUL-terminated (the Cell contract renderers rely on).
                    if (cell.text.data()[cell.text.size()] != '\0') values.push_back("unterminated");
                    else values.push_back("t" + std::string(cell.text));
                    break;
                case CellType::Blob: values.push_back("b" + std::string(cell.text)); break;
            }
        }
        rows.push_back(std::move(values));
    }
    void end_sheet(std::uint64_t count) override { calls.push_back("end_sheet " + std::to_string(count)); }
    void summary(const std::string& text) override { calls.push_back("summary " + text); }
    void end_report() override { calls.push_back("end_report"); }
};

Cell text_cell(std::string_view text, CellType type = CellType::Text) {
    Cell cell;
    cell.type = type;
    cell.text = text;
    return cell;
}

Cell integer_cell(std::int64_t value) {
    Cell cell;
    cell.type = CellType::Integer;
    cell.integer = value;
    return cell;
}

ReportContext context_of(const std::string& id) {
    ReportContext context;
    context.id = id;
    return context;
}

SheetInfo sheet_of(const std::string& name, std::size_t columns) {
    std::vector<Column> cols;
    for (std::size_t i = 0; i < columns; ++i) cols.emplace_back("c" + std::to_string(i));
    return {name, name, cols};
}

// Rows of `count` counting up, each with a text whose length varies, so that
// batches end on the row limit and on the byte limit.
void feed_rows(RowSink& sink, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        text.assign(static_cast<std::size_t>(i % 97) * (i % 500 == 0 ? 30000 : 1), static_cast<char>('a' + i % 26));
        const std::string blob("\x01\x00\x02", 3);
        const Cell cells[] = {integer_cell(i), text_cell(text), text_cell(blob, CellType::Blob), Cell{}};
        sink.row(cells);
    }
}

std::string expected_text(int i) {
    return "t" + std::string(static_cast<std::size_t>(i % 97) * (i % 500 == 0 ? 30000 : 1), static_cast<char>('a' + i % 26));
}

std::string series(int count, const std::string& values) {
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + std::to_string(count) +
           ") SELECT " + values + " FROM s";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render_thread)

BOOST_AUTO_TEST_CASE(every_row_arrives_whole_and_in_order_between_the_calls_around_it) {
    RecordingSink inner;
    constexpr int kRows = 5000;
    {
        detail::RenderThread thread(inner);
        thread.begin_report(context_of("r"));
        thread.begin_sheet(sheet_of("first", 4));
        feed_rows(thread, kRows);
        thread.end_sheet(kRows);
        thread.begin_sheet(sheet_of("second", 1));
        const Cell one[] = {text_cell("last")};
        thread.row(one);
        thread.end_sheet(1);
        thread.summary("done");
        thread.end_report();
        BOOST_CHECK(inner.row_thread != std::this_thread::get_id());
    }
    const std::vector<std::string> calls{"begin_report r", "begin_sheet first", "end_sheet 5000", "begin_sheet second",
                                         "end_sheet 1",    "summary done",      "end_report"};
    BOOST_CHECK_EQUAL_COLLECTIONS(inner.calls.begin(), inner.calls.end(), calls.begin(), calls.end());
    BOOST_TEST_REQUIRE(inner.rows.size() == kRows + 1u);
    for (int i = 0; i < kRows; ++i) {
        const auto& row = inner.rows[static_cast<std::size_t>(i)];
        BOOST_TEST_REQUIRE(row.size() == 4u);
        BOOST_TEST_REQUIRE(row[0] == "i" + std::to_string(i));
        BOOST_TEST_REQUIRE(row[1] == expected_text(i));
        BOOST_TEST_REQUIRE(row[2] == std::string("b\x01\x00\x02", 4));
        BOOST_TEST_REQUIRE(row[3] == "null");
    }
    BOOST_CHECK(inner.rows.back() == std::vector<std::string>{"tlast"});
}

BOOST_AUTO_TEST_CASE(a_row_that_fails_to_render_is_thrown_by_a_later_call_and_nothing_after_it_is_rendered) {
    RecordingSink inner;
    inner.fail_at_row = 1500;
    detail::RenderThread thread(inner);
    thread.begin_report(context_of("r"));
    thread.begin_sheet(sheet_of("s", 4));
    try {
        feed_rows(thread, 100000);
        thread.end_sheet(100000);
        BOOST_FAIL("the failed row was not reported");
    } catch (const Error& e) {
        BOOST_CHECK_EQUAL(e.what(), std::string("row 1500 failed"));
    }
    BOOST_CHECK_EQUAL(inner.rows.size(), 1500u);
    // Every later call reports the same failure instead of rendering.
    BOOST_CHECK_THROW(thread.end_report(), Error);
    BOOST_CHECK(std::find(inner.calls.begin(), inner.calls.end(), "end_report") == inner.calls.end());
}

BOOST_AUTO_TEST_CASE(a_sheet_that_cannot_start_is_thrown_by_begin_sheet_itself) {
    RecordingSink inner;
    inner.fail_at_begin_sheet = true;
    detail::RenderThread thread(inner);
    thread.begin_report(context_of("r"));
    BOOST_CHECK_EXCEPTION(thread.begin_sheet(sheet_of("s", 1)), Error,
                          [](const Error& e) { return std::string(e.what()) == "the sheet cannot start"; });
}

BOOST_AUTO_TEST_CASE(a_run_abandoned_midway_stops_the_thread_without_finishing_the_sink) {
    RecordingSink inner;
    {
        detail::RenderThread thread(inner);
        thread.begin_report(context_of("r"));
        thread.begin_sheet(sheet_of("s", 4));
        feed_rows(thread, 3000);
    }  // no end_sheet, no end_report: as when reading fails
    BOOST_CHECK(std::find(inner.calls.begin(), inner.calls.end(), "end_report") == inner.calls.end());
    BOOST_CHECK_LE(inner.rows.size(), 3000u);
}

// Through the engine: the renderer fails at an early row, slowly, while the
// reading, ahead of it, meets an SQL error in a later row. The run reports
// what happened first in the data.
BOOST_AUTO_TEST_CASE(a_run_reports_the_row_that_failed_before_a_later_sql_error) {
    const auto conn = Connection::in_memory();
    const auto def =
        bare_sql_report("q", series(20000, "n, CASE WHEN n = 3000 THEN json('{') ELSE 'ok' END"), "q.sql");
    RecordingSink inner;
    inner.fail_at_row = 10;
    inner.fail_after = std::chrono::milliseconds(300);
    try {
        run_report(conn, def, {}, inner, 0);
        BOOST_FAIL("the run did not fail");
    } catch (const Error& e) {
        BOOST_CHECK_EQUAL(e.what(), std::string("row 10 failed"));
    }
    // And the SQL error alone is reported as before.
    RecordingSink healthy;
    BOOST_CHECK_EXCEPTION(run_report(conn, def, {}, healthy, 0), Error,
                          [](const Error& e) { return std::string(e.what()).find("malformed JSON") != std::string::npos; });
    BOOST_CHECK_EQUAL(healthy.rows.size(), 2999u);
}

BOOST_AUTO_TEST_SUITE_END()
