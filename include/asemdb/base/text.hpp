#pragma once
// Small text rules shared by the core and the command line: ASCII case for
// keywords, and "did you mean" for a mistyped name.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asemdb {

/// `text` with A-Z lowered; other bytes (UTF-8 included) as they are.
std::string ascii_lower(std::string_view text);

/// The one name of `names` closest to `typed`: a small edit distance (letters
/// swapped, missing, extra or wrong; ignoring case), or else the only name
/// `typed` begins or is part of. None when nothing is close or the closest are tied.
std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& names);

}  // namespace asemdb
