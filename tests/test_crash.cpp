// Crash safety, end to end on the built binary (ctest label "crash"; not part
// of the sanitizer run): kill -9 at random moments during init and during a
// large xlsx export, a full disk simulated with a file-size limit, and a
// database locked by another writer.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <sstream>
#include <thread>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

constexpr int kKills = 50;          // runs actually killed, per test
constexpr int kMaxAttempts = 1000;  // runs that finish before the kill count as trials too

// When a kill comes: at a random moment up to a little longer than a whole
// run, so that some runs finish and their new state is checked too; a run that
// finishes before its kill shrinks the window, so that kKills kills are
// reached whatever the machine's speed.
class KillWindow {
 public:
    explicit KillWindow(std::chrono::microseconds full) : window_(full.count() * 11 / 10) {}
    std::chrono::microseconds next() { return std::chrono::microseconds(random_() % (window_ + 1)); }
    void finished_first() { window_ = window_ * 9 / 10; }

 private:
    std::mt19937 random_{8};
    long long window_;
};

// A seed script big enough that init takes a while: many statements, each a batch of rows.
std::string bulk_seed(int batches) {
    std::string sql = "CREATE TABLE bulk (id INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT;\n";
    for (int b = 0; b < batches; ++b)
        sql += "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
               "INSERT INTO bulk (id, payload) SELECT " + std::to_string(b * 1000) +
               " + i, printf('%0200d', i) FROM n;\n";
    return sql;
}

std::string big_query(int rows) {
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
           ") SELECT i AS id, printf('row %08d', i) AS label, i * 0.5 AS half, '2020-01-01' AS day FROM n";
}

// Starts asemdb with `args` in `cwd`, output to /dev/null; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv_text{ASEMDB_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (chdir(cwd.c_str()) != 0) _exit(127);
        setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
        unsetenv("ASEMDB_DB");
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// Runs asemdb and sends SIGKILL after `delay` unless it ended before; returns true if it was killed.
bool run_and_kill(const std::vector<std::string>& args, const fs::path& cwd, std::chrono::microseconds delay) {
    const pid_t pid = spawn(args, cwd);
    std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

std::chrono::microseconds timed_run(const std::vector<std::string>& args, const fs::path& cwd) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_asemdb(args, {cwd, {{"SOURCE_DATE_EPOCH", "1767225600"}}});
    BOOST_TEST_REQUIRE(r.exit_code == 0, "asemdb " << args.front() << ": " << r.err);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

std::string integrity(const fs::path& db) {
    SQLite::Database conn(db.string(), SQLite::OPEN_READONLY);
    return conn.execAndGet("PRAGMA integrity_check").getString();
}

int count(const fs::path& db, const std::string& sql) {
    SQLite::Database conn(db.string(), SQLite::OPEN_READONLY);
    return conn.execAndGet(sql).getInt();
}

bool has_table(const fs::path& db, const std::string& table) {
    return count(db, "SELECT count(*) FROM sqlite_schema WHERE name = '" + table + "'") == 1;
}

// Names in `dir` that start with `prefix`.
std::vector<std::string> files_starting(const fs::path& dir, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().starts_with(prefix)) out.push_back(e.path().filename().string());
    return out;
}

// Runs asemdb with a file-size limit of `bytes` (prlimit) and SIGXFSZ ignored:
// a write past the limit fails with EFBIG, as on a full disk.
RunResult run_limited(std::uint64_t bytes, const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> sh_args{"-c", "trap '' XFSZ; exec prlimit --fsize=" + std::to_string(bytes) + " \"$0\" \"$@\"",
                                     ASEMDB_BINARY};
    sh_args.insert(sh_args.end(), args.begin(), args.end());
    return run_program("/bin/sh", sh_args, in_dir(cwd));
}

// The size of a worksheet part of `xlsx` and of the row data inside it, read by Python's zipfile.
std::pair<std::uint64_t, std::uint64_t> sheet_and_row_bytes(const fs::path& xlsx) {
    const auto r = run_program("/usr/bin/python3",
                               {"-c",
                                "import sys, zipfile\n"
                                "xml = zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml')\n"
                                "print(len(xml), xml.index(b'</sheetData>') - xml.index(b'<sheetData>') - 11)",
                                xlsx.string()});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    std::uint64_t sheet = 0, rows = 0;
    std::istringstream(r.out) >> sheet >> rows;
    return {sheet, rows};
}

