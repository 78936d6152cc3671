// The asemdb binary driven end to end, as a user runs it.

#include "support/cli_checks.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>

using namespace asemdb::test;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(init_then_info_from_any_directory) {
    TempDir dir;
    const auto init = run_asemdb({"init"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(init.exit_code, 0);
    BOOST_CHECK(contains(init.out, "created asem.db"));
    BOOST_CHECK(init.err.empty());
    BOOST_CHECK(fs::exists(dir / "asem.db"));

    const auto info = run_asemdb({"info"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(info.exit_code, 0);
    BOOST_CHECK(contains(info.out, "schema version  5 (this asemdb: 5)"));
    BOOST_CHECK(contains(info.out, "ISO 3166-1      Debian iso-codes "));  // the version the build found
    BOOST_CHECK(contains(info.out, " codes), compiled in"));
    BOOST_CHECK(contains(info.out, "schema/001_forum.sql"));
    BOOST_CHECK(contains(info.out, "seed/005_membership.sql"));
    BOOST_CHECK(contains(info.out, "forum_member"));
    BOOST_CHECK(contains(info.out, "000_cdfcea8445f78e09.txt"));
}

BOOST_AUTO_TEST_CASE(init_twice_says_nothing_changed) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    const std::string before = read_bytes(dir / "asem.db");
    const auto again = run_asemdb({"init"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(again.exit_code, 0);
    BOOST_CHECK(contains(again.out, "nothing changed"));
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(db_option_works_before_and_after_the_command) {
    TempDir dir;
    const std::string db = (dir / "forum.db").string();
    BOOST_CHECK_EQUAL(run_asemdb({"--db", db, "init"}).exit_code, 0);
    const auto after = run_asemdb({"info", "--db", db});
    BOOST_CHECK_EQUAL(after.exit_code, 0);
    BOOST_CHECK(contains(after.out, db));
}

BOOST_AUTO_TEST_CASE(db_comes_from_the_environment) {
    TempDir dir;
    const std::string db = (dir / "env.db").string();
    ProcessOptions options = in_dir(dir.path());
    options.env["ASEMDB_DB"] = db;
    options.unset_env.clear();
    BOOST_CHECK_EQUAL(run_asemdb({"init"}, options).exit_code, 0);
    BOOST_CHECK(fs::exists(db));
    BOOST_CHECK(!fs::exists(dir / "asem.db"));
}

BOOST_AUTO_TEST_CASE(sql_dir_replaces_the_embedded_scripts) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "seed" / "900_extra.sql",
               "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'x', 'GK');\n");
    const auto r = run_asemdb({"init", "--sql-dir", sql.string()}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(contains(r.out, "seed/900_extra.sql"));
}

BOOST_AUTO_TEST_CASE(version_and_help) {
    const auto version = run_asemdb({"--version"});
    BOOST_CHECK_EQUAL(version.exit_code, 0);
    BOOST_CHECK(contains(version.out, "asemdb 0."));
    for (const char* command : {"init", "info"}) {
        const auto help = run_asemdb({command, "--help"});
        BOOST_CHECK_EQUAL(help.exit_code, 0);
        BOOST_CHECK(contains(help.out, command));
    }
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    check_refused(run_asemdb({"frobnicate"}), "frobnicate");
    check_refused(run_asemdb({}), "no command given");
    check_refused(run_asemdb({"init", "--no-such-option"}), "--no-such-option");
}

BOOST_AUTO_TEST_CASE(refuses_a_missing_directory) {
    TempDir dir;
    const auto db = dir / "missing" / "asem.db";
    check_refused(run_asemdb({"init", "--db", db.string()}), "does not exist");
    BOOST_CHECK(!fs::exists(dir / "missing"));
}

BOOST_AUTO_TEST_CASE(refuses_a_path_under_a_file) {
    TempDir dir;
    write_text(dir / "plain", "x");
    check_refused(run_asemdb({"init", "--db", (dir / "plain" / "asem.db").string()}), "is not a directory");
    BOOST_CHECK(read_bytes(dir / "plain") == "x");
}

BOOST_AUTO_TEST_CASE(refuses_an_unwritable_directory) {
    // /proc refuses new files even to root, so this holds wherever the tests run.
    check_refused(run_asemdb({"init", "--db", "/proc/asem.db"}), "/proc/asem.db: cannot create a database in '/proc'");
    BOOST_CHECK(!fs::exists("/proc/asem.db"));
}

BOOST_AUTO_TEST_CASE(refuses_a_directory_as_the_database) {
    TempDir dir;
    check_refused(run_asemdb({"init", "--db", dir.path().string()}), "is a directory");
    check_refused(run_asemdb({"info", "--db", dir.path().string()}), "is a directory");
}

BOOST_AUTO_TEST_CASE(refuses_a_file_that_is_not_a_database) {
    TempDir dir;
    const std::string text(4096, 'z');
    write_text(dir / "asem.db", text);
    check_refused(run_asemdb({"init"}, in_dir(dir.path())), "asem.db: not a SQLite database");
    check_refused(run_asemdb({"info"}, in_dir(dir.path())), "asem.db: not a SQLite database");
    BOOST_CHECK(read_bytes(dir / "asem.db") == text);
}

BOOST_AUTO_TEST_CASE(refuses_a_database_from_a_newer_schema) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    {
        SQLite::Database db((dir / "asem.db").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = 42");
    }
    const std::string before = read_bytes(dir / "asem.db");
    check_refused(run_asemdb({"init"}, in_dir(dir.path())), "schema version 42");
    check_refused(run_asemdb({"info"}, in_dir(dir.path())), "schema version 42");
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(a_broken_script_names_file_and_line_and_changes_nothing) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    const std::string before = read_bytes(dir / "asem.db");
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "seed" / "900_broken.sql",
               "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'x', 'GK');\n"
               "INSERT INTO theme (position, title, description, source_key) VALUES (8, 'Return', 'y', 'GK');\n");
    check_refused(run_asemdb({"init", "--sql-dir", sql.string()}, in_dir(dir.path())),
                  "900_broken.sql:2: UNIQUE constraint failed: theme.title");
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(a_broken_script_leaves_no_new_database) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "schema" / "003_broken.sql", "CREATE TABLE note (id INTEGER PRIMARY KEY,);\n");
    check_refused(run_asemdb({"init", "--sql-dir", sql.string()}, in_dir(dir.path())), "003_broken.sql:1:");
    BOOST_CHECK(!fs::exists(dir / "asem.db"));
    BOOST_CHECK(!fs::exists(dir / "asem.db.init-tmp"));
}

BOOST_AUTO_TEST_CASE(refuses_a_changed_applied_script) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    BOOST_REQUIRE_EQUAL(run_asemdb({"init", "--sql-dir", sql.string()}, in_dir(dir.path())).exit_code, 0);
    const std::string before = read_bytes(dir / "asem.db");
    const auto script = sql / "seed" / "002_countries.sql";
    write_text(script, read_bytes(script) + "-- edited\n");
    check_refused(run_asemdb({"init", "--sql-dir", sql.string()}, in_dir(dir.path())), "002_countries.sql");
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(info_refuses_a_missing_database_without_creating_it) {
    TempDir dir;
    check_refused(run_asemdb({"info"}, in_dir(dir.path())), "run 'asemdb init'");
    BOOST_CHECK(!fs::exists(dir / "asem.db"));
}

BOOST_AUTO_TEST_CASE(a_missing_sql_dir_is_refused) {
    TempDir dir;
    check_refused(run_asemdb({"init", "--sql-dir", (dir / "nope").string()}, in_dir(dir.path())), "does not exist");
    BOOST_CHECK(!fs::exists(dir / "asem.db"));
}

BOOST_AUTO_TEST_SUITE_END()
