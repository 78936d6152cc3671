// asemdb schedule, end to end on the built binary: run-due with --now, missed
// occurrences, failures, two processes at once, serve and its signals, and
// every bad input refused before anything runs.

#include "base/sha256.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <thread>

using namespace asemdb::test;
namespace fs = std::filesystem;
namespace data = boost::unit_test::data;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kRoster = R"([[job]]
name = "monthly-roster"
cron = "0 6 1 * *"
timezone = "Europe/Brussels"
report = "member_roster"
params = { as_of = "end_of_previous_month" }
formats = ["xlsx", "text"]
output = "rosters/{report}-{date:%Y-%m}.{ext}"
keep = 12
)";

// Daily jobs at 06:00 UTC, one per name.
std::string daily_jobs(const std::vector<std::string>& names) {
    std::string text = "output_dir = \"out\"\n";
    for (const auto& name : names)
        text += "[[job]]\nname = \"" + name + "\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n"
                "formats = [\"csv\", \"json\"]\noutput = \"{job}/{date}.{ext}\"\n";
    return text;
}

// A started, not yet awaited, asemdb process.
struct Child {
    pid_t pid = -1;
    fs::path out, err;
};

Child spawn(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& capture) {
    Child child{-1, capture.string() + ".out", capture.string() + ".err"};
    std::vector<std::string> text{ASEMDB_BINARY};
    text.insert(text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out = child.out.string(), err = child.err.string();
    child.pid = fork();
    BOOST_TEST_REQUIRE(child.pid >= 0);
    if (child.pid == 0) {
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || chdir(cwd.c_str()) != 0) _exit(127);
        dup2(o, 1);
        dup2(e, 2);
        unsetenv("ASEMDB_DB");
        execv(argv[0], argv.data());
        _exit(127);
    }
    return child;
}

RunResult wait_for(const Child& child) {
    int status = 0;
    waitpid(child.pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_bytes(child.out),
            read_bytes(child.err)};
}

// A database, and a schedule.toml beside it (the default place).
struct ScheduleCli {
    ScheduleCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    fs::path history_file() const { return dir / "asem.history.db"; }
    void write_schedule(const std::string& text) const { write_text(dir / "schedule.toml", text); }
    RunResult schedule(std::vector<std::string> args) const {
        args.insert(args.begin(), "schedule");
        args.insert(args.end(), {"--db", db()});
        return run_asemdb(args, in_dir(dir.path()));
    }
    nlohmann::json history(const std::string& job = "") const {
        std::vector<std::string> args{"history", "--format", "json"};
        if (!job.empty()) args.push_back(job);
        const auto r = schedule(args);
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return nlohmann::json::parse(r.out);
    }
    // Bad input: exit 2, one line naming `what`, nothing run and nothing written.
    void check_refused(const RunResult& r, const std::string& what) const {
        BOOST_TEST_MESSAGE("stderr: " << r.err);
        BOOST_CHECK_EQUAL(r.exit_code, 2);
        BOOST_CHECK_EQUAL(count_lines(r.err), 1);
        BOOST_CHECK_MESSAGE(contains(r.err, what), "stderr lacks '" << what << "': " << r.err);
        BOOST_CHECK(r.out.empty());
        BOOST_CHECK(!fs::exists(history_file()));
        BOOST_CHECK(!fs::exists(dir / "reports-out"));
    }
    TempDir dir;
};

int count_runs(const nlohmann::json& runs, const std::string& job, const std::string& scheduled) {
    int n = 0;
    for (const auto& run : runs) n += run.at("job") == job && run.at("scheduled") == scheduled;
    return n;
}

std::vector<fs::path> temporary_files(const fs::path& dir) {
    std::vector<fs::path> found;
    if (!fs::exists(dir)) return found;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (contains(entry.path().filename().string(), ".tmp")) found.push_back(entry.path());
    return found;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_schedule, ScheduleCli)

