#include "render/xlsx/xlsx_renderer.hpp"

#include "asemdb/base/error.hpp"
#include "base/hex.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>

namespace asemdb {
namespace detail {
namespace {

// Doubles hold every integer up to 2^53 exactly; beyond that digits would be lost.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;
// One empty column between a table and a chart beside it.
constexpr std::size_t kChartGapPixels = 64;

using NumberText = std::array<char, 32>;

// The shortest text that reads back as the same number.
template <typename T>
std::string_view to_text(T value, NumberText& buffer) {
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return {buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())};
}

std::string cell_name(lxw_row_t row, lxw_col_t col) {
    char name[32];
    lxw_rowcol_to_cell(name, row, col);
    return name;
}

}  // namespace

void XlsxRenderer::begin_sheet(const SheetInfo& sheet) {
    sheet_ = sheet;
    header_row_ = sheet_.note.empty() ? 0 : 1;
    // Checked now, not at end_sheet, so a bad chart fails before any rows are written.
    if (sheet_.chart) workbook_.check_chart(*sheet_.chart, sheet_.name, sheet_.columns.size());
    widths_.assign(sheet_.columns.size(), 0);
    sampled_ = 0;
    for (std::size_t col = 0; col < sheet_.columns.size(); ++col) {
        measure(col, display_width(sheet_.columns[col].heading()) + 1);  // bold is wider
    }
    start_part();
}

void XlsxRenderer::row(std::span<const Cell> cells) {
    assert(cells.size() == sheet_.columns.size());
    // Every part holds a data row at least, below a note too.
    if (row_ >= max_rows_ && row_ > header_row_ + 1) {
        parts_.back().rows = row_;
        start_part();
    }
    const bool sample = sampled_ < kWidthSampleRows;
    row_lines_ = 1;
    rows_->begin_row(row_);
    const std::size_t count = std::min(cells.size(), sheet_.columns.size());
    for (std::size_t col = 0; col < count; ++col) {
        write_cell(static_cast<lxw_col_t>(col), cells[col]);
        if (sample) measure(col, shown_width(cells[col], sheet_.columns[col].format));
    }
    rows_->end_row();
    sampled_ += sample ? 1 : 0;
    ++row_;
    // Stops a long export at the first failed write instead of at close.
    workbook_.check_rows_written(ws_, ws_name_);
}

void XlsxRenderer::end_sheet(std::uint64_t) {
    parts_.back().rows = row_;
    // The row count is known only now, and constant_memory still accepts
    // autofilters, widths and charts after the rows: they are written at close.
    for (const Part& part : parts_) lay_out(part);
    // A chart plots one range of one worksheet: the first part's rows.
    const Part& first = parts_.front();
    const bool chart = sheet_.chart && first.rows > header_row_ + 1;
    const PrintPlan plan = plan_print(chart);
    for (const Part& part : parts_) workbook_.set_page_setup(part.ws, part.name, page_setup(plan.landscape, sheet_.title));
    if (chart) {
        const auto beside = static_cast<lxw_col_t>(sheet_.columns.size() + 1);  // one empty column between
        const lxw_row_t top = header_row_, last = first.rows - 1;
        if (plan.chart_beside) workbook_.insert_chart(first.ws, first.name, *sheet_.chart, top, last, top + 1, beside);
        else workbook_.insert_chart(first.ws, first.name, *sheet_.chart, top, last, first.rows + 1, 0);
    }
    parts_.clear();
}

void XlsxRenderer::start_part() {
    std::string name = parts_.empty() ? names_.claim(sheet_.tab.empty() ? sheet_.name : sheet_.tab)
                                      : names_.claim_continuation(parts_.front().name, static_cast<int>(parts_.size()) + 1);
    ws_ = workbook_.add_sheet(name);
    ws_name_ = name;
    parts_.push_back({ws_, std::move(name), 0});
    row_ = 0;
    if (header_row_ > 0) write_note();
    row_ = header_row_;
    for (std::size_t col = 0; col < sheet_.columns.size(); ++col) {
        write_string(static_cast<lxw_col_t>(col), sheet_.columns[col].heading(), workbook_.formats().bold);
    }
    row_ = header_row_ + 1;
    // Writes out the header the library holds (a note above it went out as the
    // header began); the data rows follow it from row_.
    rows_.emplace(ws_);
    // The note stays in sight with the header.
    worksheet_freeze_panes(ws_, header_row_ + 1, 0);
    // Codes and telephone numbers are text on purpose; Excel should not flag them.
    workbook_.check(worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, kWholeSheet), ws_name_,
                    "ignoring errors");
}

