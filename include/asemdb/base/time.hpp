#pragma once
// Points in time and their one text form, ISO-8601 in UTC, for every output;
// reading ISO-8601 back; the local date that "today" names.

#include <chrono>
#include <ctime>
#include <string>

namespace asemdb {

/// A point in time, to the second, UTC.
using TimePoint = std::chrono::sys_seconds;

/// "2026-03-01T06:00:00Z".
std::string iso_utc(TimePoint t);
std::string iso_utc(std::time_t t);
/// The calendar date at `t` where the process runs (its TZ), "2026-03-01":
/// what "today" means on the command line.
std::string local_date(std::time_t t);
/// Parses an ISO-8601 time with Z or an offset: "2026-03-01T06:00:00Z",
/// "2026-03-01T07:00+01:00" (seconds optional). Throws Error{Usage} quoting the text.
TimePoint parse_iso_time(const std::string& text);

}  // namespace asemdb
