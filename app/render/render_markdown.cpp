// GitHub-flavoured Markdown: a heading, the parameters as a list, each sheet as
// a pipe table, and the summary (which arrives after the sheets) as a last
// section. Tables are padded to their sampled widths so the source reads well.

#include "render/stream_renderers.hpp"
#include "base/text_width.hpp"

#include <algorithm>
#include <ostream>
#include <utility>

namespace asemdb::detail {
namespace {

// A '|' would end the cell and a line break the row; a tab would spoil the
// padding that lines the table up in the source.
std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '|') {
            out += "\\|";
        } else if (text[i] == '\t') {
            out.push_back(' ');
        } else if (text[i] == '\r' || text[i] == '\n') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "<br>";
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// GitHub wants at least three dashes under a header cell.
constexpr std::size_t kMinWidth = 3;

std::size_t column_width(const TableLayout& layout, std::size_t i) {
    const std::size_t minimum = kMinWidth + (layout.numeric[i] ? 1 : 0);
    return std::max(layout.widths[i], minimum);
}

class MarkdownRenderer final : public RowSink, private SampledTable {
 public:
    explicit MarkdownRenderer(std::ostream& out) : out_(out) {}

    void begin_report(const ReportContext& context) override {
        untitled_ = context.untitled();
        if (untitled_) return;
        out_ << "# " << escaped(context.title.empty() ? context.id : context.title) << '\n';
        if (!context.parameters.empty()) out_ << '\n';
        for (const auto& [name, value] : context.parameters) out_ << "- **" << escaped(name) << "**: " << escaped(value) << '\n';
        started_ = true;
    }

    void begin_sheet(const SheetInfo& sheet) override {
        if (std::exchange(started_, true)) out_ << '\n';
        const std::string heading = sheet.heading();
        if (!untitled_ || !heading.empty()) out_ << "## " << escaped(heading.empty() ? sheet.name : heading) << "\n\n";
        TableRow header;
        shown_ = shown_columns(sheet.columns);
        for (const std::size_t i : shown_) header.push_back({escaped(sheet.columns[i].heading()), CellType::Text});
        start(std::move(header));
    }

    void row(std::span<const Cell> cells) override {
        TableRow prepared;
        prepared.reserve(shown_.size());
        for (const std::size_t i : shown_) prepared.push_back({escaped(cell_text(cells[i])), cells[i].type});
        add(std::move(prepared));
        check_stream(out_);
    }

    void end_sheet(std::uint64_t rows) override {
        finish();
        out_ << "\n_" << row_count_text(rows) << "_\n";
        check_stream(out_);
    }

    void summary(const std::string& text) override {
        std::string_view body = text;
        while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
        out_ << "\n## Summary\n\n" << body << '\n';
    }

    void end_report() override {
        out_.flush();
        check_stream(out_);
    }

 private:
    void write_head(const TableRow& header, const TableLayout& layout) override {
        write_line(header, layout, true);
        std::string line = "|";
        for (std::size_t i = 0; i < layout.widths.size(); ++i) {
            const std::size_t width = column_width(layout, i);
            line += ' ' + (layout.numeric[i] ? std::string(width - 1, '-') + ':' : std::string(width, '-')) + " |";
        }
        out_ << line << '\n';
    }

    void write_row(const TableRow& row, const TableLayout& layout) override { write_line(row, layout, false); }

    void write_line(const TableRow& cells, const TableLayout& layout, bool header) {
        std::string line = "|";
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::size_t width = i < layout.widths.size() ? column_width(layout, i) : 0;
            const bool right = header ? i < layout.numeric.size() && layout.numeric[i] : is_number(cells[i].type);
            line.push_back(' ');
            append_padded(line, cells[i].text, width, right);
            line += " |";
        }
        out_ << line << '\n';
    }

    std::ostream& out_;
    std::vector<std::size_t> shown_;  // the columns of the current sheet a reader sees
    bool untitled_ = false;  // see ReportContext::untitled
    bool started_ = false;   // something is written: the next part follows a blank line
};

}  // namespace

std::unique_ptr<RowSink> make_markdown_renderer(std::ostream& out) { return std::make_unique<MarkdownRenderer>(out); }

}  // namespace asemdb::detail
