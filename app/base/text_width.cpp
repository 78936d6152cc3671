#include "base/text_width.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cwchar>
#include <iterator>
#include <locale.h>
#include <optional>

namespace asemdb::detail {
namespace {

struct Range {
    char32_t first;
    char32_t last;
};

constexpr Range kZeroWidth[] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
                                {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F}};
constexpr Range kWide[] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF}, {0x3400, 0x4DBF},
                           {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
                           {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
                           {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};

template <std::size_t N>
bool in(const Range (&ranges)[N], char32_t code) {
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [code](const Range& r) { return code >= r.first && code <= r.last; });
}

// Only for a system without the C.UTF-8 locale: the common scripts, not all of Unicode.
int table_width(char32_t code) {
    if (in(kZeroWidth, code)) return 0;
    return in(kWide, code) ? 2 : 1;
}

// glibc's wcwidth knows the whole Unicode table but reads LC_CTYPE, so each
// thread switches its own locale for the call and never touches the global one.
class Utf8Locale {
 public:
    Utf8Locale() : locale_(newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{})) {}
    ~Utf8Locale() {
        if (locale_ != locale_t{}) freelocale(locale_);
    }
    Utf8Locale(const Utf8Locale&) = delete;
    Utf8Locale& operator=(const Utf8Locale&) = delete;
    locale_t get() const { return locale_; }

 private:
    locale_t locale_;
};

class LocaleScope {
 public:
    explicit LocaleScope(locale_t locale) : previous_(uselocale(locale)) {}
    ~LocaleScope() { uselocale(previous_); }
    LocaleScope(const LocaleScope&) = delete;
    LocaleScope& operator=(const LocaleScope&) = delete;

 private:
    locale_t previous_;
};

int code_width(char32_t code, bool use_wcwidth) {
    if (!use_wcwidth) return table_width(code);
    const int width = wcwidth(static_cast<wchar_t>(code));
    return width < 0 ? 1 : width;  // non-printable characters still take a cell
}

std::size_t mixed_width(std::string_view text) {
    thread_local const Utf8Locale utf8;
    const bool use_wcwidth = utf8.get() != locale_t{};
    std::optional<LocaleScope> scope;
    if (use_wcwidth) scope.emplace(utf8.get());
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        // Every ASCII byte takes one cell (a control character too, as below):
        // most of a text with a few accented letters needs no decoding.
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++width;
            ++i;
            continue;
        }
        const Utf8Char next = decode_utf8(text, i);
        if (next.length == 0) {
            ++width;
            ++i;
            continue;
        }
        width += static_cast<std::size_t>(code_width(next.code, use_wcwidth));
        i += next.length;
    }
    return width;
}

}  // namespace

namespace {

// Eight bytes at a time: an export measures every long text it writes.
bool is_ascii(std::string_view text) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + sizeof(std::uint64_t) <= text.size(); i += sizeof(std::uint64_t)) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, sizeof word);
        if (word & kHighBits) return false;
    }
    for (; i < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) >= 0x80) return false;
    return true;
}

}  // namespace

std::size_t display_width(std::string_view utf8) { return is_ascii(utf8) ? utf8.size() : mixed_width(utf8); }

}  // namespace asemdb::detail
