// asemdb report list | show NAME | run NAME: the report catalog and the engine.

#include "commands.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/engine/params.hpp"
#include "asemdb/engine/progress.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/render/report_file.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <iostream>

namespace asemdb::cli {
namespace {

struct ReportRunOptions {
    std::string name;
    std::vector<std::string> params;  ///< name=value
    OutputOptions output;
    std::string sheet;
    bool quiet = false;
};

std::string describe_param(const ParamSpec& p) {
    std::string text = p.name + ":" + to_string(p.type);
    if (p.default_value) text += "=" + *p.default_value;
    else if (p.required) text += " (required)";
    return text;
}

void list_reports(const GlobalOptions& global) {
    const auto catalog = global.catalog();
    std::size_t width = 4;
    for (const auto& entry : catalog.entries()) width = std::max(width, entry.definition.id.size());
    fmt::print("{:<{}}  {}\n", "NAME", width, "TITLE / PARAMETERS");
    for (const auto& entry : catalog.entries()) {
        const auto& def = entry.definition;
        std::string mark;
        if (entry.overrides_builtin) mark = "  [yours: replaces the shipped report]";
        else if (def.user) mark = "  [yours]";
        fmt::print("{:<{}}  {}{}\n", def.id, width, def.title, mark);
        std::string params;
        for (const auto& p : def.params) params += (params.empty() ? "" : ", ") + describe_param(p);
        if (!params.empty()) fmt::print("{:<{}}  {}\n", "", width, params);
    }
}

void show_report(const GlobalOptions& global, const std::string& name) {
    const auto catalog = global.catalog();
    const auto& def = catalog.get(name);
    fmt::print("{}: {}\n", def.id, def.title);
    if (!def.description.empty()) fmt::print("\n{}\n", def.description);
    fmt::print("\ndefined in {}\n", def.origin);
    fmt::print("\nparameters\n");
    if (def.params.empty()) fmt::print("  none\n");
    for (const auto& p : def.params) {
        fmt::print("  {:<12} {}", p.name, to_string(p.type));
        if (!p.choices.empty()) {
            std::string choices;
            for (const auto& c : p.choices) choices += (choices.empty() ? "" : "|") + c;
            fmt::print(" ({})", choices);
        }
        if (p.default_value) fmt::print(", default {}", *p.default_value);
        if (p.required) fmt::print(", required");
        if (!p.description.empty()) fmt::print("\n  {:<12} {}", "", p.description);
        fmt::print("\n");
    }
    for (const auto& sheet : def.sheets) fmt::print("\nsheet {} ({}), from {}\n{}\n", sheet.name, sheet.title, sheet.sql_origin, sheet.sql);
    if (def.summary) {
        fmt::print("\nsummary template\n{}\n", def.summary->template_text);
        for (const auto& [query, sql] : def.summary->queries) fmt::print("\nsummary query {}\n{}\n", query, sql);
    }
}

void run(const GlobalOptions& global, const ReportRunOptions& options) {
    const auto catalog = global.catalog();
    const auto def = only_sheet(catalog.get(options.name), options.sheet);
    const std::time_t now = now_or_source_date_epoch();
    const auto params = resolve_params(def, parse_assignments(options.params), now);
    const Format format = options.output.chosen().value_or(Format::Text);
    const RenderOptions render = options.output.render_options(format);
    refuse_several_results(def.sheets.size(), format, render,
                           fmt::format("report '{}' has {} sheets", def.id, def.sheets.size()), "--sheet NAME");
    const std::string output = options.output.output().empty() && !is_textual(format)
                                   ? default_file_name(def, format, now)
                                   : options.output.output();

    refuse_database_output(output, global.db());
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    require_asemdb_database(conn, global.sql_tree());
    RunOptions engine;
    // Not over a table that is itself going to the terminal.
    if (!output.empty() || !isatty(STDOUT_FILENO)) engine.progress = progress_stream(options.quiet);
    const auto summary = run_report_to(conn, def, params, format, output, render, now, engine);
    if (!output.empty()) say_written(output, summary.sheet_rows);
}

}  // namespace

Command setup_report(CLI::App& app, GlobalOptions& global) {
    auto* report = app.add_subcommand("report", "List, describe and run reports");
    report->require_subcommand(1);

    auto* list = report->add_subcommand("list", "List the reports with their titles and parameters");
    auto* show = report->add_subcommand("show", "Describe a report: parameters, sheets, SQL");
    auto* run_cmd = report->add_subcommand("run", "Run a report and write it to stdout or a file");
    auto options = std::make_shared<ReportRunOptions>();
    auto show_name = std::make_shared<std::string>();
    show->add_option("name", *show_name, "The report")->required();
    run_cmd->add_option("name", options->name, "The report")->required();
    run_cmd->add_option("-p,--param", options->params, "A parameter, as name=value (repeatable)")->allow_extra_args(false);
    options->output.add_to(*run_cmd, "from -o, else text",
                           "The file to write; default stdout, or NAME-YYYY-MM-DD.xlsx for xlsx");
    run_cmd->add_option("--sheet", options->sheet, "Only this sheet of the report");
    run_cmd->add_flag("-q,--quiet", options->quiet, "No progress line on a terminal's standard error");
    for (auto* cmd : {report, list, show, run_cmd}) {
        global.add_to(*cmd);
        global.add_reports_dir_to(*cmd);
    }

    return {report, [&global, list, show, run_cmd, options, show_name] {
                if (list->parsed()) list_reports(global);
                else if (show->parsed()) show_report(global, *show_name);
                else if (run_cmd->parsed()) run(global, *options);
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
