#pragma once
// Internals of email delivery: addresses and header text (mail_address.cpp),
// the message (email_message.cpp) and sending it through libcurl
// (smtp_send.cpp). Reading the settings: email_config.hpp.

#include "asemdb/email.hpp"
#include "asemdb/scheduler.hpp"

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

/// What a job's message says for `run`, before the outputs are checked: what
/// ran, for which occurrence, its status and summary. Kept with the delivery.
std::string delivery_body(const Schedule& schedule, const JobSpec& job, const RunRecord& run);
/// "<monthly-roster.20260301T050000Z@asemdb.example.org>": the same for every
/// attempt and resend of an occurrence.
std::string message_id(const SmtpSettings& smtp, const JobSpec& job, const RunRecord& run);

/// The message for `run` with the body kept by the delivery. Each recorded
/// output is read back and sent only if its SHA-256 still matches; one that
/// changed or is gone is named in `notes` and in the text instead. Over the
/// size limit, the outputs are listed rather than attached, and said so.
MailMessage compose_delivery(const SmtpSettings& smtp, const JobSpec& job, const RunRecord& run,
                             const std::string& body, const std::string& message_id, TimePoint now,
                             std::vector<std::string>& notes);
/// A short message to `to` saying the settings work.
MailMessage compose_test(const SmtpSettings& smtp, const MailAddress& to, TimePoint now);

struct SendResult {
    bool sent = false;
    std::string reply;  ///< the server's last reply, or why it could not be sent (one line)
};

/// Sends `message` with `smtp`: certificates checked, the password read now
/// from password_env or password_file. Never throws for a failed send.
SendResult send_mail(const SmtpSettings& smtp, const MailMessage& message);

}  // namespace asemdb::detail
