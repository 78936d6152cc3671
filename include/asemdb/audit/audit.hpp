#pragma once
// The audit: does the database still match what the sources declare, and is the
// data itself sound? It evaluates declared counts (on the date each declaration
// holds and on the audit's date, telling a failure from drift), integrity
// (SQLite's checks, schema version, script checksums), row counts against a
// saved baseline, and the custom checks in sql/checks. Results are values; the
// command line decides what they mean for the exit code.
//
// A custom check is one read-only query returning the offending rows (none:
// pass), under a header of comment lines:
//
//     -- title: Every member state has valid ISO codes
//     -- severity: error            (error: offending rows fail; warning: they warn)
//     SELECT ... WHERE ... :as_of ...   (optional :as_of is bound to the audit's date)

#include "asemdb/store/info.hpp"
#include "asemdb/render/render.hpp"
#include "asemdb/store/schema.hpp"

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace asemdb {

class Connection;

enum class CheckStatus { Pass, Drift, Warn, Fail };

/// "pass", "drift", "warn", "fail".
std::string to_string(CheckStatus status);

/// Offending rows a check keeps; it counts them all.
inline constexpr std::size_t kMaxOffendingRows = 100;

/// A named figure behind a result, for machines: {"declared", 28}, {"holds_on", "2018-06-30"}.
using Figure = std::pair<std::string, std::variant<std::int64_t, std::string>>;

struct CheckResult {
    std::string id;        ///< stable and unique: "declared.eu_states", "integrity.foreign_keys", ...
    std::string category;  ///< declared, integrity, rows, custom
    std::string title;
    CheckStatus status = CheckStatus::Pass;
    std::string detail;    ///< the numbers and the reason, in one line
    std::vector<std::string> columns;               ///< of the offending rows
    std::vector<std::vector<std::string>> rows;     ///< offending rows (at most kMaxOffendingRows); NULL as "NULL"
    std::uint64_t offending = 0;                    ///< how many rows offend in all
    std::vector<Figure> figures;                    ///< the numbers of `detail`, by name
};

/// A row as a baseline records it: its name for people and the SHA-256 of its values.
struct RowDigest {
    std::string name;
    std::string sha256;
};
/// Row digests by table, then by the row's key (its primary key values, quoted).
using RowDigests = std::map<std::string, std::map<std::string, RowDigest>>;

struct AuditOptions {
    std::string as_of;                                ///< ISO date the declarations are also held against
    /// A user's extra checks (*.sql); one named like a shipped check replaces it.
    std::optional<std::filesystem::path> checks_dir;
    std::optional<std::filesystem::path> baseline;    ///< row counts to compare with
};

struct AuditReport {
    std::string database;
    std::string as_of;
    std::time_t generated = 0;
    std::string fingerprint;         ///< SHA-256 of the database content (database_fingerprint)
    std::vector<TableCount> tables;  ///< the row count of every table, by name
    RowDigests row_digests;          ///< every row of every data table, for a baseline
    std::vector<CheckResult> checks;

    /// 0 when nothing fails; 1 when a check fails, or (strict) drifts or warns.
    int exit_code(bool strict) const;
    /// How many checks have `status`.
    std::size_t count(CheckStatus status) const;
};

/// "28 checks: 27 pass, 0 drift, 0 warn, 1 fail; exit code 1", as the text output ends.
std::string audit_summary_line(const AuditReport& report, bool strict);

/// Runs every check against `conn` (opened read-only). `tree` supplies the
/// binary's schema version, the scripts to compare checksums with, and the
/// shipped checks. A failing check is a result, not an exception. Throws Error
/// only when the audit cannot run at all: Usage for an as_of that is no date;
/// Io for an unreadable baseline or checks directory; Definition for a malformed
/// baseline, or a check with a malformed header, more than one statement, a
/// write or a parameter other than :as_of (naming file and line); Sql for a
/// check whose query fails (naming file and line) or a database asemdb did not create.
AuditReport run_audit(const Connection& conn, const SqlTree& tree, const AuditOptions& options, std::time_t now);

/// Writes the current row counts and row digests of every table as a JSON baseline, atomically
/// (an earlier file stays as it was on failure). Throws Error{Io}.
void save_baseline(const Connection& conn, const std::filesystem::path& file);

/// Writes the report's row counts and row digests as the baseline save_baseline writes:
/// {"asemdb_baseline": 1, "database": ..., "saved": ISO time, "tables": {name: rows},
///  "rows": {table: {key: {"name": ..., "sha256": ...}}}}.
void write_baseline(const AuditReport& report, std::ostream& out);

/// Renders the report as text, JSON or JUnit XML. REQUIRES: format != Xlsx.
void render_audit(const AuditReport& report, Format format, std::ostream& out);
/// As above; with `strict`, JUnit marks drift and warnings as failures and JSON
/// records the strict exit code.
void render_audit(const AuditReport& report, Format format, std::ostream& out, bool strict);

/// Writes the report as a workbook (a sheet of results, a sheet of offending rows)
/// to `file`, which the caller makes atomic. Throws Error{Render}.
void render_audit_xlsx(const AuditReport& report, const std::filesystem::path& file);

class Destination;
/// Writes the report as `format` to `output` and commits it; xlsx needs a file.
/// Throws Error{Render} when a write fails, Error{Usage} for xlsx to standard output.
void write_audit(const AuditReport& report, Format format, Destination& output, bool strict = false);

}  // namespace asemdb
