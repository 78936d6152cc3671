#pragma once
// Splits a SQL script into its statements, each with the line it starts on, so
// that an error can name the file and line it comes from.

#include <string>
#include <string_view>
#include <vector>

namespace asemdb::detail {

struct SqlStatement {
    std::string text;  ///< from the first token to the closing ';' (or the end of the script)
    int line = 1;      ///< 1-based line of the first token in the script
};

/// Statements in order; comments and blank space between them are dropped.
/// String literals, quoted names, comments and trigger bodies (BEGIN ... END) are
/// respected: a ';' inside them does not end a statement. Never throws on bad SQL;
/// SQLite reports that when the statement runs.
std::vector<SqlStatement> split_sql(std::string_view script);

/// Names of the named parameters (:name, @name, $name) the SQL uses, without their
/// prefix, in order of first use; parameters inside strings and comments don't count.
std::vector<std::string> discover_parameters(std::string_view sql);

/// The slots SQLite gives the SQL's anonymous parameters ('?' without a number):
/// each takes the slot after the highest one used before it. Slots below a ?NNN that
/// no parameter takes are left out, and no value is needed for them.
std::vector<int> anonymous_parameter_slots(std::string_view sql);

/// The 1-based line, counted from `first_line`, of byte `offset` in `text`.
int line_at(std::string_view text, std::size_t offset, int first_line);

}  // namespace asemdb::detail
