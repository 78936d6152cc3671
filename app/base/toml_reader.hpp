#pragma once
// Reading the TOML files asemdb defines (report manifests, the schedule and its
// e-mail settings) one way: every problem names the file and its line, an
// unknown key suggests the one meant, and a string given is never empty.

#include "asemdb/base/error.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

namespace asemdb::detail {

int line_of(const toml::node& node);

class TomlReader {
 public:
    explicit TomlReader(std::string origin) : source_(std::move(origin)) {}

    /// Error{Definition} at `where`'s line of the file.
    Error fail(const toml::node& where, const std::string& detail) const;

    /// Refuses the first key of `t` not in `allowed`: "unknown key 'format'; did
    /// you mean 'formats'?". `in` ("in [smtp]") places a table that has no name of its own.
    void check_keys(const toml::table& t, std::initializer_list<const char*> allowed, const std::string& in = {}) const;

    /// The string at `key`, if there is one; anything else there, the empty
    /// string included, is refused.
    std::optional<std::string> optional_string(const toml::table& t, const char* key) const;
    /// As optional_string; a missing key is refused too.
    std::string required_string(const toml::table& t, const char* key) const;

    const toml::table& as_table(const toml::node& node, const std::string& what) const;

    /// The whole number at `key` from `low` to `high`, if there is one.
    std::optional<std::int64_t> optional_integer(const toml::table& t, const char* key, std::int64_t low,
                                                 std::int64_t high) const;

 private:
    std::string source_;
};

}  // namespace asemdb::detail
