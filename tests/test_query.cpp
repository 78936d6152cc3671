// Ad hoc queries on a real database file opened read-only: every way to write is
// refused and the file stays byte-identical; parameters bind as data; limits hold.

#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/store/init.hpp"
#include "asemdb/engine/query.hpp"
#include "support/fixtures.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace asemdb;
using namespace asemdb::test;
namespace data = boost::unit_test::data;

namespace {

struct CountingSink : RowSink {
    std::vector<std::string> sheets;
    std::uint64_t rows = 0;
    std::string first;
    void begin_report(const ReportContext&) override {}
    void begin_sheet(const SheetInfo& sheet) override { sheets.push_back(sheet.name); }
    void row(std::span<const Cell> cells) override {
        if (rows++ == 0 && !cells.empty())
            first = cells[0].type == CellType::Integer ? std::to_string(cells[0].integer) : std::string(cells[0].text);
    }
    void end_sheet(std::uint64_t) override {}
    void summary(const std::string&) override {}
    void end_report() override {}
};

struct QueryDb {
    QueryDb() { init_database(file(), embedded_sql()); }
    std::filesystem::path file() const { return dir / "asem.db"; }

    CountingSink run(const std::string& sql, const ParamMap& given = {}, const RunOptions& options = {}) {
        const auto conn = Connection::open(file(), OpenMode::ReadOnly);
        const auto def = adhoc_query(conn, "query", sql, "query");
        CountingSink sink;
        run_report(conn, def, resolve_params(def, given, 0), sink, 0, options);
        return sink;
    }
    TempDir dir;
};

const char* const kWrites[] = {
    "INSERT INTO theme (position, title, description, source_key) VALUES (9, 'x', 'x', 'GK')",
    "UPDATE country SET name = 'x' WHERE iso_alpha2 = 'GB'",
    "DELETE FROM forum_member",
    "DROP TABLE country",
    "CREATE TABLE note (x)",
    "CREATE TEMP TABLE note (x)",
    "ALTER TABLE country ADD COLUMN x",
    "REPLACE INTO bloc (bloc_key, name, founded, description, source_key) VALUES ('EU', 'x', '2000-01-01', 'x', 'S3')",
    "VACUUM INTO '/tmp/asemdb-vacuum-copy.db'",
    "VACUUM",
    "PRAGMA user_version = 7",
    "PRAGMA journal_mode = WAL",
    "PRAGMA query_only = OFF",
    "PRAGMA wal_checkpoint",
    "SELECT load_extension('/tmp/x.so')",
    "ATTACH DATABASE '/tmp/asemdb-other.db' AS other",
    "DETACH DATABASE main",
    "CREATE INDEX country_name ON country (name)",
    "ANALYZE",
    "REINDEX",
    "WITH x AS (SELECT 1) INSERT INTO theme (position, title, description, source_key) SELECT 9, 'x', 'x', 'GK' FROM x",
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(query, QueryDb)

BOOST_DATA_TEST_CASE_F(QueryDb, refuses_every_write_and_leaves_the_file_byte_identical, data::make(kWrites), sql) {
    const std::string before = read_bytes(file());
    BOOST_CHECK_EXCEPTION(run(sql), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.detail().find("refused: asemdb queries and reports only read") != std::string::npos;
    });
    BOOST_CHECK(read_bytes(file()) == before);
    BOOST_CHECK(!std::filesystem::exists("/tmp/asemdb-vacuum-copy.db"));
    BOOST_CHECK(!std::filesystem::exists("/tmp/asemdb-other.db"));
}

BOOST_AUTO_TEST_CASE(an_attach_to_read_another_file_is_refused) {
    TempDir other;
    {
        SQLite::Database db((other / "secret.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE secret (x); INSERT INTO secret VALUES ('hidden')");
    }
    BOOST_CHECK_EXCEPTION(run("ATTACH DATABASE '" + (other / "secret.db").string() + "' AS s; SELECT x FROM s.secret"),
                          Error, [](const Error& e) { return e.detail().find("ATTACH") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(reading_pragmas_are_allowed) {
    BOOST_CHECK_EQUAL(run("PRAGMA table_info(country)").rows, 11u);
    BOOST_CHECK_EQUAL(run("PRAGMA integrity_check").first, "ok");
    BOOST_CHECK_EQUAL(run("SELECT count(*) FROM pragma_table_info('forum')").first, "12");
}

BOOST_AUTO_TEST_CASE(a_hostile_value_is_bound_as_data) {
    const auto sink = run("SELECT name FROM country WHERE name = :name", {{"name", "x'); DROP TABLE country; --"}});
    BOOST_CHECK_EQUAL(sink.rows, 0u);
    const auto conn = Connection::open(file(), OpenMode::ReadOnly);
    BOOST_CHECK_EQUAL(scalar(conn.db(), "SELECT count(*) FROM country"), "51");
}

BOOST_AUTO_TEST_CASE(binds_every_parameter_style) {
    BOOST_CHECK_EQUAL(run("SELECT name FROM country WHERE iso_alpha2 = :a", {{"a", "VN"}}).first, "Viet Nam");
    BOOST_CHECK_EQUAL(run("SELECT name FROM country WHERE iso_alpha2 = @a", {{"a", "VN"}}).first, "Viet Nam");
    BOOST_CHECK_EQUAL(run("SELECT name FROM country WHERE iso_alpha2 = $a", {{"a", "VN"}}).first, "Viet Nam");
    BOOST_CHECK_EQUAL(run("SELECT name FROM country WHERE iso_alpha2 = ?1", {{"1", "VN"}}).first, "Viet Nam");
    BOOST_CHECK_EQUAL(run("SELECT count(*) FROM forum_member WHERE joined_year > ?", {{"1", "2010"}}).first, "5");
}

BOOST_AUTO_TEST_CASE(a_missing_or_unused_parameter_is_named) {
    BOOST_CHECK_EXCEPTION(run("SELECT :side"), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Parameter && e.where().param == "side";
    });
    BOOST_CHECK_EXCEPTION(run("SELECT 1", {{"sidee", "x"}}), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Parameter && e.where().param == "sidee";
    });
}

BOOST_AUTO_TEST_CASE(several_statements_give_one_sheet_each) {
    const auto sink = run("SELECT 1; -- one\nSELECT 2;\nSELECT 3");
    BOOST_CHECK(sink.sheets == (std::vector<std::string>{"query_1", "query_2", "query_3"}));
}

BOOST_AUTO_TEST_CASE(limit_stops_and_says_so) {
    RunOptions options;
    options.max_rows = 5;
    const auto conn = Connection::open(file(), OpenMode::ReadOnly);
    const auto def = adhoc_query(conn, "query", "SELECT name FROM country", "query");
    CountingSink sink;
    const auto summary = run_report(conn, def, {}, sink, 0, options);
    BOOST_CHECK_EQUAL(sink.rows, 5u);
    BOOST_CHECK(summary.limited_sheets == std::vector<std::string>{"query"});
    options.max_rows = 51;
    CountingSink all;
    BOOST_CHECK(run_report(conn, def, {}, all, 0, options).limited_sheets.empty());
}

BOOST_AUTO_TEST_CASE(timeout_stops_a_runaway_query) {
    RunOptions options;
    options.timeout = std::chrono::milliseconds(200);
    BOOST_CHECK_EXCEPTION(
        run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", {}, options),
        Error, [](const Error& e) { return e.detail().find("timed out after 0.2 s") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(cancel_stops_a_query) {
    std::atomic<bool> cancel{true};
    RunOptions options;
    options.cancel = &cancel;
    BOOST_CHECK_EXCEPTION(
        run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", {}, options),
        Error, [](const Error& e) { return e.detail().find("interrupted") != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(a_syntax_error_points_at_the_token) {
    BOOST_CHECK_EXCEPTION(run("SELECT name\n  FORM country"), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what() << "\n" << e.context());
        return e.detail().find("near \"country\": syntax error") != std::string::npos &&
               e.context() == "    FORM country\n         ^\n";
    });
}

BOOST_AUTO_TEST_CASE(a_syntax_error_in_a_long_line_shows_only_its_surroundings) {
    const std::string sql = "SELECT " + std::string(100000, ' ') + "1 FORM country";
    BOOST_CHECK_EXCEPTION(run(sql), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.context());
        return e.context().size() < 300 && e.context().find("country") != std::string::npos &&
               e.context().find('^') != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(empty_input_is_a_usage_error) {
    BOOST_CHECK_EXCEPTION(run("  -- nothing\n"), Error, [](const Error& e) { return e.kind() == ErrorKind::Usage; });
}

BOOST_AUTO_TEST_SUITE_END()
