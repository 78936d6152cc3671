// asemdb init: create the database, or apply the scripts it has not seen yet.

#include "commands.hpp"

#include "asemdb/base/error.hpp"

#include "asemdb/store/init.hpp"

#include <iostream>

namespace asemdb::cli {
namespace {

void run_init(const GlobalOptions& global) {
    SqlTree tree = global.sql_tree();
    tree.changes = change_scripts(read_changes(global.changes_dir()));
    const auto result = init_database(global.db(), tree);
    if (result.applied.empty()) {
        std::cout << global.db() << " is up to date (schema version " << result.schema_version
                  << "); nothing changed\n";
        return;
    }
    std::cout << (result.created ? "created " : "updated ") << global.db() << " (schema version "
              << result.schema_version << "), applied " << result.applied.size() << " script"
              << (result.applied.size() == 1 ? "" : "s") << ":\n";
    for (const auto& name : result.applied) std::cout << "  " << name << "\n";
}

}  // namespace

Command setup_init(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "init", "Create the database, or bring it up to date: apply pending schema and seed scripts, then the "
                "pending changes of the changes directory, in one transaction. Running it again changes nothing.");
    global.add_to(*cmd);
    return {cmd, [&global] {
                run_init(global);
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
