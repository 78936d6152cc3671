#pragma once
// The xlsx renderer (make_xlsx_renderer, render.hpp): a worksheet or more per
// report sheet, written in render_xlsx.cpp, and the About sheet that says what
// the report is and how it was run, in xlsx_about.cpp.

#include "asemdb/engine/row.hpp"
#include "asemdb/render/render.hpp"
#include "base/excel_rules.hpp"
#include "render/xlsx/xlsx_rows.hpp"
#include "render/xlsx/xlsx_workbook.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

inline constexpr const char* kAboutSheet = "About";
/// Every cell of a worksheet, as worksheet_ignore_errors wants a range.
inline constexpr const char* kWholeSheet = "A1:XFD1048576";
/// Excel's default row height, in points.
inline constexpr double kRowHeight = 15;

/// The lines `text` takes wrapped in a column `width` characters wide.
std::size_t wrapped_lines(std::string_view text, double width);

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
        lxw_row_t rows = 0;  // the note and the header included
    };

    void start_part();
    void write_note();
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
    PageSetup page_setup(bool landscape, std::string_view sheet_title) const;
    void write_about();
    void lay_out_about();
    void summary_line(std::string_view line);
    void about_block(std::string_view heading);
    void about_row(std::initializer_list<std::string_view> values, bool label = true);
    std::string_view to_hex(std::string_view bytes);

    XlsxWorkbook workbook_;
    std::function<void(const std::string&)> warn_;
    lxw_row_t max_rows_;
    SheetNamer names_;
    ReportContext context_;
    std::optional<std::string> summary_;
    SheetInfo sheet_;  // copied: the engine's may not outlive begin_sheet
    std::vector<Part> parts_;
    std::vector<std::size_t> widths_;  // per column, from the header and the sampled rows
    std::uint64_t sampled_ = 0;
    lxw_worksheet* ws_ = nullptr;  // where cells go: the current part, or About
    std::optional<XlsxRowWriter> rows_;  // the current part's data rows
    std::string ws_name_;
    lxw_row_t row_ = 0;  // the row being written on ws_
    lxw_row_t header_row_ = 0;  // the current sheet's header: 1 below a note, else 0
    std::size_t row_lines_ = 1;  // the lines of the tallest wrapped text in row_
    // The NUL-terminated copy libxlsxwriter wants of a heading or an About text; reused.
    std::string text_;
    std::string hex_;
};

}  // namespace asemdb::detail
