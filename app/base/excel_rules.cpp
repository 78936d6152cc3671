#include "base/excel_rules.hpp"

#include "asemdb/base/text.hpp"
#include "base/utf8.hpp"

#include <algorithm>
#include <cassert>

namespace asemdb::detail {
namespace {

bool is_forbidden_in_sheet_name(char c) {
    return std::string_view("[]:*?/\\").find(c) != std::string_view::npos;
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::string page_field(std::string_view text, std::size_t max_bytes) {
    static constexpr std::string_view kEllipsis = "\u2026";
    const auto escape = [text](std::size_t budget, bool& cut) {
        std::string out;
        cut = false;
        for (std::size_t i = 0; i < text.size();) {
            std::size_t next = i + 1;
            while (next < text.size() && is_utf8_continuation(text[next])) ++next;
            std::string piece(text.substr(i, next - i));
            if (piece == "&") piece = "&&";  // a lone '&' starts one of Excel's codes
            else if (static_cast<unsigned char>(piece[0]) < 0x20 || piece[0] == 0x7F) piece = " ";
            if (out.size() + piece.size() > budget) {
                cut = true;
                break;
            }
            out += piece;
            i = next;
        }
        return out;
    };
    bool cut = false;
    std::string whole = escape(max_bytes, cut);
    if (!cut || max_bytes < kEllipsis.size()) return whole;
    return escape(max_bytes - kEllipsis.size(), cut).append(kEllipsis);
}

SheetNamer::SheetNamer(std::set<std::string> reserved) {
    for (const auto& name : reserved) used_.insert(ascii_lower(name));
}

std::string SheetNamer::claim(std::string_view wanted) { return claim_from(wanted, 1); }

std::string SheetNamer::claim_continuation(std::string_view base, int part) {
    assert(part >= 2);
    return claim_from(base, part);
}

std::string SheetNamer::claim_from(std::string_view base, int first_number) {
    for (int n = first_number;; ++n) {
        std::string name = n == 1 ? fit_sheet_name(base) : fit_sheet_name(base, " (" + std::to_string(n) + ")");
        if (used_.insert(ascii_lower(name)).second) return name;
    }
}

std::optional<std::string> sheet_name_problem(std::string_view name) {
    if (name.empty()) return "a worksheet name cannot be empty";
    if (utf8_length(name) > kExcelMaxSheetNameChars)
        return "a worksheet name has at most " + std::to_string(kExcelMaxSheetNameChars) + " characters";
    if (std::any_of(name.begin(), name.end(), is_forbidden_in_sheet_name))
        return "a worksheet name cannot contain any of []:*?/\\";
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return "a worksheet name cannot contain control characters";
    if (name.front() == '\'' || name.back() == '\'') return "a worksheet name cannot begin or end with an apostrophe";
    return std::nullopt;
}

std::string fit_sheet_name(std::string_view name, std::string_view suffix) {
    std::string fitted(name);
    std::replace_if(fitted.begin(), fitted.end(), is_forbidden_in_sheet_name, '_');
    if (fitted.empty()) fitted = "Sheet";
    const std::size_t room = kExcelMaxSheetNameChars - std::min(utf8_length(suffix), kExcelMaxSheetNameChars - 1);
    fitted.resize(utf8_prefix_bytes(fitted, room));
    // Excel rejects a name that begins or ends with an apostrophe.
    if (fitted.front() == '\'') fitted.front() = '_';
    if (suffix.empty() && fitted.back() == '\'') fitted.back() = '_';
    return fitted.append(suffix);
}

std::optional<ExcelDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0, month = 0, day = 0;
    if (!read_digits(text, 0, 4, year) || !read_digits(text, 5, 2, month) || !read_digits(text, 8, 2, day)) {
        return std::nullopt;
    }
    // Excel cannot show dates before 1900.
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    ExcelDate date;
    date.year = year;
    date.month = month;
    date.day = day;
    return date;
}

}  // namespace asemdb::detail
