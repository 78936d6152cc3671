// The scheduler in process: the schedule file and its errors, output templates,
// relative dates, the history's claims, keep, and serve on a fake clock.

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/history.hpp"
#include "asemdb/store/init.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/schedule/scheduler.hpp"
#include "schedule/job_params.hpp"
#include "schedule/scheduler_detail.hpp"
#include "support/fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

using namespace asemdb;
using asemdb::test::TempDir;
using asemdb::test::write_text;
namespace fs = std::filesystem;
namespace data = boost::unit_test::data;

namespace {

TimePoint at(const std::string& iso) { return parse_iso_time(iso); }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kIssueExample = R"(output_dir = "reports-out"          # relative to the schedule file
[[job]]
name = "monthly-roster"
cron = "0 6 1 * *"
timezone = "Europe/Brussels"
report = "member_roster"            # or "audit"
params = { as_of = "end_of_previous_month" }
formats = ["xlsx", "text"]
output = "rosters/{report}-{date:%Y-%m}.{ext}"
keep = 12
)";

// A clock that stands still until told, and whose sleeps pass at once.
struct FakeClock final : Clock {
    explicit FakeClock(TimePoint start) : t(start) {}
    TimePoint now() const override { return t; }
    void sleep_until(TimePoint deadline) override { t = std::max(t, deadline); }
    TimePoint t;
};

// A real database file, a schedule beside it, and a scheduler on a fake clock.
struct Scheduled {
    Scheduled() : catalog(ReportCatalog::load(std::nullopt)), clock(at("2026-01-01T00:00:00Z")) {
        init_database(db(), embedded_sql());
    }
    fs::path db() const { return dir / "asem.db"; }
    Schedule load(const std::string& text) {
        write_text(dir / "schedule.toml", text);
        auto schedule = load_schedule(dir / "schedule.toml");
        check_schedule(schedule, catalog);
        return schedule;
    }
    SchedulerContext context(const std::string& now) {
        clock.t = at(now);
        return {db(), History::file_for(db()), &catalog, &embedded_sql(), &clock, std::nullopt};
    }
    std::vector<RunRecord> runs() { return History::open(History::file_for(db())).runs(std::nullopt); }
    TempDir dir;
    ReportCatalog catalog;
    FakeClock clock;
};

// The error a schedule file gets, or "accepted".
std::string refusal(const std::string& text) {
    TempDir dir;
    write_text(dir / "schedule.toml", text);
    try {
        auto schedule = load_schedule(dir / "schedule.toml");
        check_schedule(schedule, ReportCatalog::load(std::nullopt));
        return "accepted";
    } catch (const Error& e) {
        const std::string message = e.what();
        const auto at_file = message.find("schedule.toml");
        return at_file == std::string::npos ? message : message.substr(at_file);
    }
}

std::string job_with(const std::string& lines) {
    return "[[job]]\nname = \"j\"\ncron = \"0 6 * * *\"\nreport = \"member_roster\"\n" + lines;
}

// A process id that no longer exists: a child that has exited and been reaped.
long dead_pid() {
    const pid_t pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, nullptr, 0);
    return pid;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schedule)

BOOST_AUTO_TEST_CASE(the_issue_example_reads_as_written) {
    TempDir dir;
    write_text(dir / "schedule.toml", kIssueExample);
    const auto schedule = load_schedule(dir / "schedule.toml");
    BOOST_TEST(schedule.output_dir == (dir.path() / "reports-out").lexically_normal());
    BOOST_TEST(schedule.claim_timeout.count() == 30 * 60);
    BOOST_REQUIRE_EQUAL(schedule.jobs.size(), 1u);
    const auto& job = schedule.jobs[0];
    BOOST_TEST(job.name == "monthly-roster");
    BOOST_TEST(job.line == 2);
    BOOST_TEST(job.cron.zone_name() == "Europe/Brussels");
    BOOST_TEST(job.report == "member_roster");
    BOOST_TEST(job.params.size() == 1u);
    BOOST_TEST(job.params[0].second == "end_of_previous_month");
    BOOST_TEST((job.formats == std::vector<asemdb::Format>{asemdb::Format::Xlsx, asemdb::Format::Text}));
    BOOST_TEST(*job.keep == 12);
    check_schedule(schedule, ReportCatalog::load(std::nullopt));
}

