// The keepers' workbook: exported by the real binary, edited by real clients
// (openpyxl, and LibreOffice opening and saving it again), and turned back
// into a change script; bad edits each refused at their cell with nothing
// written and the database byte for byte as it was.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include "changes/xlsx_reader.hpp"

#include "asemdb/base/error.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <ostream>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::vector<std::string> kEdits = {"none", "change", "end_before_start", "unknown_key", "duplicate_key",
                                        "key_deleted", "sheet_renamed", "text_date", "closed_set", "formula",
                                        "required_empty", "constraint", "two_problems", "zip_bomb", "past_limits",
                                        "not_xlsx"};

// The exported workbook, every edit of tests/xlsx/edit_keepers.py made by
// openpyxl (edits/<name>.xlsx), and LibreOffice's copies of the export and of
// the good edit (lo/keepers.xlsx, lo/change.xlsx): made once, read by every case.
struct Keepers {
    Keepers() {
        BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", db().string()}).exit_code == 0);
        const auto r = run_asemdb({"change", "workbook", "-o", book().string(), "--db", db().string()});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        fs::create_directory(dir / "edits");
        std::vector<std::string> args = {(source_dir() / "tests/xlsx/edit_keepers.py").string(), book().string(),
                                         (dir / "edits").string()};
        args.insert(args.end(), kEdits.begin(), kEdits.end());
        const auto made = run_program(ASEMDB_PYTHON, args);
        BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
        // LibreOffice opens each and saves it again, as a person re-saving it would.
        const auto lo = run_program("/usr/bin/soffice", {"-env:UserInstallation=file://" + (dir / "lo-profile").string(),
                                                         "--headless", "--convert-to", "xlsx", "--outdir", (dir / "lo").string(),
                                                         book().string(), edited("change").string()});
        BOOST_TEST_REQUIRE(lo.exit_code == 0, lo.err);
    }
    fs::path db() const { return dir / "asem.db"; }
    fs::path book() const { return dir / "keepers.xlsx"; }
    fs::path edited(const std::string& name) const { return dir / "edits" / (name + ".xlsx"); }
    fs::path resaved(const std::string& name) const { return dir / "lo" / (name + ".xlsx"); }
    RunResult from(const fs::path& workbook, std::vector<std::string> more = {}) const {
        std::vector<std::string> args = {"change", "from-workbook", workbook.string(), "--title", "Workbook edit",
                                         "--db", db().string()};
        args.insert(args.end(), more.begin(), more.end());
        return run_asemdb(args, in_dir(dir.path()));
    }
    TempDir dir;
};

