#pragma once
// What a query writer needs to know about the database: its tables and views,
// their columns and types, and a line on each (from the schema_doc table).

#include <string>
#include <vector>

namespace asemdb {

class Connection;

struct ColumnDoc {
    std::string name;
    std::string type;  ///< declared type; empty for a view column computed by an expression
    bool not_null = false;
    bool primary_key = false;
    std::string description;
};

struct ObjectDoc {
    std::string name;
    std::string kind;  ///< table or view
    std::string description;
    std::vector<ColumnDoc> columns;
};

/// Every table and view, tables first, each by name. Reads only.
std::vector<ObjectDoc> describe_schema(const Connection& conn);

/// One table or view; Error{Usage} naming the objects there are if `name` is unknown.
ObjectDoc describe_object(const Connection& conn, const std::string& name);

/// The SQL that creates every table, view, index and trigger, or (with `name`)
/// one table or view and the indexes and triggers on it, as sqlite3's .schema
/// prints it: one statement after another, each ending in ";". Reads only.
/// Error{Usage} naming the objects there are if `name` is unknown.
std::string schema_sql(const Connection& conn, const std::string& name = {});

}  // namespace asemdb