const std::pair<std::string, std::string> kBadFiles[] = {
    {"output_dir = \"x\"\n[[job]\nname = \"j\"", "schedule.toml:2:"},
    {"[[job]]\nname = \"j\"\nreport = \"member_roster\"\n", "schedule.toml:1: missing 'cron'"},
    {job_with("colour = \"red\"\n"), "schedule.toml:5: unknown key 'colour'"},
    {job_with("format = [\"csv\"]\n"), "schedule.toml:5: unknown key 'format'; did you mean 'formats'?"},
    {"output_dri = \"x\"\n" + job_with(""), "schedule.toml:1: unknown key 'output_dri'; did you mean 'output_dir'?"},
    {job_with("output = \"\"\n"), "schedule.toml:5: 'output' must be a non-empty string"},
    {"[[job]]\nname = \"j\"\ncron = \"0 6 32 * *\"\nreport = \"member_roster\"\n",
     "schedule.toml:3: cron '0 6 32 * *': day-of-month field '32'"},
    {job_with("timezone = \"Mars/Olympus\"\n"), "schedule.toml:5: unknown time zone 'Mars/Olympus'"},
    {job_with("formats = [\"pdf\"]\n"), "schedule.toml:5: unknown format 'pdf'"},
    {job_with("keep = 0\n"), "schedule.toml:5: 'keep' must be a whole number from 1 to 1000000, got 0"},
    {job_with("escape_formulas = \"yes\"\n"), "schedule.toml:5: 'escape_formulas' must be true or false"},
    {job_with("") + job_with(""), "schedule.toml:5: job 'j' is defined twice"},
    {"output_dir = \"x\"\n", "schedule.toml:1: no jobs"},
    {job_with("output = \"../elsewhere/{report}.{ext}\"\n"),
     "schedule.toml:5: job 'j': output template '../elsewhere/{report}.{ext}': '..' would leave the output directory"},
    {job_with("output = \"a/../../{report}.{ext}\"\n"), "'..' would leave the output directory"},
    {job_with("output = \"/etc/{report}.{ext}\"\n"), "output template '/etc/{report}.{ext}': an absolute path"},
    {job_with("output = \"{report}/{weather}.{ext}\"\n"), "unknown placeholder '{weather}'"},
    {job_with("output = \"{report\"\n"), "'{' without its '}'"},
    {job_with("output = \"{date:%Y%n}.{ext}\"\n"), "schedule.toml:5: job 'j': output template '{date:%Y%n}.{ext}': contains a control character"},
    {job_with("formats = [\"xlsx\", \"csv\"]\noutput = \"{report}\"\n"),
     "needs {ext} or {format}, or its formats would overwrite each other"},
    {"[[job]]\nname = \"a b\"\ncron = \"0 6 * * *\"\nreport = \"member_roster\"\n",
     "schedule.toml:2: job name 'a b' may hold only"},
    {"[[job]]\nname = \"j\"\ncron = \"0 6 * * *\"\nreport = \"member_rooster\"\n",
     "schedule.toml:1: job 'j': no report named 'member_rooster'; did you mean 'member_roster'?"},
    {job_with("params = { side = \"Africa\" }\n"),
     "schedule.toml:1: job 'j': report 'member_roster': parameter 'side': expected one of 'Asia', 'Europe', 'all'"},
    {job_with("params = { asof = \"today\" }\n"), "parameter 'asof': unknown parameter; valid ones: 'as_of'"},
    {job_with("params = { as_of = \"last_tuesday\" }\n"), "parameter 'as_of': expected a date YYYY-MM-DD or 'today'"},
    {job_with("params = { as_of = [1] }\n"), "parameter 'as_of' must be a string, number, boolean or date"},
    {"[[job]]\nname = \"a\"\ncron = \"@daily\"\nreport = \"audit\"\nparams = { depth = 3 }\n",
     "job 'a': report 'audit': parameter 'depth': unknown parameter"},
    {"[[job]]\nname = \"a\"\ncron = \"@daily\"\nreport = \"audit\"\nformats = [\"csv\"]\n",
     "unknown format 'csv'; use text, json, junit or xlsx"},
};