BOOST_AUTO_TEST_CASE(a_due_job_runs_once_and_a_second_call_runs_nothing) {
    write_schedule(std::string("output_dir = \"reports-out\"\n") + kRoster);
    const auto first = schedule({"run-due", "--now", "2026-03-01T06:00:00+01:00"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    BOOST_TEST(contains(first.out, "monthly-roster: ran for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z): succeeded"),
               first.out);
    BOOST_TEST(!contains(first.out, "missed"), first.out);
    const fs::path xlsx = dir / "reports-out/rosters/member_roster-2026-03.xlsx";
    const fs::path text = dir / "reports-out/rosters/member_roster-2026-03.txt";
    BOOST_TEST(fs::exists(xlsx));
    // The relative date is the end of February, where the job runs.
    BOOST_TEST(contains(read_bytes(text), "2026-02-28"));

    const auto again = schedule({"run-due", "--now", "2026-03-01T05:00:00Z"});
    BOOST_TEST(again.exit_code == 0);
    BOOST_TEST(again.out.empty(), again.out);

    const auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    const auto& run = runs[0];
    BOOST_TEST(run.at("status") == "succeeded");
    BOOST_TEST(run.at("scheduled") == "2026-03-01T05:00:00Z");
    // The parameters as the run resolved them, one member each; a run counts the roster's members.
    BOOST_TEST(run.at("params") == nlohmann::json({{"as_of", "2026-02-28"}, {"side", "all"}, {"bloc", "all"}}));
    BOOST_TEST(run.at("rows") == 53);
    BOOST_TEST(run.at("counted") == "53 members");
    BOOST_TEST(contains(first.out, "succeeded, 53 members"), first.out);
    BOOST_REQUIRE_EQUAL(run.at("outputs").size(), 2u);
    for (const auto& out : run.at("outputs")) {
        const fs::path file = out.at("path").get<std::string>();
        BOOST_TEST(out.at("size").get<std::uintmax_t>() == fs::file_size(file));
        BOOST_TEST(out.at("sha256") == asemdb::detail::sha256_hex(read_bytes(file)));
    }
    // The workbook as an independent reader sees it.
    const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(), xlsx.string()});
    BOOST_TEST_REQUIRE(dump.exit_code == 0, dump.err);
    const auto book = nlohmann::json::parse(dump.out);
    BOOST_TEST(book.at("sheets") ==
               nlohmann::json({"Members", "Members by side and bloc", "Forum profile and contact", "About"}));
    BOOST_TEST(book.at("sheet").at("Members").at("max_row") == 54);
}

BOOST_AUTO_TEST_CASE(after_three_missed_occurrences_it_runs_once_and_says_so) {
    write_schedule(kRoster);
    BOOST_TEST_REQUIRE(schedule({"run-due", "--now", "2026-03-01T05:00:00Z"}).exit_code == 0);
    // April, May and June pass unseen; July's run is the one owed.
    const auto r = schedule({"run-due", "--now", "2026-07-01T04:00:10Z"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "ran for 2026-07-01 06:00 CEST (2026-07-01T04:00:00Z): succeeded"), r.out);
    BOOST_TEST(contains(r.out, "3 missed occurrences skipped, ran once for the latest"), r.out);
    const auto runs = history("monthly-roster");
    BOOST_REQUIRE_EQUAL(runs.size(), 2u);
    BOOST_TEST(runs[1].at("missed") == 3);
    BOOST_TEST(runs[1].at("params").at("as_of") == "2026-06-30");
    BOOST_TEST(schedule({"run-due", "--now", "2026-07-01T04:00:10Z"}).out.empty());
}

BOOST_AUTO_TEST_CASE(a_failing_job_is_recorded_and_the_others_still_run) {
    TempDir mine;
    write_text(mine / "broken.sql", "SELECT missing_column FROM nowhere");
    write_schedule(std::string("output_dir = \"out\"\n") +
                   "[[job]]\nname = \"first\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n" +
                   "[[job]]\nname = \"broken\"\ncron = \"0 6 * * *\"\nreport = \"broken\"\nformats = [\"csv\"]\n" +
                   "[[job]]\nname = \"last\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n");
    const auto r = schedule({"run-due", "--now", "2026-03-01T06:00:00Z", "--reports-dir", mine.path().string()});
    BOOST_TEST(r.exit_code == 2, r.out << r.err);  // bad SQL is bad input
    BOOST_TEST(contains(r.out, "broken: ran for 2026-03-01 06:00 UTC (2026-03-01T06:00:00Z): failed"), r.out);
    BOOST_TEST(contains(r.out, "no such table: nowhere"), r.out);
    BOOST_TEST((contains(r.out, "first: ran for") && contains(r.out, "last: ran for")), r.out);
    const auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 3u);
    for (const auto& run : runs) {
        const bool broken = run.at("job") == "broken";
        BOOST_TEST(run.at("status") == (broken ? "failed" : "succeeded"));
        if (broken) {
            BOOST_TEST(contains(run.at("error").get<std::string>(), "no such table: nowhere"));
            BOOST_TEST(run.at("outputs").empty());
        }
    }
    // The failed run left no file, finished or not.
    BOOST_TEST((!fs::exists(dir / "out/broken") || fs::is_empty(dir / "out/broken")));
    BOOST_TEST(temporary_files(dir / "out").empty());
    // It is not retried: the failed occurrence counts as run.
    BOOST_TEST(schedule({"run-due", "--now", "2026-03-01T06:00:30Z", "--reports-dir", mine.path().string()})
                   .exit_code == 0);
}

