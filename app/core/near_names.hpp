#pragma once
// The names a mistyped word was likely meant to be, for "did you mean" hints.

#include <string>
#include <vector>

namespace asemdb::detail {

/// The number of single-character insertions, deletions and substitutions that turn `a` into `b`.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// Up to three of `names` close to `word` (one holds the other, or a small edit
/// distance for their length), the closest first.
std::vector<std::string> near_names(const std::string& word, const std::vector<std::string>& names);

/// "; did you mean 'a' or 'b'?" for the near names of `word`, or "" when none is near.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

}  // namespace asemdb::detail
