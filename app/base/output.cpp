#include "asemdb/base/output.hpp"

#include "asemdb/base/error.hpp"
#include "base/pending_outputs.hpp"
#include "base/write_buffer.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

// Removes the temporary files of earlier runs for `target` whose process is
// gone (killed before it could clean up): ".<name>.tmp-<pid>-<n>". A file of a
// process still alive is another run at work and is left alone.
void remove_leftovers(const fs::path& dir, const fs::path& target) {
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
            std::error_code ignored;
            fs::remove(it->path(), ignored);
        }
    }
}

// The temporary files of the outputs not yet committed, for the thread that
// removes them when a signal stops the process (interrupt.hpp). Creating,
// committing and removing one takes the lock, so the thread finds each file
// either pending, and removes it, or renamed into place, and leaves it.
// Never destroyed: the thread may need it while the process exits.
struct PendingOutputs {
    std::mutex mutex;
    std::vector<std::string> files;  ///< absolute: the thread must not depend on the working directory
};

PendingOutputs& pending_outputs() {
    static auto* outputs = new PendingOutputs;
    return *outputs;
}

// REQUIRES: the caller holds pending_outputs().mutex.
void forget_pending(const std::string& file) {
    auto& files = pending_outputs().files;
    if (const auto it = std::find(files.begin(), files.end(), file); it != files.end()) files.erase(it);
}

std::string absolute_name(const fs::path& file) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(file, ec);
    return ec ? file.string() : absolute.string();
}

// libxlsxwriter's temporary files (tmpfileplus: "tmp." and ten letters or
// digits, in the workbook's tmpdir, the output's directory) are unlinked as
// soon as they are created; one caught between the two is still open here,
// under its name, without close-on-exec (SQLite opens every file with it).
// Read with no allocation: the other threads are stopped by then, and one may
// hold the allocator's lock.
bool is_library_temp_file(std::string_view file, int fd, const std::vector<std::string>& dirs) {
    const std::size_t slash = file.rfind('/');
    if (slash == std::string_view::npos) return false;
    const std::string_view dir = file.substr(0, slash), name = file.substr(slash + 1);
    if (name.size() != 14 || !name.starts_with("tmp.")) return false;
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) return false;
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const int flags = ::fcntl(fd, F_GETFD);
    return std::all_of(name.begin() + 4, name.end(), alnum) && flags >= 0 && (flags & FD_CLOEXEC) == 0;
}

void remove_library_temp_files(const std::vector<std::string>& dirs) {
    const int fds = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fds < 0) return;
    alignas(8) char entries[4096];
    for (ssize_t size; (size = ::getdents64(fds, entries, sizeof entries)) > 0;) {
        for (ssize_t at = 0; at < size;) {
            const auto* entry = reinterpret_cast<const dirent64*>(entries + at);
            at += entry->d_reclen;
            char file[4096];
            const ssize_t length = ::readlinkat(fds, entry->d_name, file, sizeof file);
            if (length <= 0 || length == sizeof file) continue;
            const int fd = std::atoi(entry->d_name);
            const std::string_view name(file, static_cast<std::size_t>(length));
            file[length] = '\0';
            if (fd != fds && is_library_temp_file(name, fd, dirs)) ::unlink(file);
        }
    }
    ::close(fds);
}

// The directories of the pending outputs, as /proc/self/fd names them.
std::vector<std::string> pending_directories() {
    std::vector<std::string> dirs;
    for (const std::string& file : pending_outputs().files) {
        std::error_code ec;
        const fs::path dir = fs::weakly_canonical(fs::path(file).parent_path(), ec);
        if (!ec) dirs.push_back(dir.string());
    }
    return dirs;
}

}  // namespace

namespace detail {

namespace {
std::vector<std::string>* held_directories = nullptr;
}  // namespace

void hold_pending_outputs() noexcept {
    pending_outputs().mutex.lock();
    try {
        held_directories = new std::vector<std::string>(pending_directories());
    } catch (...) {
        held_directories = nullptr;  // out of memory: the outputs' own files are still removed
    }
}

void remove_pending_outputs() noexcept {
    if (held_directories) remove_library_temp_files(*held_directories);
    for (const std::string& file : pending_outputs().files) ::unlink(file.c_str());
}

}  // namespace detail

AtomicOutput::AtomicOutput(fs::path target) : target_(std::move(target)) {
    std::error_code ec;
    if (target_.filename().empty()) throw Error::io(target_, "an output path must name a file");
    if (fs::is_directory(target_, ec)) throw Error::io(target_, "is a directory; name a file to write");
    const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec)) throw Error::io(target_, "directory '" + dir.string() + "' does not exist");
    remove_leftovers(dir, target_);
    // A hidden name in the same directory: the rename is then atomic, and a
    // leftover from a killed run is recognisable by its prefix.
    std::random_device random;
    temp_ = dir / ("." + target_.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" +
                   std::to_string(random() % 100000));
    // Creating the file now finds an unwritable place before any work is done,
    // and before a library that reports failures on its own stderr gets to try.
    // Created and registered under the lock: a signal finds it registered or absent.
    const std::lock_guard lock(pending_outputs().mutex);
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error::io(target_, "cannot write in '" + dir.string() + "': " + std::strerror(errno));
    ::close(fd);
    registered_ = absolute_name(temp_);
    pending_outputs().files.push_back(registered_);
}

AtomicOutput::~AtomicOutput() {
    if (committed_) return;
    const std::lock_guard lock(pending_outputs().mutex);
    std::error_code ignored;
    fs::remove(temp_, ignored);
    forget_pending(registered_);
}

