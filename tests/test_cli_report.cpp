// asemdb report, end to end on the built binary: listing, running, and every bad input.

#include "support/cli_checks.hpp"
#include "support/fixtures.hpp"
#include "support/golden.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {


// A database built once for the whole suite, in its own directory.
struct ReportCli {
    ReportCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    RunResult report(std::vector<std::string> args) const {
        args.insert(args.begin(), "report");
        args.insert(args.end(), {"--db", db()});
        return run_asemdb(args, in_dir(dir.path()));
    }
    // Bad input: exit 2, one line on stderr naming `what`, and nothing written.
    void check_refused(const RunResult& r, const std::string& what) const {
        BOOST_TEST_MESSAGE("stderr: " << r.err);
        BOOST_CHECK_EQUAL(r.exit_code, 2);
        BOOST_CHECK_EQUAL(count_lines(r.err), 1);
        BOOST_CHECK_MESSAGE(contains(r.err, what), "stderr lacks '" << what << "': " << r.err);
    }
    TempDir dir;
};

// The workbook as the independent reader (openpyxl) sees it.
nlohmann::json read_workbook(const fs::path& file) {
    const auto r = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(), file.string(),
                                               "--rows", "100"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    return nlohmann::json::parse(r.out);
}

// Row values of one column, by header name, below the header.
std::vector<nlohmann::json> column(const nlohmann::json& sheet, const std::string& header) {
    const auto& cells = sheet.at("cells");
    std::size_t index = 0;
    while (cells[0][index].at("value") != header) ++index;
    std::vector<nlohmann::json> out;
    for (std::size_t r = 1; r < cells.size(); ++r) out.push_back(cells[r][index]);
    return out;
}

int count_value(const std::vector<nlohmann::json>& cells, const std::string& value) {
    int n = 0;
    for (const auto& c : cells) n += !c.is_null() && c.at("value") == value;
    return n;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_report, ReportCli)

