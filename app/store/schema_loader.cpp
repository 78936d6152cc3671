#include "asemdb/store/schema.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "store/directory_listing.hpp"
#include "store/embedded_files.hpp"
#include "base/sha256.hpp"
#include "store/sql_script.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSubdirs[] = {"schema", "seed", "checks"};

bool starts_with_number(const std::string& file_name) {
    return !file_name.empty() && std::isdigit(static_cast<unsigned char>(file_name[0]));
}

SqlScript make_script(std::string name, std::string origin, std::string text) {
    std::string checksum = detail::sha256_hex(text);
    return {std::move(name), std::move(origin), std::move(text), std::move(checksum)};
}

std::vector<SqlScript>& part(SqlTree& tree, const std::string& subdir) {
    if (subdir == "schema") return tree.schema;
    if (subdir == "seed") return tree.seed;
    return tree.checks;
}

void sort_by_name(SqlTree& tree) {
    for (auto* scripts : {&tree.schema, &tree.seed, &tree.checks})
        std::sort(scripts->begin(), scripts->end(),
                  [](const SqlScript& a, const SqlScript& b) { return a.name < b.name; });
}

SqlTree build_embedded() {
    SqlTree tree;
    for (const auto& file : detail::embedded_files()) {
        const std::string path(file.path);
        for (const std::string subdir : kSubdirs) {
            const std::string prefix = "sql/" + subdir + "/";
            if (path.rfind(prefix, 0) == 0)
                part(tree, subdir).push_back(make_script(path.substr(4), path, std::string(file.content)));
        }
    }
    sort_by_name(tree);
    return tree;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error::io(file, "cannot read file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error::io(file, "cannot read file");
    return text.str();
}

constexpr const char* kCreateJournal = R"(
CREATE TABLE IF NOT EXISTS applied_script (
    name        TEXT PRIMARY KEY,
    checksum    TEXT NOT NULL CHECK (length(checksum) = 64),
    applied_at  TEXT NOT NULL
) STRICT)";

bool has_table(const Connection& conn, const char* name) {
    SQLite::Statement query(conn.db(), "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    query.bind(1, name);
    return query.executeStep();
}

bool has_any_table(const Connection& conn) {
    SQLite::Statement query(conn.db(), "SELECT 1 FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'");
    return query.executeStep();
}

void check_compatible(const Connection& conn, const SqlTree& tree) {
    require_supported_version(conn, tree);
    if (has_any_table(conn) && !has_table(conn, "applied_script"))
        throw Error::sql(conn.path().string(), 0,
                         "a SQLite database, but not one asemdb created (no applied_script table)");
}

void check_unchanged(const Connection& conn, const std::map<std::string, const SqlScript*>& known,
                     const std::vector<AppliedScript>& applied) {
    for (const auto& done : applied) {
        const auto it = known.find(done.name);
        if (it == known.end() || it->second->checksum == done.checksum) continue;
        throw Error::sql(it->second->origin, 0,
                         "changed since it was applied to " + conn.path().string() + " on " + done.applied_at +
                             " (checksum " + done.checksum.substr(0, 12) + " then, " +
                             it->second->checksum.substr(0, 12) +
                             " now); an applied script must not change: add a new numbered script instead");
    }
}

void run_script(SQLite::Database& db, const SqlScript& script) {
    for (const auto& statement : detail::split_sql(script.text)) {
        try {
            db.exec(statement.text);
        } catch (const SQLite::Exception& e) {
            const int offset = sqlite3_error_offset(db.getHandle());
            const int line = offset >= 0 ? detail::line_at(statement.text, static_cast<std::size_t>(offset),
                                                          statement.line)
                                         : statement.line;
            throw Error::sql(script.origin, line,
                             std::string(e.what()) + " (SQLite error " + std::to_string(e.getExtendedErrorCode()) +
                                 "); nothing was applied");
        }
    }
}

void record(SQLite::Database& db, const SqlScript& script) {
    SQLite::Statement insert(db,
                             "INSERT INTO applied_script (name, checksum, applied_at) "
                             "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    insert.bind(1, script.name);
    insert.bind(2, script.checksum);
    insert.exec();
}

bool is_change(const std::string& name) { return name.rfind(kChangePrefix, 0) == 0; }

// The text of a change is kept whole: the audit rebuilds what it built from it,
// with no need for the file.
void keep_change(SQLite::Database& db, const SqlScript& script) {
    try {
        SQLite::Statement insert(db, "INSERT INTO applied_change (name, number, text) VALUES (?, ?, ?)");
        insert.bind(1, script.name);
        insert.bind(2, change_number(script.name));
        insert.bind(3, script.text);
        insert.exec();
    } catch (const SQLite::Exception& e) {
        throw Error::sql(script.origin, 0,
                         std::string("cannot keep the change in the database (") + e.what() +
                             "): its schema lacks applied_change (schema/005_applied_changes.sql); nothing was applied");
    }
}

// Changes build on one another in number order: one numbered before a change
// already applied would run after it, in another order than its number says.
void check_change_order(const Connection& conn, const SqlTree& tree, const std::vector<AppliedScript>& applied) {
    const AppliedScript* last = nullptr;
    for (const auto& done : applied)
        if (is_change(done.name) && (!last || change_number(done.name) > change_number(last->name))) last = &done;
    if (!last) return;
    for (const auto& change : tree.changes) {
        const bool pending = std::none_of(applied.begin(), applied.end(), [&](const auto& a) { return a.name == change.name; });
        if (pending && change_number(change.name) <= change_number(last->name))
            throw Error::sql(change.origin, 0,
                             "numbered before " + last->name + ", applied to " + conn.path().string() + " on " +
                                 last->applied_at + "; a new change takes the next free number (" +
                                 std::to_string(change_number(last->name) + 1) + " or later)");
    }
}

}  // namespace

int SqlTree::schema_version() const {
    int version = 0;
    for (const auto& script : schema) {
        const auto file = fs::path(script.name).filename().string();
        version = std::max(version, std::atoi(file.c_str()));
    }
    return version;
}

const SqlTree& embedded_sql() {
    static const SqlTree tree = build_embedded();
    return tree;
}

SqlTree load_sql_tree(const fs::path& dir) {
    detail::require_directory(dir, "SQL directory");
    SqlTree tree;
    for (const std::string subdir : kSubdirs) {
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(dir / subdir, ec))) continue;
        for (const auto& file : detail::files_in_directory(dir / subdir, "SQL directory", {".sql"})) {
            const std::string base = file.filename().string();
            if (subdir != "checks" && !starts_with_number(base))
                throw Error::io(file, "script names must start with their number, as in 001_name.sql");
            part(tree, subdir).push_back(make_script(subdir + "/" + base, file.string(), read_file(file)));
        }
    }
    if (tree.schema.empty()) throw Error::io(dir / "schema", "no schema scripts (*.sql) found");
    sort_by_name(tree);
    return tree;
}

