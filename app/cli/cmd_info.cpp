// asemdb info: what the database holds and where its data comes from.

#include "commands.hpp"

#include "asemdb/base/error.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/store/info.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace asemdb::cli {
namespace {

void print_info(const std::string& db, const DatabaseInfo& info, int binary_version) {
    fmt::print("database        {}\n", db);
    if (!info.forum_name.empty()) fmt::print("forum           {}\n", info.forum_name);
    fmt::print("schema version  {} (this asemdb: {})\n", info.schema_version, binary_version);
    fmt::print("ISO 3166-1      {}, compiled in\n", iso3166_list_version());

    std::size_t width = 0;
    for (const auto& s : info.scripts) width = std::max(width, s.name.size());
    fmt::print("\napplied scripts ({})\n", info.scripts.size());
    for (const auto& s : info.scripts)
        fmt::print("  {:<{}}  {}  sha256 {}\n", s.name, width, s.applied_at, s.checksum.substr(0, 12));

    width = 0;
    for (const auto& t : info.tables) width = std::max(width, t.table.size());
    fmt::print("\ntables (rows)\n");
    for (const auto& t : info.tables) fmt::print("  {:<{}}  {:>6}\n", t.table, width, t.rows);

    fmt::print("\nsource documents\n");
    std::size_t references = 0;
    for (const auto& s : info.sources) {
        if (s.kind != "source_document") {
            ++references;
            continue;
        }
        fmt::print("  {}  {} ({}), cited by {} rows\n", s.key, s.title, s.reference, s.rows);
    }
    fmt::print("  and {} references for enrichment (SELECT * FROM source)\n", references);
}

void run_info(const GlobalOptions& global) {
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    const auto& tree = global.sql_tree();
    require_supported_version(conn, tree);
    print_info(global.db(), describe_database(conn), tree.schema_version());
}

}  // namespace

Command setup_info(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "info", "Show the schema version, the applied scripts, the rows in each table and the sources");
    global.add_to(*cmd);
    return {cmd, [&global] {
                run_info(global);
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
