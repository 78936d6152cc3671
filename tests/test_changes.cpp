// The keepers' change scripts through the core: read from a real directory,
// applied by init_database to a real SQLite file in order and once, kept whole
// in the database, and audited from that text without the directory.

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/changes/change.hpp"
#include "asemdb/store/init.hpp"
#include "support/fixtures.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>

using namespace asemdb;
using namespace asemdb::test;
namespace fs = std::filesystem;
namespace data = boost::unit_test::data;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kThemeChange =
    "-- title: A theme\n-- date: 2026-12-07\n-- author: test\n-- source: S10\n\n"
    "INSERT INTO theme (position, title, description, source_key) VALUES (7, 'Return', 'Going back.', 'S10');\n";
// Builds on the first: it runs only after it.
constexpr const char* kScopeChange =
    "-- title: Its scope\n-- date: 2026-12-07\n-- author: test\n-- source: S10\n\n"
    "UPDATE theme SET scope = 'readmission' WHERE title = 'Return';\n";

// A database and its changes directory, side by side as `asemdb init` finds them.
struct ChangesDir {
    fs::path db() const { return dir / "asem.db"; }
    fs::path changes() const { return dir / "changes"; }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories(changes());
        write_text(changes() / name, text);
    }
    InitResult init() const {
        SqlTree tree = embedded_sql();
        tree.changes = change_scripts(read_changes(changes()));
        return init_database(db(), tree);
    }
    AuditReport audit() const {
        const auto conn = Connection::open(db(), OpenMode::ReadOnly);
        return run_audit(conn, embedded_sql(), {"2026-12-07", std::nullopt, std::nullopt}, 0);
    }
    TempDir dir;
};

const CheckResult& check(const AuditReport& report, const std::string& id) {
    for (const auto& c : report.checks)
        if (c.id == id) return c;
    BOOST_FAIL("no check " << id);
    return report.checks.front();
}

// The checks that fail, and the values.* checks that drift: what a correct change must not cause.
std::string problems(const AuditReport& report) {
    std::string out;
    for (const auto& c : report.checks)
        if (c.status == CheckStatus::Fail || (c.status == CheckStatus::Drift && c.id.rfind("values.", 0) == 0))
            out += c.id + " " + to_string(c.status) + ": " + c.detail + "\n";
    return out;
}