std::vector<AppliedScript> applied_scripts(const Connection& conn) {
    std::vector<AppliedScript> out;
    if (!has_table(conn, "applied_script")) return out;
    try {
        SQLite::Statement query(conn.db(), "SELECT name, checksum, applied_at FROM applied_script ORDER BY rowid");
        while (query.executeStep())
            out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
    } catch (const SQLite::Exception& e) {
        throw Error::sql(conn.path().string(), 0,
                         std::string("a SQLite database, but its applied_script table is not the one asemdb keeps (") +
                             e.what() + ")");
    }
    return out;
}

int change_number(const std::string& name) {
    if (!is_change(name)) return 0;
    return std::atoi(name.c_str() + std::char_traits<char>::length(kChangePrefix));
}

std::vector<SqlScript> applied_changes(const Connection& conn) {
    std::vector<SqlScript> out;
    if (!has_table(conn, "applied_change")) return out;
    SQLite::Statement query(conn.db(), "SELECT name, text FROM applied_change ORDER BY number");
    while (query.executeStep()) {
        std::string name = query.getColumn(0).getString();
        out.push_back(make_script(name, conn.path().string() + ": " + name, query.getColumn(1).getString()));
    }
    return out;
}

int database_schema_version(const Connection& conn) {
    return conn.db().execAndGet("PRAGMA user_version").getInt();
}

void require_supported_version(const Connection& conn, const SqlTree& tree) {
    const int version = database_schema_version(conn);
    if (version > tree.schema_version())
        throw Error::sql(conn.path().string(), 0,
                         "database has schema version " + std::to_string(version) + ", newer than the " +
                             std::to_string(tree.schema_version()) + " this asemdb knows; use a newer asemdb");
}

void require_asemdb_database(const Connection& conn, const SqlTree& tree) {
    require_supported_version(conn, tree);
    if (!has_table(conn, "applied_script"))
        throw Error::sql(conn.path().string(), 0, "not an asemdb database (run 'asemdb init' to create one)");
}

MigrationResult migrate(Connection& conn, const SqlTree& tree) {
    // The write lock is taken first (waiting up to the busy timeout for another
    // writer), so what is pending cannot change before it is applied.
    SQLite::Database& db = conn.db();
    std::optional<SQLite::Transaction> transaction;
    try {
        transaction.emplace(db, SQLite::TransactionBehavior::IMMEDIATE);
    } catch (const SQLite::Exception& e) {
        throw Error::io(conn.path(), std::string(e.what()) + ": another process is writing to it (waited " +
                                         std::to_string(kDefaultBusyTimeoutMs / 1000) +
                                         " s); nothing was applied, try again later");
    }
    // Past the lock, a SQLite error comes from a database of another shape (a
    // bookkeeping table asemdb did not make, a constraint of its own): bad input.
    try {
        check_compatible(conn, tree);
        const auto applied = applied_scripts(conn);
        std::map<std::string, const SqlScript*> known;
        for (const auto* scripts : {&tree.schema, &tree.seed, &tree.changes})
            for (const auto& script : *scripts) known.emplace(script.name, &script);
        check_unchanged(conn, known, applied);
        check_change_order(conn, tree, applied);

        std::vector<const SqlScript*> pending;
        for (const auto* scripts : {&tree.schema, &tree.seed, &tree.changes})
            for (const auto& script : *scripts)
                if (std::none_of(applied.begin(), applied.end(), [&](const auto& a) { return a.name == script.name; }))
                    pending.push_back(&script);

        MigrationResult result{{}, database_schema_version(conn)};
        if (pending.empty()) return result;

        db.exec(kCreateJournal);
        for (const auto* script : pending) {
            run_script(db, *script);
            record(db, *script);
            if (is_change(script->name)) keep_change(db, *script);
            result.applied.push_back(script->name);
        }
        result.schema_version = std::max(result.schema_version, tree.schema_version());
        db.exec("PRAGMA user_version = " + std::to_string(result.schema_version));
        transaction->commit();
        return result;
    } catch (const SQLite::Exception& e) {
        throw Error::sql(conn.path().string(), 0, std::string(e.what()) + "; nothing was applied");
    }
}

}  // namespace asemdb
