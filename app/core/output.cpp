#include "asemdb/output.hpp"

#include "asemdb/error.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

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

}  // namespace asemdb
