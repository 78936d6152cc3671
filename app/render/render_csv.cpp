// CSV (RFC 4180) of one sheet: the one RenderOptions::sheet names, else the
// first. Rows of other sheets and the summary are dropped: a CSV file holds a
// single table (callers refuse a report of several sheets: holds_one_table).
// TSV is the same with a tab between fields.

#include "render/stream_renderers.hpp"

#include <fmt/format.h>

#include <iterator>
#include <optional>
#include <ostream>

namespace asemdb::detail {
namespace {

// One pass over the bytes: find_first_of would call memchr once per byte.
bool needs_quotes(std::string_view value, char separator) {
    for (const char c : value)
        if (c == separator || c == '"' || c == '\r' || c == '\n') return true;
    return false;
}

// What a spreadsheet would take for the start of a formula (or, for tab and CR,
// could be led into one by a cell that follows).
bool starts_like_a_formula(std::string_view value) {
    return !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
}

void append_quoted(std::string& line, std::string_view prefix, std::string_view value) {
    line.push_back('"');
    line.append(prefix);
    for (const char c : value) {
        if (c == '"') line.push_back('"');
        line.push_back(c);
    }
    line.push_back('"');
}


class CsvRenderer final : public RowSink {
 public:
    CsvRenderer(std::ostream& out, const RenderOptions& options, char separator)
        : out_(out),
          choice_(options.sheet),
          escape_formulas_(options.escape_formulas),
          headers_(options.headers),
          null_text_(options.null_text),
          separator_(separator) {}

    void begin_report(const ReportContext&) override {}

    void begin_sheet(const SheetInfo& sheet) override {
        active_ = choice_.begin(sheet.name);
        if (!active_ || !headers_) return;
        std::vector<std::string> names;
        for (const Column& column : sheet.columns) names.push_back(column.name);
        write_record(names);
    }

    void row(std::span<const Cell> cells) override {
        if (!active_) return;
        const std::size_t start = buffer_.size();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) buffer_.push_back(separator_);
            append_cell(cells[i]);
        }
        end_record(start, cells.size());
        if (buffer_.size() >= kFlushBytes) flush();
    }

    void end_sheet(std::uint64_t) override {
        active_ = false;
        flush();
    }

    void summary(const std::string&) override {}

    void end_report() override {
        choice_.end();
        flush();
        out_.flush();
        check_stream(out_);
    }

 private:
    // Records are built in one buffer that goes to the stream in large writes:
    // no string per field, no stream call per record.
    static constexpr std::size_t kFlushBytes = 256 * 1024;

    void write_record(const std::vector<std::string>& fields) {
        const std::size_t start = buffer_.size();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) buffer_.push_back(separator_);
            append_text(fields[i]);
        }
        end_record(start, fields.size());
    }

    // The same text as cell_text(), written straight into the buffer.
    void append_cell(const Cell& cell) {
        switch (cell.type) {
            case CellType::Null:
                if (null_text_) append_field(*null_text_);
                return;
            case CellType::Integer: fmt::format_to(std::back_inserter(buffer_), "{}", cell.integer); return;
            case CellType::Real: fmt::format_to(std::back_inserter(buffer_), "{}", cell.real); return;
            case CellType::Text: return append_text(cell.text);
            case CellType::Blob: return append_field(hex(cell.text));
        }
    }

    void append_text(std::string_view text) {
        if (escape_formulas_ && starts_like_a_formula(text)) return append_quoted(buffer_, "'", text);
        append_field(text);
    }

    void append_field(std::string_view value) {
        if (needs_quotes(value, separator_)) return append_quoted(buffer_, {}, value);
        buffer_.append(value);
    }

    // A lone empty field is quoted so the record is not read as a blank line.
    void end_record(std::size_t start, std::size_t fields) {
        if (fields == 1 && buffer_.size() == start) buffer_ += "\"\"";
        buffer_ += "\r\n";
    }

    void flush() {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
        check_stream(out_);
    }

    std::ostream& out_;
    SheetChoice choice_;
    bool escape_formulas_;
    bool headers_;
    std::optional<std::string> null_text_;
    char separator_;
    bool active_ = false;
    std::string buffer_;
};

}  // namespace

std::unique_ptr<RowSink> make_csv_renderer(std::ostream& out, const RenderOptions& options, char separator) {
    return std::make_unique<CsvRenderer>(out, options, separator);
}

}  // namespace asemdb::detail
