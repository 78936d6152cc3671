// asemdb audit, end to end on the built binary: the seed database, tampered
// copies, baselines, every output format read back by an independent parser, and
// every bad input.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Parses JUnit XML with Python's ElementTree and prints its shape as JSON.
constexpr const char* kJunitShape = R"(
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall('testsuite/testcase')
print(json.dumps({"root": root.tag, "tests": int(root.get("tests")), "failures": int(root.get("failures")),
                  "suites": [s.get("name") for s in root.findall("testsuite")], "cases": len(cases),
                  "failed": [c.get("name").split(":")[0] for c in cases if c.find("failure") is not None],
                  "failure_text": [c.find("failure").text or "" for c in cases if c.find("failure") is not None]}))
)";

// A database built once per test, in its own directory.
struct AuditCli {
    AuditCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    RunResult audit(std::vector<std::string> args, const std::string& database = "") const {
        args.insert(args.begin(), "audit");
        args.insert(args.end(), {"--db", database.empty() ? db() : database});
        return run_asemdb(args, in_dir(dir.path()));
    }
    // A copy of the database changed by `sql` with foreign keys and CHECKs off, as a careless hand would.
    std::string tampered(const std::string& sql) const {
        const auto copy = dir / "tampered.db";
        fs::copy_file(db(), copy, fs::copy_options::overwrite_existing);
        SQLite::Database database(copy.string(), SQLite::OPEN_READWRITE);
        database.exec("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;");
        database.exec(sql);
        return copy.string();
    }
    // Bad input: exit 2, one line on stderr naming `what`.
    static void check_refused(const RunResult& r, const std::string& what) {
        BOOST_TEST_MESSAGE("stderr: " << r.err);
        BOOST_TEST(r.exit_code == 2);
        BOOST_TEST(count_lines(r.err) == 1);
        BOOST_TEST(contains(r.err, what), "stderr lacks '" << what << "': " << r.err);
    }
    nlohmann::json python_json(const std::vector<std::string>& args) const {
        const auto r = run_program(ASEMDB_PYTHON, args);
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return nlohmann::json::parse(r.out);
    }
    TempDir dir;
};

const nlohmann::json& check_of(const nlohmann::json& doc, const std::string& id) {
    for (const auto& c : doc.at("checks"))
        if (c.at("id") == id) return c;
    BOOST_FAIL("no check " << id);
    return doc;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_audit, AuditCli)

BOOST_AUTO_TEST_CASE(the_seed_database_passes_and_reports_the_eu_drift_as_of_today) {
    const auto before = read_bytes(db());
    const auto r = audit({});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "  pass   declared.member_states "));
    BOOST_TEST(contains(r.out, "51 declared; holds on 2018-06-30 (51)"));
    BOOST_TEST(contains(r.out, "  drift  declared.eu_states "));
    BOOST_TEST(contains(r.out, "28 declared; holds on 2018-06-30 (28) but not on "));
    BOOST_TEST(contains(r.out, "United Kingdom left the EU on 2020-01-31 (28 -> 27)"));
    BOOST_TEST(contains(r.out, "  warn   declared.asian_countries "));
    BOOST_TEST(contains(r.out, "0 fail; exit code 0"));
    BOOST_TEST(read_bytes(db()) == before, "the audit changed the database");
}

BOOST_AUTO_TEST_CASE(every_declared_count_holds_in_2019_and_strict_fails_on_drift) {
    const auto r = audit({"--as-of", "2019-12-31"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "  pass   declared.eu_states "));
    BOOST_TEST(!contains(r.out, "drift  "));
    BOOST_TEST(audit({"--as-of", "2026-03-01", "--strict"}).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(a_deleted_member_state_fails_and_is_named) {
    const auto r = audit({"--as-of", "2026-01-01"},
                         tampered("DELETE FROM forum_member WHERE country_id = "
                                  "(SELECT country_id FROM country WHERE iso_alpha2 = 'DE')"));
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "  fail   declared.member_states "));
    BOOST_TEST(contains(r.out, "51 declared, but the data gives 50 on 2018-06-30"));
    BOOST_TEST(contains(r.out, "  fail   custom.bloc_members_are_partners "));
    BOOST_TEST(contains(r.out, "\n         Germany  EU    1958-01-01"), r.out);
}

