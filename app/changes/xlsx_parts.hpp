#pragma once
// Readers of the parts of an xlsx package other than the worksheets: the
// relationships, the workbook's list of sheets, the shared strings and the
// number formats of the cell styles.

#include "changes/xml_stream.hpp"

#include <map>
#include <string>
#include <vector>

namespace asemdb::detail {

/// A .rels part: relationship id -> target, and the officeDocument's target.
struct RelsReader : XmlHandler {
    std::map<std::string, std::string> targets;
    std::string office_document;
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view) override {}
};

struct SheetEntry {
    std::string name;
    std::string rel_id;
    bool hidden = false;
};

/// xl/workbook.xml: the sheets in order and the date system.
struct WorkbookReader : XmlHandler {
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view) override {}
};

/// xl/sharedStrings.xml: each <si>'s text, phonetic runs left out.
struct SharedStringsReader : XmlHandler {
    std::vector<std::string> strings;
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view name) override;
    void text(std::string_view text) override;

 private:
    bool in_t_ = false;
    int in_phonetic_ = 0;
};

/// xl/styles.xml: for each cell style (cellXfs), whether it shows a date.
struct StylesReader : XmlHandler {
    std::vector<bool> is_date;
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view name) override;

 private:
    std::map<long, std::string> custom_;
    std::vector<long> xf_formats_;
    bool in_cell_xfs_ = false;
};

/// Whether number format `id` (with `code` if custom) shows a date or a time.
bool is_date_format(long id, const std::string& code);

/// `target` of a relationship of the part at `from` ("xl/workbook.xml") as a path in the package.
std::string resolve_target(const std::string& from, const std::string& target);

}  // namespace asemdb::detail