BOOST_AUTO_TEST_CASE(the_roster_workbook_as_an_independent_reader_sees_it) {
    const auto r = report({"run", "member_roster", "-o", "roster.xlsx"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto book = read_workbook(dir / "roster.xlsx");
    BOOST_CHECK(book.at("sheets") ==
                nlohmann::json({"Members", "Members by side and bloc", "Forum profile and contact", "About"}));
    BOOST_CHECK_EQUAL(book.at("properties").at("title"), "ASEM migration forum: member roster");
    const auto& roster = book.at("sheet").at("Members");
    BOOST_CHECK_EQUAL(roster.at("max_row"), 54);  // header + 53 members
    BOOST_CHECK_EQUAL(roster.at("freeze_panes"), "A2");
    BOOST_CHECK_EQUAL(roster.at("auto_filter"), "A1:K54");
    for (const auto& header : roster.at("cells")[0]) BOOST_CHECK(header.at("bold") == true);
    // Typed cells: a bloc entry date is a real date, a joining year a number, a code text.
    const auto since = column(roster, "In bloc since (EU: from EEC/EC entry)");
    const auto austria = std::find_if(since.begin(), since.end(), [](const auto& c) {
        return !c.is_null() && c.at("value") == "1995-01-01T00:00:00";
    });
    BOOST_REQUIRE(austria != since.end());
    BOOST_CHECK_EQUAL(austria->at("type"), "d");
    BOOST_CHECK_EQUAL(column(roster, "Member since")[0].at("type"), "d");
    BOOST_CHECK_EQUAL(count_value(column(roster, "ISO numeric"), "036"), 1);
    BOOST_CHECK_EQUAL(book.at("sheet").at("Members by side and bloc").at("charts").size(), 1u);
    const auto about = book.at("sheet").at("About").dump();
    BOOST_CHECK(contains(about, "Fingerprint") || contains(about, "fingerprint"));
    BOOST_CHECK(contains(about, "000_cdfcea8445f78e09.txt"));
    const auto forum = book.at("sheet").at("Forum profile and contact").dump();
    BOOST_CHECK(contains(forum, "+65 6874 9718"));
}

BOOST_AUTO_TEST_CASE(the_roster_counts_28_eu_states_in_2019_and_27_in_2026) {
    for (const auto& [as_of, eu, uk_bloc] : {std::tuple{"2019-12-31", 28, "EU"}, std::tuple{"2026-01-01", 27, "other"}}) {
        const std::string file = std::string("roster-") + as_of + ".xlsx";
        const auto r = report({"run", "member_roster", "-o", file, "-p", std::string("as_of=") + as_of});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        const auto book = read_workbook(dir / file);
        const auto& roster = book.at("sheet").at("Members");
        BOOST_CHECK_EQUAL(count_value(column(roster, "Bloc on the date"), "EU"), eu);
        const auto codes = column(roster, "ISO alpha-2");
        const auto blocs = column(roster, "Bloc on the date");
        for (std::size_t i = 0; i < codes.size(); ++i)
            if (!codes[i].is_null() && codes[i].at("value") == "GB") BOOST_CHECK_EQUAL(blocs[i].at("value"), uk_bloc);
        const auto& summary = book.at("sheet").at("Members by side and bloc");
        const auto groups = column(summary, "Group");
        const auto members = column(summary, "Members");
        for (std::size_t i = 0; i < groups.size(); ++i)
            if (groups[i].at("value") == "Europe / EU") BOOST_CHECK_EQUAL(members[i].at("value"), eu);
    }
}


BOOST_AUTO_TEST_CASE(the_roster_workbook_is_set_up_to_print) {
    ProcessOptions options = in_dir(dir.path());
    options.env["SOURCE_DATE_EPOCH"] = "1795780800";  // 2026-11-27
    const auto r = run_asemdb({"report", "run", "member_roster", "-o", "print.xlsx", "-p", "as_of=2018-06-30", "--db",
                               db()}, options);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto book = read_workbook(dir / "print.xlsx");
    for (const auto& name : book.at("sheets")) {
        BOOST_TEST_CONTEXT("sheet " << name) {
            const auto& print = book.at("sheet").at(name.get<std::string>()).at("print");
            BOOST_CHECK_EQUAL(print.at("title_rows"), "$1:$1");  // the header row on every page
            BOOST_CHECK(print.at("fit_to_page") == true);
            BOOST_CHECK(print.at("fit_width").is_null() || print.at("fit_width") == 1);  // absent means 1
            BOOST_CHECK_EQUAL(print.at("fit_height"), 0);  // as many pages tall as needed
            BOOST_CHECK_EQUAL(print.at("paper_size"), 9);  // A4
            BOOST_CHECK(print.at("orientation") == "portrait" || print.at("orientation") == "landscape");
            const auto header = print.at("header").dump();
            BOOST_CHECK_MESSAGE(contains(header, "ASEM migration forum: member roster"), header);
            BOOST_CHECK_MESSAGE(contains(print.at("header").at("right").get<std::string>(), "As of 2018-06-30"), header);
            const auto footer = print.at("footer").at("right").get<std::string>();
            BOOST_CHECK_EQUAL(footer, "Page &P of &N");
            BOOST_CHECK_EQUAL(print.at("footer").at("left"), "Generated 2026-11-27");
        }
    }
    const auto& members = book.at("sheet").at("Members");
    BOOST_CHECK_EQUAL(members.at("print").at("orientation"), "landscape");  // nine columns do not fit a portrait page
    BOOST_CHECK_EQUAL(book.at("sheet").at("Members by side and bloc").at("print").at("orientation"), "portrait");
    // Human headings; the kind and the numeric code stay in the table, hidden from readers.
    std::vector<std::string> headings;
    for (const auto& cell : members.at("cells")[0]) headings.push_back(cell.at("value"));
    BOOST_CHECK(headings == std::vector<std::string>({"Kind", "Member", "ISO alpha-2", "ISO alpha-3", "ISO numeric",
                                                      "ASEM side", "Bloc on the date",
                                                      "In bloc since (EU: from EEC/EC entry)",
                                                      "First summit attended", "Member since", "Coordinating role on the date"}));
    BOOST_CHECK(members.at("hidden_columns") == nlohmann::json({"A", "E", "I"}));
    // The chart does not fit beside the table on a portrait page: it sits below it.
    const auto& chart_sheet = book.at("sheet").at("Members by side and bloc");
    BOOST_CHECK_EQUAL(chart_sheet.at("charts").size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_manifest_sets_paper_orientation_labels_and_tab) {
    TempDir mine;
    write_text(mine / "sides.toml", "title = \"Sides & blocs\"\npaper = \"letter\"\n[[sheet]]\nname = \"sides\"\n"
                                    "tab = \"Sides\"\norientation = \"landscape\"\n"
                                    "sql = \"SELECT asem_side, count(*) AS n FROM forum_member GROUP BY asem_side\"\n"
                                    "labels = { asem_side = \"ASEM side\", n = \"Members\" }\n");
    const auto r = report({"run", "sides", "--reports-dir", mine.path().string(), "-o", "sides.xlsx"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto book = read_workbook(dir / "sides.xlsx");
    BOOST_CHECK(book.at("sheets") == nlohmann::json({"Sides", "About"}));
    const auto& sides = book.at("sheet").at("Sides");
    BOOST_CHECK_EQUAL(sides.at("print").at("paper_size"), 1);  // letter
    BOOST_CHECK_EQUAL(sides.at("print").at("orientation"), "landscape");
    BOOST_CHECK_EQUAL(sides.at("print").at("header").at("left").get<std::string>().substr(0, 15), "Sides && blocs\n");  // '&' doubled, as Excel wants
    BOOST_CHECK_EQUAL(sides.at("cells")[0][0].at("value"), "ASEM side");
    const auto text = report({"run", "sides", "--reports-dir", mine.path().string()});
    BOOST_CHECK(contains(text.out, "ASEM side | Members"));
    const auto csv = report({"run", "sides", "--reports-dir", mine.path().string(), "--format", "csv"});
    BOOST_CHECK(contains(csv.out, "asem_side,n\r\n"));
}

// A text wider than the widest column wraps in a taller row, rather than running
// over its neighbours and off the printed page; the chart then goes below the table.
BOOST_AUTO_TEST_CASE(long_text_wraps_in_a_taller_row) {
    const auto r = report({"run", "membership_timeline", "-o", "timeline.xlsx"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto book = read_workbook(dir / "timeline.xlsx");
    const auto& sheet = book.at("sheet").at("Partners by joining day");
    const auto& founders = sheet.at("cells")[1];  // 1996: 26 partners
    BOOST_CHECK(founders[5].at("wrap") == true);
    BOOST_CHECK(!founders[0].contains("wrap"));
    BOOST_CHECK_GT(sheet.at("row_heights").at("2").get<double>(), 15.0);
    BOOST_CHECK(!sheet.at("row_heights").contains("7"));  // 2014: two partners fit on a line
    BOOST_CHECK(!sheet.at("cells")[6][5].contains("wrap"));
}

// Excel refuses a page header over 255 characters: a long title, sheet title or
// parameter value is cut to fit, its '&'s doubled, its line breaks made spaces.
BOOST_AUTO_TEST_CASE(long_titles_and_values_are_cut_to_fit_the_page_header) {
    TempDir mine;
    const std::string title(150, 'T'), ampersands(150, '&');
    write_text(mine / "long.toml", "title = \"" + title + "\"\n[[param]]\nname = \"as_of\"\n[[param]]\nname = \"note\"\n"
                                   "[[sheet]]\nname = \"a\"\ntitle = \"" + ampersands + "\"\n"
                                   "sql = \"SELECT :as_of AS d, :note AS n\"\n");
    const auto r = report({"run", "long", "--reports-dir", mine.path().string(), "-o", "long.xlsx", "-p",
                           "as_of=" + std::string(200, 'x'), "-p", "note=a\nb" + std::string(200, 'y')});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto book = read_workbook(dir / "long.xlsx");
    for (const auto& name : book.at("sheets")) {
        const auto& header = book.at("sheet").at(name.get<std::string>()).at("print").at("header");
        const std::string left = header.at("left"), right = header.at("right");
        BOOST_CHECK_LE(left.size() + right.size() + 4, 255u);
        BOOST_CHECK(contains(left, "TTTT\u2026\n"));
        BOOST_CHECK(contains(right, "as_of: xxxx"));  // no as_of_param: every parameter as name: value
        BOOST_CHECK(!contains(right, "a\nb"));
    }
}

// Text and markdown show the labels and leave hidden columns out.
BOOST_AUTO_TEST_CASE(text_and_markdown_show_labels_and_leave_hidden_columns_out) {
    for (const char* format : {"text", "markdown"}) {
        const auto r = report({"run", "member_roster", "--format", format, "-p", "as_of=2018-06-30"});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        BOOST_CHECK(contains(r.out, "Member "));
        BOOST_CHECK(contains(r.out, "ISO alpha-2"));
        BOOST_CHECK(!contains(r.out, "ISO numeric") && !contains(r.out, "iso_numeric"));
        BOOST_CHECK(!contains(r.out, "| state") && !contains(r.out, "Kind"));
    }
}

BOOST_AUTO_TEST_CASE(labels_or_hidden_naming_a_missing_column_are_refused_and_write_nothing) {
    TempDir mine;
    write_text(mine / "labelled.toml", "title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1 AS n\"\n"
                                       "labels = { m = \"Missing\" }\n");
    write_text(mine / "hidden.toml", "title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1 AS n\"\nhidden = [\"m\"]\n");
    write_text(mine / "all_hidden.toml", "title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1 AS n\"\nhidden = [\"n\"]\n");
    for (const auto& [id, what] : {std::pair{"labelled", "a label names column 'm'"},
                                   std::pair{"hidden", "'hidden' names column 'm'"},
                                   std::pair{"all_hidden", "'hidden' names every column"}}) {
        const std::string file = std::string(id) + ".xlsx";
        check_refused(report({"run", id, "--reports-dir", mine.path().string(), "-o", file}), what);
        BOOST_CHECK(!fs::exists(dir / file));
    }
    write_text(mine / "long_tab.toml", "title = \"x\"\n[[sheet]]\nname = \"a\"\ntab = \"" + std::string(32, 't') +
                                           "\"\nsql = \"SELECT 1 AS n\"\n");
    check_refused(report({"run", "labelled", "--reports-dir", mine.path().string()}), "long_tab.toml:4:");
}

// Programs read csv and json by column name: labels change what people see, never these.
BOOST_AUTO_TEST_CASE(csv_and_json_keep_the_column_names_of_every_shipped_report) {
    const std::vector<std::tuple<std::string, std::string, std::string>> sheets = {
        {"member_roster", "roster",
         "kind,name,iso_alpha2,iso_alpha3,iso_numeric,asem_side,bloc,bloc_since,joined_year,joined_on,coordinator_role"},
        {"member_roster", "summary", "group,side,bloc,members"},
        {"member_roster", "forum", "item,value"},
        {"membership_timeline", "timeline", "year,joined_on,how,joined,partners,new_partners"},
        {"coordinators_and_themes", "coordinators", "side,party,kind,role,start_date,end_date,serving,period_basis,term_basis,source_key"},
        {"coordinators_and_themes", "themes", "position,title,scope,description"},
    };
    for (const auto& [id, sheet, names] : sheets) {
        BOOST_TEST_CONTEXT(id << " / " << sheet) {
            const auto csv = report({"run", id, "--format", "csv", "--sheet", sheet});
            BOOST_TEST_REQUIRE(csv.exit_code == 0, csv.err);
            BOOST_CHECK_EQUAL(csv.out.substr(0, csv.out.find("\r\n")), names);
            const auto json = report({"run", id, "--format", "json", "--document"});
            BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
            bool found = false;
            const auto doc = nlohmann::json::parse(json.out);
            for (const auto& s : doc.at("sheets")) {
                if (s.at("name") != sheet) continue;
                found = true;
                std::string columns;
                for (const auto& name : s.at("columns")) columns += (columns.empty() ? "" : ",") + name.get<std::string>();
                BOOST_CHECK_EQUAL(columns, names);
                for (const auto& [key, value] : s.at("rows").at(0).items())
                    BOOST_CHECK_MESSAGE(contains("," + names + ",", "," + key + ","), "row key " << key);
            }
            BOOST_CHECK(found);
        }
    }
}

BOOST_AUTO_TEST_CASE(list_and_show) {
    const auto list = report({"list"});
    BOOST_CHECK_EQUAL(list.exit_code, 0);
    for (const char* id : {"member_roster", "forum_profile", "membership_timeline", "coordinators_and_themes"})
        BOOST_CHECK(contains(list.out, id));
    BOOST_CHECK(contains(list.out, "as_of:date=today"));
    const auto show = report({"show", "member_roster"});
    BOOST_CHECK_EQUAL(show.exit_code, 0);
    BOOST_CHECK(contains(show.out, "side         choice (Asia|Europe|all), default all"));
    BOOST_CHECK(contains(show.out, "reports/member_roster.sql"));
}

BOOST_AUTO_TEST_CASE(forum_profile_prints_its_summary) {
    const auto r = report({"run", "forum_profile", "-p", "as_of=2019-12-31"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "51 member states and 2 member organisations"));
    BOOST_CHECK(contains(r.out, "31 Heng Mui Keng Terrace"));
}

// Read by eye for English and facts when written: the seed on the source's date,
// on the day of the first ASEM summit, before ASEM (no members at all), a year
// after the source's date (its counts hold) and today (the EU's counts drift).
BOOST_AUTO_TEST_CASE(forum_profile_matches_its_golden_text) {
    for (const char* as_of : {"2018-06-30", "1996-03-01", "1995-01-01", "2019-06-30", "2026-12-07"}) {
        const auto r = report({"run", "forum_profile", "-p", std::string("as_of=") + as_of});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        check_golden(std::string("reports/forum_profile-") + as_of + ".txt", r.out);
    }
}

BOOST_AUTO_TEST_CASE(csv_of_one_sheet_to_stdout) {
    const auto r = report({"run", "member_roster", "--format", "csv", "--sheet", "summary", "-p", "as_of=2019-12-31"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "group,side,bloc,members\r\n"));
    BOOST_CHECK(contains(r.out, "Europe / EU,Europe,EU,28\r\n"));
}

// The forum's telephone numbers begin with '+': escaped, a spreadsheet keeps them as text.
// member_roster has three sheets: a one-table format takes one of them by
// --sheet, never the first alone without a word.
BOOST_AUTO_TEST_CASE(a_report_of_several_sheets_into_one_table_is_refused) {
    for (const char* format : {"--csv", "--tsv", "--nl", "--json"}) {
        BOOST_TEST_CONTEXT(format) {
            check_refused(report({"run", "member_roster", format}), "report 'member_roster' has 3 sheets");
            check_refused(report({"run", "member_roster", format, "-o", "roster.out"}), "--sheet NAME");
            BOOST_CHECK(!fs::exists(dir / "roster.out"));
        }
    }
    const auto forum = report({"run", "member_roster", "--sheet", "forum", "--json"});
    BOOST_TEST_REQUIRE(forum.exit_code == 0, forum.err);
    const auto rows = nlohmann::json::parse(forum.out);
    BOOST_TEST_REQUIRE(rows.is_array());
    BOOST_CHECK_EQUAL(rows.at(0).at("item").get<std::string>(), "Name");
    const auto all = report({"run", "member_roster", "--json", "--document"});
    BOOST_TEST_REQUIRE(all.exit_code == 0, all.err);
    BOOST_CHECK_EQUAL(nlohmann::json::parse(all.out).at("sheets").size(), 3u);
}

// The relative dates a schedule takes, on the command line too, resolved on
// the day of the run (SOURCE_DATE_EPOCH 1780000000 is 2026-05-28 in UTC).
BOOST_AUTO_TEST_CASE(a_date_parameter_takes_a_relative_date) {
    ProcessOptions fixed = in_dir(dir.path());
    fixed.env = {{"SOURCE_DATE_EPOCH", "1780000000"}, {"TZ", "UTC"}};
    for (const auto& [word, date] : std::vector<std::pair<std::string, std::string>>{
             {"end_of_previous_month", "2026-04-30"}, {"start_of_previous_month", "2026-04-01"},
             {"start_of_month", "2026-05-01"}, {"yesterday", "2026-05-27"}, {"TODAY", "2026-05-28"},
             {"start_of_year", "2026-01-01"}}) {
        BOOST_TEST_CONTEXT(word) {
            const auto r = run_asemdb({"report", "run", "member_roster", "--db", "asem.db", "--sheet", "forum", "--table",
                                       "-p", "as_of=" + word},
                                      fixed);
            BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
            BOOST_CHECK_MESSAGE(contains(r.out, "  as_of: " + date + "\n"), r.out.substr(0, 200));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_single_sheet_report_takes_the_format_shortcuts) {
    const auto json = report({"run", "membership_timeline", "--json"});
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    const auto rows = nlohmann::json::parse(json.out);
    BOOST_TEST_REQUIRE(rows.is_array());
    BOOST_CHECK_EQUAL(rows.size(), 6u);
    const auto tsv = report({"run", "membership_timeline", "--tsv", "--no-headers"});
    BOOST_CHECK_EQUAL(tsv.exit_code, 0);
    BOOST_CHECK_EQUAL(tsv.out.substr(0, 5), "1996\t");
    BOOST_CHECK_EQUAL(report({"run", "membership_timeline", "--nl"}).out.find("{\"year\": 1996"), 0u);
    check_refused(report({"run", "membership_timeline", "--json", "--tsv"}), "both choose the format");
}

BOOST_AUTO_TEST_CASE(csv_escapes_formula_like_text_on_request) {
    const auto plain = report({"run", "member_roster", "--sheet", "forum", "--format", "csv"});
    BOOST_CHECK(plain.out.find("\r\nTelephone,+65 6874 9718\r\n") != std::string::npos);
    const auto escaped = report({"run", "member_roster", "--sheet", "forum", "--format", "csv", "--escape-formulas"});
    BOOST_CHECK_EQUAL(escaped.exit_code, 0);
    BOOST_CHECK_MESSAGE(escaped.out.find("\r\nTelephone,\"'+65 6874 9718\"\r\n") != std::string::npos, escaped.out);
    BOOST_CHECK(escaped.out.find("\r\nEstablished,2002\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(writes_a_file_named_by_its_extension) {
    const auto r = report({"run", "membership_timeline", "-o", "timeline.json"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(r.out.empty());
    BOOST_CHECK_EQUAL(r.err, "wrote timeline.json (6 rows)\n");
    BOOST_CHECK(contains(read_bytes(dir / "timeline.json"), "\"partners\": 53"));
}

BOOST_AUTO_TEST_CASE(xlsx_without_output_gets_a_dated_name) {
    ProcessOptions options = in_dir(dir.path());
    options.env["SOURCE_DATE_EPOCH"] = "1795780800";
    const auto r = run_asemdb({"report", "run", "membership_timeline", "--format", "xlsx", "--db", db()}, options);
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(fs::exists(dir / "membership_timeline-2026-11-27.xlsx"));
}

BOOST_AUTO_TEST_CASE(a_bare_user_query_runs_with_its_discovered_parameters) {
    TempDir mine;
    write_text(mine / "side_members.sql", "-- Members of one side\nSELECT name FROM member_roster WHERE asem_side = :side ORDER BY name");
    const auto list = report({"list", "--reports-dir", mine.path().string()});
    BOOST_CHECK(contains(list.out, "side_members") && contains(list.out, "[yours]"));
    const auto r = report({"run", "side_members", "--reports-dir", mine.path().string(), "-p", "side=Europe",
                           "--format", "csv"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(count_lines(r.out), 32);  // header, 30 states, the EU
    BOOST_CHECK(contains(r.out, "United Kingdom\r\n"));
    check_refused(report({"run", "side_members", "--reports-dir", mine.path().string()}), "parameter 'side': required");
}

BOOST_AUTO_TEST_CASE(a_user_report_replaces_a_shipped_one_and_list_says_so) {
    TempDir mine;
    write_text(mine / "forum_profile.sql", "SELECT short_name FROM forum");
    const auto list = report({"list", "--reports-dir", mine.path().string()});
    BOOST_CHECK(contains(list.out, "replaces the shipped report"));
    const auto r = report({"run", "forum_profile", "--reports-dir", mine.path().string(), "--format", "csv"});
    BOOST_CHECK_EQUAL(r.out, "short_name\r\nASEM DG Immigration Conference\r\n");
}

BOOST_AUTO_TEST_CASE(bad_report_and_parameter_inputs) {
    check_refused(report({"run", "member_rooster"}), "did you mean 'member_roster'");
    check_refused(report({"run", "member_roster", "-p", "asof=2020-01-01"}), "valid ones: 'as_of', 'side', 'bloc'");
    check_refused(report({"run", "member_roster", "-p", "as_of=2020-02-30"}),
                  "parameter 'as_of': expected a date YYYY-MM-DD or 'today', 'yesterday', 'start_of_month', "
                  "'end_of_previous_month', 'start_of_previous_month' or 'start_of_year', got '2020-02-30'");
    check_refused(report({"run", "member_roster", "-p", "as_of=last_tuesday"}), "got 'last_tuesday'");
    check_refused(report({"run", "member_roster", "-p", "side=Africa"}), "expected one of 'Asia', 'Europe', 'all'");
    check_refused(report({"run", "member_roster", "-p", "side"}), "must be written name=value");
    check_refused(report({"run", "member_roster", "--format", "pdf"}), "unknown format 'pdf'");
    check_refused(report({"run", "member_roster", "--sheet", "nope"}), "its sheets: roster, summary, forum");
    check_refused(report({"run", "member_roster", "-o", "roster.pdf"}), "cannot tell the format");
}

BOOST_AUTO_TEST_CASE(a_malformed_manifest_names_file_and_line) {
    TempDir mine;
    write_text(mine / "broken.toml", "title = \"Broken\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\nformats = { a = \"colour\" }\n");
    check_refused(report({"list", "--reports-dir", mine.path().string()}), "broken.toml:5:");
}

BOOST_AUTO_TEST_CASE(failing_sql_names_report_and_sheet_and_writes_nothing) {
    TempDir mine;
    write_text(mine / "bad.sql", "SELECT missing_column FROM nowhere");
    check_refused(report({"run", "bad", "--reports-dir", mine.path().string(), "-o", "bad.csv"}),
                  "report 'bad': sheet 'bad': no such table: nowhere");
    BOOST_CHECK(!fs::exists(dir / "bad.csv"));
}

BOOST_AUTO_TEST_CASE(an_unwritable_output_leaves_nothing_and_keeps_what_was_there) {
    check_refused(report({"run", "member_roster", "-o", (dir / "missing" / "roster.xlsx").string()}), "does not exist");
    check_refused(report({"run", "member_roster", "-o", "/proc/roster.xlsx"}), "roster.xlsx");
    BOOST_CHECK(!fs::exists("/proc/roster.xlsx"));
    write_text(dir / "earlier.csv", "an earlier report\n");
    check_refused(report({"run", "member_roster", "-o", "earlier.csv", "-p", "side=Africa"}), "side");
    check_refused(report({"run", "member_roster", "-o", "earlier.csv", "--sheet", "nope"}), "nope");
    BOOST_CHECK_EQUAL(read_bytes(dir / "earlier.csv"), "an earlier report\n");
    for (const auto& entry : fs::directory_iterator(dir.path()))
        BOOST_CHECK_MESSAGE(entry.path().filename().string().find(".tmp-") == std::string::npos,
                            "temporary file left: " << entry.path());
}

BOOST_AUTO_TEST_CASE(a_missing_database_is_refused_before_any_output) {
    const auto r = run_asemdb({"report", "run", "member_roster", "--db", (dir / "none.db").string(), "-o", "x.xlsx"},
                              in_dir(dir.path()));
    check_refused(r, "no such database");
    BOOST_CHECK(!fs::exists(dir / "x.xlsx"));
}

BOOST_AUTO_TEST_SUITE_END()
