#include "base/utf8.hpp"

namespace asemdb::detail {

Utf8Char decode_utf8(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t code = 0;
    unsigned char low = 0x80, high = 0xBF;  // the bounds of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;   // below: overlong
        if (lead == 0xED) high = 0x9F;  // above: surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07;
        if (lead == 0xF0) low = 0x90;   // below: overlong
        if (lead == 0xF4) high = 0x8F;  // above: past U+10FFFF
    } else {
        return {};
    }
    if (text.size() - at < length) return {};
    const auto second = static_cast<unsigned char>(text[at + 1]);
    if (second < low || second > high) return {};
    for (std::size_t i = 1; i < length; ++i) {
        const char byte = text[at + i];
        if (!is_utf8_continuation(byte)) return {};
        code = (code << 6) | (static_cast<unsigned char>(byte) & 0x3F);
    }
    return {code, length};
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const std::size_t length = decode_utf8(text, i).length;
        i += length == 0 ? 1 : length;
    }
    return count;
}

std::size_t utf8_prefix_bytes(std::string_view text, std::size_t points) {
    std::size_t i = 0;
    for (std::size_t seen = 0; i < text.size() && seen < points; ++seen) {
        const std::size_t length = decode_utf8(text, i).length;
        i += length == 0 ? 1 : length;
    }
    return i;
}

}  // namespace asemdb::detail
