#include "asemdb/engine/params.hpp"
#include "asemdb/base/text.hpp"
#include "asemdb/base/time.hpp"

#include "asemdb/base/error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace asemdb {
namespace {

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + ("'" + item + "'");
    return out;
}

bool is_valid_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int y = 0, m = 0, d = 0;
    const char* s = text.data();
    if (std::from_chars(s, s + 4, y).ptr != s + 4 || std::from_chars(s + 5, s + 7, m).ptr != s + 7 ||
        std::from_chars(s + 8, s + 10, d).ptr != s + 10)
        return false;
    using namespace std::chrono;
    return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok();
}

// The bad value as an error message quotes it: a value of a megabyte is cut,
// so that the message stays a readable line.
std::string quoted(const std::string& text) {
    constexpr std::size_t kMaxQuoted = 80;
    if (text.size() <= kMaxQuoted) return "'" + text + "'";
    return "'" + text.substr(0, kMaxQuoted) + "...' (" + std::to_string(text.size()) + " bytes)";
}

std::string relative_date_words() {
    std::string words;
    const std::size_t count = std::size(kRelativeDates);
    for (std::size_t i = 0; i < count; ++i)
        words += std::string(i == 0 ? "" : i + 1 == count ? " or " : ", ") + "'" + kRelativeDates[i] + "'";
    return words;
}

std::string iso(const std::chrono::year_month_day& day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                  static_cast<unsigned>(day.day()));
    return text;
}

ResolvedParam parse_typed(const std::string& report, const ParamSpec& spec, const std::string& text,
                          std::time_t today) {
    auto bad = [&](const std::string& expected) {
        return Error::parameter(report, spec.name, "expected " + expected + ", got " + quoted(text));
    };
    switch (spec.type) {
        case ParamType::Text:
            return {spec.name, text, text};
        case ParamType::Integer: {
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size()) throw bad("an integer");
            return {spec.name, value, std::to_string(value)};
        }
        case ParamType::Real: {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(value) || std::isspace(static_cast<unsigned char>(text[0])))
                throw bad("a number");
            return {spec.name, value, text};
        }
        case ParamType::Date: {
            const std::string date = relative_date(text, local_date(today)).value_or(text);
            if (!is_valid_date(date)) throw bad("a date YYYY-MM-DD or " + relative_date_words());
            return {spec.name, date, date};
        }
        case ParamType::Boolean: {
            const std::string word = ascii_lower(text);
            for (const char* yes : {"true", "yes", "on", "1"})
                if (word == yes) return {spec.name, std::int64_t{1}, "true"};
            for (const char* no : {"false", "no", "off", "0"})
                if (word == no) return {spec.name, std::int64_t{0}, "false"};
            throw bad("true or false");
        }
        case ParamType::Choice:
            for (const auto& choice : spec.choices)
                if (ascii_lower(choice) == ascii_lower(text)) return {spec.name, choice, choice};
            throw bad("one of " + quoted_list(spec.choices));
    }
    throw bad("a value");
}

}  // namespace

std::optional<std::string> relative_date(const std::string& word, const std::string& today) {
    const std::string key = ascii_lower(word);
    if (std::none_of(std::begin(kRelativeDates), std::end(kRelativeDates), [&](const char* w) { return key == w; }))
        return std::nullopt;
    using namespace std::chrono;
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(today.c_str(), "%d-%u-%u", &y, &m, &d);
    const year_month_day day{year{y}, month{m}, std::chrono::day{d}};
    const year_month_day first = day.year() / day.month() / 1;
    if (key == "today") return iso(day);
    if (key == "yesterday") return iso(year_month_day{sys_days{day} - days{1}});
    if (key == "start_of_month") return iso(first);
    if (key == "end_of_previous_month") return iso(year_month_day{sys_days{first} - days{1}});
    if (key == "start_of_previous_month") return iso(first - months{1});
    return iso(day.year() / January / 1);
}

std::pair<std::string, std::string> split_assignment(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Error::usage("parameter '" + text + "' must be written name=value");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

ParamMap parse_assignments(const std::vector<std::string>& assignments) {
    ParamMap given;
    for (const auto& text : assignments) {
        auto [name, value] = split_assignment(text);
        if (!given.emplace(name, value).second) throw Error::usage("parameter '" + name + "' is given twice");
    }
    return given;
}

ResolvedParam parse_param(const std::string& report, const ParamSpec& spec, const std::string& text,
                          std::time_t today) {
    return parse_typed(report, spec, text, today);
}

std::vector<ResolvedParam> resolve_params(const ReportDefinition& def, const ParamMap& given, std::time_t today) {
    for (const auto& [name, value] : given) {
        if (def.find_param(name)) continue;
        std::vector<std::string> names;
        for (const auto& spec : def.params) names.push_back(spec.name);
        throw Error::parameter(def.name_in_messages(), name,
                               names.empty() ? "unknown parameter; this report takes none"
                                             : "unknown parameter; valid ones: " + quoted_list(names));
    }
    std::vector<ResolvedParam> out;
    for (const auto& spec : def.params) {
        const auto it = given.find(spec.name);
        if (it != given.end()) {
            out.push_back(parse_typed(def.name_in_messages(), spec, it->second, today));
        } else if (spec.default_value) {
            out.push_back(parse_typed(def.name_in_messages(), spec, *spec.default_value, today));
        } else if (spec.required) {
            throw Error::parameter(def.name_in_messages(), spec.name,
                                   "required; give it with -p " + spec.name + "=<" + to_string(spec.type) + ">");
        } else {
            out.push_back({spec.name, std::monostate{}, ""});
        }
    }
    return out;
}

std::time_t now_or_source_date_epoch() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        std::int64_t seconds = 0;
        const auto [end, ec] = std::from_chars(epoch, epoch + std::strlen(epoch), seconds);
        if (ec == std::errc() && *end == '\0' && seconds >= 0) return static_cast<std::time_t>(seconds);
        throw Error::usage("SOURCE_DATE_EPOCH must be a number of seconds, got '" + std::string(epoch) + "'");
    }
    return std::time(nullptr);
}

}  // namespace asemdb
