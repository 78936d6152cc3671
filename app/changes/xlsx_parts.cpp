#include "changes/xlsx_parts.hpp"

#include <cstdlib>
#include <cstring>

namespace asemdb::detail {
namespace {

long to_long(const char* text, long otherwise) {
    if (!text || !*text) return otherwise;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return *end ? otherwise : value;
}

bool is_true(const char* text) { return text && (std::strcmp(text, "1") == 0 || std::strcmp(text, "true") == 0); }

}  // namespace

void RelsReader::start(std::string_view name, const char** attrs) {
    if (name != "Relationship") return;
    const char* id = xml_attribute(attrs, "Id");
    const char* target = xml_attribute(attrs, "Target");
    const char* type = xml_attribute(attrs, "Type");
    if (!id || !target) return;
    targets[id] = target;
    if (type && std::string_view(type).ends_with("/officeDocument")) office_document = target;
}

void WorkbookReader::start(std::string_view name, const char** attrs) {
    if (name == "workbookPr") {
        date1904 = is_true(xml_attribute(attrs, "date1904"));
    } else if (name == "sheet") {
        const char* sheet_name = xml_attribute(attrs, "name");
        const char* id = xml_attribute(attrs, "id");
        const char* state = xml_attribute(attrs, "state");
        if (!sheet_name || !id) return fail("lists a sheet without a name or a relationship");
        sheets.push_back({sheet_name, id, state && std::strcmp(state, "visible") != 0});
    }
}

void SharedStringsReader::start(std::string_view name, const char**) {
    // As many strings as a workbook has cells at most (xlsx_reader.cpp), so that
    // a part of empty items cannot cost ten times its size in memory.
    if (name == "si" && strings.size() >= 2'000'000) return fail("holds more strings than asemdb reads");
    if (name == "si") strings.emplace_back();
    else if (name == "t") in_t_ = true;
    else if (name == "rPh") ++in_phonetic_;
}

void SharedStringsReader::end(std::string_view name) {
    if (name == "t") in_t_ = false;
    else if (name == "rPh") --in_phonetic_;
}

void SharedStringsReader::text(std::string_view text) {
    if (in_t_ && in_phonetic_ == 0 && !strings.empty()) strings.back().append(text);
}

void StylesReader::start(std::string_view name, const char** attrs) {
    if (name == "numFmt") {
        const char* code = xml_attribute(attrs, "formatCode");
        custom_[to_long(xml_attribute(attrs, "numFmtId"), -1)] = code ? code : "";
    } else if (name == "cellXfs") {
        in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
        xf_formats_.push_back(to_long(xml_attribute(attrs, "numFmtId"), 0));
    }
}

void StylesReader::end(std::string_view name) {
    if (name != "cellXfs") return;
    in_cell_xfs_ = false;
    for (const long id : xf_formats_) {
        const auto custom = custom_.find(id);
        is_date.push_back(is_date_format(id, custom == custom_.end() ? std::string() : custom->second));
    }
}

bool is_date_format(long id, const std::string& code) {
    // Excel's built-in date and time formats, Western and East Asian.
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
    if (id < 164 && code.empty()) return false;
    // A custom format shows a date if it has a day, month or year outside
    // quoted text, escapes and [colour] or [$-locale] brackets.
    bool quoted = false;
    int bracket = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == '\\' || c == '_' || c == '*') ++i;
        else if (c == '[') ++bracket;
        else if (c == ']' && bracket > 0) --bracket;
        else if (bracket == 0 && std::strchr("dDmMyY", c)) return true;
        else if (c == ';') break;  // the first section decides, as for positive numbers
    }
    return false;
}

std::string resolve_target(const std::string& from, const std::string& target) {
    if (target.starts_with("/")) return target.substr(1);
    std::string dir = from.substr(0, from.find_last_of('/') + 1);
    std::string rest = target;
    while (rest.starts_with("../")) {
        rest.erase(0, 3);
        if (!dir.empty()) dir.pop_back();
        dir = dir.substr(0, dir.find_last_of('/') + 1);
    }
    return dir + rest;
}

}  // namespace asemdb::detail
