#pragma once
// SHA-256 digests, as lower-case hex, for script checksums and fingerprints.

#include <string>
#include <string_view>

namespace asemdb::detail {

/// The SHA-256 of `data` as 64 lower-case hex digits. Throws Error{Io} only if the
/// crypto library fails, which it does not for in-memory data.
std::string sha256_hex(std::string_view data);

}  // namespace asemdb::detail
