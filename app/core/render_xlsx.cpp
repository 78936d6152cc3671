#include "asemdb/render.hpp"

#include "hex.hpp"
#include "text_width.hpp"
#include "xlsx_workbook.hpp"

#include "asemdb/error.hpp"
#include "asemdb/time.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb {
namespace {

// Doubles hold every integer up to 2^53 exactly; beyond that digits would be lost.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;
constexpr const char* kAboutSheet = "About";
constexpr const char* kWholeSheet = "A1:XFD1048576";

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

class XlsxRenderer final : public Renderer {
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
    void write_string(lxw_col_t col, std::string_view text, lxw_format* format = nullptr);
    void warn_truncated(lxw_col_t col, std::string_view text) const;
    void check_cell(lxw_error code, lxw_col_t col) const;
    void measure(std::size_t col, std::size_t width) { widths_[col] = std::max(widths_[col], width); }
    void write_about();
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
    std::string ws_name_;
    lxw_row_t row_ = 0;  // the row being written on ws_
    // Reused for every cell, so the common path allocates nothing; text_ also adds the NUL.
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
        measure(col, detail::display_width(sheet_.columns[col].name) + 1);  // bold is wider
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
    const std::size_t count = std::min(cells.size(), sheet_.columns.size());
    for (std::size_t col = 0; col < count; ++col) {
        write_cell(static_cast<lxw_col_t>(col), cells[col]);
        if (sample) measure(col, detail::shown_width(cells[col], sheet_.columns[col].format));
    }
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
    if (sheet_.chart && first.rows > 1) {
        const auto beside = static_cast<lxw_col_t>(sheet_.columns.size() + 1);  // one empty column between
        workbook_.insert_chart(first.ws, first.name, *sheet_.chart, first.rows - 1, beside);
    }
    parts_.clear();
}

void XlsxRenderer::start_part() {
    std::string name = parts_.empty() ? names_.claim(sheet_.name)
                                      : names_.claim_continuation(parts_.front().name, static_cast<int>(parts_.size()) + 1);
    ws_ = workbook_.add_sheet(name);
    ws_name_ = name;
    parts_.push_back({ws_, std::move(name), 0});
    row_ = 0;
    for (std::size_t col = 0; col < sheet_.columns.size(); ++col) {
        write_string(static_cast<lxw_col_t>(col), sheet_.columns[col].name, workbook_.formats().bold);
    }
    row_ = 1;
    worksheet_freeze_panes(ws_, 1, 0);
    // Codes and telephone numbers are text on purpose; Excel should not flag them.
    workbook_.check(worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, kWholeSheet), ws_name_,
                    "ignoring errors");
}

void XlsxRenderer::lay_out(const Part& part) {
    if (sheet_.columns.empty()) return;
    const auto last_col = static_cast<lxw_col_t>(sheet_.columns.size() - 1);
    workbook_.check(worksheet_autofilter(part.ws, 0, 0, part.rows - 1, last_col), part.name, "adding the autofilter");
    workbook_.fit_columns(part.ws, part.name, widths_);
}

void XlsxRenderer::write_cell(lxw_col_t col, const Cell& cell) {
    const ColumnFormat format = sheet_.columns[col].format;
    NumberText buffer;
    switch (cell.type) {
        case CellType::Null: return;
        case CellType::Integer:
            if (format == ColumnFormat::Text || cell.integer > kMaxExactInteger || cell.integer < -kMaxExactInteger) {
                return write_string(col, to_text(cell.integer, buffer));
            }
            return write_number(col, static_cast<double>(cell.integer), format);
        case CellType::Real:
            // Excel has no infinity or NaN: those stay text.
            if (format == ColumnFormat::Text || !std::isfinite(cell.real)) return write_string(col, to_text(cell.real, buffer));
            // An Integer column shows a real with its decimals rather than rounded.
            return write_number(col, cell.real, format == ColumnFormat::Integer ? ColumnFormat::Auto : format);
        case CellType::Text: return write_text(col, cell.text, format);
        case CellType::Blob: return write_string(col, to_hex(cell.text));
    }
}

void XlsxRenderer::write_number(lxw_col_t col, double value, ColumnFormat format) {
    const detail::XlsxFormats& formats = workbook_.formats();
    lxw_format* shown = format == ColumnFormat::Integer ? formats.integer
                        : format == ColumnFormat::Number ? formats.number
                                                         : nullptr;
    check_cell(worksheet_write_number(ws_, row_, col, value, shown), col);
}

void XlsxRenderer::write_text(lxw_col_t col, std::string_view text, ColumnFormat format) {
    if (format == ColumnFormat::Auto || format == ColumnFormat::Date) {
        if (auto date = detail::parse_iso_date(text)) {
            return check_cell(worksheet_write_datetime(ws_, row_, col, &*date, workbook_.formats().date), col);
        }
    }
    write_string(col, text);
}

void XlsxRenderer::write_string(lxw_col_t col, std::string_view text, lxw_format* format) {
    std::size_t keep = text.size();
    // Code points never outnumber bytes: only long texts need counting.
    if (text.size() > kExcelMaxCellChars) keep = detail::utf8_prefix_bytes(text, kExcelMaxCellChars);
    if (keep < text.size()) warn_truncated(col, text);
    text_.assign(text.substr(0, keep));
    check_cell(worksheet_write_string(ws_, row_, col, text_.c_str(), format), col);
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
    widths_.assign(3, 0);
    ws_ = workbook_.add_sheet(kAboutSheet);
    ws_name_ = kAboutSheet;
    row_ = 0;
    about_row({"Report", context_.title});
    about_row({"Description", context_.description});
    about_row({"Report id", context_.id});
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
    workbook_.check(worksheet_ignore_errors(ws_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, kWholeSheet), ws_name_,
                    "ignoring errors");
    workbook_.fit_columns(ws_, ws_name_, widths_);
    if (!summary_) return;
    // After the widths: a summary line may spill over the empty cells to its right.
    about_block("Summary");
    std::string_view rest = *summary_;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        write_string(0, rest.substr(0, end));
        ++row_;
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

void XlsxRenderer::about_block(std::string_view heading) {
    ++row_;  // a blank row before each block
    about_row({heading});
}

void XlsxRenderer::about_row(std::initializer_list<std::string_view> values, bool label) {
    lxw_col_t col = 0;
    for (const std::string_view value : values) {
        write_string(col, value, label && col == 0 ? workbook_.formats().bold : nullptr);
        measure(col++, detail::display_width(value));
    }
    ++row_;
}

}  // namespace

std::unique_ptr<Renderer> make_xlsx_renderer(const std::filesystem::path& file, const RenderOptions& options) {
    return std::make_unique<XlsxRenderer>(file, options);
}

}  // namespace asemdb
