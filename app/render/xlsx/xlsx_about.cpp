#include "render/xlsx/xlsx_renderer.hpp"

#include "asemdb/base/time.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"

#include <array>
#include <cmath>

namespace asemdb::detail {
namespace {

// The About sheet's columns, in characters: label, value, detail (a source's
// reference). Longer texts wrap, so the sheet prints one portrait page wide.
constexpr std::array<double, 3> kAboutWidths = {20, 46, 56};

}  // namespace

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
        text_.assign(line.substr(0, utf8_prefix_bytes(line, kExcelMaxCellChars)));
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
    const XlsxFormats& formats = workbook_.formats();
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
    const double needed = static_cast<double>(display_width(text)) / per_line;
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(needed)));
}

}  // namespace asemdb::detail
