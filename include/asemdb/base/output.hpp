#pragma once
// Where output goes: standard output, or a file that appears whole or not at
// all (written to a temporary file in the same directory and renamed over the
// target only when complete). Every write, the final flush and the close are
// checked; a failure (a full disk, a file-size limit, a closed pipe) is an
// Error{Render} naming the destination with the system's reason. A signal
// that stops the process (interrupt.hpp) removes the temporary files of the
// outputs not yet committed and leaves those committed.

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

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
    std::string registered_;  ///< temp_ made absolute, as the list of pending outputs holds it
    bool committed_ = false;
};

/// A file built beside its target and renamed over it when complete (a new
/// database), which a signal stopping the process (interrupt.hpp) removes,
/// with SQLite's -journal, -wal and -shm files beside it, until rename_to()
/// has moved it into place. Destroying this only stops the watching: on an
/// error the owner removes the file itself.
class PendingFile {
 public:
    /// REQUIRES: `file` is this process's to remove (created, or locked, by it).
    explicit PendingFile(const std::filesystem::path& file);
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;
    ~PendingFile();
    /// Renames the file over `target`, then stops watching it, both at once for
    /// a signal. Returns the rename's error; the file is still watched then.
    std::error_code rename_to(const std::filesystem::path& target);

 private:
    std::vector<std::string> files_;  ///< the file and SQLite's, absolute
    bool renamed_ = false;
};

/// A stream to standard output or to an atomic file.
class Destination {
 public:
    /// Standard output. What C and C++ stdio hold is flushed first, so the order is kept.
    static Destination standard_output();
    /// `file` (or standard output when `file` is empty), written atomically.
    /// Throws Error{Io} when the file cannot be created (see AtomicOutput).
    static Destination to(const std::filesystem::path& file);

    Destination(Destination&&) noexcept;
    Destination& operator=(Destination&&) noexcept;
    /// A file not committed is removed.
    ~Destination();

    bool is_file() const;
    /// The target file, or "standard output": for messages.
    std::string name() const;
    /// The temporary file, for a library that writes a file by name (xlsx).
    /// REQUIRES: is_file().
    const std::filesystem::path& temp_path() const;
    std::ostream& stream();
    /// Flushes and checks the stream; a file is closed and moved into place.
    /// Throws Error{Render} with the system's reason, or Error{Io} for the move.
    void commit();

 private:
    struct State;
    explicit Destination(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// The run history kept beside `database`: asem.history.db for asem.db.
std::filesystem::path history_file_for(const std::filesystem::path& database);

/// Throws Error{Io} when `output` is the database `database`, its -wal, -shm or
/// -journal file, or its run history (or one of the history's files), compared
/// by device and inode after resolving links (a symbolic or hard link to the
/// database is the database). Call it before anything runs.
void refuse_database_output(const std::filesystem::path& output, const std::filesystem::path& database);

/// Flushes standard output (C and C++ streams) and checks every write made to it.
/// Throws Error{Render} with the system's reason.
void finish_standard_output();

}  // namespace asemdb
