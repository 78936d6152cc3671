#include "asemdb/base/time.hpp"

#include "asemdb/base/error.hpp"

#include <date/date.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstring>
#include <optional>

namespace asemdb {
namespace {

// Reads ISO-8601 piece by piece: YYYY-MM-DD, 'T' (or a space), HH:MM[:SS], then
// Z or an offset (+HH:MM, +HHMM, +HH).
class IsoReader {
 public:
    explicit IsoReader(const std::string& text) : text_(text) {}

    std::optional<TimePoint> read() {
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
        if (!(digits(4, y) && literal("-") && digits(2, mo) && literal("-") && digits(2, d) && literal("Tt ") &&
              digits(2, h) && literal(":") && digits(2, mi)))
            return std::nullopt;
        if (literal(":") && !digits(2, s)) return std::nullopt;
        const auto offset = read_offset();
        const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                       date::day{static_cast<unsigned>(d)}};
        if (!offset || pos_ != text_.size() || !ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
        return TimePoint{date::sys_days{ymd}} + std::chrono::hours(h) + std::chrono::minutes(mi) +
               std::chrono::seconds(s) - *offset;
    }

 private:
    bool digits(std::size_t n, int& out) {
        if (pos_ + n > text_.size()) return false;
        out = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
        }
        pos_ += n;
        return true;
    }

    bool literal(const char* any_of) {
        if (pos_ >= text_.size() || !std::strchr(any_of, text_[pos_])) return false;
        ++pos_;
        return true;
    }

    std::optional<std::chrono::minutes> read_offset() {
        if (literal("Zz")) return std::chrono::minutes(0);
        const bool negative = pos_ < text_.size() && text_[pos_] == '-';
        int h = 0, m = 0;
        if (!literal("+-") || !digits(2, h)) return std::nullopt;
        if (literal(":") ? !digits(2, m) : pos_ < text_.size() && !digits(2, m)) return std::nullopt;
        if (h > 23 || m > 59) return std::nullopt;
        const std::chrono::minutes offset{h * 60 + m};
        return negative ? -offset : offset;
    }

    const std::string& text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string iso_utc(std::time_t t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(t)); }

std::string iso_utc(TimePoint t) { return iso_utc(std::chrono::system_clock::to_time_t(t)); }

std::string local_date(std::time_t t) { return fmt::format("{:%Y-%m-%d}", fmt::localtime(t)); }

TimePoint parse_iso_time(const std::string& text) {
    if (auto t = IsoReader(text).read()) return *t;
    throw Error::usage("expected a time such as 2026-03-01T06:00:00Z or 2026-03-01T07:00:00+01:00, got '" + text +
                       "'");
}

}  // namespace asemdb
