#include "command_line.hpp"

#include "asemdb/store/schema.hpp"
#include "asemdb/base/version.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/store/connection.hpp"

#include <fmt/core.h>

namespace asemdb::cli {

CommandLine::CommandLine()
    : app("asemdb: a SQLite database of the ASEM Conference of the Directors General of Immigration "
          "and Management of Migratory Flows, and reports from it.",
          kProgram) {
    app.set_version_flag("--version", version_text, "Print the versions of asemdb, its schema, SQLite and libxlsxwriter");
    global.add_to(app);
    // One command a run: so the words after "help" are names, not a second command to run.
    app.require_subcommand(0, 1);
    commands = {setup_init(app, global),   setup_info(app, global),  setup_report(app, global),
                setup_query(app, global),  setup_schema(app, global), setup_audit(app, global),
                setup_schedule(app, global), setup_change(app, global), setup_web(app, global), setup_help(app)};
}

std::string version_text() {
    const SqlTree& sql = embedded_sql();
    return fmt::format("asemdb {}\nschema version {}{}\nSQLite {}\nlibxlsxwriter {}", kVersion, sql.schema_version(),
                       sql.schema.empty() ? "" : " (" + sql.schema.back().name + ")", sqlite_version(),
                       xlsxwriter_version());
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
    return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty() && !sub->get_disabled(); });
}

std::vector<const CLI::Option*> named_options(const CLI::App& app) {
    return app.get_options([](const CLI::Option* option) { return option->nonpositional(); });
}

std::string command_path(const CLI::App& app) {
    if (!app.get_parent()) return app.get_name();
    return command_path(*app.get_parent()) + " " + app.get_name();
}

}  // namespace asemdb::cli
