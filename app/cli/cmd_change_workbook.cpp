// asemdb change workbook | from-workbook: the keepers' workbook out, and an
// edited copy back in as a reviewed change script.

#include "commands.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/changes/keepers_workbook.hpp"
#include "asemdb/store/connection.hpp"

#include <fmt/core.h>

#include <iostream>

namespace asemdb::cli {
namespace {

struct WorkbookOptions {
    std::string output;    ///< workbook -o
    std::string workbook;  ///< from-workbook's file
    std::string title;
    ChangeSource source;
    std::string author;
    bool dry_run = false;
};

Connection open_database(const GlobalOptions& global) { return Connection::open(global.db(), OpenMode::ReadOnly); }

int export_workbook(const GlobalOptions& global, const WorkbookOptions& options) {
    Connection db = open_database(global);
    const auto sheets = export_keepers_workbook(db, global.db(), options.output);
    std::vector<std::pair<std::string, std::uint64_t>> rows(sheets.begin(), sheets.end());
    say_written(options.output, rows);
    return kExitOk;
}

int from_workbook(const GlobalOptions& global, const WorkbookOptions& options) {
    Connection db = open_database(global);
    require_asemdb_database(db, global.sql_tree());
    const auto dir = options.dry_run ? global.changes_dir() : global.changes_dir_to_create();
    const ChangeHeader header =
        next_change_header("change from-workbook", db, dir, options.title, options.source, options.author);
    const WorkbookChange change = diff_keepers_workbook(db, options.workbook, header.source);
    std::cout << review_text(change);
    if (options.dry_run || change.empty()) return kExitOk;
    const std::string body = "-- From the keepers' workbook " + std::filesystem::path(options.workbook).filename().string() + ".\n\n" + change.sql;
    std::cerr << "wrote " << write_change(dir, header, body).string() << "\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> setup_change_workbook(CLI::App& change, GlobalOptions& global) {
    auto options = std::make_shared<WorkbookOptions>();
    auto* out = change.add_subcommand("workbook", "Write the keepers' workbook: one sheet per table keepers edit");
    global.add_to(*out);
    out->add_option("-o,--output", options->output, "The workbook to write (.xlsx)")->required();
    auto* in = change.add_subcommand("from-workbook",
                                     "Turn an edited keepers' workbook into the next numbered change script in the changes directory, "
                                     "and print its review; 'asemdb init' applies it");
    global.add_to(*in);
    in->add_option("workbook", options->workbook, "The edited workbook (.xlsx)")->required();
    in->add_option("--title", options->title, "What the change does, in a line")->required();
    in->add_option("--source", options->source.key, "The key of the source the change rests on (cited by every row whose source cell is empty)");
    in->add_option("--source-title", options->source.title, "A new source's title, for a change resting on one");
    in->add_option("--source-url", options->source.url, "The new source's address");
    in->add_option("--source-says", options->source.says,
                   "What the new source states, in a line (a coordinator's source must name it)");
    in->add_option("--author", options->author, "Who makes the change (default: $USER)");
    in->add_flag("--dry-run", options->dry_run, "Print the review only; write nothing");
    return {{out, [&global, options] { return export_workbook(global, *options); }},
            {in, [&global, options] { return from_workbook(global, *options); }}};
}

}  // namespace asemdb::cli
