// Fuzz target: the text, csv, json and markdown renderers fed random columns and
// rows. The input is consumed as: format (and, bit 2, csv's formula escaping),
// column count, then per cell a type
// byte and, for text, a length byte and that many bytes. JSON output must parse.

#include "asemdb/base/error.hpp"
#include "asemdb/render/render.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Input {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos = 0;
    bool empty() const { return pos >= size; }
    std::uint8_t byte() { return empty() ? 0 : data[pos++]; }
    std::string_view bytes(std::size_t n) {
        n = std::min(n, size - pos);
        std::string_view out(reinterpret_cast<const char*>(data + pos), n);
        pos += n;
        return out;
    }
};

asemdb::Cell next_cell(Input& in) {
    asemdb::Cell cell;
    switch (in.byte() % 5) {
        case 0: break;
        case 1: {
            cell.type = asemdb::CellType::Integer;
            std::uint64_t v = 0;
            for (int i = 0; i < 8; ++i) v = (v << 8) | in.byte();
            cell.integer = static_cast<std::int64_t>(v);
            break;
        }
        case 2: {
            cell.type = asemdb::CellType::Real;
            std::uint64_t bits = 0;
            for (int i = 0; i < 8; ++i) bits = (bits << 8) | in.byte();
            std::memcpy(&cell.real, &bits, sizeof bits);
            break;
        }
        case 3: cell.type = asemdb::CellType::Text; cell.text = in.bytes(in.byte()); break;
        default: cell.type = asemdb::CellType::Blob; cell.text = in.bytes(in.byte()); break;
    }
    return cell;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in{data, size};
    constexpr asemdb::Format kFormats[] = {asemdb::Format::Text, asemdb::Format::Csv, asemdb::Format::Json,
                                           asemdb::Format::Markdown};
    const std::uint8_t head = in.byte();
    const auto format = kFormats[head % 4];
    asemdb::RenderOptions options;
    options.escape_formulas = (head & 4) != 0;
    const std::size_t columns = 1 + in.byte() % 6;
    asemdb::SheetInfo sheet{"s", "Sheet", {}, {}};
    for (std::size_t c = 0; c < columns; ++c)
        sheet.columns.push_back({std::string(in.bytes(in.byte() % 8)), static_cast<asemdb::ColumnFormat>(in.byte() % 5)});
    std::ostringstream out;
    try {
        auto renderer = asemdb::make_stream_renderer(format, out, options);
        asemdb::ReportContext context;
        context.id = "fuzz";
        context.title = "Fuzz";
        renderer->begin_report(context);
        renderer->begin_sheet(sheet);
        std::uint64_t rows = 0;
        std::vector<asemdb::Cell> cells(columns);
        while (!in.empty()) {
            for (auto& cell : cells) cell = next_cell(in);
            renderer->row(cells);
            ++rows;
        }
        renderer->end_sheet(rows);
        renderer->summary("summary");
        renderer->end_report();
    } catch (const asemdb::Error&) {
        return 0;
    }
    if (format == asemdb::Format::Json && !nlohmann::json::accept(out.str())) __builtin_trap();
    return 0;
}
