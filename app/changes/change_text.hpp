#pragma once
// What the changes part's files share.

#include <string>

namespace asemdb::detail {

/// `text` as an SQL string literal: 'it''s'.
inline std::string sql_literal(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace asemdb::detail
