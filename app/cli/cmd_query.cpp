// asemdb query: ad hoc SQL, read-only, through the report engine and its renderers.

#include "commands.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/engine/params.hpp"
#include "asemdb/engine/progress.hpp"
#include "asemdb/engine/query.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/render/report_file.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace asemdb::cli {
namespace {

struct QueryOptions {
    std::string sql;
    std::string file;
    std::vector<std::string> params;
    OutputOptions output;
    std::optional<std::uint64_t> result;
    std::optional<std::uint64_t> limit;
    std::optional<double> timeout;
    bool quiet = false;
};

struct QueryText {
    std::string id;      ///< the file's stem, so a query file renders as the same bare report would
    std::string sql;
    std::string origin;  ///< for messages
};

// The ranges of the numeric options. CLI::PositiveNumber would answer "abc" with
// the whole range of a double, and a double's range is wider than a duration's.
constexpr std::uint64_t kMaxRows = 1'000'000'000'000;

const CLI::Validator kRowCount(
    [](const std::string& text) {
        std::uint64_t rows = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rows);
        const bool whole = !text.empty() && ec == std::errc() && end == text.data() + text.size();
        return whole && rows >= 1 && rows <= kMaxRows
                   ? std::string()
                   : fmt::format("expected a whole number of rows from 1 to {}, got '{}'", kMaxRows, text);
    },
    "N");


QueryText read_query(const QueryOptions& options) {
    if (!options.sql.empty() && !options.file.empty()) throw Error::usage("give the SQL as an argument or with -f, not both");
    if (!options.sql.empty()) return {"query", options.sql, "query"};
    if (!options.file.empty()) {
        std::error_code ec;
        if (std::filesystem::is_directory(options.file, ec)) throw Error::io(options.file, "is a directory, not a query file");
        std::ifstream in(options.file, std::ios::binary);
        if (!in) throw Error::io(options.file, "cannot read the query file");
        std::ostringstream text;
        text << in.rdbuf();
        return {std::filesystem::path(options.file).stem().string(), text.str(), options.file};
    }
    if (isatty(STDIN_FILENO)) throw Error::usage("no SQL given: pass it as an argument, with -f FILE, or on standard input");
    std::ostringstream text;
    text << std::cin.rdbuf();
    return {"query", text.str(), "stdin"};
}

Format choose_format(const QueryOptions& options) {
    if (auto format = options.output.chosen()) return *format;
    // A table for a person at a terminal; csv for a pipe or a file.
    return isatty(STDOUT_FILENO) ? Format::Text : Format::Csv;
}

// --result N keeps the Nth statement's result.
ReportDefinition select_result(ReportDefinition def, std::optional<std::uint64_t> result) {
    if (!result) return def;
    if (*result > def.sheets.size())
        throw Error::usage(fmt::format("--result {}: the query gives {} {}", *result, def.sheets.size(),
                                       def.sheets.size() == 1 ? "result" : "results"));
    def.sheets = {def.sheets[*result - 1]};
    return def;
}

RunOptions limits_of(const QueryOptions& options) {
    RunOptions run;
    run.max_rows = options.limit;
    if (options.timeout) run.timeout = std::chrono::milliseconds(std::llround(*options.timeout * 1000));
    // Not over a table that is itself going to the terminal.
    if (!options.output.output().empty() || !isatty(STDOUT_FILENO)) run.progress = progress_stream(options.quiet);
    return run;
}

int run_query(const GlobalOptions& global, const QueryOptions& options) {
    const Format format = choose_format(options);
    const std::string& output = options.output.output();
    if (format == Format::Xlsx && output.empty()) throw Error::usage("xlsx needs an output file: -o FILE.xlsx");
    const RenderOptions render = options.output.render_options(format);
    const QueryText query = read_query(options);
    const ParamMap given = parse_assignments(options.params);
    refuse_database_output(output, global.db());
    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    const auto def = select_result(adhoc_query(conn, query.id, query.sql, query.origin), options.result);
    refuse_several_results(def.sheets.size(), format, render,
                           fmt::format("the query gives {} results (one per statement)", def.sheets.size()),
                           "--result N");
    const std::time_t now = now_or_source_date_epoch();
    const auto params = resolve_params(def, given, now);
    const RunOptions run = limits_of(options);

    const RunSummary summary = run_report_to(conn, def, params, format, output, render, now, run);
    for (const auto& sheet : summary.limited_sheets)
        std::cerr << fmt::format("asemdb: note: {} stopped after {} rows (--limit)\n", sheet, *options.limit);
    if (!output.empty()) say_written(output, summary.sheet_rows);
    return kExitOk;
}

}  // namespace

Command setup_query(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand("query", "Run your own SQL, read-only, and render the result");
    auto options = std::make_shared<QueryOptions>();
    cmd->add_option("sql", options->sql, "The SQL; several statements give one result each");
    cmd->add_option("-f,--file", options->file, "Read the SQL from this file");
    cmd->add_option("-p,--param", options->params,
                    "A parameter value as name=value (:name, @name, $name) or N=value (?N); repeatable")
        ->allow_extra_args(false);
    options->output.add_to(*cmd, "from -o; else text on a terminal, csv otherwise",
                           "Write to this file instead of standard output");
    cmd->add_option("--result", options->result, "Only the result of this statement (1 for the first)")
        ->check(CLI::Range(std::uint64_t{1}, kMaxRows));
    cmd->add_option("--limit", options->limit, "Stop each result after this many rows")->check(kRowCount);
    cmd->add_option("--timeout", options->timeout, "Stop a query that runs longer than this many seconds")
        ->check(seconds_validator());
    cmd->add_flag("-q,--quiet", options->quiet, "No progress line on a terminal's standard error");
    global.add_to(*cmd);
    return {cmd, [&global, options] { return run_query(global, *options); }};
}

}  // namespace asemdb::cli
