// The engine on the seeded database: the shipped reports' figures, binding,
// streaming and errors, observed through a sink that records every call.

#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>

using namespace asemdb;
using namespace asemdb::test;

namespace {

std::string cell_text(const Cell& c) {
    switch (c.type) {
        case CellType::Null: return "NULL";
        case CellType::Integer: return std::to_string(c.integer);
        case CellType::Real: return std::to_string(c.real);
        default: return std::string(c.text);
    }
}

// Records a run as values a test can compare: sheets, their columns and rows.
struct RecordingSink : RowSink {
    ReportContext context;
    std::vector<SheetInfo> sheets;
    std::map<std::string, std::vector<std::map<std::string, std::string>>> rows;  // sheet -> rows by column
    std::string summary_text;
    std::string fingerprint_value;
    std::vector<std::string> calls;

    void begin_report(const ReportContext& c) override {
        context = c;
        calls.push_back("begin_report");
    }
    void begin_sheet(const SheetInfo& sheet) override {
        sheets.push_back(sheet);
        calls.push_back("begin_sheet " + sheet.name);
    }
    void row(std::span<const Cell> cells) override {
        std::map<std::string, std::string> values;
        for (std::size_t i = 0; i < cells.size(); ++i) values[sheets.back().columns[i].name] = cell_text(cells[i]);
        rows[sheets.back().name].push_back(values);
    }
    void end_sheet(std::uint64_t n) override { calls.push_back("end_sheet " + std::to_string(n)); }
    void summary(const std::string& text) override {
        summary_text = text;
        calls.push_back("summary");
    }
    bool shows_fingerprint() const override { return true; }
    void fingerprint(const std::string& sha256) override { fingerprint_value = sha256; }
    void end_report() override { calls.push_back("end_report"); }

    int count(const std::string& sheet, const std::string& column, const std::string& value) const {
        int n = 0;
        for (const auto& r : rows.at(sheet)) n += r.at(column) == value;
        return n;
    }
    std::string find(const std::string& sheet, const std::string& key, const std::string& value,
                     const std::string& column) const {
        for (const auto& r : rows.at(sheet))
            if (r.at(key) == value) return r.at(column);
        return "missing";
    }
};

constexpr std::time_t kGenerated = 1795780800;  // 2026-11-27 12:00 UTC

struct EngineFixture : SeededDb {
    ReportCatalog catalog = ReportCatalog::load(std::nullopt);

