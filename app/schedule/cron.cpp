// Cron expressions: parsing the five fields and finding occurrences in a time
// zone.

#include "asemdb/schedule/scheduler.hpp"
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

// How far ahead an occurrence is looked for. When one day field is '*'-led
// (as in "*/7"), both must match, and a date on a chosen weekday can be rare:
// 5 June is a Sunday in 2033, then 2039; a 29 February on a given weekday comes
// at most 40 years after the last (across 2100, which is no leap year).
constexpr int kSearchDays = 41 * 366;

// The first local minute at or after `from` that the fields match, searching
// kSearchDays ahead.
template <typename Matches>
std::optional<LocalMinutes> next_local_match(LocalMinutes from, const Matches& matches) {
    const LocalMinutes limit = from + days(kSearchDays);
    for (LocalMinutes t = from; t <= limit;) {
        const auto day = date::floor<days>(t);
        const date::year_month_day ymd{day};
        const auto month = static_cast<unsigned>(ymd.month());
        if (!matches.month(month)) {
            t = LocalMinutes{date::local_days{(ymd.year() / ymd.month() / 1) + date::months(1)}};
            continue;
        }
        if (!matches.day(static_cast<int>(ymd.year()), month, static_cast<unsigned>(ymd.day()))) {
            t = LocalMinutes{day + days(1)};
            continue;
        }
        const auto hour = static_cast<unsigned>(date::floor<hours>(t - day).count());
        if (!matches.hour(hour)) {
            t = LocalMinutes{day} + hours(hour + 1);
            continue;
        }
        if (!matches.minute(static_cast<unsigned>((t - day - hours(hour)).count()))) {
            t += minutes(1);
            continue;
        }
        return t;
    }
    return std::nullopt;
}

// The UTC time a local time runs at, on the first or second pass through an
// hour the clocks repeat. A time the clocks skip runs at the jump, except for
// wall-clock jobs, which skip it too.
std::optional<TimePoint> to_utc(const detail::TimeZone& zone, LocalMinutes local, bool second_pass, bool wall_clock) {
    using Kind = detail::TimeZone::Instants::Kind;
    const auto instants = zone.to_utc(date::local_seconds{local});
    switch (instants.kind) {
        case Kind::Unique: return instants.first;
        case Kind::Repeated: return second_pass ? instants.second : instants.first;
        case Kind::Skipped: break;
    }
    if (wall_clock) return std::nullopt;
    return instants.first;
}

}  // namespace

// The search for occurrences, with access to the fields.
struct CronSearch {
    const CronSchedule& c;
    bool month(unsigned m) const { return c.months_[m]; }
    bool day(int y, unsigned m, unsigned d) const { return c.day_matches(y, m, d); }
    bool hour(unsigned h) const { return c.hours_[h]; }
    bool minute(unsigned m) const { return c.minutes_[m]; }

    // The first occurrence after t on one pass, trying local times from `start`.
    std::optional<TimePoint> first_after(TimePoint t, LocalMinutes start, bool second_pass) const {
        for (auto candidate = next_local_match(start, *this); candidate;
             candidate = next_local_match(*candidate + minutes(1), *this)) {
            const auto utc = to_utc(*c.zone_, *candidate, second_pass, c.wall_clock_);
            if (utc && *utc > t) return utc;
        }
        return std::nullopt;
    }
};

TimePoint CronSchedule::next_after(TimePoint t) const {
    // On the first pass through a repeated hour, later local times never run
    // earlier, and local times before t's own run at or before t: the first
    // candidate after t from there is the next occurrence.
    const CronSearch search{*this};
    const LocalMinutes local = date::floor<minutes>(zone_->to_local(t));
    std::optional<TimePoint> best = search.first_after(t, local, false);
    if (!best) throw std::logic_error("cron '" + expression_ + "' has no occurrence within 41 years");
    // A wall-clock job's second pass through a repeated hour can come sooner, but
    // only when the clocks change between t (less the largest shift, 3 hours) and then.
    if (const auto change = zone_->next_change_after(t - hours(3)); wall_clock_ && change && *change <= *best) {
        const auto second = search.first_after(t, local - hours(3), true);
        if (second && *second < *best) best = second;
    }
    return *best;
}

std::optional<TimePoint> CronSchedule::latest_at_or_before(TimePoint t) const {
    // Look back over growing windows; iterating forward inside the smallest
    // window that holds an occurrence stays cheap even for "* * * * *".
    for (const auto window : {hours(2), hours(50), hours(24 * 32), hours(24 * 367), hours(24 * kSearchDays)}) {
        TimePoint current = next_after(t - window);
        if (current > t) continue;
        for (TimePoint next = next_after(current); next <= t; next = next_after(current)) current = next;
        return current;
    }
    return std::nullopt;
}

std::string CronSchedule::local_text(TimePoint t, const std::string& format) const {
    return zone_->format(format, t);
}

}  // namespace asemdb
