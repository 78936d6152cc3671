#include "base/time_zone.hpp"

#include "asemdb/base/error.hpp"

#include <cctz/civil_time.h>

namespace asemdb::detail {
namespace {

cctz::civil_second to_civil(date::local_seconds local) {
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss time{local - day};
    return cctz::civil_second(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                              static_cast<unsigned>(ymd.day()), time.hours().count(), time.minutes().count(),
                              time.seconds().count());
}

}  // namespace

TimeZone TimeZone::locate(const std::string& name) {
    cctz::time_zone zone;
    // cctz reads any file under the zone directory and falls back to UTC for a
    // name it cannot load; an IANA name has neither '..' nor a leading '/'.
    const bool plausible = !name.empty() && name[0] != '/' && name.find("..") == std::string::npos;
    if (!plausible || !cctz::load_time_zone(name, &zone))
        throw Error(ErrorKind::Definition, {},
                    "unknown time zone '" + name + "'; use an IANA name such as 'Europe/Brussels' or 'UTC'");
    return TimeZone(zone);
}

date::local_seconds TimeZone::to_local(TimePoint t) const {
    const cctz::civil_second cs = cctz::convert(t, zone_);
    const date::year_month_day ymd{date::year{static_cast<int>(cs.year())}, date::month{static_cast<unsigned>(cs.month())},
                                   date::day{static_cast<unsigned>(cs.day())}};
    return date::local_days{ymd} + std::chrono::hours(cs.hour()) + std::chrono::minutes(cs.minute()) +
           std::chrono::seconds(cs.second());
}

TimeZone::Instants TimeZone::to_utc(date::local_seconds local) const {
    const auto lookup = zone_.lookup(to_civil(local));
    switch (lookup.kind) {
        case cctz::time_zone::civil_lookup::UNIQUE:
            return {Instants::Kind::Unique, lookup.pre, lookup.pre};
        case cctz::time_zone::civil_lookup::REPEATED:
            return {Instants::Kind::Repeated, lookup.pre, lookup.post};
        case cctz::time_zone::civil_lookup::SKIPPED:
            break;
    }
    return {Instants::Kind::Skipped, lookup.trans, lookup.trans};
}

std::optional<TimePoint> TimeZone::next_change_after(TimePoint t) const {
    cctz::time_zone::civil_transition transition;
    if (!zone_.next_transition(t, &transition)) return std::nullopt;
    // The local time the clocks jump to is either unique (forward) or the second
    // pass of a repeated hour (back); either way its lookup knows the instant.
    return zone_.lookup(transition.to).trans;
}

std::string TimeZone::format(const std::string& format, TimePoint t) const { return cctz::format(format, t, zone_); }

}  // namespace asemdb::detail
