#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past
// U+10FFFF. Every place that decodes, measures or cuts UTF-8 text uses this one
// reading, so a byte sequence is valid or not the same way everywhere.

#include <cstddef>
#include <string_view>

namespace asemdb::detail {

/// One decoded character: `length` bytes starting where it was read; length 0
/// when the bytes there are not well-formed UTF-8.
struct Utf8Char {
    char32_t code = 0;
    std::size_t length = 0;
};

/// The character starting at byte `at` of `text` (`at` < text.size()).
Utf8Char decode_utf8(std::string_view text, std::size_t at);

/// True for a byte that continues a multi-byte sequence (10xxxxxx), so a cut
/// before it would split a character.
constexpr bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// The number of code points in `text` (each byte that is not UTF-8 counts one).
std::size_t utf8_length(std::string_view text);
/// The bytes of the first `points` code points of `text` (all of it if shorter).
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t points);

}  // namespace asemdb::detail
