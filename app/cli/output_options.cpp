// The output options query and report run share, with the names sqlite-utils
// (--csv, --tsv, --json, --nl, --table, --no-headers) and the sqlite3 shell
// (--null, as .nullvalue) give them.

#include "commands.hpp"

#include "asemdb/base/error.hpp"

#include <fmt/core.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace asemdb::cli {
namespace {

struct Shortcut {
    const char* option;
    Format format;
    const char* help;
};

constexpr Shortcut kShortcuts[] = {
    {"--csv", Format::Csv, "Same as --format csv"},
    {"--tsv", Format::Tsv, "Same as --format tsv: tab-separated values"},
    {"--json", Format::Json, "Same as --format json: an array of row objects (see --document)"},
    {"--nl", Format::Ndjson, "Same as --format ndjson: one json object per row, one a line"},
    {"--table", Format::Text, "Same as --format text: an aligned table"},
    {"--markdown", Format::Markdown, "Same as --format markdown"},
    {"--xlsx", Format::Xlsx, "Same as --format xlsx (needs -o FILE)"},
};

}  // namespace

void OutputOptions::add_to(CLI::App& cmd, const std::string& format_default, const std::string& output_help) {
    cmd.add_option("--format", format_, format_names(kReportFormats) + " (default: " + format_default + ")");
    for (const Shortcut& shortcut : kShortcuts) {
        const std::string option = shortcut.option;
        cmd.add_flag_callback(option, [this, option] { shortcuts_.push_back(option); }, shortcut.help);
    }
    cmd.add_option("-o,--output", output_, output_help);
    cmd.add_flag("--document", document_,
                 "json: one document with the title, the parameters and every result "
                 "({\"report\": ..., \"sheets\": [{\"rows\": [...]}, ...]})");
    cmd.add_flag("--no-headers", no_headers_, "csv, tsv and text: no line of column names");
    cmd.add_option("--null", null_text_, "text, csv and tsv: write NULL as this text (default: nothing, as \"\")");
    cmd.add_flag("--escape-formulas", escape_formulas_,
                 "csv and tsv: text beginning with = + - @ gets a leading ', so a spreadsheet reads it as text, "
                 "not a formula");
}

std::optional<Format> OutputOptions::chosen() const {
    std::vector<std::string> given = shortcuts_;
    if (!format_.empty()) given.insert(given.begin(), "--format " + format_);
    if (given.size() > 1) throw Error::usage(fmt::format("{} and {} both choose the format; give one", given[0], given[1]));
    if (!format_.empty()) {
        if (auto format = parse_format(format_)) return format;
        throw Error::usage(fmt::format("unknown format '{}'; use {}", format_, format_names(kReportFormats)));
    }
    if (!shortcuts_.empty())
        for (const Shortcut& shortcut : kShortcuts)
            if (shortcuts_.front() == shortcut.option) return shortcut.format;
    if (document_) return Format::Json;
    if (output_.empty()) return std::nullopt;
    if (auto format = format_for_path(output_)) return format;
    throw Error::usage(fmt::format("cannot tell the format from '{}'; give --format or use one of .{}", output_,
                                   [] {
                                       std::string extensions;
                                       for (const Format f : kReportFormats)
                                           extensions += (extensions.empty() ? "" : ", .") + extension_of(f);
                                       return extensions;
                                   }()));
}

RenderOptions OutputOptions::render_options(Format format) const {
    const bool delimited = format == Format::Csv || format == Format::Tsv;
    const auto refuse = [&](const std::string& option, const std::string& applies_to) {
        throw Error::usage(fmt::format("{} applies to {} only, not to {}", option, applies_to, to_string(format)));
    };
    if (escape_formulas_ && !delimited) {
        if (format == Format::Xlsx)
            throw Error::usage("--escape-formulas applies to csv and tsv only (xlsx already stores such text as text)");
        refuse("--escape-formulas", "csv and tsv");
    }
    if (document_ && format != Format::Json) refuse("--document", "json");
    if (no_headers_ && !delimited && format != Format::Text) refuse("--no-headers", "csv, tsv and text (--table)");
    if (null_text_ && !delimited && format != Format::Text) refuse("--null", "text (--table), csv and tsv");
    RenderOptions render;
    render.escape_formulas = escape_formulas_;
    render.json_document = document_;
    render.headers = !no_headers_;
    render.null_text = null_text_;
    render.warn = [](const std::string& notice) { std::cerr << "asemdb: warning: " << notice << "\n"; };
    return render;
}

const CLI::Validator& seconds_validator() {
    static constexpr double kMin = 0.001;
    static constexpr double kMax = 1'000'000;
    static const CLI::Validator validator(
        [](const std::string& text) {
            char* end = nullptr;
            const double seconds = text.empty() || std::isspace(static_cast<unsigned char>(text[0]))
                                       ? NAN
                                       : std::strtod(text.c_str(), &end);
            return std::isfinite(seconds) && *end == '\0' && seconds >= kMin && seconds <= kMax
                       ? std::string()
                       : fmt::format("must be a number of seconds from {} to {}, got '{}'", kMin, kMax, text);
        },
        "SECONDS");
    return validator;
}

void refuse_several_results(std::size_t results, Format format, const RenderOptions& render, const std::string& what,
                            const std::string& choose_one) {
    if (results <= 1 || !holds_one_table(format, render)) return;
    const std::string holder = format == Format::Json ? "a json array" : to_string(format);
    throw Error::usage(fmt::format("{} and {} holds one; choose one with {}, or write them all with --json --document, "
                                   "--table, --markdown or --xlsx",
                                   what, holder, choose_one));
}

void say_written(const std::string& path, const std::vector<std::pair<std::string, std::uint64_t>>& sheet_rows) {
    const auto rows = [](std::uint64_t n) { return fmt::format("{} {}", n, n == 1 ? "row" : "rows"); };
    std::string counts;
    if (sheet_rows.size() == 1) counts = rows(sheet_rows.front().second);
    else
        for (const auto& [sheet, n] : sheet_rows) counts += (counts.empty() ? "" : ", ") + sheet + " " + rows(n);
    std::cerr << fmt::format("wrote {}{}\n", path, counts.empty() ? "" : " (" + counts + ")");
}

}  // namespace asemdb::cli