BOOST_AUTO_TEST_CASE(a_malformed_iso_code_fails_and_is_named) {
    const auto r = audit({"--as-of", "2026-01-01"}, tampered("UPDATE country SET iso_alpha3 = 'fra' WHERE name = 'France'"));
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "  fail   custom.iso_codes "));
    BOOST_TEST(contains(r.out, "France  FR          fra"), r.out);
}

BOOST_AUTO_TEST_CASE(an_orphan_row_fails_and_is_named) {
    const auto r = audit({"--as-of", "2026-01-01"},
                         tampered("INSERT INTO coordinator (country_id, asem_side, role, start_date, period_basis, "
                                  "source_key) VALUES (777, 'Asia', 'ASEAN coordinator', '2025-01-01', 'test', 'DOC')"));
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "  fail   integrity.foreign_keys "));
    BOOST_TEST(contains(r.out, "coordinator  11     country_id  777    country"), r.out);
    BOOST_TEST(contains(r.out, "  fail   custom.coordinators "));
    BOOST_TEST(contains(r.out, "country 777  no such party"), r.out);
}

BOOST_AUTO_TEST_CASE(a_damaged_index_fails_the_integrity_check) {
    const auto r = audit({"--as-of", "2026-01-01"},
                         tampered("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET rootpage = (SELECT rootpage "
                                  "FROM sqlite_schema WHERE name = 'coordinator_period') WHERE name = "
                                  "'bloc_membership_country'"));
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "  fail   integrity.sqlite "));
    BOOST_TEST(contains(r.out, "missing from index bloc_membership_country"));
}

BOOST_AUTO_TEST_CASE(a_changed_applied_script_fails_and_is_named) {
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "seed/007_declared_counts.sql", read_bytes(sql / "seed/007_declared_counts.sql") + "\n-- edited\n");
    const auto r = audit({"--as-of", "2026-01-01", "--sql-dir", sql.string()});
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "  fail   integrity.scripts "));
    BOOST_TEST(contains(r.out, "changed since applied: seed/007_declared_counts.sql"));
    BOOST_TEST(contains(r.out, (sql / "seed/007_declared_counts.sql").string()));
}

BOOST_AUTO_TEST_CASE(a_baseline_reports_an_added_and_a_removed_row) {
    const auto saved = audit({"--format", "json", "--save-baseline", "baseline.json", "--as-of", "Today"});
    BOOST_TEST(saved.exit_code == 0, saved.err);
    BOOST_TEST(nlohmann::json::parse(saved.out).at("summary").at("fail") == 0);  // the notice is not on stdout
    BOOST_TEST(contains(saved.err, "saved the row counts of"));
    const auto baseline = nlohmann::json::parse(read_bytes(dir / "baseline.json"));
    BOOST_TEST(baseline.at("tables").at("country") == 51);
    const auto changed = tampered("INSERT INTO theme (position, title, description, source_key) VALUES (7, 'x', 'x', 'GK');"
                                  "DELETE FROM meeting_outcome WHERE rowid = (SELECT max(rowid) FROM meeting_outcome)");
    const auto r = audit({"--as-of", "2026-01-01", "--baseline", "baseline.json"}, changed);
    BOOST_TEST(r.exit_code == 1, r.err);  // a seeded row removed fails against the scripts
    BOOST_TEST(contains(r.out, "  drift  rows.theme "), r.out);
    BOOST_TEST(contains(r.out, "7 rows; the baseline had 6 (+1)"));
    BOOST_TEST(contains(r.out, "  drift  rows.meeting_outcome "));
    BOOST_TEST(contains(r.out, "4 rows; the baseline had 5 (-1)"));
    BOOST_TEST(contains(r.out, "  pass   rows.country "));
    const auto doc = nlohmann::json::parse(audit({"--baseline", "baseline.json", "--format", "json"}, changed).out);
    BOOST_TEST(check_of(doc, "rows.theme").at("figures").at("baseline") == 6);
    BOOST_TEST(check_of(doc, "rows.theme").at("figures").at("rows") == 7);
    BOOST_TEST(check_of(doc, "rows.country").at("status") == "pass");
    // The baseline's row digests name what came, went and changed.
    BOOST_TEST(baseline.at("rows").at("country").size() == 51u);
    BOOST_TEST(contains(r.out, "since the baseline: x added"), r.out);
    BOOST_TEST(contains(r.out, "#5 removed"), r.out);
    const auto edited = tampered("UPDATE country SET iso_numeric = '037' WHERE iso_alpha2 = 'AU'");
    const auto e = audit({"--as-of", "2026-01-01", "--baseline", "baseline.json"}, edited);
    BOOST_TEST(contains(e.out, "  drift  rows.country "), e.out);
    BOOST_TEST(contains(e.out, "51 rows, as in the baseline; since the baseline: Australia (AU) changed"), e.out);
    // A baseline of counts only (written before row digests) still reads.
    auto counts_only = baseline;
    counts_only.erase("rows");
    write_text(dir / "counts.json", counts_only.dump());
    const auto old = audit({"--as-of", "2026-01-01", "--baseline", "counts.json"}, edited);
    BOOST_TEST(old.exit_code == 1, old.err);
    BOOST_TEST(contains(old.out, "  pass   rows.country "), old.out);
}

