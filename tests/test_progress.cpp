// The progress line: a RowSink decorator that passes everything on, writes to a
// terminal only, and never to a file or a pipe.

#include "asemdb/engine/progress.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace asemdb;

// Records the calls it receives, in order.
class RecordingSink final : public RowSink {
 public:
    void begin_report(const ReportContext& context) override { calls.push_back("begin_report " + context.id); }
    void begin_sheet(const SheetInfo& sheet) override { calls.push_back("begin_sheet " + sheet.name); }
    void row(std::span<const Cell> cells) override {
        ++rows;
        last = cells.empty() ? 0 : cells[0].integer;
    }
    void end_sheet(std::uint64_t n) override { calls.push_back("end_sheet " + std::to_string(n)); }
    void summary(const std::string& text) override { calls.push_back("summary " + text); }
    void end_report() override { calls.push_back("end_report"); }

    std::vector<std::string> calls;
    std::uint64_t rows = 0;
    std::int64_t last = 0;
};

void run(RowSink& sink, std::uint64_t rows) {
    ReportContext context;
    context.id = "big";
    sink.begin_report(context);
    sink.begin_sheet({"s", "S", {{"n"}}, std::nullopt});
    for (std::uint64_t i = 1; i <= rows; ++i) {
        const Cell cell{CellType::Integer, static_cast<std::int64_t>(i), 0, {}};
        sink.row(std::span<const Cell>(&cell, 1));
    }
    sink.end_sheet(rows);
    sink.summary("done");
    sink.end_report();
}

// Points standard error at a file for the life of the object.
class StderrToFile {
 public:
    explicit StderrToFile(const std::filesystem::path& file)
        : saved_(dup(STDERR_FILENO)), fd_(open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644)) {
        dup2(fd_, STDERR_FILENO);
    }
    ~StderrToFile() {
        dup2(saved_, STDERR_FILENO);
        close(saved_);
        close(fd_);
    }
    StderrToFile(const StderrToFile&) = delete;
    StderrToFile& operator=(const StderrToFile&) = delete;

 private:
    int saved_;
    int fd_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(is_off_when_stderr_is_not_a_terminal_or_quiet_is_given) {
    test::TempDir dir;
    StderrToFile redirect(dir / "stderr.txt");
    BOOST_TEST(progress_stream(false) == nullptr);
    BOOST_TEST(progress_stream(true) == nullptr);
}

BOOST_AUTO_TEST_CASE(passes_every_call_on_in_order) {
    RecordingSink inner;
    std::ostringstream out;
    ProgressSink sink(inner, out);
    run(sink, 3000);
    BOOST_TEST(inner.rows == 3000u);
    BOOST_TEST(inner.last == 3000);
    BOOST_TEST(sink.rows() == 3000u);
    const std::vector<std::string> expected = {"begin_report big", "begin_sheet s", "end_sheet 3000", "summary done",
                                               "end_report"};
    BOOST_TEST(inner.calls == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_quick_run_shows_nothing) {
    RecordingSink inner;
    std::ostringstream out;
    ProgressSink sink(inner, out);  // the default delay: one second
    run(sink, 5000);
    BOOST_TEST(out.str().empty());
}

BOOST_AUTO_TEST_CASE(a_long_run_shows_rows_rate_and_time_then_clears_the_line) {
    RecordingSink inner;
    std::ostringstream out;
    ProgressSink sink(inner, out, {std::chrono::milliseconds(0), std::chrono::milliseconds(0)});
    run(sink, 2 * kProgressCheckRows);
    const std::string text = out.str();
    BOOST_TEST(text.find("\r1024 rows, ") != std::string::npos);
    BOOST_TEST(text.find("\r2048 rows, ") != std::string::npos);
    BOOST_TEST(text.find(" rows/s, ") != std::string::npos);
    BOOST_TEST(text.find(" s\x1b[K") != std::string::npos);
    BOOST_TEST(text.find('\n') == std::string::npos);  // one line, rewritten in place
    BOOST_TEST(text.ends_with("\r\x1b[K"));            // and erased at the end
}

BOOST_AUTO_TEST_CASE(the_cli_writes_no_progress_to_a_pipe) {
    test::TempDir dir;
    const auto db = (dir / "asem.db").string();
    BOOST_REQUIRE_EQUAL(test::run_asemdb({"init", "--db", db}).exit_code, 0);
    const std::string sql =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n";
    for (const char* out : {"rows.csv", "rows.txt"}) {
        const auto r = test::run_asemdb({"query", "--db", db, "-o", (dir / out).string(), sql});
        BOOST_TEST(r.exit_code == 0);
        // Only the line that says what was written.
        BOOST_TEST(r.err == "wrote " + (dir / out).string() + " (200000 rows)\n");
    }
    const auto report = test::run_asemdb({"report", "run", "member_roster", "--db", db, "-o", (dir / "r.xlsx").string()});
    BOOST_TEST(report.exit_code == 0);
    BOOST_TEST(report.err == "wrote " + (dir / "r.xlsx").string() + " (roster 53 rows, summary 6 rows, forum 11 rows)\n");
}

BOOST_AUTO_TEST_SUITE_END()
