#pragma once
// A worksheet's data rows written the way libxlsxwriter's constant_memory mode
// writes them, byte for byte, straight into the sheet's row file.
//
// Through the library each cell is allocated, copied, escaped into two more
// allocations (the first seven times the text's length) and printed with
// fprintf; that made writing the rows cost more than reading them from SQLite.
// Here a row is formatted into a reused buffer and written with one call.
// The XML is the library's own (tests/test_xlsx_rows.cpp compares the two for
// a catalogue of cells), so its close copies these rows like any others.
//
// That direct path reaches into the library's worksheet (xlsx_internals.hpp)
// and is built only for a library it has been compared with; otherwise, and
// with -DASEMDB_XLSX_PUBLIC_API=ON, each cell goes through the library's API
// (worksheet_write_number and the like), as slow as before and as correct.

#include "base/excel_rules.hpp"

#include <xlsxwriter.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

/// Streams the data rows of one constant_memory worksheet after the row the
/// library holds for it (the header). Rows are written in increasing order;
/// once this exists, no cell of the sheet may be written through libxlsxwriter.
class XlsxRowWriter {
 public:
    /// Writes out the row libxlsxwriter holds for `ws`, so that these rows follow it.
    /// REQUIRES: `ws` is a constant_memory worksheet on which no later row was written.
    explicit XlsxRowWriter(lxw_worksheet* ws);

    /// Starts row `row` (counted from 0), after any row begun before.
    void begin_row(lxw_row_t row);
    /// The cells of the row begun, in increasing columns. Each returns
    /// LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE past Excel's last row or column,
    /// and LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED for a text over 32,767 characters;
    /// a refused cell leaves the sheet's extent as it was (the library's grows).
    lxw_error number(lxw_col_t col, double value, lxw_format* format = nullptr);
    lxw_error date(lxw_col_t col, ExcelDate date, lxw_format* format);
    /// `text` up to its first NUL, as the library reads a C string; an empty
    /// text is no cell unless it has a format.
    lxw_error text(lxw_col_t col, std::string_view text, lxw_format* format = nullptr);
    /// The row's height in points; Excel's default unless set. REQUIRES: points > 0
    /// (to the library, a height of 0 means a hidden row, which this does not write).
    void height(double points) {
        assert(points > 0);
        height_ = points;
    }
    /// Writes the row begun into the row file: nothing if it has neither cells nor a height.
    void end_row();

 private:
    lxw_error cell_start(lxw_col_t col, lxw_format* format);
    const std::string& column_name(lxw_col_t col);
    lxw_error write_number(lxw_col_t col, double value, lxw_format* format);
    lxw_error write_text(lxw_col_t col, std::string_view text, lxw_format* format);
    void write_row();

    lxw_worksheet* ws_;
    std::FILE* row_file_;  // the direct path's; null: each cell through the library's API
    lxw_row_t row_ = 0;
    double height_ = LXW_DEF_ROW_HEIGHT;
    std::string row_name_;  // row_ + 1, as cell references show it
    std::string cells_;     // the cells of the row begun
    std::string tag_;       // its <row> element
    std::vector<std::string> column_names_;  // "A", "B", …, filled as columns are met
    std::string c_text_;    // the NUL-terminated copy the library's API wants of a text
};

}  // namespace asemdb::detail
