// Ctrl-C and SIGTERM, end to end on the built binary (ctest label "crash"):
// each signal, sent at ten moments spread over the phases of a command that
// writes a file (reading and rendering the rows; assembling and compressing
// the workbook, the fingerprint and the read-back), stops it within 200 ms
// with exit 130 and one line, leaves no output and no temporary file, and an
// earlier output at the path as it was. A signal during `init` leaves the
// database as it was and no half-built one.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

using namespace asemdb::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

namespace {

constexpr int kInterrupted = 130;  // README, Exit codes
constexpr int kPoints = 10;        // moments per signal and command
constexpr auto kMaxDelay = std::chrono::milliseconds(200);
const std::string kEarlier = "an earlier output, to be left as it was\n";
const std::string kMessage = "asemdb: interrupted\n";

std::string big_query(int rows) {
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
           ") SELECT i AS id, printf('row %08d', i) AS label, i * 0.5 AS half, '2020-01-01' AS day FROM n";
}

// Starts asemdb with `args` in `cwd`: standard output to /dev/null, standard error to `err`.
pid_t spawn(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& err) {
    std::vector<std::string> argv_text{ASEMDB_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(null, 0);
        dup2(null, 1);
        dup2(err_fd, 2);
        if (chdir(cwd.c_str()) != 0) _exit(127);
        setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
        unsetenv("ASEMDB_DB");
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// The exit status; minus the signal's number when a signal killed the process
// (so that death by SIGINT is not taken for an exit with 130).
int status_of(int wait_status) {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -WTERMSIG(wait_status);
}

// Whether `pid` holds SIGINT and SIGTERM blocked (asemdb's main has begun):
// before that, while the program is loaded, a signal has its default effect.
bool holds_signals(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("SigBlk:")) {
            const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
            return (mask >> (SIGINT - 1) & 1) && (mask >> (SIGTERM - 1) & 1);
        }
    return false;
}

// The size of the temporary file of output `name` in `dir` (".name.tmp-..."), or -1 when there is none.
long long temp_size(const fs::path& dir, const std::string& name) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().starts_with("." + name + ".tmp-")) {
            const auto size = fs::file_size(it->path(), ec);
            return ec ? -1 : static_cast<long long>(size);
        }
    return -1;
}

// A command that writes `output` (a name in `dir`), and what a whole run of it gives.
struct Command {
    Command(std::vector<std::string> args_, fs::path dir_, std::string output_)
        : args(std::move(args_)), dir(std::move(dir_)), output(std::move(output_)) {}
    std::vector<std::string> args;
    fs::path dir;
    std::string output;
    int status = 0;            ///< a whole run's exit status (the audit's is 1: some checks fail)
    std::string complete;      ///< a whole run's output
    microseconds started{};    ///< when the output's temporary file appears: the command is running
    microseconds assembling{}; ///< when the output's temporary file starts to grow: the workbook's close
    microseconds whole{};      ///< a whole run's duration
};

