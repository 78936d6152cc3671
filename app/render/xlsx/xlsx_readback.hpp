#pragma once
// Reads a finished workbook back before it takes its final name.
//
// libxlsxwriter writes each part to a temporary file and does not check those
// writes: on a full disk (or past a file-size limit) it still produces a
// well-formed zip whose parts are cut short. The small parts are inflated and
// must end where XML ends; a worksheet, which may hold a gigabyte of XML, is
// only measured: its part must hold at least the row data written for it.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace asemdb::detail {

struct ExpectedPart {
    std::string entry;           ///< e.g. "xl/worksheets/sheet1.xml"
    std::uint64_t min_bytes = 0; ///< its uncompressed size is at least this
};

/// Why the zip at `file` is not a complete workbook, or nothing if it is:
/// each of `measured` is present with at least its min_bytes, and every other
/// entry inflates with a matching CRC and, if .xml or .rels, ends with '>'.
std::optional<std::string> check_workbook_file(const std::filesystem::path& file,
                                               const std::vector<ExpectedPart>& measured);

}  // namespace asemdb::detail
