// asemdb change and the changes directory, end to end on the built binary and a
// real SQLite file: writing a change, applying it with init, listing and showing
// it, auditing without the directory, and every bad input.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kCoordinator =
    "INSERT INTO coordinator (country_id, organisation_id, asem_side, role, start_date, end_date, period_basis, source_key)\n"
    "VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'CY'), NULL, 'Europe', 'EU Council Presidency',\n"
    "        '2012-10-30', '2012-10-31', 'During the 11th DG conference.', 'M8');\n"
    // The audit holds a coordinator to a source that names it.
    "UPDATE source SET states = 'The 11th DG conference was held during the Cyprus EU Council Presidency.'\n"
    " WHERE source_key = 'M8';\n";

// A database built once per test, its changes directory beside it (the default).
struct ChangeCli {
    ChangeCli() {
        const auto init = asemdb({"init"});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    fs::path db() const { return dir / "asem.db"; }
    fs::path changes() const { return dir / "changes"; }
    // Runs asemdb in the database's directory with --db asem.db and no $ASEMDB_CHANGES.
    RunResult asemdb(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
        args.insert(args.end(), {"--db", "asem.db"});
        ProcessOptions options = in_dir(dir.path());
        options.env = std::move(env);
        options.env.emplace("SOURCE_DATE_EPOCH", "1796601600");  // 2026-12-07
        options.unset_env = {"ASEMDB_DB", "ASEMDB_CHANGES"};
        return run_asemdb(args, options);
    }
    // Writes a change with `change new` and appends `body` to it; returns its path.
    fs::path new_change(const std::string& title, const std::string& body, std::vector<std::string> source = {"--source", "M8"}) const {
        std::vector<std::string> args{"change", "new", title, "--author", "keeper"};
        args.insert(args.end(), source.begin(), source.end());
        const auto r = asemdb(args);
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        const fs::path file = dir / r.out.substr(0, r.out.size() - 1);
        write_text(file, read_bytes(file) + body);
        return file;
    }
    nlohmann::json audit_json() const {
        const auto r = asemdb({"audit", "--as-of", "2026-12-07", "--format", "json"});
        BOOST_TEST_MESSAGE(r.err);
        return nlohmann::json::parse(r.out);
    }
    static void check_refused(const RunResult& r, const std::string& what) {
        BOOST_TEST_MESSAGE("stderr: " << r.err);
        BOOST_TEST(r.exit_code == 2);
        BOOST_TEST(count_lines(r.err) == 1);
        BOOST_TEST(contains(r.err, what), "stderr lacks '" << what << "': " << r.err);
    }
    TempDir dir;
};

const nlohmann::json& check_of(const nlohmann::json& doc, const std::string& id) {
    for (const auto& c : doc.at("checks"))
        if (c.at("id") == id) return c;
    BOOST_FAIL("no check " << id);
    return doc;
}

// The values.* checks that do not pass, as "id status".
std::string values_not_passing(const nlohmann::json& doc) {
    std::string out;
    for (const auto& c : doc.at("checks"))
        if (c.at("id").get<std::string>().rfind("values.", 0) == 0 && c.at("status") != "pass")
            out += c.at("id").get<std::string>() + " " + c.at("status").get<std::string>() + "; ";
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_change, ChangeCli)

BOOST_AUTO_TEST_CASE(change_new_writes_the_next_numbered_change_with_its_header) {
    const auto r = asemdb({"change", "new", "Cyprus coordinates at the 11th DG conference", "--source", "M8", "--author", "keeper"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "changes/001_cyprus-coordinates-at-the-11th-dg-conference.sql\n");
    const auto text = read_bytes(dir / "changes/001_cyprus-coordinates-at-the-11th-dg-conference.sql");
    BOOST_TEST(text.rfind("-- title: Cyprus coordinates at the 11th DG conference\n-- date: 2026-12-07\n"
                          "-- author: keeper\n-- source: M8\n\n-- Write the change below", 0) == 0, text);
    BOOST_TEST(contains(text, "-- INSERT INTO coordinator"));
    const auto second = asemdb({"change", "new", "Another", "--source-title", "A page", "--source-url", "https://example.org/"},
                               {{"USER", "someone"}});
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);
    BOOST_TEST(second.out == "changes/002_another.sql\n");
    const auto added = read_bytes(dir / "changes/002_another.sql");
    BOOST_TEST(contains(added, "-- author: someone\n-- source: S20\n-- source-title: A page\n-- source-url: https://example.org/\n"), added);
    BOOST_TEST(contains(added, "\nINSERT INTO source (source_key, kind, title, reference, note, states) VALUES\n"), added);
}

BOOST_AUTO_TEST_CASE(a_correct_change_applies_and_the_audit_passes_without_the_directory) {
    new_change("Cyprus coordinates", kCoordinator);
    const auto init = asemdb({"init"});
    BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    BOOST_TEST(contains(init.out, "changes/001_cyprus-coordinates.sql"), init.out);
    fs::remove_all(changes());
    const auto r = asemdb({"audit", "--as-of", "2026-12-07"});
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(values_not_passing(audit_json()) == "");
    BOOST_TEST(asemdb({"query", "SELECT count(*) FROM coordinator WHERE start_date = '2012-10-30'", "--csv", "--no-headers"}).out == "1\r\n");
}

BOOST_AUTO_TEST_CASE(a_row_added_outside_any_script_is_drift_and_a_changed_value_fails) {
    new_change("Cyprus coordinates", kCoordinator);
    BOOST_TEST_REQUIRE(asemdb({"init"}).exit_code == 0);
    const auto sqlite3 = run_program("/usr/bin/sqlite3", {db().string(),
        "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'By hand.', 'GK');"});
    BOOST_TEST_REQUIRE(sqlite3.exit_code == 0, sqlite3.err);
    auto doc = audit_json();
    BOOST_TEST(check_of(doc, "values.theme").at("status") == "drift");
    BOOST_TEST(check_of(doc, "values.coordinator").at("status") == "pass");
    BOOST_TEST(asemdb({"audit", "--as-of", "2026-12-07"}).exit_code == 0);

    const auto edit = run_program("/usr/bin/sqlite3", {db().string(),
        "UPDATE coordinator SET end_date = '2012-12-31' WHERE start_date = '2012-10-30';"});
    BOOST_TEST_REQUIRE(edit.exit_code == 0, edit.err);
    doc = audit_json();
    BOOST_TEST(check_of(doc, "values.coordinator").at("status") == "fail");
    BOOST_TEST(contains(check_of(doc, "values.coordinator").at("detail"), "end_date '2012-10-31' -> '2012-12-31'"));
    BOOST_TEST(asemdb({"audit", "--as-of", "2026-12-07"}).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(change_list_shows_applied_pending_and_edited_changes) {
    BOOST_TEST(asemdb({"change", "list"}).out == "no changes: none applied to asem.db, none in changes\n");
    const auto first = new_change("Cyprus coordinates", kCoordinator);
    BOOST_TEST_REQUIRE(asemdb({"init"}).exit_code == 0);
    new_change("A new source", "", {"--source-title", "A page", "--source-url", "https://example.org/"});
    auto r = asemdb({"change", "list"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "number  state    source  title\n"
                        "001     applied  M8      Cyprus coordinates\n"
                        "002     pending  S20     A new source\n");
    write_text(first, read_bytes(first) + "-- later\n");
    r = asemdb({"change", "list"});
    BOOST_TEST(contains(r.out, "001     applied, edited since applied  M8      Cyprus coordinates\n"), r.out);
    check_refused(asemdb({"init"}), "001_cyprus-coordinates.sql: changed since it was applied");
}

BOOST_AUTO_TEST_CASE(change_show_prints_the_kept_text_or_the_pending_file) {
    const auto first = new_change("Cyprus coordinates", kCoordinator);
    const auto applied = read_bytes(first);
    BOOST_TEST_REQUIRE(asemdb({"init"}).exit_code == 0);
    fs::remove(first);
    new_change("Second", "SELECT 1;\n");
    BOOST_TEST(asemdb({"change", "show", "1"}).out == applied);
    BOOST_TEST(asemdb({"change", "show", "001"}).out == applied);
    BOOST_TEST(contains(asemdb({"change", "show", "2"}).out, "-- title: Second\n"));
    check_refused(asemdb({"change", "show", "3"}), "no change numbered 3; there are 1, 2");
    check_refused(asemdb({"change", "show", "x"}), "expected a change's number");
}

BOOST_AUTO_TEST_CASE(a_failing_change_names_file_and_line_and_leaves_the_database_byte_identical) {
    new_change("Broken", "INSERT INTO theme (position, title, description, source_key)\nVALUES (1, 'Dup', 'x', 'M8');\n");
    const auto before = read_bytes(db());
    const auto r = asemdb({"init"});
    check_refused(r, "changes/001_broken.sql:");
    BOOST_TEST(contains(r.err, "UNIQUE constraint failed: theme.position"), r.err);
    BOOST_TEST(std::regex_search(r.err, std::regex("001_broken\\.sql:[0-9]+: ")), r.err);
    BOOST_TEST(read_bytes(db()) == before);
}

BOOST_AUTO_TEST_CASE(the_changes_directory_comes_from_the_option_the_environment_or_beside_the_database) {
    fs::create_directories(dir / "elsewhere");
    write_text(dir / "elsewhere/001_theme.sql",
               "-- title: t\n-- source: M8\nINSERT INTO theme (position, title, description, source_key) VALUES (7, 'R', 'x', 'M8');\n");
    BOOST_TEST(asemdb({"change", "list", "--changes", "elsewhere"}).out ==
               "number  state    source  title\n001     pending  M8      t\n");
    BOOST_TEST(contains(asemdb({"change", "list"}, {{"ASEMDB_CHANGES", "elsewhere"}}).out, "001     pending"));
    const auto r = asemdb({"init"}, {{"ASEMDB_CHANGES", "elsewhere"}});
    BOOST_TEST(contains(r.out, "changes/001_theme.sql"), r.out);
}

BOOST_AUTO_TEST_CASE(bad_inputs_exit_2_with_one_line) {
    check_refused(asemdb({"change", "new", "T", "--source", "M88"}), "--source 'M88': no such source");
    check_refused(asemdb({"change", "new", "T", "--source", "M88"}), "did you mean 'M8'?");
    check_refused(asemdb({"change", "new", "T", "--source", "M8", "--source-title", "x", "--source-url", "u"}), "not both");
    check_refused(asemdb({"change", "new", "T"}), "every change cites its source");
    check_refused(asemdb({"change", "new", "T", "--source-title", "x"}), "both --source-title and --source-url");
    check_refused(asemdb({"change", "new", "", "--source", "M8"}), "change title: must not be empty");
    BOOST_TEST(!fs::exists(changes()));
    check_refused(asemdb({"init", "--changes", "nowhere"}), "nowhere: changes directory does not exist (named by --changes)");
    check_refused(asemdb({"change", "list"}, {{"ASEMDB_CHANGES", "nowhere"}}), "named by $ASEMDB_CHANGES");
    fs::create_directories(changes());
    write_text(changes() / "coordinators.sql", "SELECT 1;\n");
    const auto before = read_bytes(db());
    check_refused(asemdb({"init"}), "coordinators.sql: not a change");
    check_refused(asemdb({"change", "list"}), "coordinators.sql: not a change");
    BOOST_TEST(read_bytes(db()) == before);
}

BOOST_AUTO_TEST_SUITE_END()
