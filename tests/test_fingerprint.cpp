// The About sheet's database fingerprint: the one database_fingerprint computes
// alone, for a database of any size, and of the very snapshot the rows came
// from even while another process commits during the export.

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/engine/report.hpp"
#include "engine/fingerprint.hpp"
#include "engine/read_snapshot.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <functional>

using namespace asemdb;
using namespace asemdb::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFingerprintLabel = "Database fingerprint (SHA-256)";
constexpr std::time_t kGenerated = 1795780800;  // 2026-11-27 12:00 UTC
constexpr int kMembers = 2000;

// The workbook as the independent reader (openpyxl) sees it; only the first rows of each sheet.
json dump_workbook(const fs::path& file) {
    const auto r = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(), file.string(),
                                               "--rows", "20"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    return json::parse(r.out);
}

std::string about_fingerprint(const json& book) {
    for (const auto& row : book.at("sheet").at("About").at("cells")) {
        if (row.size() > 1 && !row[0].is_null() && row[0].at("value") == kFingerprintLabel)
            return row[1].is_null() ? "" : row[1].at("value").get<std::string>();
    }
    BOOST_FAIL("the About sheet has no fingerprint row");
    return {};
}

std::string fingerprint_alone(const fs::path& db) {
    return database_fingerprint(Connection::open(db, OpenMode::ReadOnly));
}

// SELECT `values` for n = 1 .. count.
std::string series(int count, const std::string& values) {
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + std::to_string(count) +
           ") SELECT " + values + " FROM s";
}

// A database file in WAL mode, where a writer may commit while the export
// reads: a bulky table read first by the fingerprint (tables go in name
// order), then the members the export streams.
struct FileDb {
    FileDb() {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("CREATE TABLE aaa_bulk (id INTEGER PRIMARY KEY, payload TEXT)");
        db.exec("INSERT INTO aaa_bulk (payload) " + series(100000, "printf('%.200c', 'x')"));
        db.exec("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL, joined TEXT)");
        db.exec("INSERT INTO members (name, joined) " + series(kMembers, "'member ' || n, '2020-01-01'"));
    }
    // Another process commits a new member and changes an old one, and waits until it has.
    void commit_from_another_process() const {
        const auto r = run_program(ASEMDB_PYTHON, {"-c",
                                                   "import sqlite3, sys\n"
                                                   "db = sqlite3.connect(sys.argv[1], timeout=5)\n"
                                                   "db.execute(\"INSERT INTO members (name) VALUES ('late')\")\n"
                                                   "db.execute(\"UPDATE members SET name = 'renamed' WHERE id = 1\")\n"
                                                   "db.commit()\n",
                                                   file.string()});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    }
    TempDir dir;
    fs::path file = dir / "forum.db";
};

// Passes a run on to the xlsx renderer, and runs `on_first_row` before the
// first row goes on: a slow consumer, mid-export.
class FirstRowHook final : public RowSink {
 public:
    FirstRowHook(RowSink& inner, std::function<void()> on_first_row)
        : inner_(inner), on_first_row_(std::move(on_first_row)) {}
    void begin_report(const ReportContext& context) override { inner_.begin_report(context); }
    void begin_sheet(const SheetInfo& sheet) override { inner_.begin_sheet(sheet); }
    void row(std::span<const Cell> cells) override {
        if (on_first_row_) std::exchange(on_first_row_, nullptr)();
        inner_.row(cells);
    }
    void end_sheet(std::uint64_t rows) override { inner_.end_sheet(rows); }
    void summary(const std::string& text) override { inner_.summary(text); }
    bool shows_fingerprint() const override { return inner_.shows_fingerprint(); }
    void fingerprint(const std::string& sha256) override { inner_.fingerprint(sha256); }
    void end_report() override { inner_.end_report(); }

 private:
    RowSink& inner_;
    std::function<void()> on_first_row_;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fingerprint, FileDb)

