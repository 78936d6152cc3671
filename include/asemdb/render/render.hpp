#pragma once
// Renderers: RowSinks that turn a report run into text, csv, tsv, json,
// newline-delimited json, markdown or an xlsx workbook. They see columns and rows, never the database; they keep at
// most a bounded sample of rows (for column widths), never the whole result.

#include "asemdb/engine/row.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace asemdb {

/// Every output format of asemdb. Each kind of output takes some of them:
/// kReportFormats, kAuditFormats, kHistoryFormats.
enum class Format { Text, Csv, Tsv, Json, Ndjson, Markdown, Xlsx, Junit };

inline constexpr Format kReportFormats[] = {Format::Text,   Format::Csv,      Format::Tsv, Format::Json,
                                            Format::Ndjson, Format::Markdown, Format::Xlsx};
inline constexpr Format kAuditFormats[] = {Format::Text, Format::Json, Format::Junit, Format::Xlsx};
inline constexpr Format kHistoryFormats[] = {Format::Text, Format::Json, Format::Csv};

/// "text", "csv", "tsv", "json", "ndjson" (or "nl", "jsonl"), "markdown" (or
/// "md"), "xlsx", "junit", in any case,
/// when `allowed` holds it; nullopt otherwise.
std::optional<Format> parse_format(const std::string& name, std::span<const Format> allowed = kReportFormats);
/// The format an output file's extension implies (.txt, .csv, .tsv, .json,
/// .ndjson or .jsonl, .md, .xlsx, .xml for junit), when `allowed` holds it.
std::optional<Format> format_for_path(const std::filesystem::path& file, std::span<const Format> allowed = kReportFormats);
/// The usual extension, without the dot: "txt", "csv", "tsv", "json", "ndjson", "md", "xlsx", "xml".
std::string extension_of(Format format);
/// The format's name: "text", "csv", "tsv", "json", "ndjson", "markdown", "xlsx", "junit".
std::string to_string(Format format);
/// "text, csv, json, markdown or xlsx": the names of `allowed`, for messages.
std::string format_names(std::span<const Format> allowed);
/// True for the formats that can go to a terminal (all but xlsx).
bool is_textual(Format format);

/// Excel's row limit per worksheet, header included.
inline constexpr std::uint64_t kExcelMaxRows = 1048576;
/// Excel's limit on the characters of one cell.
inline constexpr std::size_t kExcelMaxCellChars = 32767;
/// Rows a renderer looks at to size its columns.
inline constexpr std::size_t kWidthSampleRows = 1000;

struct RenderOptions {
    /// The formats that hold one table (see holds_one_table) render one sheet:
    /// this one (by name), or the first if unset.
    std::optional<std::string> sheet;
    /// json: one document with the report's title, parameters and every sheet
    /// ({"report": ..., "sheets": [{"rows": [...]}, ...]}) rather than a plain
    /// array of the one sheet's row objects.
    bool json_document = false;
    /// csv, tsv, text: a first line of column names.
    bool headers = true;
    /// csv, tsv, text: how NULL is written; unset, as an empty field, like the empty string.
    std::optional<std::string> null_text;
    /// xlsx: rows per worksheet, header included; a longer result continues on a
    /// new worksheet. Tests lower it; users never need to.
    std::uint64_t max_rows_per_sheet = kExcelMaxRows;
    /// csv: text beginning with '=', '+', '-', '@', a tab or a carriage return is
    /// written as a quoted field behind a "'", so a spreadsheet importing the file
    /// reads it as text, not as a formula (OWASP's CSV injection advice). Numbers
    /// are left alone: -5 stays a number.
    bool escape_formulas = false;
    /// Called with a one-line notice when output had to be adjusted (a truncated cell).
    std::function<void(const std::string&)> warn;
};

/// True when `format` holds a single table (csv, tsv, ndjson, json as a plain
/// array): rendering a report of several sheets into it would drop all but one.
bool holds_one_table(Format format, const RenderOptions& options);

/// A renderer for a textual format writing to `out`. REQUIRES: is_textual(format).
std::unique_ptr<RowSink> make_stream_renderer(Format format, std::ostream& out, const RenderOptions& options);

/// A renderer writing an xlsx workbook to `file` (the caller's temporary path:
/// see AtomicOutput). The workbook is complete only after end_report().
/// Throws Error{Render} naming the file when it cannot be created or written.
std::unique_ptr<RowSink> make_xlsx_renderer(const std::filesystem::path& file, const RenderOptions& options);

/// The version of the libxlsxwriter library loaded at run time ("1.1.4"), not the headers'.
std::string xlsxwriter_version();

}  // namespace asemdb