BOOST_AUTO_TEST_CASE(an_audit_whose_checks_fail_is_a_failed_run_with_its_outputs) {
    fs::create_directories(dir / "checks");
    write_text(dir / "checks/no_uk.sql", "-- title: The United Kingdom is not a member\n-- severity: error\n"
                                         "SELECT name FROM country WHERE iso_alpha2 = 'GB'\n");
    write_schedule("[[job]]\nname = \"audit\"\ncron = \"0 7 * * mon\"\nreport = \"audit\"\n"
                   "params = { as_of = \"yesterday\", checks_dir = \"checks\" }\nformats = [\"json\", \"junit\"]\n"
                   "output = \"audit/{date}.{ext}\"\n");
    const auto r = schedule({"run-due", "--now", "2026-03-02T07:00:00Z"});
    BOOST_TEST(r.exit_code == 1, r.out << r.err);
    BOOST_TEST(contains(r.out, "audit: ran for 2026-03-02 07:00 UTC (2026-03-02T07:00:00Z): failed"), r.out);
    const auto run = history()[0];
    BOOST_TEST(run.at("status") == "failed");
    BOOST_TEST(run.at("params") ==
               nlohmann::json({{"as_of", "2026-03-01"}, {"strict", "false"}, {"checks_dir", "checks"}}));
    // Which check failed, not only how many.
    BOOST_TEST(run.at("error").get<std::string>().rfind("checks failed: 1 of ", 0) == 0, run.at("error"));
    BOOST_TEST(contains(run.at("error").get<std::string>(), ": custom.no_uk"), run.at("error"));
    BOOST_TEST(run.at("failed_checks") == nlohmann::json({"custom.no_uk"}));
    const std::string counted = run.at("counted");
    // Its checks by status, those that occur: "63 checks: 59 passed, 2 drifted, 1 warned, 1 failed".
    BOOST_TEST(counted.rfind(std::to_string(run.at("rows").get<int>()) + " checks: ", 0) == 0, counted);
    BOOST_TEST(contains(counted, " passed, "), counted);
    BOOST_TEST(counted.substr(counted.size() - 10) == ", 1 failed", counted);
    BOOST_TEST(contains(r.out, "failed, " + counted), r.out);
    const auto text = schedule({"history"});
    BOOST_TEST(contains(text.out, "    failed checks: custom.no_uk\n"), text.out);
    BOOST_TEST(contains(text.out, counted), text.out);
    BOOST_TEST(run.at("outputs").size() == 2u);
    BOOST_TEST(contains(read_bytes(dir / "reports-out/audit/2026-03-02.json"), "no_uk"));
    BOOST_TEST(fs::exists(dir / "reports-out/audit/2026-03-02.xml"));
}

BOOST_AUTO_TEST_CASE(two_run_due_processes_at_once_run_each_occurrence_once) {
    const std::vector<std::string> jobs{"a", "b", "c", "d", "e", "f"};
    write_schedule(daily_jobs(jobs));
    for (const char* day : {"2026-03-01", "2026-03-02", "2026-03-03"}) {
        const std::string now = std::string(day) + "T06:00:00Z";
        const std::vector<std::string> args{"schedule", "run-due", "--now", now, "--db", db()};
        const Child one = spawn(args, dir.path(), dir / "one");
        const Child two = spawn(args, dir.path(), dir / "two");
        const RunResult r1 = wait_for(one), r2 = wait_for(two);
        BOOST_TEST(r1.exit_code == 0, r1.err);
        BOOST_TEST(r2.exit_code == 0, r2.err);
        const auto runs = history();
        for (const auto& job : jobs) BOOST_TEST(count_runs(runs, job, now) == 1, job << " on " << day);
        // Between them the two processes ran every job, each exactly once.
        int ran = 0;
        for (const auto& out : {r1.out, r2.out})
            for (const auto& job : jobs) ran += contains(out, job + ": ran for");
        BOOST_TEST(ran == static_cast<int>(jobs.size()), r1.out << "\n---\n" << r2.out);
    }
    BOOST_TEST(history().size() == 3 * jobs.size());
}

