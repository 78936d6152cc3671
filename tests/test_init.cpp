// init_database on real files: idempotent, all or nothing, and strict about
// scripts that changed after they ran.

#include "asemdb/base/error.hpp"
#include "asemdb/store/init.hpp"
#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>

using namespace asemdb;
using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

bool sql_error_at(const Error& e, const std::string& file_suffix, int line) {
    BOOST_TEST_MESSAGE(e.what());
    const auto& file = e.where().file;
    return e.kind() == ErrorKind::Sql && file.size() >= file_suffix.size() &&
           file.compare(file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0 &&
           e.where().line == line;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(init)

BOOST_AUTO_TEST_CASE(creates_the_database_with_every_script) {
    TempDir dir;
    const auto result = init_database(dir / "asem.db", embedded_sql());
    BOOST_CHECK(result.created);
    BOOST_CHECK_EQUAL(result.applied.size(), embedded_sql().schema.size() + embedded_sql().seed.size());
    BOOST_CHECK_EQUAL(result.schema_version, embedded_sql().schema_version());
    BOOST_CHECK(!fs::exists(dir / "asem.db.init-tmp"));
    auto conn = Connection::open(dir / "asem.db", OpenMode::ReadOnly);
    BOOST_CHECK_EQUAL(scalar(conn.db(), "SELECT count(*) FROM forum_member"), "53");
    BOOST_CHECK_EQUAL(applied_scripts(conn).size(), result.applied.size());
}

BOOST_AUTO_TEST_CASE(a_second_run_changes_nothing) {
    TempDir dir;
    init_database(dir / "asem.db", embedded_sql());
    const std::string before = read_bytes(dir / "asem.db");
    const auto again = init_database(dir / "asem.db", embedded_sql());
    BOOST_CHECK(!again.created);
    BOOST_CHECK(again.applied.empty());
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(applies_only_a_new_script) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    init_database(dir / "asem.db", load_sql_tree(sql));
    write_text(sql / "seed" / "900_extra_theme.sql",
               "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'x', 'GK');\n");
    const auto result = init_database(dir / "asem.db", load_sql_tree(sql));
    BOOST_REQUIRE_EQUAL(result.applied.size(), 1u);
    BOOST_CHECK_EQUAL(result.applied[0], "seed/900_extra_theme.sql");
    auto conn = Connection::open(dir / "asem.db", OpenMode::ReadOnly);
    BOOST_CHECK_EQUAL(scalar(conn.db(), "SELECT count(*) FROM theme"), "7");
}

BOOST_AUTO_TEST_CASE(a_broken_script_leaves_the_database_byte_identical) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    init_database(dir / "asem.db", load_sql_tree(sql));
    const std::string before = read_bytes(dir / "asem.db");
    // A good statement first, so there is something to roll back; the failing one starts on line 3.
    write_text(sql / "seed" / "900_broken.sql",
               "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'x', 'GK');\n"
               "-- the next statement repeats an ISO code\n"
               "INSERT INTO country (name, iso_alpha2, iso_alpha3, iso_numeric, un_region, un_subregion, source_key)\n"
               "VALUES ('Testland', 'GB', 'XTL', '999', 'Europe', 'Western Europe', 'S1');\n");
    BOOST_CHECK_EXCEPTION(init_database(dir / "asem.db", load_sql_tree(sql)), Error,
                          [](const Error& e) { return sql_error_at(e, "seed/900_broken.sql", 3); });
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(a_syntax_error_names_its_line) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "seed" / "900_typo.sql", "SELECT 1;\n\nINSERT INTO theme\n  VALUS (1);\n");
    BOOST_CHECK_EXCEPTION(init_database(dir / "asem.db", load_sql_tree(sql)), Error,
                          [](const Error& e) { return sql_error_at(e, "seed/900_typo.sql", 4); });
    BOOST_CHECK(!fs::exists(dir / "asem.db"));
    BOOST_CHECK(!fs::exists(dir / "asem.db.init-tmp"));
}

