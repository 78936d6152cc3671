#pragma once
// One sheet of an edited keepers' workbook read against its table's
// description: headings found, each cell turned into the value the database
// would hold, and every problem named by its sheet and cell.

#include "changes/keepers_tables.hpp"
#include "changes/xlsx_reader.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace asemdb::detail {

/// "Coordinators!F12: end date 2024-01-01 is before start date 2024-06-30".
struct Problem {
    std::string place;  ///< "Coordinators!F12", "Coordinators" or "workbook"
    std::string reason;
};

/// The closed sets, by ListSpec::name, plus "sources".
using ClosedSets = std::map<std::string, std::set<std::string>>;

struct SheetRow {
    std::uint32_t row = 0;      ///< 0-based row on the sheet
    std::vector<Value> values;  ///< one per ColumnSpec
};

struct SheetTable {
    const TableSpec* spec = nullptr;
    std::string sheet;                 ///< as the workbook names it
    std::vector<std::uint32_t> column; ///< sheet column of each ColumnSpec
    std::vector<SheetRow> rows;
    /// "Coordinators!F12" for spec column `c` of `row`.
    std::string place(const SheetRow& row, std::size_t c) const;
};

/// The heading column `c` of `spec` has on the sheet: key columns say so.
std::string sheet_heading(const TableSpec& spec, std::size_t c);

/// Reads `sheet` as `spec`'s table; problems are appended to `problems`.
SheetTable read_sheet_table(const XlsxSheet& sheet, const TableSpec& spec, const ClosedSets& sets,
                            std::vector<Problem>& problems);

}  // namespace asemdb::detail
