#include "asemdb/store/schema_doc.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace asemdb {
namespace {

// Descriptions by object and column ('' for the object); none if the table is absent.
std::string description(SQLite::Database& db, const std::string& object, const std::string& column) {
    if (!db.tableExists("schema_doc")) return {};
    SQLite::Statement query(db, "SELECT description FROM schema_doc WHERE object_name = ? AND column_name = ?");
    query.bind(1, object);
    query.bind(2, column);
    return query.executeStep() ? query.getColumn(0).getString() : std::string();
}

std::vector<ColumnDoc> columns_of(SQLite::Database& db, const std::string& object) {
    std::vector<ColumnDoc> out;
    SQLite::Statement query(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?) WHERE hidden = 0");
    query.bind(1, object);
    while (query.executeStep()) {
        ColumnDoc column;
        column.name = query.getColumn(0).getString();
        column.type = query.getColumn(1).getString();
        column.not_null = query.getColumn(2).getInt() != 0;
        column.primary_key = query.getColumn(3).getInt() != 0;
        column.description = description(db, object, column.name);
        out.push_back(std::move(column));
    }
    return out;
}

ObjectDoc document(SQLite::Database& db, const std::string& name, const std::string& kind) {
    return {name, kind, description(db, name, ""), columns_of(db, name)};
}

constexpr const char* kObjects = "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY type, name";

// The kind of the table or view `name`; Error{Usage} naming those there are if it is neither.
std::string kind_of(SQLite::Database& db, const std::string& name) {
    SQLite::Statement objects(db, kObjects);
    std::string known;
    while (objects.executeStep()) {
        const std::string object = objects.getColumn(0).getString();
        if (object == name) return objects.getColumn(1).getString();
        known += (known.empty() ? "" : ", ") + object;
    }
    throw Error::usage("no table or view named '" + name + "'; there are: " + known);
}

}  // namespace

std::vector<ObjectDoc> describe_schema(const Connection& conn) {
    std::vector<ObjectDoc> out;
    SQLite::Statement objects(conn.db(), kObjects);
    while (objects.executeStep())
        out.push_back(document(conn.db(), objects.getColumn(0).getString(), objects.getColumn(1).getString()));
    return out;
}

ObjectDoc describe_object(const Connection& conn, const std::string& name) {
    return document(conn.db(), name, kind_of(conn.db(), name));
}

std::string schema_sql(const Connection& conn, const std::string& name) {
    if (!name.empty()) kind_of(conn.db(), name);
    // In the order of creation, so the statements replay without a dangling reference.
    SQLite::Statement statements(conn.db(), "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
                                            "AND name NOT LIKE 'sqlite_%' AND (?1 = '' OR tbl_name = ?1) "
                                            "ORDER BY rowid");
    statements.bind(1, name);
    std::string out;
    while (statements.executeStep()) out += statements.getColumn(0).getString() + ";\n";
    return out;
}

}  // namespace asemdb
