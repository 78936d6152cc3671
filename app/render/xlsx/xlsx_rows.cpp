#include "render/xlsx/xlsx_rows.hpp"

#include "base/utf8.hpp"
#include "render/xlsx/xlsx_internals.hpp"

#include "asemdb/render/render.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace asemdb::detail {
namespace {

// Below this, %.16G prints an integral double as its digits.
constexpr double kPlainIntegerLimit = 1e16;

// The bytes the library rewrites in a text: control characters (but tab and
// line feed) as Excel's _xHHHH_, and the three XML markup characters.
constexpr std::array<bool, 256> kRewritten = [] {
    std::array<bool, 256> table{};
    for (int c = 0x01; c < 0x20; ++c) table[c] = c != '\t' && c != '\n';
    table['&'] = table['<'] = table['>'] = true;
    return table;
}();

bool rewritten(char c) { return kRewritten[static_cast<unsigned char>(c)]; }

void append_rewritten(std::string& out, char c) {
    switch (c) {
        case '&': out += "&amp;"; return;
        case '<': out += "&lt;"; return;
        case '>': out += "&gt;"; return;
        default: {
            static constexpr char kHex[] = "0123456789ABCDEF";
            const auto byte = static_cast<unsigned char>(c);
            const char escaped[] = {'_', 'x', '0', '0', kHex[byte >> 4], kHex[byte & 0xF], '_'};
            out.append(escaped, sizeof escaped);
        }
    }
}

bool in_sheet(lxw_row_t row, lxw_col_t col) { return row < LXW_ROW_MAX && col < LXW_COL_MAX; }

// Characters as lxw_utf8_strlen counts them: bytes that do not continue one.
std::size_t utf8_chars(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !is_utf8_continuation(c); }));
}

// The library keeps a text's outer white space with xml:space="preserve"; of the
// characters isspace() knows, the others are escaped before it looks.
bool is_kept_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// As the library prints a double, "%.16G"; most are integers, whose digits are
// that text without the cost of printf.
void append_number(std::string& out, double value) {
    std::array<char, 40> text;
    char* end = nullptr;
    if (std::trunc(value) == value && std::fabs(value) < kPlainIntegerLimit && !(value == 0 && std::signbit(value))) {
        end = std::to_chars(text.data(), text.data() + text.size(), static_cast<std::int64_t>(value)).ptr;
    } else {
        const int length = std::snprintf(text.data(), text.size(), "%.16G", value);
        end = text.data() + std::clamp(length, 0, static_cast<int>(text.size()) - 1);
    }
    out.append(text.data(), end);
}

}  // namespace

XlsxRowWriter::XlsxRowWriter(lxw_worksheet* ws) : ws_(ws), row_file_(lxw::row_file(ws)) {
    lxw::write_held_row(ws_);
}

void XlsxRowWriter::begin_row(lxw_row_t row) {
    row_ = row;
    height_ = LXW_DEF_ROW_HEIGHT;
    cells_.clear();
    std::array<char, 16> digits;
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), std::uint64_t{row} + 1).ptr;
    row_name_.assign(digits.data(), end);
}

