// Fuzz target: the SQL script splitter (statements and their line numbers) and
// parameter discovery. Never throws; every statement's line lies in the script.

#include "store/sql_script.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view script(reinterpret_cast<const char*>(data), size);
    const int lines = 1 + static_cast<int>(std::count(script.begin(), script.end(), '\n'));
    int previous = 1;
    for (const auto& statement : asemdb::detail::split_sql(script)) {
        if (statement.line < previous || statement.line > lines) __builtin_trap();
        if (statement.text.size() > script.size()) __builtin_trap();
        previous = statement.line;
        (void)asemdb::detail::discover_parameters(statement.text);
    }
    if (size > 0) (void)asemdb::detail::line_at(script, size - 1, 1);
    return 0;
}
