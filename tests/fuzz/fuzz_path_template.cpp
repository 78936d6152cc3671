// Fuzz target: the output path template checker and expander. Whatever a
// template says, an accepted one must expand to a relative path without '..'.

#include "asemdb/base/error.hpp"
#include "schedule/scheduler_detail.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto cron = asemdb::CronSchedule::parse("0 6 1 * *", "Europe/Brussels");
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        asemdb::detail::check_path_template(text);
        (void)asemdb::detail::template_uses(text, "ext");
        static const asemdb::RunParams params{{"as_of", "2026-02-28"}, {"side", "all"}};
        asemdb::detail::TemplateValues values{"job", "member_roster", "xlsx", "xlsx",
                                              asemdb::TimePoint{std::chrono::seconds(1774746000)}, &cron, &params};
        const auto path = asemdb::detail::expand_path_template(text, values);
        if (path.is_absolute()) __builtin_trap();
        for (const auto& part : path)
            if (part == "..") __builtin_trap();
    } catch (const asemdb::Error&) {
    }
    return 0;
}
