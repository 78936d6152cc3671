#pragma once
// The message a job sends after a run: headers, a plain-text body saying what
// ran and for which occurrence, and the recorded outputs, each checked against
// the SHA-256 the run recorded before it is attached.

#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule.hpp"
#include "mail/mail.hpp"

#include <string>
#include <vector>

namespace asemdb::detail {

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

}  // namespace asemdb::detail
