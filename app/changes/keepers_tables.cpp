#include "changes/keepers_tables.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace asemdb::detail {
namespace {

using K = ValueKind;

ColumnSpec col(std::string heading, std::string column, ValueKind kind, bool required, std::string list = "",
               std::string read = "") {
    if (read.empty()) read = "t." + column;
    return {std::move(heading), std::move(column), kind, required, std::move(list), std::move(read)};
}

const char* kPartyJoins = " LEFT JOIN country c ON c.country_id = t.country_id"
                          " LEFT JOIN organisation o ON o.organisation_id = t.organisation_id";
const char* kPartyRead = "coalesce(c.name, o.short_name)";

ColumnSpec source(std::string heading = "Source", std::string column = "source_key") {
    return col(std::move(heading), std::move(column), K::Source, true, "sources");
}

std::vector<TableSpec> make_tables() {
    return {
        {"Sources", "source", "source", 1, false, "", "t.source_key",
         {col("Key", "source_key", K::Text, true), col("Kind", "kind", K::Choice, true, "source kinds"),
          col("Title", "title", K::Text, true), col("Reference", "reference", K::Text, false),
          col("Note", "note", K::Text, false), col("What it states", "states", K::Text, false)},
         "{Title}", ""},
        {"Meetings", "meeting", "meeting", 1, true, " LEFT JOIN country c ON c.country_id = t.country_id",
         "t.meeting_id",
         {col("ID", "meeting_id", K::Integer, true), col("Series", "series_key", K::Choice, true, "series"),
          col("Number", "number", K::Integer, false),
          col("Number inferred", "number_inferred", K::Boolean, true, "yes/no",
              "CASE t.number_inferred WHEN 1 THEN 'yes' ELSE 'no' END"),
          col("Name", "name", K::Text, true), col("Start date", "start_date", K::PartialDate, false),
          col("End date", "end_date", K::Date, false), col("City", "city", K::Text, false),
          col("Country", "country_id", K::Country, false, "countries", "c.name"), col("Note", "note", K::Text, false),
          source()},
         "{Name}, {Start date}, {City} ({Source})", "meeting_id"},
        {"Meeting parties", "meeting_party", "meeting party", 3, false, kPartyJoins,
         "t.meeting_id, t.role, " + std::string(kPartyRead),
         {col("Meeting", "meeting_id", K::Integer, true), col("Party", "", K::Party, true, "parties", kPartyRead),
          col("Role", "role", K::Choice, true, "party roles"), source()},
         "({Source})", ""},
        {"Members", "forum_member", "member", 1, true, kPartyJoins, "t.member_id",
         {col("ID", "member_id", K::Integer, true), col("Party", "", K::Party, true, "parties", kPartyRead),
          col("Side", "asem_side", K::Choice, true, "sides"), col("Joined year", "joined_year", K::Integer, true),
          col("Joined at meeting", "joined_at_meeting_id", K::Integer, false),
          col("Joined on", "joined_on", K::Date, false), col("Joined on basis", "joined_on_basis", K::Text, false),
          col("Source group", "source_group", K::Choice, false, "source groups"), source(),
          source("Joined source", "joined_source_key")},
         "{Party}, {Side}, joined {Joined on} ({Source})", "member_id"},
        {"Coordinators", "coordinator", "coordinator", 1, true, kPartyJoins, "t.coordinator_id",
         {col("ID", "coordinator_id", K::Integer, true), col("Side", "asem_side", K::Choice, true, "sides"),
          col("Role", "role", K::Text, true), col("Party", "", K::Party, true, "parties", kPartyRead),
          col("Start date", "start_date", K::Date, true), col("End date", "end_date", K::Date, false),
          col("Period basis", "period_basis", K::Text, true), source()},
         "{Side}, {Role}: {Party}, {Start date} to {End date} ({Source})", "coordinator_id"},
        {"Themes", "theme", "theme", 1, true, "", "t.position",
         {col("ID", "theme_id", K::Integer, true), col("Position", "position", K::Integer, true),
          col("Title", "title", K::Text, true), col("Scope", "scope", K::Text, false),
          col("Description", "description", K::Text, true), source()},
         "{Position}. {Title} ({Source})", "title"},
        {"Contact", "forum_contact", "contact", 1, false,
         " LEFT JOIN organisation o ON o.organisation_id = t.care_of_organisation_id"
         " LEFT JOIN country c ON c.country_id = t.country_id",
         "t.forum_id",
         {col("Forum", "forum_id", K::Integer, true),
          col("Care of", "care_of_organisation_id", K::Organisation, true, "organisations", "o.short_name"),
          col("Street", "street", K::Text, true), col("City", "city", K::Text, true),
          col("Postcode", "postcode", K::Text, true), col("Country", "country_id", K::Country, true, "countries", "c.name"),
          col("Telephone", "telephone", K::Text, true), col("Fax", "fax", K::Text, false), source()},
         "{Street}, {City} ({Source})", ""},
        {"Bloc membership", "bloc_membership", "bloc membership", 3, false,
         " LEFT JOIN country c ON c.country_id = t.country_id", "t.bloc_key, c.name, t.start_date",
         {col("Bloc", "bloc_key", K::Choice, true, "blocs"),
          col("Country", "country_id", K::Country, true, "countries", "c.name"),
          col("Start date", "start_date", K::Date, true), col("End date", "end_date", K::Date, false), source()},
         "to {End date} ({Source})", ""},
        {"Caveats", "source_caveat", "caveat", 1, true, "", "t.caveat_id",
         {col("ID", "caveat_id", K::Integer, true), col("Topic", "topic", K::Text, true),
          col("Source says", "source_says", K::Text, true), col("Finding", "finding", K::Text, true), source()},
         "{Topic} ({Source})", "topic"},
    };
}

}  // namespace

