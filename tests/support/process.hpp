#pragma once
// Runs the built asemdb binary as a user would, capturing its output and exit code.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace asemdb::test {

struct RunResult {
    int exit_code = -1;  ///< the exit status; 128 + N when killed by signal N
    std::string out;
    std::string err;
};

struct ProcessOptions {
    std::filesystem::path cwd;                ///< empty: the test's own
    std::map<std::string, std::string> env;  ///< added to (or replacing in) the environment
    std::vector<std::string> unset_env = {"ASEMDB_DB"};
};

/// Options that run the binary in `cwd`.
ProcessOptions in_dir(const std::filesystem::path& cwd);

/// Runs `program` (a path) with `args` and waits for it.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const ProcessOptions& options = {});

/// Runs ASEMDB_BINARY with `args` and waits for it.
RunResult run_asemdb(const std::vector<std::string>& args, const ProcessOptions& options = {});

/// The number of lines in `text` (a last line without '\n' counts).
int count_lines(const std::string& text);

}  // namespace asemdb::test
