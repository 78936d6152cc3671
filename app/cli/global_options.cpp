#include "commands.hpp"

#include "asemdb/base/error.hpp"

#include <cstdlib>
#include <system_error>

namespace asemdb::cli {

void GlobalOptions::add_to(CLI::App& app) {
    app.add_option("--db", db_,
                   std::string("The database file (default: $") + kDbEnvironment + ", else " + kDefaultDb + ")");
    app.add_option("--sql-dir", sql_dir_,
                   "Read schema, seed and check scripts from this directory instead of the embedded ones");
    app.add_option("--changes", changes_,
                   std::string("The directory of the keepers' change scripts (NNN_slug.sql) that 'asemdb init' applies "
                               "after the built-in ones (default: $") +
                       kChangesEnvironment + ", else the directory 'changes' beside the database)");
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

// --changes, else $ASEMDB_CHANGES; empty when neither names a directory.
std::string GlobalOptions::named_changes_dir() const {
    if (!changes_.empty()) return changes_;
    const char* from_environment = std::getenv(kChangesEnvironment);
    return from_environment ? from_environment : "";
}

std::filesystem::path GlobalOptions::changes_dir_to_create() const {
    const std::string named = named_changes_dir();
    return named.empty() ? default_changes_dir(db()) : std::filesystem::path(named);
}

std::filesystem::path GlobalOptions::changes_dir() const {
    const std::string named = named_changes_dir();
    if (named.empty()) return default_changes_dir(db());
    std::error_code ec;
    if (!std::filesystem::exists(named, ec))
        throw Error::io(named, std::string("changes directory does not exist (named by ") +
                                   (changes_.empty() ? std::string("$") + kChangesEnvironment : "--changes") + ")");
    return named;
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
