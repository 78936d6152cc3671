#include "render/xlsx/xlsx_workbook.hpp"

#include "asemdb/base/text.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"
#include "render/xlsx/xlsx_internals.hpp"
#include "render/xlsx/xlsx_readback.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace asemdb::detail {
namespace {

constexpr std::size_t kMinColumnWidth = 6;
constexpr double kPixelsPerChar = 7;
constexpr double kPixelsPerInch = 96;
// Margins in inches: narrower than Excel's 0.7 at the sides, so more of a wide table fits.
constexpr double kSideMargin = 0.5;
constexpr double kTopBottomMargin = 0.9;  // room for a header of two lines
// Excel's paper sizes.
constexpr std::uint8_t kPaperLetter = 1;
constexpr std::uint8_t kPaperA4 = 9;
// The pale yellow of a note, light enough to print legibly in black and white.
constexpr lxw_color_t kNoteFill = 0xFFF2CC;
// Past this many bytes a text is wider than any column gets.
constexpr std::size_t kWidthProbeBytes = 256;
// Excel's General format shows a number in about this many characters.
constexpr std::size_t kGeneralWidth = 11;

Where at_file(const std::filesystem::path& file) {
    Where where;
    where.file = file.string();
    return where;
}

template <typename T>
std::size_t text_length(T value) {
    std::array<char, 32> buffer;
    return static_cast<std::size_t>(std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr -
                                    buffer.data());
}

// "#,##0.00" adds a separator per three digits and two decimals.
std::size_t grouped(std::size_t digits) { return digits + digits / 3 + 3; }

// Counted, not printed: to_chars would switch to an exponent for large values.
std::size_t integer_digits(double value) {
    const double magnitude = std::fabs(value);
    const std::size_t digits = magnitude < 10 ? 1 : static_cast<std::size_t>(std::log10(magnitude)) + 1;
    return digits + (value < 0 ? 1 : 0);
}

std::optional<std::uint8_t> chart_type(std::string_view type) {
    if (type == "column") return LXW_CHART_COLUMN;
    if (type == "bar") return LXW_CHART_BAR;
    if (type == "line") return LXW_CHART_LINE;
    if (type == "pie") return LXW_CHART_PIE;
    return std::nullopt;
}

// Beyond a worksheet's rows, its part holds a header and a footer.
constexpr std::uint64_t kPartMargin = 1 << 20;
// The least a worksheet part adds to its rows: "<sheetData></sheetData></worksheet>".
constexpr std::uint64_t kPartMinExtra = 35;

// Claims `bytes` in `dir` for a moment, so that a full disk or a file-size limit
// shows now, as the system's reason, rather than as a part cut short later.
// Nothing is said where the file system cannot preallocate.
std::optional<std::string> missing_room(const std::string& dir, std::uint64_t bytes) {
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);  // unnamed: nothing to clean up
    if (fd < 0) return std::nullopt;
    const int rc = ::fallocate(fd, 0, 0, static_cast<off_t>(bytes));
    const int cause = rc == 0 ? 0 : errno;
    ::close(fd);
    if (rc == 0 || cause == EOPNOTSUPP || cause == ENOSYS) return std::nullopt;
    return std::generic_category().message(cause);
}

}  // namespace

void XlsxWorkbook::Closer::operator()(lxw_workbook* wb) const noexcept { workbook_close(wb); }

XlsxWorkbook::XlsxWorkbook(const std::filesystem::path& out) : path_(out) {
    // libxlsxwriter would only notice a missing directory at close, after all the work.
    const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw Error(ErrorKind::Render, at_file(path_), "cannot create the workbook: directory '" + dir.string() +
                                                           "' does not exist");
    }
    // Temporary files beside the output, not in /tmp: /tmp may be a small tmpfs.
    tmpdir_ = dir.string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    wb_.reset(workbook_new_opt(path_.c_str(), &options));
    if (!wb_) throw error(LXW_ERROR_MEMORY_MALLOC_FAILED, "cannot create the workbook");
    add_formats();
}

