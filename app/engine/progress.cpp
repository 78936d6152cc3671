#include "asemdb/engine/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <ostream>

namespace asemdb {

std::ostream* progress_stream(bool quiet) {
    if (quiet || !isatty(STDERR_FILENO)) return nullptr;
    return &std::cerr;
}

ProgressSink::ProgressSink(RowSink& inner, std::ostream& out, ProgressOptions options)
    : inner_(inner),
      out_(out),
      options_(options),
      start_(std::chrono::steady_clock::now()),
      next_(start_ + options.delay) {}

ProgressSink::~ProgressSink() { erase(); }

void ProgressSink::begin_report(const ReportContext& context) { inner_.begin_report(context); }

void ProgressSink::begin_sheet(const SheetInfo& sheet) { inner_.begin_sheet(sheet); }

void ProgressSink::row(std::span<const Cell> cells) {
    inner_.row(cells);
    if (++rows_ % kProgressCheckRows == 0) check_clock();
}

void ProgressSink::end_sheet(std::uint64_t rows) { inner_.end_sheet(rows); }

void ProgressSink::summary(const std::string& text) { inner_.summary(text); }

void ProgressSink::end_report() {
    // Closing a workbook (compressing it) can take a while: say so on the line.
    if (shown_) out_ << fmt::format("\r{} rows written, finishing...\x1b[K", rows_) << std::flush;
    inner_.end_report();
    erase();
}

void ProgressSink::check_clock() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + options_.interval;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(rows_) / seconds : 0.0;
    // \x1b[K clears what a longer earlier line left to the right.
    out_ << fmt::format("\r{} rows, {:.0f} rows/s, {:.1f} s\x1b[K", rows_, rate, seconds) << std::flush;
    shown_ = true;
}

void ProgressSink::erase() {
    if (!shown_) return;
    out_ << "\r\x1b[K" << std::flush;
    shown_ = false;
}

}  // namespace asemdb
