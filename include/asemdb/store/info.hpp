#pragma once
// What a database holds, for `asemdb info`: its schema version, the scripts
// applied to it, the rows in each table and the sources its data comes from.

#include "asemdb/store/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace asemdb {

class Connection;

struct TableCount {
    std::string table;
    std::int64_t rows = 0;
};

struct SourceSummary {
    std::string key;
    std::string kind;  ///< source_document, reference or general_knowledge
    std::string title;
    std::string reference;
    std::int64_t rows = 0;  ///< seeded rows that cite it
};

struct DatabaseInfo {
    int schema_version = 0;
    std::vector<AppliedScript> scripts;
    std::vector<TableCount> tables;  ///< every table, by name
    std::vector<SourceSummary> sources;
    std::string forum_name;  ///< empty if the forum row is missing
};

/// Reads everything from `conn` without writing. Throws Error{Sql} if the
/// database is not one asemdb initialised.
DatabaseInfo describe_database(const Connection& conn);

/// The ISO 3166-1 list compiled into this asemdb, which the audit checks codes
/// against: "Debian iso-codes 4.15.0 (249 codes)".
std::string iso3166_list_version();

}  // namespace asemdb
