#pragma once
// Reads the cells of an xlsx workbook, as any spreadsheet program may have
// saved it (asemdb, Excel, LibreOffice, openpyxl): the sheets in order, each
// cell with its type as the file states it. Shared and inline strings, numbers,
// booleans, errors and formulas are told apart; a number in a date format
// (styles.xml: built-in 14-22, 27-36, 45-47, 50-58, or a custom format of days,
// months or years) is a date. The zip layer keeps to xlsx_zip.hpp's limits;
// a sheet past Excel's own (1,048,576 rows, 16,384 columns, 32,767 characters
// a cell) is refused.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

struct XlsxCell {
    enum class Type { Empty, Text, Number, Boolean, Date, Error };
    Type type = Type::Empty;
    std::string text;   ///< Text and Error as written; Date as YYYY-MM-DD (with THH:MM:SS past midnight)
    double number = 0;  ///< Number, Boolean (0 or 1), Date (the serial number)
    bool formula = false;
};

struct XlsxSheet {
    std::string name;
    bool hidden = false;
    /// Rows by 0-based index, each a row's cells by 0-based column; empty cells may be absent.
    std::map<std::uint32_t, std::map<std::uint32_t, XlsxCell>> rows;
};

inline constexpr std::uint32_t kExcelMaxColumns = 16384;

/// Excel's last column is XFD (kExcelMaxRows and kExcelMaxCellChars: render.hpp).
/// The sheets of the workbook in `bytes`, in the order the workbook lists them.
/// Throws Error{Io} naming `name` with one sentence: not an xlsx, a damaged zip
/// or XML, a zip bomb, a sheet past Excel's limits.
std::vector<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& name);
/// read_xlsx of the file at `file`. Throws Error{Io}.
std::vector<XlsxSheet> read_xlsx_file(const std::filesystem::path& file);

/// "F12" for 0-based row 11, column 5.
std::string cell_name(std::uint32_t row, std::uint32_t col);
/// "F" for 0-based column 5.
std::string column_name(std::uint32_t col);

}  // namespace asemdb::detail
