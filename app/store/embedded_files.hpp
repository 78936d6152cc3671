#pragma once
// Files of the source tree (sql/, reports/) compiled into the binary; the
// definition is generated at build time by cmake/embed_files.cmake.

#include <span>
#include <string_view>

namespace asemdb::detail {

struct EmbeddedFile {
    std::string_view path;  ///< relative to the source tree: "sql/schema/001_forum.sql"
    std::string_view content;
};

/// Every embedded file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

}  // namespace asemdb::detail
