#include "web/table_sink.hpp"

#include <fmt/core.h>

#include <cmath>

namespace asemdb::web {
namespace {

// "#,##0.00", as the workbook's number format.
std::string grouped_two_decimals(double value) {
    std::string digits = fmt::format("{:.2f}", std::fabs(value));
    const std::size_t point = digits.find('.');
    for (std::size_t at = point; at > 3; at -= 3) digits.insert(at - 3, ",");
    return (value < 0 && digits.find_first_not_of("0.,") != std::string::npos ? "-" : "") + digits;
}

}  // namespace

ShownCell show_cell(const Cell& cell, ColumnFormat format) {
    switch (cell.type) {
        case CellType::Null: return {};
        case CellType::Integer:
            if (format == ColumnFormat::Number) return {grouped_two_decimals(static_cast<double>(cell.integer)), true};
            return {std::to_string(cell.integer), format != ColumnFormat::Text};
        case CellType::Real:
            if (format == ColumnFormat::Number) return {grouped_two_decimals(cell.real), true};
            if (format == ColumnFormat::Integer) return {fmt::format("{:.0f}", cell.real), true};
            return {fmt::format("{}", cell.real), format != ColumnFormat::Text};
        case CellType::Text: return {std::string(cell.text), false};
        case CellType::Blob: return {fmt::format("({} bytes)", cell.text.size()), false};
    }
    return {};
}

void TableSink::begin_sheet(const SheetInfo& sheet) {
    ShownSheet shown;
    shown.info = sheet;
    for (std::size_t i = 0; i < sheet.columns.size(); ++i)
        if (!sheet.columns[i].hidden) shown.visible.push_back(i);
    sheets_.push_back(std::move(shown));
    seen_ = 0;
}

void TableSink::row(std::span<const Cell> cells) {
    const std::uint64_t index = seen_++;
    if (index < first_ || index - first_ >= count_) return;
    auto& sheet = sheets_.back();
    std::vector<ShownCell> shown;
    shown.reserve(sheet.visible.size());
    for (const std::size_t i : sheet.visible)
        shown.push_back(i < cells.size() ? show_cell(cells[i], sheet.info.columns[i].format) : ShownCell{});
    sheet.rows.push_back(std::move(shown));
}

}  // namespace asemdb::web
