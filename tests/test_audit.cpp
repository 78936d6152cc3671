// The audit in process: declared counts and their drift, integrity, baselines,
// custom checks and their headers, and the renderers' shapes.

#include "asemdb/audit/audit.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "support/fixtures.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace asemdb {
// For Boost.Test's messages on a failed comparison.
inline std::ostream& operator<<(std::ostream& out, CheckStatus status) { return out << to_string(status); }
}  // namespace asemdb

using namespace asemdb;
using namespace asemdb::test;
namespace data = boost::unit_test::data;

namespace {

constexpr std::time_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A copy: reports are often temporaries here.
CheckResult find(const AuditReport& report, const std::string& id) {
    const auto it = std::find_if(report.checks.begin(), report.checks.end(), [&](const auto& c) { return c.id == id; });
    BOOST_TEST_REQUIRE((it != report.checks.end()), "no check " << id);
    return *it;
}

std::vector<std::string> ids_with(const AuditReport& report, CheckStatus status) {
    std::vector<std::string> out;
    for (const auto& c : report.checks)
        if (c.status == status) out.push_back(c.id);
    return out;
}

bool has_row_with(const CheckResult& check, const std::string& value) {
    return std::any_of(check.rows.begin(), check.rows.end(), [&](const auto& row) {
        return std::find(row.begin(), row.end(), value) != row.end();
    });
}

struct AuditDb : SeededDb {
    AuditReport audit(const std::string& as_of = "2026-01-01", AuditOptions options = {},
                      const SqlTree& tree = embedded_sql()) {
        options.as_of = as_of;
        return run_audit(conn, tree, options, kNow);
    }
    // A directory holding one check file with `text`.
    AuditOptions with_check(const std::string& name, const std::string& text) {
        write_text(dir / name, text);
        AuditOptions options;
        options.checks_dir = dir.path();
        return options;
    }
    std::string render(const AuditReport& report, Format format, bool strict = false) {
        std::ostringstream out;
        render_audit(report, format, out, strict);
        return out.str();
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(audit, AuditDb)

BOOST_AUTO_TEST_CASE(seed_database_passes_with_eu_drift_and_the_asian_contradiction_warned) {
    const auto report = audit();
    BOOST_TEST(report.exit_code(false) == 0);
    BOOST_TEST(report.exit_code(true) == 1);
    BOOST_TEST(ids_with(report, CheckStatus::Fail).empty());
    BOOST_TEST(ids_with(report, CheckStatus::Drift) == (std::vector<std::string>{"declared.eu_states", "declared.other_states"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids_with(report, CheckStatus::Warn) == std::vector<std::string>{"declared.asian_countries"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(each_declared_count_is_evaluated_on_the_date_it_holds) {
    const auto report = audit();
    for (const char* key : {"member_states", "asean_states", "eu_states", "other_states", "member_organisations"}) {
        const auto& check = find(report, std::string("declared.") + key);
        BOOST_TEST(check.figures.at(1).first == "holds_on");
        BOOST_TEST(std::get<std::string>(check.figures.at(1).second) == "2018-06-30");
        BOOST_TEST(contains(check.detail, "holds on 2018-06-30"), check.detail);
    }
    BOOST_TEST(find(report, "declared.member_states").status == CheckStatus::Pass);
    BOOST_TEST(find(report, "declared.member_states").detail ==
               "51 declared; holds on 2018-06-30 (51) and on 2026-01-01 (51)");
}

BOOST_AUTO_TEST_CASE(eu_drift_names_the_united_kingdom_from_the_data) {
    const auto report = audit();
    BOOST_TEST(find(report, "declared.eu_states").detail ==
               "28 declared; holds on 2018-06-30 (28) but not on 2026-01-01 (27): "
               "United Kingdom left the EU on 2020-01-31 (28 -> 27)");
    BOOST_TEST(contains(find(report, "declared.other_states").detail, "United Kingdom left the EU on 2020-01-31 (13 -> 14)"));
}

BOOST_AUTO_TEST_CASE(no_drift_while_the_united_kingdom_was_in_the_eu) {
    const auto report = audit("2019-12-31");
    BOOST_TEST(find(report, "declared.eu_states").status == CheckStatus::Pass);
    BOOST_TEST(ids_with(report, CheckStatus::Drift).empty());
}

BOOST_AUTO_TEST_CASE(a_drift_reason_names_only_the_members_that_move_the_count) {
    // Croatia and Kazakhstan both joined ASEM in 2014; only Croatia is in the EU.
    const auto eu = find(audit("2010-06-30"), "declared.eu_states").detail;
    BOOST_TEST(contains(eu, "Croatia became an ASEM partner on 2014-10-16 (27 -> 28)"), eu);
    BOOST_TEST(!contains(eu, "Kazakhstan"), eu);
    const auto all = find(audit("2010-06-30"), "declared.member_states").detail;
    BOOST_TEST(contains(all, "Bangladesh, Norway and Switzerland became ASEM partners on 2012-11-05 (46 -> 49)"), all);
}

BOOST_AUTO_TEST_CASE(a_drift_without_a_dated_cause_says_so) {
    conn.db().exec("UPDATE declared_count SET actual_query = 'SELECT CASE WHEN :as_of < ''2019-01-01'' THEN 2 ELSE 3 END' "
                   "WHERE count_key = 'member_organisations'");
    const auto& check = find(audit(), "declared.member_organisations");
    BOOST_TEST(check.status == CheckStatus::Drift);
    BOOST_TEST(contains(check.detail, "no dated change in the data explains it"), check.detail);
}

BOOST_AUTO_TEST_CASE(the_asian_count_warns_that_the_source_contradicts_itself) {
    const auto& check = find(audit(), "declared.asian_countries");
    BOOST_TEST(check.status == CheckStatus::Warn);
    BOOST_TEST(contains(check.detail, "19 declared, but the data gives 21 on 2018-06-30"), check.detail);
    BOOST_TEST(contains(check.detail, "the source contradicts itself"));
    BOOST_TEST(contains(check.detail, "member_states 51, asean_states 10, eu_states 28, other_states 13"));
    BOOST_TEST(contains(check.detail, "caveat 'Asian partners'"));
}

BOOST_AUTO_TEST_CASE(without_its_caveat_the_asian_contradiction_fails) {
    conn.db().exec("DELETE FROM source_caveat WHERE topic = 'Asian partners'");
    const auto report = audit();
    BOOST_TEST(find(report, "declared.asian_countries").status == CheckStatus::Fail);
    BOOST_TEST(report.exit_code(false) == 1);
}

BOOST_AUTO_TEST_CASE(deleting_a_member_state_fails_the_counts_and_names_it) {
    conn.db().exec("DELETE FROM forum_member WHERE country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'DE')");
    const auto report = audit();
    BOOST_TEST(report.exit_code(false) == 1);
    BOOST_TEST(find(report, "declared.member_states").status == CheckStatus::Fail);
    BOOST_TEST(contains(find(report, "declared.member_states").detail, "51 declared, but the data gives 50 on 2018-06-30"));
    BOOST_TEST(find(report, "declared.eu_states").status == CheckStatus::Fail);
    // With the data itself in doubt the Asian contradiction is no longer only the source's.
    BOOST_TEST(find(report, "declared.asian_countries").status == CheckStatus::Fail);
    const auto& partners = find(report, "custom.bloc_members_are_partners");
    BOOST_TEST(partners.status == CheckStatus::Fail);
    BOOST_TEST(partners.offending == 1u);
    BOOST_TEST(partners.rows.at(0).at(0) == "Germany");
}

BOOST_AUTO_TEST_CASE(a_malformed_iso_code_fails_its_check_naming_the_state) {
    conn.db().exec("PRAGMA ignore_check_constraints = ON; UPDATE country SET iso_alpha2 = 'D1' WHERE name = 'Germany'");
    const auto report = audit();
    const auto& iso = find(report, "custom.iso_codes");
    BOOST_TEST(iso.status == CheckStatus::Fail);
    BOOST_TEST(iso.offending == 1u);
    BOOST_TEST(iso.rows.at(0) == (std::vector<std::string>{"Germany", "D1", "DEU", "276", "malformed alpha-2"}),
               boost::test_tools::per_element());
    BOOST_TEST(report.exit_code(false) == 1);
}

BOOST_AUTO_TEST_CASE(an_orphan_row_fails_the_foreign_key_check) {
    conn.db().exec("PRAGMA foreign_keys = OFF; INSERT INTO meeting_party (meeting_id, country_id, role, source_key) "
                   "VALUES (9999, 1, 'host', 'DOC')");
    const auto report = audit();
    const auto& fk = find(report, "integrity.foreign_keys");
    BOOST_TEST(fk.status == CheckStatus::Fail);
    BOOST_TEST(fk.offending == 1u);
    BOOST_TEST(fk.rows.at(0).at(0) == "meeting_party");
    BOOST_TEST(fk.rows.at(0).at(2) == "meeting_id");
    BOOST_TEST(fk.rows.at(0).at(3) == "9999");
    BOOST_TEST(fk.rows.at(0).at(4) == "meeting");
    BOOST_TEST(report.exit_code(false) == 1);
}

BOOST_AUTO_TEST_CASE(a_changed_script_fails_naming_it_and_a_missing_one_warns) {
    SqlTree changed = embedded_sql();
    changed.seed.at(2).checksum = std::string(64, '0');
    const auto& check = find(audit("2026-01-01", {}, changed), "integrity.scripts");
    BOOST_TEST(check.status == CheckStatus::Fail);
    BOOST_TEST(check.offending == 1u);
    BOOST_TEST(check.rows.at(0).at(0) == changed.seed.at(2).name);
    BOOST_TEST(contains(check.detail, changed.seed.at(2).name));

    SqlTree missing = embedded_sql();
    missing.seed.pop_back();
    const auto& warned = find(audit("2026-01-01", {}, missing), "integrity.scripts");
    BOOST_TEST(warned.status == CheckStatus::Warn);
    BOOST_TEST(contains(warned.rows.at(0).at(1), "no such script"));
}

BOOST_AUTO_TEST_CASE(the_schema_version_is_compared_with_the_binarys) {
    BOOST_TEST(find(audit(), "integrity.schema_version").status == CheckStatus::Pass);
    SqlTree newer = embedded_sql();
    newer.schema.push_back({"schema/099_future.sql", "sql/schema/099_future.sql", "SELECT 1;", std::string(64, 'a')});
    BOOST_TEST(find(audit("2026-01-01", {}, newer), "integrity.schema_version").status == CheckStatus::Warn);
    conn.db().exec("PRAGMA user_version = 99");
    const auto& check = find(audit(), "integrity.schema_version");
    BOOST_TEST(check.status == CheckStatus::Fail);
    BOOST_TEST(contains(check.detail, "version 99, newer than"));
}

BOOST_AUTO_TEST_CASE(a_damaged_index_fails_the_integrity_check) {
    const auto file = dir / "damaged.db";
    {
        auto created = Connection::open(file, OpenMode::Create);
        migrate(created, embedded_sql());
        created.db().exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM "
                          "sqlite_schema WHERE name = 'coordinator_period') WHERE name = 'bloc_membership_country'");
    }
    const auto damaged = Connection::open(file, OpenMode::ReadOnly);
    AuditOptions options;
    options.as_of = "2026-01-01";
    const auto report = run_audit(damaged, embedded_sql(), options, kNow);
    const auto& check = find(report, "integrity.sqlite");
    BOOST_TEST(check.status == CheckStatus::Fail);
    BOOST_TEST(has_row_with(check, "row 1 missing from index bloc_membership_country"));
}

BOOST_AUTO_TEST_CASE(a_baseline_reports_rows_that_appear_and_vanish) {
    save_baseline(conn, dir / "baseline.json");
    conn.db().exec("INSERT INTO theme (position, title, description, source_key) VALUES (7, 'New', 'New', 'DOC');"
                   "DELETE FROM meeting_outcome WHERE rowid = (SELECT max(rowid) FROM meeting_outcome)");
    AuditOptions options;
    options.baseline = dir / "baseline.json";
    const auto report = audit("2026-01-01", options);
    BOOST_TEST(find(report, "rows.theme").status == CheckStatus::Drift);
    BOOST_TEST(find(report, "rows.theme").detail == "7 rows; the baseline had 6 (+1); since the baseline: New added");
    BOOST_TEST(find(report, "rows.meeting_outcome").detail ==
               "4 rows; the baseline had 5 (-1); since the baseline: ASEM Ministerial Conference on Cooperation for the "
               "Management of Migratory Flows between Europe and Asia #5 removed");
    BOOST_TEST(find(report, "rows.country").detail == "51 rows, as in the baseline");
    BOOST_TEST(find(report, "rows.country").status == CheckStatus::Pass);
}

BOOST_AUTO_TEST_CASE(a_baseline_reports_tables_that_appear_and_vanish) {
    write_text(dir / "b.json", R"({"tables": {"country": 51, "gone": 3}})");
    AuditOptions options;
    options.baseline = dir / "b.json";
    const auto report = audit("2026-01-01", options);
    BOOST_TEST(find(report, "rows.gone").detail == "table gone; the baseline had 3");
    BOOST_TEST(find(report, "rows.theme").status == CheckStatus::Drift);
    BOOST_TEST(contains(find(report, "rows.theme").detail, "a table the baseline lacks"));
}

BOOST_DATA_TEST_CASE_F(AuditDb, malformed_baselines_are_refused,
                       data::make({"not json", "[1, 2]", R"({"tables": {"country": "many"}})", R"({"tables": {"x": -1}})"}),
                       text) {
    write_text(dir / "b.json", text);
    AuditOptions options;
    options.baseline = dir / "b.json";
    BOOST_CHECK_EXCEPTION(audit("2026-01-01", options), Error, [&](const Error& e) {
        return e.kind() == ErrorKind::Definition && e.where().file == (dir / "b.json").string();
    });
}

BOOST_AUTO_TEST_CASE(a_missing_baseline_or_checks_directory_is_an_io_error) {
    AuditOptions options;
    options.baseline = dir / "absent.json";
    BOOST_CHECK_EXCEPTION(audit("2026-01-01", options), Error, [](const Error& e) { return e.kind() == ErrorKind::Io; });
    AuditOptions checks;
    checks.checks_dir = dir / "absent";
    BOOST_CHECK_EXCEPTION(audit("2026-01-01", checks), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Io && contains(e.what(), "checks directory does not exist");
    });
}

BOOST_DATA_TEST_CASE_F(AuditDb, a_date_that_is_no_date_is_refused, data::make({"2024-13-01", "2024-02-30", "yesterday", ""}),
                       text) {
    BOOST_CHECK_EXCEPTION(audit(text), Error, [](const Error& e) { return e.kind() == ErrorKind::Usage; });
}

struct BadHeader {
    const char* text;
    int line;
    const char* says;
};
std::ostream& operator<<(std::ostream& out, const BadHeader& bad) { return out << bad.says; }

BOOST_DATA_TEST_CASE_F(
    AuditDb, malformed_check_headers_name_the_file_and_line,
    data::make({BadHeader{"-- severity: error\nSELECT 1;\n", 1, "lacks a '-- title: ...'"},
                BadHeader{"-- title: T\nSELECT 1;\n", 1, "lacks a '-- severity"},
                BadHeader{"-- title: T\n-- severity: fatal\nSELECT 1;\n", 2, "got 'fatal'"},
                BadHeader{"-- title: T\n-- title: U\n-- severity: error\nSELECT 1;\n", 2, "given twice"},
                BadHeader{"-- title:\n-- severity: error\nSELECT 1;\n", 1, "has no value"},
                BadHeader{"-- title: T\n-- severity: error\n", 1, "no query"},
                BadHeader{"-- title: T\n-- severity: error\nSELECT 1;\n\nSELECT 2;\n", 5, "second statement"},
                BadHeader{"-- title: T\n-- severity: error\nSELECT :day;\n", 3, "only :as_of"}}),
    bad) {
    const auto options = with_check("bad.sql", bad.text);
    BOOST_CHECK_EXCEPTION(audit("2026-01-01", options), Error, [&](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Definition && e.where().file == (dir / "bad.sql").string() &&
               e.where().line == bad.line && contains(e.what(), bad.says);
    });
}

BOOST_AUTO_TEST_CASE(a_check_whose_sql_fails_names_the_file_and_line) {
    const auto options = with_check("broken.sql", "-- title: T\n-- severity: error\n\nSELECT name\n  FROM no_such_table;\n");
    BOOST_CHECK_EXCEPTION(audit("2026-01-01", options), Error, [&](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.where().file == (dir / "broken.sql").string() && e.where().line == 5 &&
               contains(e.what(), "no such table: no_such_table");
    });
}

BOOST_AUTO_TEST_CASE(a_check_that_writes_is_refused) {
    const auto options = with_check("writes.sql", "-- title: T\n-- severity: error\nDELETE FROM theme;\n");
    BOOST_CHECK_THROW(audit("2026-01-01", options), Error);
    BOOST_TEST(value("SELECT count(*) FROM theme") == "6");
}

BOOST_AUTO_TEST_CASE(offending_rows_are_kept_to_a_bound_but_counted_in_full) {
    const auto options = with_check("many.sql", "-- title: Many\n-- severity: error\n"
                                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)\n"
                                                "SELECT i FROM n;\n");
    const auto& check = find(audit("2026-01-01", options), "custom.many");
    BOOST_TEST(check.offending == 250u);
    BOOST_TEST(check.rows.size() == kMaxOffendingRows);
    BOOST_TEST(check.detail == "250 offending rows (the first 100 kept)");
}

BOOST_AUTO_TEST_CASE(a_check_sees_the_audit_date_and_a_warning_only_warns) {
    const auto options = with_check("dated.sql", "-- A note: free comments may hold colons.\n"
                                                 "-- Title: Before the withdrawal\n-- severity: warning\n"
                                                 "SELECT :as_of AS day WHERE :as_of < '2020-02-01';\n");
    const auto& early = find(audit("2019-06-30", options), "custom.dated");
    BOOST_TEST(early.status == CheckStatus::Warn);
    BOOST_TEST(early.title == "Before the withdrawal");
    BOOST_TEST(early.rows.at(0).at(0) == "2019-06-30");
    BOOST_TEST(find(audit("2026-01-01", options), "custom.dated").status == CheckStatus::Pass);
}

BOOST_AUTO_TEST_CASE(a_users_check_replaces_the_shipped_one_of_its_name) {
    const auto options = with_check("iso_codes.sql", "-- title: Mine\n-- severity: error\nSELECT 'x' AS mine;\n");
    const auto report = audit("2026-01-01", options);
    BOOST_TEST(find(report, "custom.iso_codes").title == "Mine");
    BOOST_TEST(std::count_if(report.checks.begin(), report.checks.end(), [](const auto& c) { return c.id == "custom.iso_codes"; }) == 1);
}

BOOST_AUTO_TEST_CASE(json_holds_every_check_with_its_figures) {
    const auto report = audit();
    const auto doc = nlohmann::json::parse(render(report, Format::Json));
    BOOST_TEST(doc.at("as_of") == "2026-01-01");
    BOOST_TEST(doc.at("exit_code") == 0);
    BOOST_TEST(doc.at("checks").size() == report.checks.size());
    BOOST_TEST(doc.at("summary").at("drift") == 2);
    const auto eu = std::find_if(doc.at("checks").begin(), doc.at("checks").end(),
                                 [](const auto& c) { return c.at("id") == "declared.eu_states"; });
    BOOST_TEST_REQUIRE((eu != doc.at("checks").end()));
    BOOST_TEST(eu->at("status") == "drift");
    BOOST_TEST(eu->at("figures").at("on_holds_on") == 28);
    BOOST_TEST(eu->at("figures").at("on_as_of") == 27);
    BOOST_TEST(nlohmann::json::parse(render(report, Format::Json, true)).at("exit_code") == 1);
}

BOOST_AUTO_TEST_CASE(text_has_a_line_per_check_and_rows_under_a_failing_one) {
    conn.db().exec("PRAGMA ignore_check_constraints = ON; UPDATE country SET iso_alpha2 = 'D1' WHERE name = 'Germany'");
    const auto report = audit();
    const auto text = render(report, Format::Text);
    BOOST_TEST(contains(text, "\n  drift  declared.eu_states "));
    BOOST_TEST(contains(text, "\n  fail   custom.iso_codes "));
    BOOST_TEST(contains(text, "\n         Germany  D1          DEU         276          malformed alpha-2\n"), text);
    BOOST_TEST(contains(text, "fail; exit code 1\n"));
    std::size_t lines = 0;
    for (const auto& c : report.checks) lines += contains(text, "  " + c.id + " ");
    BOOST_TEST(lines == report.checks.size());
}

BOOST_AUTO_TEST_CASE(junit_escapes_what_xml_cannot_hold) {
    const auto options = with_check("odd.sql", "-- title: A <b> & \"c\"\n-- severity: error\nSELECT 'x' || char(1) || '<' AS v;\n");
    const auto xml = render(audit("2026-01-01", options), Format::Junit);
    BOOST_TEST(contains(xml, "name=\"custom.odd: A &lt;b&gt; &amp; &quot;c&quot;\""), xml);
    BOOST_TEST(contains(xml, "x\uFFFD&lt;"));
    BOOST_TEST(!contains(xml, std::string(1, '\x01')));
}

BOOST_AUTO_TEST_CASE(the_exit_code_follows_the_worst_status) {
    AuditReport report;
    report.checks.resize(2);
    BOOST_TEST(report.exit_code(true) == 0);
    report.checks[1].status = CheckStatus::Warn;
    BOOST_TEST(report.exit_code(false) == 0);
    BOOST_TEST(report.exit_code(true) == 1);
    report.checks[0].status = CheckStatus::Fail;
    BOOST_TEST(report.exit_code(false) == 1);
    BOOST_TEST(to_string(CheckStatus::Drift) == "drift");
}

BOOST_AUTO_TEST_CASE(extra_local_rows_drift_and_leave_the_seeded_values_sound) {
    conn.db().exec("INSERT INTO country (name, iso_alpha2, iso_alpha3, iso_numeric, un_region, un_subregion, source_key) "
                   "VALUES ('Türkiye', 'TR', 'TUR', '792', 'Asia', 'Western Asia', 'S1');"
                   "INSERT INTO forum_member (country_id, asem_side, joined_year, joined_on, joined_on_basis, source_key, "
                   "joined_source_key) VALUES (last_insert_rowid(), 'Europe', 2030, '2030-01-01', 'local', 'GK', 'GK')");
    const auto report = audit("2026-01-01");
    BOOST_TEST(find(report, "values.country").status == CheckStatus::Drift);
    BOOST_TEST(contains(find(report, "values.country").detail, "country Türkiye (TR): added"));
    BOOST_TEST(find(report, "values.forum_member").status == CheckStatus::Drift);
    BOOST_TEST(find(report, "values.iso_3166").status == CheckStatus::Pass);
    for (const auto& c : report.checks)
        if (c.category == "values") BOOST_TEST(c.status != CheckStatus::Fail, c.id << ": " << c.detail);
    // Not yet a member on the audit's date: the declared counts still hold.
    BOOST_TEST(find(report, "declared.member_states").status == CheckStatus::Pass);
}

BOOST_AUTO_TEST_CASE(a_local_country_with_a_code_of_another_fails_the_standard) {
    conn.db().exec("INSERT INTO country (name, iso_alpha2, iso_alpha3, iso_numeric, un_region, un_subregion, source_key) "
                   "VALUES ('Atlantis', 'XA', 'ATL', '999', 'Europe', 'Nowhere', 'GK')");
    const auto& check = find(audit("2026-01-01"), "values.iso_3166");
    BOOST_TEST(check.status == CheckStatus::Fail);
    BOOST_TEST(has_row_with(check, "no such ISO 3166-1 alpha-2 code"));
}

BOOST_AUTO_TEST_SUITE_END()
