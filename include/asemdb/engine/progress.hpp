#pragma once
// A progress line for long exports: a RowSink that passes every call on to the
// real one and, once a run has taken a while, keeps one line on a terminal up
// to date with the rows written, the rate and the time taken.

#include "asemdb/engine/row.hpp"

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace asemdb {

struct ProgressOptions {
    /// Nothing is shown before this much time has passed: short runs stay quiet.
    std::chrono::milliseconds delay{1000};
    /// How often the line is rewritten after that.
    std::chrono::milliseconds interval{500};
};

/// Standard error when it is a terminal and `quiet` is false; null otherwise
/// (a file or a pipe gets no progress line).
std::ostream* progress_stream(bool quiet);

/// Forwards every call to `inner` and writes
/// "\r<rows> rows, <rate> rows/s, <seconds> s" to `out` at most every
/// `interval`, looking at the clock only once per kProgressCheckRows rows, so
/// it costs nothing measurable per row. The line is erased when the report
/// ends or the sink is destroyed, so what follows starts on a clean line.
/// Both references are borrowed and must outlive the sink.
class ProgressSink final : public RowSink {
 public:
    ProgressSink(RowSink& inner, std::ostream& out, ProgressOptions options = {});
    ~ProgressSink() override;
    ProgressSink(const ProgressSink&) = delete;
    ProgressSink& operator=(const ProgressSink&) = delete;

    void begin_report(const ReportContext& context) override;
    void begin_sheet(const SheetInfo& sheet) override;
    void row(std::span<const Cell> cells) override;
    void end_sheet(std::uint64_t rows) override;
    void summary(const std::string& text) override;
    bool shows_fingerprint() const override { return inner_.shows_fingerprint(); }
    void fingerprint(const std::string& sha256) override { inner_.fingerprint(sha256); }
    void end_report() override;

    /// Rows passed on so far, over all sheets.
    std::uint64_t rows() const { return rows_; }

 private:
    void check_clock();
    void erase();

    RowSink& inner_;
    std::ostream& out_;
    ProgressOptions options_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point next_;
    std::uint64_t rows_ = 0;
    bool shown_ = false;
};

/// Rows between two looks at the clock.
inline constexpr std::uint64_t kProgressCheckRows = 1024;

}  // namespace asemdb