struct CrashDir {
    CrashDir() {
        sql = copy_sql_tree(dir.path());
        write_text(sql / "seed/900_bulk.sql", bulk_seed(60));
        fs::create_directory(dir / "base");
        base_sql = copy_sql_tree(dir / "base");
        BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", (dir / "base.db").string(), "--sql-dir", base_sql.string()})
                               .exit_code == 0);
    }
    TempDir dir;
    fs::path sql;       // the shipped scripts plus a large one
    fs::path base_sql;  // the shipped scripts
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(crash, CrashDir)

BOOST_AUTO_TEST_CASE(init_killed_at_random_leaves_the_old_or_the_new_database) {
    const fs::path work = dir / "work";
    fs::create_directory(work);
    const std::vector<std::string> args = {"init", "--db", "asem.db", "--sql-dir", sql.string()};
    const auto full = timed_run(args, work);
    const int bulk_rows = count(work / "asem.db", "SELECT count(*) FROM bulk");
    const int base_scripts = count(dir / "base.db", "SELECT count(*) FROM applied_script");
    KillWindow window(full);
    int trial = 0, killed = 0, old_state = 0, new_state = 0;
    for (; killed < kKills && trial < kMaxAttempts; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial) {
            // Even trials create the database, odd ones update an existing one.
            const bool update = trial % 2 == 1;
            fs::remove(work / "asem.db");
            if (update) fs::copy_file(dir / "base.db", work / "asem.db");
            if (run_and_kill(args, work, window.next()))
                ++killed;
            else
                window.finished_first();
            if (!fs::exists(work / "asem.db")) {
                BOOST_CHECK(!update);  // a new database appears whole or not at all
                ++old_state;
                continue;
            }
            BOOST_CHECK_EQUAL(integrity(work / "asem.db"), "ok");
            if (has_table(work / "asem.db", "bulk")) {
                BOOST_CHECK_EQUAL(count(work / "asem.db", "SELECT count(*) FROM bulk"), bulk_rows);
                BOOST_CHECK_EQUAL(count(work / "asem.db", "SELECT count(*) FROM applied_script"), base_scripts + 1);
                ++new_state;
            } else {
                BOOST_CHECK(update);
                BOOST_CHECK_EQUAL(count(work / "asem.db", "SELECT count(*) FROM applied_script"), base_scripts);
                ++old_state;
            }
        }
    }
    BOOST_TEST_MESSAGE("init: " << trial << " trials, " << killed << " killed; " << old_state << " old state, "
                                << new_state << " new state, 0 other");
    BOOST_CHECK_EQUAL(killed, kKills);
    // The next run cleans up what a killed one left.
    fs::remove(work / "asem.db");
    timed_run(args, work);
    BOOST_CHECK(files_starting(work, "asem.db.init-tmp").empty());
    BOOST_CHECK_EQUAL(integrity(work / "asem.db"), "ok");
}

