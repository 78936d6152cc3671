#pragma once
// A run as a page shows it: one page of each sheet's rows, formatted as the
// workbook formats them, with the run's parameters, sources, caveats, text
// summary and fingerprint. Keeps only the rows of the page.

#include "asemdb/engine/row.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace asemdb::web {

struct ShownCell {
    std::string text;
    bool numeric = false;  ///< right-aligned
};

struct ShownSheet {
    SheetInfo info;
    std::vector<std::size_t> visible;  ///< the columns readers see, in order
    std::vector<std::vector<ShownCell>> rows;
    std::uint64_t total = 0;  ///< rows read (at most the run's max_rows)
};

class TableSink final : public RowSink {
 public:
    /// Keeps rows [first, first + count) of each sheet.
    TableSink(std::uint64_t first, std::uint64_t count) : first_(first), count_(count) {}

    void begin_report(const ReportContext& context) override { context_ = context; }
    void begin_sheet(const SheetInfo& sheet) override;
    void row(std::span<const Cell> cells) override;
    void end_sheet(std::uint64_t rows) override { sheets_.back().total = rows; }
    void summary(const std::string& text) override { summary_ = text; }
    bool shows_fingerprint() const override { return true; }
    void fingerprint(const std::string& sha256) override { context_.fingerprint = sha256; }
    void end_report() override {}

    const ReportContext& context() const { return context_; }
    const std::vector<ShownSheet>& sheets() const { return sheets_; }
    const std::string& summary_text() const { return summary_; }

 private:
    std::uint64_t first_;
    std::uint64_t count_;
    std::uint64_t seen_ = 0;
    ReportContext context_;
    std::vector<ShownSheet> sheets_;
    std::string summary_;
};

/// `cell` as the workbook shows a value of a column formatted `format`:
/// numbers with two decimals and a separator per three digits, whole numbers
/// as they are, dates and text as text.
ShownCell show_cell(const Cell& cell, ColumnFormat format);

}  // namespace asemdb::web
