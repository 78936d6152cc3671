#pragma once
// Report definitions and the catalog that finds them.
//
// A report is either a TOML manifest (reports/NAME.toml: title, description,
// typed parameters, sheets with their SQL and column formats, an optional text
// summary) or a bare query (reports/NAME.sql) whose :name parameters are
// discovered and taken as text. The catalog holds the reports embedded in the
// binary and those of a user's directory; a user's report wins over a shipped
// one of the same name.

#include "asemdb/engine/row.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

enum class ParamType { Text, Integer, Real, Date, Boolean, Choice };

/// "text", "integer", "real", "date", "boolean", "choice".
std::string to_string(ParamType type);

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Text;
    std::string description;
    bool required = false;
    std::optional<std::string> default_value;  ///< as written; dates may say "today"
    std::vector<std::string> choices;          ///< for Choice
};

/// A chart as a manifest names it: columns by name, resolved when the query runs.
struct ChartDefinition {
    std::string type = "column";  ///< column, bar, line or pie
    std::string title;
    std::string category;             ///< the column holding the category labels
    std::vector<std::string> values;  ///< the columns holding the series
};

struct SheetSpec {
    std::string name;
    std::string title;
    std::string sql;
    std::string sql_origin;  ///< "reports/member_roster.sql" or "reports/x.toml:12", for messages
    std::map<std::string, ColumnFormat> formats;  ///< by column name
    std::map<std::string, std::string> labels;    ///< headings people read, by column name
    std::vector<std::string> hidden;              ///< columns kept in the data but not shown to readers
    std::string tab;                              ///< the xlsx worksheet's name; empty: `name`
    Orientation orientation = Orientation::Auto;  ///< printed orientation; Auto: from the table's width
    std::optional<ChartDefinition> chart;
};

/// A mustache template and the named queries whose rows fill it.
struct SummarySpec {
    std::string template_text;
    std::vector<std::pair<std::string, std::string>> queries;  ///< name, SQL
};

/// What a report's About sheet tells beside its rows, each a query run with the
/// report's parameters: `sources`, the source_key of every source its rows cite;
/// `caveats`, one line per caveat that bears on them; `note`, at most one line,
/// which the first sheet's title carries too. An empty query is not run.
struct AboutSpec {
    std::string sources;
    std::string caveats;
    std::string note;
    std::string origin;  ///< the manifest, for messages
};

struct ReportDefinition {
    std::string id;  ///< the file name without extension
    std::string title;
    std::string description;
    std::vector<ParamSpec> params;
    std::vector<SheetSpec> sheets;
    std::optional<SummarySpec> summary;
    std::optional<AboutSpec> about;  ///< unset: the About sheet lists every source, and no caveat
    Paper paper = Paper::A4;  ///< what printed workbooks are set up for
    /// The date parameter a printed page's header shows as "As of <date>"
    /// (manifest key as_of_param); empty: none, all parameters shown alike.
    std::string as_of_param;
    /// What a run of the report is counted in, for the scheduler's words: the rows
    /// of `main_sheet` (empty: the first sheet), each one `row_noun` ("member").
    std::string main_sheet;
    std::string row_noun = "row";
    std::string row_noun_plural = "rows";
    std::string origin;  ///< the file it was read from
    bool user = false;   ///< from --reports-dir rather than the binary
    /// The user's own SQL (asemdb query): messages speak of its statements and
    /// parameters, not of a report and sheets the user never named.
    bool adhoc = false;

    const ParamSpec* find_param(const std::string& name) const;
    /// The report's name as messages give it: empty for ad hoc SQL.
    std::string name_in_messages() const { return adhoc ? std::string() : id; }
    /// How messages name `sheet` (one of `sheets`): "sheet 'NAME'", or for ad hoc
    /// SQL "statement N" when there are several and "" when there is one.
    std::string sheet_in_messages(const SheetSpec& sheet) const;
    /// The sheet a run is counted by: `main_sheet`, else the first; empty when there is no sheet.
    std::string counted_sheet() const;
    /// `rows` of the counted sheet in the report's words: "54 members", "1 row".
    std::string count_text(std::uint64_t rows) const;
};

/// `def` reduced to its sheet `sheet` (its text summary dropped; counted in rows
/// unless `sheet` is its main sheet); `def` itself when `sheet` is empty. Throws
/// Error{Usage} naming the report's sheets when it has none of that name.
ReportDefinition only_sheet(ReportDefinition def, const std::string& sheet);

/// Parses a manifest. `read_beside` reads a file named by `sql_file = ...`
/// relative to the manifest. Throws Error{Definition} with the file and line of
/// the first problem.
ReportDefinition parse_manifest(const std::string& id, const std::string& text, const std::string& origin,
                                const std::function<std::string(const std::string&)>& read_beside);

/// Required text parameters named `names`, each described as `description`:
/// those a bare query or ad hoc SQL is found to use.
std::vector<ParamSpec> required_params(const std::vector<std::string>& names, const std::string& description);

/// A bare query as a one-sheet report; its parameters are discovered, as text.
ReportDefinition bare_sql_report(const std::string& id, const std::string& sql, const std::string& origin);

struct CatalogEntry {
    ReportDefinition definition;
    bool overrides_builtin = false;  ///< a user report hiding a shipped one
};

class ReportCatalog {
 public:
    /// The shipped reports, plus those in `user_dir` if given.
    /// Throws Error{Definition} for a malformed manifest, Error{Io} for an unreadable directory.
    static ReportCatalog load(const std::optional<std::filesystem::path>& user_dir);

    const std::vector<CatalogEntry>& entries() const { return entries_; }
    const ReportDefinition* find(const std::string& id) const;
    /// The id closest to `id` (none or one), for "did you mean".
    std::vector<std::string> suggest(const std::string& id) const;
    /// find(), or Error{Usage} naming the closest reports.
    const ReportDefinition& get(const std::string& id) const;

 private:
    std::vector<CatalogEntry> entries_;  ///< sorted by id
};

}  // namespace asemdb
