// The bad-input catalogue: one row per bad input, run end to end on the built
// binary. For every row: the expected exit code, exactly one line on stderr
// naming the problem (a syntax error may add the SQL line and a caret, as the
// README shows), no stack trace or sanitizer report, no file created or
// removed, and the database byte for byte as it was.

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include "asemdb/base/error.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <iconv.h>

#include <cerrno>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

struct Row {
    std::string name;
    std::vector<std::string> args;  ///< run in the fixture's directory; --db asem.db unless given
    int exit_code = 2;
    std::string fragment;  ///< on stderr (exit 2) or stdout (exit 1: a failed check is a result)
    bool caret = false;    ///< a syntax error: the SQL line and a caret follow the message
};

// How a row is named in the test log.
std::ostream& operator<<(std::ostream& out, const Row& row) { return out << "'" << row.name << "'"; }

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

// Every file under `dir` (but the -wal and -shm files SQLite keeps beside a database), with its size.
std::map<std::string, std::uintmax_t> listing(const fs::path& dir) {
    std::map<std::string, std::uintmax_t> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string name = fs::relative(entry.path(), dir).string();
        if (name.ends_with("-wal") || name.ends_with("-shm")) continue;
        files[name] = entry.is_regular_file() ? entry.file_size() : 0;
    }
    return files;
}

const char* kTypesReport = R"(title = "Every parameter type"
[[param]]
name = "t"
type = "text"
default = ""
[[param]]
name = "i"
type = "integer"
required = true
[[param]]
name = "x"
type = "real"
default = "1.5"
[[param]]
name = "d"
type = "date"
default = "today"
[[param]]
name = "b"
type = "boolean"
default = "false"
[[param]]
name = "c"
type = "choice"
choices = ["a", "b"]
default = "a"
[[sheet]]
name = "values"
sql = "SELECT :t AS t, :i AS i, :x AS x, :d AS d, :b AS b, :c AS c"
)";

const char* kJob = "[[job]]\nname = \"j\"\ncron = \"0 6 1 * *\"\nreport = \"member_roster\"\n";
const char* kSheet = "[[sheet]]\nname = \"s\"\nsql = \"SELECT 1 AS a\"\n";

// The files the rows refer to, relative to the fixture's directory.
std::map<std::string, std::string> input_files() {
    const std::string job = kJob, sheet = kSheet;
    return {
        {"r/types/types.toml", kTypesReport},
        {"m/toml/toml.toml", "title = \"x\n"},
        {"m/ptype/ptype.toml", "title = \"x\"\n[[param]]\nname = \"a\"\ntype = \"colour\"\n" + sheet},
        {"m/pdup/pdup.toml", "title = \"x\"\n[[param]]\nname = \"a\"\n[[param]]\nname = \"a\"\n" + sheet},
        {"m/fmt/fmt.toml", "title = \"x\"\n" + sheet + "formats = { a = \"percent\" }\n"},
        {"m/nofile/nofile.toml", "title = \"x\"\n[[sheet]]\nname = \"s\"\nsql_file = \"nope.sql\"\n"},
        {"m/wtype/wtype.toml", "title = 42\n" + sheet},
        {"m/ukey/ukey.toml", "title = \"x\"\ncolour = \"red\"\n" + sheet},
        {"m/nonutf8/nonutf8.toml", "title = \"x\xff\xfe\"\n" + sheet},
        {"m/cdef/cdef.toml", "title = \"x\"\n[[param]]\nname = \"c\"\ntype = \"choice\"\nchoices = [\"a\"]\ndefault = \"z\"\n" + sheet},
        {"m/sdup/sdup.toml", "title = \"x\"\n" + sheet + sheet},
        {"m/nosheet/nosheet.toml", "title = \"x\"\n"},
        {"m/chart/chart.toml", "title = \"x\"\n" + sheet + "chart = { type = \"donut\", category = \"a\", values = [\"a\"] }\n"},
        {"m/badsql/badsql.toml", "title = \"x\"\n[[sheet]]\nname = \"s\"\nsql = \"SELEC 1\"\n"},
        {"m/writes/writes.toml", "title = \"x\"\n[[sheet]]\nname = \"s\"\nsql = \"DELETE FROM country\"\n"},
        {"m/twostmt/twostmt.toml", "title = \"x\"\n[[sheet]]\nname = \"s\"\nsql = \"SELECT 1; DROP TABLE country\"\n"},
        {"s/toml.toml", "output_dir = \"x\n"},
        {"s/cron.toml", "[[job]]\nname = \"j\"\ncron = \"0 6 32 * *\"\nreport = \"member_roster\"\n"},
        {"s/fields.toml", "[[job]]\nname = \"j\"\ncron = \"0 6 1 *\"\nreport = \"member_roster\"\n"},
        {"s/never.toml", "[[job]]\nname = \"j\"\ncron = \"0 0 30 2 *\"\nreport = \"member_roster\"\n"},
        {"s/zone.toml", job + "timezone = \"Mars/Olympus\"\n"},
        {"s/report.toml", "[[job]]\nname = \"j\"\ncron = \"@daily\"\nreport = \"nope\"\n"},
        {"s/format.toml", job + "formats = [\"pdf\"]\n"},
        {"s/dup.toml", job + job},
        {"s/param.toml", job + "params = { side = \"Africa\" }\n"},
        {"s/escape.toml", job + "output = \"../x.{ext}\"\n"},
        {"s/abs.toml", job + "output = \"/tmp/x.{ext}\"\n"},
        {"s/ntype.toml", "[[job]]\nname = 42\ncron = \"@daily\"\nreport = \"member_roster\"\n"},
        {"s/keep.toml", job + "keep = \"many\"\n"},
        {"s/formulas.toml", job + "escape_formulas = 1\n"},
        {"s/ukey.toml", job + "colour = \"red\"\n"},
        {"s/noext.toml", job + "formats = [\"xlsx\", \"text\"]\noutput = \"x\"\n"},
        {"s/nonutf8.toml", job + "params = { side = \"\xff\" }\n"},
        {"s/inject.toml", job + "params = { side = \"Asia' OR '1'='1\" }\n"},
        {"s/badname.toml", "[[job]]\nname = \"a b\"\ncron = \"@daily\"\nreport = \"member_roster\"\n"},
        {"s/placeholder.toml", job + "output = \"{nope}.{ext}\"\n"},
        {"s/megabyte.toml", job + "params = { as_of = \"" + repeat('9', 1 << 20) + "\" }\n"},
        {"s/ok.toml", job},
        {"s/ontodb.toml", "output_dir = \"..\"\n" + job + "sheet = \"roster\"\nformats = [\"csv\"]\noutput = \"asem.db\"\n"},
        {"s/nul.toml", job + "params = { side = \"As\\u0000ia\" }\n"},
        {"q/controls.sql", std::string("SELECT 1 FROM \xff\x1b[31m\r x\0 \xe6\x97\xa5 WHERE", 34)},
        {"c/bad/x.sql", "-- title: x\n-- severity: sometimes\nSELECT 1 WHERE 0\n"},
        {"c/write/w.sql", "-- title: x\n-- severity: error\nDELETE FROM country\n"},
        {"c/two/t.sql", "-- title: x\n-- severity: error\nSELECT 1 AS id WHERE 0; DELETE FROM country\n"},
        {"c/syntax/y.sql", "-- title: x\n-- severity: error\nSELEC 1\n"},
        {"c/param/p.sql", "-- title: x\n-- severity: error\nSELECT :other\n"},
        {"c/fail/always.sql", "-- title: always fails\n-- severity: error\nSELECT 1 AS x\n"},
        {"q/nonutf8.sql", "SELECT \xff\xfe FROM country"},
        {"bad.json", "{not json"},
        {"random.db", repeat('\x5a', 3) + repeat('\xa5', 20000)},
        {"seed/schema/001_forum.sql", "CREATE TABLE t (x INTEGER);\n"},
        {"seed/seed/001_bad.sql", "INSERT INTO t VALUES (1);\nINSERT INTO nowhere VALUES (2);\n"},
    };
}

