#include "changes/xlsx_reader.hpp"

#include "changes/xlsx_parts.hpp"
#include "changes/xlsx_zip.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/render/render.hpp"
#include "base/utf8.hpp"

#include <date/date.h>
#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace asemdb::detail {
namespace {

/// More cells than any keepers' workbook holds; the bound keeps memory in proportion.
constexpr std::size_t kMaxCells = 2'000'000;

// 0-based row and column of a reference such as "AB12"; false if malformed.
bool parse_reference(std::string_view ref, std::uint32_t& row, std::uint32_t& col) {
    std::size_t i = 0;
    std::uint64_t c = 0, r = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && c <= kExcelMaxColumns; ++i) c = c * 26 + (ref[i] - 'A' + 1);
    if (i == 0 || i == ref.size()) return false;
    for (std::size_t j = i; j < ref.size(); ++j) {
        if (ref[j] < '0' || ref[j] > '9' || r > kExcelMaxRows) return false;
        r = r * 10 + static_cast<std::uint64_t>(ref[j] - '0');
    }
    if (r == 0 || c > kExcelMaxColumns || r > kExcelMaxRows) {
        row = r > kExcelMaxRows ? kExcelMaxRows : static_cast<std::uint32_t>(r);
        col = c > kExcelMaxColumns ? kExcelMaxColumns : static_cast<std::uint32_t>(c);
        return r != 0;
    }
    row = static_cast<std::uint32_t>(r - 1);
    col = static_cast<std::uint32_t>(c - 1);
    return true;
}

// The date of serial number `serial`: days since 1899-12-30 (Excel counts a
// 29 February 1900 that never was, so serials before 61 are a day off), or 1904-01-01.
std::string serial_date(double serial, bool date1904) {
    using namespace date;
    const double day = std::floor(serial);
    const sys_days epoch = date1904 ? sys_days(1904_y / January / 1) : sys_days(1899_y / December / 30);
    sys_days d = epoch + days(static_cast<int>(day));
    if (!date1904 && day < 61) d += days(1);
    std::string text = format("%F", d);
    const long seconds = std::lround((serial - day) * 86400);
    if (seconds > 0 && seconds < 86400) text += fmt::format("T{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return text;
}

class SheetReader : public XmlHandler {
 public:
    SheetReader(XlsxSheet& sheet, const std::vector<std::string>& strings, const std::vector<bool>& date_styles,
                bool date1904, std::size_t& cells)
        : sheet_(sheet), strings_(strings), date_styles_(date_styles), date1904_(date1904), cells_(cells) {}

    void start(std::string_view name, const char** attrs) override {
        if (name == "row") return start_row(xml_attribute(attrs, "r"));
        if (name == "c") return start_cell(attrs);
        if (name == "f") cell_.formula = true;
        else if (name == "v" || (name == "t" && in_inline_)) collecting_ = true;
        else if (name == "is") in_inline_ = true;
        else if (name == "rPh") ++phonetic_;
    }
    void end(std::string_view name) override {
        if (name == "c") finish_cell();
        else if (name == "v" || name == "t") collecting_ = false;
        else if (name == "is") in_inline_ = false;
        else if (name == "rPh") --phonetic_;
    }
    void text(std::string_view text) override {
        if (!collecting_ || phonetic_ > 0) return;
        if (value_.size() + text.size() > 4 * kExcelMaxCellChars) return fail(too_long());
        value_.append(text);
    }

 private:
    void start_row(const char* r) {
        std::uint64_t n = 0;
        if (r && std::from_chars(r, r + std::strlen(r), n).ec == std::errc() && n > 0) row_ = n - 1;
        else row_ = next_row_;
        next_row_ = row_ + 1;
        next_col_ = 0;
        if (row_ >= kExcelMaxRows) fail(fmt::format("goes past Excel's last row ({})", kExcelMaxRows));
    }
    void start_cell(const char** attrs) {
        cell_ = XlsxCell{};
        value_.clear();
        type_ = xml_attribute(attrs, "t") ? xml_attribute(attrs, "t") : "n";
        const char* style = xml_attribute(attrs, "s");
        style_ = style ? std::strtoul(style, nullptr, 10) : 0;
        std::uint32_t row = static_cast<std::uint32_t>(row_), col = next_col_;
        if (const char* ref = xml_attribute(attrs, "r"); ref && !parse_reference(ref, row, col))
            return fail(fmt::format("has a cell reference '{}' that is not one", printable_line(ref)));
        if (row >= kExcelMaxRows || col >= kExcelMaxColumns)
            return fail(fmt::format("goes past Excel's limits ({} rows, {} columns)", kExcelMaxRows, kExcelMaxColumns));
        row_ = row;
        col_ = col;
        next_col_ = col + 1;
    }
    void finish_cell() {
        if (!set_value()) return;
        if (cell_.type == XlsxCell::Type::Empty && !cell_.formula) return;
        if (++cells_ > kMaxCells) return fail(fmt::format("holds more than {} cells", kMaxCells));
        sheet_.rows[static_cast<std::uint32_t>(row_)][col_] = std::move(cell_);
    }
    bool set_value() {
        using Type = XlsxCell::Type;
        if (type_ == "s") {
            if (value_.empty()) return true;
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
            if (ec != std::errc() || end != value_.data() + value_.size() || index >= strings_.size())
                return fail_cell("refers to a shared string that is not there");
            return set_text(strings_[index]);
        }
        if (type_ == "inlineStr" || type_ == "str") return set_text(value_);
        if (type_ == "e") return set(Type::Error, value_);
        if (value_.empty()) return true;
        if (type_ == "d") return set(Type::Date, value_.substr(0, 10));
        double number = 0;
        const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), number);
        if (ec != std::errc() || end != value_.data() + value_.size() || !std::isfinite(number))
            return fail_cell("holds a number that is not one");
        cell_.number = number;
        if (type_ == "b") return set(Type::Boolean, "");
        const bool date = style_ < date_styles_.size() && date_styles_[style_] && number >= 0 && number < 2958466;
        cell_.type = date ? Type::Date : Type::Number;
        if (date) cell_.text = serial_date(number, date1904_);
        return true;
    }
    bool set(XlsxCell::Type type, std::string text) {
        cell_.type = type;
        cell_.text = std::move(text);
        return true;
    }
    bool set_text(const std::string& text) {
        if (text.size() > kExcelMaxCellChars && utf8_length(text) > kExcelMaxCellChars) return fail_cell(too_long());
        return text.empty() || set(XlsxCell::Type::Text, text);
    }
    bool fail_cell(const std::string& why) {
        fail(fmt::format("cell {} {}", cell_name(static_cast<std::uint32_t>(row_), col_), why));
        return false;
    }
    std::string too_long() const { return fmt::format("holds a cell of more than {} characters, Excel's limit", kExcelMaxCellChars); }

    XlsxSheet& sheet_;
    const std::vector<std::string>& strings_;
    const std::vector<bool>& date_styles_;
    bool date1904_;
    std::size_t& cells_;
    std::uint64_t row_ = 0, next_row_ = 0;
    std::uint32_t col_ = 0, next_col_ = 0;
    XlsxCell cell_;
    std::string type_;
    unsigned long style_ = 0;
    std::string value_;
    bool collecting_ = false, in_inline_ = false;
    int phonetic_ = 0;
};