// Runs `command` once, watching its temporary file every millisecond, to learn its phases.
void profile(Command& command, const fs::path& err) {
    const auto start = Clock::now();
    const pid_t pid = spawn(command.args, command.dir, err);
    int wait_status = 0;
    while (waitpid(pid, &wait_status, WNOHANG) == 0) {
        const long long size = temp_size(command.dir, command.output);
        const auto now = std::chrono::duration_cast<microseconds>(Clock::now() - start);
        if (command.started == microseconds{} && size >= 0) command.started = now;
        if (command.assembling == microseconds{} && size > 0) command.assembling = now;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    command.whole = std::chrono::duration_cast<microseconds>(Clock::now() - start);
    command.status = status_of(wait_status);
    BOOST_TEST_REQUIRE((command.status == 0 || command.status == 1), "asemdb " << command.args.front() << ": "
                                                                              << read_bytes(err));
    command.complete = read_bytes(command.dir / command.output);
    if (command.assembling == microseconds{}) command.assembling = command.whole / 2;
    if (command.started == microseconds{} || command.started > command.assembling) command.started = command.assembling / 2;
}

// The moments to signal: half spread over the reading and rendering, half over
// the workbook's assembly and what follows it (some may come after the rename);
// all spread over the whole run when the assembly is too short to aim at. Not
// before the command runs, while the program is loaded: a signal then has its
// default effect (nothing is written yet).
std::vector<microseconds> moments(const Command& command) {
    const microseconds loading = command.started;
    const auto reading = command.assembling - loading, closing = command.whole - command.assembling;
    std::vector<microseconds> at;
    if (closing < command.whole / 5) {
        for (int i = 0; i < kPoints; ++i) at.push_back(loading + (command.whole - loading) * (2 * i + 1) / (2 * kPoints));
        return at;
    }
    for (int i = 0; i < kPoints / 2; ++i) at.push_back(loading + reading * (2 * i + 1) / kPoints);
    for (int i = 0; i < kPoints - kPoints / 2; ++i) at.push_back(command.assembling + closing * (2 * i + 1) / kPoints);
    return at;
}

struct Outcome {
    bool finished_first = false;  ///< ended before the signal was sent
    int status = -1;
    microseconds delay{};         ///< from the signal to the end of the process
    long long temp_bytes = -1;    ///< the temporary output's size when the signal was sent; -1: none
    std::string err;
};

Outcome signal_at(const Command& command, microseconds at, int signal_number, const fs::path& err) {
    const auto start = Clock::now();
    const pid_t pid = spawn(command.args, command.dir, err);
    std::this_thread::sleep_until(start + at);
    Outcome outcome;
    int wait_status = 0;
    pid_t ended = 0;
    // A moment before the program is loaded (a slow start) waits for it.
    for (int i = 0; i < 2000 && (ended = waitpid(pid, &wait_status, WNOHANG)) == 0 && !holds_signals(pid); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (ended == pid) {
        outcome.finished_first = true;
    } else {
        outcome.temp_bytes = temp_size(command.dir, command.output);
        const auto sent = Clock::now();
        ::kill(pid, signal_number);
        waitpid(pid, &wait_status, 0);
        outcome.delay = std::chrono::duration_cast<microseconds>(Clock::now() - sent);
    }
    outcome.status = status_of(wait_status);
    outcome.err = read_bytes(err);
    return outcome;
}

// Tallies of where the signals came, and the delays, for the test's message.
struct Tally {
    int while_reading = 0, while_assembling = 0, after_rename = 0, finished_first = 0, raced = 0;
    std::vector<microseconds> delays;

    std::string delay_summary() const {
        auto sorted = delays;
        std::sort(sorted.begin(), sorted.end());
        const auto ms = [](microseconds d) { return std::to_string(d.count() / 1000.0).substr(0, 5); };
        return "signal to exit: median " + (sorted.empty() ? "-" : ms(sorted[sorted.size() / 2])) + " ms, max " +
               (sorted.empty() ? "-" : ms(sorted.back())) + " ms";
    }
    std::string summary() const {
        return std::to_string(while_reading) + " while reading, " + std::to_string(while_assembling) +
               " while assembling, " + std::to_string(after_rename) + " after the rename, " +
               std::to_string(finished_first) + " finished first, " + std::to_string(raced) +
               " ended as signalled; " + delay_summary();
    }
};

// Nothing in the output's directory but the output: no temporary file of asemdb's or of libxlsxwriter's.
void check_no_stray_files(const Command& command) {
    for (const auto& entry : fs::directory_iterator(command.dir)) {
        const std::string name = entry.path().filename().string();
        BOOST_CHECK_MESSAGE(name == command.output, "stray file " << name);
    }
}

void check_outcome(const Command& command, const Outcome& outcome, const std::optional<std::string>& earlier,
                   Tally& tally) {
    const fs::path target = command.dir / command.output;
    check_no_stray_files(command);
    // Ended as the signal was sent (already exiting): a whole run, but not one
    // to count on; a signal ignored would look the same (see signal_throughout).
    const bool raced = !outcome.finished_first && outcome.status == command.status && !outcome.err.ends_with(kMessage);
    if (outcome.finished_first || raced) {
        ++(raced ? tally.raced : tally.finished_first);
        BOOST_CHECK_EQUAL(outcome.status, command.status);
        BOOST_CHECK(read_bytes(target) == command.complete);
        return;
    }
    tally.delays.push_back(outcome.delay);
    BOOST_CHECK_MESSAGE(outcome.status == kInterrupted, "exit " << outcome.status << " " << outcome.delay.count() << " us after the signal");
    BOOST_CHECK_MESSAGE(outcome.delay <= kMaxDelay, "stopped " << outcome.delay.count() << " us after the signal");
    BOOST_CHECK_MESSAGE(outcome.err.ends_with(kMessage), outcome.err);
    const std::optional<std::string> now =
        fs::exists(target) ? std::optional<std::string>(read_bytes(target)) : std::nullopt;
    if (now && *now == command.complete && now != earlier) {
        // The signal came after the rename: the new file stays, whole.
        ++tally.after_rename;
        return;
    }
    BOOST_CHECK_EQUAL(outcome.err, kMessage);
    BOOST_CHECK_MESSAGE(now == earlier, "the output is neither the earlier file nor absent");
    (outcome.temp_bytes > 0 ? tally.while_assembling : tally.while_reading) += 1;
}

// SIGINT and SIGTERM at each of the moments; every other run over an earlier output.
Tally signal_throughout(Command& command, const fs::path& err) {
    profile(command, err);
    Tally tally;
    const auto at = moments(command);
    for (std::size_t point = 0; point < at.size(); ++point) {
        for (const int signal_number : {SIGINT, SIGTERM}) {
            BOOST_TEST_CONTEXT("signal " << signal_number << " at " << at[point].count() << " us of "
                                         << command.whole.count()) {
                std::optional<std::string> earlier;
                fs::remove(command.dir / command.output);
                if (point % 2 == 0) {
                    earlier = kEarlier;
                    write_text(command.dir / command.output, kEarlier);
                }
                check_outcome(command, signal_at(command, at[point], signal_number, err), earlier, tally);
            }
        }
    }
    BOOST_TEST_MESSAGE(command.args.front() << " -o " << command.output << " (" << command.whole.count() / 1000
                                            << " ms, running from " << command.started.count() / 1000 << " ms, assembling from " << command.assembling.count() / 1000
                                            << " ms): " << tally.summary());
    BOOST_CHECK_LE(tally.raced, 2);
    return tally;
}

struct InterruptDir {
    InterruptDir() {
        BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", db.string()}).exit_code == 0);
        fs::create_directory(dir / "out");
    }
    TempDir dir;
    fs::path db = dir / "asem.db";
    fs::path out = dir / "out";    // nothing else may appear here
    fs::path err = dir / "stderr";
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(interrupt, InterruptDir)

BOOST_AUTO_TEST_CASE(an_xlsx_export_stops_at_once_in_every_phase) {
    Command query{{"query", "--db", db.string(), big_query(600000), "-o", "big.xlsx"}, out, "big.xlsx"};
    const Tally tally = signal_throughout(query, err);
    // The point of it: signals while the rows are read and while libxlsxwriter compresses.
    BOOST_CHECK_GE(tally.while_reading, 3);
    BOOST_CHECK_GE(tally.while_assembling, 3);
}

BOOST_AUTO_TEST_CASE(report_run_stops_at_once_in_every_phase) {
    const fs::path reports = dir / "reports";
    fs::create_directory(reports);
    write_text(reports / "big.toml", "title = \"Many rows\"\n[[sheet]]\nname = \"rows\"\nsql = \"" +
                                         big_query(300000) + "\"\n");
    Command report{{"report", "run", "big", "--db", db.string(), "--reports-dir", reports.string(), "-o", "big.xlsx"},
                   out,
                   "big.xlsx"};
    const Tally tally = signal_throughout(report, err);
    BOOST_CHECK_GE(tally.while_reading + tally.while_assembling, kPoints);
}

BOOST_AUTO_TEST_CASE(audit_stops_at_once_in_every_phase) {
    // The seed's audit takes about a tenth of a second, too short to aim ten
    // signals into: a custom check that counts for a second makes it long enough.
    const fs::path checks = dir / "checks";
    fs::create_directory(checks);
    write_text(checks / "slow.sql",
               "-- title: A check that takes its time\n-- severity: warning\n"
               "SELECT n FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000000) "
               "SELECT max(n) AS n FROM c) WHERE n < 0;\n");
    Command audit{{"audit", "--db", db.string(), "--as-of", "2026-01-01", "--checks-dir", checks.string(), "-o",
                   "audit.xlsx"},
                  out,
                  "audit.xlsx"};
    const Tally tally = signal_throughout(audit, err);
    BOOST_CHECK_GE(tally.while_reading + tally.while_assembling, kPoints);
}

// init applies its scripts in one transaction: a signal in the middle of it
// (20,000 rows written, then a long computation) leaves an existing database's
// file byte for byte as it was, and its content after the next open; a new
// database is not created, and its half-built file is removed.
BOOST_AUTO_TEST_CASE(init_stopped_by_a_signal_leaves_the_database_as_it_was) {
    const fs::path sql = copy_sql_tree(dir.path());
    write_text(sql / "seed/900_bulk.sql",
               "CREATE TABLE bulk (id INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT;\n"
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)\n"
               "  INSERT INTO bulk SELECT i, printf('%0200d', i) FROM n;\n"
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000)\n"
               "  INSERT INTO bulk SELECT 0, count(*) FROM n;\n");
    const fs::path work = dir / "init";
    fs::create_directory(work);
    const std::string before = read_bytes(db);
    Command init{{"init", "--db", "asem.db", "--sql-dir", sql.string()}, work, "asem.db"};
    fs::copy_file(db, work / "asem.db");
    profile(init, err);
    Tally tally;
    for (int point = 0; point < kPoints; ++point) {
        for (const int signal_number : {SIGINT, SIGTERM}) {
            BOOST_TEST_CONTEXT("signal " << signal_number << " at point " << point) {
                // Even points update the database, odd ones create it.
                const bool update = point % 2 == 0;
                fs::remove_all(work);
                fs::create_directory(work);
                if (update) fs::copy_file(db, work / "asem.db");
                const auto outcome = signal_at(init, init.whole * (2 * point + 1) / (2 * kPoints), signal_number, err);
                if (outcome.finished_first) {
                    ++tally.finished_first;
                    continue;
                }
                tally.delays.push_back(outcome.delay);
                BOOST_CHECK_MESSAGE(outcome.status == kInterrupted, "exit " << outcome.status << " " << outcome.delay.count() << " us after the signal");
                BOOST_CHECK_LE(outcome.delay.count(), microseconds(kMaxDelay).count());
                BOOST_CHECK_EQUAL(outcome.err, kMessage);
                for (const auto& entry : fs::directory_iterator(work))
                    BOOST_CHECK_MESSAGE(!entry.path().filename().string().starts_with("asem.db.init-tmp"),
                                        "half-built database left: " << entry.path().filename());
                if (!update) {
                    BOOST_CHECK(!fs::exists(work / "asem.db"));
                    continue;
                }
                BOOST_CHECK(read_bytes(work / "asem.db") == before);
                SQLite::Database reopened((work / "asem.db").string(), SQLite::OPEN_READWRITE);
                BOOST_CHECK_EQUAL(reopened.execAndGet("PRAGMA integrity_check").getString(), "ok");
                // A signal that lands between the commit and the exit finds the
                // work done: then all of it is there (in the write-ahead log),
                // never a part.
                if (reopened.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'bulk'").getInt() == 1) {
                    BOOST_CHECK_EQUAL(reopened.execAndGet("SELECT count(*) FROM bulk").getInt(), 20001);
                    ++tally.finished_first;
                    tally.delays.pop_back();
                }
            }
        }
    }
    BOOST_TEST_MESSAGE("init (" << init.whole.count() / 1000 << " ms): " << tally.delays.size() << " stopped, "
                                << tally.finished_first << " finished first; " << tally.delay_summary());
    BOOST_CHECK_GE(tally.delays.size(), std::size_t{kPoints});
}

BOOST_AUTO_TEST_SUITE_END()
