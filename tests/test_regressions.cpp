// One named test per fault found by the hardening review (issue 13), each on the
// real binary or the real library: two init runs at once, errors of the
// filesystem and of SQLite that must be bad input (exit 2), a manifest that asks
// for too much, a FIFO as the database, numeric options out of range, numbered
// parameters, SQLite's own defences, and time zones after 2037.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/schedule/scheduler.hpp"
#include "store/read_guard.hpp"
#include "store/sql_script.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <sys/stat.h>

#include <chrono>
#include <thread>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A directory with a database made by `asemdb init`.
struct Initialised {
    Initialised() { BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", db().string()}).exit_code == 0); }
    fs::path db() const { return dir / "asem.db"; }
    RunResult run(std::vector<std::string> args) const {
        if (std::find(args.begin(), args.end(), "--db") == args.end()) args.insert(args.end(), {"--db", "asem.db"});
        return run_asemdb(args, in_dir(dir.path()));
    }
    TempDir dir;
};

// Bad input: exit 2, one line naming `fragment`, nothing internal.
void check_refused(const RunResult& r, const std::string& fragment) {
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(has(r.err, fragment), "stderr: " << r.err.substr(0, 400));
    BOOST_CHECK_MESSAGE(!has(r.err, "internal error"), "stderr: " << r.err.substr(0, 400));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(regressions)

// Fault 1: both runs deleted and reused one temporary file, so one renamed the
// other's unfinished database into place.
BOOST_AUTO_TEST_CASE(two_init_runs_at_once_on_a_new_path_leave_one_complete_database) {
    constexpr int kRounds = 20;
    TempDir dir;
    for (int round = 0; round < kRounds; ++round) {
        BOOST_TEST_CONTEXT("round " << round) {
            const fs::path db = dir / ("round" + std::to_string(round) + ".db");
            RunResult results[2];
            std::thread first([&] { results[0] = run_asemdb({"init", "--db", db.string()}); });
            std::thread second([&] { results[1] = run_asemdb({"init", "--db", db.string()}); });
            first.join();
            second.join();
            int created = 0;
            for (const auto& r : results) {
                BOOST_CHECK_MESSAGE(r.exit_code == 0, "exit " << r.exit_code << ": " << r.err);
                created += has(r.out, "created");
            }
            BOOST_CHECK_EQUAL(created, 1);
            SQLite::Database check(db.string(), SQLite::OPEN_READONLY);
            BOOST_CHECK_EQUAL(scalar(check, "PRAGMA integrity_check"), "ok");
            BOOST_CHECK_EQUAL(scalar(check, "SELECT count(*) FROM forum_member"), "53");
            BOOST_CHECK_EQUAL(scalar(check, "SELECT count(*) FROM applied_script"),
                              std::to_string(asemdb::embedded_sql().schema.size() + asemdb::embedded_sql().seed.size()));
            BOOST_CHECK(!fs::exists(db.string() + ".init-tmp"));
        }
    }
}

// Fault 2: a directory listing that failed escaped as std::filesystem_error (exit 3).
BOOST_FIXTURE_TEST_CASE(a_directory_that_cannot_be_listed_is_bad_input, Initialised) {
    fs::create_directory_symlink("loop", dir / "loop");
    check_refused(run({"report", "list", "--reports-dir", "loop"}), "loop: cannot read the reports directory");
    check_refused(run({"init", "--sql-dir", "loop"}), "loop: cannot read the SQL directory");
    check_refused(run({"audit", "--checks-dir", "loop"}), "loop: cannot read the checks directory");
    // A loop inside the directory, under a name the listing reads.
    fs::create_directories(dir / "reports");
    fs::create_symlink("x.toml", dir / "reports" / "x.toml");
    check_refused(run({"report", "list", "--reports-dir", "reports"}), "x.toml: cannot read file");
    fs::create_directories(dir / "sql");
    fs::create_directory_symlink("schema", dir / "sql" / "schema");
    check_refused(run({"init", "--db", "new.db", "--sql-dir", "sql"}), "cannot read the SQL directory");
}

// Fault 2: SQLite's exception from a bookkeeping table of another shape escaped (exit 3).
BOOST_FIXTURE_TEST_CASE(a_database_with_bookkeeping_of_another_shape_is_bad_input, Initialised) {
    SQLite::Database(dir / "odd.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE applied_script (x)");
    const std::string before = read_bytes(dir / "odd.db");
    check_refused(run({"init", "--db", "odd.db"}), "applied_script table is not the one asemdb keeps");
    check_refused(run({"info", "--db", "odd.db"}), "applied_script table is not the one asemdb keeps");
    BOOST_CHECK(read_bytes(dir / "odd.db") == before);
    // asemdb's own tables, reshaped in a copy.
    fs::copy_file(db(), dir / "reshaped.db");
    SQLite::Database(dir / "reshaped.db", SQLite::OPEN_READWRITE)
        .exec("PRAGMA legacy_alter_table = ON; ALTER TABLE source RENAME TO source_before; CREATE TABLE source (x)");
    check_refused(run({"info", "--db", "reshaped.db"}), "cannot describe the database");
    check_refused(run({"report", "run", "member_roster", "--db", "reshaped.db", "--format", "csv", "--sheet", "roster"}),
                  "reshaped.db: cannot read the database");
    check_refused(run({"query", "--db", "reshaped.db", "SELECT 1"}), "reshaped.db: cannot read the database");
}

// Fault 2: a number nlohmann::json cannot hold escaped as out_of_range (exit 3).
BOOST_FIXTURE_TEST_CASE(a_baseline_number_out_of_range_is_bad_input, Initialised) {
    write_text(dir / "huge.json", R"({"tables": {"country": 1e400}})");
    check_refused(run({"audit", "--baseline", "huge.json"}), "huge.json: not valid JSON");
}

// Fault 3: the template parser's memory grew with the square of the depth; 20,000
// sections crashed it after 25 s.
namespace {

std::string manifest_with_summary(const std::string& template_text) {
    return "title = \"t\"\n[summary]\ntemplate = '''" + template_text + "'''\n[summary.queries]\nq = \"SELECT 1 AS a\"\n";
}

std::string nested_sections(int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += "{{#q}}";
    text += "{{a}}";
    for (int i = 0; i < depth; ++i) text += "{{/q}}";
    return text;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_manifest_asking_too_much_is_refused_quickly, Initialised) {
    const auto refused_manifest = [&](const std::string& name, const std::string& text, const std::string& fragment) {
        fs::create_directories(dir / name);
        write_text(dir / name / (name + ".toml"), text);
        const auto start = std::chrono::steady_clock::now();
        check_refused(run({"report", "list", "--reports-dir", name}), fragment);
        BOOST_CHECK_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    };
    refused_manifest("deep", manifest_with_summary(nested_sections(20000)), "the template is");
    refused_manifest("deep33", manifest_with_summary(nested_sections(33)), "sections are nested more than 32 deep");
    refused_manifest("delimiters", manifest_with_summary("{{=<% %>=}}" + std::string(40, ' ') + [] {
                                       std::string t;
                                       for (int i = 0; i < 40; ++i) t += "<%#q%>";
                                       for (int i = 0; i < 40; ++i) t += "<%/q%>";
                                       return t;
                                   }()),
                     "nested more than 32 deep");
    std::string sheets = "title = \"t\"\n";
    for (int i = 0; i < 101; ++i) sheets += "[[sheet]]\nname = \"s" + std::to_string(i) + "\"\nsql = \"SELECT 1\"\n";
    refused_manifest("sheets", sheets, "101 [[sheet]] tables, more than the 100");
    std::string params = "title = \"t\"\n[[sheet]]\nname = \"s\"\nsql = \"SELECT 1\"\n";
    for (int i = 0; i < 101; ++i) params += "[[param]]\nname = \"p" + std::to_string(i) + "\"\n";
    refused_manifest("params", params, "101 [[param]] tables, more than the 100");
    refused_manifest("big", "title = \"t\"\n# " + std::string(2 << 20, 'x') + "\n", "more than the 1048576 a manifest");

    // Within the limits a summary still renders.
    fs::create_directories(dir / "ok");
    write_text(dir / "ok" / "ok.toml", manifest_with_summary(nested_sections(32)));
    const auto r = run({"report", "run", "ok", "--reports-dir", "ok", "--format", "text"});
    BOOST_CHECK_MESSAGE(r.exit_code == 0, r.err);
    BOOST_CHECK(has(r.out, "1"));
}

// Fault 4: SQLite opened the FIFO and waited for a writer forever.
BOOST_FIXTURE_TEST_CASE(a_fifo_as_the_database_is_bad_input, Initialised) {
    BOOST_TEST_REQUIRE(mkfifo((dir / "fifo.db").c_str(), 0600) == 0);
    for (const auto& args : std::vector<std::vector<std::string>>{{"query", "SELECT 1", "--db", "fifo.db"},
                                                                  {"info", "--db", "fifo.db"},
                                                                  {"init", "--db", "fifo.db"},
                                                                  {"report", "run", "member_roster", "--db", "fifo.db"},
                                                                  {"audit", "--db", "fifo.db"}})
        BOOST_TEST_CONTEXT(args[0]) { check_refused(run(args), "fifo.db: is not a regular file"); }
    check_refused(run({"info", "--db", "/dev/null"}), "/dev/null: is not a regular file");
}

// Fault 5: --timeout 1e300 overflowed the conversion to milliseconds; nan was accepted;
// keep = 10^12 said "must be at least 1".
BOOST_FIXTURE_TEST_CASE(numeric_options_out_of_range_are_refused_with_their_range, Initialised) {
    for (const std::string value : {"1e300", "nan", "inf", "0", "-1", "1e-9", "1000001", "abc"})
        BOOST_TEST_CONTEXT("--timeout " << value) {
            check_refused(run({"query", "--timeout", value, "SELECT 1"}),
                          "--timeout: must be a number of seconds from 0.001 to 1000000, got '" + value + "'");
        }
    for (const std::string value : {"0", "1000000000001", "99999999999999999999999", "-1", "1.5", "+3"})
        BOOST_TEST_CONTEXT("--limit " << value) {
            check_refused(run({"query", "--limit", value, "SELECT 1"}),
                          "expected a whole number of rows from 1 to 1000000000000, got '" + value + "'");
        }
    auto r = run({"query", "--timeout", "0.5", "--limit", "1000000000000", "--format", "csv", "SELECT 7 AS v"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "v\r\n7\r\n");

    const std::string job = "[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\n";
    write_text(dir / "keep.toml", job + "keep = 1000000000000\n");
    check_refused(run({"schedule", "list", "--schedule", "keep.toml"}),
                  "'keep' must be a whole number from 1 to 1000000, got 1000000000000");
    write_text(dir / "claim.toml", "claim_timeout_minutes = 0\n" + job);
    check_refused(run({"schedule", "list", "--schedule", "claim.toml"}),
                  "'claim_timeout_minutes' must be a whole number from 1 to 1000000, got 0");
}

// Fault 6: "SELECT ?3" has three parameter slots; the two unused ones were demanded.
BOOST_FIXTURE_TEST_CASE(numbered_parameters_need_values_for_the_slots_used_only, Initialised) {
    auto r = run({"query", "-p", "3=x", "--format", "csv", "SELECT ?3 AS v"});
    BOOST_CHECK_MESSAGE(r.exit_code == 0, r.err);
    BOOST_CHECK_EQUAL(r.out, "v\r\nx\r\n");
    // A bare '?' takes the slot after the highest before it: here 4.
    r = run({"query", "-p", "3=x", "-p", "4=y", "--format", "csv", "SELECT ?3 AS a, ? AS b"});
    BOOST_CHECK_MESSAGE(r.exit_code == 0, r.err);
    BOOST_CHECK_EQUAL(r.out, "a,b\r\nx,y\r\n");
    check_refused(run({"query", "-p", "3=x", "SELECT ?3 AS a, ? AS b"}), "parameter '4': required");
    check_refused(run({"query", "-p", "1=x", "SELECT ?3 AS a"}), "parameter '1': unknown parameter");

    using asemdb::detail::anonymous_parameter_slots;
    BOOST_TEST(anonymous_parameter_slots("SELECT ?, ?") == std::vector<int>({1, 2}), boost::test_tools::per_element());
    BOOST_TEST(anonymous_parameter_slots("SELECT ?5, :a, ?, :a, ?") == std::vector<int>({7, 8}),
               boost::test_tools::per_element());
    BOOST_TEST(anonymous_parameter_slots("SELECT '?', \"?\", ?2 -- ?\n /* ? */").empty());
}

// Fault 9: SQLite's defences against untrusted SQL and schemas were off.
BOOST_FIXTURE_TEST_CASE(connections_that_run_user_sql_have_sqlite_defences_on, Initialised) {
    using Limits = asemdb::detail::UntrustedSqlLimits;
    const auto conn = asemdb::Connection::open(db(), asemdb::OpenMode::ReadOnly);
    sqlite3* handle = conn.db().getHandle();
    const auto config = [&](int option) {
        int value = -1;
        sqlite3_db_config(handle, option, -1, &value);
        return value;
    };
    BOOST_CHECK_EQUAL(config(SQLITE_DBCONFIG_DEFENSIVE), 1);
    BOOST_CHECK_EQUAL(config(SQLITE_DBCONFIG_TRUSTED_SCHEMA), 0);
    BOOST_CHECK_EQUAL(config(SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER), 0);
    BOOST_CHECK_EQUAL(sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, -1), Limits::kMaxValueBytes);
    BOOST_CHECK_EQUAL(sqlite3_limit(handle, SQLITE_LIMIT_SQL_LENGTH, -1), Limits::kMaxSqlBytes);
    BOOST_CHECK_EQUAL(sqlite3_limit(handle, SQLITE_LIMIT_EXPR_DEPTH, -1), Limits::kMaxExpressionDepth);
    BOOST_CHECK_EQUAL(sqlite3_limit(handle, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1), Limits::kMaxLikePatternBytes);
    BOOST_CHECK_EQUAL(sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, -1), 0);
    BOOST_CHECK_EQUAL(sqlite3_hard_heap_limit64(-1), Limits::kHeapCeilingBytes);

    // The same, seen from the command line.
    auto r = run({"query", "--format", "csv", "SELECT quote(fts3_tokenizer('simple')) AS p"});
    BOOST_CHECK_MESSAGE(!has(r.out, "X'"), "a raw pointer: " << r.out);
    check_refused(run({"query", "SELECT 'a' LIKE '" + std::string(2000, '%') + "' AS v"}), "pattern too complex");
    std::string deep = "1";  // a chain of 300 additions is a tree 300 deep
    for (int i = 0; i < 300; ++i) deep += " + 1";
    check_refused(run({"query", "SELECT " + deep + " AS v"}), "Expression tree is too large");
    write_text(dir / "long.sql", "SELECT length('" + std::string(1'100'000, 'x') + "') AS v");
    check_refused(run({"query", "-f", "long.sql"}), "statement too long");
    check_refused(run({"query", "SELECT length(zeroblob(200000000)) AS v"}), "too big");
}

// Fault 10: the date library read the zone files' transitions only up to 2037,
// so New York stayed on EST and London on GMT after.
BOOST_AUTO_TEST_CASE(daylight_saving_is_right_after_2037) {
    struct Case {
        const char* expression;
        const char* zone;
        const char* from;
        const char* next;
    };
    // Expected times checked against Python's zoneinfo.
    const Case cases[] = {
        // Summer and winter in 2038 and 2050.
        {"30 1 * * *", "Europe/London", "2038-06-01T00:00:00Z", "2038-06-01T00:30:00Z"},
        {"30 1 * * *", "Europe/London", "2050-12-01T00:00:00Z", "2050-12-01T01:30:00Z"},
        {"0 12 * * *", "America/New_York", "2050-07-01T00:00:00Z", "2050-07-01T16:00:00Z"},
        {"0 12 * * *", "America/New_York", "2038-01-15T00:00:00Z", "2038-01-15T17:00:00Z"},
        {"0 12 * * *", "Australia/Lord_Howe", "2038-01-15T00:00:00Z", "2038-01-15T01:00:00Z"},
        {"0 12 * * *", "Australia/Lord_Howe", "2050-06-15T00:00:00Z", "2050-06-15T01:30:00Z"},
        // The change days: a skipped time runs at the jump, a repeated one once, on the first pass.
        {"30 1 * * *", "Europe/London", "2038-03-27T12:00:00Z", "2038-03-28T01:00:00Z"},
        {"30 1 * * *", "America/New_York", "2038-11-06T12:00:00Z", "2038-11-07T05:30:00Z"},
        {"45 1 * * *", "Australia/Lord_Howe", "2050-04-02T12:00:00Z", "2050-04-02T14:45:00Z"},
        {"45 1 * * *", "Australia/Lord_Howe", "2050-04-02T14:45:00Z", "2050-04-03T15:15:00Z"},
        // A wall-clock job runs in both passes of Lord Howe's repeated half hour.
        {"*/15 1 * * *", "Australia/Lord_Howe", "2038-04-03T14:45:00Z", "2038-04-03T15:00:00Z"},
        {"*/15 1 * * *", "Australia/Lord_Howe", "2038-04-03T15:00:00Z", "2038-04-03T15:15:00Z"},
    };
    for (const auto& c : cases)
        BOOST_TEST_CONTEXT(c.expression << " in " << c.zone << " after " << c.from) {
            const auto cron = asemdb::CronSchedule::parse(c.expression, c.zone);
            BOOST_CHECK_EQUAL(asemdb::iso_utc(*cron.next_after(asemdb::parse_iso_time(c.from))), c.next);
        }
    const auto cron = asemdb::CronSchedule::parse("0 12 1 7 *", "America/New_York");
    BOOST_CHECK_EQUAL(cron.local_text(asemdb::parse_iso_time("2050-07-01T16:00:00Z")), "2050-07-01 12:00 EDT");
}

BOOST_AUTO_TEST_SUITE_END()
