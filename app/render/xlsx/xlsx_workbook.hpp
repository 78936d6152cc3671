#pragma once
// The xlsx renderer's handle on libxlsxwriter: the one owner of a lxw_workbook*,
// its shared cell formats, page setup and column widths. Excel's own rules on
// names, header fields and dates: base/excel_rules.hpp.

#include "asemdb/base/error.hpp"
#include "asemdb/engine/row.hpp"
#include "base/excel_rules.hpp"
#include "render/xlsx/xlsx_internals.hpp"

#include <xlsxwriter.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

/// The widest a column gets, in characters; a longer text wraps (see long_text).
inline constexpr std::size_t kMaxColumnWidth = 60;
/// Excel's tallest row, in points.
inline constexpr double kMaxRowHeight = 409;

/// Document properties; libxlsxwriter copies them, so these may be temporaries.
struct XlsxProperties {
    std::string title;
    std::string subject;
    std::string author = "asemdb";
    std::time_t created = 0;  ///< 0: libxlsxwriter uses the current time
};

/// The formats every sheet shares; created once per workbook, owned by it.
struct XlsxFormats {
    lxw_format* bold = nullptr;
    lxw_format* label = nullptr;    ///< bold, wrapped, at the top of its cell: beside wrapped text
    lxw_format* wrap = nullptr;     ///< text wrapped within the column, at the top of its cell
    lxw_format* long_text = nullptr;  ///< text wrapped within the column, aligned like its row's other cells
    lxw_format* date = nullptr;     ///< yyyy-mm-dd
    lxw_format* number = nullptr;   ///< #,##0.00
    lxw_format* integer = nullptr;  ///< 0
    lxw_format* note = nullptr;     ///< a report's note above a table: italic, wrapped, on a pale fill
};

/// How a worksheet prints: set up by the renderer from the data, overridable in a manifest.
struct PageSetup {
    bool landscape = false;
    Paper paper = Paper::A4;
    std::string header;  ///< Excel's header codes (&L, &C, &R), text already escaped: see page_field()
    std::string footer;
    lxw_row_t title_rows = 1;  ///< the rows printed atop every page: the header, and a note above it
};

/// Pixels a column `width` characters wide takes (Excel's default font).
std::size_t column_pixels(double width);
/// Pixels of a page's width that the printed columns may take, between the margins.
std::size_t printable_pixels(Paper paper, bool landscape);
/// Owns a constant_memory workbook writing to `out`, with its temporary files
/// in the directory of `out`. Movable neither way: worksheets point into it.
class XlsxWorkbook {
 public:
    /// Throws Error{Render} when the directory of `out` does not exist or the
    /// workbook cannot be created. Nothing is written to `out` before close().
    explicit XlsxWorkbook(const std::filesystem::path& out);
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;
    /// Closes a workbook that close() never finished and removes its file; never throws.
    ~XlsxWorkbook();

    /// Throws Error{Render}. REQUIRES: the workbook is open.
    void set_properties(const XlsxProperties& properties);
    /// A new worksheet named exactly `name` (see SheetNamer); a borrowed pointer.
    /// Throws Error{Render} naming the sheet if libxlsxwriter rejects it.
    lxw_worksheet* add_sheet(const std::string& name);
    /// A new chart of an LXW_CHART_* type; borrowed. Throws Error{Render}.
    lxw_chart* add_chart(std::uint8_t type);
    const XlsxFormats& formats() const { return formats_; }
    /// Throws Error{Render} if `spec` names an unknown type or a column outside
    /// the sheet's `columns`, or has no value column.
    void check_chart(const ChartSpec& spec, const std::string& sheet, std::size_t columns) const;
    /// Charts `spec` from the data rows header_row+1..last_row of `ws` (named `sheet`),
    /// placed at row `row`, column `col`. REQUIRES: check_chart(spec, ...) passed. Throws Error{Render}.
    void insert_chart(lxw_worksheet* ws, const std::string& sheet, const ChartSpec& spec, lxw_row_t header_row,
                      lxw_row_t last_row, lxw_row_t row, lxw_col_t col);
    /// The size of a chart insert_chart places, in pixels.
    static constexpr std::size_t kChartWidthPixels = 480;
    /// Throws Error{Render} naming `sheet` and the system's reason if a write of
    /// its rows to the temporary file failed (a full disk, a file-size limit).
    void check_rows_written(lxw_worksheet* ws, const std::string& sheet) const;
    /// Sets column i of `ws` to column_width(widths[i]), hidden where hidden[i] (if given),
    /// and formatted with `format` (if given).
    void fit_columns(lxw_worksheet* ws, const std::string& sheet, const std::vector<std::size_t>& widths,
                     const std::vector<bool>& hidden = {}, lxw_format* format = nullptr) const;
    /// Sets column `col` of `ws` to `width` characters and `format`. Throws Error{Render}.
    void set_column(lxw_worksheet* ws, const std::string& sheet, lxw_col_t col, double width, lxw_format* format) const;
    /// The width, in characters, fit_columns gives a column whose widest value is `measured` wide.
    static double column_width(std::size_t measured);
    /// Applies `setup` to `ws`: fit to one page wide, orientation, paper, margins, header, footer,
    /// and the title rows printed atop every page.
    void set_page_setup(lxw_worksheet* ws, const std::string& sheet, const PageSetup& setup) const;
    /// Writes the file and reads it back whole (see xlsx_readback.hpp). On
    /// failure removes a file it created and throws Error{Render}.
    void close();

    /// The Error for a failed libxlsxwriter call: the output path, `action` and lxw_strerror().
    Error error(lxw_error code, const std::string& action) const;
    /// An Error{Render} naming the output path.
    Error error(const std::string& detail) const;
    /// Throws error(code, "sheet '<sheet>': <action>") unless `code` is LXW_NO_ERROR.
    void check(lxw_error code, const std::string& sheet, const char* action) const;
    const std::filesystem::path& path() const { return path_; }

 private:
    struct Closer {
        void operator()(lxw_workbook* wb) const noexcept;
    };
    struct Sheet {
        lxw_worksheet* ws;
        std::string name;
    };
    void add_formats();
    /// workbook_close(), which frees the workbook whatever it returns; the row
    /// files' buffers are freed only where their streams are closed.
    lxw_error close_workbook() noexcept;
    void remove_unless(bool existed) const noexcept;

    std::filesystem::path path_;
    std::vector<Sheet> sheets_;
    std::vector<lxw::RowFileBuffer> row_buffers_;  // one per sheet
    std::string tmpdir_;  // kept alive for the workbook's options
    std::unique_ptr<lxw_workbook, Closer> wb_;
    XlsxFormats formats_;
};

/// The characters `cell` takes on screen in a column of `format`, to size the column.
std::size_t shown_width(const Cell& cell, ColumnFormat format);

}  // namespace asemdb::detail
