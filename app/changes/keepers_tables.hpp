#pragma once
// The tables keepers edit in a workbook, one sheet each: which columns, under
// which headings, what each holds, how it is read from the database and how it
// is written back. Export, the check of an edited workbook and its diff all
// follow these descriptions, so a sheet is described once.

#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace asemdb::detail {

/// A value as the sheet shows it; nullopt is an empty cell (NULL).
using Value = std::optional<std::string>;

enum class ValueKind {
    Integer,      ///< a whole number
    Text,         ///< free text
    Date,         ///< YYYY-MM-DD, a date cell
    PartialDate,  ///< YYYY-MM-DD (a date cell), or YYYY-MM as text when the day is not known
    Boolean,      ///< yes or no, stored as 1 or 0
    Choice,       ///< one of a closed set (ColumnSpec::list)
    Party,        ///< a country's name or an organisation's short name: two columns, one set
    Country,      ///< a country's name, stored as its id
    Organisation, ///< an organisation's short name, stored as its id
    Source,       ///< a source key; empty takes the change's source
};

struct ColumnSpec {
    std::string heading;  ///< on the sheet
    std::string column;   ///< in the table; a Party writes country_id and organisation_id
    ValueKind kind = ValueKind::Text;
    bool required = false;
    std::string list;     ///< the closed set a Choice, Party, Country, Organisation or Source keeps to
    std::string read;     ///< SQL giving the value as the sheet shows it (table alias t)
};

struct TableSpec {
    std::string sheet;
    std::string table;
    std::string noun;          ///< in the review: "coordinator"
    std::size_t key_columns = 1;  ///< the first columns that make the key
    bool numbered = false;     ///< the key is a number asemdb gives new rows
    std::string joins;         ///< after "FROM <table> t"
    std::string order;
    std::vector<ColumnSpec> columns;
    std::string summary;       ///< a new row in the review: {Heading} replaced by its value
    std::string provenance;    ///< the column fact_source's row_key holds for this table, if any
};

/// The sheets, in the workbook's order: each table after those it refers to.
const std::vector<TableSpec>& keepers_tables();

/// The closed sets: name -> SQL listing the values in order; "yes/no" and
/// "sources" are handled apart (a boolean, and the Sources sheet itself).
struct ListSpec {
    std::string name;
    std::string heading;
    std::string query;
};
const std::vector<ListSpec>& keepers_lists();

/// The rows of `spec`'s table as its sheet shows them, in the sheet's order.
std::vector<std::vector<Value>> read_table(SQLite::Database& db, const TableSpec& spec);
/// The first column of each row `sql` gives.
std::vector<std::string> column_values(SQLite::Database& db, const std::string& sql);

inline constexpr const char* kInstructionsSheet = "How to edit";
inline constexpr const char* kListsSheet = "Lists";

}  // namespace asemdb::detail
