// Cron expressions: parsing the five fields and finding occurrences in a time
// zone.

#include "asemdb/schedule/cron.hpp"
#include "asemdb/base/text.hpp"

#include "asemdb/base/error.hpp"

#include "base/time_zone.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace asemdb {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using LocalMinutes = date::local_time<minutes>;

constexpr std::array<const char*, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 7> kDayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct FieldSpec {
    const char* name;
    int low;
    int high;
    const char* const* names = nullptr;  ///< names of low, low+1, ...
    std::size_t name_count = 0;
};

constexpr FieldSpec kFields[] = {
    {"minute", 0, 59},
    {"hour", 0, 23},
    {"day-of-month", 1, 31},
    {"month", 1, 12, kMonthNames.data(), kMonthNames.size()},
    {"day-of-week", 0, 7, kDayNames.data(), kDayNames.size()},
};

// Reads one field of one expression; every problem names the field and its text.
class FieldParser {
 public:
    FieldParser(const std::string& expression, const FieldSpec& spec, const std::string& text)
        : expression_(expression), spec_(spec), text_(text) {}

    std::uint64_t parse() const {
        std::uint64_t bits = 0;
        std::size_t start = 0;
        while (true) {
            const auto comma = text_.find(',', start);
            bits |= item(text_.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) return bits;
            start = comma + 1;
        }
    }

 private:
    Error fail(const std::string& detail) const {
        return Error(ErrorKind::Definition, {},
                     "cron '" + expression_ + "': " + spec_.name + " field '" + text_ + "': " + detail);
    }

    std::uint64_t item(const std::string& text) const {
        if (text.empty()) throw fail("empty list item");
        const auto slash = text.find('/');
        const std::string base = text.substr(0, slash);
        int step = 1;
        if (slash != std::string::npos) {
            step = number(text.substr(slash + 1), "step");
            if (step < 1) throw fail("step must be at least 1");
        }
        int first = spec_.low, last = spec_.high;
        if (base != "*") {
            const auto dash = base.find('-');
            first = value(base.substr(0, dash));
            last = dash != std::string::npos ? value(base.substr(dash + 1))
                   : slash != std::string::npos ? spec_.high  // "5/15" means 5-59/15
                                                : first;
            if (first > last) throw fail("range '" + base + "' runs backwards");
        }
        std::uint64_t bits = 0;
        for (int v = first; v <= last; v += step) bits |= std::uint64_t{1} << v;
        return bits;
    }

    int number(const std::string& text, const char* what) const {
        int v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
            throw fail("'" + text + "' is not a " + what);
        return v;
    }

    int value(const std::string& text) const {
        const std::string word = ascii_lower(text);
        for (std::size_t i = 0; i < spec_.name_count; ++i)
            if (word == spec_.names[i]) return spec_.low + static_cast<int>(i);
        if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
            throw fail(spec_.names ? "'" + text + "' is neither a number nor a name (" + spec_.names[0] + ", " +
                                         spec_.names[1] + ", ...)"
                                   : "'" + text + "' is not a number");
        }
        const int v = number(text, "number");
        if (v < spec_.low || v > spec_.high)
            throw fail(text + " is out of range " + std::to_string(spec_.low) + "-" + std::to_string(spec_.high));
        return v;
    }

    const std::string& expression_;
    const FieldSpec& spec_;
    const std::string& text_;
};

std::string expand_macro(const std::string& expression) {
    static const std::pair<const char*, const char*> kMacros[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
        {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}};
    const std::string word = ascii_lower(expression);
    for (const auto& [name, fields] : kMacros)
        if (word == name) return fields;
    throw Error(ErrorKind::Definition, {},
                "cron '" + expression + "': unknown macro; use @yearly, @monthly, @weekly, @daily or @hourly");
}

std::vector<std::string> split_fields(const std::string& expression) {
    std::istringstream in(expression);
    std::vector<std::string> fields;
    for (std::string field; in >> field;) fields.push_back(field);
    if (fields.size() != 5)
        throw Error(ErrorKind::Definition, {},
                    "cron '" + expression + "': expected 5 fields (minute hour day-of-month month day-of-week), got " +
                        std::to_string(fields.size()));
    return fields;
}

