// Report definitions: manifests, bare queries, and the catalog.

#include "asemdb/base/error.hpp"
#include "asemdb/engine/report.hpp"
#include "store/sql_script.hpp"
#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>

using namespace asemdb;
using namespace asemdb::test;

namespace {

std::string no_files(const std::string& name) { throw Error::io(name, "no such file"); }

ReportDefinition parse(const std::string& text) { return parse_manifest("sample", text, "reports/sample.toml", no_files); }

// A manifest error names the manifest and the line, and says what is wrong.
bool definition_error(const Error& e, int line, const std::string& part) {
    BOOST_TEST_MESSAGE(e.what());
    return e.kind() == ErrorKind::Definition && e.where().file == "reports/sample.toml" && e.where().line == line &&
           e.detail().find(part) != std::string::npos;
}

const char* kGood = R"(title = "Sample"
description = "A sample"

[[param]]
name = "as_of"
type = "date"
default = "today"

[[param]]
name = "side"
type = "choice"
choices = ["Asia", "Europe"]
required = true

[[sheet]]
name = "main"
sql = "SELECT :as_of AS d, :side AS s"
formats = { d = "date" }
chart = { type = "bar", category = "s", values = ["d"] }
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(parses_a_complete_manifest) {
    const auto def = parse(kGood);
    BOOST_CHECK_EQUAL(def.title, "Sample");
    BOOST_REQUIRE_EQUAL(def.params.size(), 2u);
    BOOST_CHECK(def.params[0].type == ParamType::Date);
    BOOST_CHECK_EQUAL(*def.params[0].default_value, "today");
    BOOST_CHECK(def.params[1].required);
    BOOST_CHECK_EQUAL(def.params[1].choices.size(), 2u);
    BOOST_REQUIRE_EQUAL(def.sheets.size(), 1u);
    BOOST_CHECK(def.sheets[0].formats.at("d") == ColumnFormat::Date);
    BOOST_CHECK_EQUAL(def.sheets[0].chart->type, "bar");
    BOOST_CHECK_EQUAL(def.sheets[0].sql_origin, "reports/sample.toml:17");
}

// as_of_param names the date parameter a printed page's header shows as "As of".
BOOST_AUTO_TEST_CASE(as_of_param_names_a_declared_date_parameter) {
    BOOST_CHECK_EQUAL(parse(kGood).as_of_param, "");
    BOOST_CHECK_EQUAL(parse(std::string("as_of_param = \"as_of\"\n") + kGood).as_of_param, "as_of");
    BOOST_CHECK_EXCEPTION(parse(std::string("as_of_param = \"as_at\"\n") + kGood), Error, [](const Error& e) {
        return definition_error(e, 1, "as_of_param 'as_at' is not a parameter of the report; did you mean 'as_of'?");
    });
    BOOST_CHECK_EXCEPTION(parse(std::string("as_of_param = \"side\"\n") + kGood), Error, [](const Error& e) {
        return definition_error(e, 1, "as_of_param 'side' must name a date parameter, not a choice one");
    });
    BOOST_CHECK_EXCEPTION(parse(std::string("as_of_param = 3\n") + kGood), Error,
                          [](const Error& e) { return definition_error(e, 1, "as_of_param"); });
}

BOOST_AUTO_TEST_CASE(reports_toml_syntax_errors_with_their_line) {
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n\n[[sheet]\nname = 1\n"), Error,
                          [](const Error& e) { return definition_error(e, 3, ""); });
}

BOOST_AUTO_TEST_CASE(reports_each_malformed_part_with_its_line) {
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\ncolour = \"red\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 2, "unknown key 'colour'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\ndescripton = \"y\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\n"), Error,
                          [](const Error& e) {
                              return definition_error(e, 2, "unknown key 'descripton'; did you mean 'description'?");
                          });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\ndescription = \"\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 2, "'description' must be a non-empty string"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[param]]\nname = \"n\"\ntype = \"number\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 4, "unknown parameter type 'number'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[param]]\nname = \"n\"\ntype = \"choice\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 2, "needs 'choices'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[param]]\nname = \"n\"\ntype = \"date\"\ndefault = \"2024-02-30\"\n"),
                          Error, [](const Error& e) { return definition_error(e, 5, "expected a date"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\nsql_file = \"a.sql\"\n"),
                          Error, [](const Error& e) { return definition_error(e, 2, "exactly one of 'sql' and 'sql_file'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT :who\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 2, "':who', which no [[param]] declares"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[[sheet]]\nname = \"a\"\nsql_file = \"missing.sql\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 4, "cannot read sql_file 'missing.sql'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n[summary]\ntemplate = \"{{#open}}\"\nqueries = { a = \"SELECT 1\" }\n"),
                          Error, [](const Error& e) { return definition_error(e, 3, "summary template"); });
    BOOST_CHECK_EXCEPTION(parse("description = \"no title\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 1, "missing 'title'"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 1, "at least one [[sheet]]"); });
}

BOOST_AUTO_TEST_CASE(reads_labels_tab_hidden_columns_and_print_settings) {
    const auto def = parse("title = \"x\"\npaper = \"letter\"\n[[sheet]]\nname = \"a\"\ntab = \"Members on the date\"\n"
                           "sql = \"SELECT 1 AS n, 2 AS m\"\nlabels = { n = \"Number\" }\nhidden = [\"m\"]\n"
                           "orientation = \"landscape\"\n");
    BOOST_CHECK(def.paper == Paper::Letter);
    BOOST_REQUIRE_EQUAL(def.sheets.size(), 1u);
    BOOST_CHECK_EQUAL(def.sheets[0].tab, "Members on the date");
    BOOST_CHECK_EQUAL(def.sheets[0].labels.at("n"), "Number");
    BOOST_CHECK(def.sheets[0].hidden == std::vector<std::string>{"m"});
    BOOST_CHECK(def.sheets[0].orientation == Orientation::Landscape);
    const auto plain = parse(kGood);
    BOOST_CHECK(plain.paper == Paper::A4);
    BOOST_CHECK(plain.sheets[0].orientation == Orientation::Auto);
    BOOST_CHECK(plain.sheets[0].tab.empty());
}

BOOST_AUTO_TEST_CASE(a_report_is_counted_by_its_main_sheet_in_its_own_noun) {
    const std::string two = "[[sheet]]\nname = \"people\"\nsql = \"SELECT 1\"\n"
                            "[[sheet]]\nname = \"totals\"\nsql = \"SELECT 2\"\n";
    const auto plain = parse("title = \"x\"\n" + two);
    BOOST_CHECK_EQUAL(plain.counted_sheet(), "people");
    BOOST_CHECK_EQUAL(plain.count_text(1), "1 row");
    BOOST_CHECK_EQUAL(plain.count_text(2), "2 rows");
    const auto named =
        parse("title = \"x\"\nmain_sheet = \"totals\"\nrow_noun = [\"person\", \"people\"]\n" + two);
    BOOST_CHECK_EQUAL(named.counted_sheet(), "totals");
    BOOST_CHECK_EQUAL(named.count_text(1), "1 person");
    BOOST_CHECK_EQUAL(named.count_text(0), "0 people");
    // One sheet chosen: its own rows, in the noun only if it is the main sheet.
    BOOST_CHECK_EQUAL(only_sheet(named, "totals").count_text(3), "3 people");
    BOOST_CHECK_EQUAL(only_sheet(named, "people").count_text(3), "3 rows");
    BOOST_CHECK_EQUAL(only_sheet(named, "people").counted_sheet(), "people");
    BOOST_CHECK(only_sheet(named, "").sheets.size() == 2u);
    BOOST_CHECK_EXCEPTION(only_sheet(named, "total"), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Usage && std::string(e.what()).find("its sheets: people, totals") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\nmain_sheet = \"total\"\n" + two), Error,
                          [](const Error& e) { return definition_error(e, 2, "main_sheet 'total' is not a sheet of the report; did you mean 'totals'?"); });
    for (const char* bad : {"\"people\"", "[\"person\"]", "[\"person\", \"\"]", "[1, 2]", "[\"a\", \"b\", \"c\"]",
                            "[\"a\", \"line\\nbreak\"]"})
        BOOST_CHECK_EXCEPTION(parse("title = \"x\"\nrow_noun = " + std::string(bad) + "\n" + two), Error,
                              [](const Error& e) { return definition_error(e, 2, "row_noun must be the singular and the plural"); });
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\nrow_nouns = [\"a\", \"b\"]\n" + two), Error,
                          [](const Error& e) { return definition_error(e, 2, "did you mean 'row_noun'?"); });
}