template <class Reader>
void parse_part(ZipArchive& zip, const std::string& part, Reader& reader) {
    XmlStream stream(reader, part);
    zip.read(part, [&](std::string_view chunk) { stream.feed(chunk); });
    stream.feed({}, true);
}

template <class Reader>
void parse_optional(ZipArchive& zip, const std::string& part, Reader& reader) {
    if (!part.empty() && zip.contains(part)) parse_part(zip, part, reader);
}

std::vector<XlsxSheet> read_package(ZipArchive& zip) {
    if (!zip.contains("_rels/.rels")) throw ZipRefused("not an xlsx workbook (a zip without '_rels/.rels')");
    RelsReader package;
    parse_part(zip, "_rels/.rels", package);
    const std::string workbook_part = resolve_target("", package.office_document);
    if (package.office_document.empty() || !zip.contains(workbook_part))
        throw ZipRefused("not an xlsx workbook (no workbook part)");
    WorkbookReader workbook;
    parse_part(zip, workbook_part, workbook);
    RelsReader rels;
    const std::string dir = workbook_part.substr(0, workbook_part.find_last_of('/') + 1);
    parse_optional(zip, dir + "_rels/" + workbook_part.substr(dir.size()) + ".rels", rels);
    const auto part_of = [&](const std::string& suffix) {
        for (const auto& [id, target] : rels.targets)
            if (target.ends_with(suffix)) return resolve_target(workbook_part, target);
        return std::string();
    };
    SharedStringsReader strings;
    parse_optional(zip, part_of("sharedStrings.xml"), strings);
    StylesReader styles;
    parse_optional(zip, part_of("styles.xml"), styles);
    std::vector<XlsxSheet> sheets;
    std::size_t cells = 0;
    for (const SheetEntry& entry : workbook.sheets) {
        const auto target = rels.targets.find(entry.rel_id);
        if (target == rels.targets.end()) throw ZipRefused("sheet '" + printable_line(entry.name) + "' has no part");
        XlsxSheet& sheet = sheets.emplace_back(XlsxSheet{entry.name, entry.hidden, {}});
        const std::string part = resolve_target(workbook_part, target->second);
        if (!zip.contains(part)) continue;  // a chart sheet, or a sheet with no cells
        SheetReader reader(sheet, strings.strings, styles.is_date, workbook.date1904, cells);
        try {
            parse_part(zip, part, reader);
        } catch (const ZipRefused& e) {
            if (reader.problem().empty()) throw;
            throw ZipRefused("sheet '" + printable_line(entry.name) + "' " + reader.problem());
        }
    }
    return sheets;
}

}  // namespace

std::vector<XlsxSheet> read_xlsx(std::string_view bytes, const std::string& name) {
    try {
        ZipArchive zip(bytes);
        return read_package(zip);
    } catch (const ZipRefused& e) {
        throw Error::io(name, e.what());
    }
}

std::vector<XlsxSheet> read_xlsx_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw Error::io(file, "is a directory, not a workbook");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) throw Error::io(file, "cannot read the workbook: " + ec.message());
    if (size > ZipLimits{}.max_file_bytes) throw Error::io(file, "larger than a workbook asemdb reads");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && size > 0) throw Error::io(file, "cannot read the workbook");
    return read_xlsx(bytes.str(), file.string());
}

std::string column_name(std::uint32_t col) {
    std::string name;
    for (std::uint64_t n = std::uint64_t(col) + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), char('A' + (n - 1) % 26));
    return name;
}

std::string cell_name(std::uint32_t row, std::uint32_t col) { return column_name(col) + std::to_string(row + 1); }

}  // namespace asemdb::detail
