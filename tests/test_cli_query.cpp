// asemdb query and asemdb schema, end to end on the built binary.

#include "support/fixtures.hpp"
#include "support/golden.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct QueryCli {
    QueryCli() { BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", db()}).exit_code == 0); }
    std::string db() const { return (dir / "asem.db").string(); }
    RunResult asemdb(std::vector<std::string> args) const {
        args.insert(args.end(), {"--db", db()});
        return run_asemdb(args, in_dir(dir.path()));
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_query, QueryCli)

BOOST_AUTO_TEST_CASE(answers_a_question_in_csv_when_piped) {
    const auto r = asemdb({"query", "SELECT name, iso_numeric FROM member_roster WHERE iso_alpha2 IN ('AU', 'VN') ORDER BY name"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "name,iso_numeric\r\nAustralia,036\r\nViet Nam,704\r\n");
}

BOOST_AUTO_TEST_CASE(reads_sql_from_a_file_and_from_stdin) {
    write_text(dir / "q.sql", "SELECT count(*) AS n FROM forum_member");
    BOOST_CHECK_EQUAL(asemdb({"query", "-f", "q.sql"}).out, "n\r\n53\r\n");
    const auto piped = run_program("/bin/sh", {"-c", std::string("'") + ASEMDB_BINARY + "' query --db '" + db() +
                                                          "' < '" + (dir / "q.sql").string() + "'"});
    BOOST_CHECK_EQUAL(piped.out, "n\r\n53\r\n");
}

BOOST_AUTO_TEST_CASE(renders_every_format) {
    const std::string sql = "SELECT name, joined_year FROM member_roster WHERE iso_alpha2 = 'HR'";
    BOOST_CHECK(contains(asemdb({"query", sql, "--format", "json"}).out, "{\"name\": \"Croatia\", \"joined_year\": 2014}"));
    BOOST_CHECK(contains(asemdb({"query", sql, "--format", "markdown"}).out, "| Croatia |        2014 |"));
    BOOST_CHECK(contains(asemdb({"query", sql, "--format", "text"}).out, "Croatia |        2014"));
    const auto xlsx = asemdb({"query", sql, "-o", "q.xlsx"});
    BOOST_CHECK_EQUAL(xlsx.exit_code, 0);
    BOOST_CHECK(fs::exists(dir / "q.xlsx"));
    const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(), (dir / "q.xlsx").string()});
    BOOST_CHECK(contains(dump.out, "\"Croatia\""));
}

BOOST_AUTO_TEST_CASE(several_statements_render_one_after_the_other) {
    const auto r = asemdb({"query", "SELECT 1 AS a; SELECT 2 AS b", "--format", "csv"});
    BOOST_CHECK_EQUAL(r.out, "a\r\n1\r\n");  // csv holds one table: the first
    const auto text = asemdb({"query", "SELECT 1 AS a; SELECT 2 AS b", "--format", "text"});
    BOOST_CHECK(contains(text.out, "statement 1 (line 1)") && contains(text.out, "statement 2 (line 1)"));
}

BOOST_AUTO_TEST_CASE(a_query_file_renders_as_the_same_bare_report) {
    TempDir reports;
    const std::string sql = "-- Members who joined after a year\nSELECT name, joined_year FROM member_roster\n"
                            " WHERE joined_year > :year ORDER BY joined_year, name";
    write_text(reports / "late.sql", sql);
    // A fixed generation time: two runs may straddle a second (json's "generated").
    auto options = in_dir(dir.path());
    options.env["SOURCE_DATE_EPOCH"] = "1767225600";
    auto pinned = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db()});
        return run_asemdb(args, options);
    };
    for (const char* format : {"text", "json", "markdown", "csv"}) {
        const auto by_query = pinned({"query", "-f", (reports / "late.sql").string(), "-p", "year=2008", "--format", format});
        const auto by_report = pinned({"report", "run", "late", "--reports-dir", reports.path().string(), "-p",
                                       "year=2008", "--format", format});
        BOOST_CHECK_EQUAL(by_query.exit_code, 0);
        BOOST_CHECK_EQUAL(by_query.out, by_report.out);
    }
}

