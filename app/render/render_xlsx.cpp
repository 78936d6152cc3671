#include "asemdb/render/render.hpp"

#include "base/hex.hpp"
#include "base/text_width.hpp"
#include "render/xlsx_rows.hpp"
#include "render/xlsx_workbook.hpp"
#include "base/utf8.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb {
namespace {

// Doubles hold every integer up to 2^53 exactly; beyond that digits would be lost.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;
constexpr const char* kAboutSheet = "About";
constexpr const char* kWholeSheet = "A1:XFD1048576";
// One empty column between a table and a chart beside it.
constexpr std::size_t kChartGapPixels = 64;
// The parameter a page header shows on a line of its own, as "As of <date>".
constexpr std::string_view kAsOfParameter = "as_of";
// The About sheet's columns, in characters: label, value, detail (a source's
// reference). Longer texts wrap, so the sheet prints one portrait page wide.
constexpr std::array<double, 3> kAboutWidths = {20, 46, 56};
// Excel's default row height, in points.
constexpr double kRowHeight = 15;

std::size_t wrapped_lines(std::string_view text, double width);

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

class XlsxRenderer final : public RowSink {
 public:
    XlsxRenderer(const std::filesystem::path& file, const RenderOptions& options)
        : workbook_(file),
          warn_(options.warn),
          // A worksheet holds at least the header and one row, and at most what Excel opens.
          max_rows_(static_cast<lxw_row_t>(std::clamp<std::uint64_t>(options.max_rows_per_sheet, 2, kExcelMaxRows))),
          // "About" is ours; Excel itself refuses a sheet named "History".
          names_({kAboutSheet, "History"}) {}

    void begin_report(const ReportContext& context) override {
        context_ = context;
        workbook_.set_properties({context.title, context.description, "asemdb", context.generated});
    }
    void begin_sheet(const SheetInfo& sheet) override;
    void row(std::span<const Cell> cells) override;
    void end_sheet(std::uint64_t rows) override;
    void summary(const std::string& text) override { summary_ = text; }
    bool shows_fingerprint() const override { return true; }
    void fingerprint(const std::string& sha256) override { context_.fingerprint = sha256; }
    void end_report() override {
        write_about();
        workbook_.close();
    }

 private:
    // One worksheet of a report sheet: a long sheet continues on several.
    struct Part {
        lxw_worksheet* ws = nullptr;
        std::string name;
        lxw_row_t rows = 0;  // header included
    };

    void start_part();
    void lay_out(const Part& part);
    void write_cell(lxw_col_t col, const Cell& cell);
    void write_number(lxw_col_t col, double value, ColumnFormat format);
    void write_text(lxw_col_t col, std::string_view text, ColumnFormat format);
    void write_data_text(lxw_col_t col, std::string_view text, lxw_format* format = nullptr);
    void write_string(lxw_col_t col, std::string_view text, lxw_format* format = nullptr);
    std::size_t kept_bytes(lxw_col_t col, std::string_view text) const;
    void warn_truncated(lxw_col_t col, std::string_view text) const;
    void check_cell(lxw_error code, lxw_col_t col) const;
    void measure(std::size_t col, std::size_t width) { widths_[col] = std::max(widths_[col], width); }
    struct PrintPlan {
        bool landscape = false;
        bool chart_beside = true;
    };
    std::vector<bool> hidden_columns() const;
    std::size_t table_pixels() const;
    PrintPlan plan_print(bool chart) const;
    detail::PageSetup page_setup(bool landscape, std::string_view sheet_title) const;
    void write_about();
    void lay_out_about();
    void summary_line(std::string_view line);
    void about_block(std::string_view heading);
    void about_row(std::initializer_list<std::string_view> values, bool label = true);
    std::string_view to_hex(std::string_view bytes);

