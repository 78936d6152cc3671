#pragma once
// Mail, apart from what is mailed: addresses and header text (mail_address.cpp),
// the parts of a message (mail_message.cpp) and sending it through libcurl
// (smtp_send.cpp). The message of a scheduled run: schedule/delivery_message.hpp.

#include "asemdb/mail/email.hpp"
#include "asemdb/base/time.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace asemdb::detail {

/// Parses "user@example.org" or "Display Name <user@example.org>". Throws
/// Error{Definition} without a location saying what is wrong.
MailAddress parse_mail_address(const std::string& text);
/// The address for a From, To or Cc header, its name encoded if not ASCII.
std::string header_address(const MailAddress& address);
/// `text` for a header: as is when printable ASCII, else RFC 2047 encoded words.
std::string header_text(const std::string& text);

struct MailAttachment {
    std::string filename;
    std::string content_type;
    std::string bytes;
};

struct MailMessage {
    std::vector<std::string> headers;  ///< "Subject: ...", in order
    std::vector<std::string> recipients;  ///< envelope: to, cc and bcc addresses
    std::string body;                  ///< plain text, UTF-8, "\r\n" line ends
    std::vector<MailAttachment> attachments;
};

/// `now` as an RFC 5322 Date header's value, in UTC.
std::string rfc5322_date(TimePoint now);
/// The addresses for a To or Cc header, comma-separated.
std::string address_list(const std::vector<MailAddress>& list);
/// `text` with every line ended by "\r\n", as SMTP wants.
std::string crlf(const std::string& text);
/// The MIME type an attachment is sent as, from its file name's extension.
std::string content_type(const std::filesystem::path& file);
/// About the bytes an attachment of `bytes` takes in a message, base64-encoded.
std::uint64_t encoded_size(std::uint64_t bytes);

/// A short message to `to` saying the settings work.
MailMessage compose_test(const SmtpSettings& smtp, const MailAddress& to, TimePoint now);

struct SendResult {
    bool sent = false;
    /// Not sent, and never will be: the server answered MAIL, RCPT (for every
    /// recipient) or DATA with a 5yz reply, which RFC 5321 (4.2.1) makes final.
    /// Every other failure (4yz, connection, TLS, AUTH, timeout) may pass.
    bool permanent = false;
    std::string reply;  ///< the server's last reply, or why it could not be sent (one line)
    /// Recipients the server refused while it took the message for the others:
    /// "<address> (<its reply>)".
    std::vector<std::string> refused;
};

/// Sends `message` with `smtp`: certificates checked, the password read now
/// from password_env or password_file. Never throws for a failed send.
SendResult send_mail(const SmtpSettings& smtp, const MailMessage& message);

}  // namespace asemdb::detail
