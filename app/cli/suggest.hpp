#pragma once
// "Did you mean": the names a mistyped command or option was probably meant to
// be, computed over the registered CLI11 definitions so that new commands and
// options are suggested without being listed anywhere else.

#include <CLI/CLI.hpp>

#include <string>

namespace asemdb::cli {

/// "unknown command 'report rn'; did you mean 'report run'?", or naming the
/// commands there are when none is close. `parent` is the command `typed` follows.
std::string unknown_command_message(const CLI::App& parent, const std::string& typed);

/// The message for a parse error: CLI11's own, unless the error is an unexpected
/// word that is a mistyped command or option, which gets a suggestion instead.
/// REQUIRES: `root` has just failed to parse with `error`.
std::string parse_error_message(const CLI::App& root, const CLI::ParseError& error);

}  // namespace asemdb::cli
