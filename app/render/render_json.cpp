// JSON written as the rows arrive: nothing but the current row is held.
// Integers stay integers, reals stay numbers (NaN and infinities, which JSON
// cannot spell, become null), blobs become hex strings. Each row is an object
// keyed by column name, one per line, in one of three shapes:
// - the document of the whole report: one key per line at the top, each
//   sheet's row objects in its "rows";
// - a plain array of one sheet's row objects (what `jq '.[]'` and most
//   importers take);
// - newline-delimited json: one row object per line and nothing else.

#include "render/stream_renderers.hpp"

#include "asemdb/base/time.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ostream>

namespace asemdb::detail {
namespace {

using nlohmann::json;

// Invalid UTF-8 in a value becomes U+FFFD rather than failing the whole report.
std::string json_string(std::string_view text) {
    return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string json_value(const Cell& cell) {
    switch (cell.type) {
        case CellType::Null: return "null";
        case CellType::Integer: return fmt::format("{}", cell.integer);
        // nlohmann writes the shortest round-trip form and keeps a ".0", so 2.0 reads back as a real.
        case CellType::Real: return std::isfinite(cell.real) ? json(cell.real).dump() : "null";
        case CellType::Text: return json_string(cell.text);
        case CellType::Blob: return json_string(hex(cell.text));
    }
    return "null";
}

std::string parameters_object(const ReportContext& context) {
    std::string object = "{";
    for (const auto& [name, value] : context.parameters) {
        if (object.size() > 1) object += ", ";
        object += json_string(name) + ": " + json_string(value);
    }
    return object + "}";
}

// The object of one row; `keys` are the sheet's column names, already quoted.
std::string row_object(const std::vector<std::string>& keys, std::span<const Cell> cells) {
    std::string object = "{";
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) object += ", ";
        object += (i < keys.size() ? keys[i] : json_string(fmt::format("column{}", i + 1))) + ": " + json_value(cells[i]);
    }
    object += '}';
    return object;
}

std::vector<std::string> quoted_names(const SheetInfo& sheet) {
    std::vector<std::string> keys;
    for (const Column& column : sheet.columns) keys.push_back(json_string(column.name));
    return keys;
}

class JsonRenderer final : public RowSink {
 public:
    explicit JsonRenderer(std::ostream& out) : out_(out) {}

    void begin_report(const ReportContext& context) override {
        out_ << "{\n  \"report\": " << json_string(context.id) << ",\n  \"title\": " << json_string(context.title)
             << ",\n  \"description\": " << json_string(context.description) << ",\n  \"parameters\": "
             << parameters_object(context) << ",\n  \"generated\": "
             << json_string(iso_utc(context.generated)) << ",\n  \"sheets\": [";
    }

    void begin_sheet(const SheetInfo& sheet) override {
        keys_ = quoted_names(sheet);
        out_ << (sheets_++ > 0 ? ",\n" : "\n") << "    {\n      \"name\": " << json_string(sheet.name)
             << ",\n      \"title\": " << json_string(sheet.heading()) << ",\n      \"columns\": " << fmt::format("[{}]", fmt::join(keys_, ", "))
             << ",\n      \"rows\": [";
        rows_ = 0;
    }

    void row(std::span<const Cell> cells) override {
        out_ << (rows_++ > 0 ? ",\n" : "\n") << "        " << row_object(keys_, cells);
        check_stream(out_);
    }

    void end_sheet(std::uint64_t rows) override {
        out_ << (rows_ > 0 ? "\n      ]" : "]") << ",\n      \"row_count\": " << rows << "\n    }";
        check_stream(out_);
    }

    void summary(const std::string& text) override {
        close_sheets();
        out_ << ",\n  \"summary\": " << json_string(text);
    }

    void end_report() override {
        close_sheets();
        out_ << "\n}\n";
        out_.flush();
        check_stream(out_);
    }

 private:
    void close_sheets() {
        if (sheets_closed_) return;
        out_ << (sheets_ > 0 ? "\n  ]" : "]");
        sheets_closed_ = true;
    }

    std::ostream& out_;
    std::vector<std::string> keys_;  ///< the current sheet's column names, already quoted
    std::size_t sheets_ = 0;
    std::uint64_t rows_ = 0;
    bool sheets_closed_ = false;
};

// One sheet (SheetChoice) as a plain array or as lines; other sheets and the
// summary are dropped, as csv drops them.
class JsonRowsRenderer final : public RowSink {
 public:
    JsonRowsRenderer(std::ostream& out, const RenderOptions& options, bool lines)
        : out_(out), choice_(options.sheet), lines_(lines) {}

    void begin_report(const ReportContext&) override {}

    void begin_sheet(const SheetInfo& sheet) override {
        active_ = choice_.begin(sheet.name);
        if (!active_) return;
        keys_ = quoted_names(sheet);
        if (!lines_) out_ << '[';
    }

    void row(std::span<const Cell> cells) override {
        if (!active_) return;
        if (lines_) out_ << row_object(keys_, cells) << '\n';
        else out_ << (rows_++ > 0 ? ",\n" : "\n") << row_object(keys_, cells);
        check_stream(out_);
    }

    void end_sheet(std::uint64_t) override {
        if (active_ && !lines_) out_ << (rows_ > 0 ? "\n]\n" : "]\n");
        active_ = false;
        check_stream(out_);
    }

    void summary(const std::string&) override {}

    void end_report() override {
        choice_.end();
        out_.flush();
        check_stream(out_);
    }

 private:
    std::ostream& out_;
    SheetChoice choice_;
    bool lines_;
    bool active_ = false;
    std::vector<std::string> keys_;
    std::uint64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<RowSink> make_json_renderer(std::ostream& out) { return std::make_unique<JsonRenderer>(out); }

std::unique_ptr<RowSink> make_json_rows_renderer(std::ostream& out, const RenderOptions& options, bool lines) {
    return std::make_unique<JsonRowsRenderer>(out, options, lines);
}

}  // namespace asemdb::detail