BOOST_AUTO_TEST_CASE(export_killed_at_random_leaves_the_previous_or_the_complete_file) {
    const fs::path out = dir / "out";
    fs::create_directory(out);
    const std::string db = (dir / "base.db").string();
    auto args_for = [&](int rows) {
        return std::vector<std::string>{"query", "--db", db, big_query(rows), "-o", "big.xlsx"};
    };
    // Two complete exports to tell apart: 150,000 rows and 150,001 rows.
    const auto full = timed_run(args_for(150001), out);
    const std::string wide = read_bytes(out / "big.xlsx");
    timed_run(args_for(150000), out);
    const std::string narrow = read_bytes(out / "big.xlsx");
    BOOST_TEST_REQUIRE(wide != narrow);
    KillWindow window(full);
    std::string previous = narrow;
    int trial = 0, killed = 0, kept = 0, replaced = 0;
    for (; killed < kKills && trial < kMaxAttempts; ++trial) {
        BOOST_TEST_CONTEXT("trial " << trial) {
            const bool to_wide = previous == narrow;
            if (run_and_kill(args_for(to_wide ? 150001 : 150000), out, window.next()))
                ++killed;
            else
                window.finished_first();
            const std::string now = read_bytes(out / "big.xlsx");
            const std::string& expected_new = to_wide ? wide : narrow;
            BOOST_CHECK_MESSAGE(now == previous || now == expected_new, "big.xlsx is neither the old nor the new file");
            if (now == previous) ++kept;
            if (now == expected_new) {
                ++replaced;
                previous = expected_new;
            }
            // Nothing but the output and hidden temporary files of killed runs.
            for (const auto& e : fs::directory_iterator(out)) {
                const std::string name = e.path().filename().string();
                BOOST_CHECK_MESSAGE(name == "big.xlsx" || name.starts_with(".big.xlsx.tmp-"), "stray file " << name);
            }
        }
    }
    BOOST_TEST_MESSAGE("xlsx export: " << trial << " trials, " << killed << " killed; " << kept
                                       << " kept the previous file, " << replaced << " complete new file, 0 other");
    BOOST_CHECK_EQUAL(killed, kKills);
    timed_run(args_for(150000), out);
    BOOST_CHECK(files_starting(out, ".big.xlsx.tmp-").empty());
    BOOST_CHECK(read_bytes(out / "big.xlsx") == narrow);
}

BOOST_AUTO_TEST_CASE(full_disk_gives_a_clear_error_and_leaves_everything_intact) {
    const fs::path work = dir / "full";
    fs::create_directory(work);
    fs::copy_file(dir / "base.db", work / "asem.db");
    const std::string db_before = read_bytes(work / "asem.db");
    const std::uint64_t limit = db_before.size() + 512 * 1024;  // the database fits, the bulk does not

    // An update that needs more room than there is: old state, database intact.
    auto r = run_limited(limit, {"init", "--db", "asem.db", "--sql-dir", sql.string()}, work);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(r.err.starts_with("asemdb: ") && r.err.find("nothing was applied") != std::string::npos, r.err);
    BOOST_CHECK_EQUAL(integrity(work / "asem.db"), "ok");
    BOOST_CHECK(!has_table(work / "asem.db", "bulk"));
    BOOST_CHECK(read_bytes(work / "asem.db") == db_before);

    // A new database that does not fit: no file under the final name, no temporary left.
    r = run_limited(limit, {"init", "--db", "new.db", "--sql-dir", sql.string()}, work);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK(!fs::exists(work / "new.db"));
    BOOST_CHECK(files_starting(work, "new.db").empty());

    // An export that does not fit: no file under its name, no temporary left.
    r = run_limited(128 * 1024, {"query", "--db", "asem.db", big_query(150000), "-o", "big.csv"}, work);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(r.err.starts_with("asemdb: big.csv"), r.err);
    BOOST_CHECK(!fs::exists(work / "big.csv"));
    BOOST_CHECK(files_starting(work, ".big.csv").empty());
    BOOST_CHECK(read_bytes(work / "asem.db") == db_before);
}

