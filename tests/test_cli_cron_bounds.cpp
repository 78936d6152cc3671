// Cron searches bounded, end to end on the built binary: a job whose every
// match falls in a daylight-saving gap is refused when the schedule is read,
// and where it does run, it delays neither `schedule list`, `run-due
// --dry-run` nor `serve`, nor the job beside it.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace asemdb::test;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 01:xx on a Sunday from 25 to 31 March: London's clocks skip 01:00-02:00 that day.
constexpr const char* kGapOnly = "*/10 1 25-31 3 */7";

std::string jobs(const std::string& zone) {
    return std::string("[[job]]\nname = \"spring\"\ncron = \"") + kGapOnly + "\"\ntimezone = \"" + zone +
           "\"\nreport = \"member_roster\"\nformats = [\"xlsx\"]\n\n"
           "[[job]]\nname = \"daily\"\ncron = \"0 6 * * *\"\ntimezone = \"Europe/London\"\n"
           "report = \"member_roster\"\nformats = [\"xlsx\"]\n";
}

struct BoundsCli {
    BoundsCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    // Runs asemdb schedule ARGS and says how long it took.
    RunResult schedule(std::vector<std::string> args, milliseconds& took) const {
        args.insert(args.begin(), "schedule");
        args.insert(args.end(), {"--db", db()});
        const auto start = std::chrono::steady_clock::now();
        auto r = run_asemdb(args, in_dir(dir.path()));
        took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
        return r;
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_cron_bounds, BoundsCli)

BOOST_AUTO_TEST_CASE(a_job_that_only_matches_in_a_gap_is_refused_at_load_with_the_reason) {
    write_text(dir / "schedule.toml", jobs("Europe/London"));
    for (const char* command : {"list", "run-due"}) {
        milliseconds took{};
        const auto r = schedule({command}, took);
        BOOST_TEST(r.exit_code == 2, r.out << r.err);
        BOOST_TEST(took < milliseconds(1000), command << " took " << took.count() << " ms");
        BOOST_TEST(count_lines(r.err) == 1, r.err);
        BOOST_TEST(contains(r.err, "schedule.toml:3:"), r.err);
        BOOST_TEST(contains(r.err, "cron '*/10 1 25-31 3 */7' in Europe/London: every match falls in a daylight-saving "
                                   "gap of the zone"),
                   r.err);
        BOOST_TEST(contains(r.err, "so the job would never run"), r.err);
        BOOST_TEST(r.out.empty(), r.out);
        BOOST_TEST(!fs::exists(dir / "asem.history.db"));
    }
}

BOOST_AUTO_TEST_CASE(where_it_runs_list_dry_run_and_serve_answer_within_a_second) {
    write_text(dir / "schedule.toml", jobs("UTC"));
    milliseconds took{};
    const auto list = schedule({"list", "--now", "2026-12-07T09:00:00Z"}, took);
    BOOST_TEST(list.exit_code == 0, list.err);
    BOOST_TEST(took < milliseconds(1000), "list took " << took.count() << " ms");
    BOOST_TEST(contains(list.out, "spring  member_roster  '*/10 1 25-31 3 */7' in UTC\n  last run   never\n"
                                  "  next run   2027-03-28 01:00 UTC (2027-03-28T01:00:00Z)"),
               list.out);
    BOOST_TEST(contains(list.out, "  next run   2026-12-08 06:00 GMT (2026-12-08T06:00:00Z)"), list.out);

    const auto dry = schedule({"run-due", "--dry-run", "--verbose", "--now", "2026-12-07T09:00:00Z"}, took);
    BOOST_TEST(dry.exit_code == 0, dry.err);
    BOOST_TEST(took < milliseconds(1000), "run-due --dry-run took " << took.count() << " ms");
    BOOST_TEST(contains(dry.out, "spring: not due; next 2027-03-28 01:00 UTC"), dry.out);
    BOOST_TEST(contains(dry.out, "daily: not due; next 2026-12-08 06:00 GMT"), dry.out);

    // serve says which job comes next before a second is out (then SIGTERM stops it).
    const auto serve = run_program("/usr/bin/timeout", {"-s", "TERM", "1", ASEMDB_BINARY, "schedule", "serve", "--db", db()},
                                   in_dir(dir.path()));
    BOOST_TEST(contains(serve.out, "next: daily at "), serve.out << serve.err);
}

BOOST_AUTO_TEST_SUITE_END()
