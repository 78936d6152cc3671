#pragma once
// The ISO 3166-1 list of Debian's iso-codes package, compiled into the binary
// at build time (cmake/embed_iso3166.cmake), and the version it came from.

#include <span>
#include <string_view>

namespace asemdb::detail {

struct Iso3166Entry {
    std::string_view alpha2, alpha3, numeric, name, official_name, common_name;  // "" where the list has none
};

std::span<const Iso3166Entry> iso3166_entries();
/// "Debian iso-codes 4.15.0"
std::string_view iso3166_version();

}  // namespace asemdb::detail
