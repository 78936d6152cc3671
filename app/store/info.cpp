#include "asemdb/store/info.hpp"

#include "store/iso3166.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "store/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

namespace asemdb {
namespace {

std::vector<TableCount> count_rows(SQLite::Database& db) {
    std::vector<TableCount> out;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (tables.executeStep()) {
        const std::string name = tables.getColumn(0).getString();
        const std::string sql = "SELECT count(*) FROM " + detail::quote_identifier(name);
        out.push_back({name, db.execAndGet(sql).getInt64()});
    }
    return out;
}

std::vector<SourceSummary> list_sources(SQLite::Database& db) {
    std::vector<SourceSummary> out;
    SQLite::Statement query(db, R"(
        SELECT s.source_key, s.kind, s.title, coalesce(s.reference, ''),
               (SELECT count(*) FROM row_provenance p WHERE p.source_key = s.source_key)
          FROM source s
         ORDER BY s.kind <> 'source_document', s.rowid)");
    while (query.executeStep())
        out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                       query.getColumn(2).getString(), query.getColumn(3).getString(),
                       query.getColumn(4).getInt64()});
    return out;
}

}  // namespace

DatabaseInfo describe_database(const Connection& conn) try {
    DatabaseInfo info;
    info.scripts = applied_scripts(conn);
    if (info.scripts.empty())
        throw Error::sql(conn.path().string(), 0, "not an asemdb database (run 'asemdb init' to create one)");
    info.schema_version = database_schema_version(conn);
    info.tables = count_rows(conn.db());
    info.sources = list_sources(conn.db());
    SQLite::Statement forum(conn.db(), "SELECT name FROM forum");
    if (forum.executeStep()) info.forum_name = forum.getColumn(0).getString();
    return info;
} catch (const SQLite::Exception& e) {
    // asemdb's own tables (forum, source) of another shape in a file asemdb did not make.
    throw Error::sql(conn.path().string(), 0, std::string("cannot describe the database: ") + e.what());
}

std::string iso3166_list_version() {
    return std::string(detail::iso3166_version()) + " (" + std::to_string(detail::iso3166_entries().size()) + " codes)";
}

}  // namespace asemdb
