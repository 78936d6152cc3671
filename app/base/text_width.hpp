#pragma once
// How many terminal columns a UTF-8 string takes. Text tables use it to line up
// "Viet Nam", "Türkiye" and "日本"; the xlsx renderer uses it to size columns.

#include <cstddef>
#include <string_view>

namespace asemdb::detail {

/// The display width of `utf8`: combining marks and other zero-width characters
/// count 0, East Asian wide and fullwidth characters 2, every other character 1
/// (control characters included); each byte that is not valid UTF-8 counts 1.
/// Thread-safe; never changes the process's locale.
std::size_t display_width(std::string_view utf8);

}  // namespace asemdb::detail
