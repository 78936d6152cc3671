#include "schedule/delivery_message.hpp"

#include "base/sha256.hpp"
#include "schedule/scheduler_detail.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

namespace asemdb::detail {
namespace {
namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

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

}  // namespace asemdb::detail
