#pragma once
// A stream buffer over a file descriptor that remembers why a write failed, so
// a full disk or a file-size limit is reported with the system's reason.

#include <streambuf>
#include <string>
#include <vector>

namespace asemdb::detail {

class WriteBuffer final : public std::streambuf {
 public:
    /// Writes to `fd` (not owned); `name` says where, in messages.
    WriteBuffer(int fd, std::string name);
    /// The errno of the first failed write, or 0.
    int error() const { return error_; }
    const std::string& name() const { return name_; }

 protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* data, std::streamsize size) override;
    int sync() override;

 private:
    bool drain();
    bool write_all(const char* data, std::size_t size);

    int fd_;
    std::string name_;
    int error_ = 0;
    std::vector<char> buffer_;
};

/// Throws the Error{Render} for the failed `buffer` (errno `error()`).
[[noreturn]] void throw_write_error(const WriteBuffer& buffer);

}  // namespace asemdb::detail
