// asemdb schema [NAME] [--sql]: the tables and views, for people writing their own SQL.

#include "commands.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/store/schema_doc.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>

namespace asemdb::cli {
namespace {

void print_overview(const std::vector<ObjectDoc>& objects) {
    std::size_t width = 0;
    for (const auto& o : objects) width = std::max(width, o.name.size());
    std::string kind;
    for (const auto& o : objects) {
        if (o.kind != kind) {
            fmt::print("{}{}s\n", kind.empty() ? "" : "\n", o.kind);
            kind = o.kind;
        }
        std::string columns;
        for (const auto& c : o.columns) columns += (columns.empty() ? "" : ", ") + c.name;
        fmt::print("  {:<{}}  {}\n", o.name, width, o.description);
        fmt::print("  {:<{}}  ({})\n", "", width, columns);
    }
    fmt::print("\nasemdb schema NAME shows one in full. The views are the easiest place to start.\n");
}

void print_object(const ObjectDoc& o) {
    fmt::print("{} ({}){}{}\n\n", o.name, o.kind, o.description.empty() ? "" : ": ", o.description);
    std::size_t name_width = 6, type_width = 4;
    for (const auto& c : o.columns) {
        name_width = std::max(name_width, c.name.size());
        type_width = std::max(type_width, c.type.size());
    }
    fmt::print("  {:<{}}  {:<{}}  {}\n", "column", name_width, "type", type_width, "notes");
    for (const auto& c : o.columns) {
        std::string notes = c.primary_key ? "primary key" : (c.not_null ? "not null" : "");
        if (!c.description.empty()) notes += (notes.empty() ? "" : "; ") + c.description;
        std::string line = fmt::format("  {:<{}}  {:<{}}  {}", c.name, name_width, c.type, type_width, notes);
        line.erase(line.find_last_not_of(' ') + 1);
        fmt::print("{}\n", line);
    }
}

}  // namespace

Command setup_schema(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand("schema", "List the tables and views with their columns, or show one in full");
    auto name = std::make_shared<std::string>();
    auto sql = std::make_shared<bool>(false);
    cmd->add_option("name", *name, "A table or view");
    cmd->add_flag("--sql", *sql, "Print the SQL that creates the tables, views, indexes and triggers (of NAME only, if given)");
    global.add_to(*cmd);
    return {cmd, [&global, name, sql] {
                const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
                if (*sql) fmt::print("{}", schema_sql(conn, *name));
                else if (name->empty()) print_overview(describe_schema(conn));
                else print_object(describe_object(conn, *name));
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
