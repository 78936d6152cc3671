#pragma once
// The one way a query from a report, an ad hoc query or an audit check is
// prepared: exactly one statement, and one that only reads. Each caller words
// the refusal for its own source; the rule itself lives here.

#include "asemdb/store/connection.hpp"
#include "store/statement.hpp"

#include <string>

namespace asemdb::detail {

struct ReadOnlyStatement {
    enum class Problem {
        None,     ///< `stmt` is ready
        Sql,      ///< SQLite could not prepare it: `detail` is its message, `offset` where
        Refused,  ///< the read guard refused it: `detail` says what it would have done
        Empty,    ///< no statement at all
        Several,  ///< more than one statement
        Writes,   ///< a statement that writes
    };
    StatementPtr stmt;
    Problem problem = Problem::None;
    std::string detail;
    int offset = -1;  ///< byte of `sql` SQLite's error points at, -1 when none
};

ReadOnlyStatement prepare_read_only(const Connection& conn, const std::string& sql);

}  // namespace asemdb::detail