BOOST_AUTO_TEST_CASE(the_about_sheet_holds_the_fingerprint_computed_alone) {
    const std::string alone = fingerprint_alone(file);
    const auto r = run_asemdb({"query", "--db", file.string(), "-o", (dir / "q.xlsx").string(), "SELECT * FROM members"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_CHECK_EQUAL(about_fingerprint(dump_workbook(dir / "q.xlsx")), alone);
    BOOST_CHECK_EQUAL(alone.size(), 64u);
}

BOOST_AUTO_TEST_CASE(a_report_workbook_holds_the_fingerprint_computed_alone) {
    const auto init = run_asemdb({"init", "--db", (dir / "asem.db").string()});
    BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    const auto r = run_asemdb({"report", "run", "member_roster", "--db", (dir / "asem.db").string(), "-o",
                               (dir / "roster.xlsx").string()});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_CHECK_EQUAL(about_fingerprint(dump_workbook(dir / "roster.xlsx")), fingerprint_alone(dir / "asem.db"));
}

BOOST_AUTO_TEST_CASE(a_database_over_64_mib_is_fingerprinted_too) {
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("CREATE TABLE zzz_blobs (data BLOB)");
        db.exec("INSERT INTO zzz_blobs " + series(70, "randomblob(1 << 20)"));
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    BOOST_TEST_REQUIRE(fs::file_size(file) > (64u << 20));
    const auto r = run_asemdb({"query", "--db", file.string(), "-o", (dir / "q.xlsx").string(), "SELECT 1 AS one"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_CHECK_EQUAL(about_fingerprint(dump_workbook(dir / "q.xlsx")), fingerprint_alone(file));
}

// The race made real and deterministic: the writer commits, and is known to
// have committed, after the export has begun and before any row is written.
BOOST_AUTO_TEST_CASE(rows_committed_during_the_export_are_in_neither_rows_nor_fingerprint) {
    const std::string before = fingerprint_alone(file);
    const auto conn = Connection::open(file, OpenMode::ReadOnly);
    const auto out = dir / "members.xlsx";
    const auto renderer = make_xlsx_renderer(out, {});
    bool committed = false;
    FirstRowHook sink(*renderer, [&] {
        commit_from_another_process();
        committed = true;
    });
    run_report(conn, bare_sql_report("members", "SELECT * FROM members ORDER BY id", "members.sql"), {}, sink,
               kGenerated);
    BOOST_TEST_REQUIRE(committed);
    const std::string after = fingerprint_alone(file);
    BOOST_TEST_REQUIRE(after != before);  // the commit landed: the race was real

    const auto book = dump_workbook(out);
    const auto& members = book.at("sheet").at("members");
    BOOST_CHECK_EQUAL(members.at("max_row"), kMembers + 1);  // header + the members before the commit
    BOOST_CHECK_EQUAL(members.at("cells")[1][1].at("value"), "member 1");
    BOOST_CHECK_EQUAL(about_fingerprint(book), before);
}

// The same race at the step that decides it, with no timing left to chance:
// the commit lands after the snapshot is pinned and before the fingerprint
// thread reads a single row.
BOOST_AUTO_TEST_CASE(the_second_reader_is_pinned_to_the_runs_snapshot) {
    const std::string before = fingerprint_alone(file);
    const auto conn = Connection::open(file, OpenMode::ReadOnly);
    const detail::ReadSnapshot snapshot(conn, true);
    BOOST_TEST_REQUIRE(snapshot.twin() != nullptr);
    commit_from_another_process();
    BOOST_TEST_REQUIRE(fingerprint_alone(file) != before);
    detail::FingerprintTask task(conn, snapshot.twin(), {});
    BOOST_CHECK_EQUAL(task.get(), before);
    BOOST_CHECK_EQUAL(scalar(conn.db(), "SELECT count(*) FROM members"), std::to_string(kMembers));
    BOOST_CHECK_EQUAL(database_fingerprint(conn), before);
}

BOOST_AUTO_TEST_CASE(an_in_memory_database_is_fingerprinted_on_the_runs_own_connection) {
    const auto conn = Connection::in_memory();
    conn.db().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    const detail::ReadSnapshot snapshot(conn, true);
    BOOST_CHECK(snapshot.twin() == nullptr);
    detail::FingerprintTask task(conn, snapshot.twin(), {});
    BOOST_CHECK_EQUAL(task.get(), database_fingerprint(conn));
}

BOOST_AUTO_TEST_CASE(a_stopped_fingerprint_read_throws_instead_of_a_digest_of_less) {
    const auto conn = Connection::open(file, OpenMode::ReadOnly);
    const detail::ReadSnapshot snapshot(conn, true);
    BOOST_TEST_REQUIRE(snapshot.twin() != nullptr);
    detail::FingerprintTask task(conn, snapshot.twin(), [] { return true; });
    BOOST_CHECK_THROW(task.get(), Error);
}

BOOST_AUTO_TEST_CASE(every_sheet_of_a_run_reads_the_same_snapshot) {
    const auto conn = Connection::open(file, OpenMode::ReadOnly);
    ReportDefinition def = bare_sql_report("members", "SELECT * FROM members ORDER BY id", "members.sql");
    SheetSpec count = def.sheets.front();
    count.name = "count";
    count.sql = "SELECT count(*) AS n FROM members";
    def.sheets.push_back(count);
    const auto out = dir / "two.xlsx";
    const auto renderer = make_xlsx_renderer(out, {});
    FirstRowHook sink(*renderer, [&] { commit_from_another_process(); });
    run_report(conn, def, {}, sink, kGenerated);
    const auto book = dump_workbook(out);
    BOOST_CHECK_EQUAL(book.at("sheet").at("count").at("cells")[1][0].at("value"), kMembers);
}

BOOST_AUTO_TEST_CASE(a_statement_that_ends_the_transaction_is_refused) {
    for (const char* sql : {"COMMIT", "END", "ROLLBACK", "BEGIN"}) {
        const auto out = dir / "t.xlsx";
        const auto r = run_asemdb({"query", "--db", file.string(), "-o", out.string(), sql});
        BOOST_TEST_MESSAGE(sql << ": " << r.err);
        BOOST_CHECK_EQUAL(r.exit_code, 2);
        BOOST_CHECK_EQUAL(count_lines(r.err), 1);
        BOOST_CHECK(!fs::exists(out));
    }
    BOOST_CHECK_EQUAL(fingerprint_alone(file).size(), 64u);
}

BOOST_AUTO_TEST_CASE(a_run_inside_the_callers_transaction_leaves_it_open) {
    auto conn = Connection::open(file, OpenMode::ReadOnly);
    conn.db().exec("BEGIN");
    const auto renderer = make_xlsx_renderer(dir / "in.xlsx", {});
    run_report(conn, bare_sql_report("members", "SELECT * FROM members", "members.sql"), {}, *renderer, kGenerated);
    BOOST_CHECK_EQUAL(sqlite3_get_autocommit(conn.db().getHandle()), 0);
    conn.db().exec("COMMIT");
    BOOST_CHECK_EQUAL(about_fingerprint(dump_workbook(dir / "in.xlsx")), fingerprint_alone(file));
}

BOOST_AUTO_TEST_SUITE_END()
