#include "asemdb/base/error.hpp"
#include "asemdb/base/text.hpp"
#include "base/text_width.hpp"
#include "base/utf8.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace asemdb;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(utf8_decodes_every_length) {
    BOOST_TEST(static_cast<unsigned>(detail::decode_utf8("A", 0).code) == 0x41u);
    const std::string text = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // é € 😀
    BOOST_TEST(detail::decode_utf8(text, 0).length == 2u);
    BOOST_TEST(static_cast<unsigned>(detail::decode_utf8(text, 0).code) == 0xE9u);
    BOOST_TEST(detail::decode_utf8(text, 2).length == 3u);
    BOOST_TEST(static_cast<unsigned>(detail::decode_utf8(text, 2).code) == 0x20ACu);
    BOOST_TEST(detail::decode_utf8(text, 5).length == 4u);
    BOOST_TEST(static_cast<unsigned>(detail::decode_utf8(text, 5).code) == 0x1F600u);
    BOOST_TEST(static_cast<unsigned>(detail::decode_utf8("\xF4\x8F\xBF\xBF", 0).code) == 0x10FFFFu);
}

// RFC 3629: each of these is not UTF-8, wherever it is read.
BOOST_AUTO_TEST_CASE(utf8_refuses_what_rfc_3629_forbids) {
    const std::vector<std::string> invalid = {
        "\xC0\xAF",          // overlong '/'
        "\xC1\xBF",          // overlong
        "\xE0\x80\xAF",      // overlong three-byte
        "\xF0\x80\x80\xAF",  // overlong four-byte
        "\xED\xA0\x80",      // surrogate U+D800
        "\xED\xBF\xBF",      // surrogate U+DFFF
        "\xF4\x90\x80\x80",  // U+110000
        "\xF5\x80\x80\x80",  // lead past U+10FFFF
        "\xFF",              // never a byte of UTF-8
        "\x80",              // a lone continuation
        "\xE2\x82",          // cut short
        "\xE2\x28\xA1",      // a continuation missing
    };
    for (const auto& bytes : invalid) {
        BOOST_TEST_CONTEXT("bytes of length " << bytes.size()) {
            BOOST_TEST(detail::decode_utf8(bytes, 0).length == 0u);
            // The same bytes are escaped in messages and count one column each.
            BOOST_TEST(printable_line(bytes).find("\\x") == 0u);
            BOOST_TEST(detail::display_width(bytes) == bytes.size());
        }
    }
}

BOOST_AUTO_TEST_CASE(utf8_counts_and_cuts_between_characters) {
    const std::string text = "a\xC3\xA9" "b\xE2\x82\xAC";
    BOOST_TEST(detail::utf8_length(text) == 4u);
    BOOST_TEST(detail::utf8_prefix_bytes(text, 2) == 3u);
    BOOST_TEST(detail::utf8_prefix_bytes(text, 9) == text.size());
    BOOST_TEST(detail::utf8_length("\xC0\xAF") == 2u);  // an invalid byte is one
}

BOOST_AUTO_TEST_CASE(printable_line_keeps_text_and_escapes_controls) {
    BOOST_TEST(printable_line("caf\xC3\xA9 ok") == "caf\xC3\xA9 ok");
    BOOST_TEST(printable_line(std::string("a\nb\tc\x01\x7F", 7)) == "a\\nb\\tc\\x01\\x7F");
}

BOOST_AUTO_TEST_CASE(ascii_lower_leaves_other_bytes) {
    BOOST_TEST(ascii_lower("ToDay \xC3\x89") == "today \xC3\x89");
}

BOOST_AUTO_TEST_CASE(closest_name_suggests_one_close_name) {
    const std::vector<std::string> keys = {"formats", "report", "schedule", "output"};
    BOOST_TEST(closest_name("format", keys).value_or("") == "formats");
    BOOST_TEST(closest_name("REPROT", keys).value_or("") == "report");
    BOOST_TEST(!closest_name("zzzzzz", keys));
    BOOST_TEST(!closest_name("ab", std::vector<std::string>{"ax", "ay"}));  // tied
}

BOOST_AUTO_TEST_SUITE_END()
