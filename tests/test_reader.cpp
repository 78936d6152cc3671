// What a reader is told beside the numbers, by the real binary: the source's
// coordinators and the terms on record with their basis, counts that say why
// they differ from the source's, one story of each joining, and About sheets
// that list the sources the rows cite and the caveats that bear on them.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <set>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "2007-05-28" as the reports write it: "28 May 2007".
std::string in_words(const std::string& iso) {
    static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                            "July",    "August",   "September", "October", "November", "December"};
    return std::to_string(std::stoi(iso.substr(8, 2))) + " " + kMonths[std::stoi(iso.substr(5, 2)) - 1] + " " + iso.substr(0, 4);
}

struct ReaderCli {
    ReaderCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    std::string run(const std::string& report, const std::string& as_of, const std::string& format) const {
        std::vector<std::string> args{"report", "run", report, "--db", db(), "--format", format};
        if (!as_of.empty()) args.insert(args.end(), {"-p", "as_of=" + as_of});
        if (format == "json") args.push_back("--document");
        const auto r = run_asemdb(args, in_dir(dir.path()));
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return r.out;
    }
    // The rows of one sheet of a report's json document.
    nlohmann::json sheet(const std::string& report, const std::string& as_of, const std::string& name) const {
        const auto doc = nlohmann::json::parse(run(report, as_of, "json"));
        for (const auto& s : doc.at("sheets"))
            if (s.at("name") == name) return s.at("rows");
        BOOST_FAIL("no sheet " << name);
        return {};
    }
    // A report's workbook on a date, as openpyxl reads it (tests/xlsx/dump_workbook.py).
    nlohmann::json workbook(const std::string& report, const std::string& as_of) const {
        const std::string file = report + "-" + as_of + ".xlsx";
        const auto r = run_asemdb({"report", "run", report, "--db", db(), "-o", file, "-p", "as_of=" + as_of}, in_dir(dir.path()));
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(),
                                                      (dir / file).string(), "--rows", "200"});
        BOOST_TEST_REQUIRE(dump.exit_code == 0, dump.err);
        return nlohmann::json::parse(dump.out);
    }
    // The About sheet of a report's workbook on a date, its cells' text one line a row.
    std::string about(const std::string& report, const std::string& as_of) const {
        std::string text;
        const auto book = workbook(report, as_of);
        for (const auto& row : book.at("sheet").at("About").at("cells")) {
            for (const auto& cell : row)
                if (!cell.is_null()) text += cell.at("value").dump() + "|";
            text += "\n";
        }
        return text;
    }
    // The keys of the Sources block of an About sheet.
    static std::set<std::string> source_keys(const std::string& about) {
        std::set<std::string> keys;
        const auto begin = about.find("\"Sources\"|\n"), end = about.find("\n\n", begin);
        BOOST_TEST_REQUIRE(begin != std::string::npos);
        for (std::size_t at = about.find('\n', begin) + 1; at < end; at = about.find('\n', at) + 1)
            keys.insert(about.substr(at + 1, about.find('"', at + 1) - at - 1));
        return keys;
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(reader, ReaderCli)

BOOST_AUTO_TEST_CASE(the_profile_names_the_source_coordinators_and_those_on_record_with_their_basis) {
    const auto today = run("forum_profile", "2026-12-07", "text");
    BOOST_TEST(contains(today, "The source, a snapshot of about the first half of 2018, names the Philippines and Pakistan (Asia) "
                               "and the European External Action Service and Bulgaria (Europe)."), today);
    BOOST_TEST(contains(today, "European side: the European External Action Service, permanent coordinator, since 1 January 2011 "
                               "(general knowledge; a source states the date)"), today);
    BOOST_TEST(!contains(today, "since 1 January 2018"), today);
    const auto snapshot = run("forum_profile", "2020-03-01", "text");
    BOOST_TEST(contains(snapshot, "Asian side: Singapore, ASEAN coordinator, 1 January 2020 to 30 June 2020 "
                                  "(estimated by this project from a dated snapshot)"), snapshot);
}

BOOST_AUTO_TEST_CASE(no_estimate_is_worded_as_a_fact_or_as_general_knowledge) {
    SQLite::Database db(this->db());
    SQLite::Statement terms(db, "SELECT coordinator_id, term_basis, period_basis FROM coordinator");
    while (terms.executeStep()) {
        BOOST_TEST_CONTEXT("coordinator " << terms.getColumn(0).getInt()) {
            const std::string basis = terms.getColumn(1).getString(), words = terms.getColumn(2).getString();
            if (basis == "estimated") BOOST_TEST(words.rfind("Estimated by this project", 0) == 0, words);
            else BOOST_TEST(!contains(words, "Estimated"), words);
        }
    }
    SQLite::Statement cited(db, "SELECT count(*) FROM fact_source WHERE table_name = 'coordinator' AND source_key = 'GK'");
    BOOST_TEST_REQUIRE(cited.executeStep());
    BOOST_TEST(cited.getColumn(0).getInt() == 0);
}

BOOST_AUTO_TEST_CASE(counts_say_why_they_differ_from_the_source) {
    const std::string eu28 = "- 28 EU member states\n", other13 = "- 13 states in neither bloc\n";
    const std::string why = "(the source, as of about the first half of 2018, says {}: the United Kingdom left the EU on 31 January 2020)";
    const auto because = [&](const std::string& n) { return std::string(why).replace(why.find("{}"), 2, n); };
    const auto mid2019 = run("forum_profile", "2019-06-30", "text");
    BOOST_TEST(contains(mid2019, eu28), mid2019);
    BOOST_TEST(contains(mid2019, other13), mid2019);
    const auto today = run("forum_profile", "2026-12-07", "text");
    BOOST_TEST(contains(today, "- 27 EU member states " + because("28") + "\n"), today);
    BOOST_TEST(contains(today, "- 14 states in neither bloc " + because("13") + "\n"), today);
    BOOST_TEST(contains(today, "- 10 of ASEAN's member states\n"), today);
    BOOST_TEST(contains(today, "21 states on the Asian side (the source, as of about the first half of 2018, says 19, "
                               "a count the data gives only from 4 October 2010 to 4 November 2012)"), today);
    const auto roster2019 = run("member_roster", "2019-06-30", "text");
    BOOST_TEST(contains(roster2019, "Members on 30 June 2019: 51 states and 2 organisations.\n  28 EU member states.\n"), roster2019);
    const auto roster = run("member_roster", "2026-12-07", "text");
    BOOST_TEST(contains(roster, "  27 EU member states " + because("28") + ".\n"), roster);
    BOOST_TEST(contains(roster, "  14 states in neither bloc " + because("13") + ".\n"), roster);
}

// The day counted (joined_on), the roster's "Member since", the timeline's row
// and words, and the second enlargement's caveat tell one story for each member.
BOOST_AUTO_TEST_CASE(every_member_has_one_story_of_its_joining) {
    SQLite::Database db(this->db());
    std::map<std::string, std::string> joined;  // member -> day counted
    SQLite::Statement members(db, "SELECT coalesce(c.name, o.name), m.joined_on FROM forum_member m "
                                  "LEFT JOIN country c USING (country_id) LEFT JOIN organisation o USING (organisation_id)");
    while (members.executeStep()) joined[members.getColumn(0).getString()] = members.getColumn(1).getString();
    BOOST_TEST_REQUIRE(joined.size() == 53u);
    for (const auto& row : sheet("member_roster", "2026-12-07", "roster"))
        BOOST_TEST(row.at("joined_on") == joined.at(row.at("name")), row.at("name"));
    std::map<std::string, int> listed;
    for (const auto& row : sheet("membership_timeline", "", "timeline")) {
        const std::string day = row.at("joined_on"), names = row.at("new_partners"), how = row.at("how");
        BOOST_TEST(row.at("year") == std::stoi(day.substr(0, 4)));
        BOOST_TEST(contains(how, in_words(day)), how);
        BOOST_TEST(!contains(how, "Admitted at ASEM7"), how);
        for (const auto& [member, on] : joined)
            if (contains("; " + names + ";", "; " + (member == "European Union" ? "European Commission" : member) + ";")) {
                BOOST_TEST(on == day, member);
                ++listed[member];
            }
    }
    BOOST_TEST(listed.size() == 53u);
    // The second enlargement: counted, shown and explained as 28 May 2007.
    SQLite::Statement caveat(db, "SELECT finding FROM source_caveat WHERE topic = 'Second enlargement year'");
    BOOST_TEST_REQUIRE(caveat.executeStep());
    for (const char* member : {"Bulgaria", "India", "Mongolia", "Pakistan", "Romania", "ASEAN Secretariat"}) {
        BOOST_TEST(joined.at(member) == "2007-05-28");
        BOOST_TEST(contains(caveat.getColumn(0).getString(), in_words(joined.at(member))));
    }
    for (const auto& row : sheet("member_roster", "2007-12-31", "roster"))
        if (row.at("name") == "Bulgaria") BOOST_TEST(row.at("joined_on") == "2007-05-28");
}

BOOST_AUTO_TEST_CASE(the_eu_seat_is_named_as_it_was_on_the_date) {
    const auto names = [&](const std::string& as_of) {
        std::set<std::string> out;
        for (const auto& row : sheet("member_roster", as_of, "roster")) out.insert(row.at("name"));
        return out;
    };
    BOOST_TEST(names("1996-03-01").count("European Commission") == 1u);
    BOOST_TEST(names("1996-03-01").count("European Union") == 0u);
    BOOST_TEST(names("2026-12-07").count("European Union") == 1u);
}

BOOST_AUTO_TEST_CASE(the_roster_about_sheet_lists_what_its_rows_cite_and_what_bears_on_them) {
    const auto early = about("member_roster", "1996-03-01");
    const auto early_keys = source_keys(early);
    for (const char* key : {"DOC", "S1", "S3", "S4", "S5", "S9"}) BOOST_TEST(early_keys.count(key) == 1u, key);
    for (const char* key : {"S6", "S7", "S8", "S14", "S18", "M1", "M10", "GK"}) BOOST_TEST(early_keys.count(key) == 0u, key);
    BOOST_TEST(contains(early, "ASEM partners on 1 March 1996; the forum first met in March 2003"), early);
    BOOST_TEST(!contains(early, "EU size"), early);
    const auto today = about("member_roster", "2026-12-07");
    const auto keys = source_keys(today);
    for (const char* key : {"DOC", "S1", "S3", "S5", "S6", "S7", "S8", "S14"}) BOOST_TEST(keys.count(key) == 1u, key);
    for (const char* key : {"S18", "M1", "M10"}) BOOST_TEST(keys.count(key) == 0u, key);
    BOOST_TEST(contains(today, "EU size (the source: \\\"28 EU Member States\\\")"), today);
    BOOST_TEST(contains(today, "Snapshot"), today);
    BOOST_TEST(!contains(today, "the forum first met in"), today);
}

BOOST_AUTO_TEST_CASE(the_roster_before_the_first_conference_says_whom_it_lists) {
    const std::string note = "ASEM partners on 1 March 1996; the forum first met in March 2003";
    for (const char* format : {"text", "markdown"}) {
        const auto shown = run("member_roster", "1996-03-01", format);
        BOOST_TEST(contains(shown, "Members (" + note + ")"), shown);
        BOOST_TEST(shown.find(note) == shown.rfind(note), "the note once: " << shown);
    }
    BOOST_TEST(!contains(run("member_roster", "2003-03-01", "text"), "the forum first met in"));
}

// On screen, the note is the first row of the Members sheet, above the header,
// with the table, its filter and the frozen rows below it; printed, it comes
// with the header on every page, and the page header no longer cuts it short.
BOOST_AUTO_TEST_CASE(the_early_roster_workbook_shows_the_note_above_the_members) {
    const auto book = workbook("member_roster", "1996-03-01");
    const auto& members = book.at("sheet").at("Members");
    const auto& cells = members.at("cells");
    BOOST_TEST(cells.at(0).at(0).at("value") == "ASEM partners on 1 March 1996; the forum first met in March 2003");
    BOOST_TEST(members.at("merged") == nlohmann::json({"A1:K1"}));
    BOOST_TEST(cells.at(1).at(1).at("value") == "Member");
    BOOST_TEST(cells.at(1).at(1).at("bold") == true);
    BOOST_TEST(cells.at(2).at(1).at("value") == "Austria");
    BOOST_TEST(members.at("max_row") == 28);  // the note, the header and 26 members
    BOOST_TEST(cells.at(27).at(1).at("value") == "European Commission");
    BOOST_TEST(members.at("auto_filter") == "A2:K28");
    BOOST_TEST(members.at("freeze_panes") == "A3");
    BOOST_TEST(members.at("hidden_columns") == nlohmann::json({"A", "E", "I"}));
    BOOST_TEST(members.at("print").at("title_rows") == "$1:$2");
    BOOST_TEST(!contains(members.at("print").at("header").at("left").get<std::string>(), "first met"));
    // The other sheets and the About sheet are as before: the note heads the caveats.
    BOOST_TEST(book.at("sheet").at("Members by side and bloc").at("cells").at(0).at(0).at("value") == "Group");
    std::size_t notes = 0;
    for (const auto& row : book.at("sheet").at("About").at("cells"))
        for (const auto& cell : row)
            if (!cell.is_null() && contains(cell.at("value").dump(), "the forum first met in")) ++notes;
    BOOST_TEST(notes == 1u);
}

BOOST_AUTO_TEST_CASE(a_roster_after_the_first_conference_has_no_note_row) {
    const auto book = workbook("member_roster", "2010-10-04");
    const auto& members = book.at("sheet").at("Members");
    BOOST_TEST(members.at("cells").at(0).at(1).at("value") == "Member");
    BOOST_TEST(members.at("cells").at(1).at(1).at("value") == "Australia");
    BOOST_TEST(members.at("merged").empty());
    BOOST_TEST(members.at("max_row") == 49);  // the header and 48 members
    BOOST_TEST(members.at("auto_filter") == "A1:K49");
    BOOST_TEST(members.at("freeze_panes") == "A2");
    BOOST_TEST(members.at("print").at("title_rows") == "$1:$1");
}

BOOST_AUTO_TEST_CASE(the_texts_that_misled_do_not_come_back) {
    const auto today = run("forum_profile", "2026-12-07", "text");
    for (const char* gone : {"(ASEM DG Immigration Conference)", "an estimated start", "in the EU,", "10 in ASEAN",
                             "Korea, Republic of", "that included:\n  - Exchange", "ASEM's only permanent institution; it hosts"})
        BOOST_TEST(!contains(today, gone), gone);
    BOOST_TEST(contains(today, "Thematic focus, as the source gives it (undated: as of its snapshot, about the first half of 2018)"));
    const auto founding = run("forum_profile", "1996-03-01", "text");
    BOOST_TEST(contains(founding, "the members counted before then are the ASEM partners of the date"), founding);
}

BOOST_AUTO_TEST_SUITE_END()
