#pragma once
// The asemdb subcommands. Each lives in its own cmd_<name>.cpp with a setup
// function that registers the command and its options, and returns what to run.

#include "asemdb/base/error.hpp"
#include "asemdb/changes/change.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/engine/report.hpp"
#include "asemdb/store/schema.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
    /// --changes if given, else $ASEMDB_CHANGES if set, else changes/ beside the
    /// database. Throws Error{Io} when a directory so named does not exist; the
    /// default may be absent (no changes).
    std::filesystem::path changes_dir() const;
    /// As changes_dir(), but a named directory may be absent: it is to be created.
    std::filesystem::path changes_dir_to_create() const;
    /// Registers --reports-dir on `app` (commands that run reports).
    void add_reports_dir_to(CLI::App& app);
    /// The shipped reports plus those of --reports-dir.
    ReportCatalog catalog() const;

 private:
    std::string named_changes_dir() const;

    std::string db_;
    std::string sql_dir_;
    std::string changes_;
    std::string reports_dir_;
    mutable SqlTree loaded_;
    mutable bool is_loaded_ = false;
};

/// The output options of the commands that run reports (query, report run):
/// --format and its shortcuts (--csv, --tsv, --json, --nl, --table, --markdown,
/// --xlsx), -o, and how rows are written (--document, --no-headers, --null,
/// --escape-formulas).
class OutputOptions {
 public:
    /// Registers the options on `cmd`; `format_default` and `output_help` end
    /// the help of --format and -o.
    void add_to(CLI::App& cmd, const std::string& format_default, const std::string& output_help);
    /// The format --format or a shortcut names, else json for --document, else
    /// the one -o's extension implies; nullopt when nothing tells (the caller's
    /// default applies). Throws Error::usage for two formats, an unknown one, or
    /// an -o whose extension names none.
    std::optional<Format> chosen() const;
    /// The render options for `format`. Throws Error::usage for an option that
    /// does not apply to it (--no-headers for json, ...).
    RenderOptions render_options(Format format) const;
    const std::string& output() const { return output_; }

 private:
    std::string format_;
    std::vector<std::string> shortcuts_;  ///< the shortcut options given, as written
    std::string output_;
    bool document_ = false;
    bool no_headers_ = false;
    std::optional<std::string> null_text_;
    bool escape_formulas_ = false;
};

/// Throws Error::usage, before anything runs, when `results` results (more than
/// one) would go into a format that holds one table, naming the option that
/// chooses one (`choose_one`) and the formats that take them all. `what` says
/// what gives them: "the query gives 3 results".
void refuse_several_results(std::size_t results, Format format, const RenderOptions& render, const std::string& what,
                            const std::string& choose_one);

/// A number of seconds from 0.001 to 1,000,000 (a duration's range is
/// narrower than a double's), for the --timeout options; its message names
/// the range and what was given.
const CLI::Validator& seconds_validator();

/// "wrote PATH (N rows)" on standard error, where it never mixes with data;
/// a report of several sheets gives each sheet's rows.
void say_written(const std::string& path, const std::vector<std::pair<std::string, std::uint64_t>>& sheet_rows);

/// For the commands that stay in the foreground and stop by themselves
/// (`schedule serve`, `web`): SIGTERM and SIGINT set a flag and make a pipe
/// readable, which whatever waits (the scheduler's clock, the web view's
/// watcher) polls; the command then ends its work and exits 0
/// (stop_signals.cpp). Throws Error{Io} when the pipe cannot be created.
/// REQUIRES: called once, after release_stop_signals().
void install_stop_handlers();
/// True once SIGTERM or SIGINT came.
bool stop_requested();
/// The end of the pipe that becomes readable when a stop is requested.
int stop_wake_fd();

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
Command setup_change(CLI::App& app, GlobalOptions& global);
Command setup_web(CLI::App& app, GlobalOptions& global);
Command setup_help(CLI::App& app);
/// `source` checked for `command`: an existing key, or a new source's title and
/// URL, one of the two. Throws Error{Usage}.
ChangeSource checked_change_source(const char* command, ChangeSource source);
/// The header of the next change in `dir`: today, `author` or $USER, the source
/// checked (a new one given the next free key). Throws Error{Usage}.
ChangeHeader next_change_header(const char* command, const Connection& conn, const std::filesystem::path& dir,
                                const std::string& title, const ChangeSource& source, const std::string& author);

/// Adds `workbook` and `from-workbook` to the `change` command; each is run
/// when parsed (cmd_change_workbook.cpp).
std::vector<Command> setup_change_workbook(CLI::App& change, GlobalOptions& global);

}  // namespace asemdb::cli