BOOST_AUTO_TEST_CASE(a_stale_claim_from_a_killed_process_is_taken_over) {
    write_schedule(daily_jobs({"daily"}));
    BOOST_TEST_REQUIRE(schedule({"run-due", "--now", "2026-03-01T06:00:00Z"}).exit_code == 0);
    {
        // As a process killed mid-run leaves it: still running, long ago, its pid gone.
        const pid_t gone = fork();
        if (gone == 0) _exit(0);
        waitpid(gone, nullptr, 0);
        SQLite::Database raw(history_file().string(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE run SET status = 'running', finished_at = NULL, started_at = '2000-01-01T00:00:00Z', pid = " +
                 std::to_string(gone));
    }
    const auto r = schedule({"run-due", "--now", "2026-03-01T06:00:30Z"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "daily: ran for 2026-03-01 06:00 UTC (2026-03-01T06:00:00Z): succeeded"), r.out);
    BOOST_TEST(contains(r.out, "took over a stale claim"), r.out);
    const auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    BOOST_TEST(runs[0].at("attempt") == 2);
    BOOST_TEST(runs[0].at("status") == "succeeded");
}

BOOST_AUTO_TEST_CASE(list_run_and_history_formats) {
    write_schedule(kRoster);
    const auto never = schedule({"list", "--now", "2026-03-15T12:00:00Z"});
    BOOST_TEST(never.exit_code == 0);
    BOOST_TEST(contains(never.out, "monthly-roster  member_roster  '0 6 1 * *' in Europe/Brussels"), never.out);
    BOOST_TEST(contains(never.out, "last run   never"));
    BOOST_TEST(contains(never.out, "next run   2026-04-01 06:00 CEST (2026-04-01T04:00:00Z)"), never.out);
    BOOST_TEST(!fs::exists(history_file()));

    const auto manual = schedule({"run", "monthly-roster", "--now", "2026-03-15T12:00:00Z"});
    BOOST_TEST(manual.exit_code == 0, manual.err);
    BOOST_TEST(contains(manual.out, "monthly-roster: ran now 2026-03-15 13:00 CET (2026-03-15T12:00:00Z): succeeded"),
               manual.out);
    BOOST_TEST(fs::exists(dir / "reports-out/rosters/member_roster-2026-03.xlsx"));
    const auto listed = schedule({"list", "--now", "2026-03-15T12:00:00Z"});
    BOOST_TEST(contains(listed.out, "last run   for 2026-03-15 13:00 CET (2026-03-15T12:00:00Z): succeeded"), listed.out);

    // A manual run does not stand in for the scheduled one.
    const auto due = schedule({"run-due", "--now", "2026-04-01T04:00:00Z"});
    BOOST_TEST(contains(due.out, "monthly-roster: ran for 2026-04-01 06:00 CEST"), due.out);

    const auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 2u);
    BOOST_TEST(runs[0].at("trigger") == "manual");
    BOOST_TEST(runs[1].at("trigger") == "schedule");
    const auto csv = schedule({"history", "--format", "csv", "monthly-roster"});
    BOOST_TEST(csv.exit_code == 0);
    BOOST_TEST(count_lines(csv.out) == 3);
    BOOST_TEST(csv.out.rfind("id,job,trigger,scheduled,started,finished,status,report,params,rows,missed,error,", 0) == 0);
    BOOST_TEST(contains(csv.out, "member_roster-2026-04.xlsx;"));
    const auto text = schedule({"history"});
    BOOST_TEST(contains(text.out, "monthly-roster  for 2026-04-01T04:00:00Z (schedule)  succeeded"), text.out);
    BOOST_TEST(contains(text.out, "sha256 " + runs[1].at("outputs")[0].at("sha256").get<std::string>()));
}

