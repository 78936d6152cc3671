// Plain text for a terminal: a header, then each sheet as an aligned table with
// ASCII borders, then the summary. The summary arrives after the sheets
// (RowSink order) and is printed when it arrives, at the end.
//
// Control characters in values would break a table's lines or drive the
// terminal, so they are shown escaped: \n, \r, \t, and \xHH (C0, DEL) or \uHHHH
// (C1) for the rest. A backslash in a value is left as it is.

#include "render/stream_renderers.hpp"
#include "base/text_width.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <utility>

namespace asemdb::detail {
namespace {

bool is_c1_control(std::string_view text, std::size_t i) {
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

std::string escape_control(unsigned char c) {
    switch (c) {
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: return fmt::format("\\x{:02x}", c);
    }
}

std::string visible(std::string_view text) {
    std::string shown;
    shown.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) {
            shown += escape_control(c);
        } else if (is_c1_control(text, i)) {
            shown += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
        } else {
            shown.push_back(text[i]);
        }
    }
    return shown;
}

// The summary is prose over several lines: keep its line breaks, escape the rest.
std::string visible_lines(std::string_view text) {
    std::string shown;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        shown += visible(text.substr(start, end - start));
        shown.push_back('\n');
        start = end + 1;
    }
    return shown;
}

std::string underlined(const std::string& title) {
    return title + '\n' + std::string(std::max<std::size_t>(display_width(title), 1), '-') + '\n';
}

TableCell prepare(const Cell& cell, const std::optional<std::string>& null_text) {
    if (cell.type == CellType::Null && null_text) return {visible(*null_text), CellType::Null};
    return {cell.type == CellType::Text ? visible(cell.text) : cell_text(cell), cell.type};
}

class TextRenderer final : public RowSink, private SampledTable {
 public:
    TextRenderer(std::ostream& out, const RenderOptions& options)
        : out_(out), headers_(options.headers), null_text_(options.null_text) {}

    void begin_report(const ReportContext& context) override {
        untitled_ = context.untitled();
        if (untitled_) return;
        out_ << visible(context.title.empty() ? context.id : context.title) << '\n';
        for (const auto& [name, value] : context.parameters) out_ << "  " << visible(name) << ": " << visible(value) << '\n';
        started_ = true;
    }

    void begin_sheet(const SheetInfo& sheet) override {
        if (std::exchange(started_, true)) out_ << '\n';
        const std::string heading = sheet.heading();
        if (!untitled_ || !heading.empty()) out_ << underlined(visible(heading.empty() ? sheet.name : heading));
        TableRow header;
        shown_ = shown_columns(sheet.columns);
        for (const std::size_t i : shown_) header.push_back({visible(sheet.columns[i].heading()), CellType::Text});
        start(std::move(header));
    }

    void row(std::span<const Cell> cells) override {
        TableRow prepared;
        prepared.reserve(shown_.size());
        for (const std::size_t i : shown_) prepared.push_back(prepare(cells[i], null_text_));
        add(std::move(prepared));
        check_stream(out_);
    }

    void end_sheet(std::uint64_t rows) override {
        finish();
        out_ << '(' << row_count_text(rows) << ")\n";
        check_stream(out_);
    }

    void summary(const std::string& text) override {
        std::string_view body = text;
        while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
        out_ << '\n' << underlined("Summary") << visible_lines(body);
    }

    void end_report() override {
        out_.flush();
        check_stream(out_);
    }

 private:
    void write_head(const TableRow& header, const TableLayout& layout) override {
        if (!headers_) return;
        write_line(header, layout, true);
        std::string line;
        for (std::size_t i = 0; i < layout.widths.size(); ++i) {
            if (i > 0) line += "-+-";
            line.append(std::max<std::size_t>(layout.widths[i], 1), '-');
        }
        out_ << line << '\n';
    }

    void write_row(const TableRow& row, const TableLayout& layout) override { write_line(row, layout, false); }

    void write_line(const TableRow& cells, const TableLayout& layout, bool header) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) line += " | ";
            const std::size_t width = i < layout.widths.size() ? std::max<std::size_t>(layout.widths[i], 1) : 0;
            const bool right = header ? i < layout.numeric.size() && layout.numeric[i] : is_number(cells[i].type);
            append_padded(line, cells[i].text, width, right);
        }
        // Padding after the last value would only leave trailing blanks.
        line.erase(line.find_last_not_of(' ') + 1);
        out_ << line << '\n';
    }

    std::ostream& out_;
    bool headers_;
    std::optional<std::string> null_text_;
    std::vector<std::size_t> shown_;  // the columns of the current sheet a reader sees
    bool untitled_ = false;  // see ReportContext::untitled
    bool started_ = false;   // something is written: the next part follows a blank line
};

}  // namespace

std::unique_ptr<RowSink> make_text_renderer(std::ostream& out, const RenderOptions& options) {
    return std::make_unique<TextRenderer>(out, options);
}

}  // namespace asemdb::detail
