#include "asemdb/base/output.hpp"

#include "asemdb/base/error.hpp"
#include "base/write_buffer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <random>

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

}  // namespace

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
    const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error::io(target_, "cannot write in '" + dir.string() + "': " + std::strerror(errno));
    ::close(fd);
}

AtomicOutput::~AtomicOutput() {
    if (committed_) return;
    std::error_code ignored;
    fs::remove(temp_, ignored);
}

void AtomicOutput::commit() {
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) throw Error::io(target_, "cannot move the finished output into place: " + ec.message());
    committed_ = true;
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