// The history's csv is quoted by the rules of every csv asemdb writes: a field
// with a comma, a quote or a line break is the field a query's csv has.
BOOST_AUTO_TEST_CASE(history_csv_quotes_a_field_as_a_query_csv_does) {
    write_schedule(kRoster);
    BOOST_TEST_REQUIRE(schedule({"run", "monthly-roster"}).exit_code == 0);
    {
        SQLite::Database raw(history_file().string(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE run SET error = 'a, \"b\"' || char(10) || 'c'");
    }
    const auto query = run_asemdb({"query", "SELECT 'a, \"b\"' || char(10) || 'c' AS error", "--db", db(), "--format", "csv"});
    BOOST_TEST_REQUIRE(query.exit_code == 0, query.err);
    const std::string field = "\"a, \"\"b\"\"\nc\"";
    BOOST_TEST(query.out == "error\r\n" + field + "\r\n");
    const auto csv = schedule({"history", "--format", "csv"});
    BOOST_TEST_REQUIRE(csv.exit_code == 0, csv.err);
    BOOST_TEST(contains(csv.out, ",53,0," + field + ","), csv.out);
}

BOOST_AUTO_TEST_CASE(dry_run_says_what_is_due_and_writes_nothing) {
    write_schedule(kRoster);
    const auto r = schedule({"run-due", "--dry-run", "--now", "2026-03-01T05:00:00Z"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "monthly-roster: due for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z); would run"), r.out);
    BOOST_TEST(!fs::exists(history_file()));
    BOOST_TEST(!fs::exists(dir / "reports-out"));
}

BOOST_DATA_TEST_CASE(serve_stops_cleanly_on_a_signal, data::make({SIGTERM, SIGINT}), signal_number) {
    write_schedule("[[job]]\nname = \"minutely\"\ncron = \"* * * * *\"\nreport = \"member_roster\"\n"
                   "formats = [\"xlsx\"]\noutput = \"{date}-{time:%H%M}.{ext}\"\n");
    const Child serve = spawn({"schedule", "serve", "--db", db()}, dir.path(), dir / "serve");
    // Wait (without a time limit on the outcome) until the first run is recorded.
    bool ran = false;
    for (int i = 0; i < 600 && !ran; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        ran = fs::exists(history_file()) && contains(schedule({"history"}).out, "succeeded");
    }
    BOOST_TEST(ran);
    ::kill(serve.pid, signal_number);
    const auto r = wait_for(serve);
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "serving 1 job(s)"), r.out);
    BOOST_TEST(contains(r.out, "minutely: ran for"), r.out);
    // After the run, the next occurrence.
    BOOST_TEST(contains(r.out.substr(r.out.find("minutely: ran for")), "\nnext: minutely at "), r.out);
    BOOST_TEST(r.out.substr(r.out.size() - 8) == "stopped\n", r.out);
    BOOST_TEST(temporary_files(dir / "reports-out").empty());
    for (const auto& run : history()) BOOST_TEST(run.at("status") != "running");
}

BOOST_AUTO_TEST_CASE(an_escaping_path_template_is_refused_before_anything_runs) {
    write_schedule(std::string(kRoster) +
                   "[[job]]\nname = \"sneaky\"\ncron = \"* * * * *\"\nreport = \"forum_profile\"\n"
                   "output = \"../../{report}.{ext}\"\n");
    check_refused(schedule({"run-due", "--now", "2026-03-01T05:00:00Z"}),
                  "schedule.toml:14: job 'sneaky': output template '../../{report}.{ext}': '..' would leave the output "
                  "directory");
    check_refused(schedule({"run", "monthly-roster"}), "'..' would leave the output directory");
}

const std::pair<std::string, std::string> kBadInputs[] = {
    {"[[job]]\nname = \"j\"\ncron = \"0 6 * * * *\"\nreport = \"member_roster\"\n",
     "schedule.toml:3: cron '0 6 * * * *': expected 5 fields"},
    {"[[job]]\nname = \"j\"\ncron = \"0 25 * * *\"\nreport = \"member_roster\"\n",
     "schedule.toml:3: cron '0 25 * * *': hour field '25': 25 is out of range 0-23"},
    {"[[job]]\nname = \"j\"\ncron = \"@daily\"\ntimezone = \"Europe/Brusels\"\nreport = \"member_roster\"\n",
     "schedule.toml:4: unknown time zone 'Europe/Brusels'"},
    {"[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_rooster\"\n",
     "schedule.toml:1: job 'j': no report named 'member_rooster'; did you mean 'member_roster'?"},
    {"[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\nparams = { as_of = \"2026-02-30\" }\n",
     "job 'j': report 'member_roster': parameter 'as_of': expected a date YYYY-MM-DD or 'today', 'yesterday', 'start_of_month', 'end_of_previous_month', 'start_of_previous_month' or 'start_of_year', got '2026-02-30'"},
    {"[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\noutput = \"/tmp/{report}.{ext}\"\n",
     "schedule.toml:5: job 'j': output template '/tmp/{report}.{ext}': an absolute path"},
    {"[[job]]\nname = \"j\"\ncron = \"@daily\nreport = \"member_roster\"\n", "schedule.toml:3:"},
};

BOOST_DATA_TEST_CASE(bad_schedules_are_refused_with_exit_2_and_nothing_written, data::xrange(std::size(kBadInputs)),
                     i) {
    write_schedule(kBadInputs[i].first);
    check_refused(schedule({"run-due", "--now", "2026-03-01T05:00:00Z"}), kBadInputs[i].second);
}

BOOST_AUTO_TEST_CASE(bad_command_lines_are_refused_with_exit_2) {
    check_refused(schedule({"run-due"}), "schedule.toml: no schedule file here");
    check_refused(schedule({"list", "--schedule", "elsewhere.toml"}), "elsewhere.toml: no schedule file here");
    write_schedule(kRoster);
    check_refused(schedule({"run-due", "--now", "2026-03-01 06:00"}), "expected a time such as 2026-03-01T06:00:00Z");
    check_refused(schedule({"run", "weekly"}), "no job 'weekly' in ");
    check_refused(schedule({"history", "--format", "xml"}), "unknown format 'xml'");
    check_refused(schedule({"serve", "--now", "2026-03-01T05:00:00Z"}), "unknown option '--now' for 'asemdb schedule serve'");
    const auto missing_db = run_asemdb({"schedule", "run-due", "--db", (dir / "none.db").string(), "--schedule",
                                        (dir / "schedule.toml").string()});
    BOOST_TEST(missing_db.exit_code == 2);
    BOOST_TEST(contains(missing_db.err, "none.db: no such database"));
}