const std::string& XlsxRowWriter::column_name(lxw_col_t col) {
    while (column_names_.size() <= col) {
        char name[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell(name, 0, static_cast<lxw_col_t>(column_names_.size()));
        std::string letters(name);
        letters.pop_back();  // "C1" -> "C"
        column_names_.push_back(std::move(letters));
    }
    return column_names_[col];
}

// `<c r="B7"` and, with a format, ` s="3"`; the sheet's extent grows to the
// cell's column here and to its row when the row ends.
lxw_error XlsxRowWriter::cell_start(lxw_col_t col, lxw_format* format) {
    if (!in_sheet(row_, col)) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
    lxw::extend_to_column(ws_, col);
    cells_ += "<c r=\"";
    cells_ += column_name(col);
    cells_ += row_name_;
    cells_ += '"';
    if (const std::int32_t style = format ? lxw::style_index(format) : 0; style != 0) {
        cells_ += " s=\"";
        cells_ += std::to_string(style);
        cells_ += '"';
    }
    return LXW_NO_ERROR;
}

lxw_error XlsxRowWriter::number(lxw_col_t col, double value, lxw_format* format) {
    if (!row_file_) return worksheet_write_number(ws_, row_, col, value, format);
    return write_number(col, value, format);
}

lxw_error XlsxRowWriter::write_number(lxw_col_t col, double value, lxw_format* format) {
    if (const lxw_error code = cell_start(col, format); code != LXW_NO_ERROR) return code;
    cells_ += "><v>";
    append_number(cells_, value);
    cells_ += "</v></c>";
    return LXW_NO_ERROR;
}

lxw_error XlsxRowWriter::date(lxw_col_t col, ExcelDate date, lxw_format* format) {
    lxw_datetime datetime{};
    datetime.year = date.year;
    datetime.month = date.month;
    datetime.day = date.day;
    if (!row_file_) return worksheet_write_datetime(ws_, row_, col, &datetime, format);
    return write_number(col, lxw_datetime_to_excel_datetime(&datetime), format);
}

lxw_error XlsxRowWriter::text(lxw_col_t col, std::string_view text, lxw_format* format) {
    text = text.substr(0, text.find('\0'));
    if (!row_file_) {
        c_text_.assign(text);
        return worksheet_write_string(ws_, row_, col, c_text_.c_str(), format);
    }
    return write_text(col, text, format);
}

lxw_error XlsxRowWriter::write_text(lxw_col_t col, std::string_view text, lxw_format* format) {
    if (text.empty()) {
        // The library writes an empty text as a blank cell, and only with a format.
        if (!format) return LXW_NO_ERROR;
        if (const lxw_error code = cell_start(col, format); code != LXW_NO_ERROR) return code;
        cells_ += "/>";
        return LXW_NO_ERROR;
    }
    // The library checks the length only of a cell inside the sheet.
    if (in_sheet(row_, col) && text.size() > kExcelMaxCellChars && utf8_chars(text) > kExcelMaxCellChars) {
        return LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED;
    }
    if (const lxw_error code = cell_start(col, format); code != LXW_NO_ERROR) return code;
    const bool preserve = is_kept_space(text.front()) || is_kept_space(text.back());
    cells_ += preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
    std::size_t plain = 0;  // the start of the bytes not yet appended
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!rewritten(text[i])) continue;
        cells_.append(text.data() + plain, i - plain);
        append_rewritten(cells_, text[i]);
        plain = i + 1;
    }
    cells_.append(text.data() + plain, text.size() - plain);
    cells_ += "</t></is></c>";
    return LXW_NO_ERROR;
}

void XlsxRowWriter::end_row() {
    if (row_file_) return write_row();
    // The library writes the row when a later one begins, or at close. A height
    // is refused only past Excel's last row, where the direct path writes nothing either.
    if (height_ != LXW_DEF_ROW_HEIGHT) static_cast<void>(worksheet_set_row(ws_, row_, height_, nullptr));
}

void XlsxRowWriter::write_row() {
    const bool tall = height_ != LXW_DEF_ROW_HEIGHT;
    if (cells_.empty() && !tall) return;  // as the library, which writes a row only if it holds something
    if (row_ >= LXW_ROW_MAX) return;
    lxw::extend_to_row(ws_, row_);
    tag_.assign("<row r=\"").append(row_name_).append("\"");
    if (tall) {
        tag_ += " ht=\"";
        append_number(tag_, height_);
        tag_ += "\" customHeight=\"1\"";
    }
    if (lxw::marks_row_descent(ws_)) tag_ += " x14ac:dyDescent=\"0.25\"";
    // A failed write sets the stream's error flag, which the renderer checks after each row.
    if (cells_.empty()) {
        tag_ += "/>";
        std::fwrite(tag_.data(), 1, tag_.size(), row_file_);
        return;
    }
    tag_ += '>';
    cells_ += "</row>";
    std::fwrite(tag_.data(), 1, tag_.size(), row_file_);
    std::fwrite(cells_.data(), 1, cells_.size(), row_file_);
}

}  // namespace asemdb::detail
