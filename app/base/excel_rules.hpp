#pragma once
// The rules Excel puts on a workbook that do not depend on the library writing
// it: worksheet names, page header fields and the dates a cell can show. The
// report parser checks manifests with them; the xlsx renderer writes by them.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace asemdb::detail {

/// Excel's limit on the characters of a worksheet name.
inline constexpr std::size_t kExcelMaxSheetNameChars = 31;

/// Why Excel would refuse `name` as a worksheet name (empty, longer than 31
/// characters, one of []:*?/\, an apostrophe first or last), or nullopt.
std::optional<std::string> sheet_name_problem(std::string_view name);

/// `name` with Excel's forbidden characters replaced and trimmed so that
/// `suffix` still fits in 31 characters; then `suffix` appended.
std::string fit_sheet_name(std::string_view name, std::string_view suffix = {});

/// Hands out worksheet names Excel accepts: no []:*?/\ (each becomes '_'), no
/// leading or trailing apostrophe, 1 to 31 characters, unique ignoring case.
class SheetNamer {
 public:
    /// `reserved` names are never handed out by claim() (e.g. "About").
    explicit SheetNamer(std::set<std::string> reserved = {});
    /// `wanted` made valid, and made unique by appending " (2)", " (3)", ….
    std::string claim(std::string_view wanted);
    /// The name of part `part` (>= 2) of a sheet whose first worksheet is `base`:
    /// "<base> (part)", or the next free number if that is taken.
    std::string claim_continuation(std::string_view base, int part);

 private:
    std::string claim_from(std::string_view base, int first_number);
    std::set<std::string> used_;  // folded to lower case: Excel compares sheet names so
};

/// `text` for one field of a page header or footer: '&' doubled, line breaks and
/// other control characters made spaces, and cut (with "…") to at most `max_bytes`.
std::string page_field(std::string_view text, std::size_t max_bytes);

/// A calendar date a cell can show as a date.
struct ExcelDate {
    int year = 0;
    int month = 0;
    int day = 0;
};

/// The date in `text` if it is exactly a valid ISO date YYYY-MM-DD Excel can
/// show (year 1900 to 9999); nullopt otherwise.
std::optional<ExcelDate> parse_iso_date(std::string_view text);

}  // namespace asemdb::detail
