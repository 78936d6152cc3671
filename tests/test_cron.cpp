// Cron expressions: parsing, the next and latest occurrence, time zones and
// daylight-saving changes, and the refusal of bad expressions.

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/scheduler.hpp"

#include "support/fixtures.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <regex>
#include <set>
#include <vector>

using asemdb::CronSchedule;
using asemdb::TimePoint;
namespace data = boost::unit_test::data;

namespace {

TimePoint at(const std::string& iso) { return asemdb::parse_iso_time(iso); }

// The next `n` occurrences after `from`, as ISO UTC text.
std::vector<std::string> next(const std::string& expression, const std::string& from, int n,
                              const std::string& zone = "UTC") {
    const auto cron = CronSchedule::parse(expression, zone);
    std::vector<std::string> out;
    TimePoint t = at(from);
    for (int i = 0; i < n; ++i) out.push_back(asemdb::iso_utc(t = *cron.next_after(t)));
    return out;
}

using Times = std::vector<std::string>;

// The error a bad expression gets, or "accepted".
std::string refusal(const std::string& expression, const std::string& zone = "UTC") {
    try {
        CronSchedule::parse(expression, zone);
        return "accepted";
    } catch (const asemdb::Error& e) {
        BOOST_CHECK(e.kind() == asemdb::ErrorKind::Definition);
        return e.what();
    }
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every cron expression these tests and the catalogue's schedule rows use, read
// from their sources so that a new one joins the property test by itself.
std::set<std::string> project_expressions() {
    std::set<std::string> found{"*/10 1 25-31 3 */7", "* 2 8-14 3 */7", "*/15 2 * * *", "30 2 * * 0", "* * 30 12 *"};
    const std::pair<const char*, std::regex> kSources[] = {
        {"tests/test_cron.cpp", std::regex(R"re((?:next|parse|refusal)\("([^"]*)")re")},
        {"tests/test_catalogue.cpp", std::regex(R"re(cron = \\"([^\\]*)\\")re")},
    };
    for (const auto& [file, pattern] : kSources) {
        const std::string text = asemdb::test::read_bytes(asemdb::test::source_dir() / file);
        for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) found.insert((*it)[1]);
    }
    return found;
}

// Zones with daylight saving both ways, a half-hour shift, the 2011 jump over
// a whole day, none at all, and rules that change in the look-ahead.
constexpr const char* kPropertyZones[] = {"UTC",           "Europe/London",    "America/New_York", "Australia/Lord_Howe",
                                          "Pacific/Apia", "America/Santiago", "Asia/Tehran",      "Asia/Kolkata"};
constexpr const char* kPropertyTimes[] = {"2026-03-29T01:00:00Z", "2026-10-04T15:45:00Z", "2011-12-30T10:00:00Z",
                                          "2026-11-01T06:30:00Z", "2026-12-31T23:59:59Z"};

}  // namespace

BOOST_AUTO_TEST_SUITE(cron)

BOOST_AUTO_TEST_CASE(every_minute_starts_at_the_next_whole_minute) {
    BOOST_TEST(next("* * * * *", "2026-01-01T10:00:30Z", 2) == Times({"2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lists_ranges_and_steps_combine) {
    BOOST_TEST(next("5,10-12,*/20 * * * *", "2026-01-01T10:00:00Z", 7) ==
                   Times({"2026-01-01T10:05:00Z", "2026-01-01T10:10:00Z", "2026-01-01T10:11:00Z", "2026-01-01T10:12:00Z",
                          "2026-01-01T10:20:00Z", "2026-01-01T10:40:00Z", "2026-01-01T11:00:00Z"}),
               boost::test_tools::per_element());
    // A stepped range, and a start with a step meaning "from there to the end".
    BOOST_TEST(next("0 8-18/5 * * *", "2026-01-01T00:00:00Z", 4) ==
                   Times({"2026-01-01T08:00:00Z", "2026-01-01T13:00:00Z", "2026-01-01T18:00:00Z", "2026-01-02T08:00:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(next("5/20 * * * *", "2026-01-01T10:00:00Z", 3) ==
                   Times({"2026-01-01T10:05:00Z", "2026-01-01T10:25:00Z", "2026-01-01T10:45:00Z"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(month_and_day_names_in_any_case) {
    // 2026-01-03 is a Saturday; July 1st 2026 a Wednesday.
    BOOST_TEST(next("0 9 * jan,JUL Mon-Fri", "2026-01-03T00:00:00Z", 1)[0] == "2026-01-05T09:00:00Z");
    BOOST_TEST(next("0 9 * jan,JUL Mon-Fri", "2026-01-31T00:00:00Z", 1)[0] == "2026-07-01T09:00:00Z");
    // Sunday is 0, 7 or sun.
    for (const char* sunday : {"0 0 * * 0", "0 0 * * 7", "0 0 * * sun"})
        BOOST_TEST(next(sunday, "2026-01-01T00:00:00Z", 1)[0] == "2026-01-04T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(day_of_month_or_day_of_week_when_both_are_restricted) {
    // April 2026: Fridays 3, 10, 17; the 13th is a Monday. Either field matching is enough.
    BOOST_TEST(next("0 0 13 * fri", "2026-04-01T00:00:00Z", 4) ==
                   Times({"2026-04-03T00:00:00Z", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z", "2026-04-17T00:00:00Z"}),
               boost::test_tools::per_element());
    // With a '*' day of month only the weekday decides...
    BOOST_TEST(next("0 0 * * fri", "2026-04-10T00:00:00Z", 1)[0] == "2026-04-17T00:00:00Z");
    // ...and a field starting with '*' (like */2) joins with AND, as in Vixie cron: odd days that are Fridays.
    BOOST_TEST(next("0 0 */2 * fri", "2026-04-01T00:00:00Z", 2) ==
                   Times({"2026-04-03T00:00:00Z", "2026-04-17T00:00:00Z"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(month_ends_skip_short_months) {
    BOOST_TEST(next("0 0 31 * *", "2026-04-01T00:00:00Z", 3) ==
                   Times({"2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z", "2026-08-31T00:00:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(next("0 0 30 * *", "2026-02-01T00:00:00Z", 1)[0] == "2026-03-30T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(leap_days_wait_for_a_leap_year) {
    BOOST_TEST(next("0 0 29 2 *", "2025-01-01T00:00:00Z", 2) == Times({"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}),
               boost::test_tools::per_element());
    // 2100 is not a leap year: eight years pass.
    BOOST_TEST(next("0 0 29 2 *", "2096-03-01T00:00:00Z", 1)[0] == "2104-02-29T00:00:00Z");
    const auto cron = CronSchedule::parse("0 0 29 2 *");
    BOOST_TEST(asemdb::iso_utc(*cron.latest_at_or_before(at("2031-01-01T00:00:00Z"))) == "2028-02-29T00:00:00Z");
}

// A '*'-led day-of-week ("*/157" is Sunday alone) makes both day fields count:
// found by fuzzing, where the search used to give up after nine years.
BOOST_AUTO_TEST_CASE(rare_dates_on_a_chosen_weekday_are_found) {
    BOOST_TEST(next("2 4 5 6 */157", "2022-06-05T04:02:00Z", 2) ==
                   Times({"2033-06-05T04:02:00Z", "2039-06-05T04:02:00Z"}),
               boost::test_tools::per_element());
    const auto june = CronSchedule::parse("2 4 5 6 */157", "Europe/Brussels");
    BOOST_TEST(asemdb::iso_utc(*june.latest_at_or_before(at("2026-03-29T01:00:00Z"))) == "2022-06-05T02:02:00Z");
    // A 29 February that is a Sunday: 2060, 2088, then 40 years to 2128.
    BOOST_TEST(next("0 0 29 2 */7", "2061-01-01T00:00:00Z", 2) ==
                   Times({"2088-02-29T00:00:00Z", "2128-02-29T00:00:00Z"}),
               boost::test_tools::per_element());
    const auto cron = CronSchedule::parse("0 0 29 2 */7");
    BOOST_TEST(asemdb::iso_utc(*cron.latest_at_or_before(at("2127-12-31T00:00:00Z"))) == "2088-02-29T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(macros) {
    BOOST_TEST(next("@hourly", "2026-01-01T10:20:00Z", 1)[0] == "2026-01-01T11:00:00Z");
    BOOST_TEST(next("@daily", "2026-01-01T10:20:00Z", 1)[0] == "2026-01-02T00:00:00Z");
    BOOST_TEST(next("@midnight", "2026-01-01T10:20:00Z", 1)[0] == "2026-01-02T00:00:00Z");
    BOOST_TEST(next("@weekly", "2026-01-01T10:20:00Z", 1)[0] == "2026-01-04T00:00:00Z");
    BOOST_TEST(next("@monthly", "2026-01-01T10:20:00Z", 1)[0] == "2026-02-01T00:00:00Z");
    BOOST_TEST(next("@yearly", "2026-01-01T10:20:00Z", 1)[0] == "2027-01-01T00:00:00Z");
    BOOST_TEST(next("@ANNUALLY", "2026-01-01T10:20:00Z", 1)[0] == "2027-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(latest_at_or_before_includes_the_moment_itself) {
    const auto monthly = CronSchedule::parse("0 6 1 * *");
    BOOST_TEST(asemdb::iso_utc(*monthly.latest_at_or_before(at("2026-03-01T06:00:00Z"))) == "2026-03-01T06:00:00Z");
    BOOST_TEST(asemdb::iso_utc(*monthly.latest_at_or_before(at("2026-03-01T05:59:59Z"))) == "2026-02-01T06:00:00Z");
    const auto minutely = CronSchedule::parse("* * * * *");
    BOOST_TEST(asemdb::iso_utc(*minutely.latest_at_or_before(at("2026-03-01T10:00:30Z"))) == "2026-03-01T10:00:00Z");
}

// Europe/Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
BOOST_AUTO_TEST_CASE(berlin_spring_forward_runs_a_skipped_time_once_at_the_jump) {
    BOOST_TEST(next("30 2 * * *", "2026-03-28T12:00:00Z", 2, "Europe/Berlin") ==
                   Times({"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"}),
               boost::test_tools::per_element());
    // Several skipped times of one job still make one run.
    BOOST_TEST(next("0,20,40 2 * * *", "2026-03-28T12:00:00Z", 2, "Europe/Berlin") ==
                   Times({"2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"}),
               boost::test_tools::per_element());
    // Times around the gap are untouched.
    BOOST_TEST(next("0 1 * * *", "2026-03-28T12:00:00Z", 1, "Europe/Berlin")[0] == "2026-03-29T00:00:00Z");
    BOOST_TEST(next("0 3 * * *", "2026-03-28T12:00:00Z", 1, "Europe/Berlin")[0] == "2026-03-29T01:00:00Z");
}

BOOST_AUTO_TEST_CASE(berlin_spring_forward_wall_clock_jobs_follow_the_clock) {
    // Hourly: 01:00 CET, then 03:00 CEST, one real hour later.
    BOOST_TEST(next("0 * * * *", "2026-03-28T23:30:00Z", 3, "Europe/Berlin") ==
                   Times({"2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"}),
               boost::test_tools::per_element());
    // A '*' minute in the skipped hour does not catch up (Vixie cron).
    BOOST_TEST(next("*/30 2 * * *", "2026-03-28T12:00:00Z", 1, "Europe/Berlin")[0] == "2026-03-30T00:00:00Z");
}

// Europe/Berlin falls back on 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC).
BOOST_AUTO_TEST_CASE(berlin_fall_back_runs_a_repeated_time_once_the_first_time) {
    BOOST_TEST(next("30 2 * * *", "2026-10-24T12:00:00Z", 2, "Europe/Berlin") ==
                   Times({"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}),
               boost::test_tools::per_element());
    const auto cron = CronSchedule::parse("15 2 * * *", "Europe/Berlin");
    // After the second 02:15 the latest occurrence is still the first one.
    BOOST_TEST(asemdb::iso_utc(*cron.latest_at_or_before(at("2026-10-25T01:20:00Z"))) == "2026-10-25T00:15:00Z");
    BOOST_TEST(cron.local_text(at("2026-10-25T00:15:00Z")) == "2026-10-25 02:15 CEST");
}

BOOST_AUTO_TEST_CASE(berlin_fall_back_wall_clock_jobs_run_in_both_passes) {
    BOOST_TEST(next("0 * * * *", "2026-10-24T23:30:00Z", 3, "Europe/Berlin") ==
                   Times({"2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(next("*/20 2 * * *", "2026-10-24T23:30:00Z", 6, "Europe/Berlin") ==
                   Times({"2026-10-25T00:00:00Z", "2026-10-25T00:20:00Z", "2026-10-25T00:40:00Z", "2026-10-25T01:00:00Z",
                          "2026-10-25T01:20:00Z", "2026-10-25T01:40:00Z"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_minute_is_every_real_minute_across_both_changes) {
    BOOST_TEST(next("* * * * *", "2026-03-29T00:59:30Z", 2, "Europe/Berlin") ==
                   Times({"2026-03-29T01:00:00Z", "2026-03-29T01:01:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(next("* * * * *", "2026-10-25T00:59:30Z", 2, "Europe/Berlin") ==
                   Times({"2026-10-25T01:00:00Z", "2026-10-25T01:01:00Z"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(singapore_has_no_daylight_saving_change) {
    // 06:00 in Singapore is 22:00 UTC the day before, all year, also on Berlin's change days.
    BOOST_TEST(next("0 6 * * *", "2026-03-28T12:00:00Z", 2, "Asia/Singapore") ==
                   Times({"2026-03-28T22:00:00Z", "2026-03-29T22:00:00Z"}),
               boost::test_tools::per_element());
    BOOST_TEST(next("0 6 * * *", "2026-10-24T12:00:00Z", 2, "Asia/Singapore") ==
                   Times({"2026-10-24T22:00:00Z", "2026-10-25T22:00:00Z"}),
               boost::test_tools::per_element());
    const auto cron = CronSchedule::parse("0 6 1 * *", "Asia/Singapore");
    BOOST_TEST(cron.local_text(at("2026-02-28T22:00:00Z"), "%Y-%m-%d %H:%M %z") == "2026-03-01 06:00 +0800");
}

BOOST_AUTO_TEST_CASE(an_occurrence_in_another_zone_is_its_local_time) {
    // 06:00 Brussels on the first of the month: CET in March, CEST in April.
    BOOST_TEST(next("0 6 1 * *", "2026-02-15T00:00:00Z", 2, "Europe/Brussels") ==
                   Times({"2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"}),
               boost::test_tools::per_element());
}

const std::pair<const char*, const char*> kBadExpressions[] = {
    {"0 6 32 * *", "cron '0 6 32 * *': day-of-month field '32': 32 is out of range 1-31"},
    {"60 * * * *", "minute field '60': 60 is out of range 0-59"},
    {"* 24 * * *", "hour field '24': 24 is out of range 0-23"},
    {"* * 0 * *", "day-of-month field '0': 0 is out of range 1-31"},
    {"* * * 13 *", "month field '13': 13 is out of range 1-12"},
    {"* * * * 8", "day-of-week field '8': 8 is out of range 0-7"},
    {"* * * foo *", "month field 'foo': 'foo' is neither a number nor a name (jan, feb, ...)"},
    {"* * * * funday", "day-of-week field 'funday': 'funday' is neither a number nor a name (sun, mon, ...)"},
    {"*/0 * * * *", "minute field '*/0': step must be at least 1"},
    {"*/x * * * *", "minute field '*/x': 'x' is not a step"},
    {"5-1 * * * *", "minute field '5-1': range '5-1' runs backwards"},
    {"1,,2 * * * *", "minute field '1,,2': empty list item"},
    {"* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"},
    {"0 0 1 1 * 2026", "expected 5 fields"},
    {"", "expected 5 fields"},
    {"@reboot", "cron '@reboot': unknown macro"},
    {"0 0 30 2 *", "day-of-month field '30': no chosen month has that day"},
    {"0 0 31 4,6,9,11 *", "day-of-month field '31': no chosen month has that day"},
};

BOOST_DATA_TEST_CASE(invalid_expressions_are_refused_naming_the_field, data::xrange(std::size(kBadExpressions)), i) {
    const auto [expression, expected] = kBadExpressions[i];
    const std::string message = refusal(expression);
    BOOST_CHECK_MESSAGE(contains(message, expected), "'" << expression << "' gave: " << message);
}

BOOST_AUTO_TEST_CASE(an_unknown_time_zone_is_refused) {
    BOOST_TEST(refusal("0 6 * * *", "Europe/Brusels") ==
               "unknown time zone 'Europe/Brusels'; use an IANA name such as 'Europe/Brussels' or 'UTC'");
    BOOST_TEST(refusal("0 6 * * *", "Asia/Singapore") == "accepted");
}

// Both searches return within 50 ms, and agree: no occurrence falls between
// the latest at or before T and T, so the next after it is the next after T.
BOOST_AUTO_TEST_CASE(every_search_is_quick_and_the_two_agree) {
    using Clock = std::chrono::steady_clock;
    const auto expressions = project_expressions();
    BOOST_TEST_REQUIRE(expressions.size() > 30u);
    Clock::duration slowest{};
    int searches = 0;
    for (const auto& expression : expressions)
        for (const char* zone : kPropertyZones) {
            std::optional<CronSchedule> parsed;
            const auto start = Clock::now();
            try {
                parsed = CronSchedule::parse(expression, zone);
            } catch (const asemdb::Error&) {
            }
            slowest = std::max(slowest, Clock::now() - start);
            if (!parsed) continue;
            for (const char* iso : kPropertyTimes) {
                const TimePoint t = at(iso);
                auto begin = Clock::now();
                const auto next = parsed->next_after(t);
                const auto took_next = Clock::now() - begin;
                begin = Clock::now();
                const auto latest = parsed->latest_at_or_before(t);
                const auto took_latest = Clock::now() - begin;
                slowest = std::max({slowest, took_next, took_latest});
                searches += 2;
                const std::string what = "'" + expression + "' in " + zone + " at " + iso;
                BOOST_CHECK_MESSAGE(took_next < std::chrono::milliseconds(50) && took_latest < std::chrono::milliseconds(50),
                                    what << ": next " << took_next.count() << " ns, latest " << took_latest.count() << " ns");
                BOOST_CHECK_MESSAGE(!next || *next > t, what);
                if (!latest) continue;
                BOOST_CHECK_MESSAGE(*latest <= t, what);
                const auto after_latest = parsed->next_after(*latest);
                BOOST_CHECK_MESSAGE(after_latest && *after_latest > t && after_latest == next,
                                    what << ": latest " << asemdb::iso_utc(*latest) << ", next after it "
                                         << (after_latest ? asemdb::iso_utc(*after_latest) : "none") << ", next "
                                         << (next ? asemdb::iso_utc(*next) : "none"));
            }
        }
    BOOST_TEST_MESSAGE(expressions.size() << " expressions, " << searches << " searches, the slowest "
                                          << std::chrono::duration_cast<std::chrono::microseconds>(slowest).count()
                                          << " us");
}

BOOST_AUTO_TEST_CASE(a_job_whose_every_match_falls_in_a_gap_is_refused_at_once) {
    const auto start = std::chrono::steady_clock::now();
    const std::string london = refusal("*/10 1 25-31 3 */7", "Europe/London");
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(1)));
    BOOST_TEST(contains(london, "cron '*/10 1 25-31 3 */7' in Europe/London: every match falls in a daylight-saving gap "
                                "of the zone, local time the clocks skip (as from "),
               london);
    BOOST_TEST(contains(london, " 01:00 to "), london);
    BOOST_TEST(contains(london, " 02:00), so the job would never run"), london);
    BOOST_TEST(contains(refusal("* 2 8-14 3 */7", "America/New_York"), "daylight-saving gap"));
    // Where the clocks do not skip those hours, they run.
    BOOST_TEST(refusal("*/10 1 25-31 3 */7") == "accepted");
    BOOST_TEST(refusal("* 2 8-14 3 */7", "Europe/London") == "accepted");
    // A fixed-time job runs at the jump instead, so it is never refused for a gap.
    BOOST_TEST(refusal("30 1 25-31 3 */7", "Europe/London") == "accepted");
}

BOOST_AUTO_TEST_CASE(iso_times_with_z_or_an_offset) {
    BOOST_TEST(asemdb::iso_utc(at("2026-03-01T07:00:00+01:00")) == "2026-03-01T06:00:00Z");
    BOOST_TEST(asemdb::iso_utc(at("2026-03-01T01:30-0430")) == "2026-03-01T06:00:00Z");
    BOOST_TEST(asemdb::iso_utc(at("2026-03-01 06:00Z")) == "2026-03-01T06:00:00Z");
    for (const char* bad : {"2026-03-01T06:00:00", "2026-02-30T06:00:00Z", "2026-03-01T24:00:00Z", "tomorrow",
                            "2026-03-01T06:00:00Zjunk"})
        BOOST_CHECK_EXCEPTION(at(bad), asemdb::Error, [](const asemdb::Error& e) {
            return e.kind() == asemdb::ErrorKind::Usage && contains(e.what(), "expected a time such as");
        });
}

BOOST_AUTO_TEST_SUITE_END()