BOOST_AUTO_TEST_CASE(json_output_parses_and_carries_the_figures) {
    const auto r = audit({"--as-of", "2026-01-01", "--format", "json"});
    BOOST_TEST(r.exit_code == 0, r.err);
    const auto doc = nlohmann::json::parse(r.out);
    BOOST_TEST(doc.at("as_of") == "2026-01-01");
    BOOST_TEST(doc.at("summary").at("fail") == 0);
    const auto& eu = check_of(doc, "declared.eu_states");
    BOOST_TEST(eu.at("status") == "drift");
    BOOST_TEST(eu.at("figures").at("declared") == 28);
    BOOST_TEST(eu.at("figures").at("on_as_of") == 27);
    BOOST_TEST(contains(eu.at("figures").at("reason").get<std::string>(), "United Kingdom left the EU on 2020-01-31"));
    const auto& asian = check_of(doc, "declared.asian_countries");
    BOOST_TEST(asian.at("status") == "warn");
    BOOST_TEST(asian.at("figures").at("on_holds_on") == 21);
    BOOST_TEST(contains(asian.at("figures").at("holds_on_basis").get<std::string>(), "contradicts the membership list"));
}

BOOST_AUTO_TEST_CASE(junit_output_parses_with_a_failure_per_failing_check) {
    const auto changed = tampered("UPDATE country SET iso_alpha2 = 'D1' WHERE name = 'Germany'");
    const auto r = audit({"--as-of", "2026-01-01", "-o", "audit.xml"}, changed);
    BOOST_TEST(r.exit_code == 1, r.err);
    const auto shape = python_json({"-c", kJunitShape, (dir / "audit.xml").string()});
    BOOST_TEST(shape.at("root") == "testsuites");
    BOOST_TEST(shape.at("suites") == nlohmann::json({"asemdb.audit.declared", "asemdb.audit.integrity",
                                                      "asemdb.audit.rows", "asemdb.audit.custom",
                                                      "asemdb.audit.values"}));
    BOOST_TEST(shape.at("cases") == shape.at("tests"));
    BOOST_TEST(shape.at("failures") == 3);  // the shape check, the scripts' values, the standard
    BOOST_TEST(shape.at("failed") == nlohmann::json({"custom.iso_codes", "values.country", "values.iso_3166"}));
    BOOST_TEST(contains(shape.at("failure_text")[0].get<std::string>(), "Germany"));
    const auto strict = audit({"--as-of", "2026-01-01", "--format", "junit", "--strict"});
    BOOST_TEST(strict.exit_code == 1);
    write_text(dir / "strict.xml", strict.out);
    const auto strict_shape = python_json({"-c", kJunitShape, (dir / "strict.xml").string()});
    BOOST_TEST(strict_shape.at("failed") ==
               nlohmann::json({"declared.eu_states", "declared.other_states", "declared.asian_countries"}));
}