BOOST_DATA_TEST_CASE(a_malformed_schedule_names_file_line_and_problem, data::xrange(std::size(kBadFiles)), i) {
    const auto& [text, expected] = kBadFiles[i];
    const std::string message = refusal(text);
    BOOST_CHECK_MESSAGE(contains(message, expected), "case " << i << " gave: " << message);
}

BOOST_AUTO_TEST_CASE(a_missing_schedule_file_is_an_io_error) {
    TempDir dir;
    BOOST_CHECK_EXCEPTION(load_schedule(dir / "schedule.toml"), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Io && contains(e.what(), "no schedule file here");
    });
    BOOST_TEST(default_schedule_file("data/asem.db") == fs::path("data/schedule.toml"));
    BOOST_TEST(History::file_for("data/asem.db") == fs::path("data/asem.history.db"));
}

BOOST_AUTO_TEST_CASE(templates_expand_in_the_jobs_time_zone) {
    const auto cron = CronSchedule::parse("0 0 1 * *", "Europe/Brussels");
    // 23:30 UTC on 28 February is already 1 March in Brussels.
    detail::TemplateValues values{"monthly", "member_roster", "markdown", "md", at("2026-02-28T23:30:00Z"), &cron};
    BOOST_TEST(detail::expand_path_template("{job}/{report}-{date:%Y-%m}.{ext}", values).string() ==
               "monthly/member_roster-2026-03.md");
    BOOST_TEST(detail::expand_path_template("{date}T{time}-{format}.x", values).string() ==
               "2026-03-01T0030-markdown.x");
    BOOST_TEST(detail::expand_path_template("{{literal}}/{date:%Y/%m}/r.{ext}", values).string() ==
               "{literal}/2026/03/r.md");
    const RunParams params{{"as_of", "2026-02-28"}, {"side", "all"}};
    values.params = &params;
    BOOST_TEST(detail::expand_path_template("{param:as_of}/{report}-{param:side}.{ext}", values).string() ==
               "2026-02-28/member_roster-all.md");
    BOOST_TEST(detail::template_params("{param:as_of}-{{param:x}}-{param:side}") ==
               std::vector<std::string>({"as_of", "side"}), boost::test_tools::per_element());
    BOOST_TEST(detail::template_uses("a/{format}.txt", "format"));
    BOOST_TEST(!detail::template_uses("a/{{format}}.txt", "format"));
}

BOOST_AUTO_TEST_CASE(a_parameter_becomes_one_file_name_part_or_nothing) {
    const auto cron = CronSchedule::parse("0 0 1 * *");
    detail::TemplateValues values{"j", "r", "csv", "csv", at("2026-03-01T00:00:00Z"), &cron};
    // Before the catalog is read, each {param:NAME} stands for a sample.
    BOOST_TEST(detail::expand_path_template("out-{param:anything}.{ext}", values).string() == "out-x.csv");
    for (const std::string& bad : std::vector<std::string>{"a/b", "/abs", "..", ".", "", std::string("a\0b", 3), "a\x7f", "a\\b",
                                  std::string(256, 'n')}) {
        const RunParams params{{"v", bad}};
        values.params = &params;
        BOOST_CHECK_EXCEPTION(detail::expand_path_template("{param:v}.{ext}", values), Error, [&](const Error& e) {
            return e.kind() == ErrorKind::Definition && contains(e.what(), "{param:v}") &&
                   contains(e.what(), "cannot be part of a file name");
        });
    }
    const RunParams fine{{"v", std::string(255, 'n')}};
    values.params = &fine;
    BOOST_TEST(detail::expand_path_template("{param:v}", values).string().size() == 255u);
    BOOST_CHECK_EXCEPTION(detail::expand_path_template("{param:w}", values), Error,
                          [](const Error& e) { return contains(e.what(), "{param:w} has no value on this run"); });
    // A subject is text, not a path: a slash is fine there.
    const RunParams dir{{"v", "checks/custom"}};
    values.params = &dir;
    BOOST_TEST(detail::expand_text_template("audit of {param:v}", values, "subject") == "audit of checks/custom");
    BOOST_CHECK_THROW(detail::check_path_template("{param:}.csv"), Error);
}

