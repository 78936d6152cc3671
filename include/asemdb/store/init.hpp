#pragma once
// Creating or bringing up to date the database file: what `asemdb init` does.

#include "asemdb/store/schema.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace asemdb {

struct InitResult {
    bool created = false;              ///< the file did not exist before
    std::vector<std::string> applied;  ///< scripts applied by this run; empty: nothing changed
    int schema_version = 0;
};

/// Creates `db_file` if absent and applies the pending scripts of `tree`, all or
/// nothing. A new database is built beside the target (`<db_file>.init-tmp`) and
/// renamed into place only when complete, so a failed or killed run never leaves a
/// half-built database under the final name. An existing database is changed in
/// one transaction. Throws Error (Io or Sql) and leaves the file as it was.
InitResult init_database(const std::filesystem::path& db_file, const SqlTree& tree);

}  // namespace asemdb