    RecordingSink run(const std::string& id, const ParamMap& given) {
        const auto& def = catalog.get(id);
        RecordingSink sink;
        run_report(conn, def, resolve_params(def, given, kGenerated), sink, kGenerated);
        return sink;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(engine, EngineFixture)

BOOST_AUTO_TEST_CASE(roster_lists_all_53_members_in_call_order) {
    const auto sink = run("member_roster", {});
    BOOST_CHECK_EQUAL(sink.rows.at("roster").size(), 53u);
    BOOST_CHECK_EQUAL(sink.calls.front(), "begin_report");
    BOOST_CHECK_EQUAL(sink.calls[1], "begin_sheet roster");
    BOOST_CHECK_EQUAL(sink.calls[2], "end_sheet 53");
    BOOST_CHECK_EQUAL(sink.calls.back(), "end_report");
    BOOST_CHECK_EQUAL(sink.count("roster", "kind", "organisation"), 2);
    BOOST_CHECK_EQUAL(sink.find("roster", "iso_alpha2", "AU", "iso_numeric"), "036");
    BOOST_CHECK(sink.sheets[0].columns[4].format == ColumnFormat::Text);
    BOOST_CHECK_EQUAL(sink.context.parameters[0].second, "2026-11-27");
}

BOOST_AUTO_TEST_CASE(roster_at_the_end_of_2019_counts_28_eu_states) {
    const auto sink = run("member_roster", {{"as_of", "2019-12-31"}});
    BOOST_CHECK_EQUAL(sink.count("roster", "bloc", "EU"), 28);
    BOOST_CHECK_EQUAL(sink.find("roster", "iso_alpha2", "GB", "bloc"), "EU");
    BOOST_CHECK_EQUAL(sink.find("summary", "group", "Europe / EU", "members"), "28");
    BOOST_CHECK_EQUAL(sink.find("summary", "group", "Europe / other", "members"), "2");
}

BOOST_AUTO_TEST_CASE(roster_in_2026_counts_27_and_the_uk_among_the_others) {
    const auto sink = run("member_roster", {{"as_of", "2026-01-01"}});
    BOOST_CHECK_EQUAL(sink.count("roster", "bloc", "EU"), 27);
    BOOST_CHECK_EQUAL(sink.find("roster", "iso_alpha2", "GB", "bloc"), "other");
    BOOST_CHECK_EQUAL(sink.find("summary", "group", "Europe / EU", "members"), "27");
    BOOST_CHECK_EQUAL(sink.find("summary", "group", "Europe / other", "members"), "3");
}

BOOST_AUTO_TEST_CASE(roster_filters_by_side_and_bloc) {
    BOOST_CHECK_EQUAL(run("member_roster", {{"side", "Asia"}}).rows.at("roster").size(), 22u);
    const auto asean = run("member_roster", {{"bloc", "ASEAN"}});
    BOOST_CHECK_EQUAL(asean.rows.at("roster").size(), 10u);
    BOOST_CHECK_EQUAL(asean.find("roster", "iso_alpha2", "PH", "coordinator_role"), "NULL");
    const auto in_2018 = run("member_roster", {{"as_of", "2018-03-01"}, {"bloc", "ASEAN"}});
    BOOST_CHECK_EQUAL(in_2018.find("roster", "iso_alpha2", "PH", "coordinator_role"), "ASEAN coordinator");
}

BOOST_AUTO_TEST_CASE(roster_leaves_out_members_that_had_not_joined) {
    const auto sink = run("member_roster", {{"as_of", "2005-06-01"}});
    BOOST_CHECK_EQUAL(sink.rows.at("roster").size(), 39u);  // 25 founding states, the EC, 13 states of 2004
    BOOST_CHECK_EQUAL(sink.find("roster", "iso_alpha2", "HR", "name"), "missing");
}

BOOST_AUTO_TEST_CASE(roster_summary_sheet_carries_a_chart) {
    const auto sink = run("member_roster", {});
    BOOST_REQUIRE(sink.sheets[1].chart.has_value());
    BOOST_CHECK_EQUAL(sink.sheets[1].chart->category_column, 0u);
    BOOST_CHECK(sink.sheets[1].chart->value_columns == std::vector<std::size_t>{3});
}

BOOST_AUTO_TEST_CASE(forum_profile_summary_reads_its_counts_from_the_database) {
    const auto before = run("forum_profile", {{"as_of", "2019-12-31"}});
    BOOST_CHECK(before.summary_text.find("51 member states and 2 member organisations") != std::string::npos);
    BOOST_CHECK(before.summary_text.find("- 28 EU member states\n  - 10 of ASEAN's member states\n  - 13 states in neither bloc\n") != std::string::npos);
    BOOST_CHECK(before.summary_text.find("Telephone +65 6874 9718") != std::string::npos);
    BOOST_CHECK(before.summary_text.find("Unaccompanied migrant children") != std::string::npos);
    conn.db().exec("DELETE FROM forum_member WHERE country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'NO')");
    const auto after = run("forum_profile", {{"as_of", "2019-12-31"}});
    BOOST_CHECK(after.summary_text.find("50 member states") != std::string::npos);
    BOOST_CHECK(after.summary_text.find("- 12 states in neither bloc (the source, as of about the first half of 2018, says 13")
                != std::string::npos);
}

BOOST_AUTO_TEST_CASE(forum_profile_names_the_coordinators_of_the_date) {
    const auto sink = run("forum_profile", {{"as_of", "2018-05-01"}});
    BOOST_CHECK(sink.summary_text.find("Asian side: the Philippines, ASEAN coordinator, 1 January 2018 to 30 June 2018 "
                                       "(estimated by this project from a dated snapshot)") != std::string::npos);
    BOOST_CHECK(sink.summary_text.find("European side: Bulgaria, EU Council Presidency") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(timeline_accumulates_to_53_partners) {
    const auto sink = run("membership_timeline", {});
    const auto& rows = sink.rows.at("timeline");
    BOOST_REQUIRE_EQUAL(rows.size(), 6u);
    BOOST_CHECK_EQUAL(rows.front().at("partners"), "26");
    BOOST_CHECK_EQUAL(rows.back().at("partners"), "53");
    BOOST_CHECK_EQUAL(rows.back().at("how"), "Admitted at ASEM10 (Milan, 16 October 2014)");
}

BOOST_AUTO_TEST_CASE(a_value_is_bound_as_data_never_spliced) {
    const auto def = bare_sql_report("probe", "SELECT name FROM country WHERE name = :name", "probe.sql");
    RecordingSink sink;
    run_report(conn, def, resolve_params(def, {{"name", "x'); DROP TABLE country; --"}}, kGenerated), sink, kGenerated);
    BOOST_CHECK(sink.rows["probe"].empty());
    BOOST_CHECK_EQUAL(value("SELECT count(*) FROM country"), "51");
}

BOOST_AUTO_TEST_CASE(a_failing_query_names_report_and_sheet) {
    auto def = bare_sql_report("broken", "SELECT no_such_column FROM country", "reports/broken.sql");
    RecordingSink sink;
    BOOST_CHECK_EXCEPTION(run_report(conn, def, {}, sink, kGenerated), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.where().report == "broken" &&
               std::string(e.what()).find("sheet 'broken': no such column: no_such_column") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(a_sheet_holds_one_statement) {
    auto def = bare_sql_report("two", "SELECT 1; SELECT 2;", "two.sql");
    RecordingSink sink;
    BOOST_CHECK_EXCEPTION(run_report(conn, def, {}, sink, kGenerated), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Definition && e.detail().find("more than one statement") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(fingerprint_follows_content_not_layout) {
    const std::string first = database_fingerprint(conn);
    BOOST_CHECK_EQUAL(first.size(), 64u);
    conn.db().exec("VACUUM");
    BOOST_CHECK_EQUAL(database_fingerprint(conn), first);
    conn.db().exec("UPDATE theme SET title = title || ' ' WHERE position = 1");
    BOOST_CHECK_NE(database_fingerprint(conn), first);
}

BOOST_AUTO_TEST_CASE(the_context_carries_sources_and_the_sink_gets_the_fingerprint) {
    const auto sink = run("membership_timeline", {});
    BOOST_CHECK(sink.context.fingerprint.empty());  // known only once the rows are read
    BOOST_CHECK_EQUAL(sink.fingerprint_value, database_fingerprint(conn));
    BOOST_REQUIRE(!sink.context.sources.empty());
    BOOST_CHECK_EQUAL(sink.context.sources.front().key, "DOC");
    BOOST_CHECK_EQUAL(sink.context.generated, kGenerated);
}

BOOST_AUTO_TEST_SUITE_END()
