// The seed holds the source document's facts, and the enrichment agrees with them.

#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using asemdb::test::SeededDb;

namespace {

// Members as the source document lists them, spelling and all.
const std::set<std::string> kListedStates = {
    "Australia", "Austria", "Bangladesh", "Belgium", "Brunei Darussalam", "Bulgaria", "Cambodia", "China",
    "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia", "Finland", "France", "Germany", "Greece",
    "Hungary", "India", "Indonesia", "Ireland", "Italy", "Japan", "Kazakhstan", "Korea", "Lao PDR", "Latvia",
    "Lithuania", "Luxembourg", "Malaysia", "Malta", "Mongolia", "Myanmar", "Netherlands", "New Zealand", "Norway",
    "Pakistan", "Philippines", "Poland", "Portugal", "Romania", "Russian Federation", "Singapore", "Slovakia",
    "Slovenia", "Spain", "Sweden", "Switzerland", "Thailand", "United Kingdom", "Viet Nam"};

std::string in_bloc_on(const std::string& bloc, const std::string& date) {
    return "SELECT count(*) FROM forum_member m JOIN bloc_membership b ON b.country_id = m.country_id "
           "WHERE b.bloc_key = '" + bloc + "' AND '" + date +
           "' BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')";
}

std::string in_no_bloc_on(const std::string& date) {
    return "SELECT count(*) FROM forum_member m WHERE m.country_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
           "bloc_membership b WHERE b.country_id = m.country_id AND '" + date +
           "' BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31'))";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed, SeededDb)

BOOST_AUTO_TEST_CASE(has_51_member_states_and_2_member_organisations) {
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM forum_member WHERE country_id IS NOT NULL"), "51");
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM forum_member WHERE organisation_id IS NOT NULL"), "2");
    BOOST_CHECK_EQUAL(value("SELECT group_concat(name, '|') FROM (SELECT name FROM member_roster "
                            "WHERE kind = 'organisation' ORDER BY name)"),
                      "ASEAN Secretariat|European Union");
}

BOOST_AUTO_TEST_CASE(lists_every_state_the_source_names) {
    SQLite::Statement query(conn.db(), "SELECT c.name_in_source FROM forum_member m JOIN country c USING (country_id)");
    std::set<std::string> seeded;
    while (query.executeStep()) seeded.insert(query.getColumn(0).getString());
    BOOST_CHECK(seeded == kListedStates);
}

BOOST_AUTO_TEST_CASE(counts_10_asean_28_eu_and_13_other_states_at_the_end_of_2019) {
    BOOST_CHECK_EQUAL(value(in_bloc_on("ASEAN", "2019-12-31")), "10");
    BOOST_CHECK_EQUAL(value(in_bloc_on("EU", "2019-12-31")), "28");
    BOOST_CHECK_EQUAL(value(in_no_bloc_on("2019-12-31")), "13");
}

BOOST_AUTO_TEST_CASE(the_united_kingdom_leaves_the_eu_on_31_january_2020) {
    BOOST_CHECK_EQUAL(value(in_bloc_on("EU", "2020-01-31")), "28");
    BOOST_CHECK_EQUAL(value(in_bloc_on("EU", "2020-02-01")), "27");
    BOOST_CHECK_EQUAL(value(in_no_bloc_on("2020-02-01")), "14");
    BOOST_CHECK_EQUAL(value("SELECT end_date FROM bloc_member WHERE iso_alpha2 = 'GB' AND bloc_key = 'EU'"),
                      "2020-01-31");
    BOOST_CHECK_EQUAL(value("SELECT asem_side FROM member_roster WHERE iso_alpha2 = 'GB'"), "Europe");
}

BOOST_AUTO_TEST_CASE(sides_are_21_asian_and_30_european_states) {
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM member_roster WHERE kind = 'state' AND asem_side = 'Asia'"), "21");
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM member_roster WHERE kind = 'state' AND asem_side = 'Europe'"),
                      "30");
}

BOOST_AUTO_TEST_CASE(joining_years_add_up_to_51) {
    BOOST_CHECK_EQUAL(value("SELECT group_concat(joined_year || ':' || n, ' ') FROM (SELECT joined_year, count(*) n "
                            "FROM forum_member WHERE country_id IS NOT NULL GROUP BY joined_year ORDER BY 1)"),
                      "1996:25 2004:13 2008:5 2010:3 2012:3 2014:2");
}

BOOST_AUTO_TEST_CASE(has_6_themes_in_the_source_order) {
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM theme"), "6");
    BOOST_CHECK_EQUAL(value("SELECT title FROM theme WHERE position = 1"), "Border management");
    BOOST_CHECK_EQUAL(value("SELECT title FROM theme WHERE position = 6"), "Unaccompanied migrant children");
}

