#pragma once
// A sink that renders on a thread of its own, so that reading rows (SQLite, on
// the caller's thread) and rendering them (libxlsxwriter, a formatter) overlap
// on a machine with two cores: an export then takes the time of the slower of
// the two, not of both.
//
// Rows travel in batches: their values copied, so the caller's buffers may
// change as soon as row() returns. Every other call waits until the render
// thread has carried it out, so that an error in begin_sheet, end_sheet or
// end_report is thrown where it was before. An error while rendering rows is
// thrown by the next call after it (row, end_sheet, ...); rows read after the
// failed one are dropped unrendered.

#include "asemdb/engine/row.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asemdb::detail {

class RenderThread final : public RowSink {
 public:
    explicit RenderThread(RowSink& inner);
    /// Stops the thread; rows not yet rendered are dropped. The inner sink is
    /// left as a sink whose run failed (end_report not called).
    ~RenderThread() override;
    RenderThread(const RenderThread&) = delete;
    RenderThread& operator=(const RenderThread&) = delete;

    void begin_report(const ReportContext& context) override;
    void begin_sheet(const SheetInfo& sheet) override;
    void row(std::span<const Cell> cells) override;
    void end_sheet(std::uint64_t rows) override;
    void summary(const std::string& text) override;
    bool shows_fingerprint() const override { return inner_.shows_fingerprint(); }
    void fingerprint(const std::string& sha256) override;
    void end_report() override;

    /// Renders the rows handed over so far and throws what rendering them
    /// threw, if anything: a run that fails calls it first, so that the error
    /// of an earlier row wins over one found later while reading ahead.
    void throw_earlier_failure();

 private:
    struct Batch {
        std::vector<Cell> cells;  // row after row; a text's view is set when the batch is handed over
        std::vector<std::size_t> text_sizes;  // per text or blob cell, in order
        std::string bytes;  // their values, one after another, each followed by a NUL
        std::size_t columns = 0;
        std::size_t rows = 0;
    };
    struct Item {
        std::unique_ptr<Batch> batch;  // rows, or
        std::function<void()> call;   // any other call
    };

    void hand_over();
    std::unique_ptr<Batch> take_free_batch();
    void call_and_wait(std::function<void()> call);
    void throw_if_failed();
    static void point_texts(Batch& batch);
    void render(const Batch& batch);
    void loop();

    RowSink& inner_;
    std::size_t columns_ = 0;
    std::unique_ptr<Batch> filling_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Item> queue_;
    std::vector<std::unique_ptr<Batch>> free_;
    std::size_t batches_ = 0;      // made so far, at most kBatchesInFlight
    std::uint64_t handed_ = 0;     // items queued so far
    std::uint64_t done_ = 0;       // items the render thread has finished
    bool stopping_ = false;
    std::exception_ptr error_;     // the first error the render thread threw
    std::atomic<bool> failed_{false};
    std::thread thread_;  // last: it starts once everything it uses exists
};

}  // namespace asemdb::detail