BOOST_AUTO_TEST_CASE(relative_dates_resolve_on_the_occurrence_in_its_zone) {
    const auto brussels = CronSchedule::parse("0 6 1 * *", "Europe/Brussels");
    const std::string march = detail::occurrence_day(at("2026-03-01T05:00:00Z"), brussels);
    BOOST_TEST(march == "2026-03-01");
    const std::pair<const char*, const char*> expected[] = {
        {"today", "2026-03-01"},          {"yesterday", "2026-02-28"},
        {"start_of_month", "2026-03-01"}, {"end_of_previous_month", "2026-02-28"},
        {"start_of_year", "2026-01-01"},  {"start_of_previous_month", "2026-02-01"}};
    for (const auto& [word, date] : expected) BOOST_TEST(*relative_date(word, march) == date);
    BOOST_TEST(!relative_date("2026-01-01", march));
    // A leap year's February ends on the 29th.
    const std::string leap = detail::occurrence_day(at("2024-03-01T05:00:00Z"), brussels);
    BOOST_TEST(*relative_date("end_of_previous_month", leap) == "2024-02-29");
    // The same instant is still February in UTC.
    const auto utc = CronSchedule::parse("0 6 1 * *");
    BOOST_TEST(detail::occurrence_day(at("2026-02-28T23:30:00Z"), utc) == "2026-02-28");
    BOOST_TEST(detail::occurrence_day(at("2026-02-28T23:30:00Z"), brussels) == "2026-03-01");
}

BOOST_AUTO_TEST_CASE(a_reports_own_today_default_means_the_occurrences_day) {
    TempDir dir;
    write_text(dir / "schedule.toml", job_with("timezone = \"Asia/Singapore\"\n"));
    const auto schedule = load_schedule(dir / "schedule.toml");
    const auto catalog = ReportCatalog::load(std::nullopt);
    const auto params = detail::job_params(schedule.jobs[0], catalog.get("member_roster"), at("2019-12-30T22:00:00Z"));
    BOOST_TEST(params_text(detail::run_params(params)) == "as_of=2019-12-31, side=all, bloc=all");
}

