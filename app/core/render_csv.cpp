// CSV (RFC 4180) of one sheet: the one RenderOptions::sheet names, else the
// first. Rows of other sheets and the summary are dropped: a CSV file holds a
// single table.

#include "asemdb/error.hpp"
#include "stream_renderers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <ostream>

namespace asemdb::detail {
namespace {

void append_field(std::string& line, std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        line.append(value);
        return;
    }
    line.push_back('"');
    for (const char c : value) {
        if (c == '"') line.push_back('"');
        line.push_back(c);
    }
    line.push_back('"');
}

class CsvRenderer final : public Renderer {
 public:
    CsvRenderer(std::ostream& out, const RenderOptions& options) : out_(out), wanted_(options.sheet) {}

    void begin_report(const ReportContext&) override {}

    void begin_sheet(const SheetInfo& sheet) override {
        sheet_names_.push_back(sheet.name);
        active_ = !found_ && (!wanted_ || *wanted_ == sheet.name);
        if (!active_) return;
        found_ = true;
        std::vector<std::string> names;
        for (const Column& column : sheet.columns) names.push_back(column.name);
        write_record(names);
    }

    void row(std::span<const Cell> cells) override {
        if (!active_) return;
        std::vector<std::string> fields;
        fields.reserve(cells.size());
        for (const Cell& cell : cells) fields.push_back(cell_text(cell));
        write_record(fields);
        check_stream(out_);
    }

    void end_sheet(std::uint64_t) override {
        active_ = false;
        check_stream(out_);
    }

    void summary(const std::string&) override {}

    void end_report() override {
        if (wanted_ && !found_) {
            const std::string known = sheet_names_.empty() ? "(none)" : fmt::format("{}", fmt::join(sheet_names_, ", "));
            throw Error::usage(fmt::format("no sheet named '{}'; sheets: {}", *wanted_, known));
        }
        out_.flush();
        check_stream(out_);
    }

 private:
    void write_record(const std::vector<std::string>& fields) {
        std::string line;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) line.push_back(',');
            append_field(line, fields[i]);
        }
        // A lone empty field is quoted so the record is not read as a blank line.
        if (fields.size() == 1 && fields[0].empty()) line = "\"\"";
        out_ << line << "\r\n";
    }

    std::ostream& out_;
    std::optional<std::string> wanted_;
    std::vector<std::string> sheet_names_;  ///< for the message when `wanted_` is not among them
    bool found_ = false;
    bool active_ = false;
};

}  // namespace

std::unique_ptr<Renderer> make_csv_renderer(std::ostream& out, const RenderOptions& options) {
    return std::make_unique<CsvRenderer>(out, options);
}

}  // namespace asemdb::detail
