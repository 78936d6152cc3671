#pragma once
// The keepers' own changes: numbered SQL scripts in a changes directory beside
// the database (changes/001_coordinators-2026.sql), which `asemdb init` applies
// after the built-in schema and seed, in number order, each once, and keeps
// whole in the database (store/schema.hpp), so that the audit and every other
// command need neither the directory nor a flag.
//
// A change opens with a header of comment lines, then its statements:
//
//     -- title: Coordinators of 2025-2026
//     -- date: 2026-12-07
//     -- author: secretariat
//     -- source: S18
//     -- source-title: ASEM InfoBoard: the coordinators (snapshot of 2026)
//     -- source-url: https://aseminfoboard.org/...
//     -- source-says: Asian Coordinators: ...; European Coordinators: ...
//
// source-title and source-url are there only when the change adds its source
// (an INSERT INTO source follows the header); every row the change writes cites
// that source, or the one it names, like a seeded row.
//
// To write a change from code (a workbook's differences, say):
//
//     ChangeHeader header{"Coordinators of 2025-2026", "2026-12-07", "secretariat", {"M8"}};
//     const auto file = write_change(dir, header, "INSERT INTO coordinator ... '" + header.source.key + "');\n");

#include "asemdb/store/schema.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace asemdb {

class Connection;

/// $ASEMDB_CHANGES: the changes directory when --changes is not given.
inline constexpr const char* kChangesEnvironment = "ASEMDB_CHANGES";

/// Where a change's facts come from: a source the database has (key only), or
/// one the change adds (key, title and url).
struct ChangeSource {
    std::string key;    ///< "M8"; for a new source, its new key (change_source_key gives the next free one)
    std::string title;  ///< set only for a source the change adds
    std::string url;    ///< set only for a source the change adds
    std::string says;   ///< a source the change adds: what its page states (source.states), if given
    bool is_new() const { return !title.empty(); }
};

struct ChangeHeader {
    std::string title;   ///< one line, not empty
    std::string date;    ///< the day it was written, YYYY-MM-DD
    std::string author;
    ChangeSource source;
    int number = 0;      ///< for write_change: 0 takes the next free number of the directory
};

/// One change script of a changes directory.
struct ChangeFile {
    int number = 0;
    std::string name;  ///< "changes/001_coordinators-2026.sql": how the database records it
    std::filesystem::path path;
    std::string text;
    ChangeHeader header;  ///< what its header lines say; a line absent leaves its field empty
};

/// The changes directory of `db`: the database's directory + "changes".
std::filesystem::path default_changes_dir(const std::filesystem::path& db);

/// The change scripts of `dir`, in number order; none if `dir` does not exist.
/// Files not ending in .sql are left alone (a README). Throws Error{Io} naming the
/// file for a .sql file not named NNN_slug.sql, for two changes of one number, and
/// for a directory or file that cannot be read.
std::vector<ChangeFile> read_changes(const std::filesystem::path& dir);

/// The changes as the scripts SqlTree::changes holds.
std::vector<SqlScript> change_scripts(const std::vector<ChangeFile>& changes);

/// The header lines at the top of a change's text.
ChangeHeader parse_change_header(const std::string& text);

/// Writes a change to `dir` (created if absent): the header, for a new source the
/// INSERT INTO source that adds it, then `sql_body` as given. Its name is the
/// number (header.number, else the next free one of `dir`), three digits at
/// least, and a slug of the title: 003_coordinators-of-2025-2026.sql. Returns the
/// file's path; it never replaces a file. Throws Error{Usage} for an empty title
/// or a header field with a line break, a source key the schema refuses, a new
/// source without a URL; Error{Io} when the directory or the file cannot be written.
std::filesystem::path write_change(const std::filesystem::path& dir, const ChangeHeader& header,
                                   const std::string& sql_body);

/// The key for a source a change adds: "S" and one more than the highest S<n> of
/// the database's sources and of those the changes in `dir` add.
std::string change_source_key(const Connection& conn, const std::filesystem::path& dir);

/// Throws Error{Usage} unless `key` is a source of the database or one a change in
/// `dir` adds, suggesting the nearest key.
void require_source_key(const Connection& conn, const std::filesystem::path& dir, const std::string& key);

/// The number the next change takes: one more than the highest of `dir` and of
/// the changes applied to the database.
int next_change_number(const Connection& conn, const std::filesystem::path& dir);

/// Commented examples of the usual edits (a coordinator's term, a meeting, the end
/// of a bloc membership, a theme), each an exact statement citing `source_key`:
/// what `asemdb change new` writes as the body.
std::string change_examples(const std::string& source_key);

/// A change as `asemdb change list` shows it.
struct ChangeEntry {
    int number = 0;
    std::string name;
    ChangeHeader header;
    bool applied = false;
    std::string applied_at;  ///< UTC, ISO-8601; empty while pending
    bool edited = false;     ///< applied, and its file differs from the text applied
    bool has_file = false;   ///< its file is in the directory
};

/// The changes applied to the database and those pending in `dir`, by number.
std::vector<ChangeEntry> list_changes(const Connection& conn, const std::filesystem::path& dir);

/// The text of change `number`: as the database keeps it if applied, else its
/// file's. Throws Error{Usage} naming the numbers there are when there is none.
std::string change_text(const Connection& conn, const std::filesystem::path& dir, int number);

}  // namespace asemdb
