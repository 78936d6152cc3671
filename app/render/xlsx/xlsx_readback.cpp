#include "render/xlsx/xlsx_readback.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>

namespace asemdb::detail {
namespace {

struct ZipCloser {
    void operator()(void* zip) const noexcept { unzClose(zip); }
};
using Zip = std::unique_ptr<void, ZipCloser>;

bool is_markup(std::string_view name) { return name.ends_with(".xml") || name.ends_with(".rels"); }

struct Entry {
    std::string name;
    std::uint64_t bytes = 0;
    char last = 0;  // the last byte that is not white space
};

// Inflates the current entry to its end; the CRC is checked on close.
std::optional<std::string> read_entry(unzFile zip, Entry& entry) {
    if (unzOpenCurrentFile(zip) != UNZ_OK) return "cannot open part " + entry.name;
    std::array<char, 1 << 16> buffer;
    std::uint64_t bytes = 0;
    for (;;) {
        const int got = unzReadCurrentFile(zip, buffer.data(), static_cast<unsigned>(buffer.size()));
        if (got < 0) {
            unzCloseCurrentFile(zip);
            return "part " + entry.name + " does not inflate";
        }
        if (got == 0) break;
        bytes += static_cast<std::uint64_t>(got);
        const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
        if (const auto pos = chunk.find_last_not_of(" \t\r\n"); pos != std::string_view::npos) entry.last = chunk[pos];
    }
    if (unzCloseCurrentFile(zip) != UNZ_OK) return "part " + entry.name + " fails its CRC check";
    if (bytes != entry.bytes) return "part " + entry.name + " holds a different size than its directory says";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_workbook_file(const std::filesystem::path& file,
                                               const std::vector<ExpectedPart>& measured) {
    const Zip zip(unzOpen64(file.c_str()));
    if (!zip) return "the file is not a readable zip archive";
    std::vector<std::string> seen;
    for (int status = unzGoToFirstFile(zip.get()); status != UNZ_END_OF_LIST_OF_FILE;
         status = unzGoToNextFile(zip.get())) {
        if (status != UNZ_OK) return "the zip directory is damaged";
        unz_file_info64 info{};
        std::array<char, 512> name{};
        if (unzGetCurrentFileInfo64(zip.get(), &info, name.data(), name.size() - 1, nullptr, 0, nullptr, 0) != UNZ_OK) {
            return "the zip directory is damaged";
        }
        Entry entry{name.data(), info.uncompressed_size, 0};
        const auto part = std::find_if(measured.begin(), measured.end(),
                                       [&](const ExpectedPart& p) { return p.entry == entry.name; });
        if (part != measured.end()) {
            if (entry.bytes < part->min_bytes) {
                return "part " + entry.name + " holds " + std::to_string(entry.bytes) + " bytes of at least " +
                       std::to_string(part->min_bytes);
            }
        } else {
            if (auto problem = read_entry(zip.get(), entry)) return problem;
            if (is_markup(entry.name) && entry.last != '>') return "part " + entry.name + " is cut short";
        }
        seen.push_back(std::move(entry.name));
    }
    for (const ExpectedPart& part : measured) {
        if (std::find(seen.begin(), seen.end(), part.entry) == seen.end()) return "part " + part.entry + " is missing";
    }
    return std::nullopt;
}

}  // namespace asemdb::detail
