// The output layer end to end on the built binary: a full disk or a file-size
// limit on each kind of destination (a file, standard output, a scheduled
// job's file) is a clean failure with the system's reason; a schedule never
// creates directories outside its output directory; the run history's JSON
// stays valid whatever bytes a run recorded.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 100,000 rows: well past a 256-block file-size limit in any format.
constexpr const char* kManyRows =
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100000) SELECT x, 'row ' || x AS label FROM n";

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs asemdb through the shell, for a redirection or a ulimit. The test does
// not ignore SIGXFSZ: asemdb itself must not die of it.
RunResult shell(const std::string& before, const std::vector<std::string>& args, const std::string& after,
                const fs::path& cwd) {
    std::string command = before + " exec " + quoted(ASEMDB_BINARY);
    for (const auto& arg : args) command += " " + quoted(arg);
    return run_program("/bin/sh", {"-c", command + " " + after}, in_dir(cwd));
}

struct Database {
    Database() { BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", (dir / "asem.db").string()}).exit_code == 0); }
    // Every name in the directory, so a temporary file left behind is seen.
    std::set<std::string> names() const {
        std::set<std::string> out;
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            const std::string name = entry.path().filename().string();
            if (!name.ends_with("-wal") && !name.ends_with("-shm")) out.insert(name);
        }
        return out;
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(output, Database)

BOOST_AUTO_TEST_CASE(a_file_size_limit_fails_a_file_export_with_the_reason_and_leaves_nothing) {
    write_text(dir / "old.csv", "earlier\n");
    const std::string db = read_bytes(dir / "asem.db");
    for (const char* file : {"old.csv", "new.csv", "new.xlsx"}) {
        BOOST_TEST_CONTEXT(file) {
            const auto before = names();
            const auto r = shell("ulimit -f 256;", {"query", kManyRows, "--db", "asem.db", "-o", file}, "", dir.path());
            BOOST_CHECK_EQUAL(r.exit_code, 2);
            BOOST_CHECK_EQUAL(count_lines(r.err), 1);
            BOOST_CHECK_MESSAGE(contains(r.err, "File too large") && contains(r.err, file), r.err);
            BOOST_CHECK(names() == before);
        }
    }
    BOOST_CHECK_EQUAL(read_bytes(dir / "old.csv"), "earlier\n");
    BOOST_CHECK(read_bytes(dir / "asem.db") == db);
}

BOOST_AUTO_TEST_CASE(a_full_standard_output_is_exit_2_with_the_reason) {
    write_text(dir / "s.toml", "[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\n");
    const std::vector<std::vector<std::string>> commands = {
        {"audit"},
        {"info"},
        {"query", "SELECT 1 AS a"},
        {"query", kManyRows, "--format", "json"},
        {"report", "run", "forum_profile", "--format", "text"},
        {"schema"},
        {"schedule", "history", "--format", "json", "--schedule", "s.toml"},
        {"schedule", "list", "--schedule", "s.toml"},
    };
    for (auto args : commands) {
        BOOST_TEST_CONTEXT(args.front() << " " << args.at(1 % args.size())) {
            args.insert(args.end(), {"--db", "asem.db"});
            const auto r = shell("", args, ">/dev/full", dir.path());
            BOOST_CHECK_EQUAL(r.exit_code, 2);
            BOOST_CHECK_EQUAL(count_lines(r.err), 1);
            BOOST_CHECK_MESSAGE(contains(r.err, "standard output: cannot write: No space left on device"), r.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_file_size_limit_on_redirected_standard_output_is_exit_2_with_the_reason) {
    const auto r = shell("ulimit -f 256;", {"query", kManyRows, "--db", "asem.db", "--format", "csv"}, "> out.csv", dir.path());
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(contains(r.err, "standard output: cannot write: File too large"), r.err);
}

BOOST_AUTO_TEST_CASE(a_file_size_limit_fails_a_scheduled_job_with_the_reason_and_leaves_no_file) {
    fs::create_directory(dir / "r");
    write_text(dir / "r/many.sql", kManyRows);
    write_text(dir / "s.toml", "output_dir = \"out\"\n[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"many\"\n"
                               "formats = [\"csv\"]\noutput = \"{job}.{ext}\"\n");
    const std::vector<std::string> common = {"--db", "asem.db", "--schedule", "s.toml", "--reports-dir", "r"};
    auto args = common;
    args.insert(args.begin(), {"schedule", "run", "j"});
    const auto r = shell("ulimit -f 256;", args, "", dir.path());
    BOOST_CHECK_EQUAL(r.exit_code, 2);  // a failed write, recorded in the history
    BOOST_CHECK_MESSAGE(contains(r.out, "failed") && contains(r.out, "cannot write: File too large"), r.out << r.err);
    BOOST_CHECK(fs::is_empty(dir / "out"));
    args = common;
    args.insert(args.begin(), {"schedule", "history", "--format", "json"});
    const auto history = run_asemdb(args, in_dir(dir.path()));
    BOOST_TEST_REQUIRE(history.exit_code == 0);
    const auto runs = nlohmann::json::parse(history.out);
    BOOST_TEST_REQUIRE(runs.size() == 1u);
    BOOST_CHECK(contains(runs[0]["error"].get<std::string>(), "File too large"));
}

// A failed check is exit 1, a failed write 2: the run exits with the most severe.
BOOST_AUTO_TEST_CASE(run_due_exits_with_the_most_severe_of_its_failed_jobs) {
    fs::create_directory(dir / "checks");
    write_text(dir / "checks/always.sql", "-- title: always fails\n-- severity: error\nSELECT 1 AS x\n");
    const auto audit = [](const std::string& name) {
        return "[[job]]\nname = \"" + name + "\"\ncron = \"0 7 * * *\"\nreport = \"audit\"\n"
               "params = { checks_dir = \"checks\" }\nformats = [\"json\"]\n";
    };
    const std::string full = "[[job]]\nname = \"full\"\ncron = \"0 7 * * *\"\nreport = \"member_roster\"\n"
                             "sheet = \"roster\"\nformats = [\"csv\"]\noutput = \"full/{job}.{ext}\"\n";
    write_text(dir / "checks.toml", "output_dir = \"out\"\n" + audit("audit"));
    // Another name: the history already holds "audit"'s run for this occurrence.
    write_text(dir / "both.toml", "output_dir = \"out\"\n" + full + audit("again_audit"));
    fs::create_directories(dir / "out");
    write_text(dir / "out/full", "a file where the job's directory should be");
    const auto run = [&](const std::string& file) {
        return run_asemdb({"schedule", "run-due", "--db", "asem.db", "--schedule", file, "--now", "2026-03-02T07:00:00Z"},
                          in_dir(dir.path()));
    };
    const auto checks = run("checks.toml");
    BOOST_CHECK_MESSAGE(checks.exit_code == 1, checks.out << checks.err);
    const auto both = run("both.toml");
    BOOST_CHECK_MESSAGE(both.exit_code == 2, both.out << both.err);
    BOOST_CHECK_MESSAGE(contains(both.out, "full: ran") && contains(both.out, "again_audit: ran"), both.out);
}

BOOST_AUTO_TEST_CASE(a_schedule_creates_nothing_through_a_link_out_of_its_output_directory) {
    fs::create_directories(dir / "out");
    fs::create_directories(dir / "elsewhere");
    fs::create_directory_symlink("../elsewhere", dir / "out/away");
    fs::create_directory(dir / "out/here");
    fs::create_directory_symlink("here", dir / "out/inner");  // a link that stays inside is fine
    write_text(dir / "s.toml", "output_dir = \"out\"\n"
                               "[[job]]\nname = \"away\"\ncron = \"@daily\"\nreport = \"member_roster\"\n"
                               "sheet = \"roster\"\nformats = [\"csv\"]\noutput = \"away/new/deeper/{job}.{ext}\"\n"
                               "[[job]]\nname = \"inner\"\ncron = \"@daily\"\nreport = \"member_roster\"\n"
                               "sheet = \"roster\"\nformats = [\"csv\"]\noutput = \"inner/new/{job}.{ext}\"\n");
    const auto away = run_asemdb({"schedule", "run", "away", "--db", "asem.db", "--schedule", "s.toml"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(away.exit_code, 2);
    BOOST_CHECK_MESSAGE(contains(away.out, "leads outside the output directory"), away.out << away.err);
    BOOST_CHECK(fs::is_empty(dir / "elsewhere"));

    const auto inner = run_asemdb({"schedule", "run", "inner", "--db", "asem.db", "--schedule", "s.toml"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(inner.exit_code, 0);
    BOOST_CHECK(fs::is_regular_file(dir / "out/here/new/inner.csv"));
}

BOOST_AUTO_TEST_CASE(history_json_escapes_a_byte_that_is_not_utf8_like_the_json_renderer) {
    write_text(dir / "s.toml", "[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"member_roster\"\noutput = \"out/{job}.{ext}\"\n");
    BOOST_TEST_REQUIRE(run_asemdb({"schedule", "run", "j", "--db", "asem.db", "--schedule", "s.toml"}, in_dir(dir.path()))
                           .exit_code == 0);
    SQLite::Database((dir / "asem.history.db").string(), SQLite::OPEN_READWRITE)
        .exec("UPDATE run SET error = CAST(X'41FF42' AS TEXT), params = CAST(X'C3' AS TEXT)");
    const auto json = run_asemdb({"schedule", "history", "--db", "asem.db", "--schedule", "s.toml", "--format", "json"},
                                 in_dir(dir.path()));
    BOOST_CHECK_EQUAL(json.exit_code, 0);
    BOOST_CHECK_MESSAGE(json.err.empty(), json.err);
    const auto runs = nlohmann::json::parse(json.out);  // throws on invalid UTF-8
    BOOST_CHECK_EQUAL(runs.at(0).at("error").get<std::string>(), "A\xEF\xBF\xBD" "B");
    // Written in the old shape, the parameters read as a name without a value.
    BOOST_CHECK_EQUAL(runs.at(0).at("params"), nlohmann::json({{"\xEF\xBF\xBD", ""}}));
    // The json renderer treats such a value the same way.
    const auto query = run_asemdb({"query", "SELECT CAST(X'41FF42' AS TEXT) AS v", "--db", "asem.db", "--format", "json"},
                                  in_dir(dir.path()));
    BOOST_CHECK_EQUAL(query.exit_code, 0);
    BOOST_CHECK_EQUAL(nlohmann::json::parse(query.out).at(0).at("v").get<std::string>(), "A\xEF\xBF\xBD" "B");
    for (const char* format : {"csv", "text"})
        BOOST_CHECK_EQUAL(run_asemdb({"schedule", "history", "--db", "asem.db", "--schedule", "s.toml", "--format", format},
                                     in_dir(dir.path()))
                              .exit_code,
                          0);
}

BOOST_AUTO_TEST_SUITE_END()
