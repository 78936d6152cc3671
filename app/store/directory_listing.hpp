#pragma once
// The files of a directory a user names (--reports-dir, --sql-dir, --checks-dir):
// every way listing it can fail (missing, not a directory, unreadable, a loop of
// symbolic links) is an Error{Io} naming the directory, never a filesystem_error.

#include <filesystem>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace asemdb::detail {

/// Throws Error{Io} unless `dir` is a directory that can be examined.
void require_directory(const std::filesystem::path& dir, std::string_view role);

/// The regular files (or links to one) directly in `dir` whose extension is one of
/// `extensions` (".sql"), sorted by path. `role` names the directory in messages
/// ("reports directory": "reports directory does not exist"). A matching entry that
/// cannot be examined is an error; others are skipped.
std::vector<std::filesystem::path> files_in_directory(const std::filesystem::path& dir, std::string_view role,
                                                      std::initializer_list<std::string_view> extensions);

}  // namespace asemdb::detail
