#include "changes/xlsx_zip.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace asemdb::detail {

// minizip reads through these callbacks, so that an archive in memory (a file
// read once, or a fuzzer's input) needs no temporary file.
struct ZipArchive::Source {
    std::string_view bytes;
    std::uint64_t pos = 0;
};

namespace {

using Source = ZipArchive::Source;

voidpf open_source(voidpf opaque, const void*, int) { return opaque; }

uLong read_source(voidpf, voidpf stream, void* buf, uLong size) {
    auto* s = static_cast<Source*>(stream);
    const std::uint64_t left = s->pos < s->bytes.size() ? s->bytes.size() - s->pos : 0;
    const uLong n = static_cast<uLong>(std::min<std::uint64_t>(size, left));
    std::memcpy(buf, s->bytes.data() + s->pos, n);
    s->pos += n;
    return n;
}

uLong write_source(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T tell_source(voidpf, voidpf stream) { return static_cast<Source*>(stream)->pos; }

long seek_source(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* s = static_cast<Source*>(stream);
    std::uint64_t base = 0;
    if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = s->pos;
    else if (origin == ZLIB_FILEFUNC_SEEK_END) base = s->bytes.size();
    if (offset > s->bytes.size() || base + offset > s->bytes.size()) return -1;
    s->pos = base + offset;
    return 0;
}

int close_source(voidpf, voidpf) { return 0; }
int error_source(voidpf, voidpf) { return 0; }

std::string quoted(const std::string& entry) { return "part '" + entry + "'"; }

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes, const ZipLimits& limits)
    : source_(std::make_unique<Source>(Source{bytes, 0})), limits_(limits) {
    if (bytes.size() > limits_.max_file_bytes)
        throw ZipRefused("larger than a workbook asemdb reads (" + std::to_string(limits_.max_file_bytes >> 20) + " MiB)");
    zlib_filefunc64_def io{};
    io.zopen64_file = open_source;
    io.zread_file = read_source;
    io.zwrite_file = write_source;
    io.ztell64_file = tell_source;
    io.zseek64_file = seek_source;
    io.zclose_file = close_source;
    io.zerror_file = error_source;
    io.opaque = source_.get();
    zip_ = unzOpen2_64("workbook", &io);
    if (!zip_) throw ZipRefused("not an xlsx workbook (not a zip archive)");
    unz_global_info64 info{};
    if (unzGetGlobalInfo64(zip_, &info) != UNZ_OK || info.number_entry > limits_.max_entries) {
        unzClose(zip_);
        throw ZipRefused("not an xlsx workbook (a zip directory of " + std::to_string(info.number_entry) + " entries)");
    }
}

ZipArchive::~ZipArchive() { unzClose(zip_); }

bool ZipArchive::contains(const std::string& entry) const {
    return unzLocateFile(zip_, entry.c_str(), 1) == UNZ_OK;
}

void ZipArchive::read(const std::string& entry, const std::function<void(std::string_view)>& chunk) {
    if (unzLocateFile(zip_, entry.c_str(), 1) != UNZ_OK) throw ZipRefused("the workbook has no " + quoted(entry));
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
        throw ZipRefused("the zip directory is damaged at " + quoted(entry));
    // A zip bomb declares its size honestly or not: both the declared and the
    // inflated sizes are held to the limits.
    const auto too_big = [&](std::uint64_t bytes) {
        return bytes > limits_.max_part_bytes || total_ + bytes > limits_.max_total_bytes ||
               (bytes > (1u << 20) && bytes / std::max<std::uint64_t>(info.compressed_size, 1) > limits_.max_ratio);
    };
    if (too_big(info.uncompressed_size)) throw ZipRefused(quoted(entry) + " inflates past the limits (a zip bomb?)");
    if (unzOpenCurrentFile(zip_) != UNZ_OK) throw ZipRefused(quoted(entry) + " cannot be opened (encrypted or damaged)");
    std::array<char, 1 << 16> buffer;
    std::uint64_t bytes = 0;
    for (;;) {
        const int got = unzReadCurrentFile(zip_, buffer.data(), static_cast<unsigned>(buffer.size()));
        if (got < 0) {
            unzCloseCurrentFile(zip_);
            throw ZipRefused(quoted(entry) + " does not inflate (a damaged zip)");
        }
        if (got == 0) break;
        bytes += static_cast<std::uint64_t>(got);
        if (bytes > info.uncompressed_size || too_big(bytes)) {
            unzCloseCurrentFile(zip_);
            throw ZipRefused(quoted(entry) + " inflates past the limits (a zip bomb?)");
        }
        try {
            chunk(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
        } catch (...) {
            unzCloseCurrentFile(zip_);
            throw;
        }
    }
    if (unzCloseCurrentFile(zip_) != UNZ_OK || bytes != info.uncompressed_size)
        throw ZipRefused(quoted(entry) + " fails its CRC check (a damaged zip)");
    total_ += bytes;
}

std::optional<std::string> ZipArchive::read_whole(const std::string& entry) {
    if (!contains(entry)) return std::nullopt;
    std::string text;
    read(entry, [&](std::string_view chunk) { text.append(chunk); });
    return text;
}

}  // namespace asemdb::detail
