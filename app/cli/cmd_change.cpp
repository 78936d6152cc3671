// asemdb change new | list | show: the keepers' own change scripts, which
// `asemdb init` applies after the built-in ones.

#include "commands.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"
#include "asemdb/changes/change.hpp"
#include "asemdb/engine/params.hpp"
#include "asemdb/store/connection.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace asemdb::cli {
namespace {

struct ChangeOptions {
    std::string title;
    std::string source;
    std::string source_title;
    std::string source_url;
    std::string source_says;
    std::string author;
    std::string number;
};

int new_change(const GlobalOptions& global, const ChangeOptions& options) {
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    require_asemdb_database(conn, global.sql_tree());
    const auto dir = global.changes_dir_to_create();
    const ChangeHeader header = next_change_header(
        "change new", conn, dir, options.title, {options.source, options.source_title, options.source_url, options.source_says},
        options.author);
    fmt::print("{}\n", write_change(dir, header, change_examples(header.source.key)).string());
    return kExitOk;
}

std::string state(const ChangeEntry& entry) {
    if (!entry.applied) return "pending";
    return entry.edited ? "applied, edited since applied" : "applied";
}

int list(const GlobalOptions& global) {
    const auto dir = global.changes_dir();
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    require_asemdb_database(conn, global.sql_tree());
    const auto entries = list_changes(conn, dir);
    if (entries.empty()) {
        fmt::print("no changes: none applied to {}, none in {}\n", global.db(), dir.string());
        return kExitOk;
    }
    std::size_t state_width = 5, source_width = 6;
    for (const auto& e : entries)
        state_width = std::max(state_width, state(e).size()), source_width = std::max(source_width, e.header.source.key.size());
    fmt::print("{:<6}  {:<{}}  {:<{}}  {}\n", "number", "state", state_width, "source", source_width, "title");
    for (const auto& e : entries)
        fmt::print("{:<6}  {:<{}}  {:<{}}  {}\n", fmt::format("{:03}", e.number), state(e), state_width,
                   e.header.source.key, source_width, e.header.title);
    return kExitOk;
}

// "12" or "012", in decimal (CLI11 would read "012" as octal).
int change_number_argument(const std::string& text) {
    const bool digits = !text.empty() && text.size() <= 6 &&
                        std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(text) == 0)
        throw Error::usage("change show: expected a change's number (1 or 001), got '" + text + "'");
    return std::stoi(text);
}

int show(const GlobalOptions& global, const std::string& number_text) {
    const int number = change_number_argument(number_text);
    const auto dir = global.changes_dir();
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    require_asemdb_database(conn, global.sql_tree());
    fmt::print("{}", change_text(conn, dir, number));
    return kExitOk;
}

}  // namespace

// Every change cites one source: a key the database knows, or a title and URL to add.
ChangeSource checked_change_source(const char* command, ChangeSource source) {
    const bool named = !source.key.empty(), added = !source.title.empty() || !source.url.empty();
    if (named && added)
        throw Error::usage(std::string(command) + ": give --source KEY or --source-title and --source-url, not both");
    if (!named && !added)
        throw Error::usage(std::string(command) + ": every change cites its source: give --source KEY (an existing "
                           "source) or --source-title TITLE and --source-url URL (a new one)");
    if (added && (source.title.empty() || source.url.empty()))
        throw Error::usage(std::string(command) + ": a new source needs both --source-title and --source-url");
    if (!source.says.empty() && !added)
        throw Error::usage(std::string(command) + ": --source-says goes with --source-title and --source-url: "
                           "what the new source states");
    return source;
}

ChangeHeader next_change_header(const char* command, const Connection& conn, const std::filesystem::path& dir,
                                const std::string& title, const ChangeSource& source, const std::string& author) {
    const char* user = std::getenv("USER");
    ChangeHeader header{title, local_date(now_or_source_date_epoch()),
                        !author.empty() ? author : user && *user ? user : "unknown",
                        checked_change_source(command, source), 0};
    if (header.source.is_new()) header.source.key = change_source_key(conn, dir);
    else require_source_key(conn, dir, header.source.key);
    header.number = next_change_number(conn, dir);
    return header;
}

Command setup_change(CLI::App& app, GlobalOptions& global) {
    auto* change = app.add_subcommand(
        "change", "The keepers' own change scripts: numbered SQL files in the changes directory that 'asemdb init' "
                  "applies after the built-in scripts, each once, and the database keeps");
    change->require_subcommand(1);
    auto options = std::make_shared<ChangeOptions>();
    auto* new_cmd = change->add_subcommand(
        "new", "Write the next numbered change, with its header and commented examples of the usual edits, "
               "into the changes directory (created if absent); print its path");
    auto* list_cmd = change->add_subcommand("list", "Each change by number: applied or pending, its source and title");
    auto* show_cmd = change->add_subcommand("show", "Print a change: as the database keeps it if applied, else its file");
    for (auto* cmd : {change, new_cmd, list_cmd, show_cmd}) global.add_to(*cmd);
    new_cmd->add_option("title", options->title, "What the change records, in one line")->required();
    new_cmd->add_option("--source", options->source, "The key of the source its facts come from (as in the source table)");
    new_cmd->add_option("--source-title", options->source_title, "The title of a new source the change adds");
    new_cmd->add_option("--source-url", options->source_url, "The address of the new source");
    new_cmd->add_option("--source-says", options->source_says,
                        "What the new source states, in a line (a coordinator's source must name it)");
    new_cmd->add_option("--author", options->author, "Who writes it (default: $USER)");
    show_cmd->add_option("number", options->number, "The change's number (1 or 001)")->required();
    auto workbook = setup_change_workbook(*change, global);
    return {change, [&global, options, new_cmd, list_cmd, show_cmd, workbook] {
                if (new_cmd->parsed()) return new_change(global, *options);
                if (list_cmd->parsed()) return list(global);
                if (show_cmd->parsed()) return show(global, options->number);
                for (const auto& command : workbook)
                    if (command.app->parsed()) return command.run();
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
