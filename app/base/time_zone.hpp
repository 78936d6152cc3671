#pragma once
// Local time in an IANA time zone. The one module that knows the time-zone
// library: cctz applies each zone file's closing rule (its POSIX TZ footer) past
// the last transition the file lists, so daylight saving stays right after 2037.

#include "asemdb/base/time.hpp"

#include <cctz/time_zone.h>
#include <date/date.h>

#include <optional>
#include <string>

namespace asemdb::detail {

class TimeZone {
 public:
    /// The zone named `name` ("Europe/Brussels", "UTC"). Throws Error{Definition}
    /// for a name that is not one.
    static TimeZone locate(const std::string& name);

    /// The wall-clock time in the zone at `t`.
    date::local_seconds to_local(TimePoint t) const;

    /// When a wall-clock time happens.
    struct Instants {
        enum class Kind {
            Unique,    ///< once: `first`
            Repeated,  ///< the clocks go back: `first` on the first pass, `second` on the second
            Skipped,   ///< the clocks jump over it: `first` is the jump
        };
        Kind kind = Kind::Unique;
        TimePoint first;
        TimePoint second;
    };
    Instants to_utc(date::local_seconds local) const;

    /// The first change of the zone's offset from UTC after `t`, if any.
    std::optional<TimePoint> next_change_after(TimePoint t) const;

    /// `t` in the zone, as strftime would write it (%Z: the abbreviation, such as CET).
    std::string format(const std::string& format, TimePoint t) const;

 private:
    explicit TimeZone(cctz::time_zone zone) : zone_(zone) {}
    cctz::time_zone zone_;
};

}  // namespace asemdb::detail
