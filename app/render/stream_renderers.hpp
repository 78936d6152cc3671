#pragma once
// The textual renderers behind make_stream_renderer, and what they share: how a
// cell reads as plain text, how a failed stream is reported, and the bounded
// row sample that text and markdown tables are laid out from.

#include "asemdb/render/render.hpp"
#include "base/hex.hpp"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

std::unique_ptr<RowSink> make_text_renderer(std::ostream& out, const RenderOptions& options);
/// csv (`separator` ',') or tsv ('\t'), quoted as RFC 4180 quotes csv.
std::unique_ptr<RowSink> make_csv_renderer(std::ostream& out, const RenderOptions& options, char separator);
/// The json document of the whole report.
std::unique_ptr<RowSink> make_json_renderer(std::ostream& out);
/// One sheet's rows as json objects: a plain array, or one object a line (`lines`).
std::unique_ptr<RowSink> make_json_rows_renderer(std::ostream& out, const RenderOptions& options, bool lines);
std::unique_ptr<RowSink> make_markdown_renderer(std::ostream& out);

/// A cell as plain text: "" for NULL, a decimal integer, the shortest real that
/// reads back to the same double, the text itself, lower-case hex for a blob.
std::string cell_text(const Cell& cell);
/// The indexes of the columns a reader sees (not hidden), in order.
std::vector<std::size_t> shown_columns(const std::vector<Column>& columns);

/// Chooses the one sheet a single-table format renders: RenderOptions::sheet
/// by name, else the first; end() throws Error{Usage} when the named sheet never came.
class SheetChoice {
 public:
    explicit SheetChoice(std::optional<std::string> wanted) : wanted_(std::move(wanted)) {}
    /// True when `sheet` is the one to render.
    bool begin(const std::string& sheet);
    void end() const;

 private:
    std::optional<std::string> wanted_;
    std::vector<std::string> seen_;  ///< for the message when `wanted_` is not among them
    bool found_ = false;
};

/// "N rows", or "1 row".
std::string row_count_text(std::uint64_t rows);
inline bool is_number(CellType type) { return type == CellType::Integer || type == CellType::Real; }
/// Throws Error{Render} when `out` has failed (disk full, a closed pipe).
void check_stream(const std::ostream& out);

/// A cell as a table will show it: text already escaped for the format, and the
/// original type (numbers are right-aligned).
struct TableCell {
    std::string text;
    CellType type = CellType::Null;
};
using TableRow = std::vector<TableCell>;

struct TableLayout {
    std::vector<std::size_t> widths;  ///< display width: the widest of header and sample
    std::vector<bool> numeric;        ///< the sample has numbers in it and no text or blob
};

/// A table whose layout comes from its first kWidthSampleRows rows: they are
/// held until the sample is full (or the sheet ends), then the head and the
/// sample are written and every later row is written at once, with the widths
/// fixed; a wider later value overflows its column.
class SampledTable {
 public:
    virtual ~SampledTable() = default;

 protected:
    void start(TableRow header);
    void add(TableRow row);
    /// Lays out a sheet that ended before its sample was full.
    void finish();

    virtual void write_head(const TableRow& header, const TableLayout& layout) = 0;
    virtual void write_row(const TableRow& row, const TableLayout& layout) = 0;

 private:
    void lay_out();

    TableRow header_;
    std::vector<TableRow> sample_;
    TableLayout layout_;
    bool streaming_ = false;
};

/// Appends `text` padded with spaces to `width` display columns, on the left
/// when `right` (numbers), else on the right.
void append_padded(std::string& line, std::string_view text, std::size_t width, bool right);

}  // namespace asemdb::detail