// A report's note, above the table and across it, in a row tall enough for
// the note wrapped within the columns shown. Only the headings' widths are known
// yet and the columns only grow, so the row may be taller than it needs, never short.
void XlsxRenderer::write_note() {
    const std::vector<bool> hidden = hidden_columns();
    double width = 0;
    for (std::size_t col = 0; col < widths_.size(); ++col)
        if (!hidden[col]) width += XlsxWorkbook::column_width(widths_[col]);
    const std::size_t lines = wrapped_lines(sheet_.note, width);
    const double height = std::min(kRowHeight * static_cast<double>(lines), kMaxRowHeight);
    workbook_.check(worksheet_set_row(ws_, row_, height, nullptr), ws_name_, "setting a row height");
    text_.assign(sheet_.note.substr(0, utf8_prefix_bytes(sheet_.note, kExcelMaxCellChars)));
    lxw_format* format = workbook_.formats().note;
    // Excel refuses a merged range of one cell.
    if (sheet_.columns.size() > 1) {
        const auto last = static_cast<lxw_col_t>(sheet_.columns.size() - 1);
        check_cell(worksheet_merge_range(ws_, row_, 0, row_, last, text_.c_str(), format), 0);
    } else {
        check_cell(worksheet_write_string(ws_, row_, 0, text_.c_str(), format), 0);
    }
}

void XlsxRenderer::lay_out(const Part& part) {
    if (sheet_.columns.empty()) return;
    const auto last_col = static_cast<lxw_col_t>(sheet_.columns.size() - 1);
    workbook_.check(worksheet_autofilter(part.ws, header_row_, 0, part.rows - 1, last_col), part.name,
                    "adding the autofilter");
    workbook_.fit_columns(part.ws, part.name, widths_, hidden_columns());
}

std::vector<bool> XlsxRenderer::hidden_columns() const {
    std::vector<bool> hidden;
    for (const Column& column : sheet_.columns) hidden.push_back(column.hidden);
    return hidden;
}

std::size_t XlsxRenderer::table_pixels() const {
    const std::vector<bool> hidden = hidden_columns();
    std::size_t pixels = 0;
    for (std::size_t col = 0; col < widths_.size(); ++col)
        if (col >= hidden.size() || !hidden[col]) pixels += column_pixels(XlsxWorkbook::column_width(widths_[col]));
    return pixels;
}

// Portrait when the table (and its chart beside it) fits across a portrait
// page; a chart goes below its table when it would not fit beside it.
XlsxRenderer::PrintPlan XlsxRenderer::plan_print(bool chart) const {
    const std::size_t table = table_pixels();
    const std::size_t with_chart = table + (chart ? kChartGapPixels + XlsxWorkbook::kChartWidthPixels : 0);
    const Paper paper = context_.paper;
    PrintPlan plan;
    switch (sheet_.orientation) {
        case Orientation::Portrait: plan.landscape = false; break;
        case Orientation::Landscape: plan.landscape = true; break;
        case Orientation::Auto: plan.landscape = table > printable_pixels(paper, false); break;
    }
    if (sheet_.orientation == Orientation::Auto && !plan.landscape && with_chart > printable_pixels(paper, false))
        plan.chart_beside = false;
    else plan.chart_beside = with_chart <= printable_pixels(paper, plan.landscape);
    return plan;
}

// The header names the report and the sheet (left) and what the report was run
// for (right), each on two lines so that both fit across a portrait page; the
// footer says when it was made and which page of how many.
PageSetup XlsxRenderer::page_setup(bool landscape, std::string_view sheet_title) const {
    PageSetup setup;
    setup.landscape = landscape;
    setup.paper = context_.paper;
    setup.title_rows = header_row_ + 1;
    const std::string& title = context_.title.empty() ? context_.id : context_.title;
    std::string as_of, others;
    for (const auto& [name, value] : context_.parameters) {
        if (name == context_.as_of_param) as_of = "As of " + value;
        else others += (others.empty() ? "" : "; ") + name + ": " + value;
    }
    if (as_of.empty()) std::swap(as_of, others);
    setup.header = "&L" + page_field(title, 90) + "\n" + page_field(sheet_title, 60) + "&R" +
                   page_field(as_of, 40) + (others.empty() ? "" : "\n" + page_field(others, 50));
    setup.footer = "&LGenerated " + fmt::format("{:%Y-%m-%d}", fmt::gmtime(context_.generated)) + "&RPage &P of &N";
    return setup;
}

