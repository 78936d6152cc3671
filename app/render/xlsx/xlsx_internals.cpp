#include "render/xlsx/xlsx_internals.hpp"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace asemdb::detail::lxw {
namespace {

// stdio's buffer for a worksheet's row file is st_blksize, 4 KiB: rows would
// cost a write(2) per 4 KiB while they stream and a read(2) per 4 KiB when
// close copies them into the workbook, some 34,000 calls per 100,000 rows.
constexpr std::size_t kRowFileBuffer = std::size_t{256} << 10;

// A buffer whose stream may still be open is kept, reachable, for the life of
// the process: stdio flushes every open stream at exit.
void keep_for_process(std::unique_ptr<char[]> buffer) {
    static std::mutex mutex;
    static auto* kept = new std::vector<std::unique_ptr<char[]>>;  // never freed: see above
    const std::lock_guard lock(mutex);
    kept->push_back(std::move(buffer));
}

#if ASEMDB_XLSX_DIRECT_ROWS

// The library copies (and closes) a row file only when the sheet has rows.
bool library_closes_row_file(const lxw_worksheet* ws) { return ws->dim_rowmin != LXW_ROW_MAX; }

#else

// The public path never reaches the worksheet's fields.
[[noreturn]] void unreachable() {
    assert(!"the direct path is not built");
    std::abort();
}

#endif

}  // namespace

bool direct_rows() {
    // A library swapped under the binary (same soname, another version) may
    // write other XML or lay its worksheet out otherwise: rows then go through its API.
    static const bool direct = kDirectRowsBuilt && lxw_version_id() == LXW_VERSION_ID;
    return direct;
}

#if ASEMDB_XLSX_DIRECT_ROWS

std::FILE* row_file(lxw_worksheet* ws) { return direct_rows() && ws->optimize ? ws->optimize_tmpfile : nullptr; }

void write_held_row(lxw_worksheet* ws) {
    if (row_file(ws)) lxw_worksheet_write_single_row(ws);
}

void extend_to_column(lxw_worksheet* ws, lxw_col_t col) {
    ws->dim_colmin = std::min(ws->dim_colmin, col);
    ws->dim_colmax = std::max(ws->dim_colmax, col);
}

void extend_to_row(lxw_worksheet* ws, lxw_row_t row) {
    ws->dim_rowmin = std::min(ws->dim_rowmin, row);
    ws->dim_rowmax = std::max(ws->dim_rowmax, row);
}

bool marks_row_descent(const lxw_worksheet* ws) { return ws->excel_version == 2010; }

std::int32_t style_index(lxw_format* format) { return lxw_format_get_xf_index(format); }

#else

std::FILE* row_file(lxw_worksheet*) { return nullptr; }
void write_held_row(lxw_worksheet*) {}
void extend_to_column(lxw_worksheet*, lxw_col_t) { unreachable(); }
void extend_to_row(lxw_worksheet*, lxw_row_t) { unreachable(); }
bool marks_row_descent(const lxw_worksheet*) { unreachable(); }
std::int32_t style_index(lxw_format*) { unreachable(); }

#endif

RowFileBuffer buffer_row_file(lxw_worksheet* ws) {
    RowFileBuffer row_buffer{ws, nullptr};
    std::FILE* file = row_file(ws);
    if (!file) return row_buffer;
    // Before any write, as setvbuf requires; without the buffer the rows still go through stdio's own.
    auto buffer = std::make_unique_for_overwrite<char[]>(kRowFileBuffer);
    if (std::setvbuf(file, buffer.get(), _IOFBF, kRowFileBuffer) == 0) row_buffer.buffer = std::move(buffer);
    return row_buffer;
}

lxw_error close_workbook(lxw_workbook* wb, std::vector<RowFileBuffer>& buffers) noexcept {
    std::vector<bool> closed;  // whether the library will close the sheet's row file
    for (const RowFileBuffer& row_buffer : buffers) {
#if ASEMDB_XLSX_DIRECT_ROWS
        closed.push_back(library_closes_row_file(row_buffer.ws));
#else
        closed.push_back(!row_buffer.buffer);
#endif
    }
    const lxw_error code = workbook_close(wb);
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        std::unique_ptr<char[]> buffer = std::move(buffers[i].buffer);  // freed here unless kept
        if (buffer && (code != LXW_NO_ERROR || !closed[i])) keep_for_process(std::move(buffer));
    }
    buffers.clear();
    return code;
}

}  // namespace asemdb::detail::lxw