// The statements of the commented examples, uncommented, one per example.
std::vector<std::string> uncommented_examples(const std::string& text) {
    static const std::regex kStart("-- (INSERT|UPDATE) .*");
    std::vector<std::string> out;
    std::istringstream lines(text);
    bool in_statement = false, new_example = true;
    for (std::string line; std::getline(lines, line);) {
        if (line == "--") new_example = true;
        if (!in_statement && !std::regex_match(line, kStart)) continue;
        if (new_example) out.emplace_back(), new_example = false;
        out.back() += line.substr(3) + "\n";
        in_statement = line.back() != ';';
    }
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(changes, ChangesDir)

BOOST_AUTO_TEST_CASE(applies_the_changes_in_number_order_once) {
    write("002_scope.sql", kScopeChange);
    write("001_theme.sql", kThemeChange);
    const auto first = init();
    const std::vector<std::string> applied(first.applied.end() - 2, first.applied.end());
    BOOST_TEST(applied == (std::vector<std::string>{"changes/001_theme.sql", "changes/002_scope.sql"}),
               boost::test_tools::per_element());
    const auto conn = Connection::open(db(), OpenMode::ReadOnly);
    BOOST_TEST(scalar(conn.db(), "SELECT scope FROM theme WHERE title = 'Return'") == "readmission");
    BOOST_TEST(scalar(conn.db(), "SELECT count(*) FROM applied_change") == "2");
    BOOST_TEST(scalar(conn.db(), "SELECT text FROM applied_change WHERE number = 1") == kThemeChange);
}

BOOST_AUTO_TEST_CASE(a_second_init_changes_nothing) {
    write("001_theme.sql", kThemeChange);
    init();
    const auto before = read_bytes(db());
    BOOST_TEST(init().applied.empty());
    BOOST_TEST(read_bytes(db()) == before);
}

BOOST_AUTO_TEST_CASE(a_change_added_later_is_applied_alone) {
    write("001_theme.sql", kThemeChange);
    init();
    write("002_scope.sql", kScopeChange);
    const auto result = init();
    BOOST_TEST(result.applied == (std::vector<std::string>{"changes/002_scope.sql"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_applied_change_edited_later_is_refused_by_name) {
    write("001_theme.sql", kThemeChange);
    init();
    write("001_theme.sql", std::string(kThemeChange) + "-- an afterthought\n");
    write("002_scope.sql", kScopeChange);
    const auto before = read_bytes(db());
    BOOST_CHECK_EXCEPTION(init(), Error, [&](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.where().file == (changes() / "001_theme.sql").string() &&
               contains(e.what(), "changed since it was applied");
    });
    BOOST_TEST(read_bytes(db()) == before);
}

BOOST_AUTO_TEST_CASE(a_failing_change_names_its_file_and_line_and_nothing_is_applied) {
    write("001_theme.sql", kThemeChange);
    init();
    write("002_scope.sql", kScopeChange);
    write("003_bad.sql", "-- title: Bad\n-- source: S10\n\nUPDATE theme SET scope = 'x';\n\nINSERT INTO theme (position, title, description, source_key)\n"
                         "VALUES (8, 'Return', 'Again.', 'S10');\n");
    const auto before = read_bytes(db());
    BOOST_CHECK_EXCEPTION(init(), Error, [&](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Sql && e.where().file == (changes() / "003_bad.sql").string() &&
               e.where().line == 6 && contains(e.what(), "UNIQUE constraint failed: theme.title") &&
               contains(e.what(), "nothing was applied");
    });
    BOOST_TEST(read_bytes(db()) == before);
    const auto conn = Connection::open(db(), OpenMode::ReadOnly);
    BOOST_TEST(scalar(conn.db(), "SELECT count(*) FROM applied_change") == "1");
}

BOOST_AUTO_TEST_CASE(a_failing_change_leaves_no_new_database) {
    write("001_bad.sql", "-- title: Bad\n\nINSERT INTO theme (title) VALUES ('x');\n");
    BOOST_CHECK_THROW(init(), Error);
    BOOST_TEST(!fs::exists(db()));
}

BOOST_AUTO_TEST_CASE(a_change_numbered_before_an_applied_one_is_refused) {
    write("002_theme.sql", kThemeChange);
    init();
    write("001_scope.sql", kScopeChange);
    BOOST_CHECK_EXCEPTION(init(), Error, [&](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.where().file == (changes() / "001_scope.sql").string() && contains(e.what(), "numbered before changes/002_theme.sql");
    });
}

BOOST_AUTO_TEST_CASE(a_sql_file_without_a_number_is_refused_and_other_files_are_left_alone) {
    write("README.md", "notes\n");
    BOOST_TEST(read_changes(changes()).empty());
    write("coordinators.sql", kThemeChange);
    BOOST_CHECK_EXCEPTION(read_changes(changes()), Error, [&](const Error& e) {
        return e.kind() == ErrorKind::Io && contains(e.what(), "coordinators.sql") && contains(e.what(), "001_");
    });
}

BOOST_AUTO_TEST_CASE(two_changes_of_one_number_are_refused) {
    write("001_theme.sql", kThemeChange);
    write("1_scope.sql", kScopeChange);
    BOOST_CHECK_EXCEPTION(read_changes(changes()), Error,
                          [&](const Error& e) { return contains(e.what(), "a number of its own"); });
}

BOOST_AUTO_TEST_CASE(a_missing_directory_holds_no_changes) { BOOST_TEST(read_changes(dir / "nowhere").empty()); }

BOOST_AUTO_TEST_CASE(write_change_numbers_names_and_heads_the_file) {
    const ChangeHeader header{"Coordinators of 2025–2026: Asia & Europe", "2026-12-07", "keeper", {"M8", "", "", ""}, 0};
    const auto first = write_change(changes(), header, "SELECT 1;\n");
    BOOST_TEST(first.filename() == "001_coordinators-of-2025-2026-asia-europe.sql");
    const auto second = write_change(changes(), header, "SELECT 2;\n");
    BOOST_TEST(second.filename() == "002_coordinators-of-2025-2026-asia-europe.sql");
    const auto text = read_bytes(first);
    BOOST_TEST(text == "-- title: Coordinators of 2025–2026: Asia & Europe\n-- date: 2026-12-07\n-- author: keeper\n"
                       "-- source: M8\n\nSELECT 1;\n");
    const auto read = parse_change_header(text);
    BOOST_TEST(read.title == header.title);
    BOOST_TEST(read.date == header.date);
    BOOST_TEST(read.author == header.author);
    BOOST_TEST(read.source.key == "M8");
    BOOST_TEST(!read.source.is_new());
}

BOOST_AUTO_TEST_CASE(write_change_refuses_a_taken_number_and_bad_headers) {
    const ChangeHeader header{"A", "2026-12-07", "keeper", {"M8", "", "", ""}, 0};
    write_change(changes(), header, "");
    auto taken = header;
    taken.number = 1;
    BOOST_CHECK_THROW(write_change(changes(), taken, ""), Error);
    for (const auto& bad : {ChangeHeader{"  ", "d", "a", {"M8", "", "", ""}, 0}, ChangeHeader{"two\nlines", "d", "a", {"M8", "", "", ""}, 0},
                            ChangeHeader{"t", "d", "a", {"S 1", "", "", ""}, 0}, ChangeHeader{"t", "d", "a", {"S18", "Title", "", ""}, 0}})
        BOOST_CHECK_EXCEPTION(write_change(changes(), bad, ""), Error,
                              [](const Error& e) { return e.kind() == ErrorKind::Usage; });
    BOOST_TEST(read_changes(changes()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_new_source_takes_the_next_free_key_and_is_added_by_the_change) {
    init();
    const auto conn = Connection::open(db(), OpenMode::ReadOnly);
    BOOST_TEST(change_source_key(conn, changes()) == "S20");
    const ChangeHeader header{"New source", "2026-12-07", "keeper", {"S20", "A page's title", "https://example.org/it's", ""}, 0};
    const auto file = write_change(changes(), header, "");
    BOOST_TEST(contains(read_bytes(file), "('S20', 'reference', 'A page''s title', 'https://example.org/it''s', NULL, NULL);"));
    BOOST_TEST(parse_change_header(read_bytes(file)).source.url == "https://example.org/it's");
    // A pending change's source counts: the next is S21, and S20 may be cited.
    BOOST_TEST(change_source_key(conn, changes()) == "S21");
    BOOST_CHECK_NO_THROW(require_source_key(conn, changes(), "S20"));
    BOOST_TEST(next_change_number(conn, changes()) == 2);
}

BOOST_AUTO_TEST_CASE(an_unknown_source_key_is_refused_with_the_nearest) {
    init();
    const auto conn = Connection::open(db(), OpenMode::ReadOnly);
    BOOST_CHECK_NO_THROW(require_source_key(conn, changes(), "M8"));
    BOOST_CHECK_EXCEPTION(require_source_key(conn, changes(), "M88"), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Usage && contains(e.what(), "'M88'") && contains(e.what(), "did you mean 'M8'?");
    });
}

// Each example a new change carries, uncommented, applies and leaves an audit
// without failures or drift in the values.
BOOST_DATA_TEST_CASE(each_example_uncommented_applies_and_passes_the_audit, data::xrange(4), index) {
    const auto examples = uncommented_examples(change_examples("S20"));
    BOOST_TEST_REQUIRE(examples.size() == 4u);
    init();
    const ChangeHeader header{"Example", "2026-12-07", "keeper", {"S20", "A reference", "https://example.org/", "Cyprus held the EU Council Presidency."}, 0};
    write_change(changes(), header, examples[static_cast<std::size_t>(index)]);
    BOOST_TEST_MESSAGE(examples[static_cast<std::size_t>(index)]);
    BOOST_TEST(init().applied.size() == 1u);
    const auto report = audit();
    BOOST_TEST(problems(report) == "");
    BOOST_TEST(report.exit_code(false) == 0);
}

BOOST_AUTO_TEST_CASE(the_audit_rebuilds_applied_changes_without_their_directory) {
    write("001_theme.sql", kThemeChange);
    write("002_scope.sql", kScopeChange);
    init();
    fs::remove_all(changes());
    const auto report = audit();
    BOOST_TEST(problems(report) == "");
    BOOST_TEST(to_string(check(report, "values.theme").status) == "pass");
    BOOST_TEST(to_string(check(report, "integrity.scripts").status) == "pass", check(report, "integrity.scripts").detail);
}

BOOST_AUTO_TEST_CASE(a_kept_text_altered_in_the_database_fails_the_scripts_check) {
    write("001_theme.sql", kThemeChange);
    init();
    {
        SQLite::Database database(db().string(), SQLite::OPEN_READWRITE);
        database.exec("UPDATE applied_change SET text = text || '-- altered' WHERE number = 1");
    }
    const auto report = audit();
    const auto& scripts = check(report, "integrity.scripts");
    BOOST_TEST(to_string(scripts.status) == "fail");
    BOOST_TEST(contains(scripts.detail, "changes/001_theme.sql"), scripts.detail);
}

BOOST_AUTO_TEST_SUITE_END()
