#include "engine/render_thread.hpp"

#include <utility>

namespace asemdb::detail {
namespace {

// Large enough that handing a batch over costs nothing beside rendering it,
// small enough that the reading thread stays a few milliseconds ahead and an
// export holds a few megabytes of rows at most.
constexpr std::size_t kRowsPerBatch = 1024;
constexpr std::size_t kBytesPerBatch = std::size_t{1} << 20;
constexpr std::size_t kBatchesInFlight = 4;

}  // namespace

RenderThread::RenderThread(RowSink& inner) : inner_(inner), thread_([this] { loop(); }) {}

RenderThread::~RenderThread() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void RenderThread::begin_report(const ReportContext& context) {
    call_and_wait([&] { inner_.begin_report(context); });
}

void RenderThread::begin_sheet(const SheetInfo& sheet) {
    columns_ = sheet.columns.size();
    call_and_wait([&] { inner_.begin_sheet(sheet); });
}

void RenderThread::row(std::span<const Cell> cells) {
    if (failed_.load(std::memory_order_relaxed)) throw_if_failed();
    if (!filling_) filling_ = take_free_batch();
    Batch& batch = *filling_;
    for (const Cell& cell : cells) {
        Cell& copy = batch.cells.emplace_back(cell);
        if (cell.type == CellType::Text || cell.type == CellType::Blob) {
            copy.text = {};
            batch.text_sizes.push_back(cell.text.size());
            batch.bytes.append(cell.text);
            // Kept NUL-terminated as SQLite's own buffers are.
            batch.bytes.push_back('\0');
        }
    }
    ++batch.rows;
    if (batch.rows == kRowsPerBatch || batch.bytes.size() >= kBytesPerBatch) hand_over();
}

void RenderThread::end_sheet(std::uint64_t rows) {
    call_and_wait([&] { inner_.end_sheet(rows); });
}

void RenderThread::summary(const std::string& text) {
    call_and_wait([&] { inner_.summary(text); });
}

void RenderThread::fingerprint(const std::string& sha256) {
    call_and_wait([&] { inner_.fingerprint(sha256); });
}

void RenderThread::end_report() {
    call_and_wait([&] { inner_.end_report(); });
}

void RenderThread::throw_earlier_failure() {
    call_and_wait([] {});
}

void RenderThread::hand_over() {
    if (!filling_ || filling_->rows == 0) return;
    point_texts(*filling_);
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back({std::move(filling_), {}});
        ++handed_;
    }
    changed_.notify_all();
}

std::unique_ptr<RenderThread::Batch> RenderThread::take_free_batch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return error_ || !free_.empty() || batches_ < kBatchesInFlight; });
    if (error_) std::rethrow_exception(error_);
    std::unique_ptr<Batch> batch;
    if (free_.empty()) {
        batch = std::make_unique<Batch>();
        ++batches_;
    } else {
        batch = std::move(free_.back());
        free_.pop_back();
    }
    batch->cells.clear();
    batch->text_sizes.clear();
    batch->bytes.clear();
    batch->columns = columns_;
    batch->rows = 0;
    return batch;
}

void RenderThread::call_and_wait(std::function<void()> call) {
    hand_over();
    std::unique_lock lock(mutex_);
    queue_.push_back({nullptr, std::move(call)});
    const std::uint64_t ticket = ++handed_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return done_ >= ticket; });
    if (error_) std::rethrow_exception(error_);
}

void RenderThread::throw_if_failed() {
    const std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
}

// On the reading thread, once the batch is full: its bytes no longer move.
void RenderThread::point_texts(Batch& batch) {
    const std::string_view bytes = batch.bytes;
    std::size_t at = 0;
    auto size = batch.text_sizes.begin();
    for (Cell& cell : batch.cells) {
        if (cell.type != CellType::Text && cell.type != CellType::Blob) continue;
        cell.text = bytes.substr(at, *size);
        at += *size++ + 1;
    }
}

void RenderThread::render(const Batch& batch) {
    for (std::size_t row = 0; row < batch.rows; ++row)
        inner_.row(std::span<const Cell>(batch.cells).subspan(row * batch.columns, batch.columns));
}

void RenderThread::loop() {
    for (;;) {
        Item item;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        // After a failure the rest is only acknowledged: the run is over.
        if (!failed_.load()) {
            try {
                if (item.batch) render(*item.batch);
                else item.call();
            } catch (...) {
                const std::lock_guard lock(mutex_);
                error_ = std::current_exception();
                failed_ = true;
            }
        }
        {
            const std::lock_guard lock(mutex_);
            if (item.batch) free_.push_back(std::move(item.batch));
            ++done_;
        }
        changed_.notify_all();
    }
}

}  // namespace asemdb::detail