BOOST_AUTO_TEST_CASE(reports_malformed_presentation_keys_with_their_line) {
    const std::string sheet = "title = \"x\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1 AS n\"\n";
    BOOST_CHECK_EXCEPTION(parse("title = \"x\"\npaper = \"A3\"\n[[sheet]]\nname = \"a\"\nsql = \"SELECT 1\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 2, "paper must be"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "orientation = \"sideways\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "orientation must be"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "tab = \"The members of the forum on the date\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "at most 31 characters"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "tab = \"a/b\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "cannot contain any of"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "tab = \"'quoted'\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "apostrophe"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "tab = \"\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "'tab' must be a non-empty string"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "tab = \"a\\tb\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "control characters"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "labels = { n = 3 }\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "label of column 'n'"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "labels = { n = \"\" }\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "non-empty string"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "labels = \"n\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "'labels' must be a table"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "hidden = \"n\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "'hidden' must be a list"); });
    BOOST_CHECK_EXCEPTION(parse(sheet + "hidden = [\"n\", \"n\"]\n"), Error,
                          [](const Error& e) { return definition_error(e, 5, "hidden twice"); });
}

// [about]: the queries behind the About sheet's sources, caveats and note.
BOOST_AUTO_TEST_CASE(reads_the_about_queries_and_refuses_what_they_cannot_be) {
    const auto def = parse(std::string(kGood) + "[about]\nsources = \"SELECT 'DOC'\"\nnote = \"SELECT :as_of\"\n");
    BOOST_REQUIRE(def.about);
    BOOST_CHECK_EQUAL(def.about->sources, "SELECT 'DOC'");
    BOOST_CHECK(def.about->caveats.empty());
    BOOST_CHECK_EQUAL(def.about->note, "SELECT :as_of");
    BOOST_CHECK(!parse(kGood).about);
    BOOST_CHECK_EXCEPTION(parse(std::string(kGood) + "[about]\nsource = \"SELECT 1\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 21, "source"); });
    BOOST_CHECK_EXCEPTION(parse(std::string(kGood) + "[about]\ncaveats = \"SELECT :nope\"\n"), Error,
                          [](const Error& e) { return definition_error(e, 21, "nope"); });
    BOOST_CHECK_EXCEPTION(parse(std::string(kGood) + "[about]\nnote = 3\n"), Error,
                          [](const Error& e) { return definition_error(e, 21, "note"); });
}

BOOST_AUTO_TEST_CASE(discovers_the_parameters_of_a_bare_query) {
    const auto def = bare_sql_report("mine", "-- Members of one side.\nSELECT ':not_me', @side, $year -- :nor_me\n"
                                             "FROM t WHERE a = :side OR b = /* :no */ :limit", "mine.sql");
    std::vector<std::string> names;
    for (const auto& p : def.params) names.push_back(p.name);
    BOOST_CHECK_EQUAL(names.size(), 3u);
    BOOST_CHECK(names == (std::vector<std::string>{"side", "year", "limit"}));
    BOOST_CHECK(def.params[0].type == ParamType::Text && def.params[0].required);
    BOOST_CHECK_EQUAL(def.description, "Members of one side.");
}

BOOST_AUTO_TEST_CASE(the_shipped_catalog_holds_the_four_reports) {
    const auto catalog = ReportCatalog::load(std::nullopt);
    std::vector<std::string> ids;
    for (const auto& entry : catalog.entries()) ids.push_back(entry.definition.id);
    BOOST_CHECK(ids == (std::vector<std::string>{"coordinators_and_themes", "forum_profile", "member_roster",
                                                 "membership_timeline"}));
    const auto& roster = catalog.get("member_roster");
    BOOST_CHECK_EQUAL(roster.sheets.size(), 3u);
    BOOST_CHECK_EQUAL(roster.sheets[0].sql_origin, "reports/member_roster.sql");
    BOOST_CHECK(roster.find_param("as_of") && roster.find_param("side") && roster.find_param("bloc"));
}

BOOST_AUTO_TEST_CASE(unknown_reports_get_suggestions) {
    const auto catalog = ReportCatalog::load(std::nullopt);
    BOOST_CHECK(catalog.suggest("member_rooster") == std::vector<std::string>{"member_roster"});
    BOOST_CHECK_EXCEPTION(catalog.get("roster"), Error, [](const Error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == ErrorKind::Usage && e.detail().find("did you mean 'member_roster'") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(a_user_report_joins_or_replaces_the_shipped_ones) {
    TempDir dir;
    write_text(dir / "member_roster.sql", "SELECT name FROM member_roster WHERE asem_side = :side");
    write_text(dir / "mine.toml", "title = \"Mine\"\n[[sheet]]\nname = \"a\"\nsql_file = \"mine_query.sql\"\n");
    write_text(dir / "mine_query.sql", "SELECT 1 AS one");
    write_text(dir / "notes.txt", "not a report");
    const auto catalog = ReportCatalog::load(dir.path());
    const auto* roster = catalog.find("member_roster");
    BOOST_REQUIRE(roster);
    BOOST_CHECK(roster->user);
    BOOST_CHECK_EQUAL(roster->params.size(), 1u);
    BOOST_CHECK(catalog.find("mine"));
    BOOST_CHECK(!catalog.find("mine_query"));
    BOOST_CHECK(!catalog.find("notes"));
    bool flagged = false;
    for (const auto& entry : catalog.entries()) flagged |= entry.overrides_builtin && entry.definition.id == "member_roster";
    BOOST_CHECK(flagged);
}

BOOST_AUTO_TEST_CASE(a_missing_user_directory_is_an_error) {
    TempDir dir;
    BOOST_CHECK_EXCEPTION(ReportCatalog::load(dir / "nope"), Error,
                          [](const Error& e) { return e.kind() == ErrorKind::Io; });
}

BOOST_AUTO_TEST_SUITE_END()
