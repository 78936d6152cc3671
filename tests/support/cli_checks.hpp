#pragma once
// Checks shared by the tests that drive the asemdb binary, and the command tree
// as the binary's own --help output shows it.

#include "support/process.hpp"

#include <string>
#include <vector>

namespace asemdb::test {

bool contains(const std::string& text, const std::string& part);

/// A bad input ends with exit 2, nothing on stdout and exactly one line on
/// stderr that mentions `what`.
void check_refused(const RunResult& r, const std::string& what);

struct HelpCommand {
    std::vector<std::string> path;         ///< {"report", "run"}; empty for asemdb itself
    std::vector<std::string> subcommands;  ///< as listed under "Subcommands:"
    std::vector<std::string> options;      ///< "-p", "--param", ...: every name under "Options:"
};

/// Every command, found by walking `asemdb [PATH] --help` from the top.
std::vector<HelpCommand> commands_from_help();

/// The words joined by single spaces.
std::string joined(const std::vector<std::string>& words);

}  // namespace asemdb::test