BOOST_AUTO_TEST_CASE(xlsx_output_opens_in_the_independent_reader) {
    const auto changed = tampered("UPDATE country SET iso_alpha2 = 'D1' WHERE name = 'Germany'");
    const auto r = audit({"--as-of", "2026-01-01", "--format", "xlsx", "-o", "audit.xlsx"}, changed);
    BOOST_TEST(r.exit_code == 1, r.err);
    BOOST_TEST(contains(r.out, "wrote audit.xlsx"));
    const auto book = python_json({(source_dir() / "tests/xlsx/dump_workbook.py").string(),
                                   (dir / "audit.xlsx").string(), "--rows", "100"});
    BOOST_TEST(book.at("sheets") == nlohmann::json({"results", "offending rows", "About"}));
    const auto& results = book.at("sheet").at("results");
    const auto& header = results.at("cells")[0];
    BOOST_TEST(header[1].at("value") == "check");
    BOOST_TEST(header[3].at("value") == "status");
    BOOST_TEST(results.at("freeze_panes") == "A2");
    bool found = false;
    for (const auto& row : results.at("cells")) {
        if (row[1].is_null() || row[1].at("value") != "custom.iso_codes") continue;
        found = true;
        BOOST_TEST(row[3].at("value") == "fail");
        BOOST_TEST(row[5].at("value") == 1);
        BOOST_TEST(row[5].at("type") == "n");
    }
    BOOST_TEST(found);
    const auto& offending = book.at("sheet").at("offending rows").at("cells");
    BOOST_TEST(offending.size() == 4u);  // header, and Germany in custom.iso_codes, values.country, values.iso_3166
    found = false;
    for (const auto& row : offending) {
        if (row[0].at("value") != "custom.iso_codes") continue;
        found = true;
        BOOST_TEST(contains(row[3].at("value").get<std::string>(), "name: Germany; iso_alpha2: D1"));
    }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_users_checks_directory_adds_checks) {
    fs::create_directory(dir / "checks");
    write_text(dir / "checks/no_uk.sql", "-- title: The United Kingdom is not in the EU\n-- severity: warning\n"
                                         "SELECT country FROM bloc_member WHERE iso_alpha2 = 'GB' AND bloc_key = 'EU'\n"
                                         "   AND :as_of BETWEEN start_date AND coalesce(end_date, '9999-12-31');\n");
    const auto r = audit({"--as-of", "2019-12-31", "--checks-dir", "checks"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "  warn   custom.no_uk "));
    BOOST_TEST(contains(r.out, "\n         United Kingdom\n"), r.out);
    BOOST_TEST(audit({"--as-of", "2019-12-31", "--checks-dir", "checks", "--strict"}).exit_code == 1);
    BOOST_TEST(contains(audit({"--as-of", "2026-01-01", "--checks-dir", "checks"}).out, "  pass   custom.no_uk "));
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_in_one_line_and_touches_no_file) {
    write_text(dir / "report.json", "old report");
    write_text(dir / "saved.json", "old baseline");
    write_text(dir / "malformed.json", "{\"tables\": ");
    write_text(dir / "bad_rows.json", R"({"tables": {"country": 51}, "rows": {"country": {"'AU'": 5}}})");
    fs::create_directory(dir / "bad");
    write_text(dir / "bad/header.sql", "-- title: T\n-- severity: sometimes\nSELECT 1;\n");
    fs::create_directory(dir / "broken");
    write_text(dir / "broken/query.sql", "-- title: T\n-- severity: error\nSELECT *\n  FROM nowhere;\n");
    const std::vector<std::string> outputs{"-o", "report.json", "--save-baseline", "saved.json"};
    auto refused = [&](std::vector<std::string> args, const std::string& what) {
        args.insert(args.end(), outputs.begin(), outputs.end());
        check_refused(audit(args), what);
        BOOST_TEST(read_bytes(dir / "report.json") == "old report");
        BOOST_TEST(read_bytes(dir / "saved.json") == "old baseline");
    };
    refused({"--baseline", "absent.json"}, "absent.json: cannot read file");
    refused({"--baseline", "malformed.json"}, "malformed.json: not valid JSON");
    refused({"--baseline", "bad_rows.json"}, "bad_rows.json: not an asemdb baseline: row 'AU' of 'country' has no");
    refused({"--checks-dir", "nowhere"}, "nowhere: checks directory does not exist");
    refused({"--checks-dir", "bad"}, "bad/header.sql:2: severity must be 'error' or 'warning', got 'sometimes'");
    refused({"--checks-dir", "broken"}, "broken/query.sql:4: no such table: nowhere");
    refused({"--as-of", "2024-02-30"},
            "expected a date YYYY-MM-DD or a relative date such as 'today' or 'end_of_previous_month', got '2024-02-30'");
    refused({"--as-of", "last_tuesday"}, "got 'last_tuesday'");
    refused({"--format", "pdf"}, "unknown format 'pdf'");
    check_refused(audit({}, (dir / "absent.db").string()), "absent.db");
    SQLite::Database((dir / "plain.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t (x)");
    check_refused(audit({}, (dir / "plain.db").string()), "not an asemdb database");
    check_refused(audit({"--format", "xlsx"}), "give -o FILE.xlsx");
    check_refused(audit({"-o", "no/such/dir/audit.json"}), "does not exist");
    check_refused(audit({"-o", "audit.pdf"}), "cannot tell the format");
    BOOST_TEST(!fs::exists(dir / "no"));
}

// ---- the values against the scripts, and the codes against the standard ------

BOOST_AUTO_TEST_CASE(the_seed_database_matches_its_scripts_and_the_standard) {
    const auto r = audit({"--as-of", "2026-01-01", "--format", "json"});
    BOOST_TEST(r.exit_code == 0, r.err);
    int values = 0;
    const auto doc = nlohmann::json::parse(r.out);
    for (const auto& check : doc.at("checks"))
        if (check.at("category") == "values") {
            ++values;
            BOOST_TEST(check.at("status") == "pass", check.dump());
        }
    BOOST_TEST(values > 15);
}

// Each tampering, on a copy: the audit fails (or drifts) and names the row and the column.
BOOST_AUTO_TEST_CASE(tampered_values_fail_naming_row_and_column) {
    struct Case {
        const char* what;
        const char* sql;
        const char* check;
        const char* status;
        std::vector<std::string> says;
    };
    const std::vector<Case> cases = {
        {"a changed ISO numeric code", "UPDATE country SET iso_numeric = '037' WHERE iso_alpha2 = 'AU'", "values.country",
         "fail", {"country Australia (AU): iso_numeric '036' -> '037'", "no such numeric code; AU is 036"}},
        {"an alpha-2 code swapped for another valid one", "UPDATE country SET iso_alpha2 = 'AX' WHERE iso_alpha2 = 'AU'",
         "values.country", "fail", {"country Australia (AU): iso_alpha2 'AU' -> 'AX'", "AX is Åland Islands"}},
        {"a removed membership", "DELETE FROM forum_member WHERE country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'NO')",
         "values.forum_member", "fail",
         {"forum_member Norway (NO): removed", "51 declared, but the data gives 50",
          "against the scripts' build: forum_member Norway (NO): removed"}},
        {"a removed bloc end date", "UPDATE bloc_membership SET end_date = NULL WHERE end_date = '2020-01-31'",
         "values.bloc_membership", "fail",
         {"bloc_membership United Kingdom / EU from 1973-01-01: end_date '2020-01-31' -> NULL"}},
        {"a moved bloc end date", "UPDATE bloc_membership SET end_date = '2020-12-31' WHERE end_date = '2020-01-31'",
         "values.bloc_membership", "fail",
         {"bloc_membership United Kingdom / EU from 1973-01-01: end_date '2020-01-31' -> '2020-12-31'"}},
        {"a changed joining date", "UPDATE forum_member SET joined_on = '2010-01-01' WHERE joined_on = '2010-10-04' AND "
                                   "country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'AU')",
         "values.forum_member", "fail", {"forum_member Australia (AU): joined_on '2010-10-04' -> '2010-01-01'"}},
        {"a member moved to the other side", "UPDATE forum_member SET asem_side = 'Asia' WHERE country_id = "
                                             "(SELECT country_id FROM country WHERE iso_alpha2 = 'NO')",
         "values.forum_member", "fail", {"forum_member Norway (NO): asem_side 'Europe' -> 'Asia'"}},
        {"an added row", "INSERT INTO meeting_outcome (meeting_id, position, description, source_key) VALUES (1, 6, 'local note', 'M1')",
         "values.meeting_outcome", "drift", {"1 row added beyond the scripts", "#6: added"}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            const auto r = audit({"--as-of", "2026-01-01"}, tampered(c.sql));
            BOOST_TEST(r.exit_code == (std::string(c.status) == "fail" ? 1 : 0), r.err);
            BOOST_TEST(contains(r.out, std::string("  ") + c.status + std::string(6 - std::string(c.status).size(), ' ') +
                                           " " + c.check + " "),
                       r.out);
            for (const auto& words : c.says) BOOST_TEST(contains(r.out, words), words << "\n" << r.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(text_caps_the_differences_of_a_table_and_json_lists_them_all) {
    const auto copy = tampered("UPDATE country SET un_subregion = 'somewhere'");
    const auto text = audit({"--as-of", "2026-01-01"}, copy);
    BOOST_TEST(text.exit_code == 1);
    BOOST_TEST(contains(text.out, "51 values changed"), text.out);
    BOOST_TEST(contains(text.out, "... 31 more not shown"), text.out);  // 20 of 51 in text
    const auto json = audit({"--as-of", "2026-01-01", "--format", "json"}, copy);
    const auto doc = nlohmann::json::parse(json.out);
    for (const auto& check : doc.at("checks"))
        if (check.at("id") == "values.country") {
            BOOST_TEST(check.at("rows").size() == 51u);
            BOOST_TEST(check.at("offending") == 51);
        }
}

// How long it takes is a benchmark's question, not a test's: a loaded machine
// or a sanitizer build would fail a time limit here for nothing.
BOOST_AUTO_TEST_CASE(the_values_audit_is_read_only) {
    const auto before = read_bytes(db());
    const auto r = audit({"--as-of", "2026-01-01"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(read_bytes(db()) == before);
}

// A database made before membership had days: the audit says to migrate it, and
// once 'asemdb init' has, its values match the scripts it applied, in that order.
BOOST_AUTO_TEST_CASE(a_database_before_the_dated_membership_migrates_then_audits_clean) {
    const auto sql = copy_sql_tree(dir.path());
    for (const char* newer : {"schema/004_dated_membership_and_fact_sources.sql", "schema/005_applied_changes.sql",
                              "schema/006_what_the_reader_is_told.sql", "seed/009_membership_dates.sql",
                              "seed/010_fact_sources.sql", "seed/011_what_the_reader_is_told.sql",
                              "seed/012_names_for_prose_are_the_projects.sql"})
        fs::remove(sql / newer);
    const auto old = (dir / "old.db").string();
    BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", old, "--sql-dir", sql.string()}).exit_code == 0);
    const auto before = read_bytes(old);
    check_refused(audit({"--as-of", "2026-01-01"}, old), "run 'asemdb init' to apply the pending migrations");
    BOOST_TEST(read_bytes(old) == before);
    BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", old}).exit_code == 0);
    const auto r = audit({"--as-of", "2026-01-01"}, old);
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(contains(r.out, "  pass   values.forum_member "), r.out);
}

BOOST_AUTO_TEST_CASE(a_failed_count_names_only_the_differences_its_query_can_see) {
    const auto r = audit({"--as-of", "2026-01-01"},
                         tampered("DELETE FROM forum_member WHERE country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'NO');"
                                  "UPDATE bloc_membership SET end_date = NULL WHERE end_date = '2020-01-31'"));
    BOOST_TEST(r.exit_code == 1);
    std::string member_states;
    for (std::size_t at = r.out.find("declared.member_states"); at != std::string::npos && r.out[at] != '\n'; ++at)
        member_states += r.out[at];
    BOOST_TEST(contains(member_states, "against the scripts' build: forum_member Norway (NO): removed"), member_states);
    BOOST_TEST(!contains(member_states, "United Kingdom"), member_states);  // member_states never reads bloc_membership
}

BOOST_AUTO_TEST_SUITE_END()
