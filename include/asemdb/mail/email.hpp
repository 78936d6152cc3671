#pragma once
// Email delivery settings of a schedule: the [smtp] table (server, security,
// sender, where the password comes from) and a job's `email` (recipients,
// subject template, attach or list the outputs). The password itself is never
// part of these: it is read from `password_env` or `password_file` when a
// message is sent.


#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace asemdb {

/// "starttls" (upgrade a plain connection, refused if the server cannot),
/// "tls" (TLS from the first byte, usually port 465) or "none".
enum class SmtpSecurity { StartTls, Tls, None };

/// A message over this many bytes is sent with its attachments listed instead.
inline constexpr std::uint64_t kDefaultMaxMessageBytes = 20u * 1024 * 1024;

/// An address as written ("Name <user@example.org>" or "user@example.org").
struct MailAddress {
    std::string name;     ///< the display name, possibly empty
    std::string address;  ///< user@domain
};

struct SmtpSettings {
    std::string host;
    int port = 587;
    SmtpSecurity security = SmtpSecurity::StartTls;
    std::string username;  ///< empty: no AUTH
    std::string password_env;
    std::filesystem::path password_file;
    MailAddress from;
    std::optional<std::filesystem::path> ca_file;  ///< certificate checks are on either way
    int timeout_seconds = 30;
    std::uint64_t max_message_bytes = kDefaultMaxMessageBytes;
};

struct EmailSpec {
    std::vector<MailAddress> to, cc, bcc;
    std::string subject;  ///< a template with the placeholders of output paths
    bool attach = true;   ///< false: the outputs are listed by path and size
    int line = 0;         ///< of the `email` key in the schedule file
};

/// "starttls", "tls", "none".
std::string to_string(SmtpSecurity security);


}  // namespace asemdb
