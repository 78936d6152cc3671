#pragma once
// Parameter values: the text a user gives (-p name=value) is checked against the
// report's ParamSpecs once, turned into typed values, and later bound by name.

#include "asemdb/engine/report.hpp"

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace asemdb {

using ParamValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// The raw -p name=value pairs, by name.
using ParamMap = std::map<std::string, std::string>;

struct ResolvedParam {
    std::string name;
    ParamValue value;
    std::string display;  ///< as shown to people: dates resolved, booleans as true/false
};

/// Splits "name=value". Throws Error{Usage} if there is no '=' or no name.
std::pair<std::string, std::string> split_assignment(const std::string& text);

/// The -p name=value pairs by name. Throws Error{Usage} for a pair without '='
/// or a name given twice.
ParamMap parse_assignments(const std::vector<std::string>& assignments);

/// The words a date may be given as, each naming a day relative to today.
inline constexpr const char* kRelativeDates[] = {"today",        "yesterday",
                                                 "start_of_month", "end_of_previous_month",
                                                 "start_of_previous_month", "start_of_year"};

/// The ISO date (YYYY-MM-DD) `word` (one of kRelativeDates, in any case) names
/// on the day `today` (YYYY-MM-DD, a valid date); nullopt when `word` is not one.
/// Every date a user gives (report and job parameters, the audit's --as-of)
/// is resolved here.
std::optional<std::string> relative_date(const std::string& word, const std::string& today);


/// Parses one value for `spec`. `today` resolves the relative dates (kRelativeDates).
/// Throws Error{Parameter} naming the report and parameter, the bad value and what is expected.
ResolvedParam parse_param(const std::string& report, const ParamSpec& spec, const std::string& text,
                          std::time_t today);

/// Checks `given` against `def` and fills in defaults: an unknown name (listing the
/// valid ones), a missing required value or a bad value throws Error{Parameter}.
std::vector<ResolvedParam> resolve_params(const ReportDefinition& def, const ParamMap& given, std::time_t today);

/// The current time: $SOURCE_DATE_EPOCH when set (reproducible output), else the clock.
std::time_t now_or_source_date_epoch();

}  // namespace asemdb
