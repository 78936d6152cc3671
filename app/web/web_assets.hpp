#pragma once
// The web view's templates and stylesheet (app/web/pages/), compiled into the
// binary by cmake/embed_files.cmake, so that it serves nothing from disk.

#include "store/embedded_files.hpp"

#include <span>

namespace asemdb::detail {

/// Every file of app/web/pages/, by path ("app/web/pages/layout.mustache").
std::span<const EmbeddedFile> web_assets();

}  // namespace asemdb::detail
