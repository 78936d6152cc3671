// Every fact traceable to a source that states it: each rule that can be put
// as a query, on the seed, and a row that breaks it, seen failing.

#include "asemdb/audit/audit.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/store/schema.hpp"
#include "support/fixtures.hpp"

#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

namespace asemdb {
inline std::ostream& operator<<(std::ostream& out, CheckStatus status) { return out << to_string(status); }
}  // namespace asemdb

using namespace asemdb;
using namespace asemdb::test;

namespace {

// The source document (DOC) with its runs of white space made single spaces.
std::string document() {
    const auto text = read_bytes(source_dir() / "tests/data/000_cdfcea8445f78e09.txt");
    return std::regex_replace(text, std::regex("(\\s|\xC2\xA0)+"), " ");  // no-break spaces too
}

// Words the data says the document says; "..." marks an elision.
bool document_says(const std::string& doc, const std::string& quote) {
    std::size_t from = 0;
    for (std::size_t cut; from <= quote.size(); from = cut + 3) {
        cut = std::min(quote.find("...", from), quote.size());
        auto part = quote.substr(from, cut - from);
        part.erase(0, part.find_first_not_of(" ,"));
        part.erase(part.find_last_not_of(" ,") + 1);
        if (!part.empty() && doc.find(part) == std::string::npos) return false;
        if (cut == quote.size()) break;
    }
    return true;
}

struct Provenance : SeededDb {
    // The status and offending rows of one shipped check on this database.
    CheckResult check(const std::string& name) {
        const auto report = run_audit(conn, embedded_sql(), {"2026-01-01", {}, {}}, 1767225600);
        const auto it = std::find_if(report.checks.begin(), report.checks.end(),
                                     [&](const auto& c) { return c.id == "custom." + name; });
        BOOST_TEST_REQUIRE((it != report.checks.end()), "no check " << name);
        return *it;
    }
    std::vector<std::string> column(const std::string& sql) {
        std::vector<std::string> out;
        SQLite::Statement query(conn.db(), sql);
        while (query.executeStep()) out.push_back(query.getColumn(0).getString());
        return out;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(provenance, Provenance)

BOOST_AUTO_TEST_CASE(every_quote_of_the_document_is_in_it) {
    const auto doc = document();
    for (const auto& sql : {"SELECT name_in_source FROM country WHERE name_in_source IS NOT NULL",
                            "SELECT name_in_source FROM organisation WHERE name_in_source IS NOT NULL",
                            "SELECT name_in_source FROM process WHERE name_in_source IS NOT NULL",
                            "SELECT statement FROM declared_count",
                            "SELECT source_says FROM source_caveat WHERE source_says <> 'not stated'",
                            "SELECT title FROM theme WHERE source_key = 'DOC'",
                            "SELECT name FROM meeting_series WHERE source_key = 'DOC'"})
        for (const auto& quote : column(sql)) BOOST_TEST(document_says(doc, quote), sql << ": '" << quote << "'");
}

BOOST_AUTO_TEST_CASE(a_quote_the_document_lacks_is_caught) {
    const auto doc = document();
    BOOST_TEST(!document_says(doc, "European Union/European Commission"));
    BOOST_TEST(document_says(doc, "Member States (51 States, ...)"));
}

BOOST_AUTO_TEST_CASE(every_listed_source_is_cited) {
    BOOST_TEST(check("sources_cited").status == CheckStatus::Pass);
    conn.db().exec("INSERT INTO source (source_key, kind, title) VALUES ('S99', 'reference', 'never cited')");
    const auto r = check("sources_cited");
    BOOST_TEST(r.status == CheckStatus::Fail);
    BOOST_TEST_REQUIRE(r.rows.size() == 1u);
    BOOST_TEST(r.rows[0][0] == "S99");
}

BOOST_AUTO_TEST_CASE(general_knowledge_is_a_source_of_its_own_and_cited) {
    BOOST_TEST(value("SELECT kind FROM source WHERE source_key = 'GK'") == "general_knowledge");
    for (const char* key : {"GK", "S2", "S15", "S16", "M3"})
        BOOST_TEST(value(std::string("SELECT count(*) > 0 FROM row_provenance WHERE source_key = '") + key + "'") == "1",
                   key);
}

BOOST_AUTO_TEST_CASE(facts_the_document_does_not_state_are_not_cited_to_it) {
    BOOST_TEST(check("doc_citations").status == CheckStatus::Pass);
    // Each class the rule covers, broken once.
    for (const auto& breach : {
             "UPDATE organisation SET source_key = 'DOC' WHERE short_name = 'ASEC'; DELETE FROM fact_source WHERE "
             "table_name = 'organisation' AND row_key = 'ASEC' AND column_name = 'founded'",              // a founding year
             "UPDATE country SET source_key = 'DOC' WHERE iso_alpha2 = 'AU'",                    // ISO codes
             "DELETE FROM fact_source WHERE table_name = 'coordinator' AND row_key = '1'",       // a term's dates
             "UPDATE bloc_membership SET source_key = 'DOC' WHERE end_date IS NOT NULL",         // bloc dates
             "UPDATE forum_member SET joined_source_key = 'DOC' WHERE member_id = 1",           // joining day
             "DELETE FROM fact_source WHERE table_name = 'forum_member' AND column_name = 'asem_side'",  // sides
             "UPDATE meeting SET source_key = 'DOC' WHERE meeting_id = 3",                      // a dated meeting
             "DELETE FROM fact_source WHERE table_name = 'theme' AND row_key = 'Irregular migration'"}) {  // a gloss
        BOOST_TEST_CONTEXT(breach) {
            conn.db().exec("SAVEPOINT breach");
            conn.db().exec(breach);
            const auto r = check("doc_citations");
            BOOST_TEST(r.status == CheckStatus::Fail);
            conn.db().exec("ROLLBACK TO breach");
            conn.db().exec("RELEASE breach");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_single_fact_citation_names_a_real_row_and_column) {
    BOOST_TEST(check("fact_sources").status == CheckStatus::Pass);
    conn.db().exec("INSERT INTO fact_source VALUES ('country', 'Australia', 'iso_numbr', 'S1'), "
                   "('country', 'Atlantis', 'iso_numeric', 'S1')");
    const auto r = check("fact_sources");
    BOOST_TEST(r.status == CheckStatus::Fail);
    BOOST_TEST(r.offending == 2u);
}

// The 2020 coordinators were once cited to a page that names only the 2018 pair.
BOOST_AUTO_TEST_CASE(every_coordinator_cites_a_page_that_names_it) {
    BOOST_TEST(check("fact_sources").status == CheckStatus::Pass);
    BOOST_TEST(value("SELECT group_concat(DISTINCT source_key) FROM coordinator WHERE coordinator_id IN (5, 6, 7)") == "S18");
    conn.db().exec("UPDATE coordinator SET source_key = 'S12' WHERE coordinator_id = 7");
    const auto r = check("fact_sources");
    BOOST_TEST(r.status == CheckStatus::Fail);
    BOOST_TEST(r.offending == 1u);
}

BOOST_AUTO_TEST_CASE(project_wording_is_marked_not_attributed) {
    BOOST_TEST(value("SELECT count(*) FROM fact_source WHERE table_name = 'theme' AND column_name = 'description' "
                     "AND source_key IS NULL") == "6");
    BOOST_TEST(value("SELECT source_key IS NULL FROM fact_source WHERE table_name = 'forum' AND "
                     "column_name = 'short_name'") == "1");
    // iso-codes says "Korea, Republic of"; the name for sentences is the project's.
    BOOST_TEST(value("SELECT coalesce(source_key, 'none') FROM fact_source WHERE table_name = 'country' AND "
                     "column_name = 'short_name' AND row_key = 'Korea, Republic of'") == "none");
    // The source document names Laos "Lao PDR".
    BOOST_TEST(value("SELECT source_key FROM fact_source WHERE table_name = 'country' AND "
                     "column_name = 'short_name' AND row_key = 'Lao People''s Democratic Republic'") == "DOC");
}

BOOST_AUTO_TEST_CASE(every_member_has_a_joining_day_on_or_before_its_first_summit) {
    BOOST_TEST(check("membership_dates").status == CheckStatus::Pass);
    conn.db().exec("UPDATE forum_member SET joined_on = '2010-10-05' WHERE member_id = 1");  // Australia, ASEM8 2010-10-04
    const auto r = check("membership_dates");
    BOOST_TEST(r.status == CheckStatus::Fail);
    BOOST_TEST_REQUIRE(r.rows.size() == 1u);
    BOOST_TEST(r.rows[0][1] == "Australia");
}

BOOST_AUTO_TEST_SUITE_END()
