#pragma once
// The asemdb subcommands. Each lives in its own cmd_<name>.cpp with a setup
// function that registers the command and its options, and returns what to run.

#include "asemdb/error.hpp"
#include "asemdb/render.hpp"
#include "asemdb/report.hpp"
#include "asemdb/schema.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace asemdb::cli {

inline constexpr const char* kDefaultDb = "asem.db";
inline constexpr const char* kDbEnvironment = "ASEMDB_DB";

/// Options every command accepts, before or after the command name.
class GlobalOptions {
 public:
    /// Registers --db and --sql-dir on `app` (the main app and every command).
    void add_to(CLI::App& app);
    /// --db if given, else $ASEMDB_DB if set, else asem.db.
    std::string db() const;
    /// --sql-dir if given (read once), else the SQL embedded in the binary.
    const SqlTree& sql_tree() const;
    /// Registers --reports-dir on `app` (commands that run reports).
    void add_reports_dir_to(CLI::App& app);
    /// The shipped reports plus those of --reports-dir.
    ReportCatalog catalog() const;

 private:
    std::string db_;
    std::string sql_dir_;
    std::string reports_dir_;
    mutable SqlTree loaded_;
    mutable bool is_loaded_ = false;
};

/// --escape-formulas, on the commands that write csv.
inline constexpr const char* kEscapeFormulasHelp =
    "csv only: text beginning with = + - @ gets a leading ', so a spreadsheet reads it as text, not a formula";

/// Throws Error::usage when --escape-formulas is given for a format other than csv.
inline void require_csv_for_escaping(bool escape_formulas, Format format) {
    if (escape_formulas && format != Format::Csv) {
        throw Error::usage(format == Format::Xlsx
                               ? "--escape-formulas applies to csv only (xlsx already stores such text as text)"
                               : "--escape-formulas applies to csv only");
    }
}

/// A registered command and the function that runs it once the arguments are
/// parsed; run returns the exit code (0 ok, 1 a check or job failed). Bad input
/// is thrown as Error, which main turns into exit 2.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command setup_init(CLI::App& app, GlobalOptions& global);
Command setup_info(CLI::App& app, GlobalOptions& global);
Command setup_report(CLI::App& app, GlobalOptions& global);
Command setup_query(CLI::App& app, GlobalOptions& global);
Command setup_schema(CLI::App& app, GlobalOptions& global);
Command setup_audit(CLI::App& app, GlobalOptions& global);
Command setup_schedule(CLI::App& app, GlobalOptions& global);
Command setup_help(CLI::App& app);

}  // namespace asemdb::cli
