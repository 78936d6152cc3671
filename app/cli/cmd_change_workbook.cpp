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
    std::string script;    ///< where the change script goes
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
    if (!options.source.key.empty() && !options.source.title.empty())
        throw Error::usage("--source names an existing source; --source-title a new one: give one of them");
    if (!options.source.url.empty() && options.source.title.empty())
        throw Error::usage("--source-url needs --source-title");
    if (!options.dry_run && options.script.empty())
        throw Error::usage("--script FILE: where to write the change (or --dry-run)");
    if (!options.dry_run) refuse_database_output(options.script, global.db());
    Connection db = open_database(global);
    const WorkbookChange change = diff_keepers_workbook(db, options.workbook, options.source);
    std::cout << review_text(change);
    if (options.dry_run || change.empty()) return kExitOk;
    write_workbook_change(options.script, options.title, options.workbook, change);
    std::cerr << "wrote " << options.script << "\n";
    return kExitOk;
}

}  // namespace

std::vector<Command> setup_change_workbook(CLI::App& change, GlobalOptions& global) {
    auto options = std::make_shared<WorkbookOptions>();
    auto* out = change.add_subcommand("workbook", "Write the keepers' workbook: one sheet per table keepers edit");
    global.add_to(*out);
    out->add_option("-o,--output", options->output, "The workbook to write (.xlsx)")->required();
    auto* in = change.add_subcommand("from-workbook",
                                     "Turn an edited keepers' workbook into a change script, and print its review");
    global.add_to(*in);
    in->add_option("workbook", options->workbook, "The edited workbook (.xlsx)")->required();
    in->add_option("--title", options->title, "What the change does, in a line")->required();
    in->add_option("--source", options->source.key, "The key of the source the change rests on");
    in->add_option("--source-title", options->source.title, "A new source's title, for a change resting on one");
    in->add_option("--source-url", options->source.url, "The new source's address");
    in->add_option("--script", options->script, "Where to write the change script");
    in->add_flag("--dry-run", options->dry_run, "Print the review only; write nothing");
    return {{out, [&global, options] { return export_workbook(global, *options); }},
            {in, [&global, options] { return from_workbook(global, *options); }}};
}

}  // namespace asemdb::cli
