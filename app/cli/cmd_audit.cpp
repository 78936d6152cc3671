// asemdb audit: declared counts, integrity, row counts and custom checks, as
// text, JSON, JUnit XML or xlsx. Exit 0 when nothing fails, 1 when a check fails.

#include "commands.hpp"

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/text.hpp"
#include "asemdb/base/time.hpp"
#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/engine/params.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <optional>

namespace asemdb::cli {
namespace {

struct AuditCliOptions {
    std::string as_of = "today";
    std::string format;
    std::string output;
    bool strict = false;
    std::string baseline;
    std::string save_baseline;
    std::string checks_dir;
};

Format choose_format(const AuditCliOptions& options) {
    if (!options.format.empty()) {
        if (auto format = parse_format(options.format, kAuditFormats)) return *format;
        throw Error::usage("unknown format '" + options.format + "'; use " + format_names(kAuditFormats));
    }
    if (options.output.empty()) return Format::Text;
    if (auto format = format_for_path(options.output, kAuditFormats)) return *format;
    throw Error::usage("cannot tell the format from '" + options.output +
                       "'; give --format or use .txt, .json, .xml (junit) or .xlsx");
}

AuditOptions core_options(const AuditCliOptions& options, std::time_t now) {
    AuditOptions out;
    out.as_of = relative_date(options.as_of, local_date(now)).value_or(options.as_of);
    if (!options.checks_dir.empty()) out.checks_dir = options.checks_dir;
    if (!options.baseline.empty()) out.baseline = options.baseline;
    return out;
}

int run_audit_command(const GlobalOptions& global, const AuditCliOptions& options) {
    const std::time_t now = now_or_source_date_epoch();
    const Format format = choose_format(options);
    if (format == Format::Xlsx && options.output.empty())
        throw Error::usage("--format xlsx writes a file: give -o FILE.xlsx");
    const AuditOptions audit_options = core_options(options, now);
    refuse_database_output(options.output, global.db());
    refuse_database_output(options.save_baseline, global.db());
    // Claimed before any work: an unwritable path fails the run before it starts.
    Destination output = Destination::to(options.output);
    std::optional<Destination> baseline;
    if (!options.save_baseline.empty()) baseline.emplace(Destination::to(options.save_baseline));

    const auto conn = Connection::open(global.db(), OpenMode::ReadOnly);
    const AuditReport report = run_audit(conn, global.sql_tree(), audit_options, now);
    write_audit(report, format, output, options.strict);
    if (baseline) {
        write_baseline(report, baseline->stream());
        baseline->commit();
    }
    // Notices go where the report does not: JSON on stdout stays parseable.
    std::FILE* notices = output.is_file() ? stdout : stderr;
    if (output.is_file())
        fmt::print(notices, "wrote {}: {} checks, {} pass, {} drift, {} warn, {} fail\n", options.output,
                   report.checks.size(), report.count(CheckStatus::Pass), report.count(CheckStatus::Drift),
                   report.count(CheckStatus::Warn), report.count(CheckStatus::Fail));
    if (baseline)
        fmt::print(notices, "saved the row counts of {} tables to {}\n", report.tables.size(), options.save_baseline);
    return report.exit_code(options.strict);
}

}  // namespace

Command setup_audit(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "audit", "Check the database against the counts its sources declare, its integrity, a row-count baseline "
                 "and the checks in sql/checks; exit 1 when a check fails");
    auto options = std::make_shared<AuditCliOptions>();
    cmd->add_option("--as-of", options->as_of,
                    "Also hold the declared counts against this date: YYYY-MM-DD, today, yesterday, start_of_month, "
                    "end_of_previous_month, start_of_previous_month or start_of_year (default today)");
    cmd->add_option("--format", options->format, "text, json, junit or xlsx (default: from -o, else text)");
    cmd->add_option("-o,--output", options->output, "The file to write (required for xlsx); default stdout");
    cmd->add_flag("--strict", options->strict, "Drift and warnings fail too (exit 1)");
    cmd->add_option("--baseline", options->baseline, "Compare the row counts with this baseline (JSON)");
    cmd->add_option("--save-baseline", options->save_baseline, "Save the row counts as a baseline (JSON) to this file");
    cmd->add_option("--checks-dir", options->checks_dir,
                    "Also run the checks (*.sql) of this directory; one named like a shipped check replaces it");
    global.add_to(*cmd);
    return {cmd, [&global, options] { return run_audit_command(global, *options); }};
}

}  // namespace asemdb::cli
