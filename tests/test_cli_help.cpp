// The command line's discoverability, driven on the real binary: suggestions
// for mistyped words, asemdb help, the program name in usage lines, --version
// and schema --sql.

#include "support/cli_checks.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace asemdb::test;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(cli_help)

BOOST_AUTO_TEST_CASE(mistyped_commands_and_options_get_a_suggestion) {
    TempDir dir;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"rport", "list"}, "unknown command 'rport'; did you mean 'report'?"},
        {{"Report", "list"}, "did you mean 'report'?"},
        {{"reprot"}, "did you mean 'report'?"},
        {{"report", "rn", "member_roster"}, "unknown command 'report rn'; did you mean 'report run'?"},
        {{"schedule", "hisotry"}, "did you mean 'schedule history'?"},
        {{"report", "run", "member_roster", "--formt", "csv"},
         "unknown option '--formt' for 'asemdb report run'; did you mean '--format'?"},
        {{"report", "run", "member_roster", "--formt=csv"}, "did you mean '--format'?"},
        {{"schema", "-sqll"}, "unknown option '-sqll' for 'asemdb schema'; did you mean '--sql'?"},
        {{"--dbb", "x.db", "info"}, "unknown option '--dbb' for 'asemdb'; did you mean '--db'?"},
        {{"schema", "--sqll"}, "did you mean '--sql'?"},
        {{"frobnicate"}, "unknown command 'frobnicate'; the commands are init, info, report, query, schema"},
        {{"report", "zzz"}, "the commands of 'asemdb report' are list, show, run"},
        {{"help", "rport"}, "unknown command 'rport'; did you mean 'report'?"},
        {{"help", "report", "rn"}, "did you mean 'report run'?"},
        {{"help", "report", "run", "extra"}, "unknown command 'report run extra': 'asemdb report run' has no subcommands"},
        {{"help", ""}, "unknown command ''; the commands are init"},
        {{std::string(100000, 'r')}, "unknown command 'rrrr"},
    };
    for (const auto& [args, message] : cases) {
        BOOST_TEST_CONTEXT(joined(args)) { check_refused(run_asemdb(args, in_dir(dir.path())), message); }
    }
    // Nothing was created or written on the way.
    BOOST_CHECK(fs::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(a_word_far_from_every_name_gets_no_guess) {
    const auto r = run_asemdb({"xyzzy"});
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK(!contains(r.err, "did you mean"));
    const auto option = run_asemdb({"info", "--zzzzzz"});
    BOOST_CHECK_EQUAL(option.exit_code, 2);
    BOOST_CHECK(!contains(option.err, "did you mean"));
    BOOST_CHECK(contains(option.err, "see asemdb info --help"));
}

BOOST_AUTO_TEST_CASE(help_prints_what_help_option_prints_for_every_command) {
    for (const auto& command : commands_from_help()) {
        BOOST_TEST_CONTEXT(joined(command.path)) {
            auto help_args = command.path;
            help_args.insert(help_args.begin(), "help");
            auto option_args = command.path;
            option_args.push_back("--help");
            const auto by_command = run_asemdb(help_args);
            BOOST_CHECK_EQUAL(by_command.exit_code, 0);
            BOOST_CHECK(by_command.err.empty());
            BOOST_CHECK_EQUAL(by_command.out, run_asemdb(option_args).out);
            // The program's name, not the path it was started by.
            BOOST_CHECK(contains(by_command.out, "Usage: " + joined([&] {
                                                     auto words = command.path;
                                                     words.insert(words.begin(), "asemdb");
                                                     return words;
                                                 }()) + " "));
            BOOST_CHECK(!contains(by_command.out, ASEMDB_BINARY));
        }
    }
}

BOOST_AUTO_TEST_CASE(version_names_the_schema_sqlite_and_xlsxwriter) {
    const auto r = run_asemdb({"--version"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "asemdb 0."));
    // The newest migration in sql/schema names the schema version.
    std::string newest;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ASEMDB_SOURCE_DIR) / "sql/schema"))
        newest = std::max(newest, entry.path().filename().string());
    BOOST_CHECK_MESSAGE(contains(r.out, "\nschema version " + std::to_string(std::stoi(newest)) + " (schema/" +
                                            newest.substr(0, 4)),
                        r.out);
    BOOST_CHECK(contains(r.out, "\nSQLite " + std::string(sqlite3_libversion()) + "\n"));
    BOOST_CHECK(contains(r.out, "\nlibxlsxwriter 1."));
    // The same text however --version is reached.
    BOOST_CHECK_EQUAL(run_asemdb({"--db", "x.db", "--version"}).out, r.out);
}

BOOST_AUTO_TEST_CASE(schema_sql_replays_into_the_same_schema) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    const std::string before = read_bytes(dir / "asem.db");
    const auto r = run_asemdb({"schema", "--sql"}, in_dir(dir.path()));
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "CREATE TABLE"));
    BOOST_CHECK(contains(r.out, "CREATE VIEW"));
    BOOST_CHECK(contains(r.out, "CREATE INDEX"));

    const auto objects = [](SQLite::Database& db) {
        std::set<std::string> out;
        SQLite::Statement q(db, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema "
                                "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'");
        while (q.executeStep()) out.insert(q.getColumn(0).getString());
        return out;
    };
    SQLite::Database original((dir / "asem.db").string());
    SQLite::Database replayed(":memory:", SQLite::OPEN_READWRITE);
    replayed.exec(r.out);
    BOOST_CHECK(objects(original) == objects(replayed));
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(schema_sql_of_one_table_holds_it_and_its_indexes_only) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    SQLite::Database db((dir / "asem.db").string());
    const std::string table = scalar(db, "SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                                         "ORDER BY rowid LIMIT 1");
    const auto r = run_asemdb({"schema", table, "--sql"}, in_dir(dir.path()));
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "CREATE TABLE " + table));
    BOOST_CHECK(contains(r.out, "CREATE INDEX"));
    const auto statements = std::count(r.out.begin(), r.out.end(), ';');
    BOOST_CHECK_EQUAL(std::to_string(statements),
                      scalar(db, "SELECT count(*) FROM sqlite_schema WHERE sql IS NOT NULL AND tbl_name = '" + table + "'"));

    const std::string before = read_bytes(dir / "asem.db");
    check_refused(run_asemdb({"schema", "no_such_table", "--sql"}, in_dir(dir.path())), "no table or view named 'no_such_table'");
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_SUITE_END()
