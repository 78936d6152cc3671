// Membership by the day: the roster and forum_profile reports, run by the real
// binary, count the members a partner has on each date the summits' record
// makes a difference; and the data and its caveats agree on when the source's
// "19 Asian countries" held.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace asemdb::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Counts {
    int states = 0, organisations = 0, asia = 0;
};

struct MembershipCli {
    MembershipCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    RunResult report(const std::string& name, const std::string& as_of, const std::string& format) const {
        std::vector<std::string> args{"report", "run", name, "--db", db(), "--format", format, "-p", "as_of=" + as_of};
        if (format == "json") args.push_back("--document");  // every sheet of the report
        return run_asemdb(args, in_dir(dir.path()));
    }
    // The roster sheet of member_roster, counted by kind and side.
    Counts roster(const std::string& as_of) const {
        const auto r = report("member_roster", as_of, "json");
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        Counts counts;
        const auto doc = nlohmann::json::parse(r.out);
        for (const auto& sheet : doc.at("sheets")) {
            if (sheet.at("name") != "roster") continue;
            for (const auto& row : sheet.at("rows")) {
                const bool state = row.at("kind") == "state";
                counts.states += state;
                counts.organisations += !state;
                counts.asia += state && row.at("asem_side") == "Asia";
            }
        }
        return counts;
    }
    // The counts forum_profile prints in its summary.
    Counts profile(const std::string& as_of) const {
        const auto r = report("forum_profile", as_of, "text");
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        Counts counts;
        std::smatch m;
        // "51 member states and 2 member organisations.", "1 member organisation", "No member states".
        if (std::regex_search(r.out, m, std::regex(R"((\d+) member states?(?: \([^)]*\))? and (\d+|no) member organisations?)")))
            counts.states = std::stoi(m[1]), counts.organisations = m[2] == "no" ? 0 : std::stoi(m[2]);
        if (std::regex_search(r.out, m, std::regex(R"(States by ASEM side:\n  - (\d+) states? on the Asian side)")))
            counts.asia = std::stoi(m[1]);
        return counts;
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(membership_dates, MembershipCli)

BOOST_AUTO_TEST_CASE(the_roster_and_the_profile_count_members_on_the_day) {
    struct Expected {
        const char* as_of;
        int states, organisations, asia;
    };
    // asia -1: not asserted by the issue, but checked against the summits where known.
    for (const auto& e : {Expected{"1996-02-29", 0, 0, 0}, Expected{"1996-03-01", 25, 1, 10},
                          Expected{"2004-06-30", 25, 1, 10}, Expected{"2004-10-07", 25, 1, 10},
                          Expected{"2004-10-08", 38, 1, 13}, Expected{"2007-11-19", 43, 2, 16},
                          Expected{"2010-06-30", 43, 2, 16}, Expected{"2010-10-04", 46, 2, 19},
                          Expected{"2012-06-30", 46, 2, 19}, Expected{"2012-11-05", 49, 2, 20},
                          Expected{"2014-06-30", 49, 2, 20}, Expected{"2014-10-16", 51, 2, 21}}) {
        BOOST_TEST_CONTEXT("as of " << e.as_of) {
            const auto roster = this->roster(e.as_of);
            BOOST_TEST(roster.states == e.states);
            BOOST_TEST(roster.organisations == e.organisations);
            BOOST_TEST(roster.asia == e.asia);
            if (e.states == 0) continue;  // the profile prints no counts line without members
            const auto profile = this->profile(e.as_of);
            BOOST_TEST(profile.states == e.states);
            BOOST_TEST(profile.organisations == e.organisations);
            BOOST_TEST(profile.asia == e.asia);
        }
    }
}

BOOST_AUTO_TEST_CASE(no_one_is_a_member_before_the_founding_summit) {
    const auto r = report("member_roster", "1996-01-01", "json");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = nlohmann::json::parse(r.out);
    for (const auto& sheet : doc.at("sheets"))
        if (sheet.at("name") == "roster") BOOST_TEST(sheet.at("rows").empty());
    const auto profile = report("forum_profile", "1996-01-01", "text");
    BOOST_TEST_REQUIRE(profile.exit_code == 0, profile.err);
    BOOST_TEST(contains(profile.out, "No member states and no member organisations yet"), profile.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(membership_caveats, SeededDb)

// The first and last day on which the data has 19 Asian-side member states,
// found from the data's own joining days, not written into the test.
BOOST_AUTO_TEST_CASE(the_data_and_every_caveat_agree_when_19_asian_countries_held) {
    const std::string asian_on = "(SELECT count(*) FROM forum_member m WHERE m.country_id IS NOT NULL AND "
                                 "m.asem_side = 'Asia' AND m.joined_on <= d.day)";
    const std::string days = "WITH d(day) AS (SELECT DISTINCT joined_on FROM forum_member UNION "
                             "SELECT DISTINCT date(joined_on, '-1 day') FROM forum_member) ";
    const auto first = value(days + "SELECT min(day) FROM d WHERE " + asian_on + " = 19");
    const auto last = value(days + "SELECT max(day) FROM d WHERE " + asian_on + " = 19");
    BOOST_TEST(first == "2010-10-04");
    BOOST_TEST(last == "2012-11-04");
    // Nothing else in between: the count is 19 on every change day within the span.
    BOOST_TEST(value(days + "SELECT count(*) FROM d WHERE day BETWEEN '" + first + "' AND '" + last + "' AND " +
                     asian_on + " <> 19") == "0");
    const std::string span = "from " + first + " to " + last;
    const auto caveats = value("SELECT count(*) FROM source_caveat WHERE source_says LIKE '%19 Asian%'");
    BOOST_TEST(caveats == "1");
    BOOST_TEST(value("SELECT count(*) FROM source_caveat WHERE source_says LIKE '%19 Asian%' AND instr(finding, '" +
                     first + "') > 0 AND instr(finding, '" + last + "') > 0") == caveats);
    BOOST_TEST(value("SELECT count(*) FROM declared_count WHERE statement LIKE '%19 Asian%' AND "
                     "instr(holds_on_basis, '" + span + "') = 0") == "0");
    BOOST_TEST(value("SELECT count(*) FROM declared_count WHERE statement LIKE '%19 Asian%'") == "1");
}

BOOST_AUTO_TEST_CASE(the_6th_dg_conference_counts_agree_with_the_data) {
    // 43 countries, 27 European and 16 Asian on 2007-11-19 (its record, M5).
    const std::string on = "FROM forum_member WHERE country_id IS NOT NULL AND joined_on <= '2007-11-19'";
    BOOST_TEST(value("SELECT count(*) " + on) == "43");
    BOOST_TEST(value("SELECT count(*) " + on + " AND asem_side = 'Europe'") == "27");
    BOOST_TEST(value("SELECT count(*) " + on + " AND asem_side = 'Asia'") == "16");
}

BOOST_AUTO_TEST_CASE(no_membership_question_asks_for_a_year) {
    BOOST_TEST(value("SELECT count(*) FROM declared_count WHERE actual_query LIKE '%joined_year%'") == "0");
    BOOST_TEST(value("SELECT count(*) FROM forum_member WHERE joined_on IS NULL OR joined_on_basis IS NULL") == "0");
    BOOST_TEST(value("SELECT min(joined_on) FROM forum_member") == "1996-03-01");
    BOOST_TEST(attempt("UPDATE forum_member SET joined_on = '1996-02-29' WHERE member_id = 1") != "ok");
}

BOOST_AUTO_TEST_SUITE_END()
