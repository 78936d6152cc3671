// Fuzz target: cron expressions. The first byte picks a time zone; the rest is
// the expression. A parsed schedule must also find its next and latest
// occurrences around a fixed time without hanging.

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/scheduler.hpp"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr const char* kZones[] = {"UTC", "Europe/Brussels", "America/New_York", "Asia/Kolkata",
                                      "Australia/Lord_Howe", "Not/AZone"};
    const std::string zone = kZones[data[0] % 6];
    const std::string expression(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const auto cron = asemdb::CronSchedule::parse(expression, zone);
        const asemdb::TimePoint t{std::chrono::seconds(1774746000)};  // 2026-03-29T01:00:00Z, a DST change
        const auto next = cron.next_after(t);
        if (!(next > t)) __builtin_trap();
        const auto latest = cron.latest_at_or_before(t);
        if (latest && *latest > t) __builtin_trap();
        (void)cron.local_text(next);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
