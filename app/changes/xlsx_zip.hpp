#pragma once
// The zip layer of reading a workbook: an archive held in memory, read with
// minizip, with the limits that keep a hostile file (a zip bomb, a directory of
// a million entries) from costing more than a real workbook would.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace asemdb::detail {

/// What a workbook may cost to read; a real keepers' workbook is a few hundred kilobytes.
struct ZipLimits {
    std::uint64_t max_file_bytes = 64ull << 20;   ///< the archive itself
    std::uint64_t max_entries = 10000;
    std::uint64_t max_part_bytes = 32ull << 20;   ///< one part, inflated
    std::uint64_t max_total_bytes = 64ull << 20;  ///< all the parts read, inflated
    std::uint64_t max_ratio = 200;                ///< inflated bytes per compressed byte, past 1 MiB
};

/// Thrown for an archive that is not a zip, is damaged, or breaks a limit;
/// what() is one sentence without the file's name.
class ZipRefused : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

/// A zip archive in memory. Borrows `bytes`, which must outlive it.
class ZipArchive {
 public:
    /// Throws ZipRefused when `bytes` is not a zip archive or breaks `limits`.
    ZipArchive(std::string_view bytes, const ZipLimits& limits = {});
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;
    ~ZipArchive();

    bool contains(const std::string& entry) const;
    /// Inflates `entry`, handing it over in chunks; the CRC is checked at the
    /// end. Throws ZipRefused when the entry is missing, damaged or too large.
    void read(const std::string& entry, const std::function<void(std::string_view)>& chunk);
    /// `entry` whole, or nullopt when the archive lacks it.
    std::optional<std::string> read_whole(const std::string& entry);

    struct Source;  ///< the bytes and minizip's position in them

 private:
    std::unique_ptr<Source> source_;
    void* zip_ = nullptr;
    ZipLimits limits_;
    std::uint64_t total_ = 0;
};

}  // namespace asemdb::detail
