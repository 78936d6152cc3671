#pragma once
// What flows from the engine to a renderer: a description of each sheet's
// columns, then its rows one at a time. A renderer never sees the database.

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asemdb {

/// How a column's values should be presented where the format can tell types apart (xlsx).
enum class ColumnFormat {
    Auto,     ///< numbers as numbers, ISO dates (YYYY-MM-DD) as dates, the rest as text
    Text,     ///< always text: codes, telephone numbers (keeps leading zeros and '+')
    Integer,  ///< whole numbers
    Number,   ///< numbers with two decimals
    Date,     ///< ISO dates as dates; anything else as text
};

enum class CellType { Null, Integer, Real, Text, Blob };

/// One value of a row. `text` (Text, Blob) points into the engine's buffers and is
/// valid only during the RowSink::row call that carries it: copy it to keep it.
/// A Text cell's `text` is followed by a NUL byte, as SQLite's and std::string's
/// buffers are, so that a renderer can hand it to a C API without a copy.
struct Cell {
    CellType type = CellType::Null;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view text;
};

// Column and SheetInfo have constructors for their first members, so that the
// braced lists that build them ({"check", ColumnFormat::Text}) stay complete
// as presentation members are added.
struct Column {
    Column() = default;
    Column(std::string name_, ColumnFormat format_ = ColumnFormat::Auto)  // NOLINT(google-explicit-constructor)
        : name(std::move(name_)), format(format_) {}

    std::string name;   ///< as the query returns it; csv and json use it
    ColumnFormat format = ColumnFormat::Auto;
    std::string label;  ///< the heading people read (xlsx, text, markdown); empty: the name
    bool hidden = false;  ///< kept in the data (csv, json, a hidden xlsx column), not shown to readers

    const std::string& heading() const { return label.empty() ? name : label; }
};

/// Which way a printed worksheet runs; Auto lets the renderer choose from the table's width.
enum class Orientation { Auto, Portrait, Landscape };

/// The paper a workbook is laid out for when printed.
enum class Paper { A4, Letter };

/// A chart drawn from a sheet's own data (xlsx only; other formats ignore it).
struct ChartSpec {
    std::string type = "column";      ///< column, bar, line or pie
    std::string title;
    std::size_t category_column = 0;  ///< 0-based column holding the category labels
    std::vector<std::size_t> value_columns;  ///< 0-based columns holding the series values
};

struct SheetInfo {
    SheetInfo() = default;
    SheetInfo(std::string name_, std::string title_, std::vector<Column> columns_,
              std::optional<ChartSpec> chart_ = std::nullopt)
        : name(std::move(name_)), title(std::move(title_)), columns(std::move(columns_)), chart(std::move(chart_)) {}

    std::string name;   ///< short name, used for --sheet, and for the worksheet unless `tab` is set
    std::string title;  ///< heading shown above the table
    /// The report's note (its [about] note), on the first sheet only: one line a
    /// reader needs before the rows. Not part of `title`; see heading().
    std::string note;
    std::vector<Column> columns;
    std::optional<ChartSpec> chart;
    std::string tab;    ///< the xlsx worksheet's name; empty: `name`
    Orientation orientation = Orientation::Auto;  ///< when printed (xlsx)

    /// The title with the note after it, as the one heading of a text output:
    /// "Members (ASEM partners on 1 March 1996; ...)". A workbook shows the note
    /// in a row of its own instead, where a page header would cut it short.
    std::string heading() const {
        if (note.empty()) return title;
        return (title.empty() ? name : title) + " (" + note + ")";
    }
};

struct SourceRef {
    std::string key;
    std::string title;
    std::string reference;
};

/// A run's parameters as it used them: name and value as text, in the
/// report's order (relative dates resolved to ISO dates).
using RunParams = std::vector<std::pair<std::string, std::string>>;

/// Everything about a run that is not rows: shown in headers and the xlsx About sheet.
struct ReportContext {
    std::string id;
    std::string title;
    std::string description;
    RunParams parameters;
    std::string as_of_param;           ///< the one of `parameters` a page header shows as "As of"; empty: none
    std::string sql;                   ///< the user's own SQL, for an ad hoc query (asemdb query); else empty
    /// An ad hoc query: it has no title of its own, so text outputs begin with
    /// its rows (and a heading per statement when it has several).
    bool untitled() const { return !sql.empty(); }
    std::time_t generated = 0;
    std::string database;              ///< the database file's name
    std::string fingerprint;           ///< SHA-256 of the database content, when known up front (see RowSink::fingerprint)
    std::string fingerprint_note;      ///< why `fingerprint` is empty when it was not computed
    std::vector<SourceRef> sources;    ///< the sources the rows cite (every source, when the report does not say)
    std::vector<std::string> caveats;  ///< one line each: what bears on the rows (a note on the first sheet first)
    Paper paper = Paper::A4;           ///< the paper a workbook is set up to print on
};

/// Receives a report run. Calls come in this order: begin_report, then for each
/// sheet begin_sheet, row* and end_sheet, then summary (if the report has one),
/// then fingerprint (if the sink shows one), then end_report. Any call may
/// throw Error{Render}.
class RowSink {
 public:
    virtual ~RowSink() = default;
    virtual void begin_report(const ReportContext& context) = 0;
    virtual void begin_sheet(const SheetInfo& sheet) = 0;
    virtual void row(std::span<const Cell> cells) = 0;
    /// `rows` is the number of rows the sheet had.
    virtual void end_sheet(std::uint64_t rows) = 0;
    /// The report's text summary, already rendered.
    virtual void summary(const std::string& text) = 0;
    /// Whether the sink shows the database fingerprint (the xlsx About sheet):
    /// a run reads the whole database for it only then.
    virtual bool shows_fingerprint() const { return false; }
    /// The fingerprint (database_fingerprint) of the very data the rows came
    /// from, known only once they are all read.
    virtual void fingerprint(const std::string& sha256) { static_cast<void>(sha256); }
    /// Finishes the output (flushes, closes a workbook).
    virtual void end_report() = 0;
};

}  // namespace asemdb
