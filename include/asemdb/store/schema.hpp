#pragma once
// The SQL that builds the forum database, and the migrator that applies it.
//
// A SqlTree holds the numbered schema migrations (sql/schema/NNN_*.sql), the seed
// scripts (sql/seed/NNN_*.sql) and the audit checks (sql/checks/*.sql), either as
// embedded in the binary or read from a directory, and the keepers' own change
// scripts (changes/NNN_slug.sql, read by asemdb/changes/change.hpp). migrate()
// applies the scripts a database has not seen yet, in one transaction, and
// records each with its SHA-256, so a script that has run is never run again nor
// silently changed. A change is also kept whole in the database (applied_change),
// so what it built can be rebuilt without its file.

#include <filesystem>
#include <string>
#include <vector>

namespace asemdb {

class Connection;

struct SqlScript {
    std::string name;    ///< "schema/001_forum.sql": the identity recorded in the database
    std::string origin;  ///< where it was read from, for messages: "sql/schema/001_forum.sql"
    std::string text;
    std::string checksum;  ///< SHA-256 of text, lower-case hex
};

struct SqlTree {
    std::vector<SqlScript> schema;  ///< in file-name order
    std::vector<SqlScript> seed;    ///< in file-name order
    std::vector<SqlScript> checks;  ///< in file-name order
    /// The keepers' changes ("changes/001_coordinators-2026.sql"), in number order;
    /// applied after the seed. Never embedded: empty unless a caller adds them.
    std::vector<SqlScript> changes;
    /// The number of the highest schema migration (001 -> 1); 0 when there is none.
    int schema_version() const;
};

/// The sql/ tree embedded in the binary at build time.
const SqlTree& embedded_sql();

/// Reads DIR/schema, DIR/seed and DIR/checks (each optional, but at least one
/// schema script is required). Schema and seed names must start with a number.
/// Throws Error{Io} naming the directory or file that cannot be read.
SqlTree load_sql_tree(const std::filesystem::path& dir);

/// One script recorded as applied in a database.
struct AppliedScript {
    std::string name;
    std::string checksum;
    std::string applied_at;  ///< UTC, ISO-8601
};

/// The scripts recorded in the database, in the order they were applied; empty
/// for a database asemdb has never initialised.
std::vector<AppliedScript> applied_scripts(const Connection& conn);

/// The name prefix of a keeper's change: "changes/".
inline constexpr const char* kChangePrefix = "changes/";

/// The number a change's name starts with ("changes/012_x.sql" -> 12); 0 for any other name.
int change_number(const std::string& name);

/// The changes applied to the database as it keeps them (name, text, checksum of
/// that text; origin "<database>: changes/001_x.sql"), in the order applied; empty
/// for a database without changes.
std::vector<SqlScript> applied_changes(const Connection& conn);

/// The schema version recorded in the database (PRAGMA user_version).
int database_schema_version(const Connection& conn);

/// Throws Error{Sql} if the database's schema version is newer than `tree` knows.
void require_supported_version(const Connection& conn, const SqlTree& tree);
/// Also throws Error{Sql} if asemdb never initialised the database (no
/// applied_script table): for commands that read its tables by name.
void require_asemdb_database(const Connection& conn, const SqlTree& tree);

struct MigrationResult {
    std::vector<std::string> applied;  ///< names of the scripts applied by this call
    int schema_version = 0;            ///< the database's schema version afterwards
};

/// Applies every script of `tree` that `conn` has not applied yet: pending schema
/// migrations in order, then pending seeds, then pending changes, all in one
/// transaction; each change's text is kept in applied_change.
/// Throws Error{Sql} without changing the database when the database comes from a
/// newer schema version, is not an asemdb database, holds an applied script whose
/// file has changed since (naming it), has applied a change numbered after a
/// pending one, or a script fails (naming its file and line).
MigrationResult migrate(Connection& conn, const SqlTree& tree);

}  // namespace asemdb