BOOST_AUTO_TEST_CASE(an_output_named_by_a_parameter_holds_the_data_of_that_date) {
    write_schedule("[[job]]\nname = \"roster\"\ncron = \"0 6 1 * *\"\ntimezone = \"Europe/Brussels\"\n"
                   "report = \"member_roster\"\nparams = { as_of = \"end_of_previous_month\" }\n"
                   "formats = [\"xlsx\", \"text\"]\noutput = \"member_roster-{param:as_of}.{ext}\"\n");
    const auto r = schedule({"run-due", "--now", "2026-03-01T05:00:00Z"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    // The relative date as this run resolved it, in the job's zone.
    BOOST_TEST(fs::exists(dir / "reports-out/member_roster-2026-02-28.xlsx"));
    BOOST_TEST(contains(read_bytes(dir / "reports-out/member_roster-2026-02-28.txt"), "2026-02-28"));
    BOOST_TEST(contains(r.out, "succeeded, 53 members"), r.out);
    const auto text = schedule({"history"});
    BOOST_TEST(contains(text.out, "(schedule)  succeeded  53 members"), text.out);
    BOOST_TEST(contains(text.out, "member_roster (as_of=2026-02-28, side=all, bloc=all)"), text.out);
}

BOOST_AUTO_TEST_CASE(an_unknown_parameter_in_an_output_template_is_refused_with_the_name_meant) {
    write_schedule("output_dir = \"out\"\n[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\n"
                   "formats = [\"xlsx\"]\noutput = \"roster-{param:as_off}.{ext}\"\n");
    check_refused(schedule({"run-due", "--now", "2026-03-01T05:00:00Z"}),
                  "schedule.toml:7: job 'j': output template 'roster-{param:as_off}.{ext}': {param:as_off}: report "
                  "'member_roster' has no parameter 'as_off'; did you mean 'as_of'?");
    BOOST_TEST(!fs::exists(dir / "out"));
    write_schedule("[[job]]\nname = \"a\"\ncron = \"@daily\"\nreport = \"audit\"\noutput = \"{param:side}.{ext}\"\n");
    check_refused(schedule({"list"}), "schedule.toml:5: job 'a': output template '{param:side}.{ext}': {param:side}: "
                                      "the audit has no parameter 'side'");
    write_schedule("[[job]]\nname = \"a\"\ncron = \"@daily\"\nreport = \"audit\"\noutput = \"{param:baseline}.{ext}\"\n");
    check_refused(schedule({"list"}), "schedule.toml:5: job 'a': output template '{param:baseline}.{ext}': "
                                      "{param:baseline} has no value on this run");
}

// A parameter's value that would not stay one file name below output_dir.
const std::pair<std::string, std::string> kUnsafeValues[] = {
    {"\"../../escaped\"", "{param:label} is '../../escaped', which cannot be part of a file name: it holds a slash"},
    {"\"a/b\"", "it holds a slash"},
    {"\"..\"", "{param:label} is '..', which cannot be part of a file name: it names a directory"},
    {"\".\"", "it names a directory"},
    {"\"\"", "{param:label} is empty, which cannot be part of a file name"},
    {"\"a\\u0001b\"", "{param:label} holds a control character"},
    {"\"a\\nb\"", "{param:label} holds a control character"},
    {"\"a\\\\b\"", "it holds a slash"},
    {"\"" + std::string(300, 'x') + "\"", "it is longer than a file name may be"},
};

BOOST_DATA_TEST_CASE_F(ScheduleCli, a_parameter_that_cannot_be_a_file_name_is_refused_before_anything_runs,
                       data::xrange(std::size(kUnsafeValues)), i) {
    TempDir mine;
    write_text(mine / "labelled.sql", "SELECT :label AS label");
    write_schedule("[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"labelled\"\nformats = [\"csv\"]\n"
                   "params = { label = " + kUnsafeValues[i].first + " }\noutput = \"{param:label}.{ext}\"\n");
    for (const char* command : {"run-due", "run", "list"}) {
        std::vector<std::string> args{command, "--reports-dir", mine.path().string()};
        if (std::string(command) == "run") args.push_back("j");
        const auto r = schedule(args);
        check_refused(r, kUnsafeValues[i].second);
        BOOST_TEST(contains(r.err, "schedule.toml:7: job 'j': output template '{param:label}.{ext}': "), r.err);
    }
    BOOST_TEST(!fs::exists(dir / "escaped"));
    BOOST_TEST(!fs::exists(dir.path().parent_path() / "escaped"));
}

BOOST_AUTO_TEST_CASE(an_output_named_by_a_parameter_is_never_the_database) {
    TempDir mine;
    write_text(mine / "labelled.sql", "SELECT :label AS label");
    write_schedule("output_dir = \".\"\n[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"labelled\"\n"
                   "formats = [\"csv\"]\nparams = { label = \"asem\" }\noutput = \"{param:label}.db\"\n");
    const std::string before = read_bytes(dir / "asem.db");
    const auto r = schedule({"run-due", "--now", "2026-03-01T05:00:00Z", "--reports-dir", mine.path().string()});
    BOOST_TEST(r.exit_code == 2, r.out << r.err);
    BOOST_TEST(count_lines(r.err) == 1);
    BOOST_TEST(contains(r.err, "schedule.toml:2: job 'j': output "), r.err);
    BOOST_TEST(read_bytes(dir / "asem.db") == before);
    BOOST_TEST(!fs::exists(history_file()));
}

BOOST_AUTO_TEST_CASE(a_one_table_format_takes_one_sheet_of_a_report_of_several) {
    for (const char* format : {"csv", "tsv", "ndjson", "nl"}) {
        write_schedule(std::string("[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\n"
                                   "formats = [\"xlsx\", \"") + format + "\"]\n");
        check_refused(schedule({"run-due", "--now", "2026-03-01T05:00:00Z"}),
                      "schedule.toml:1: job 'j': report 'member_roster' has 3 sheets and ");
        const auto r = schedule({"list"});
        BOOST_TEST(contains(r.err, "holds one; choose one with sheet = \"NAME\" (roster, summary, forum)"), r.err);
    }
    write_schedule("[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\nsheet = \"rooster\"\n"
                   "formats = [\"csv\"]\n");
    check_refused(schedule({"list"}), "schedule.toml:1: job 'j': report 'member_roster' has no sheet 'rooster'");
    write_schedule("[[job]]\nname = \"a\"\ncron = \"@daily\"\nreport = \"audit\"\nsheet = \"roster\"\n");
    check_refused(schedule({"list"}), "schedule.toml:5: job 'a': the audit has no sheets to choose from");

    // The sheet chosen: its rows in csv; counted in members, as the roster is the main sheet.
    write_schedule("[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\nsheet = \"roster\"\n"
                   "formats = [\"csv\", \"json\"]\noutput = \"{job}.{ext}\"\n");
    const auto r = schedule({"run", "j"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "succeeded, 53 members"), r.out);
    BOOST_TEST(count_lines(read_bytes(dir / "reports-out/j.csv")) == 54);
    BOOST_TEST(nlohmann::json::parse(read_bytes(dir / "reports-out/j.json")).at("sheets").size() == 1u);
    // Another sheet is counted in rows.
    write_schedule("[[job]]\nname = \"s\"\ncron = \"@daily\"\nreport = \"member_roster\"\nsheet = \"summary\"\n"
                   "formats = [\"csv\"]\noutput = \"{job}.{ext}\"\n");
    const auto summary = schedule({"run", "s"});
    BOOST_TEST_REQUIRE(summary.exit_code == 0, summary.err);
    const auto rows = count_lines(read_bytes(dir / "reports-out/s.csv")) - 1;
    BOOST_TEST(contains(summary.out, fmt::format("succeeded, {} rows", rows)), summary.out);
}

// The run table of asemdb before this history version: params as one string, no counts in words.
constexpr const char* kOldHistory = R"sql(
CREATE TABLE job_seen (job TEXT PRIMARY KEY, first_seen TEXT NOT NULL) STRICT;
CREATE TABLE run (
    id INTEGER PRIMARY KEY, job TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('schedule', 'manual')),
    scheduled_at TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')), report TEXT NOT NULL,
    params TEXT NOT NULL, row_count INTEGER NOT NULL DEFAULT 0, missed INTEGER NOT NULL DEFAULT 0, error TEXT,
    pid INTEGER NOT NULL, host TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 1) STRICT;
CREATE UNIQUE INDEX run_occurrence ON run (job, scheduled_at) WHERE kind = 'schedule';
CREATE TABLE run_output (run_id INTEGER NOT NULL REFERENCES run (id), path TEXT NOT NULL, format TEXT NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, removed_at TEXT, PRIMARY KEY (run_id, path)) STRICT;
CREATE TABLE delivery (run_id INTEGER PRIMARY KEY REFERENCES run (id),
    status TEXT NOT NULL CHECK (status IN ('sending', 'pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, message_id TEXT NOT NULL, body TEXT NOT NULL, last_attempt_at TEXT,
    next_attempt_at TEXT, reply TEXT NOT NULL DEFAULT '', pid INTEGER NOT NULL, host TEXT NOT NULL,
    claimed_at TEXT NOT NULL) STRICT;
INSERT INTO job_seen VALUES ('monthly-roster', '2026-02-01T00:00:00Z');
INSERT INTO run (job, kind, scheduled_at, started_at, finished_at, status, report, params, row_count, pid, host)
VALUES ('monthly-roster', 'schedule', '2026-02-01T05:00:00Z', '2026-02-01T05:00:01Z', '2026-02-01T05:00:02Z',
        'succeeded', 'member_roster', 'as_of=2026-01-31, side=all, bloc=all', 71, 1, 'old-host'),
       ('audit', 'schedule', '2026-02-02T07:00:00Z', '2026-02-02T07:00:01Z', '2026-02-02T07:00:02Z',
        'failed', 'audit', 'as_of=2026-02-01', 37, 1, 'old-host');
UPDATE run SET error = 'checks failed: 3 of 37' WHERE job = 'audit';
PRAGMA user_version = 2;
)sql";

BOOST_AUTO_TEST_CASE(a_history_written_by_the_previous_version_still_reads_and_grows) {
    {
        SQLite::Database old(history_file().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        old.exec(kOldHistory);
    }
    const auto before = history();
    BOOST_REQUIRE_EQUAL(before.size(), 2u);
    BOOST_TEST(before[0].at("params") ==
               nlohmann::json({{"as_of", "2026-01-31"}, {"side", "all"}, {"bloc", "all"}}));
    BOOST_TEST(before[0].at("counted") == "71 rows");
    BOOST_TEST(before[0].at("failed_checks") == nlohmann::json::array());
    BOOST_TEST(before[1].at("params") == nlohmann::json({{"as_of", "2026-02-01"}}));
    BOOST_TEST(before[1].at("error") == "checks failed: 3 of 37");
    const auto text = schedule({"history"});
    BOOST_TEST(contains(text.out, "#1 monthly-roster  for 2026-02-01T05:00:00Z (schedule)  succeeded  71 rows\n"
                                  "    member_roster (as_of=2026-01-31, side=all, bloc=all)"),
               text.out);
    const auto csv = schedule({"history", "--format", "csv"});
    BOOST_TEST(contains(csv.out, ",\"as_of=2026-01-31, side=all, bloc=all\",71,"), csv.out);

    // The next run is owed and recorded beside the old ones, in the new shape.
    write_schedule(kRoster);
    const auto r = schedule({"run-due", "--now", "2026-03-01T05:00:00Z"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto after = history("monthly-roster");
    BOOST_REQUIRE_EQUAL(after.size(), 2u);
    BOOST_TEST(after[0] == before[0]);
    BOOST_TEST(after[1].at("params").at("as_of") == "2026-02-28");
    BOOST_TEST(after[1].at("counted") == "53 members");
}

BOOST_AUTO_TEST_CASE(serve_says_which_job_is_due_next_and_when) {
    write_schedule("[[job]]\nname = \"new-year\"\ncron = \"0 6 1 1 *\"\ntimezone = \"Europe/Brussels\"\n"
                   "report = \"member_roster\"\nformats = [\"xlsx\"]\n");
    const Child serve = spawn({"schedule", "serve", "--db", db()}, dir.path(), dir / "serve");
    bool said = false;
    for (int i = 0; i < 600 && !said; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        said = contains(read_bytes(dir / "serve.out"), "next: ");
    }
    BOOST_TEST(said);
    ::kill(serve.pid, SIGTERM);
    const auto r = wait_for(serve);
    BOOST_TEST(r.exit_code == 0, r.err);
    // At start, nothing due: one line with the job's name, its local time with the zone, and UTC.
    const auto at = r.out.find("\nnext: new-year at ");
    BOOST_TEST_REQUIRE(at != std::string::npos, r.out);
    const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
    BOOST_TEST(contains(line, "-01-01 06:00 CET ("), line);
    BOOST_TEST(line.substr(line.size() - 17) == "-01-01T05:00:00Z)", line);
    BOOST_TEST(line.substr(18, 4) == line.substr(line.size() - 21, 4), line);  // the same year
    BOOST_TEST((!fs::exists(history_file()) || schedule({"history"}).out == "no runs recorded\n"));
}

BOOST_AUTO_TEST_SUITE_END()
