#include "asemdb/changes/keepers_workbook.hpp"

#include "changes/keepers_tables.hpp"
#include "changes/workbook_diff.hpp"
#include "changes/workbook_rows.hpp"
#include "changes/xlsx_reader.hpp"
#include "render/xlsx/keepers_sheets.hpp"
#include "base/excel_rules.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/store/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/core.h>

#include <algorithm>

namespace asemdb {
namespace {

using namespace detail;

const std::vector<std::string> kInstructions = {
    "The keepers' workbook of the ASEM migration dialogue database",
    "Each sheet after this one is a table of the database. Edit the cells, add rows at the bottom, delete rows you "
    "want removed, then send the workbook back: 'asemdb change from-workbook' turns it into a change script for review.",
    "Key columns, headed '(key)', say which row is which: leave them as they are. A new row of a sheet whose key is "
    "an ID leaves the ID empty; asemdb numbers it.",
    "Dates are date cells; typed as text they must read YYYY-MM-DD (a meeting's start date may be YYYY-MM).",
    "Columns with a list (sides, roles, series, countries, sources, ...) take one of its values.",
    "Source: the key of the source (sheet Sources) that states the row's facts. Leave it empty to cite the change's "
    "own source (--source).",
    "Type values, not formulas. Do not rename sheets or headings; a column or sheet asemdb does not know is refused.",
};

EditableCell cell_for(const ColumnSpec& spec, const Value& value) {
    using Type = EditableCell::Type;
    if (!value) return {};
    if (spec.kind == ValueKind::Integer) return {Type::Integer, "", std::stoll(*value)};
    const bool date = spec.kind == ValueKind::Date || spec.kind == ValueKind::PartialDate;
    if (date && value->size() == 10 && parse_iso_date(*value)) return {Type::Date, *value, 0};
    return {Type::Text, *value, 0};
}

EditableColumn column_for(const EditableBook& book, const TableSpec& spec, std::size_t c) {
    const ColumnSpec& column = spec.columns[c];
    EditableColumn out{sheet_heading(spec, c), 14, false, "", ""};
    out.date = column.kind == ValueKind::Date || column.kind == ValueKind::PartialDate;
    if (column.kind == ValueKind::Text) out.width = column.required && c > 0 ? 40 : 24;
    const auto& lists = keepers_lists();
    for (std::size_t i = 0; i < lists.size(); ++i)
        if (lists[i].name == column.list) out.list_range = list_range(book, i);
    if (column.kind == ValueKind::Source) {
        out.list_range = "='Sources'!$A$2:$A$1000";
        out.note = "A key of the sheet Sources; empty: the change's own source.";
    }
    if (c < spec.key_columns)
        out.note = spec.numbered ? "The row's key: leave it as it is; empty for a new row." : "Part of the row's key.";
    return out;
}

EditableBook editable_book(SQLite::Database& db) {
    EditableBook book{kInstructionsSheet, kInstructions, {}, kListsSheet, {}};
    for (const ListSpec& list : keepers_lists()) book.lists.push_back({list.heading, column_values(db, list.query)});
    for (const TableSpec& spec : keepers_tables()) {
        EditableSheet& sheet = book.sheets.emplace_back(EditableSheet{spec.sheet, {}, {}});
        for (std::size_t c = 0; c < spec.columns.size(); ++c) sheet.columns.push_back(column_for(book, spec, c));
        for (const auto& values : read_table(db, spec)) {
            auto& row = sheet.rows.emplace_back();
            for (std::size_t c = 0; c < spec.columns.size(); ++c) row.push_back(cell_for(spec.columns[c], values[c]));
        }
    }
    return book;
}

}  // namespace

std::vector<std::pair<std::string, std::size_t>> export_keepers_workbook(Connection& db,
                                                                         const std::filesystem::path& database,
                                                                         const std::filesystem::path& out) {
    refuse_database_output(out, database);
    const EditableBook book = editable_book(db.db());
    AtomicOutput file(out);
    write_editable_book(file.temp_path(), book);
    file.commit();
    std::vector<std::pair<std::string, std::size_t>> sheets;
    for (const auto& sheet : book.sheets) sheets.emplace_back(sheet.name, sheet.rows.size());
    return sheets;
}

std::string review_text(const WorkbookChange& change) {
    if (change.empty()) return "no changes\n";
    std::string text;
    for (const auto& line : change.review) text += line + "\n";
    return text + fmt::format("{} added, {} changed, {} removed\n", change.added, change.changed, change.removed);
}

}  // namespace asemdb
