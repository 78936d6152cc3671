// Format names, and the parts the textual renderers share.

#include "asemdb/render/render.hpp"
#include "asemdb/base/text.hpp"

#include "asemdb/base/error.hpp"
#include "render/stream_renderers.hpp"
#include "base/text_width.hpp"
#include "base/write_buffer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <ostream>

namespace asemdb {
namespace {

constexpr Format kAllFormats[] = {Format::Text,     Format::Csv,  Format::Tsv,  Format::Json, Format::Ndjson,
                                  Format::Markdown, Format::Xlsx, Format::Junit};

std::optional<Format> among(std::optional<Format> format, std::span<const Format> allowed) {
    if (format && std::find(allowed.begin(), allowed.end(), *format) != allowed.end()) return format;
    return std::nullopt;
}

}  // namespace

std::optional<Format> parse_format(const std::string& name, std::span<const Format> allowed) {
    const std::string key = ascii_lower(name);
    if (key == "md") return among(Format::Markdown, allowed);
    // sqlite-utils calls it --nl; others call it JSON Lines.
    if (key == "nl" || key == "jsonl") return among(Format::Ndjson, allowed);
    for (const Format format : kAllFormats)
        if (key == to_string(format)) return among(format, allowed);
    return std::nullopt;
}

std::optional<Format> format_for_path(const std::filesystem::path& file, std::span<const Format> allowed) {
    const std::string ext = ascii_lower(file.extension().string());
    if (ext == ".jsonl") return among(Format::Ndjson, allowed);
    for (const Format format : kAllFormats)
        if (ext == "." + extension_of(format)) return among(format, allowed);
    return std::nullopt;
}

std::string to_string(Format format) {
    switch (format) {
        case Format::Text: return "text";
        case Format::Csv: return "csv";
        case Format::Tsv: return "tsv";
        case Format::Json: return "json";
        case Format::Ndjson: return "ndjson";
        case Format::Markdown: return "markdown";
        case Format::Xlsx: return "xlsx";
        case Format::Junit: return "junit";
    }
    return "text";
}

std::string format_names(std::span<const Format> allowed) {
    std::string names;
    for (std::size_t i = 0; i < allowed.size(); ++i)
        names += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + to_string(allowed[i]);
    return names;
}

std::string extension_of(Format format) {
    switch (format) {
        case Format::Text: return "txt";
        case Format::Csv: return "csv";
        case Format::Tsv: return "tsv";
        case Format::Json: return "json";
        case Format::Ndjson: return "ndjson";
        case Format::Markdown: return "md";
        case Format::Xlsx: return "xlsx";
        case Format::Junit: return "xml";
    }
    return "txt";
}

bool is_textual(Format format) { return format != Format::Xlsx; }

bool holds_one_table(Format format, const RenderOptions& options) {
    return format == Format::Csv || format == Format::Tsv || format == Format::Ndjson ||
           (format == Format::Json && !options.json_document);
}

std::unique_ptr<RowSink> make_stream_renderer(Format format, std::ostream& out, const RenderOptions& options) {
    switch (format) {
        case Format::Text: return detail::make_text_renderer(out, options);
        case Format::Csv: return detail::make_csv_renderer(out, options, ',');
        case Format::Tsv: return detail::make_csv_renderer(out, options, '\t');
        case Format::Json:
            return options.json_document ? detail::make_json_renderer(out) : detail::make_json_rows_renderer(out, options, false);
        case Format::Ndjson: return detail::make_json_rows_renderer(out, options, true);
        case Format::Markdown: return detail::make_markdown_renderer(out);
        case Format::Xlsx: break;
        case Format::Junit: throw Error::usage("the junit format is for the audit only");
    }
    // A caller's bug, but a null renderer would crash later and far from here.
    throw Error::usage("the xlsx format needs an output file (--output FILE.xlsx)");
}

namespace detail {
namespace {

TableLayout measure(const TableRow& header, const std::vector<TableRow>& sample) {
    const std::size_t columns = header.size();
    TableLayout layout{std::vector<std::size_t>(columns, 0), std::vector<bool>(columns, false)};
    std::vector<bool> has_other(columns, false);
    for (std::size_t i = 0; i < columns; ++i) layout.widths[i] = display_width(header[i].text);
    for (const TableRow& row : sample) {
        for (std::size_t i = 0; i < std::min(columns, row.size()); ++i) {
            layout.widths[i] = std::max(layout.widths[i], display_width(row[i].text));
            if (is_number(row[i].type)) layout.numeric[i] = true;
            else if (row[i].type != CellType::Null) has_other[i] = true;
        }
    }
    for (std::size_t i = 0; i < columns; ++i) layout.numeric[i] = layout.numeric[i] && !has_other[i];
    return layout;
}

}  // namespace

std::string cell_text(const Cell& cell) {
    switch (cell.type) {
        case CellType::Null: return {};
        case CellType::Integer: return fmt::format("{}", cell.integer);
        case CellType::Real: return fmt::format("{}", cell.real);
        case CellType::Text: return std::string(cell.text);
        case CellType::Blob: return hex(cell.text);
    }
    return {};
}

std::vector<std::size_t> shown_columns(const std::vector<Column>& columns) {
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (!columns[i].hidden) shown.push_back(i);
    return shown;
}

bool SheetChoice::begin(const std::string& sheet) {
    seen_.push_back(sheet);
    if (found_ || (wanted_ && *wanted_ != sheet)) return false;
    found_ = true;
    return true;
}

void SheetChoice::end() const {
    if (!wanted_ || found_) return;
    const std::string known = seen_.empty() ? "(none)" : fmt::format("{}", fmt::join(seen_, ", "));
    throw Error::usage(fmt::format("no sheet named '{}'; sheets: {}", *wanted_, known));
}

std::string row_count_text(std::uint64_t rows) { return fmt::format("{} {}", rows, rows == 1 ? "row" : "rows"); }

void check_stream(const std::ostream& out) {
    if (out) return;
    if (const auto* buffer = dynamic_cast<const WriteBuffer*>(out.rdbuf())) throw_write_error(*buffer);
    throw Error(ErrorKind::Render, {}, "cannot write output: the write failed (disk full, or the reader went away?)");
}

void append_padded(std::string& line, std::string_view text, std::size_t width, bool right) {
    const std::size_t fill = width - std::min(width, display_width(text));
    if (right) line.append(fill, ' ');
    line.append(text);
    if (!right) line.append(fill, ' ');
}

void SampledTable::start(TableRow header) {
    header_ = std::move(header);
    sample_.clear();
    streaming_ = false;
}

void SampledTable::add(TableRow row) {
    if (streaming_) {
        write_row(row, layout_);
        return;
    }
    if (sample_.size() < kWidthSampleRows) {
        sample_.push_back(std::move(row));
        return;
    }
    lay_out();
    write_row(row, layout_);
}

void SampledTable::finish() {
    if (!streaming_) lay_out();
}

void SampledTable::lay_out() {
    layout_ = measure(header_, sample_);
    write_head(header_, layout_);
    for (const TableRow& row : sample_) write_row(row, layout_);
    // The sample is written: release it, so a sheet holds at most one sample.
    std::vector<TableRow>().swap(sample_);
    streaming_ = true;
}

}  // namespace detail
}  // namespace asemdb