// libxlsxwriter writes rows to a temporary file per worksheet and copies them
// into another when the workbook is assembled, checking neither write: asemdb
// watches the first and claims the room for the second before it starts.
BOOST_AUTO_TEST_CASE(full_disk_during_an_xlsx_export_keeps_the_previous_file) {
    const fs::path work = dir / "full_xlsx";
    fs::create_directory(work);
    write_text(work / "big.xlsx", "the previous export");
    const std::vector<std::string> export_args{"query", "--db", (dir / "base.db").string(), big_query(20000), "-o",
                                               "big.xlsx"};

    // While rows are written: the 20,000-row sheet (about 1.6 MB of XML) does not fit in 128 kB.
    auto r = run_limited(128 * 1024, export_args, work);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(r.err.starts_with("asemdb: big.xlsx") && r.err.find("File too large") != std::string::npos,
                        r.err);
    BOOST_CHECK_EQUAL(read_bytes(work / "big.xlsx"), "the previous export");
    BOOST_CHECK(files_starting(work, ".big.xlsx").empty());

    // While the workbook is assembled: the rows fit, the worksheet part holding them does not.
    const fs::path reference = dir / "reference";
    fs::create_directory(reference);
    BOOST_TEST_REQUIRE(run_asemdb(export_args, in_dir(reference)).exit_code == 0);
    const auto [sheet_bytes, row_bytes] = sheet_and_row_bytes(reference / "big.xlsx");
    BOOST_TEST_REQUIRE(row_bytes + 2 < sheet_bytes);
    r = run_limited((row_bytes + sheet_bytes) / 2, export_args, work);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(r.err.starts_with("asemdb: big.xlsx") && r.err.find("no room to assemble the workbook") != std::string::npos &&
                            r.err.find("File too large") != std::string::npos,
                        r.err);
    BOOST_CHECK_EQUAL(read_bytes(work / "big.xlsx"), "the previous export");
    BOOST_CHECK(files_starting(work, ".big.xlsx").empty());

    // With room enough, the same export replaces the previous file.
    r = run_limited(sheet_bytes + (1 << 20) + 4096, export_args, work);
    BOOST_CHECK_MESSAGE(r.exit_code == 0, r.err);
    BOOST_CHECK(read_bytes(work / "big.xlsx") != "the previous export");
}

BOOST_AUTO_TEST_CASE(a_locked_database_lets_readers_read_and_writers_fail_after_the_busy_timeout) {
    const fs::path work = dir / "locked";
    fs::create_directory(work);
    fs::copy_file(dir / "base.db", work / "asem.db");
    SQLite::Database writer((work / "asem.db").string(), SQLite::OPEN_READWRITE);
    writer.exec("BEGIN IMMEDIATE");
    writer.exec("UPDATE theme SET title = title || ' (being edited)'");

    // Readers proceed and see the last committed state.
    auto r = run_asemdb({"query", "--db", "asem.db", "SELECT count(*) AS n FROM theme WHERE title LIKE '%being edited%'",
                         "--format", "csv"}, in_dir(work));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "n\r\n0\r\n");
    r = run_asemdb({"report", "run", "forum_profile", "--db", "asem.db"}, in_dir(work));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    r = run_asemdb({"audit", "--db", "asem.db", "--as-of", "2026-01-01", "--format", "json"}, in_dir(work));
    BOOST_CHECK_EQUAL(r.exit_code, 0);

    // A writer waits for the busy timeout, then fails and applies nothing.
    r = run_asemdb({"init", "--db", "asem.db", "--sql-dir", sql.string()}, in_dir(work));
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(r.err.find("database is locked") != std::string::npos, r.err);
    writer.exec("ROLLBACK");
    BOOST_CHECK(!has_table(work / "asem.db", "bulk"));
    BOOST_CHECK_EQUAL(integrity(work / "asem.db"), "ok");
}

// WAL needs a -shm file even to read; a reader that may not create one (a
// read-only directory) reads the database file as it is.
BOOST_AUTO_TEST_CASE(a_wal_database_in_a_read_only_directory_can_be_read) {
    if (geteuid() != 0) return;  // needs to run the binary as another user; CI runs as root
    const fs::path ro = dir / "ro";
    fs::create_directory(ro);
    fs::copy_file(dir / "base.db", ro / "asem.db");
    fs::permissions(dir.path(), fs::perms::others_exec, fs::perm_options::add);
    fs::permissions(ro, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(ro / "asem.db", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string before = read_bytes(ro / "asem.db");
    const auto r = run_program("/usr/bin/setpriv", {"--reuid=65534", "--regid=65534", "--clear-groups", ASEMDB_BINARY,
                                                    "query", "--db", (ro / "asem.db").string(),
                                                    "SELECT count(*) AS n FROM country", "--format", "csv"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_MESSAGE(r.out == "n\r\n51\r\n", r.out << r.err);
    BOOST_CHECK(!fs::exists(ro / "asem.db-shm"));
    BOOST_CHECK(read_bytes(ro / "asem.db") == before);
}

BOOST_AUTO_TEST_SUITE_END()
