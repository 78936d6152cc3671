// Parameter values: parsed once, typed, checked against the report's declaration.

#include "asemdb/base/error.hpp"
#include "asemdb/engine/params.hpp"
#include "asemdb/base/time.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace asemdb;
namespace data = boost::unit_test::data;

namespace {

ParamSpec spec(const std::string& name, ParamType type, std::vector<std::string> choices = {}) {
    ParamSpec p;
    p.name = name;
    p.type = type;
    p.choices = std::move(choices);
    return p;
}

ReportDefinition roster_like() {
    ReportDefinition def;
    def.id = "roster";
    def.params = {spec("as_of", ParamType::Date), spec("side", ParamType::Choice, {"Asia", "Europe", "all"}),
                  spec("limit", ParamType::Integer)};
    def.params[0].default_value = "today";
    def.params[1].default_value = "all";
    return def;
}

// 2026-11-27 12:00 UTC: "today" is that date in any time zone within ±11 h.
constexpr std::time_t kNoon = 1795780800;

bool parameter_error(const Error& e, const std::string& param, const std::string& part) {
    BOOST_TEST_MESSAGE(e.what());
    return e.kind() == ErrorKind::Parameter && e.where().param == param && e.where().report == "roster" &&
           std::string(e.what()).find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(params)

BOOST_AUTO_TEST_CASE(parses_each_type) {
    const auto date = parse_param("r", spec("d", ParamType::Date), "2019-12-31", kNoon);
    BOOST_CHECK(std::get<std::string>(date.value) == "2019-12-31");
    BOOST_CHECK_EQUAL(std::get<std::int64_t>(parse_param("r", spec("n", ParamType::Integer), "-42", kNoon).value), -42);
    BOOST_CHECK_CLOSE(std::get<double>(parse_param("r", spec("x", ParamType::Real), "2.5e3", kNoon).value), 2500.0, 1e-9);
    const auto yes = parse_param("r", spec("b", ParamType::Boolean), "Yes", kNoon);
    BOOST_CHECK_EQUAL(std::get<std::int64_t>(yes.value), 1);
    BOOST_CHECK_EQUAL(yes.display, "true");
    BOOST_CHECK_EQUAL(std::get<std::int64_t>(parse_param("r", spec("b", ParamType::Boolean), "off", kNoon).value), 0);
    BOOST_CHECK(std::get<std::string>(parse_param("r", spec("t", ParamType::Text), "x'); DROP TABLE country; --", kNoon).value) ==
                "x'); DROP TABLE country; --");
}

BOOST_AUTO_TEST_CASE(today_resolves_to_a_date) {
    const auto today = parse_param("r", spec("d", ParamType::Date), "today", kNoon);
    BOOST_CHECK_EQUAL(today.display, "2026-11-27");
}

BOOST_AUTO_TEST_CASE(choices_match_without_case_and_come_back_canonical) {
    const auto side = parse_param("r", spec("side", ParamType::Choice, {"Asia", "Europe"}), "asia", kNoon);
    BOOST_CHECK(std::get<std::string>(side.value) == "Asia");
}

BOOST_DATA_TEST_CASE(rejects_bad_dates, data::make({"2024-13-01", "2024-02-30", "tomorrow", "2024-1-1", ""}), text) {
    BOOST_CHECK_EXCEPTION(parse_param("roster", spec("as_of", ParamType::Date), text, kNoon), Error,
                          [&](const Error& e) { return parameter_error(e, "as_of", "expected a date YYYY-MM-DD"); });
}

BOOST_DATA_TEST_CASE(rejects_bad_integers, data::make({"12a", "1.5", "", " 3", "99999999999999999999"}), text) {
    BOOST_CHECK_EXCEPTION(parse_param("roster", spec("limit", ParamType::Integer), text, kNoon), Error,
                          [&](const Error& e) { return parameter_error(e, "limit", "expected an integer"); });
}

BOOST_AUTO_TEST_CASE(rejects_bad_reals_booleans_and_choices) {
    BOOST_CHECK_THROW(parse_param("r", spec("x", ParamType::Real), "nan", kNoon), Error);
    BOOST_CHECK_THROW(parse_param("r", spec("x", ParamType::Real), "1,5", kNoon), Error);
    BOOST_CHECK_THROW(parse_param("r", spec("b", ParamType::Boolean), "maybe", kNoon), Error);
    BOOST_CHECK_EXCEPTION(parse_param("roster", spec("side", ParamType::Choice, {"Asia", "Europe", "all"}), "Africa", kNoon),
                          Error, [](const Error& e) { return parameter_error(e, "side", "one of 'Asia', 'Europe', 'all'"); });
}

BOOST_AUTO_TEST_CASE(resolve_fills_defaults_in_declaration_order) {
    const auto resolved = resolve_params(roster_like(), {{"side", "Europe"}}, kNoon);
    BOOST_REQUIRE_EQUAL(resolved.size(), 3u);
    BOOST_CHECK_EQUAL(resolved[0].display, "2026-11-27");
    BOOST_CHECK_EQUAL(resolved[1].display, "Europe");
    BOOST_CHECK(std::holds_alternative<std::monostate>(resolved[2].value));
}

BOOST_AUTO_TEST_CASE(resolve_rejects_an_unknown_parameter_listing_the_valid_ones) {
    BOOST_CHECK_EXCEPTION(resolve_params(roster_like(), {{"asof", "2020-01-01"}}, kNoon), Error, [](const Error& e) {
        return parameter_error(e, "asof", "valid ones: 'as_of', 'side', 'limit'");
    });
}

BOOST_AUTO_TEST_CASE(resolve_rejects_a_missing_required_parameter) {
    auto def = roster_like();
    def.params[2].required = true;
    BOOST_CHECK_EXCEPTION(resolve_params(def, {}, kNoon), Error,
                          [](const Error& e) { return parameter_error(e, "limit", "required"); });
}

BOOST_AUTO_TEST_CASE(split_assignment_needs_a_name_and_an_equals_sign) {
    BOOST_CHECK(split_assignment("as_of=2020-01-01") == std::make_pair(std::string("as_of"), std::string("2020-01-01")));
    BOOST_CHECK(split_assignment("q=a=b") == std::make_pair(std::string("q"), std::string("a=b")));
    BOOST_CHECK_THROW(split_assignment("as_of"), Error);
    BOOST_CHECK_THROW(split_assignment("=x"), Error);
}

BOOST_AUTO_TEST_CASE(parse_assignments_refuses_a_name_given_twice) {
    const auto given = parse_assignments({"side=Asia", "as_of=2020-01-01"});
    BOOST_CHECK_EQUAL(given.at("side"), "Asia");
    BOOST_CHECK_EXCEPTION(parse_assignments({"side=Asia", "side=Europe"}), Error, [](const Error& e) {
        return e.kind() == ErrorKind::Usage && e.detail() == "parameter 'side' is given twice";
    });
}

// Month and year ends, leap years: the calendar does the arithmetic.
BOOST_AUTO_TEST_CASE(relative_dates_resolve_on_the_given_day) {
    BOOST_TEST(*relative_date("today", "2024-03-01") == "2024-03-01");
    BOOST_TEST(*relative_date("yesterday", "2024-03-01") == "2024-02-29");
    BOOST_TEST(*relative_date("yesterday", "2026-01-01") == "2025-12-31");
    BOOST_TEST(*relative_date("start_of_month", "2026-07-31") == "2026-07-01");
    BOOST_TEST(*relative_date("End_Of_Previous_Month", "2026-03-15") == "2026-02-28");
    BOOST_TEST(*relative_date("end_of_previous_month", "2026-01-10") == "2025-12-31");
    BOOST_TEST(*relative_date("start_of_previous_month", "2026-01-10") == "2025-12-01");
    BOOST_TEST(*relative_date("start_of_year", "2026-11-30") == "2026-01-01");
    BOOST_TEST(!relative_date("tomorrow", "2026-11-30").has_value());
    BOOST_TEST(!relative_date("2026-11-30", "2026-11-30").has_value());
    BOOST_TEST(!relative_date("", "2026-11-30").has_value());
    // A date parameter takes them, resolved on the local day of `today`.
    const auto yesterday = parse_param("r", spec("as_of", ParamType::Date), "yesterday", kNoon);
    BOOST_TEST(yesterday.display == *relative_date("yesterday", local_date(kNoon)));
}

BOOST_AUTO_TEST_SUITE_END()
