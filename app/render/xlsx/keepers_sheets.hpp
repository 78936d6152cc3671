#pragma once
// Writes a workbook meant to be edited and sent back (the keepers' workbook):
// a first sheet of instructions, then one sheet per table with its headings,
// typed cells, date columns, lists to choose closed values from, and the key
// columns marked; the lists themselves on a hidden sheet. The caller decides
// what the sheets hold; this file knows only how Excel shows them.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace asemdb::detail {

struct EditableCell {
    enum class Type { Empty, Text, Integer, Date };
    Type type = Type::Empty;
    std::string text;  ///< Text; Date as YYYY-MM-DD
    std::int64_t integer = 0;
};

struct EditableColumn {
    std::string heading;
    double width = 12;
    bool date = false;         ///< formatted as a date, also below the rows written
    std::string list_range;    ///< e.g. "=Lists!$A$2:$A$53": choose from a list
    std::string note;          ///< the prompt shown when a cell of the column is selected
};

struct EditableSheet {
    std::string name;
    std::vector<EditableColumn> columns;
    std::vector<std::vector<EditableCell>> rows;
};

struct EditableList {
    std::string heading;
    std::vector<std::string> values;
};

struct EditableBook {
    std::string instructions_sheet;
    std::vector<std::string> instructions;  ///< one paragraph a row
    std::vector<EditableSheet> sheets;
    std::string lists_sheet;
    std::vector<EditableList> lists;       ///< column A, B, ... of the lists sheet
};

/// The range formula of list `index` (0-based column) of `book`'s lists sheet.
std::string list_range(const EditableBook& book, std::size_t index);

/// Writes `book` to `out` (a temporary file the caller renames). Throws Error{Render}.
void write_editable_book(const std::filesystem::path& out, const EditableBook& book);

}  // namespace asemdb::detail