    detail::XlsxWorkbook workbook_;
    std::function<void(const std::string&)> warn_;
    lxw_row_t max_rows_;
    detail::SheetNamer names_;
    ReportContext context_;
    std::optional<std::string> summary_;
    SheetInfo sheet_;  // copied: the engine's may not outlive begin_sheet
    std::vector<Part> parts_;
    std::vector<std::size_t> widths_;  // per column, from the header and the sampled rows
    std::uint64_t sampled_ = 0;
    lxw_worksheet* ws_ = nullptr;  // where cells go: the current part, or About
    std::optional<detail::XlsxRowWriter> rows_;  // the current part's data rows
    std::string ws_name_;
    lxw_row_t row_ = 0;  // the row being written on ws_
    std::size_t row_lines_ = 1;  // the lines of the tallest wrapped text in row_
    // The NUL-terminated copy libxlsxwriter wants of a heading or an About text; reused.
    std::string text_;
    std::string hex_;
};

void XlsxRenderer::begin_sheet(const SheetInfo& sheet) {
    sheet_ = sheet;
    // Checked now, not at end_sheet, so a bad chart fails before any rows are written.
    if (sheet_.chart) workbook_.check_chart(*sheet_.chart, sheet_.name, sheet_.columns.size());
    widths_.assign(sheet_.columns.size(), 0);
    sampled_ = 0;
    for (std::size_t col = 0; col < sheet_.columns.size(); ++col) {
        measure(col, detail::display_width(sheet_.columns[col].heading()) + 1);  // bold is wider
    }
    start_part();
}

void XlsxRenderer::row(std::span<const Cell> cells) {
    assert(cells.size() == sheet_.columns.size());
    if (row_ >= max_rows_) {
        parts_.back().rows = row_;
        start_part();
    }
    const bool sample = sampled_ < kWidthSampleRows;
    row_lines_ = 1;
    rows_->begin_row(row_);
    const std::size_t count = std::min(cells.size(), sheet_.columns.size());
    for (std::size_t col = 0; col < count; ++col) {
        write_cell(static_cast<lxw_col_t>(col), cells[col]);
        if (sample) measure(col, detail::shown_width(cells[col], sheet_.columns[col].format));
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
    const bool chart = sheet_.chart && first.rows > 1;
    const PrintPlan plan = plan_print(chart);
    for (const Part& part : parts_) workbook_.set_page_setup(part.ws, part.name, page_setup(plan.landscape, sheet_.title));
    if (chart) {
        const auto beside = static_cast<lxw_col_t>(sheet_.columns.size() + 1);  // one empty column between
        if (plan.chart_beside) workbook_.insert_chart(first.ws, first.name, *sheet_.chart, first.rows - 1, 1, beside);
        else workbook_.insert_chart(first.ws, first.name, *sheet_.chart, first.rows - 1, first.rows + 1, 0);
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
    for (std::size_t col = 0; col < sheet_.columns.size(); ++col) {
        write_string(static_cast<lxw_col_t>(col), sheet_.columns[col].heading(), workbook_.formats().bold);
    }
    row_ = 1;
    rows_.emplace(ws_);
    worksheet_freeze_panes(ws_, 1, 0);
    // Codes and telephone numbers are text on purpose; Excel should not flag them.
    workbook_.check(worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, kWholeSheet), ws_name_,
                    "ignoring errors");
}

void XlsxRenderer::lay_out(const Part& part) {
    if (sheet_.columns.empty()) return;
    const auto last_col = static_cast<lxw_col_t>(sheet_.columns.size() - 1);
    workbook_.check(worksheet_autofilter(part.ws, 0, 0, part.rows - 1, last_col), part.name, "adding the autofilter");
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
        if (col >= hidden.size() || !hidden[col]) pixels += detail::column_pixels(detail::XlsxWorkbook::column_width(widths_[col]));
    return pixels;
}

// Portrait when the table (and its chart beside it) fits across a portrait
// page; a chart goes below its table when it would not fit beside it.
XlsxRenderer::PrintPlan XlsxRenderer::plan_print(bool chart) const {
    const std::size_t table = table_pixels();
    const std::size_t with_chart = table + (chart ? kChartGapPixels + detail::XlsxWorkbook::kChartWidthPixels : 0);
    const Paper paper = context_.paper;
    PrintPlan plan;
    switch (sheet_.orientation) {
        case Orientation::Portrait: plan.landscape = false; break;
        case Orientation::Landscape: plan.landscape = true; break;
        case Orientation::Auto: plan.landscape = table > detail::printable_pixels(paper, false); break;
    }
    if (sheet_.orientation == Orientation::Auto && !plan.landscape && with_chart > detail::printable_pixels(paper, false))
        plan.chart_beside = false;
    else plan.chart_beside = with_chart <= detail::printable_pixels(paper, plan.landscape);
    return plan;
}

// The header names the report and the sheet (left) and what the report was run
// for (right), each on two lines so that both fit across a portrait page; the
// footer says when it was made and which page of how many.
detail::PageSetup XlsxRenderer::page_setup(bool landscape, std::string_view sheet_title) const {
    detail::PageSetup setup;
    setup.landscape = landscape;
    setup.paper = context_.paper;
    const std::string& title = context_.title.empty() ? context_.id : context_.title;
    std::string as_of, others;
    for (const auto& [name, value] : context_.parameters) {
        if (name == kAsOfParameter) as_of = "As of " + value;
        else others += (others.empty() ? "" : "; ") + name + ": " + value;
    }
    if (as_of.empty()) std::swap(as_of, others);
    setup.header = "&L" + detail::page_field(title, 90) + "\n" + detail::page_field(sheet_title, 60) + "&R" +
                   detail::page_field(as_of, 40) + (others.empty() ? "" : "\n" + detail::page_field(others, 50));
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
    const detail::XlsxFormats& formats = workbook_.formats();
    lxw_format* shown = format == ColumnFormat::Integer ? formats.integer
                        : format == ColumnFormat::Number ? formats.number
                                                         : nullptr;
    check_cell(rows_->number(col, value, shown), col);
}

void XlsxRenderer::write_text(lxw_col_t col, std::string_view text, ColumnFormat format) {
    if (format == ColumnFormat::Auto || format == ColumnFormat::Date) {
        if (auto date = detail::parse_iso_date(text)) {
            return check_cell(rows_->date(col, *date, workbook_.formats().date), col);
        }
    }
    // A text wider than the widest column would run over its neighbours and
    // past the printed page: it wraps, in a row tall enough for it.
    if (text.size() + 2 > detail::kMaxColumnWidth) {
        const std::size_t lines = wrapped_lines(text, static_cast<double>(detail::kMaxColumnWidth));
        if (lines > 1) {
            if (lines > row_lines_) {
                row_lines_ = lines;
                rows_->height(std::min(kRowHeight * static_cast<double>(lines), detail::kMaxRowHeight));
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
    const std::size_t keep = detail::utf8_prefix_bytes(text, kExcelMaxCellChars);
    if (keep < text.size()) warn_truncated(col, text);
    return keep;
}

void XlsxRenderer::warn_truncated(lxw_col_t col, std::string_view text) const {
    if (!warn_) return;
    std::string column = cell_name(0, col);
    column.pop_back();  // "C1" -> "C"
    if (col < sheet_.columns.size()) column += " ('" + sheet_.columns[col].name + "')";
    warn_("xlsx sheet '" + ws_name_ + "', row " + std::to_string(row_ + 1) + ", column " + column + ": text of " +
          std::to_string(detail::utf8_length(text)) + " characters cut to " + std::to_string(kExcelMaxCellChars) +
          ", Excel's limit for a cell");
}

void XlsxRenderer::check_cell(lxw_error code, lxw_col_t col) const {
    if (code != LXW_NO_ERROR) throw workbook_.error(code, "sheet '" + ws_name_ + "' cell " + cell_name(row_, col));
}

std::string_view XlsxRenderer::to_hex(std::string_view bytes) {
    hex_.clear();
    detail::append_hex(hex_, bytes);
    return hex_;
}

void XlsxRenderer::write_about() {
    sheet_ = SheetInfo{};
    rows_.reset();
    ws_ = workbook_.add_sheet(kAboutSheet);
    ws_name_ = kAboutSheet;
    row_ = 0;
    about_row({"Report", context_.title});
    about_row({"Description", context_.description});
    about_row({"Report id", context_.id});
    if (!context_.sql.empty()) about_row({"SQL", context_.sql});
    about_row({"Generated", iso_utc(context_.generated)});
    about_row({"Database", context_.database});
    about_row({"Database fingerprint (SHA-256)",
               context_.fingerprint.empty() ? context_.fingerprint_note : context_.fingerprint});
    about_block("Parameters");
    for (const auto& [name, value] : context_.parameters) about_row({name, value});
    if (context_.parameters.empty()) about_row({"none"}, false);
    about_block("Sources");
    for (const SourceRef& source : context_.sources) about_row({source.key, source.title, source.reference});
    if (context_.sources.empty()) about_row({"none"}, false);
    if (!context_.caveats.empty()) about_block("Caveats");
    for (const std::string& caveat : context_.caveats) summary_line(caveat);
    workbook_.check(worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, kWholeSheet), ws_name_,
                    "ignoring errors");
    lay_out_about();
    if (!summary_) return;
    about_block("Summary");
    std::string_view rest = *summary_;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        summary_line(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

// A line of the summary across the About sheet's columns, wrapped within them,
// so that a long line stays on the printed page.
void XlsxRenderer::summary_line(std::string_view line) {
    if (!line.empty()) {
        const double width = kAboutWidths[0] + kAboutWidths[1] + kAboutWidths[2];
        if (const std::size_t lines = wrapped_lines(line, width); lines > 1) {
            workbook_.check(worksheet_set_row(ws_, row_, kRowHeight * static_cast<double>(lines), nullptr), ws_name_,
                            "setting a row height");
        }
        const auto last = static_cast<lxw_col_t>(kAboutWidths.size() - 1);
        text_.assign(line.substr(0, detail::utf8_prefix_bytes(line, kExcelMaxCellChars)));
        check_cell(worksheet_merge_range(ws_, row_, 0, row_, last, text_.c_str(), workbook_.formats().wrap), 0);
    }
    ++row_;
}

void XlsxRenderer::lay_out_about() {
    for (lxw_col_t col = 0; col < kAboutWidths.size(); ++col)
        workbook_.set_column(ws_, ws_name_, col, kAboutWidths[col], nullptr);
    // Portrait: the list of sources is long, and a tall page holds more of it.
    workbook_.set_page_setup(ws_, ws_name_, page_setup(false, "About this report"));
}

void XlsxRenderer::about_block(std::string_view heading) {
    ++row_;  // a blank row before each block
    about_row({heading});
}

// Spreadsheet programs do not all grow a row to fit wrapped text (LibreOffice
// keeps a file's heights), so the row is made tall enough for the lines its
// longest value wraps to.
void XlsxRenderer::about_row(std::initializer_list<std::string_view> values, bool label) {
    std::size_t lines = 1;
    lxw_col_t col = 0;
    for (const std::string_view value : values) {
        const double width = kAboutWidths[std::min<std::size_t>(col++, kAboutWidths.size() - 1)];
        lines = std::max(lines, wrapped_lines(value, width));
    }
    if (lines > 1) {
        workbook_.check(worksheet_set_row(ws_, row_, kRowHeight * static_cast<double>(lines), nullptr), ws_name_,
                        "setting a row height");
    }
    const detail::XlsxFormats& formats = workbook_.formats();
    col = 0;
    for (const std::string_view value : values) {
        write_string(col, value, col > 0 ? formats.wrap : label ? formats.label : nullptr);
        ++col;
    }
    ++row_;
}

// The lines `text` takes wrapped in a column `width` characters wide; most
// characters take less than the 7 pixels Excel counts for one, which makes up
// for the room lost at line ends.
std::size_t wrapped_lines(std::string_view text, double width) {
    const double per_line = std::max(width - 2, 1.0);
    const double needed = static_cast<double>(detail::display_width(text)) / per_line;
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(needed)));
}

}  // namespace

std::unique_ptr<RowSink> make_xlsx_renderer(const std::filesystem::path& file, const RenderOptions& options) {
    return std::make_unique<XlsxRenderer>(file, options);
}

std::string xlsxwriter_version() { return lxw_version(); }

}  // namespace asemdb
