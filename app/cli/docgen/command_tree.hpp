#pragma once
// The asemdb command line as plain data, read from its CLI11 definitions, for
// the writers of the man page and the shell completions.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace asemdb::docgen {

struct OptionDoc {
    std::vector<std::string> names;  ///< "-p", "--param"
    std::string value;               ///< "TEXT", "UINT"; empty for a flag
    std::string description;
};

struct PositionalDoc {
    std::string name;
    std::string description;
    bool required = false;
    bool repeatable = false;
};

struct CommandDoc {
    std::vector<std::string> path;  ///< {"report", "run"}; empty for asemdb itself
    std::string description;
    std::string usage;               ///< "asemdb report run [OPTIONS] name"
    std::vector<OptionDoc> options;  ///< every named option, --help included
    std::vector<PositionalDoc> positionals;
    std::vector<CommandDoc> subcommands;

    /// "asemdb report run".
    std::string full_name() const;
    /// True if this command has `option` too (same names): a subcommand's
    /// documentation describes only the options it adds.
    bool has_option(const OptionDoc& option) const;
};

/// The command `app` and, recursively, the subcommands a user can type.
CommandDoc describe(const CLI::App& app);

/// `root` and every command below it, parents before their subcommands.
std::vector<const CommandDoc*> flatten(const CommandDoc& root);

}  // namespace asemdb::docgen