void AtomicOutput::commit() {
    const std::lock_guard lock(pending_outputs().mutex);
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) throw Error::io(target_, "cannot move the finished output into place: " + ec.message());
    forget_pending(registered_);
    committed_ = true;
}

PendingFile::PendingFile(const fs::path& file) {
    const std::string name = absolute_name(file);
    files_ = {name, name + "-journal", name + "-wal", name + "-shm"};
    const std::lock_guard lock(pending_outputs().mutex);
    auto& pending = pending_outputs().files;
    pending.insert(pending.end(), files_.begin(), files_.end());
}

PendingFile::~PendingFile() {
    if (renamed_) return;
    const std::lock_guard lock(pending_outputs().mutex);
    for (const std::string& file : files_) forget_pending(file);
}

std::error_code PendingFile::rename_to(const fs::path& target) {
    const std::lock_guard lock(pending_outputs().mutex);
    std::error_code ec;
    fs::rename(files_.front(), target, ec);
    if (ec) return ec;
    for (const std::string& file : files_) forget_pending(file);
    renamed_ = true;
    return ec;
}

namespace detail {

WriteBuffer::WriteBuffer(int fd, std::string name) : fd_(fd), name_(std::move(name)), buffer_(65536) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
}

bool WriteBuffer::write_all(const char* data, std::size_t size) {
    if (error_ != 0) return false;
    while (size > 0) {
        const ssize_t written = ::write(fd_, data, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

bool WriteBuffer::drain() {
    const auto pending = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return write_all(buffer_.data(), pending);
}

WriteBuffer::int_type WriteBuffer::overflow(int_type c) {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

std::streamsize WriteBuffer::xsputn(const char* data, std::streamsize size) {
    const auto room = epptr() - pptr();
    if (size <= room) {
        std::memcpy(pptr(), data, static_cast<std::size_t>(size));
        pbump(static_cast<int>(size));
        return size;
    }
    if (!drain() || !write_all(data, static_cast<std::size_t>(size))) return 0;
    return size;
}

int WriteBuffer::sync() { return drain() ? 0 : -1; }

void throw_write_error(const WriteBuffer& buffer) { throw Error::write(buffer.name(), buffer.error() ? buffer.error() : EIO); }

}  // namespace detail

struct Destination::State {
    std::optional<AtomicOutput> file;
    int fd = STDOUT_FILENO;
    std::optional<detail::WriteBuffer> buffer;
    std::optional<std::ostream> stream;
    bool closed = false;

    ~State() {
        if (file && !closed) ::close(fd);
    }
};

Destination::Destination(std::unique_ptr<State> state) : state_(std::move(state)) {}
Destination::Destination(Destination&&) noexcept = default;
Destination& Destination::operator=(Destination&&) noexcept = default;
Destination::~Destination() = default;

Destination Destination::standard_output() {
    std::cout.flush();
    std::fflush(stdout);
    auto state = std::make_unique<State>();
    state->buffer.emplace(STDOUT_FILENO, "standard output");
    state->stream.emplace(&*state->buffer);
    return Destination(std::move(state));
}

Destination Destination::to(const fs::path& file) {
    if (file.empty()) return standard_output();
    auto state = std::make_unique<State>();
    state->file.emplace(file);
    state->fd = ::open(state->file->temp_path().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (state->fd < 0) throw Error::io(file, std::string("cannot create the output file: ") + std::strerror(errno));
    state->buffer.emplace(state->fd, file.string());
    state->stream.emplace(&*state->buffer);
    return Destination(std::move(state));
}

bool Destination::is_file() const { return state_->file.has_value(); }

std::string Destination::name() const { return state_->buffer->name(); }

const fs::path& Destination::temp_path() const { return state_->file->temp_path(); }

std::ostream& Destination::stream() { return *state_->stream; }

void Destination::commit() {
    State& s = *state_;
    s.stream->flush();
    if (!*s.stream || s.buffer->error() != 0) detail::throw_write_error(*s.buffer);
    if (!s.file) return;
    s.closed = true;
    if (::close(s.fd) != 0) throw Error::write(s.file->target(), errno);
    s.file->commit();
}

namespace {

// `path` made absolute with every symbolic link resolved, the last component
// too even when what it points to does not exist yet.
fs::path resolved(fs::path path) {
    std::error_code ec;
    path = fs::absolute(path, ec);
    for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(path, ec)); ++hops) {
        const fs::path link = fs::read_symlink(path, ec);
        if (ec) break;
        path = link.is_absolute() ? link : path.parent_path() / link;
    }
    const fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? path.lexically_normal() : canonical;
}

bool same_file(const fs::path& a, const fs::path& b) {
    struct stat sa {}, sb {};
    if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    return resolved(a) == resolved(b);
}

}  // namespace

fs::path history_file_for(const fs::path& database) {
    fs::path file = database;
    return file.replace_filename(database.stem().string() + ".history.db");
}

void refuse_database_output(const fs::path& output, const fs::path& database) {
    if (output.empty() || database.empty()) return;
    const fs::path history = history_file_for(database);
    for (const auto& [file, what] : {std::pair{database, "the database"}, std::pair{history, "the run history"}}) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            const fs::path protected_file = file.string() + suffix;
            if (!same_file(output, protected_file)) continue;
            throw Error::io(output, std::string("is ") + (*suffix ? "a file of " : "") + what + " '" +
                                        protected_file.string() + "'; choose another output path");
        }
    }
}

void finish_standard_output() {
    // C stdio first: std::cout (synchronised with it) would flush it and lose errno.
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int reason = errno;
    std::cout.flush();
    if (!flushed || std::ferror(stdout) || !std::cout) throw Error::write("standard output", reason ? reason : EIO);
}

}  // namespace asemdb
