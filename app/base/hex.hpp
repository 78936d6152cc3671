#pragma once
// Lower-case hexadecimal, two digits a byte: blobs in every renderer, digests.

#include <string>
#include <string_view>

namespace asemdb::detail {

inline void append_hex(std::string& out, std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out.reserve(out.size() + bytes.size() * 2);
    for (const char byte : bytes) {
        const auto value = static_cast<unsigned char>(byte);
        out.push_back(kDigits[value >> 4]);
        out.push_back(kDigits[value & 0x0F]);
    }
}

inline std::string hex(std::string_view bytes) {
    std::string text;
    append_hex(text, bytes);
    return text;
}

}  // namespace asemdb::detail