BOOST_AUTO_TEST_CASE(history_claims_an_occurrence_once) {
    TempDir dir;
    auto first = History::open(dir / "h.db");
    auto second = History::open(dir / "h.db");
    RunRecord run;
    run.job = "j";
    run.scheduled = at("2026-03-01T05:00:00Z");
    run.started = at("2026-03-01T05:00:01Z");
    run.report = "member_roster";
    const Claim won = first.claim(run, run.started, std::chrono::minutes(30));
    const Claim lost = second.claim(run, run.started, std::chrono::minutes(30));
    BOOST_TEST(won.won);
    BOOST_TEST(!lost.won);
    BOOST_TEST(lost.run.id == won.run.id);
    BOOST_TEST(lost.run.pid == static_cast<long>(getpid()));
    // Manual runs are never refused.
    run.trigger = RunTrigger::Manual;
    BOOST_TEST(second.claim(run, run.started, std::chrono::minutes(30)).won);
    SQLite::Database raw((dir / "h.db").string());
    BOOST_TEST(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

BOOST_AUTO_TEST_CASE(a_stale_claim_of_a_dead_process_is_taken_over_after_the_timeout) {
    TempDir dir;
    auto history = History::open(dir / "h.db");
    RunRecord run;
    run.job = "j";
    run.scheduled = at("2026-03-01T05:00:00Z");
    run.started = at("2026-03-01T05:00:00Z");
    run.report = "member_roster";
    const auto timeout = std::chrono::minutes(30);
    const Claim mine = history.claim(run, run.started, timeout);
    // Our own, living process keeps its claim however old it is.
    BOOST_TEST(!history.claim(run, at("2026-03-01T09:00:00Z"), timeout).won);
    SQLite::Database raw((dir / "h.db").string(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE run SET pid = " + std::to_string(dead_pid()) + " WHERE id = " + std::to_string(mine.run.id));
    // A dead process's claim waits for the timeout...
    BOOST_TEST(!history.claim(run, at("2026-03-01T05:29:00Z"), timeout).won);
    BOOST_TEST(!is_stale_claim(*history.occurrence("j", run.scheduled), at("2026-03-01T05:29:00Z"), timeout));
    // ...and is then taken over, on the same row.
    const Claim taken = history.claim(run, at("2026-03-01T05:31:00Z"), timeout);
    BOOST_TEST(taken.won);
    BOOST_TEST(taken.recovered);
    BOOST_TEST(taken.run.id == mine.run.id);
    BOOST_TEST(taken.run.attempt == 2);
    BOOST_TEST(history.runs(std::nullopt).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stale_claim_of_an_older_occurrence_is_recorded_as_failed) {
    TempDir dir;
    auto history = History::open(dir / "h.db");
    RunRecord run;
    run.job = "j";
    run.scheduled = run.started = at("2026-03-01T05:00:00Z");
    const Claim old = history.claim(run, run.started, std::chrono::minutes(30));
    SQLite::Database raw((dir / "h.db").string(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE run SET pid = " + std::to_string(dead_pid()) + " WHERE id = " + std::to_string(old.run.id));
    BOOST_TEST(history.fail_stale("j", at("2026-04-01T05:00:00Z"), at("2026-04-01T05:00:00Z"), std::chrono::minutes(30)) ==
               1);
    const auto runs = history.runs("j");
    BOOST_TEST(to_string(runs[0].status) == "failed");
    BOOST_TEST(contains(runs[0].error, "ended without finishing"));
}

BOOST_FIXTURE_TEST_CASE(run_due_runs_an_occurrence_once_and_resolves_dates_on_it, Scheduled) {
    const auto schedule = load(kIssueExample);
    const auto results = run_due(schedule, context("2026-03-01T05:00:00Z"), false);
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    BOOST_TEST((results[0].action == JobAction::Ran));
    BOOST_TEST(to_string(results[0].run.status) == "succeeded");
    BOOST_TEST(params_text(results[0].run.params) == "as_of=2026-02-28, side=all, bloc=all");
    BOOST_TEST(results[0].missed == 0u);
    BOOST_TEST(fs::exists(dir / "reports-out/rosters/member_roster-2026-03.xlsx"));
    BOOST_TEST(fs::exists(dir / "reports-out/rosters/member_roster-2026-03.txt"));
    // The same moment again: nothing to do.
    BOOST_TEST((run_due(schedule, context("2026-03-01T05:00:30Z"), false)[0].action == JobAction::NotDue));
    BOOST_TEST(runs().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_new_job_waits_for_its_first_occurrence_after_it_was_first_seen, Scheduled) {
    const auto schedule = load(kIssueExample);
    // First seen in the middle of March: the 1 March run is not owed.
    const auto mid = run_due(schedule, context("2026-03-15T12:00:00Z"), false);
    BOOST_TEST((mid[0].action == JobAction::NotDue));
    BOOST_TEST(iso_utc(mid[0].scheduled) == "2026-04-01T04:00:00Z");
    // Seen once, a missed first occurrence is still run (and counted from then).
    const auto later = run_due(schedule, context("2026-05-02T00:00:00Z"), false);
    BOOST_TEST((later[0].action == JobAction::Ran));
    BOOST_TEST(iso_utc(later[0].scheduled) == "2026-05-01T04:00:00Z");
    BOOST_TEST(later[0].missed == 1u);
}

BOOST_FIXTURE_TEST_CASE(keep_removes_only_the_outputs_it_wrote_beyond_the_newest_n, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"daily\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n"
                               "formats = [\"csv\"]\noutput = \"t-{date}.{ext}\"\nkeep = 2\n");
    const fs::path out = dir / "reports-out";
    for (const char* day : {"2026-03-01", "2026-03-02", "2026-03-03"})
        run_due(schedule, context(std::string(day) + "T06:00:00Z"), false);
    BOOST_TEST(!fs::exists(out / "t-2026-03-01.csv"));
    BOOST_TEST(fs::exists(out / "t-2026-03-02.csv"));
    BOOST_TEST(fs::exists(out / "t-2026-03-03.csv"));
    // A file someone else put there, and an old output someone replaced, stay.
    write_text(out / "notes.csv", "mine");
    write_text(out / "t-2026-03-02.csv", "edited by hand");
    run_due(schedule, context("2026-03-04T06:00:00Z"), false);
    BOOST_TEST(fs::exists(out / "notes.csv"));
    BOOST_TEST(fs::exists(out / "t-2026-03-02.csv"));
    BOOST_TEST(fs::exists(out / "t-2026-03-04.csv"));
    const auto all = runs();
    BOOST_REQUIRE_EQUAL(all.size(), 4u);
    BOOST_TEST(all[0].outputs[0].removed);
    BOOST_TEST(!all[3].outputs[0].removed);
}

BOOST_FIXTURE_TEST_CASE(escape_formulas_reaches_the_csv_output, Scheduled) {
    fs::create_directories(dir / "mine");
    write_text(dir / "mine/formulas.sql", "SELECT '=1+2' AS f, -5 AS n");
    catalog = ReportCatalog::load(dir / "mine");
    const auto schedule = load("[[job]]\nname = \"daily\"\ncron = \"0 6 * * *\"\nreport = \"formulas\"\n"
                               "formats = [\"csv\"]\noutput = \"f.{ext}\"\nescape_formulas = true\n");
    BOOST_TEST(schedule.jobs[0].escape_formulas);
    run_due(schedule, context("2026-03-01T06:00:00Z"), false);
    BOOST_TEST(asemdb::test::read_bytes(dir / "reports-out/f.csv") == "f,n\r\n\"'=1+2\",-5\r\n");
}

BOOST_FIXTURE_TEST_CASE(one_failing_job_does_not_stop_the_others, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"bad\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n"
                               "output = \"missing-dir-is-a-file/x.{ext}\"\n"
                               "[[job]]\nname = \"good\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n");
    fs::create_directories(dir / "reports-out");
    write_text(dir / "reports-out/missing-dir-is-a-file", "a file where a directory should be");
    const auto results = run_due(schedule, context("2026-03-01T06:00:00Z"), false);
    BOOST_TEST(to_string(results[0].run.status) == "failed");
    BOOST_TEST(contains(results[0].run.error, "missing-dir-is-a-file"));
    BOOST_TEST(to_string(results[1].run.status) == "succeeded");
    BOOST_TEST(worst_exit_code(results) == kExitBadInput);
}

BOOST_FIXTURE_TEST_CASE(a_directory_linking_out_of_the_output_directory_fails_the_run, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"j\"\ncron = \"0 6 * * *\"\nreport = \"membership_timeline\"\n"
                               "output = \"linked/{date}.{ext}\"\n");
    TempDir outside;
    fs::create_directories(dir / "reports-out");
    fs::create_directory_symlink(outside.path(), dir / "reports-out/linked");
    const auto results = run_due(schedule, context("2026-03-01T06:00:00Z"), false);
    BOOST_TEST(to_string(results[0].run.status) == "failed");
    BOOST_TEST(contains(results[0].run.error, "leads outside the output directory"));
    BOOST_TEST(fs::is_empty(outside.path()));
}

BOOST_FIXTURE_TEST_CASE(serve_names_the_job_due_soonest_before_each_sleep, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"monthly\"\ncron = \"0 6 1 * *\"\nreport = \"membership_timeline\"\n"
                               "[[job]]\nname = \"daily\"\ncron = \"30 5 * * *\"\ntimezone = \"Asia/Tokyo\"\n"
                               "report = \"membership_timeline\"\n");
    std::vector<std::string> waited;
    serve(
        schedule, context("2026-02-28T12:00:00Z"), [&] { return waited.size() == 3; }, [](const JobResult&) {},
        [&](const JobSpec& job, TimePoint next) { waited.push_back(job.name + " " + iso_utc(next)); });
    // 05:30 in Tokyo is 20:30 UTC the day before; the monthly job comes between two of them.
    BOOST_TEST(waited == std::vector<std::string>({"daily 2026-02-28T20:30:00Z", "monthly 2026-03-01T06:00:00Z",
                                                   "daily 2026-03-01T20:30:00Z"}),
               boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(serve_sleeps_from_occurrence_to_occurrence, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"hourly\"\ncron = \"0 * * * *\"\nreport = \"membership_timeline\"\n"
                               "formats = [\"json\"]\noutput = \"{date}/{time}.{ext}\"\n");
    std::vector<std::string> ran, waited;
    serve(
        schedule, context("2026-03-01T10:00:20Z"), [&] { return ran.size() == 3; },
        [&](const JobResult& r) { ran.push_back(iso_utc(r.scheduled)); },
        [&](const JobSpec& job, TimePoint next) { waited.push_back(job.name + " " + iso_utc(next)); });
    BOOST_TEST(ran == std::vector<std::string>({"2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"}),
               boost::test_tools::per_element());
    // Before each sleep: the job due next and when; none after the last run, which stops it.
    BOOST_TEST(waited == std::vector<std::string>({"hourly 2026-03-01T11:00:00Z", "hourly 2026-03-01T12:00:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(runs().size() == 3u);
    BOOST_TEST(fs::exists(dir / "reports-out/2026-03-01/1200.json"));
}

// The run checks again what loading checked as of then: a value that cannot be a
// file name fails the run, with the reason in the history, and writes nothing.
BOOST_FIXTURE_TEST_CASE(a_parameter_unsafe_at_run_time_fails_the_run_and_writes_nothing, Scheduled) {
    TempDir mine;
    write_text(mine / "labelled.sql", "SELECT :label AS label");
    catalog = ReportCatalog::load(mine.path());
    write_text(dir / "schedule.toml", "[[job]]\nname = \"j\"\ncron = \"0 6 * * *\"\nreport = \"labelled\"\n"
                                      "params = { label = \"../up\" }\nformats = [\"csv\"]\noutput = \"{param:label}.{ext}\"\n");
    const auto schedule = load_schedule(dir / "schedule.toml");
    const auto results = run_due(schedule, context("2026-03-01T06:00:00Z"), false);
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    BOOST_TEST(to_string(results[0].run.status) == "failed");
    BOOST_TEST(results[0].run.exit_code == 2);
    const auto recorded = runs();
    BOOST_REQUIRE_EQUAL(recorded.size(), 1u);
    BOOST_TEST(contains(recorded[0].error, "schedule.toml:7: job 'j': output template '{param:label}.{ext}': "
                                           "{param:label} is '../up', which cannot be part of a file name"),
               recorded[0].error);
    BOOST_TEST(params_text(recorded[0].params) == "label=../up");
    BOOST_TEST(recorded[0].outputs.empty());
    BOOST_TEST(!fs::exists(dir / "up.csv"));
    BOOST_TEST((!fs::exists(dir / "reports-out") || fs::is_empty(dir / "reports-out")));
}

// A scheduled json file is the whole report's document, every sheet in it,
// not the one-sheet array `report run --json` prints.
BOOST_FIXTURE_TEST_CASE(a_scheduled_json_file_holds_every_sheet, Scheduled) {
    const auto schedule = load("[[job]]\nname = \"roster\"\ncron = \"0 6 * * *\"\nreport = \"member_roster\"\n"
                               "formats = [\"json\"]\noutput = \"roster.{ext}\"\n");
    const auto results = run_due(schedule, context("2026-03-01T06:00:00Z"), false);
    BOOST_TEST_REQUIRE(to_string(results.at(0).run.status) == "succeeded");
    const auto doc = nlohmann::json::parse(asemdb::test::read_bytes(dir / "reports-out/roster.json"));
    BOOST_TEST(doc.at("sheets").size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