BOOST_AUTO_TEST_CASE(refuses_writes_with_one_line_and_changes_nothing) {
    const std::string before = read_bytes(dir / "asem.db");
    for (const char* sql : {"DELETE FROM country", "DROP TABLE theme", "PRAGMA user_version = 9",
                            "ATTACH DATABASE 'x.db' AS x", "VACUUM INTO 'copy.db'"}) {
        const auto r = asemdb({"query", sql});
        BOOST_CHECK_EQUAL(r.exit_code, 2);
        BOOST_CHECK_EQUAL(count_lines(r.err), 1);
        BOOST_CHECK_MESSAGE(contains(r.err, "only read the database"), r.err);
    }
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
    BOOST_CHECK(!fs::exists(dir / "x.db") && !fs::exists(dir / "copy.db"));
}

BOOST_AUTO_TEST_CASE(an_injection_attempt_is_only_data) {
    const auto r = asemdb({"query", "SELECT name FROM country WHERE name = :n", "-p", "n=x'); DROP TABLE country; --"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "name\r\n");
    BOOST_CHECK_EQUAL(asemdb({"query", "SELECT count(*) FROM country"}).out, "count(*)\r\n51\r\n");
}

BOOST_AUTO_TEST_CASE(a_parameter_may_come_before_the_sql) {
    const auto r = asemdb({"query", "-p", "d=2019-12-31", "-p", "b=EU",
                           "SELECT count(*) AS n FROM bloc_member WHERE bloc_key = :b AND :d BETWEEN start_date AND "
                           "coalesce(end_date, '9999-12-31')"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "n\r\n28\r\n");
}

BOOST_AUTO_TEST_CASE(a_missing_parameter_is_named) {
    const auto r = asemdb({"query", "SELECT * FROM member_roster WHERE asem_side = :side"});
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK(contains(r.err, "parameter 'side'"));
}

BOOST_AUTO_TEST_CASE(limit_says_it_stopped) {
    const auto r = asemdb({"query", "SELECT name FROM country ORDER BY name", "--limit", "3"});
    BOOST_CHECK_EQUAL(r.out, "name\r\nAustralia\r\nAustria\r\nBangladesh\r\n");
    BOOST_CHECK(contains(r.err, "stopped after 3 rows (--limit)"));
}

BOOST_AUTO_TEST_CASE(timeout_stops_a_runaway_query) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = asemdb({"query", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT count(*) FROM r",
                           "--timeout", "1"});
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK(contains(r.err, "timed out after 1 s"));
    BOOST_TEST_MESSAGE("stopped after " << seconds << " s");  // measured, not asserted: shared machines vary
}

BOOST_AUTO_TEST_CASE(a_syntax_error_shows_a_caret) {
    const auto r = asemdb({"query", "SELECT * FROM country WHER iso_alpha2 = 'GB'"});
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK(contains(r.err, "near \"iso_alpha2\": syntax error\n  SELECT * FROM country WHER iso_alpha2 = 'GB'\n"
                                "                             ^\n"));
}

BOOST_AUTO_TEST_CASE(escape_formulas_guards_csv_for_spreadsheets) {
    const auto r = asemdb({"query", "SELECT '=HYPERLINK(\"http://x\")' AS f, '-1' AS t, -1 AS n", "--escape-formulas"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "f,t,n\r\n\"'=HYPERLINK(\"\"http://x\"\")\",\"'-1\",-1\r\n");
}

BOOST_AUTO_TEST_CASE(xlsx_needs_a_file_and_bad_options_are_refused) {
    BOOST_CHECK_EQUAL(asemdb({"query", "SELECT 1", "--format", "xlsx"}).exit_code, 2);
    BOOST_CHECK_EQUAL(asemdb({"query", "SELECT 1", "--limit", "0"}).exit_code, 2);
    BOOST_CHECK_EQUAL(asemdb({"query", "SELECT 1", "-f", "q.sql"}).exit_code, 2);
    BOOST_CHECK_EQUAL(asemdb({"query", "-f", "missing.sql"}).exit_code, 2);
}

BOOST_AUTO_TEST_CASE(schema_lists_tables_and_views) {
    const auto r = asemdb({"schema"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    check_golden("schema/overview.txt", r.out);
}

BOOST_AUTO_TEST_CASE(schema_shows_one_object) {
    const auto r = asemdb({"schema", "member_roster"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    check_golden("schema/member_roster.txt", r.out);
    const auto unknown = asemdb({"schema", "members"});
    BOOST_CHECK_EQUAL(unknown.exit_code, 2);
    BOOST_CHECK(contains(unknown.err, "no table or view named 'members'"));
}

BOOST_AUTO_TEST_SUITE_END()
