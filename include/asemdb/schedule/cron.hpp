#pragma once
// Cron expressions in IANA time zones, and the search for their occurrences.
//
// Cron follows Vixie/ISC cron: five fields (minute, hour, day of month, month,
// day of week) with ranges, lists, steps and names, the @macros, and the OR
// rule when both day fields are restricted. Daylight-saving changes too: a
// fixed-time job (minute and hour fields without '*') whose local time the
// clocks skip runs once, at the jump, and one whose time repeats runs once, the
// first time; a wall-clock job ('*' in the minute or hour field) runs at the
// local times that exist, in both passes of a repeated hour.

#include "asemdb/base/time.hpp"

#include <bitset>
#include <memory>
#include <optional>
#include <string>

namespace asemdb {
namespace detail {
class TimeZone;
}

/// A cron expression in a time zone.
class CronSchedule {
 public:
    /// Parses five fields or a macro (@yearly, @annually, @monthly, @weekly,
    /// @daily, @midnight, @hourly) for the IANA zone `zone`. Throws
    /// Error{Definition} naming the field and the bad value, or the unknown zone,
    /// or saying why the job would never run: a day no chosen month has, or no
    /// occurrence in the zone within the 41 years after now (every match falls
    /// in a daylight-saving gap, say).
    static CronSchedule parse(const std::string& expression, const std::string& zone = "UTC");

    const std::string& expression() const { return expression_; }
    const std::string& zone_name() const { return zone_name_; }
    /// The first occurrence strictly after `t`; nullopt when none falls in the
    /// 41 years after it. Each search is bounded in work, not only in time
    /// covered: it looks at each local day once (a month that does not match
    /// costs one look) and stops after a fixed number of steps (kSearchSteps in
    /// cron.cpp), a few milliseconds.
    std::optional<TimePoint> next_after(TimePoint t) const;
    /// The last occurrence at or before `t`; nullopt when none falls in the 41
    /// years before it. Bounded as next_after is.
    std::optional<TimePoint> latest_at_or_before(TimePoint t) const;
    /// `t` in the zone as `format` (strftime-like: "%Y-%m-%d %H:%M %Z").
    std::string local_text(TimePoint t, const std::string& format = "%Y-%m-%d %H:%M %Z") const;

 private:
    friend struct CronSearch;
    CronSchedule() = default;
    bool day_matches(int year, unsigned month, unsigned day) const;
    /// Throws Error{Definition} when no occurrence follows `now` within the look-ahead.
    void refuse_if_never(TimePoint now) const;

    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;
    std::bitset<13> months_;
    std::bitset<7> weekdays_;
    bool any_day_ = true;      ///< the day-of-month field starts with '*'
    bool any_weekday_ = true;  ///< the day-of-week field starts with '*'
    bool wall_clock_ = true;   ///< the minute or hour field starts with '*'
    std::shared_ptr<const detail::TimeZone> zone_;
    std::string expression_;
    std::string zone_name_;
};

}  // namespace asemdb
