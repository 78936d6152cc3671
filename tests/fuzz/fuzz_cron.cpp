// Fuzz target: cron expressions and the searches for their occurrences. The
// first byte picks a time zone, the next four a time (seconds after 1970, to
// 2106); the rest is the expression. A parsed schedule's next and latest
// occurrences around that time must agree; run with -timeout=1 (as ctest does),
// a search that takes long is a finding too.

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/scheduler.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

namespace {

// Daylight saving both ways, Lord Howe's half hour, Apia's 2011 jump over a
// day, Chatham's 45-minute offset, rules that change in the look-ahead
// (Santiago, Tehran, Casablanca's Ramadan changes listed to 2087), and a name
// that is none.
constexpr const char* kZones[] = {"UTC",          "Europe/London",     "Europe/Brussels", "America/New_York",
                                  "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Apia",  "America/Santiago",
                                  "Asia/Tehran",  "Africa/Casablanca", "Pacific/Chatham", "Not/AZone"};

void check(bool condition) {
    if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 5) return 0;
    const std::string zone = kZones[data[0] % std::size(kZones)];
    const std::uint32_t seconds = std::uint32_t{data[1]} << 24 | std::uint32_t{data[2]} << 16 |
                                  std::uint32_t{data[3]} << 8 | std::uint32_t{data[4]};
    const asemdb::TimePoint t{std::chrono::seconds(seconds)};
    const std::string expression(reinterpret_cast<const char*>(data + 5), size - 5);
    try {
        const auto cron = asemdb::CronSchedule::parse(expression, zone);
        const auto next = cron.next_after(t);
        check(!next || *next > t);
        const auto latest = cron.latest_at_or_before(t);
        if (latest) {
            check(*latest <= t);
            // Nothing between the latest at or before t and t.
            check(cron.next_after(*latest) == next);
        }
        if (next) (void)cron.local_text(*next);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