BOOST_AUTO_TEST_CASE(refuses_a_changed_applied_script) {
    TempDir dir;
    const auto sql = copy_sql_tree(dir.path());
    init_database(dir / "asem.db", load_sql_tree(sql));
    const std::string before = read_bytes(dir / "asem.db");
    const auto themes = sql / "seed" / "006_coordinators_and_themes.sql";
    write_text(themes, read_bytes(themes) + "\n-- an edit after the fact\n");
    BOOST_CHECK_EXCEPTION(init_database(dir / "asem.db", load_sql_tree(sql)), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.where().file.find("006_coordinators_and_themes.sql") != std::string::npos &&
               e.detail().find("changed since it was applied") != std::string::npos;
    });
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(refuses_a_database_from_a_newer_schema) {
    TempDir dir;
    init_database(dir / "asem.db", embedded_sql());
    {
        SQLite::Database db((dir / "asem.db").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = 99");
    }
    const std::string before = read_bytes(dir / "asem.db");
    BOOST_CHECK_EXCEPTION(init_database(dir / "asem.db", embedded_sql()), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Sql && e.detail().find("schema version 99") != std::string::npos;
    });
    BOOST_CHECK(read_bytes(dir / "asem.db") == before);
}

BOOST_AUTO_TEST_CASE(refuses_a_file_that_is_not_a_database) {
    TempDir dir;
    const std::string text = "name,iso2\nAustria,AT\n";
    write_text(dir / "asem.db", text);
    BOOST_CHECK_EXCEPTION(init_database(dir / "asem.db", embedded_sql()), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Io && e.detail() == "not a SQLite database";
    });
    BOOST_CHECK(read_bytes(dir / "asem.db") == text);
}

BOOST_AUTO_TEST_CASE(refuses_a_foreign_sqlite_database) {
    TempDir dir;
    {
        SQLite::Database db((dir / "other.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    const std::string before = read_bytes(dir / "other.db");
    BOOST_CHECK_EXCEPTION(init_database(dir / "other.db", embedded_sql()), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Sql && e.detail().find("not one asemdb created") != std::string::npos;
    });
    BOOST_CHECK(read_bytes(dir / "other.db") == before);
}

BOOST_AUTO_TEST_CASE(refuses_a_missing_directory) {
    TempDir dir;
    BOOST_CHECK_EXCEPTION(init_database(dir / "missing" / "asem.db", embedded_sql()), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Io && e.detail().find("does not exist") != std::string::npos;
    });
    BOOST_CHECK(!fs::exists(dir / "missing"));
}

BOOST_AUTO_TEST_CASE(cleans_up_a_build_left_by_a_killed_run) {
    TempDir dir;
    write_text(dir / "asem.db.init-tmp", "half a database");
    init_database(dir / "asem.db", embedded_sql());
    BOOST_CHECK(!fs::exists(dir / "asem.db.init-tmp"));
    BOOST_CHECK(fs::exists(dir / "asem.db"));
}

BOOST_AUTO_TEST_CASE(load_sql_tree_refuses_unnumbered_and_missing_scripts) {
    TempDir dir;
    BOOST_CHECK_EXCEPTION(load_sql_tree(dir / "nowhere"), Error,
                          [](const Error& e) { return e.kind() == ErrorKind::Io; });
    const auto sql = copy_sql_tree(dir.path());
    write_text(sql / "seed" / "extra.sql", "SELECT 1;");
    BOOST_CHECK_EXCEPTION(load_sql_tree(sql), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Io && e.where().file.find("extra.sql") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(the_embedded_tree_matches_the_source_tree) {
    const auto on_disk = load_sql_tree(source_dir() / "sql");
    const auto& embedded = embedded_sql();
    BOOST_REQUIRE_EQUAL(on_disk.schema.size() + on_disk.seed.size(), embedded.schema.size() + embedded.seed.size());
    for (std::size_t i = 0; i < on_disk.seed.size(); ++i) {
        BOOST_CHECK_EQUAL(on_disk.seed[i].name, embedded.seed[i].name);
        BOOST_CHECK_EQUAL(on_disk.seed[i].checksum, embedded.seed[i].checksum);
    }
}

BOOST_AUTO_TEST_SUITE_END()