struct Shared {
    Shared() : keepers(instance()) {}
    static Keepers& instance() {
        static Keepers k;
        return k;
    }
    Keepers& keepers;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(keepers_workbook)

BOOST_FIXTURE_TEST_CASE(the_export_has_a_sheet_per_table_with_typed_cells, Shared) {
    const auto sheets = asemdb::detail::read_xlsx_file(keepers.book());
    std::vector<std::string> names;
    for (const auto& s : sheets) names.push_back(s.name);
    const std::vector<std::string> expected = {"How to edit", "Sources", "Meetings", "Meeting parties", "Members",
                                               "Coordinators", "Themes", "Contact", "Bloc membership", "Caveats", "Lists"};
    BOOST_TEST(names == expected, boost::test_tools::per_element());
    const auto& coordinators = sheets[5];
    BOOST_TEST(coordinators.rows.at(0).at(0).text == "ID (key)");
    const auto& start = coordinators.rows.at(8).at(4);  // coordinator 8, Start date
    BOOST_TEST(static_cast<int>(start.type) == static_cast<int>(asemdb::detail::XlsxCell::Type::Date));
    BOOST_TEST(start.text == "2024-01-01");
    BOOST_TEST(sheets.back().hidden);
}

BOOST_FIXTURE_TEST_CASE(an_unchanged_workbook_gives_no_changes_from_either_client, Shared) {
    const TempDir tmp;
    for (const fs::path& book : {keepers.book(), keepers.edited("none"), keepers.resaved("keepers")}) {
        BOOST_TEST_CONTEXT(book) {
            const auto r = keepers.from(book, {"--source", "S12", "--changes", (tmp / "changes").string()});
            BOOST_TEST(r.exit_code == 0, r.err);
            BOOST_TEST(r.out == "no changes\n");
            BOOST_TEST(!fs::exists(tmp / "changes"));
        }
    }
}

BOOST_FIXTURE_TEST_CASE(an_edit_becomes_a_script_that_makes_the_database_match, Shared) {
    const TempDir tmp;
    const fs::path lo = keepers.resaved("change");
    const std::string before = read_bytes(keepers.db());
    std::string first_script;
    for (const fs::path& book : {keepers.edited("change"), lo}) {
        BOOST_TEST_CONTEXT(book) {
            const fs::path changes = tmp / (book == lo ? "lo" : "openpyxl");
            const fs::path script = changes / "001_workbook-edit.sql";
            const auto r = keepers.from(book, {"--source", "S12", "--changes", changes.string()});
            BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
            BOOST_TEST_MESSAGE(r.out);
            BOOST_TEST(has(r.out, "+ coordinator 11: Asia, ASEAN coordinator: Thailand, 2025-01-01 to 2025-06-30 (S12)"));
            BOOST_TEST(has(r.out, "+ theme 7: 7. Return and readmission (S12)"));
            BOOST_TEST(has(r.out, "~ theme 3 title: \"Irregular migration\" → \"Irregular migration and migrant smuggling\""));
            BOOST_TEST(has(r.out, "- meeting party 8, Cyprus, host"));
            BOOST_TEST(has(r.out, "2 added, 1 changed, 1 removed"));
            BOOST_TEST(r.err == "wrote " + script.string() + "\n");
            const std::string sql = read_bytes(script);
            if (first_script.empty()) first_script = sql;
            BOOST_TEST(sql == first_script);
        }
    }
    BOOST_TEST(read_bytes(keepers.db()) == before);
    // Applied by 'asemdb init' to a copy, the change makes the database say what the workbook says.
    fs::copy_file(keepers.db(), tmp / "applied.db");
    const auto init = run_asemdb({"init", "--db", (tmp / "applied.db").string(), "--changes", (tmp / "openpyxl").string()});
    BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    SQLite::Database applied((tmp / "applied.db").string(), SQLite::OPEN_READONLY);
    BOOST_TEST(scalar(applied, "SELECT c.name || ' ' || k.start_date || ' ' || k.source_key FROM coordinator k "
                               "JOIN country c USING (country_id) WHERE coordinator_id = 11") == "Thailand 2025-01-01 S12");
    BOOST_TEST(scalar(applied, "SELECT title FROM theme WHERE theme_id = 3") == "Irregular migration and migrant smuggling");
    BOOST_TEST(scalar(applied, "SELECT count(*) FROM fact_source WHERE table_name = 'theme' AND row_key = 'Irregular migration'") == "0");
    BOOST_TEST(scalar(applied, "SELECT source_key FROM theme WHERE theme_id = 7") == "S12");
    BOOST_TEST(scalar(applied, "SELECT count(*) FROM meeting_party WHERE meeting_id = 8") == "0");
}

BOOST_FIXTURE_TEST_CASE(dry_run_prints_the_review_and_writes_nothing, Shared) {
    const auto files = std::distance(fs::directory_iterator(keepers.dir.path()), fs::directory_iterator());
    const auto r = keepers.from(keepers.edited("change"), {"--source", "S12", "--dry-run"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(has(r.out, "- meeting party 8, Cyprus, host"));
    BOOST_TEST(std::distance(fs::directory_iterator(keepers.dir.path()), fs::directory_iterator()) == files);
}

struct BadEdit {
    std::string edit;
    std::string fragment;  ///< on the first line of stderr
    int lines = 1;
};
std::ostream& operator<<(std::ostream& out, const BadEdit& b) { return out << b.edit; }

const std::vector<BadEdit> kBadEdits = {
    {"end_before_start", "Coordinators!F9: end date 2023-01-01 is before start date 2024-01-01"},
    {"unknown_key", "Coordinators!A9: unknown coordinator 99: leave the key empty for a new row"},
    {"duplicate_key", "Coordinators!A10: duplicate key 8 (also on row 9)"},
    {"key_deleted", "Coordinators: the key column 'ID (key)' is missing"},
    {"sheet_renamed", "Topics: not a sheet of the keepers' workbook (a sheet renamed?)", 2},
    {"text_date", "Coordinators!E9: '01/07/2024' is not a date: enter a date cell or YYYY-MM-DD"},
    {"closed_set", "Coordinators!B9: 'Africa' is not one of Asia, Europe"},
    {"formula", "Themes!B4: holds a formula; type the value itself"},
    {"required_empty", "Coordinators!C9: Role is required"},
    {"constraint", "Themes!B4: the database refuses it: UNIQUE constraint failed: theme.position"},
    {"two_problems", "Coordinators!B9: 'Africa' is not one of Asia, Europe", 2},
    {"zip_bomb", "part 'xl/worksheets/sheet2.xml' inflates past the limits (a zip bomb?)"},
    {"past_limits", "sheet 'Sources' goes past Excel's last row (1048576)"},
    {"not_xlsx", "not an xlsx workbook (not a zip archive)"},
};

BOOST_DATA_TEST_CASE_F(Shared, a_bad_edit_is_refused_at_its_cell_and_changes_nothing, boost::unit_test::data::make(kBadEdits),
                       bad) {
    const TempDir tmp;
    const std::string before = read_bytes(keepers.db());
    const auto r = keepers.from(keepers.edited(bad.edit), {"--source", "S12", "--changes", (tmp / "changes").string()});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(count_lines(r.err) == bad.lines, r.err);
    BOOST_TEST(has(r.err.substr(0, r.err.find('\n')), "asemdb: " + keepers.edited(bad.edit).string() + ": " + bad.fragment), r.err);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(!fs::exists(tmp / "changes"));
    BOOST_TEST(read_bytes(keepers.db()) == before);
}

BOOST_AUTO_TEST_SUITE_END()