XlsxWorkbook::~XlsxWorkbook() {
    if (!wb_) return;
    // Still open means an exception unwound past the renderer: closing frees the
    // workbook and its temporary files, but what it writes is half a report.
    std::error_code ec;
    const bool existed = std::filesystem::exists(path_, ec);
    close_workbook();
    if (!existed) std::filesystem::remove(path_, ec);
}

lxw_error XlsxWorkbook::close_workbook() noexcept { return lxw::close_workbook(wb_.release(), row_buffers_); }

void XlsxWorkbook::add_formats() {
    formats_.bold = workbook_add_format(wb_.get());
    formats_.label = workbook_add_format(wb_.get());
    formats_.wrap = workbook_add_format(wb_.get());
    formats_.long_text = workbook_add_format(wb_.get());
    formats_.date = workbook_add_format(wb_.get());
    formats_.number = workbook_add_format(wb_.get());
    formats_.integer = workbook_add_format(wb_.get());
    formats_.note = workbook_add_format(wb_.get());
    if (!formats_.bold || !formats_.label || !formats_.wrap || !formats_.long_text || !formats_.date ||
        !formats_.number || !formats_.integer || !formats_.note) {
        throw error(LXW_ERROR_MEMORY_MALLOC_FAILED, "cannot create cell formats");
    }
    format_set_bold(formats_.bold);
    format_set_bold(formats_.label);
    format_set_text_wrap(formats_.label);
    format_set_align(formats_.label, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(formats_.wrap);
    format_set_align(formats_.wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(formats_.long_text);
    format_set_num_format(formats_.date, "yyyy-mm-dd");
    format_set_num_format(formats_.number, "#,##0.00");
    format_set_num_format(formats_.integer, "0");
    // A workbook's styles list only the formats its cells use: this one changes
    // nothing in a workbook without a note.
    format_set_italic(formats_.note);
    format_set_text_wrap(formats_.note);
    format_set_align(formats_.note, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(formats_.note, kNoteFill);
}

void XlsxWorkbook::set_properties(const XlsxProperties& properties) {
    assert(wb_);
    // lxw_doc_properties wants char*; libxlsxwriter copies the strings.
    std::string title = properties.title, subject = properties.subject, author = properties.author;
    lxw_doc_properties props{};
    props.title = title.data();
    props.subject = subject.data();
    props.author = author.data();
    props.created = properties.created;
    if (const lxw_error code = workbook_set_properties(wb_.get(), &props); code != LXW_NO_ERROR) {
        throw error(code, "cannot set the document properties");
    }
}

lxw_worksheet* XlsxWorkbook::add_sheet(const std::string& name) {
    assert(wb_);
    if (const lxw_error code = workbook_validate_sheet_name(wb_.get(), name.c_str()); code != LXW_NO_ERROR) {
        throw error(code, "worksheet name '" + name + "'");
    }
    lxw_worksheet* sheet = workbook_add_worksheet(wb_.get(), name.c_str());
    if (!sheet) throw error(LXW_ERROR_CREATING_TMPFILE, "cannot add worksheet '" + name + "'");
    sheets_.push_back({sheet, name});
    row_buffers_.push_back(lxw::buffer_row_file(sheet));
    return sheet;
}

lxw_chart* XlsxWorkbook::add_chart(std::uint8_t type) {
    assert(wb_);
    lxw_chart* chart = workbook_add_chart(wb_.get(), type);
    if (!chart) throw error(LXW_ERROR_MEMORY_MALLOC_FAILED, "cannot add a chart");
    return chart;
}

void XlsxWorkbook::check_chart(const ChartSpec& spec, const std::string& sheet, std::size_t columns) const {
    if (!chart_type(spec.type)) {
        throw error("sheet '" + sheet + "': unknown chart type '" + spec.type + "' (expected column, bar, line or pie)");
    }
    const auto in_range = [columns](std::size_t col) { return col < columns; };
    if (!in_range(spec.category_column) || spec.value_columns.empty() ||
        !std::all_of(spec.value_columns.begin(), spec.value_columns.end(), in_range)) {
        throw error("sheet '" + sheet + "': the chart needs a category column and at least one value column " +
                    "among the sheet's " + std::to_string(columns) + " columns (counted from 0)");
    }
}

void XlsxWorkbook::insert_chart(lxw_worksheet* ws, const std::string& sheet, const ChartSpec& spec,
                                lxw_row_t header_row, lxw_row_t last_row, lxw_row_t at_row, lxw_col_t at_col) {
    lxw_chart* chart = add_chart(*chart_type(spec.type));
    const auto category = static_cast<lxw_col_t>(spec.category_column);
    for (const std::size_t value : spec.value_columns) {
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        if (!series) throw error(LXW_ERROR_MEMORY_MALLOC_FAILED, "sheet '" + sheet + "': cannot add a chart series");
        const auto col = static_cast<lxw_col_t>(value);
        // Ranges, not copied values: constant_memory keeps no rows to copy, and
        // spreadsheet programs read the cells when they open the file.
        chart_series_set_categories(series, sheet.c_str(), header_row + 1, category, last_row, category);
        chart_series_set_values(series, sheet.c_str(), header_row + 1, col, last_row, col);
        chart_series_set_name_range(series, sheet.c_str(), header_row, col);
    }
    if (!spec.title.empty()) chart_title_set_name(chart, spec.title.c_str());
    check(worksheet_insert_chart(ws, at_row, at_col, chart), sheet, "inserting the chart");
}

void XlsxWorkbook::check_rows_written(lxw_worksheet* ws, const std::string& sheet) const {
    // Rows reach this file through unchecked stdio calls (libxlsxwriter's and
    // XlsxRowWriter's); the stream's error flag is the only trace of a failed write.
    // Through the library's API (lxw::direct_rows() false) the row file is out of reach.
    if (std::FILE* rows = lxw::row_file(ws); rows && std::ferror(rows)) {
        const int cause = errno;
        throw error("sheet '" + sheet + "': writing its rows failed: " + std::generic_category().message(cause));
    }
}

void XlsxWorkbook::fit_columns(lxw_worksheet* ws, const std::string& sheet, const std::vector<std::size_t>& widths,
                               const std::vector<bool>& hidden, lxw_format* format) const {
    for (std::size_t col = 0; col < widths.size(); ++col) {
        lxw_row_col_options options{};
        options.hidden = col < hidden.size() && hidden[col] ? LXW_TRUE : LXW_FALSE;
        const auto c = static_cast<lxw_col_t>(col);
        check(worksheet_set_column_opt(ws, c, c, column_width(widths[col]), format, &options), sheet,
              "setting column widths");
    }
}

void XlsxWorkbook::set_column(lxw_worksheet* ws, const std::string& sheet, lxw_col_t col, double width,
                              lxw_format* format) const {
    check(worksheet_set_column(ws, col, col, width, format), sheet, "setting column widths");
}

double XlsxWorkbook::column_width(std::size_t measured) {
    return static_cast<double>(std::clamp(measured + 2, kMinColumnWidth, kMaxColumnWidth));
}

void XlsxWorkbook::set_page_setup(lxw_worksheet* ws, const std::string& sheet, const PageSetup& setup) const {
    if (setup.landscape) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_set_paper(ws, setup.paper == Paper::Letter ? kPaperLetter : kPaperA4);
    worksheet_set_margins(ws, kSideMargin, kSideMargin, kTopBottomMargin, kTopBottomMargin);
    // One page wide, as many tall as the rows need (0: no limit).
    worksheet_fit_to_pages(ws, 1, 0);
    check(worksheet_repeat_rows(ws, 0, setup.title_rows - 1), sheet, "repeating the header row");
    check(worksheet_set_header(ws, setup.header.c_str()), sheet, "setting the page header");
    check(worksheet_set_footer(ws, setup.footer.c_str()), sheet, "setting the page footer");
}

std::size_t column_pixels(double width) {
    // Excel's rule for its default font: 7 pixels a character and 5 of padding.
    return static_cast<std::size_t>(width * kPixelsPerChar) + 5;
}

std::size_t printable_pixels(Paper paper, bool landscape) {
    const double short_side = paper == Paper::Letter ? 8.5 : 8.27;  // inches
    const double long_side = paper == Paper::Letter ? 11.0 : 11.69;
    return static_cast<std::size_t>(((landscape ? long_side : short_side) - 2 * kSideMargin) * kPixelsPerInch);
}

void XlsxWorkbook::close() {
    assert(wb_);
    std::error_code ec;
    const bool existed = std::filesystem::exists(path_, ec);
    // Each worksheet part must hold at least the rows its temporary file holds;
    // the pending last row is written first so the file is complete.
    std::vector<ExpectedPart> parts;
    std::uint64_t largest = 0;
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
        std::FILE* row_file = lxw::row_file(sheets_[i].ws);
        if (!row_file) continue;
        lxw::write_held_row(sheets_[i].ws);
        std::fflush(row_file);  // a failure sets the error flag checked next
        check_rows_written(sheets_[i].ws, sheets_[i].name);
        const off_t written = ftello(row_file);
        const std::uint64_t rows = written > 0 ? static_cast<std::uint64_t>(written) : 0;
        // The workbook holds worksheets only, numbered in the order they were added.
        parts.push_back({"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", rows + kPartMinExtra});
        largest = std::max(largest, rows);
    }
    // Closing copies each worksheet's rows into another temporary file, unchecked.
    if (auto reason = missing_room(tmpdir_, largest + kPartMargin)) {
        throw error("no room to assemble the workbook (" + std::to_string((largest + kPartMargin) >> 20) +
                    " MiB needed beside it): " + *reason);
    }
    const lxw_error code = close_workbook();
    if (code != LXW_NO_ERROR) {
        // A failure after the zip was opened leaves a partial file; never one we did not create.
        remove_unless(existed);
        throw error(code, "cannot write the workbook");
    }
    if (auto problem = check_workbook_file(path_, parts)) {
        remove_unless(existed);
        throw error("the workbook did not read back whole: " + *problem + " (a full disk or a file-size limit?)");
    }
}

void XlsxWorkbook::remove_unless(bool existed) const noexcept {
    std::error_code ec;
    if (!existed) std::filesystem::remove(path_, ec);
}

Error XlsxWorkbook::error(lxw_error code, const std::string& action) const {
    return error(action + ": " + lxw_strerror(code));
}

Error XlsxWorkbook::error(const std::string& detail) const { return Error(ErrorKind::Render, at_file(path_), detail); }

void XlsxWorkbook::check(lxw_error code, const std::string& sheet, const char* action) const {
    if (code != LXW_NO_ERROR) throw error(code, "sheet '" + sheet + "': " + action);
}

std::size_t shown_width(const Cell& cell, ColumnFormat format) {
    const bool group = format == ColumnFormat::Number;
    switch (cell.type) {
        case CellType::Null: return 0;
        case CellType::Integer: return group ? grouped(text_length(cell.integer)) : text_length(cell.integer);
        case CellType::Real:
            if (!std::isfinite(cell.real)) return text_length(cell.real);
            return group ? grouped(integer_digits(cell.real)) : std::min(text_length(cell.real), kGeneralWidth);
        case CellType::Text: return display_width(cell.text.substr(0, kWidthProbeBytes));
        case CellType::Blob: return cell.text.size() * 2;
    }
    return 0;
}

}  // namespace asemdb::detail
