#pragma once
// The whole asemdb command line: the CLI11 definition of every command and
// option, built in one place so that the executable, `asemdb help`, the
// suggestions for mistyped words and the generated man page and shell
// completions all read the same definitions.

#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace asemdb::cli {

inline constexpr const char* kProgram = "asemdb";

/// The parsed-to-be command line. Not movable: the commands keep references to
/// `global` and to `app`'s subcommands.
struct CommandLine {
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App app;
    GlobalOptions global;
    std::vector<Command> commands;
};

/// `asemdb --version`: the asemdb version, the schema version it creates, and the
/// versions of SQLite and libxlsxwriter it runs with.
std::string version_text();

/// The subcommands a user can type under `app`, in definition order (CLI11 hides
/// those of an empty group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

/// The named options of `app` (not its positionals), in definition order.
std::vector<const CLI::Option*> named_options(const CLI::App& app);

/// "asemdb report run" for the `run` subcommand of `report`.
std::string command_path(const CLI::App& app);

}  // namespace asemdb::cli
