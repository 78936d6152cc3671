#pragma once
// Output files that appear whole or not at all: written to a temporary file in
// the same directory and renamed over the target only when complete.

#include <filesystem>

namespace asemdb {

class AtomicOutput {
 public:
    /// Checks that the target's directory exists and creates an empty temporary
    /// file beside the target. Throws Error{Io} naming the target.
    explicit AtomicOutput(std::filesystem::path target);
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    /// Removes the temporary file unless commit() succeeded; never throws.
    ~AtomicOutput();

    const std::filesystem::path& target() const { return target_; }
    /// Where to write; renamed to target() by commit().
    const std::filesystem::path& temp_path() const { return temp_; }
    /// Renames the temporary file over the target. Throws Error{Io}.
    void commit();

 private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    bool committed_ = false;
};

}  // namespace asemdb
