// An edited keepers' workbook turned into a change: read, checked cell by
// cell, compared with the database, and tried on a copy of it in memory.

#include "asemdb/changes/keepers_workbook.hpp"

#include "changes/keepers_tables.hpp"
#include "changes/workbook_diff.hpp"
#include "changes/workbook_rows.hpp"
#include "changes/xlsx_reader.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/store/connection.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <ostream>

namespace asemdb {
namespace {

using namespace detail;

ClosedSets closed_sets(SQLite::Database& db) {
    ClosedSets sets;
    for (const ListSpec& list : keepers_lists()) {
        const auto values = column_values(db, list.query);
        sets[list.name] = {values.begin(), values.end()};
    }
    const auto sources = column_values(db, "SELECT source_key FROM source");
    sets["sources"] = {sources.begin(), sources.end()};
    return sets;
}

const XlsxSheet* find_sheet(const std::vector<XlsxSheet>& sheets, const std::string& name) {
    const auto it = std::find_if(sheets.begin(), sheets.end(), [&](const XlsxSheet& s) { return s.name == name; });
    return it == sheets.end() ? nullptr : &*it;
}

std::vector<SheetTable> read_tables(const std::vector<XlsxSheet>& sheets, ClosedSets& sets, std::vector<Problem>& problems) {
    for (const XlsxSheet& sheet : sheets) {
        const auto& tables = keepers_tables();
        const bool known = sheet.name == kInstructionsSheet || sheet.name == kListsSheet ||
                           std::any_of(tables.begin(), tables.end(), [&](const TableSpec& t) { return t.sheet == sheet.name; });
        if (!known) problems.push_back({sheet.name, "not a sheet of the keepers' workbook (a sheet renamed?)"});
    }
    std::vector<SheetTable> tables;
    for (const TableSpec& spec : keepers_tables()) {
        const XlsxSheet* sheet = find_sheet(sheets, spec.sheet);
        if (!sheet) {
            problems.push_back({"workbook", "the sheet '" + spec.sheet + "' is missing (renamed or deleted?)"});
            continue;
        }
        tables.push_back(read_sheet_table(*sheet, spec, sets, problems));
        // Sources come first: a source added on its sheet may be cited by the rows of the others.
        if (spec.table == "source")
            for (const SheetRow& row : tables.back().rows)
                if (row.values[0]) sets["sources"].insert(*row.values[0]);
    }
    return tables;
}

// The cell a refusal of SQLite's is about: the column its message names
// first ("UNIQUE constraint failed: theme.position", a CHECK's expression),
// else the row's key cell.
std::string refused_place(const Statement& statement, const std::string& message) {
    std::size_t best = std::string::npos;
    std::string place = statement.place;
    for (const auto& [column, cell] : statement.cells) {
        for (std::size_t at = message.find(column); at != std::string::npos; at = message.find(column, at + 1)) {
            const auto word = [&](std::size_t i) { return i < message.size() && (std::isalnum(static_cast<unsigned char>(message[i])) || message[i] == '_'); };
            if ((at > 0 && word(at - 1)) || word(at + column.size())) continue;
            if (at < best) best = at, place = cell;
            break;
        }
    }
    return place;
}

void try_on_copy(Connection& db, const std::vector<Edit>& edits, const std::string& prelude, std::vector<Problem>& problems) {
    Connection copy = Connection::in_memory();
    SQLite::Backup(copy.db(), db.db()).executeStep();
    if (!prelude.empty()) copy.db().exec(prelude);
    for (const Edit& edit : edits) {
        for (const Statement& statement : edit.statements) {
            copy.db().exec("SAVEPOINT trial");
            try {
                copy.db().exec(statement.sql);
            } catch (const SQLite::Exception& e) {
                problems.push_back({refused_place(statement, e.what()), std::string("the database refuses it: ") + e.what()});
            }
            copy.db().exec("RELEASE trial");
        }
    }
}

[[noreturn]] void report(const std::filesystem::path& workbook, const std::vector<Problem>& problems) {
    const auto line = [](const Problem& p) { return printable_line(p.place + ": " + p.reason); };
    std::string rest;
    for (std::size_t i = 1; i < problems.size(); ++i) rest += (i > 1 ? "\n" : "") + std::string("  ") + line(problems[i]);
    Error error(ErrorKind::Parameter, Where{workbook.string(), 0, "", ""}, line(problems.front()));
    throw std::move(error.with_context(rest));
}

}  // namespace

WorkbookChange diff_keepers_workbook(Connection& db, const std::filesystem::path& workbook, const ChangeSource& source) {
    const auto sheets = read_xlsx_file(workbook);
    ClosedSets sets = closed_sets(db.db());
    WorkbookChange change;
    std::string prelude;
    change.source_key = source.key;
    if (source.is_new()) {
        // Tried with the change, not written into it: write_change adds the source's row.
        prelude = fmt::format("INSERT INTO source (source_key, kind, title, reference, states) VALUES ({}, 'reference', {}, {}, {});",
                              sql_quote(change.source_key), sql_quote(source.title),
                              source.url.empty() ? "NULL" : sql_quote(source.url),
                              source.says.empty() ? "NULL" : sql_quote(source.says));
        sets["sources"].insert(change.source_key);
    }
    std::vector<Problem> problems;
    const auto tables = read_tables(sheets, sets, problems);
    // Checked once the Sources sheet is read: the change may rest on a source it adds.
    if (!source.is_new() && !source.key.empty() && !sets["sources"].contains(source.key))
        throw Error::usage("--source: no source '" + printable_line(source.key) + "' in the database or on the sheet Sources");
    if (problems.empty()) {
        Diff diff = diff_workbook(db.db(), tables, change.source_key, sets["organisations"]);
        problems = std::move(diff.problems);
        if (problems.empty()) try_on_copy(db, diff.edits, prelude, problems);
        for (const Edit& edit : diff.edits) {
            change.review.insert(change.review.end(), edit.review.begin(), edit.review.end());
            for (const Statement& s : edit.statements) change.sql += s.sql + "\n";
            (edit.sign == '+' ? change.added : edit.sign == '~' ? change.changed : change.removed) += 1;
        }
    }
    if (!problems.empty()) report(workbook, problems);
    if (!change.sql.empty() && !prelude.empty()) {
        change.review.insert(change.review.begin(), fmt::format("+ source {}: {}", change.source_key, source.title));
        ++change.added;
    }
    return change;
}

}  // namespace asemdb