BOOST_AUTO_TEST_CASE(has_the_source_s_4_coordinators_with_their_sides) {
    BOOST_CHECK_EQUAL(value("SELECT group_concat(asem_side || ':' || party, '|') FROM (SELECT * FROM "
                            "coordinator_term WHERE '2018-06-30' BETWEEN start_date AND coalesce(end_date, "
                            "'9999-12-31') ORDER BY asem_side, party)"),
                      "Asia:Pakistan|Asia:Philippines|Europe:Bulgaria|Europe:European External Action Service");
    // The EEAS's term (from 2011) cites the page that names it the permanent
    // coordinator; the source document names all four.
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM coordinator WHERE source_key = 'DOC'"), "3");
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM coordinator_term t JOIN source s ON s.source_key = 'DOC' "
                            "WHERE '2018-06-30' BETWEEN t.start_date AND coalesce(t.end_date, '9999-12-31') "
                            "AND instr(s.states, t.party) > 0"), "4");
}

BOOST_AUTO_TEST_CASE(has_the_secretariat_s_contact_details) {
    BOOST_CHECK_EQUAL(value("SELECT secretariat_name FROM forum"), "ASEM Secretariat");
    BOOST_CHECK_EQUAL(value("SELECT o.short_name || '|' || street || '|' || city || '|' || postcode || '|' || "
                            "c.iso_alpha2 || '|' || telephone || '|' || fax FROM forum_contact f JOIN organisation o "
                            "ON o.organisation_id = f.care_of_organisation_id JOIN country c USING (country_id)"),
                      "ASEF|31 Heng Mui Keng Terrace|Singapore|119595|SG|+65 6874 9718|+65 6872 1206");
}

BOOST_AUTO_TEST_CASE(has_the_forum_s_identity) {
    BOOST_CHECK_EQUAL(value("SELECT forum_type || '|' || regions_covered || '|' || established_year || '|' || "
                            "series_since || '|' || process_key FROM forum"),
                      "Inter-regional forum on migration|Asia-Europe|2002|2003-03|ASEM");
    BOOST_CHECK_EQUAL(value("SELECT name FROM process WHERE process_key = 'ASEM'"), "Asia-Europe Meeting");
}

BOOST_AUTO_TEST_CASE(has_the_2002_ministerial_its_initiators_and_outcomes) {
    BOOST_CHECK_EQUAL(value("SELECT group_concat(c.iso_alpha2, ',') FROM (SELECT c.iso_alpha2 FROM meeting_party p "
                            "JOIN meeting m USING (meeting_id) JOIN country c ON c.country_id = p.country_id WHERE "
                            "m.series_key = 'migration_ministerial' AND p.role = 'initiator' ORDER BY 1) c"),
                      "CN,DE,ES");
    BOOST_CHECK_EQUAL(value("SELECT start_date FROM meeting WHERE series_key = 'migration_ministerial'"), "2002-04");
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM meeting_outcome o JOIN meeting m USING (meeting_id) "
                            "WHERE m.series_key = 'migration_ministerial'"),
                      "5");
    BOOST_CHECK_EQUAL(value("SELECT since FROM meeting_series WHERE series_key = 'dg_conference'"), "2003-03");
}

BOOST_AUTO_TEST_CASE(iso_codes_keep_their_leading_zeros) {
    BOOST_CHECK_EQUAL(value("SELECT iso_numeric FROM country WHERE iso_alpha2 = 'AU'"), "036");
    BOOST_CHECK_EQUAL(value("SELECT iso_alpha3 FROM country WHERE iso_alpha2 = 'VN'"), "VNM");
}

BOOST_AUTO_TEST_CASE(declared_counts_hold_on_their_date_except_the_19_asian_countries) {
    SQLite::Statement declared(conn.db(), "SELECT count_key, declared_value, holds_on, actual_query FROM declared_count");
    int checked = 0;
    while (declared.executeStep()) {
        const std::string key = declared.getColumn(0).getString();
        SQLite::Statement actual(conn.db(), declared.getColumn(3).getString());
        actual.bind(":as_of", declared.getColumn(2).getString());
        BOOST_REQUIRE(actual.executeStep());
        const bool holds = actual.getColumn(0).getInt() == declared.getColumn(1).getInt();
        BOOST_CHECK_MESSAGE(holds == (key != "asian_countries"), key << ": actual " << actual.getColumn(0).getInt());
        ++checked;
    }
    BOOST_CHECK_EQUAL(checked, 6);
}

BOOST_AUTO_TEST_CASE(every_seeded_row_names_a_known_source) {
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM row_provenance p LEFT JOIN source s USING (source_key) "
                            "WHERE s.source_key IS NULL"),
                      "0");
    BOOST_CHECK_EQUAL(value("SELECT reference FROM source WHERE kind = 'source_document'"),
                      "000_cdfcea8445f78e09.txt");
}

BOOST_AUTO_TEST_CASE(foreign_keys_hold) {
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM pragma_foreign_key_check"), "0");
}

BOOST_AUTO_TEST_SUITE_END()
