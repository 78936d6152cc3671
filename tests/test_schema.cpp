// The schema refuses rows the forum's data can never contain.

#include "support/fixtures.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using asemdb::test::SeededDb;
namespace data = boost::unit_test::data;

namespace {

bool refused(SeededDb& db, const std::string& sql, const std::string& reason) {
    const std::string outcome = db.attempt(sql);
    BOOST_TEST_MESSAGE(sql << " -> " << outcome);
    return outcome.find(reason) != std::string::npos;
}

std::string country_insert(const std::string& a2, const std::string& a3, const std::string& num) {
    return "INSERT INTO country (name, iso_alpha2, iso_alpha3, iso_numeric, un_region, un_subregion, source_key) "
           "VALUES ('Testland', '" + a2 + "', '" + a3 + "', '" + num + "', 'Europe', 'Western Europe', 'S1')";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(schema, SeededDb)

BOOST_AUTO_TEST_CASE(accepts_a_well_formed_country) {
    BOOST_CHECK_EQUAL(attempt(country_insert("XT", "XTL", "999")), "ok");
}

BOOST_DATA_TEST_CASE(rejects_bad_iso_alpha2, data::make({"xt", "X1", "XTL", "X", "", "ÄB"}), code) {
    BOOST_CHECK(refused(*this, country_insert(code, "XTL", "999"), "CHECK constraint failed"));
}

BOOST_DATA_TEST_CASE(rejects_bad_iso_alpha3_and_numeric,
                     data::make({"'XT','xtl','999'", "'XT','XT','999'", "'XT','XTL','99'", "'XT','XTL','9a9'"}), codes) {
    const std::string sql = "INSERT INTO country (name, iso_alpha2, iso_alpha3, iso_numeric, un_region, "
                            "un_subregion, source_key) VALUES ('Testland', " + std::string(codes) +
                            ", 'Europe', 'Western Europe', 'S1')";
    BOOST_CHECK(refused(*this, sql, "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_duplicate_iso_code) {
    BOOST_CHECK(refused(*this, country_insert("GB", "XTL", "999"), "UNIQUE constraint failed: country.iso_alpha2"));
}

BOOST_AUTO_TEST_CASE(rejects_a_member_that_is_both_state_and_organisation) {
    BOOST_CHECK_EQUAL(attempt(country_insert("XT", "XTL", "999")), "ok");
    BOOST_CHECK(refused(*this,
                        "INSERT INTO forum_member (country_id, organisation_id, asem_side, joined_year, source_key, "
                        "joined_source_key) VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'XT'), "
                        "(SELECT organisation_id FROM organisation WHERE short_name = 'EEAS'), 'Europe', 2020, "
                        "'DOC', 'DOC')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_member_that_is_neither) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO forum_member (country_id, organisation_id, asem_side, joined_year, source_key, "
                        "joined_source_key) VALUES (NULL, NULL, 'Asia', 2020, 'DOC', 'DOC')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_member_on_no_known_side) {
    BOOST_CHECK_EQUAL(attempt(country_insert("XT", "XTL", "999")), "ok");
    BOOST_CHECK(refused(*this,
                        "INSERT INTO forum_member (country_id, asem_side, joined_year, source_key, joined_source_key) "
                        "VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'XT'), 'Africa', 2020, 'DOC', "
                        "'DOC')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_state_that_is_a_member_twice) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO forum_member (country_id, asem_side, joined_year, source_key, joined_source_key) "
                        "VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'GB'), 'Europe', 2020, 'DOC', "
                        "'DOC')",
                        "UNIQUE constraint failed: forum_member.country_id"));
}

BOOST_AUTO_TEST_CASE(rejects_a_coordinator_that_is_not_a_known_party) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO coordinator (country_id, asem_side, role, start_date, period_basis, source_key) "
                        "VALUES (9999, 'Asia', 'ASEAN coordinator', '2025-01-01', 'test', 'DOC')",
                        "FOREIGN KEY constraint failed"));
    BOOST_CHECK(refused(*this,
                        "INSERT INTO coordinator (organisation_id, asem_side, role, start_date, period_basis, "
                        "source_key) VALUES (9999, 'Europe', 'permanent coordinator', '2025-01-01', 'test', 'DOC')",
                        "FOREIGN KEY constraint failed"));
    BOOST_CHECK(refused(*this,
                        "INSERT INTO coordinator (asem_side, role, start_date, period_basis, source_key) "
                        "VALUES ('Europe', 'permanent coordinator', '2025-01-01', 'test', 'DOC')",
                        "CHECK constraint failed"));
}

BOOST_DATA_TEST_CASE(rejects_malformed_dates,
                     data::make({"2024-13-01", "2024-02-30", "2020-1-31", "31/01/2020", "2020-01-31T00:00", "soon"}),
                     date) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO bloc_membership (bloc_key, country_id, start_date, source_key) VALUES ('ASEAN', "
                        "(SELECT country_id FROM country WHERE iso_alpha2 = 'JP'), '" + std::string(date) + "', 'S4')",
                        "CHECK constraint failed"));
    BOOST_CHECK(refused(*this,
                        "INSERT INTO coordinator (country_id, asem_side, role, start_date, period_basis, source_key) "
                        "VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'JP'), 'Asia', 'test', '" +
                            std::string(date) + "', 'test', 'DOC')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_period_that_ends_before_it_starts) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO bloc_membership (bloc_key, country_id, start_date, end_date, source_key) VALUES "
                        "('ASEAN', (SELECT country_id FROM country WHERE iso_alpha2 = 'JP'), '2020-01-01', "
                        "'2019-01-01', 'S4')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_CASE(rejects_a_row_without_a_known_source) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'New', 'x', 'NOPE')",
                        "FOREIGN KEY constraint failed"));
    BOOST_CHECK(refused(*this, "INSERT INTO theme (position, title, description) VALUES (7, 'New', 'x')",
                        "NOT NULL constraint failed: theme.source_key"));
}

BOOST_AUTO_TEST_CASE(strict_tables_refuse_the_wrong_type) {
    BOOST_CHECK(refused(*this,
                        "INSERT INTO theme (position, title, description, source_key) VALUES ('seventh', 'New', 'x', "
                        "'DOC')",
                        "cannot store TEXT value in INTEGER column theme.position"));
}

BOOST_AUTO_TEST_CASE(partial_meeting_dates_are_allowed_but_checked) {
    BOOST_CHECK_EQUAL(attempt("INSERT INTO meeting (series_key, name, start_date, source_key) "
                              "VALUES ('dg_conference', 'test', '2003-03', 'DOC')"),
                      "ok");
    BOOST_CHECK(refused(*this,
                        "INSERT INTO meeting (series_key, name, start_date, source_key) "
                        "VALUES ('dg_conference', 'test', '2003-13', 'DOC')",
                        "CHECK constraint failed"));
}

BOOST_AUTO_TEST_SUITE_END()
