#include "asemdb/engine/query.hpp"

#include "asemdb/engine/engine.hpp"
#include "asemdb/base/error.hpp"
#include "store/sql_script.hpp"

namespace asemdb {

ReportDefinition adhoc_query(const Connection& conn, const std::string& id, const std::string& sql,
                             const std::string& origin) {
    const auto statements = detail::split_sql(sql);
    if (statements.empty()) throw Error::usage("the query holds no SQL statement");
    ReportDefinition def = bare_sql_report(id, sql, origin);
    def.adhoc = true;
    // One statement's result needs no heading; several are told apart by theirs.
    def.sheets.front().title.clear();
    if (statements.size() > 1) {
        def.sheets.clear();
        for (std::size_t i = 0; i < statements.size(); ++i) {
            SheetSpec sheet;
            sheet.name = id + "_" + std::to_string(i + 1);
            sheet.title = "statement " + std::to_string(i + 1) + " (line " + std::to_string(statements[i].line) + ")";
            sheet.sql = statements[i].text;
            sheet.sql_origin = origin + ":" + std::to_string(statements[i].line);
            def.sheets.push_back(std::move(sheet));
        }
    }
    // The statements themselves say which parameters they bind, numbered ones included.
    def.params = required_params(statement_parameters(conn, def), "used by the query");
    return def;
}

}  // namespace asemdb
