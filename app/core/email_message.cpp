// The message a job sends after a run: headers, a plain-text body saying what
// ran and for which occurrence, and the recorded outputs, each checked against
// the SHA-256 the run recorded before it is attached.

#include "email_detail.hpp"

#include "scheduler_detail.hpp"
#include "sha256.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace asemdb::detail {
namespace {
namespace fs = std::filesystem;

std::string content_type(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == ".csv") return "text/csv; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".md") return "text/markdown; charset=utf-8";
    if (ext == ".xml") return "application/xml";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// "\n" becomes "\r\n", as SMTP wants every line to end.
std::string crlf(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
        out += c;
    }
    return out;
}

std::string rfc5322_date(TimePoint now) { return date::format("%a, %d %b %Y %H:%M:%S +0000", now); }

std::string address_list(const std::vector<MailAddress>& list) {
    std::string out;
    for (const auto& a : list) out += (out.empty() ? "" : ", ") + header_address(a);
    return out;
}

// Base64 grows the bytes by a third, and its lines end in CRLF every 76 characters.
std::uint64_t encoded_size(std::uint64_t bytes) { return (bytes + 2) / 3 * 4 * 78 / 76 + 200; }

}  // namespace

std::string message_id(const SmtpSettings& smtp, const JobSpec& job, const RunRecord& run) {
    const std::string domain = smtp.from.address.substr(smtp.from.address.rfind('@') + 1);
    return fmt::format("<{}.{}{}@asemdb.{}>", job.name, date::format("%Y%m%dT%H%M%SZ", run.scheduled),
                       run.trigger == RunTrigger::Manual ? ".manual" : "", domain);
}

std::string delivery_body(const Schedule& schedule, const JobSpec& job, const RunRecord& run) {
    const std::string when = job.cron.local_text(run.scheduled) + " (" + iso_utc(run.scheduled) + ")";
    std::string body =
        run.trigger == RunTrigger::Manual
            ? fmt::format("asemdb ran the job '{}' on request at {}.\n\n", job.name, when)
            : fmt::format("asemdb ran the scheduled job '{}' for the occurrence {}.\n\n", job.name, when);
    body += fmt::format("Report:     {}\n", job.is_audit() ? "the audit" : run.report);
    if (!run.params.empty()) body += fmt::format("Parameters: {}\n", params_text(run.params));
    body += fmt::format("Status:     {}, {}\n", to_string(run.status),
                        counted_text(run));
    if (run.finished) body += fmt::format("Finished:   {}\n", iso_utc(*run.finished));
    body += fmt::format("Schedule:   {}\n", schedule.file.string());
    if (!run.error.empty()) body += "Error:      " + run.error + "\n";
    if (!run.summary.empty()) body += "\n" + run.summary + (run.summary.back() == '\n' ? "" : "\n");
    return body;
}

MailMessage compose_delivery(const SmtpSettings& smtp, const JobSpec& job, const RunRecord& run,
                             const std::string& body, const std::string& id, TimePoint now,
                             std::vector<std::string>& notes) {
    const EmailSpec& email = *job.email;
    MailMessage message;
    const Format format = job.formats.front();
    const std::string subject = expand_text_template(
        email.subject,
        {job.name, job.report, to_string(format), extension_of(format), run.scheduled, &job.cron, &run.params},
        "subject");
    message.headers = {"Date: " + rfc5322_date(now), "From: " + header_address(smtp.from),
                       "Message-ID: " + id, "Subject: " + header_text(subject), "Auto-Submitted: auto-generated"};
    if (!email.to.empty()) message.headers.push_back("To: " + address_list(email.to));
    if (!email.cc.empty()) message.headers.push_back("Cc: " + address_list(email.cc));
    for (const auto* list : {&email.to, &email.cc, &email.bcc})
        for (const auto& a : *list) message.recipients.push_back(a.address);

    std::vector<MailAttachment> files;
    std::string listing;
    std::uint64_t size = body.size() + 2000;
    for (const auto& output : run.outputs) {
        const fs::path path = output.path;
        const auto bytes = output.removed ? std::nullopt : read_file(path);
        if (!bytes) {
            notes.push_back(path.string() + " is gone since the run; not sent");
            continue;
        }
        if (sha256_hex(*bytes) != output.sha256) {
            notes.push_back(path.string() + " changed since the run (its SHA-256 differs); not sent");
            continue;
        }
        listing += fmt::format("  {} ({} bytes, sha256 {})\n", path.string(), output.size, output.sha256);
        size += encoded_size(bytes->size());
        files.push_back({path.filename().string(), content_type(path), *bytes});
    }
    std::string text = body;
    if (!files.empty() && email.attach && size > smtp.max_message_bytes) {
        notes.push_back(fmt::format("the attachments would make the message about {} bytes, over the limit of {}; "
                                    "they are listed instead", size, smtp.max_message_bytes));
    } else if (email.attach) {
        message.attachments = std::move(files);
    }
    if (!listing.empty())
        text += std::string(message.attachments.empty() ? "\nThe outputs, on the machine that ran the job:\n"
                                                        : "\nAttached:\n") + listing;
    if (!notes.empty()) {
        text += "\nNote:\n";
        for (const auto& note : notes) text += "  " + note + "\n";
    }
    message.body = crlf(text);
    return message;
}

MailMessage compose_test(const SmtpSettings& smtp, const MailAddress& to, TimePoint now) {
    MailMessage message;
    message.headers = {"Date: " + rfc5322_date(now), "From: " + header_address(smtp.from),
                       "To: " + header_address(to), "Subject: asemdb test message",
                       "Message-ID: " + fmt::format("<test.{}@asemdb.{}>", date::format("%Y%m%dT%H%M%SZ", now),
                                                    smtp.from.address.substr(smtp.from.address.rfind('@') + 1)),
                       "Auto-Submitted: auto-generated"};
    message.recipients = {to.address};
    message.body = crlf(fmt::format("This message checks the [smtp] settings of asemdb's scheduled reports:\n"
                                    "server {}:{}, security {}, sender {}.\nIt arrived, so they work.\n",
                                    smtp.host, smtp.port, to_string(smtp.security), smtp.from.address));
    return message;
}

}  // namespace asemdb::detail
