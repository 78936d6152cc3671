#include "store/sql_script.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace asemdb::detail {
namespace {

// Index just past the quoted run that starts at `i` with `open`, closed by `close`;
// a doubled closing quote ('it''s') continues the run.
std::size_t skip_quoted(std::string_view s, std::size_t i, char close) {
    for (++i; i < s.size(); ++i) {
        if (s[i] != close) continue;
        if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
            ++i;
            continue;
        }
        return i + 1;
    }
    return s.size();
}

// Index just past the comment or quoted run at `i`, or `i` if there is none there.
std::size_t skip_token(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '\'' || c == '"' || c == '`') return skip_quoted(s, i, c);
    if (c == '[') return skip_quoted(s, i, ']');
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
        const auto eol = s.find('\n', i);
        return eol == std::string_view::npos ? s.size() : eol + 1;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
        const auto end = s.find("*/", i + 2);
        return end == std::string_view::npos ? s.size() : end + 2;
    }
    return i;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The first index at or after `i` that starts a token (not blank, not a comment).
std::size_t next_token(std::string_view s, std::size_t i) {
    while (i < s.size()) {
        if (is_space(s[i])) {
            ++i;
            continue;
        }
        const bool comment = s[i] == '-' || s[i] == '/';
        const std::size_t after = comment ? skip_token(s, i) : i;
        if (after == i) return i;
        i = after;
    }
    return s.size();
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

namespace {

// Calls `visit` with each parameter of the SQL as written ("?", "?3", ":name",
// "@name", "$name"), in order, skipping strings, quoted names and comments.
template <typename Visit>
void for_each_parameter(std::string_view s, Visit visit) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t after = skip_token(s, i);
        if (after != i) {
            i = after;
            continue;
        }
        const std::size_t start = i;
        const char c = s[i++];
        std::size_t end = i;
        if (c == '?') {
            while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
        } else {
            const bool named = (c == ':' || c == '@' || c == '$') && i < s.size() && is_name_char(s[i]);
            // '::' is not SQLite syntax, but a ':' after a name character is never a parameter.
            if (!named || (i >= 2 && is_name_char(s[i - 2]))) continue;
            while (end < s.size() && is_name_char(s[end])) ++end;
        }
        visit(s.substr(start, end - start));
        i = end;
    }
}

}  // namespace

std::vector<std::string> discover_parameters(std::string_view s) {
    std::vector<std::string> names;
    for_each_parameter(s, [&](std::string_view token) {
        if (token[0] == '?') return;
        std::string name(token.substr(1));
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    });
    return names;
}

std::vector<int> anonymous_parameter_slots(std::string_view s) {
    std::vector<int> slots;
    std::vector<std::string_view> named;
    int highest = 0;
    for_each_parameter(s, [&](std::string_view token) {
        if (token == "?") {
            slots.push_back(++highest);
        } else if (token[0] == '?') {
            int number = 0;
            const auto [end, ec] = std::from_chars(token.data() + 1, token.data() + token.size(), number);
            if (ec == std::errc()) highest = std::max(highest, number);
        } else if (std::find(named.begin(), named.end(), token) == named.end()) {
            // A name takes a new slot where it first appears, and the same one after.
            named.push_back(token);
            ++highest;
        }
    });
    return slots;
}

int line_at(std::string_view text, std::size_t offset, int first_line) {
    offset = std::min(offset, text.size());
    return first_line + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

std::vector<SqlStatement> split_sql(std::string_view s) {
    std::vector<SqlStatement> out;
    int line = 1;
    std::size_t scanned = 0;  // `line` is the line of byte `scanned`
    std::size_t start = next_token(s, 0);
    std::size_t i = start;
    auto emit = [&](std::size_t end) {
        line = line_at(s.substr(scanned), start - scanned, line);
        scanned = start;
        // A lone ';' is an empty statement: nothing to run.
        if (end - start == 1 && s[start] == ';') return;
        out.push_back({std::string(s.substr(start, end - start)), line});
    };
    while (i < s.size()) {
        const std::size_t after = skip_token(s, i);
        if (after != i) {
            i = after;
            continue;
        }
        ++i;
        if (s[i - 1] != ';') continue;
        // A ';' inside CREATE TRIGGER ... BEGIN ... END does not end the statement;
        // sqlite3_complete knows the grammar well enough to tell.
        const std::string candidate(s.substr(start, i - start));
        if (!sqlite3_complete(candidate.c_str())) continue;
        emit(i);
        start = i = next_token(s, i);
    }
    if (start < s.size()) emit(s.size());
    return out;
}

}  // namespace asemdb::detail
