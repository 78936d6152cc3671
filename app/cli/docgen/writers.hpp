#pragma once
// The documents written from the command tree: the man page, the command
// reference and the shell completions. Each returns the whole file.

#include "docgen/command_tree.hpp"

#include <string>

namespace asemdb::docgen {

/// asemdb(1), in man(7) roff.
std::string man_page(const CommandDoc& root);

/// The command reference in Markdown (docs/commands.md).
std::string command_reference(const CommandDoc& root);

/// For bash-completion: defines _asemdb and registers it with `complete`.
std::string bash_completion(const CommandDoc& root);

/// For zsh's compsys (#compdef asemdb): the file _asemdb on $fpath.
std::string zsh_completion(const CommandDoc& root);

/// For fish: the file asemdb.fish in a completions directory.
std::string fish_completion(const CommandDoc& root);

}  // namespace asemdb::docgen
