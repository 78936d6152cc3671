#include "commands.hpp"

#include <cstdlib>

namespace asemdb::cli {

void GlobalOptions::add_to(CLI::App& app) {
    app.add_option("--db", db_,
                   std::string("The database file (default: $") + kDbEnvironment + ", else " + kDefaultDb + ")");
    app.add_option("--sql-dir", sql_dir_,
                   "Read schema, seed and check scripts from this directory instead of the embedded ones");
}

void GlobalOptions::add_reports_dir_to(CLI::App& app) {
    app.add_option("--reports-dir", reports_dir_,
                   "Also load the reports (*.toml, *.sql) of this directory; a report of the same name as a "
                   "shipped one replaces it");
}

ReportCatalog GlobalOptions::catalog() const {
    if (reports_dir_.empty()) return ReportCatalog::load(std::nullopt);
    return ReportCatalog::load(std::filesystem::path(reports_dir_));
}

std::string GlobalOptions::db() const {
    if (!db_.empty()) return db_;
    const char* from_environment = std::getenv(kDbEnvironment);
    return from_environment && *from_environment ? from_environment : kDefaultDb;
}

const SqlTree& GlobalOptions::sql_tree() const {
    if (sql_dir_.empty()) return embedded_sql();
    if (!is_loaded_) {
        loaded_ = load_sql_tree(sql_dir_);
        is_loaded_ = true;
    }
    return loaded_;
}

}  // namespace asemdb::cli
