#include "asemdb/time.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace asemdb {

std::string iso_utc(std::time_t t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(t)); }

std::string iso_utc(TimePoint t) { return iso_utc(std::chrono::system_clock::to_time_t(t)); }

}  // namespace asemdb