const std::vector<TableSpec>& keepers_tables() {
    static const std::vector<TableSpec> tables = make_tables();
    return tables;
}

const std::vector<ListSpec>& keepers_lists() {
    static const std::vector<ListSpec> lists = {
        {"sides", "Sides", "VALUES ('Asia'), ('Europe')"},
        {"source groups", "Source groups", "VALUES ('ASEAN'), ('EU'), ('Other')"},
        {"party roles", "Meeting roles", "VALUES ('initiator'), ('host'), ('co-sponsor'), ('chair')"},
        {"source kinds", "Source kinds", "VALUES ('source_document'), ('reference'), ('general_knowledge')"},
        {"series", "Series", "SELECT series_key FROM meeting_series ORDER BY series_key"},
        {"blocs", "Blocs", "SELECT bloc_key FROM bloc ORDER BY bloc_key"},
        {"countries", "Countries", "SELECT name FROM country ORDER BY name"},
        {"organisations", "Organisations", "SELECT short_name FROM organisation ORDER BY short_name"},
        {"parties", "Parties", "SELECT name FROM (SELECT name FROM country UNION ALL SELECT short_name FROM organisation) ORDER BY name"},
        {"yes/no", "Yes or no", "VALUES ('yes'), ('no')"},
    };
    return lists;
}

std::vector<std::vector<Value>> read_table(SQLite::Database& db, const TableSpec& spec) {
    std::string select;
    for (const auto& c : spec.columns) select += (select.empty() ? "" : ", ") + c.read;
    SQLite::Statement stmt(db, "SELECT " + select + " FROM " + spec.table + " t" + spec.joins + " ORDER BY " + spec.order);
    std::vector<std::vector<Value>> rows;
    while (stmt.executeStep()) {
        auto& row = rows.emplace_back();
        for (int i = 0; i < stmt.getColumnCount(); ++i)
            row.push_back(stmt.isColumnNull(i) ? Value() : Value(stmt.getColumn(i).getString()));
    }
    return rows;
}

std::vector<std::string> column_values(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement stmt(db, sql);
    std::vector<std::string> values;
    while (stmt.executeStep()) values.push_back(stmt.getColumn(0).getString());
    return values;
}

}  // namespace asemdb::detail