// The bad workbooks the fixture makes, under wb/.
const std::vector<std::string> kBadWorkbooks = {"end_before_start", "unknown_key", "duplicate_key", "key_deleted",
                                                "text_date", "closed_set", "formula", "required_empty", "constraint",
                                                "zip_bomb", "past_limits", "not_xlsx"};

std::vector<std::string> from_workbook(const std::string& name) {
    return {"change", "from-workbook", "wb/" + name + ".xlsx", "--title", "t", "--source", "S12", "--changes", "wb-changes"};
}

std::vector<Row> bad_inputs() {
    const std::string types = "--reports-dir=r/types";
    const std::vector<std::string> run_types = {"report", "run", "types", types, "-p", "i=1"};
    auto with = [](std::vector<std::string> base, std::vector<std::string> more) {
        base.insert(base.end(), more.begin(), more.end());
        return base;
    };
    std::vector<Row> rows = {
        // The command line itself.
        {"unknown command", {"frobnicate"}, 2, "unknown command 'frobnicate'; the commands are init, info"},
        {"mistyped command", {"rport", "list"}, 2, "unknown command 'rport'; did you mean 'report'?"},
        {"mistyped subcommand", {"schedule", "hisotry"}, 2, "did you mean 'schedule history'?"},
        {"unknown option", {"init", "--nope"}, 2, "unknown option '--nope' for 'asemdb init'"},
        {"mistyped option", {"report", "run", "member_roster", "--formt", "csv"}, 2, "did you mean '--format'?"},
        // A change's source: one kind or the other, and what a source states only for a source it adds.
        {"change source named twice", {"change", "new", "t", "--source", "M8", "--source-title", "T", "--source-url", "U"}, 2,
         "change new: give --source KEY or --source-title and --source-url, not both"},
        {"change source says without a new source", {"change", "new", "t", "--source", "M8", "--source-says", "x"}, 2,
         "change new: --source-says goes with --source-title and --source-url"},
        {"workbook change without a source", {"change", "from-workbook", "wb/keepers.xlsx", "--title", "t"}, 2,
         "change from-workbook: every change cites its source"},
        // The web view refuses what it cannot serve safely before it listens (a running one is tests/web/).
        {"web beyond the loopback without the flag", {"web", "--port", "0", "--bind", "0.0.0.0"}, 2,
         "--bind 0.0.0.0: the view has no login, so it listens on the loopback only; add --allow-remote"},
        {"web on a port out of range", {"web", "--port", "70000"}, 2, "--port: Value 70000 not in range 0 to 65535"},
        {"web with a missing schedule", {"web", "--port", "0", "--schedule", "none.toml"}, 2, "none.toml: no such schedule file"},
        {"web with no time for a page", {"web", "--port", "0", "--timeout", "0"}, 2,
         "--timeout: must be a number of seconds from 0.001 to 1000000, got '0'"},
        {"web on an address not this machine's", {"web", "--port", "0", "--bind", "192.0.2.1", "--allow-remote"}, 2,
         "192.0.2.1:0: cannot listen there"},
        {"missing subcommand", {"report"}, 2, "A subcommand is required"},
        {"unknown option before a subcommand", {"report", "--frob"}, 2, "unknown option '--frob' for 'asemdb report'"},
        {"unknown schema option", {"schema", "--frob"}, 2, "unknown option '--frob' for 'asemdb schema'"},
        {"help of an unknown command", {"--db", "asem.db", "help", "rport"}, 2, "did you mean 'report'?"},
        {"schema sql of an unknown table", {"schema", "no_such", "--sql"}, 2, "no table or view named 'no_such'"},
        {"unknown report", {"report", "run", "nope"}, 2, "no report named 'nope'"},
        {"unknown report shown", {"report", "show", "nope"}, 2, "no report named 'nope'"},
        {"non-UTF-8 report name", {"report", "run", "\xff\xfe"}, 2, "no report named"},
        {"unknown format", {"report", "run", "member_roster", "--format", "pdf"}, 2, "unknown format 'pdf'"},
        {"unknown sheet", {"report", "run", "member_roster", "--sheet", "nope", "-o", "r.csv"}, 2, "has no sheet 'nope'"},
        {"unknown table", {"schema", "nope"}, 2, "no table or view named 'nope'"},
        // Parameters of every type: malformed, out of range, empty, injections.
        {"choice: unknown value", {"report", "run", "member_roster", "-p", "side=Africa"}, 2, "parameter 'side': expected one of"},
        {"choice: empty", {"report", "run", "member_roster", "-p", "side="}, 2, "got ''"},
        {"choice: injection", {"report", "run", "member_roster", "-p", "bloc=EU' OR 1=1 --"}, 2, "parameter 'bloc': expected one of"},
        {"date: month 13", {"report", "run", "member_roster", "-p", "as_of=2024-13-01"}, 2, "got '2024-13-01'"},
        {"date: 30 February", {"report", "run", "member_roster", "-p", "as_of=2024-02-30"}, 2, "got '2024-02-30'"},
        {"date: empty", {"report", "run", "member_roster", "-p", "as_of="}, 2, "parameter 'as_of': expected a date"},
        {"date: injection", {"report", "run", "member_roster", "-p", "as_of=2020-01-01'; DROP TABLE country; --"}, 2, "parameter 'as_of': expected a date"},
        {"date: 100,000 characters", {"report", "run", "member_roster", "-p", "as_of=" + repeat('7', 100000)}, 2, "(100000 bytes)"},
        {"unknown parameter", {"report", "run", "member_roster", "-p", "nope=1"}, 2, "parameter 'nope': unknown parameter"},
        {"assignment without '='", {"report", "run", "member_roster", "-p", "side"}, 2, "must be written name=value"},
        {"missing required parameter", {"report", "run", "types", types}, 2, "parameter 'i': required"},
        {"integer: malformed", {"report", "run", "types", types, "-p", "i=abc"}, 2, "parameter 'i': expected an integer"},
        {"integer: out of range", {"report", "run", "types", types, "-p", "i=99999999999999999999"}, 2, "expected an integer"},
        {"integer: empty", {"report", "run", "types", types, "-p", "i="}, 2, "parameter 'i': expected an integer, got ''"},
        {"integer: injection", {"report", "run", "types", types, "-p", "i=1; DROP TABLE country"}, 2, "expected an integer"},
        {"real: malformed", with(run_types, {"-p", "x=abc"}), 2, "parameter 'x': expected a number"},
        {"real: out of range", with(run_types, {"-p", "x=1e999"}), 2, "got '1e999'"},
        {"real: not a number", with(run_types, {"-p", "x=nan"}), 2, "got 'nan'"},
        {"real: empty", with(run_types, {"-p", "x="}), 2, "parameter 'x': expected a number, got ''"},
        {"real: injection", with(run_types, {"-p", "x=1 OR 1=1"}), 2, "parameter 'x': expected a number"},
        {"boolean: malformed", with(run_types, {"-p", "b=maybe"}), 2, "parameter 'b': expected true or false"},
        {"boolean: empty", with(run_types, {"-p", "b="}), 2, "parameter 'b': expected true or false"},
        {"boolean: injection", with(run_types, {"-p", "b=true' OR '1'='1"}), 2, "parameter 'b'"},
        {"date: 31 April", with(run_types, {"-p", "d=2025-04-31"}), 2, "parameter 'd': expected a date"},
        {"choice: non-UTF-8", with(run_types, {"-p", "c=\xff\xfe"}), 2, "parameter 'c': expected one of 'a', 'b'"},
        {"choice: injection in a user report", with(run_types, {"-p", "c=a' OR 'x'='x"}), 2, "parameter 'c'"},
        // Manifests: malformed and semantically wrong.
        {"manifest: TOML error", {"report", "list", "--reports-dir", "m/toml"}, 2, "toml.toml:1:"},
        {"manifest: unknown parameter type", {"report", "list", "--reports-dir", "m/ptype"}, 2, "unknown parameter type 'colour'"},
        {"manifest: duplicate parameter", {"report", "list", "--reports-dir", "m/pdup"}, 2, "parameter 'a' is declared twice"},
        {"manifest: unknown column format", {"report", "list", "--reports-dir", "m/fmt"}, 2, "format of column 'a'"},
        {"manifest: missing sql_file", {"report", "list", "--reports-dir", "m/nofile"}, 2, "cannot read sql_file 'nope.sql'"},
        {"manifest: wrong type", {"report", "list", "--reports-dir", "m/wtype"}, 2, "'title' must be a non-empty string"},
        {"manifest: unknown key", {"report", "list", "--reports-dir", "m/ukey"}, 2, "unknown key 'colour'"},
        {"manifest: non-UTF-8", {"report", "list", "--reports-dir", "m/nonutf8"}, 2, "invalid utf-8"},
        {"manifest: default not a choice", {"report", "list", "--reports-dir", "m/cdef"}, 2, "default of parameter 'c'"},
        {"manifest: duplicate sheet", {"report", "list", "--reports-dir", "m/sdup"}, 2, "sheet 's' is declared twice"},
        {"manifest: no sheet", {"report", "list", "--reports-dir", "m/nosheet"}, 2, "needs at least one [[sheet]]"},
        {"manifest: unknown chart type", {"report", "list", "--reports-dir", "m/chart"}, 2, "chart type must be"},
        {"manifest: missing directory", {"report", "list", "--reports-dir", "m/none"}, 2, "m/none"},
        {"report: broken SQL", {"report", "run", "badsql", "--reports-dir", "m/badsql"}, 2, "syntax error", true},
        {"report: writes", {"report", "run", "writes", "--reports-dir", "m/writes"}, 2, "refused: asemdb queries and reports only read"},
        {"report: a second statement", {"report", "run", "twostmt", "--reports-dir", "m/twostmt"}, 2, "holds more than one statement"},
        // Ad hoc SQL: writes refused, broken SQL, parameters.
        {"query: DELETE", {"query", "DELETE FROM country"}, 2, "refused: asemdb queries and reports only read the database (DELETE"},
        {"query: DROP TABLE", {"query", "DROP TABLE country"}, 2, "refused"},
        {"query: ATTACH", {"query", "ATTACH 'x.db' AS x"}, 2, "refused"},
        {"query: writing pragma", {"query", "PRAGMA journal_mode=DELETE"}, 2, "refused"},
        {"query: VACUUM INTO", {"query", "VACUUM INTO 'copy.db'"}, 2, "refused"},
        {"query: load_extension", {"query", "SELECT load_extension('x')"}, 2, "refused"},
        {"query: INSERT after a SELECT", {"query", "SELECT 1; INSERT INTO country DEFAULT VALUES"}, 2, "refused"},
        {"query: UPDATE in a CTE", {"query", "WITH x AS (SELECT 1) UPDATE country SET name = 'x'"}, 2, "refused"},
        {"query: syntax error", {"query", "SELEC 1"}, 2, "syntax error", true},
        {"query: no such table", {"query", "SELECT * FROM nowhere"}, 2, "no such table: nowhere"},
        {"query: 100,000-character cell in failing SQL", {"query", "SELECT '" + repeat('c', 100000) + "' AS v, nope"}, 2, "no such column: nope", true},
        {"query: unknown parameter", {"query", "-p", "nope=1", "SELECT 1"}, 2, "parameter 'nope': unknown parameter"},
        {"query: missing parameter", {"query", "SELECT :a"}, 2, "parameter 'a': required"},
        {"query: missing file", {"query", "-f", "missing.sql"}, 2, "missing.sql: cannot read the query file"},
        {"query: file is a directory", {"query", "-f", "adir"}, 2, "adir: is a directory"},
        {"query: non-UTF-8 SQL file", {"query", "-f", "q/nonutf8.sql"}, 2, "no such column", true},
        {"query: empty SQL", {"query", ""}, 2, "no SQL"},
        {"query: bad --limit", {"query", "--limit", "abc", "SELECT 1"}, 2, "expected a whole number of rows"},
        {"query: bad --timeout", {"query", "--timeout", "-1", "SELECT 1"}, 2, "--timeout: must be a number of seconds from 0.001 to"},
        {"query: unknown format", {"query", "SELECT 1", "--format", "pdf"}, 2, "unknown format 'pdf'"},
        {"query: --escape-formulas with xlsx", {"query", "SELECT 1", "--escape-formulas", "-o", "x.xlsx"}, 2,
         "--escape-formulas applies to csv and tsv only (xlsx already"},
        {"report: --escape-formulas with text", {"report", "run", "member_roster", "--format", "text", "--escape-formulas"}, 2,
         "--escape-formulas applies to csv and tsv only"},
        // Output paths.
        {"output: a directory", {"query", "SELECT 1", "-o", "adir", "--format", "csv"}, 2, "adir: is a directory"},
        {"output: a directory, no format", {"report", "run", "member_roster", "-o", "adir"}, 2, "cannot tell the format from 'adir'"},
        {"output: missing directory", {"query", "SELECT 1", "-o", "nodir/x.csv"}, 2, "directory 'nodir' does not exist"},
        {"output: unwritable place", {"report", "run", "member_roster", "-o", "/proc/asemdb-roster.xlsx"}, 2, "cannot write in '/proc'"},
        {"output: unknown extension", {"query", "SELECT 1", "-o", "x.pdf"}, 2, "cannot tell the format from 'x.pdf'"},
        // Database files.
        {"database: truncated", {"info", "--db", "trunc.db"}, 2, "trunc.db: cannot open database: database disk image is malformed"},
        {"database: truncated, init", {"init", "--db", "trunc.db"}, 2, "database disk image is malformed"},
        {"database: random bytes", {"info", "--db", "random.db"}, 2, "random.db: not a SQLite database"},
        {"database: random bytes, query", {"query", "SELECT 1", "--db", "random.db"}, 2, "not a SQLite database"},
        {"database: newer schema", {"report", "run", "forum_profile", "--db", "newer.db"}, 2, "schema version 999, newer than"},
        {"database: newer schema, init", {"init", "--db", "newer.db"}, 2, "schema version 999, newer than"},
        {"database: a directory", {"info", "--db", "adir"}, 2, "adir: is a directory, not a database file"},
        {"database: missing", {"info", "--db", "missing.db"}, 2, "no such database"},
        {"database: random bytes, web", {"web", "--port", "0", "--db", "random.db"}, 2, "random.db: not a SQLite database"},
        {"database: newer schema, web", {"web", "--port", "0", "--db", "newer.db"}, 2, "schema version 999, newer than"},
        {"database: not asemdb's", {"audit", "--db", "plain.db"}, 2, "not an asemdb database"},
        {"database: not asemdb's, for a report", {"report", "run", "member_roster", "--db", "plain.db"}, 2,
         "plain.db: not an asemdb database"},
        {"init: missing SQL directory", {"init", "--sql-dir", "nodir"}, 2, "nodir: SQL directory does not exist"},
        {"init: failing seed", {"init", "--db", "seeded.db", "--sql-dir", "seed"}, 2, "001_bad.sql:2: no such table: nowhere"},
        // The audit.
        {"audit: bad date", {"audit", "--as-of", "2024-13-01"}, 2, "expected a date YYYY-MM-DD"},
        {"audit: malformed check header", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/bad"}, 2, "severity must be 'error' or 'warning'"},
        {"audit: check writes", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/write"}, 2, "a check must only read"},
        {"audit: check of two statements", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/two"}, 2,
         "t.sql:3: a check holds one query; a second statement starts here"},
        {"audit: broken check SQL", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/syntax"}, 2, "y.sql:3: near \"SELEC\": syntax error"},
        {"audit: check parameter", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/param"}, 2, "a check may use only :as_of"},
        {"audit: missing checks directory", {"audit", "--checks-dir", "c/none"}, 2, "checks directory does not exist"},
        {"audit: missing baseline", {"audit", "--baseline", "missing.json"}, 2, "missing.json: cannot read file"},
        {"audit: malformed baseline", {"audit", "--baseline", "bad.json"}, 2, "bad.json: not valid JSON"},
        {"audit: unknown format", {"audit", "--format", "pdf"}, 2, "unknown format 'pdf'"},
        {"audit: baseline in a missing directory", {"audit", "--save-baseline", "nodir/b.json"}, 2, "directory 'nodir' does not exist"},
        {"audit: a check fails", {"audit", "--as-of", "2026-01-01", "--checks-dir", "c/fail"}, 1, "fail   custom.always"},
        // Schedule files.
        {"schedule: missing file", {"schedule", "list", "--schedule", "s/none.toml"}, 2, "no schedule file here"},
        {"schedule: TOML error", {"schedule", "list", "--schedule", "s/toml.toml"}, 2, "toml.toml:1:"},
        {"schedule: cron out of range", {"schedule", "list", "--schedule", "s/cron.toml"}, 2, "32 is out of range 1-31"},
        {"schedule: cron fields", {"schedule", "list", "--schedule", "s/fields.toml"}, 2, "expected 5 fields"},
        {"schedule: a day that never comes", {"schedule", "list", "--schedule", "s/never.toml"}, 2, "would never run"},
        {"schedule: unknown zone", {"schedule", "list", "--schedule", "s/zone.toml"}, 2, "unknown time zone 'Mars/Olympus'"},
        {"schedule: unknown report", {"schedule", "list", "--schedule", "s/report.toml"}, 2, "no report named 'nope'"},
        {"schedule: unknown format", {"schedule", "list", "--schedule", "s/format.toml"}, 2, "unknown format 'pdf'"},
        {"schedule: duplicate job", {"schedule", "list", "--schedule", "s/dup.toml"}, 2, "job 'j' is defined twice"},
        {"schedule: bad parameter", {"schedule", "list", "--schedule", "s/param.toml"}, 2, "got 'Africa'"},
        {"schedule: template escapes", {"schedule", "list", "--schedule", "s/escape.toml"}, 2, "would leave the output directory"},
        {"schedule: absolute template", {"schedule", "list", "--schedule", "s/abs.toml"}, 2, "an absolute path"},
        {"schedule: wrong type", {"schedule", "list", "--schedule", "s/ntype.toml"}, 2, "'name' must be a non-empty string"},
        {"schedule: keep not a number", {"schedule", "list", "--schedule", "s/keep.toml"}, 2, "'keep' must be a whole number"},
        {"schedule: escape_formulas not a boolean", {"schedule", "list", "--schedule", "s/formulas.toml"}, 2,
         "'escape_formulas' must be true or false"},
        {"schedule: unknown key", {"schedule", "list", "--schedule", "s/ukey.toml"}, 2, "unknown key 'colour'"},
        {"schedule: formats overwrite each other", {"schedule", "list", "--schedule", "s/noext.toml"}, 2, "needs {ext} or {format}"},
        {"schedule: non-UTF-8", {"schedule", "list", "--schedule", "s/nonutf8.toml"}, 2, "invalid utf-8"},
        {"schedule: injection", {"schedule", "run-due", "--schedule", "s/inject.toml"}, 2, "parameter 'side': expected one of"},
        {"schedule: bad job name", {"schedule", "list", "--schedule", "s/badname.toml"}, 2, "may hold only letters"},
        {"schedule: unknown placeholder", {"schedule", "list", "--schedule", "s/placeholder.toml"}, 2, "unknown placeholder '{nope}'"},
        {"schedule: 1 MB parameter", {"schedule", "run-due", "--schedule", "s/megabyte.toml"}, 2, "(1048576 bytes)"},
        {"schedule: unknown job", {"schedule", "run", "nope", "--schedule", "s/ok.toml"}, 2, "no job 'nope'"},
        {"schedule: bad --now", {"schedule", "run-due", "--now", "notatime", "--schedule", "s/ok.toml"}, 2, "expected a time such as"},
        {"schedule: unknown history format", {"schedule", "history", "--format", "pdf", "--schedule", "s/ok.toml"}, 2, "unknown format 'pdf'"},
        {"output: query onto the database", {"query", "SELECT 1 AS a", "-o", "asem.db", "--format", "csv"}, 2, "is the database"},
        {"output: report onto the database", {"report", "run", "forum_profile", "-o", "asem.db", "--format", "text"}, 2,
         "is the database"},
        {"output: audit baseline onto the database", {"audit", "--save-baseline", "asem.db"}, 2, "is the database"},
        {"output: audit report onto the database", {"audit", "-o", "./asem.db", "--format", "json"}, 2, "is the database"},
        {"output: through a symbolic link", {"query", "SELECT 1 AS a", "-o", "link.db", "--format", "csv"}, 2, "is the database"},
        {"output: through a hard link", {"query", "SELECT 1 AS a", "-o", "hard.db", "--format", "csv"}, 2, "is the database"},
        {"output: through a linked directory", {"query", "SELECT 1 AS a", "-o", "linkdir/asem.db", "--format", "csv"}, 2,
         "is the database"},
        {"output: onto the WAL file", {"query", "SELECT 1 AS a", "-o", "asem.db-wal", "--format", "csv"}, 2, "a file of the database"},
        {"output: onto the journal", {"report", "run", "forum_profile", "-o", "asem.db-journal", "--format", "csv"}, 2,
         "a file of the database"},
        {"output: onto the run history", {"query", "SELECT 1 AS a", "-o", "asem.history.db", "--format", "csv"}, 2,
         "is the run history"},
        {"output: xlsx onto the database", {"query", "SELECT 1 AS a", "-o", "asem.db", "--format", "xlsx"}, 2, "is the database"},
        {"schedule: output onto the database", {"schedule", "run", "j", "--schedule", "s/ontodb.toml"}, 2, "is the database"},
        {"schedule: due output onto the database", {"schedule", "run-due", "--schedule", "s/ontodb.toml"}, 2, "is the database"},
        {"schedule: NUL in a parameter", {"schedule", "run-due", "--schedule", "s/nul.toml"}, 2, "got 'As\\x00ia'"},
        {"query: control characters under a syntax error", {"query", "-f", "q/controls.sql"}, 2, "unrecognized token", true},
        {"schedule: history that is another database", {"schedule", "run", "j", "--schedule", "s/ok.toml", "--db", "plain/asem.db"},
         2, "is not an asemdb history file"},
        // Edited keepers' workbooks (tests/xlsx/edit_keepers.py made them from the exported one).
        {"workbook: end before start", from_workbook("end_before_start"), 2, "Coordinators!F9: end date 2023-01-01 is before"},
        {"workbook: unknown key", from_workbook("unknown_key"), 2, "Coordinators!A9: unknown coordinator 99"},
        {"workbook: duplicate key", from_workbook("duplicate_key"), 2, "Coordinators!A10: duplicate key 8"},
        {"workbook: key column deleted", from_workbook("key_deleted"), 2, "Coordinators: the key column 'ID (key)' is missing"},
        {"workbook: date as other text", from_workbook("text_date"), 2, "Coordinators!E9: '01/07/2024' is not a date"},
        {"workbook: outside a closed set", from_workbook("closed_set"), 2, "Coordinators!B9: 'Africa' is not one of"},
        {"workbook: formula", from_workbook("formula"), 2, "Themes!B4: holds a formula"},
        {"workbook: required cell empty", from_workbook("required_empty"), 2, "Coordinators!C9: Role is required"},
        {"workbook: constraint of the schema", from_workbook("constraint"), 2, "Themes!B4: the database refuses it: UNIQUE"},
        {"workbook: zip bomb", from_workbook("zip_bomb"), 2, "inflates past the limits (a zip bomb?)"},
        {"workbook: past Excel's limits", from_workbook("past_limits"), 2, "goes past Excel's last row"},
        {"workbook: not an xlsx", from_workbook("not_xlsx"), 2, "not an xlsx workbook (not a zip archive)"},
        {"schedule: history from a newer asemdb", {"schedule", "run", "j", "--schedule", "s/ok.toml", "--db", "newer/asem.db"},
         2, "comes from a newer asemdb"},
    };
    return rows;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Catalogue {
    Catalogue() {
        BOOST_TEST_REQUIRE(run_asemdb({"init", "--db", (dir / "asem.db").string()}).exit_code == 0);
        for (const auto& [name, text] : input_files()) {
            fs::create_directories((dir / name).parent_path());
            write_text(dir / name, text);
        }
        fs::create_directory(dir / "adir");
        fs::create_symlink("asem.db", dir / "link.db");
        fs::create_hard_link(dir / "asem.db", dir / "hard.db");
        fs::create_directory_symlink(".", dir / "linkdir");
        // A history that is another SQLite database, beside a copy of the database.
        fs::create_directory(dir / "plain");
        fs::copy_file(dir / "asem.db", dir / "plain/asem.db");
        SQLite::Database((dir / "plain/asem.history.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
            .exec("CREATE TABLE foo (x)");
        fs::create_directory(dir / "newer");
        fs::copy_file(dir / "asem.db", dir / "newer/asem.db");
        SQLite::Database((dir / "newer/asem.history.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
            .exec("CREATE TABLE run (x); PRAGMA user_version = 999");
        const std::string db = read_bytes(dir / "asem.db");
        write_text(dir / "trunc.db", db.substr(0, 3000));
        fs::copy_file(dir / "asem.db", dir / "newer.db");
        SQLite::Database(( dir / "newer.db").string(), SQLite::OPEN_READWRITE).exec("PRAGMA user_version = 999");
        SQLite::Database((dir / "plain.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
            .exec("CREATE TABLE foo (x)");
    }
    TempDir dir;
};

// The keepers' workbook exported, and edited badly by openpyxl (tests/xlsx/edit_keepers.py).
bool make_bad_workbooks(const TempDir& dir) {
    fs::create_directory(dir / "wb");
    BOOST_TEST_REQUIRE(run_asemdb({"change", "workbook", "-o", "wb/keepers.xlsx", "--db", "asem.db"}, in_dir(dir.path())).exit_code == 0);
    std::vector<std::string> edit = {(source_dir() / "tests/xlsx/edit_keepers.py").string(),
                                     (dir / "wb/keepers.xlsx").string(), (dir / "wb").string()};
    edit.insert(edit.end(), kBadWorkbooks.begin(), kBadWorkbooks.end());
    const auto made = run_program(ASEMDB_PYTHON, edit);
    BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
    return true;
}

// The rows only read the fixture's files (each checks that nothing changed), so
// they share one, made for the first row that runs.
struct SharedCatalogue {
    SharedCatalogue() : dir(shared().dir) {}
    static Catalogue& shared() {
        static Catalogue catalogue;
        static const bool made = make_bad_workbooks(catalogue.dir);
        (void)made;
        return catalogue;
    }
    const TempDir& dir;
};

}  // namespace

// Checked with glibc's iconv, not with the code under test.
bool is_valid_utf8(const std::string& text) {
    iconv_t cd = iconv_open("UTF-8", "UTF-8");
    BOOST_TEST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string in = text;
    std::string out(text.size() * 4 + 16, '\0');
    char* in_ptr = in.data();
    char* out_ptr = out.data();
    std::size_t in_left = in.size(), out_left = out.size();
    const bool ok = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1);
    iconv_close(cd);
    return ok && in_left == 0;
}

BOOST_FIXTURE_TEST_SUITE(catalogue, Catalogue)

BOOST_AUTO_TEST_CASE(every_row_has_a_name_of_its_own) {
    const auto rows = bad_inputs();
    BOOST_TEST_MESSAGE("bad-input catalogue: " << rows.size() << " rows");
    BOOST_CHECK_GE(rows.size(), 60u);
    std::set<std::string> names;
    for (const auto& row : rows) BOOST_CHECK_MESSAGE(names.insert(row.name).second, "row '" << row.name << "' twice");
}

// One test case per row (bad_input_fails_cleanly_and_changes_nothing/_N, the row named in its context).
BOOST_DATA_TEST_CASE_F(SharedCatalogue, bad_input_fails_cleanly_and_changes_nothing,
                       boost::unit_test::data::make(bad_inputs()), row) {
    BOOST_TEST_CONTEXT("row '" << row.name << "'") {
        auto args = row.args;
        if (std::find(args.begin(), args.end(), "--db") == args.end()) args.insert(args.end(), {"--db", "asem.db"});
        std::map<std::string, std::string> databases;
        for (const char* db : {"asem.db", "trunc.db", "random.db", "newer.db", "plain.db", "plain/asem.history.db",
                               "newer/asem.history.db"})
            databases[db] = read_bytes(dir / db);
        const auto before = listing(dir.path());

        const auto r = run_asemdb(args, in_dir(dir.path()));

        BOOST_CHECK_EQUAL(r.exit_code, row.exit_code);
        const std::string first_line = r.err.substr(0, r.err.find('\n'));
        if (row.exit_code == 2) {
            BOOST_CHECK_EQUAL(count_lines(r.err), row.caret ? 3 : 1);
            BOOST_CHECK_MESSAGE(first_line.starts_with("asemdb: ") && has(first_line, row.fragment),
                                "stderr: " << r.err.substr(0, 400));
            BOOST_CHECK_MESSAGE(is_valid_utf8(first_line), "not UTF-8: " << r.err.substr(0, 400));
        } else {
            BOOST_CHECK_LE(count_lines(r.err), 1);
            BOOST_CHECK_MESSAGE(has(r.out, row.fragment), "stdout: " << r.out.substr(0, 400));
        }
        for (const char* trace : {"internal error", "terminate called", "Sanitizer", "runtime error:", "Aborted"})
            BOOST_CHECK_MESSAGE(!has(r.err, trace), "stderr: " << r.err.substr(0, 400));
        const auto after = listing(dir.path());
        BOOST_CHECK_MESSAGE(before == after, "files created, removed or resized");
        for (const auto& [db, bytes] : databases)
            BOOST_CHECK_MESSAGE(read_bytes(dir / db) == bytes, db << " changed");
    }
}

// What a bad value in another encoding, or with a line break, looks like in a message.
BOOST_AUTO_TEST_CASE(messages_show_foreign_bytes_and_control_characters_escaped) {
    using asemdb::printable_line;
    BOOST_TEST(printable_line("got '20\xff'") == "got '20\\xFF'");
    BOOST_TEST(printable_line("Caf\xe9") == "Caf\\xE9");                      // Latin-1
    BOOST_TEST(printable_line("Côte d’Ivoire, 中国, 🇸🇬") == "Côte d’Ivoire, 中国, 🇸🇬");  // UTF-8 stays
    BOOST_TEST(printable_line("a\nb\tc\x7f") == "a\\nb\\tc\\x7F");
    BOOST_TEST(printable_line("\xc0\xaf") == "\\xC0\\xAF");                   // overlong '/'
    BOOST_TEST(printable_line("\xed\xa0\x80") == "\\xED\\xA0\\x80");          // a surrogate
    BOOST_TEST(printable_line("\xe2\x82") == "\\xE2\\x82");                   // cut short
    BOOST_TEST(printable_line("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // past U+10FFFF
}

BOOST_AUTO_TEST_CASE(text_parameters_are_bound_never_spliced) {
    const std::string db = read_bytes(dir / "asem.db");
    const std::string attack = "x'); DROP TABLE country; --";
    auto r = run_asemdb({"report", "run", "types", "--reports-dir", "r/types", "-p", "i=7", "-p", "t=" + attack,
                         "--format", "json", "--db", "asem.db"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_MESSAGE(has(r.out, "\"t\": \"x'); DROP TABLE country; --\""), r.out);
    r = run_asemdb({"query", "-p", "a=1; DELETE FROM country", "-p", "b=' OR '1'='1",
                    "SELECT count(*) AS n, :a AS a FROM country WHERE name = :b", "--format", "csv", "--db", "asem.db"},
                   in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "n,a\r\n0,1; DELETE FROM country\r\n");
    BOOST_CHECK(read_bytes(dir / "asem.db") == db);
}

BOOST_AUTO_TEST_CASE(formula_like_strings_stay_strings_in_xlsx) {
    const std::vector<std::string> values = {"=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(1)", "=HYPERLINK(\"http://example.com\",\"x\")",
                                             "=cmd|' /C calc'!A0"};
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string quoted;
        for (const char c : values[i]) quoted += c == '\'' ? std::string("''") : std::string(1, c);
        sql += (i ? ", '" : "'") + quoted + "' AS c" + std::to_string(i);
    }
    const auto r = run_asemdb({"query", sql, "-o", "formulas.xlsx", "--db", "asem.db"}, in_dir(dir.path()));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(),
                                                  (dir / "formulas.xlsx").string()});
    BOOST_TEST_REQUIRE(dump.exit_code == 0, dump.err);
    const auto book = nlohmann::json::parse(dump.out);
    const auto& sheet = book["sheet"][book["sheets"][0].get<std::string>()];
    const auto& row = sheet["cells"][1];
    for (std::size_t i = 0; i < values.size(); ++i) {
        BOOST_TEST_CONTEXT("value " << values[i]) {
            BOOST_CHECK_EQUAL(row[i]["type"].get<std::string>(), "s");
            BOOST_CHECK_EQUAL(row[i]["value"].get<std::string>(), values[i]);
        }
    }
    fs::remove(dir / "formulas.xlsx");
}

BOOST_AUTO_TEST_CASE(a_100000_character_cell_is_whole_in_csv_and_cut_with_a_warning_in_xlsx) {
    const std::string sql = "SELECT printf('%.*c', 100000, 'x') AS v";
    auto r = run_asemdb({"query", sql, "--format", "csv", "--db", "asem.db"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "v\r\n" + repeat('x', 100000) + "\r\n");
    r = run_asemdb({"query", sql, "-o", "long.xlsx", "--db", "asem.db"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(count_lines(r.err), 2);  // the warning, then "wrote long.xlsx (1 row)"
    BOOST_CHECK(r.err.find("\nwrote long.xlsx (1 row)\n") != std::string::npos);
    const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(),
                                                  (dir / "long.xlsx").string()});
    const auto book = nlohmann::json::parse(dump.out);
    const auto& cell = book["sheet"][book["sheets"][0].get<std::string>()]["cells"][1][0];
    BOOST_CHECK_EQUAL(cell["value"].get<std::string>().size(), 32767u);
    fs::remove(dir / "long.xlsx");
}

BOOST_AUTO_TEST_SUITE_END()
