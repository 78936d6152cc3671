#include "changes/workbook_rows.hpp"

#include "asemdb/base/error.hpp"
#include "base/excel_rules.hpp"

#include <fmt/core.h>

#include <cmath>

namespace asemdb::detail {
namespace {

using Type = XlsxCell::Type;

std::string in_quotes(const std::string& text) { return "'" + printable_line(text) + "'"; }

std::string number_text(double n) {
    if (std::floor(n) == n && std::fabs(n) < 1e15) return fmt::format("{}", static_cast<long long>(n));
    return fmt::format("{}", n);
}

bool is_whole_number(const std::string& text) {
    const std::size_t start = text.starts_with('-') ? 1 : 0;
    return text.size() > start && text.size() < 16 + start &&
           text.find_first_not_of("0123456789", start) == std::string::npos;
}

bool is_iso_date(const std::string& text) { return parse_iso_date(text).has_value(); }

bool is_iso_month(const std::string& text) {
    return text.size() == 7 && is_iso_date(text + "-01");
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A date cell, or text written as the database writes dates; any other text
// is refused, since 01/07/2024 means January to some and July to others.
std::optional<std::string> date_value(const XlsxCell& cell, bool partial, std::string& why) {
    const char* form = partial ? "YYYY-MM-DD (or YYYY-MM)" : "YYYY-MM-DD";
    if (cell.type == Type::Date) {
        if (cell.text.size() == 10 && is_iso_date(cell.text)) return cell.text;
        why = fmt::format("{} is a date with a time; enter the day only", cell.text);
    } else if (cell.type == Type::Text) {
        const std::string text = trimmed(cell.text);
        if (is_iso_date(text) || (partial && is_iso_month(text))) return text;
        why = fmt::format("{} is not a date: enter a date cell or {}", in_quotes(cell.text), form);
    } else {
        why = fmt::format("{} is a number, not a date: enter a date cell or {}", number_text(cell.number), form);
    }
    return std::nullopt;
}

std::optional<std::string> integer_value(const XlsxCell& cell, std::string& why) {
    if (cell.type == Type::Number && std::floor(cell.number) == cell.number && std::fabs(cell.number) < 1e15)
        return number_text(cell.number);
    if (cell.type == Type::Text && is_whole_number(trimmed(cell.text))) return trimmed(cell.text);
    why = fmt::format("expected a whole number, got {}", in_quotes(cell.type == Type::Number ? number_text(cell.number) : cell.text));
    return std::nullopt;
}

std::string text_of(const XlsxCell& cell) {
    switch (cell.type) {
        case Type::Number: return number_text(cell.number);
        case Type::Boolean: return cell.number != 0 ? "TRUE" : "FALSE";
        default: return cell.text;
    }
}

std::optional<std::string> convert(const XlsxCell& cell, const ColumnSpec& spec, std::string& why) {
    switch (spec.kind) {
        case ValueKind::Integer: return integer_value(cell, why);
        case ValueKind::Date: return date_value(cell, false, why);
        case ValueKind::PartialDate: return date_value(cell, true, why);
        case ValueKind::Boolean: {
            if (cell.type == Type::Boolean) return cell.number != 0 ? "yes" : "no";
            const std::string text = trimmed(cell.text);
            if (cell.type == Type::Text && (text == "yes" || text == "no")) return text;
            why = fmt::format("expected yes or no, got {}", in_quotes(text_of(cell)));
            return std::nullopt;
        }
        case ValueKind::Text: return text_of(cell);
        default: return trimmed(text_of(cell));
    }
}

std::string list_words(const std::set<std::string>& values) {
    if (values.size() > 6) return "the values listed on the sheet " + std::string(kListsSheet);
    std::string words;
    for (const auto& v : values) words += (words.empty() ? "" : ", ") + v;
    return words;
}

struct RowReader {
    const SheetTable& table;
    const ClosedSets& sets;
    std::vector<Problem>& problems;

    void check_value(SheetRow& row, std::size_t c, const XlsxCell* cell) {
        const ColumnSpec& spec = table.spec->columns[c];
        Value value;
        if (cell && cell->formula) {
            return problems.push_back({table.place(row, c), "holds a formula; type the value itself"});
        }
        if (cell && cell->type == Type::Error) {
            return problems.push_back({table.place(row, c), "holds the error " + cell->text});
        }
        if (cell && cell->type != Type::Empty) {
            std::string why;
            value = convert(*cell, spec, why);
            if (!value) return problems.push_back({table.place(row, c), why});
            if (value->empty()) value.reset();
        }
        row.values[c] = value;
        if (!value) {
            if (spec.required && spec.kind != ValueKind::Source && !(c == 0 && table.spec->numbered))
                problems.push_back({table.place(row, c), spec.heading + " is required"});
            return;
        }
        if (spec.list.empty() || spec.kind == ValueKind::Boolean) return;
        const auto set = sets.find(spec.list);
        if (set != sets.end() && !set->second.contains(*value))
            problems.push_back({table.place(row, c), fmt::format("{} is not one of {}", in_quotes(*value), list_words(set->second))});
    }

    void check_period(const SheetRow& row) {
        const auto& cols = table.spec->columns;
        std::size_t start = cols.size(), end = cols.size();
        for (std::size_t c = 0; c < cols.size(); ++c) {
            if (cols[c].heading == "Start date") start = c;
            if (cols[c].heading == "End date") end = c;
        }
        if (start == cols.size() || end == cols.size() || !row.values[start] || !row.values[end]) return;
        if (*row.values[end] < *row.values[start])
            problems.push_back({table.place(row, end), fmt::format("end date {} is before start date {}",
                                                                   *row.values[end], *row.values[start])});
    }
};

}  // namespace

std::string SheetTable::place(const SheetRow& row, std::size_t c) const {
    return sheet + "!" + cell_name(row.row, column[c]);
}

std::string sheet_heading(const TableSpec& spec, std::size_t c) {
    return spec.columns[c].heading + (c < spec.key_columns ? " (key)" : "");
}

SheetTable read_sheet_table(const XlsxSheet& sheet, const TableSpec& spec, const ClosedSets& sets,
                            std::vector<Problem>& problems) {
    SheetTable table{&spec, sheet.name, std::vector<std::uint32_t>(spec.columns.size(), kExcelMaxColumns), {}};
    const std::size_t before = problems.size();
    const auto header = sheet.rows.find(0);
    std::map<std::uint32_t, XlsxCell> headings = header == sheet.rows.end() ? std::map<std::uint32_t, XlsxCell>{} : header->second;
    for (const auto& [col, cell] : headings) {
        std::size_t c = 0;
        while (c < spec.columns.size() && sheet_heading(spec, c) != cell.text) ++c;
        if (c == spec.columns.size()) {
            problems.push_back({sheet.name + "!" + cell_name(0, col), in_quotes(text_of(cell)) + " is not a heading of this sheet"});
        } else if (table.column[c] != kExcelMaxColumns) {
            problems.push_back({sheet.name + "!" + cell_name(0, col), in_quotes(cell.text) + " is a heading twice"});
        } else {
            table.column[c] = col;
        }
    }
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        if (table.column[c] != kExcelMaxColumns) continue;
        problems.push_back({sheet.name, fmt::format("the {}column {} is missing (deleted or renamed?)",
                                                    c < spec.key_columns ? "key " : "", in_quotes(sheet_heading(spec, c)))});
    }
    if (problems.size() > before) return table;
    RowReader reader{table, sets, problems};
    for (const auto& [r, cells] : sheet.rows) {
        if (r == 0) continue;
        bool empty = true;
        for (const auto& [col, cell] : cells) empty = empty && cell.type == Type::Empty && !cell.formula;
        if (empty) continue;
        SheetRow& row = table.rows.emplace_back(SheetRow{r, std::vector<Value>(spec.columns.size())});
        for (std::size_t c = 0; c < spec.columns.size(); ++c) {
            const auto cell = cells.find(table.column[c]);
            reader.check_value(row, c, cell == cells.end() ? nullptr : &cell->second);
        }
        reader.check_period(row);
    }
    return table;
}

}  // namespace asemdb::detail
