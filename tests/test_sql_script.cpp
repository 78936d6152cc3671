#include "store/sql_script.hpp"

#include <boost/test/unit_test.hpp>

using asemdb::detail::split_sql;

BOOST_AUTO_TEST_SUITE(sql_script)

BOOST_AUTO_TEST_CASE(splits_statements_with_their_lines) {
    const auto statements = split_sql("-- heading\nCREATE TABLE a (x);\n\nINSERT INTO a VALUES (1);\n");
    BOOST_REQUIRE_EQUAL(statements.size(), 2u);
    BOOST_CHECK_EQUAL(statements[0].text, "CREATE TABLE a (x);");
    BOOST_CHECK_EQUAL(statements[0].line, 2);
    BOOST_CHECK_EQUAL(statements[1].text, "INSERT INTO a VALUES (1);");
    BOOST_CHECK_EQUAL(statements[1].line, 4);
}

BOOST_AUTO_TEST_CASE(semicolons_in_strings_comments_and_names_do_not_split) {
    const auto statements = split_sql(
        "INSERT INTO t VALUES ('a;b', 'it''s; fine'); -- trailing; comment\n"
        "SELECT \"odd;name\", [x;y], `z;w` /* ; */ FROM t;");
    BOOST_REQUIRE_EQUAL(statements.size(), 2u);
    BOOST_CHECK_EQUAL(statements[0].text, "INSERT INTO t VALUES ('a;b', 'it''s; fine');");
    BOOST_CHECK_EQUAL(statements[1].line, 2);
}

BOOST_AUTO_TEST_CASE(trigger_bodies_stay_whole) {
    const auto statements = split_sql(
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\n  DELETE FROM c;\nEND;\nSELECT 1;");
    BOOST_REQUIRE_EQUAL(statements.size(), 2u);
    BOOST_CHECK(statements[0].text.find("DELETE FROM c;\nEND;") != std::string::npos);
    BOOST_CHECK_EQUAL(statements[1].line, 5);
}

BOOST_AUTO_TEST_CASE(a_last_statement_without_semicolon_is_kept) {
    const auto statements = split_sql("SELECT 1;\n\n  SELECT 2");
    BOOST_REQUIRE_EQUAL(statements.size(), 2u);
    BOOST_CHECK_EQUAL(statements[1].text, "SELECT 2");
    BOOST_CHECK_EQUAL(statements[1].line, 3);
}

BOOST_AUTO_TEST_CASE(comments_and_blanks_alone_give_no_statement) {
    BOOST_CHECK(split_sql("").empty());
    BOOST_CHECK(split_sql(";\n ; -- nothing\n").empty());
    BOOST_CHECK(split_sql("  \n-- nothing\n/* at all */\n").empty());
}

BOOST_AUTO_TEST_CASE(unterminated_quote_runs_to_the_end) {
    const auto statements = split_sql("SELECT 'open;\nSELECT 2;");
    BOOST_REQUIRE_EQUAL(statements.size(), 1u);
    BOOST_CHECK_EQUAL(statements[0].line, 1);
}

BOOST_AUTO_TEST_SUITE_END()
