#include "support/golden.hpp"

#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

namespace asemdb::test {
namespace fs = std::filesystem;
namespace {

bool updating() {
    const char* flag = std::getenv("ASEMDB_UPDATE_GOLDEN");
    return flag != nullptr && std::string_view(flag) == "1";
}

// Lines keep their '\r', so CRLF against LF shows up as a difference.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return lines;
}

// Control characters (a CR above all) would be invisible in the message.
std::string visible(std::string_view line) {
    std::string shown;
    for (const char c : line) {
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
            shown.push_back(c);
            continue;
        }
        char code[8];
        std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
        shown += code;
    }
    return shown;
}

std::string first_difference(const std::string& expected, const std::string& actual) {
    const auto want = split_lines(expected);
    const auto got = split_lines(actual);
    for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
        const std::string_view w = i < want.size() ? want[i] : "<end of file>";
        const std::string_view g = i < got.size() ? got[i] : "<end of output>";
        if (i >= want.size() || i >= got.size() || w != g) {
            return "line " + std::to_string(i + 1) + "\n  expected: " + visible(w) + "\n  actual:   " + visible(g);
        }
    }
    return "the last line ends differently (a newline at the end of the file?)";
}

}  // namespace

void check_golden(const std::string& relative_path, const std::string& actual) {
    const fs::path file = source_dir() / "tests" / "golden" / relative_path;
    if (updating()) {
        fs::create_directories(file.parent_path());
        write_text(file, actual);
        BOOST_TEST_MESSAGE("golden file written: " << file.string());
        return;
    }
    if (!fs::exists(file)) {
        BOOST_ERROR("golden file " << file.string() << " is missing; run with ASEMDB_UPDATE_GOLDEN=1 to create it");
        return;
    }
    const std::string expected = read_bytes(file);
    if (expected != actual) {
        BOOST_ERROR("output differs from golden file " << file.string() << " at "
                                                         << first_difference(expected, actual));
    }
}

}  // namespace asemdb::test
