#include "base/toml_reader.hpp"

#include "asemdb/base/text.hpp"

#include <algorithm>
#include <vector>

namespace asemdb::detail {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

Error TomlReader::fail(const toml::node& where, const std::string& detail) const {
    return Error::definition(source_, line_of(where), detail);
}

void TomlReader::check_keys(const toml::table& t, std::initializer_list<const char*> allowed, const std::string& in) const {
    const std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& [key, node] : t) {
        const std::string name(key.str());
        if (std::find(names.begin(), names.end(), name) != names.end()) continue;
        std::string message = "unknown key '" + name + "'" + (in.empty() ? "" : " " + in);
        if (const auto meant = closest_name(name, names)) message += "; did you mean '" + *meant + "'?";
        throw fail(node, message);
    }
}

std::optional<std::string> TomlReader::optional_string(const toml::table& t, const char* key) const {
    const auto* node = t.get(key);
    if (!node) return std::nullopt;
    if (const auto* s = node->as_string(); s && !s->get().empty()) return s->get();
    throw fail(*node, "'" + std::string(key) + "' must be a non-empty string");
}

std::string TomlReader::required_string(const toml::table& t, const char* key) const {
    if (auto value = optional_string(t, key)) return *value;
    throw fail(t, "missing '" + std::string(key) + "'");
}

const toml::table& TomlReader::as_table(const toml::node& node, const std::string& what) const {
    if (const auto* t = node.as_table()) return *t;
    throw fail(node, "'" + what + "' must be a table");
}

std::optional<std::int64_t> TomlReader::optional_integer(const toml::table& t, const char* key, std::int64_t low,
                                                         std::int64_t high) const {
    const auto* node = t.get(key);
    if (!node) return std::nullopt;
    const auto* n = node->as_integer();
    if (!n || n->get() < low || n->get() > high)
        throw fail(*node, "'" + std::string(key) + "' must be a whole number from " + std::to_string(low) + " to " +
                              std::to_string(high) + (n ? ", got " + std::to_string(n->get()) : std::string()));
    return n->get();
}

}  // namespace asemdb::detail
