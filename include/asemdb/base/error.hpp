#pragma once
// The one error type of asemdb. Every failure a user can act on is an Error that
// says where it happened (file and line, report, parameter) and what went wrong;
// the command line prints what() on one line and exits with exit_code(kind()).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace asemdb {

enum class ErrorKind {
    Usage,       ///< the command line itself is wrong
    Definition,  ///< a report definition or schedule file is malformed
    Parameter,   ///< a parameter value is missing or invalid
    Sql,         ///< a SQL script or query failed, or the database does not fit this asemdb
    Io,          ///< a file or directory cannot be read, written or created
    Render,      ///< an output could not be written
};

/// Where an error happened; empty fields are left out of the message.
struct Where {
    std::string file;
    int line = 0;
    std::string report;
    std::string param;
};

class Error : public std::runtime_error {
 public:
    /// what() is "<where>: <detail>", or just the detail when `where` is empty.
    Error(ErrorKind kind, Where where, const std::string& detail);

    ErrorKind kind() const noexcept { return kind_; }
    const Where& where() const noexcept { return where_; }
    /// The message without the location prefix.
    const std::string& detail() const noexcept { return detail_; }
    /// Extra lines shown under the message, such as the SQL with a caret under
    /// the offending token; empty for most errors.
    const std::string& context() const noexcept { return context_; }
    Error& with_context(std::string context) {
        context_ = std::move(context);
        return *this;
    }

    static Error usage(const std::string& detail);
    static Error io(const std::filesystem::path& file, const std::string& detail);
    static Error sql(const std::string& file, int line, const std::string& detail);
    static Error definition(const std::filesystem::path& file, int line, const std::string& detail);
    static Error parameter(const std::string& report, const std::string& param, const std::string& detail);
    /// The one error for a failed write: Render, naming `destination` (a file or
    /// "standard output") with the system's reason for `system_error` (an errno).
    static Error write(const std::filesystem::path& destination, int system_error);

 private:
    ErrorKind kind_;
    Where where_;
    std::string detail_;
    std::string context_;
};

/// `text` fit for one line of a terminal or log: valid UTF-8 is kept, and
/// control characters and bytes that are not UTF-8 (a value given in another
/// encoding) are shown as \n, \t or \xNN.
std::string printable_line(std::string_view text);

/// 2 for every kind of bad input; 1 is kept for failed checks and jobs, 3 for internal errors.
int exit_code(ErrorKind kind) noexcept;

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

}  // namespace asemdb
