#include "render/xlsx/keepers_sheets.hpp"

#include "render/xlsx/xlsx_workbook.hpp"
#include "base/excel_rules.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace asemdb::detail {
namespace {

// Rows below the data that still offer the lists and date formats, for new rows.
constexpr lxw_row_t kRowsForNew = 500;

void write_cell(XlsxWorkbook& wb, lxw_worksheet* ws, const std::string& sheet, lxw_row_t r, lxw_col_t c,
                const EditableCell& cell) {
    using Type = EditableCell::Type;
    if (cell.type == Type::Text) {
        wb.check(worksheet_write_string(ws, r, c, cell.text.c_str(), nullptr), sheet, "write a cell");
    } else if (cell.type == Type::Integer) {
        wb.check(worksheet_write_number(ws, r, c, static_cast<double>(cell.integer), wb.formats().integer), sheet,
                 "write a cell");
    } else if (cell.type == Type::Date) {
        const auto d = parse_iso_date(cell.text);
        lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0};
        wb.check(worksheet_write_datetime(ws, r, c, &dt, wb.formats().date), sheet, "write a date");
    }
}

// A list to choose from (if the column has one) and the column's note, shown
// when one of its cells is selected; Excel allows one validation a cell.
void add_validation(XlsxWorkbook& wb, lxw_worksheet* ws, const std::string& sheet, lxw_col_t c, lxw_row_t last,
                    const EditableColumn& column) {
    lxw_data_validation v{};
    std::string formula = column.list_range, title = column.heading.substr(0, 32);
    std::string message = column.note.substr(0, 255), error = "Choose a value from the list.";
    v.validate = formula.empty() ? LXW_VALIDATION_TYPE_ANY : LXW_VALIDATION_TYPE_LIST_FORMULA;
    if (!formula.empty()) {
        v.value_formula = formula.data();
        v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        v.error_title = title.data();
        v.error_message = error.data();
    }
    if (!message.empty()) {
        v.input_title = title.data();
        v.input_message = message.data();
    }
    wb.check(worksheet_data_validation_range(ws, 1, c, last, c, &v), sheet, "add a list");
}

void write_table(XlsxWorkbook& wb, const EditableSheet& sheet) {
    lxw_worksheet* ws = wb.add_sheet(sheet.name);
    const lxw_row_t last = static_cast<lxw_row_t>(sheet.rows.size()) + kRowsForNew;
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
        const EditableColumn& column = sheet.columns[c];
        wb.set_column(ws, sheet.name, static_cast<lxw_col_t>(c), column.width, column.date ? wb.formats().date : nullptr);
    }
    for (std::size_t c = 0; c < sheet.columns.size(); ++c)
        wb.check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.columns[c].heading.c_str(), wb.formats().bold),
                 sheet.name, "write a heading");
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c)
            write_cell(wb, ws, sheet.name, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), sheet.rows[r][c]);
    wb.check_rows_written(ws, sheet.name);
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
        const EditableColumn& column = sheet.columns[c];
        if (!column.list_range.empty() || !column.note.empty())
            add_validation(wb, ws, sheet.name, static_cast<lxw_col_t>(c), last, column);
    }
    worksheet_freeze_panes(ws, 1, 1);
    wb.check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                                  static_cast<lxw_col_t>(sheet.columns.size() - 1)),
             sheet.name, "add a filter");
}

void write_instructions(XlsxWorkbook& wb, const EditableBook& book) {
    lxw_worksheet* ws = wb.add_sheet(book.instructions_sheet);
    wb.set_column(ws, book.instructions_sheet, 0, 110, wb.formats().wrap);
    for (std::size_t r = 0; r < book.instructions.size(); ++r)
        wb.check(worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, book.instructions[r].c_str(),
                                        r == 0 ? wb.formats().bold : wb.formats().wrap),
                 book.instructions_sheet, "write the instructions");
    worksheet_activate(ws);
}

void write_lists(XlsxWorkbook& wb, const EditableBook& book) {
    lxw_worksheet* ws = wb.add_sheet(book.lists_sheet);
    std::size_t rows = 0;
    for (const auto& list : book.lists) rows = std::max(rows, list.values.size());
    for (std::size_t c = 0; c < book.lists.size(); ++c) wb.set_column(ws, book.lists_sheet, static_cast<lxw_col_t>(c), 24, nullptr);
    for (std::size_t c = 0; c < book.lists.size(); ++c)
        wb.check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), book.lists[c].heading.c_str(), wb.formats().bold),
                 book.lists_sheet, "write a list");
    // constant_memory writes row by row, so the lists go across, a row at a time.
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < book.lists.size(); ++c)
            if (r < book.lists[c].values.size())
                wb.check(worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                                                book.lists[c].values[r].c_str(), nullptr),
                         book.lists_sheet, "write a list");
    worksheet_hide(ws);
}

}  // namespace

std::string list_range(const EditableBook& book, std::size_t index) {
    const std::size_t n = std::max<std::size_t>(book.lists[index].values.size(), 1);
    std::string col(1, static_cast<char>('A' + index));
    return fmt::format("='{}'!${}$2:${}${}", book.lists_sheet, col, col, n + 1);
}

void write_editable_book(const std::filesystem::path& out, const EditableBook& book) {
    XlsxWorkbook wb(out);
    XlsxProperties properties;
    properties.title = book.instructions.empty() ? "" : book.instructions.front();
    wb.set_properties(properties);
    write_instructions(wb, book);
    for (const auto& sheet : book.sheets) write_table(wb, sheet);
    write_lists(wb, book);
    wb.close();
}

}  // namespace asemdb::detail