void XlsxRenderer::write_cell(lxw_col_t col, const Cell& cell) {
    const ColumnFormat format = sheet_.columns[col].format;
    NumberText buffer;
    switch (cell.type) {
        case CellType::Null: return;
        case CellType::Integer:
            if (format == ColumnFormat::Text || cell.integer > kMaxExactInteger || cell.integer < -kMaxExactInteger) {
                return write_data_text(col, to_text(cell.integer, buffer));
            }
            return write_number(col, static_cast<double>(cell.integer), format);
        case CellType::Real:
            // Excel has no infinity or NaN: those stay text.
            if (format == ColumnFormat::Text || !std::isfinite(cell.real)) {
                return write_data_text(col, to_text(cell.real, buffer));
            }
            // An Integer column shows a real with its decimals rather than rounded.
            return write_number(col, cell.real, format == ColumnFormat::Integer ? ColumnFormat::Auto : format);
        case CellType::Text: return write_text(col, cell.text, format);
        case CellType::Blob: return write_data_text(col, to_hex(cell.text));
    }
}

void XlsxRenderer::write_number(lxw_col_t col, double value, ColumnFormat format) {
    const XlsxFormats& formats = workbook_.formats();
    lxw_format* shown = format == ColumnFormat::Integer ? formats.integer
                        : format == ColumnFormat::Number ? formats.number
                                                         : nullptr;
    check_cell(rows_->number(col, value, shown), col);
}

void XlsxRenderer::write_text(lxw_col_t col, std::string_view text, ColumnFormat format) {
    if (format == ColumnFormat::Auto || format == ColumnFormat::Date) {
        if (auto date = parse_iso_date(text)) {
            return check_cell(rows_->date(col, *date, workbook_.formats().date), col);
        }
    }
    // A text wider than the widest column would run over its neighbours and
    // past the printed page: it wraps, in a row tall enough for it.
    if (text.size() + 2 > kMaxColumnWidth) {
        const std::size_t lines = wrapped_lines(text, static_cast<double>(kMaxColumnWidth));
        if (lines > 1) {
            if (lines > row_lines_) {
                row_lines_ = lines;
                rows_->height(std::min(kRowHeight * static_cast<double>(lines), kMaxRowHeight));
            }
            return write_data_text(col, text, workbook_.formats().long_text);
        }
    }
    write_data_text(col, text);
}

void XlsxRenderer::write_data_text(lxw_col_t col, std::string_view text, lxw_format* format) {
    check_cell(rows_->text(col, text.substr(0, kept_bytes(col, text)), format), col);
}

// Headings and the About sheet go through libxlsxwriter, which wants a C string.
void XlsxRenderer::write_string(lxw_col_t col, std::string_view text, lxw_format* format) {
    text_.assign(text.substr(0, kept_bytes(col, text)));
    check_cell(worksheet_write_string(ws_, row_, col, text_.c_str(), format), col);
}

// The bytes of `text` Excel's limit on a cell keeps; a warning says when it cuts.
std::size_t XlsxRenderer::kept_bytes(lxw_col_t col, std::string_view text) const {
    // Code points never outnumber bytes: only long texts need counting.
    if (text.size() <= kExcelMaxCellChars) return text.size();
    const std::size_t keep = utf8_prefix_bytes(text, kExcelMaxCellChars);
    if (keep < text.size()) warn_truncated(col, text);
    return keep;
}

void XlsxRenderer::warn_truncated(lxw_col_t col, std::string_view text) const {
    if (!warn_) return;
    std::string column = cell_name(0, col);
    column.pop_back();  // "C1" -> "C"
    if (col < sheet_.columns.size()) column += " ('" + sheet_.columns[col].name + "')";
    warn_("xlsx sheet '" + ws_name_ + "', row " + std::to_string(row_ + 1) + ", column " + column + ": text of " +
          std::to_string(utf8_length(text)) + " characters cut to " + std::to_string(kExcelMaxCellChars) +
          ", Excel's limit for a cell");
}

void XlsxRenderer::check_cell(lxw_error code, lxw_col_t col) const {
    if (code != LXW_NO_ERROR) throw workbook_.error(code, "sheet '" + ws_name_ + "' cell " + cell_name(row_, col));
}

std::string_view XlsxRenderer::to_hex(std::string_view bytes) {
    hex_.clear();
    append_hex(hex_, bytes);
    return hex_;
}

}  // namespace detail

std::unique_ptr<RowSink> make_xlsx_renderer(const std::filesystem::path& file, const RenderOptions& options) {
    return std::make_unique<detail::XlsxRenderer>(file, options);
}

std::string xlsxwriter_version() { return lxw_version(); }

}  // namespace asemdb