unsigned max_days(unsigned month) {
    static constexpr unsigned kDays[] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return kDays[month];
}

}  // namespace

CronSchedule CronSchedule::parse(const std::string& expression, const std::string& zone) {
    CronSchedule cron;
    cron.expression_ = expression;
    cron.zone_name_ = zone;
    const auto begin = expression.find_first_not_of(" \t");
    const std::string trimmed =
        begin == std::string::npos ? "" : expression.substr(begin, expression.find_last_not_of(" \t") - begin + 1);
    const auto fields = split_fields(!trimmed.empty() && trimmed[0] == '@' ? expand_macro(trimmed) : expression);
    std::uint64_t bits[5];
    for (std::size_t i = 0; i < 5; ++i) bits[i] = FieldParser(expression, kFields[i], fields[i]).parse();
    cron.minutes_ = std::bitset<60>(bits[0]);
    cron.hours_ = std::bitset<24>(bits[1]);
    cron.days_ = std::bitset<32>(bits[2]);
    cron.months_ = std::bitset<13>(bits[3]);
    // Day 7 is Sunday, as day 0.
    cron.weekdays_ = std::bitset<7>((bits[4] | (bits[4] >> 7)) & 0x7f);
    cron.any_day_ = fields[2][0] == '*';
    cron.any_weekday_ = fields[4][0] == '*';
    cron.wall_clock_ = fields[0][0] == '*' || fields[1][0] == '*';
    // A day of the month that no chosen month has would never run: refuse it.
    if (!cron.any_day_ && cron.any_weekday_) {
        bool possible = false;
        for (unsigned m = 1; m <= 12; ++m)
            for (unsigned d = 1; d <= max_days(m) && !possible; ++d) possible = cron.months_[m] && cron.days_[d];
        if (!possible)
            throw Error(ErrorKind::Definition, {},
                        "cron '" + expression + "': day-of-month field '" + fields[2] +
                            "': no chosen month has that day, so the job would never run");
    }
    cron.zone_ = std::make_shared<const detail::TimeZone>(detail::TimeZone::locate(zone));
    cron.refuse_if_never(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    return cron;
}

bool CronSchedule::day_matches(int year, unsigned month, unsigned day) const {
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    const bool by_day = days_[day];
    const bool by_weekday = weekdays_[date::weekday{date::sys_days{ymd}}.c_encoding()];
    // Cron's rule: when both day fields are restricted, either may match.
    if (any_day_ || any_weekday_) return by_day && by_weekday;
    return by_day || by_weekday;
}

namespace {

// How far ahead (or back) an occurrence is looked for. When one day field is
// '*'-led (as in "*/7"), both must match, and a date on a chosen weekday can be
// rare: 5 June is a Sunday in 2033, then 2039; a 29 February on a given weekday
// comes at most 40 years after the last (across 2100, which is no leap year).
constexpr int kSearchDays = 41 * 366;

// The most work one search may do. A step is a local day looked at (a month
// that does not match costs one) or a matching local time converted to UTC. A
// search looks at no more than kSearchDays + 1 days, and converts a few hundred
// local times that do not run at most (those at or before the start, and one per
// daylight-saving gap), so a search that finds its occurrence stays far below;
// this bound holds whatever a zone's rules do.
constexpr long kSearchSteps = 100'000;

// The most any zone's clocks go back at once (a repeated stretch of local time).
constexpr hours kMaxShift{3};

template <std::size_t N>
std::optional<unsigned> first_set(const std::bitset<N>& bits, unsigned from) {
    for (unsigned i = from; i < N; ++i)
        if (bits[i]) return i;
    return std::nullopt;
}

template <std::size_t N>
std::optional<unsigned> last_set(const std::bitset<N>& bits, int from) {
    for (int i = from; i >= 0; --i)
        if (bits[static_cast<std::size_t>(i)]) return static_cast<unsigned>(i);
    return std::nullopt;
}

std::string local_minute_text(date::local_seconds t) { return date::format("%Y-%m-%d %H:%M", t); }

}  // namespace

// The search for occurrences, with access to the fields, and a budget of
// kSearchSteps shared by all its calls. Days that do not match cost one step
// each, whatever their minutes; a local time the clocks skip costs one step for
// its whole gap.
struct CronSearch {
    explicit CronSearch(const CronSchedule& schedule) : c(schedule) {}

    const CronSchedule& c;
    long steps_left = kSearchSteps;
    /// The first jump of the clocks over a matching local time of a wall-clock job.
    std::optional<TimePoint> skipped_jump;

    bool spend() { return steps_left-- > 0; }

    bool day_matches(date::local_days day) const {
        const date::year_month_day ymd{day};
        return c.day_matches(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                             static_cast<unsigned>(ymd.day()));
    }

    // The first matching minute of a day at or after `within` minutes into it.
    std::optional<minutes> first_in_day(minutes within) const {
        unsigned minute = static_cast<unsigned>(within.count() % 60);
        for (auto hour = static_cast<unsigned>(within.count() / 60); hour < 24; ++hour, minute = 0)
            if (const auto m = c.hours_[hour] ? first_set(c.minutes_, minute) : std::nullopt)
                return hours(hour) + minutes(*m);
        return std::nullopt;
    }

    // The last matching minute of a day at or before `within` minutes into it.
    std::optional<minutes> last_in_day(minutes within) const {
        int minute = static_cast<int>(within.count() % 60);
        for (auto hour = static_cast<int>(within.count() / 60); hour >= 0; --hour, minute = 59)
            if (const auto m = c.hours_[static_cast<std::size_t>(hour)] ? last_set(c.minutes_, minute) : std::nullopt)
                return hours(hour) + minutes(*m);
        return std::nullopt;
    }

    // The first local minute in [from, limit] the fields match.
    std::optional<LocalMinutes> forward(LocalMinutes from, LocalMinutes limit) {
        auto day = date::floor<days>(from);
        minutes within = from - day;
        for (; LocalMinutes{day} <= limit && spend(); day += days(1), within = minutes(0)) {
            const date::year_month_day ymd{day};
            if (!c.months_[static_cast<unsigned>(ymd.month())]) {
                day = date::local_days{ymd.year() / ymd.month() / 1 + date::months(1)} - days(1);
                continue;
            }
            if (const auto m = day_matches(day) ? first_in_day(within) : std::nullopt) {
                const LocalMinutes t = day + *m;
                return t <= limit ? std::optional(t) : std::nullopt;
            }
        }
        return std::nullopt;
    }

    // The last local minute in [limit, from] the fields match.
    std::optional<LocalMinutes> backward(LocalMinutes from, LocalMinutes limit) {
        auto day = date::floor<days>(from);
        minutes within = from - day;
        for (; LocalMinutes{day + days(1)} > limit && spend(); day -= days(1), within = minutes(24 * 60 - 1)) {
            const date::year_month_day ymd{day};
            if (!c.months_[static_cast<unsigned>(ymd.month())]) {
                day = date::local_days{ymd.year() / ymd.month() / 1};
                continue;
            }
            if (const auto m = day_matches(day) ? last_in_day(within) : std::nullopt) {
                const LocalMinutes t = day + *m;
                return t >= limit ? std::optional(t) : std::nullopt;
            }
        }
        return std::nullopt;
    }

    // When a wall-clock job skips `instants` (the clocks jump over its local time),
    // remembers the jump and returns it.
    std::optional<TimePoint> gap(const detail::TimeZone::Instants& instants) {
        if (instants.kind != detail::TimeZone::Instants::Kind::Skipped || !c.wall_clock_) return std::nullopt;
        if (!skipped_jump) skipped_jump = instants.first;
        return instants.first;
    }

    // The first occurrence after t on one pass through repeated hours, trying local times from `start`.
    std::optional<TimePoint> first_after(TimePoint t, LocalMinutes start, bool second_pass) {
        using Kind = detail::TimeZone::Instants::Kind;
        const LocalMinutes limit = start + days(kSearchDays);
        for (auto local = forward(start, limit); local && spend();) {
            const auto instants = c.zone_->to_utc(date::local_seconds{*local});
            if (const auto jump = gap(instants)) {
                // None of the gap's local times exist: go on from the time the clocks jump to.
                local = forward(std::max(*local + minutes(1), date::floor<minutes>(c.zone_->to_local(*jump))), limit);
                continue;
            }
            // A skipped time runs at the jump; a repeated one on the pass asked for.
            const TimePoint at = instants.kind == Kind::Repeated && second_pass ? instants.second : instants.first;
            if (at > t) return at;
            local = forward(*local + minutes(1), limit);
        }
        return std::nullopt;
    }

    std::optional<TimePoint> next_after(TimePoint t) {
        // On the first pass through a repeated hour, later local times never run
        // earlier, and local times before t's own run at or before t: the first
        // candidate after t from there is the next occurrence.
        const LocalMinutes local = date::floor<minutes>(c.zone_->to_local(t));
        std::optional<TimePoint> best = first_after(t, local, false);
        // A wall-clock job's second pass through a repeated hour can come sooner, but
        // only when the clocks change between t (less the largest shift) and then.
        const auto change = c.wall_clock_ ? c.zone_->next_change_after(t - kMaxShift) : std::nullopt;
        if (change && (!best || *change <= *best)) {
            const auto second = first_after(t, local - kMaxShift, true);
            if (second && (!best || *second < *best)) best = second;
        }
        return best;
    }

    // The latest instant at or before t at which local time `local` runs.
    std::optional<TimePoint> run_at_or_before(const detail::TimeZone::Instants& instants, TimePoint t) const {
        using Kind = detail::TimeZone::Instants::Kind;
        if (instants.kind == Kind::Repeated && c.wall_clock_ && instants.second <= t) return instants.second;
        if (instants.first <= t) return instants.first;
        return std::nullopt;
    }

    std::optional<TimePoint> latest_at_or_before(TimePoint t) {
        // Local times up to the largest shift after t's own can run before t,
        // when the clocks went back; so can those up to that shift before the
        // first that does, and no earlier ones.
        const LocalMinutes local = date::floor<minutes>(c.zone_->to_local(t));
        LocalMinutes limit = local - days(kSearchDays);
        std::optional<TimePoint> best;
        for (auto candidate = backward(local + kMaxShift, limit); candidate && spend();) {
            const auto instants = c.zone_->to_utc(date::local_seconds{*candidate});
            LocalMinutes before = *candidate - minutes(1);
            if (const auto jump = gap(instants)) {
                before = std::min(before, date::floor<minutes>(c.zone_->to_local(*jump - std::chrono::seconds(1))));
            } else if (const auto at = run_at_or_before(instants, t); at && (!best || *at > *best)) {
                best = at;
                const auto change = c.zone_->next_change_after(*at - kMaxShift);
                if (!change || *change > t) return best;
                limit = std::max(limit, *candidate - kMaxShift);
            }
            candidate = backward(before, limit);
        }
        return best;
    }

    // Why no occurrence follows t, for a schedule that has none.
    std::string why_never() const {
        if (!skipped_jump)
            return "no local time matches every field within " + std::to_string(kSearchDays / 366) + " years";
        const auto before = c.zone_->to_local(*skipped_jump - std::chrono::seconds(1)) + std::chrono::seconds(1);
        return "every match falls in a daylight-saving gap of the zone, local time the clocks skip (as from " +
               local_minute_text(before) + " to " + local_minute_text(c.zone_->to_local(*skipped_jump)) + ")";
    }
};

std::optional<TimePoint> CronSchedule::next_after(TimePoint t) const { return CronSearch{*this}.next_after(t); }

std::optional<TimePoint> CronSchedule::latest_at_or_before(TimePoint t) const {
    return CronSearch{*this}.latest_at_or_before(t);
}

void CronSchedule::refuse_if_never(TimePoint now) const {
    CronSearch search{*this};
    if (search.next_after(now)) return;
    throw Error(ErrorKind::Definition, {},
                "cron '" + expression_ + "' in " + zone_name_ + ": " + search.why_never() + ", so the job would never run");
}

std::string CronSchedule::local_text(TimePoint t, const std::string& format) const {
    return zone_->format(format, t);
}

}  // namespace asemdb
