#pragma once
// Reading the email parts of a schedule file: the [smtp] table and a job's `email`.

#include "asemdb/mail/email.hpp"
#include "asemdb/schedule/schedule.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <optional>

namespace asemdb::detail {

/// The [smtp] table of a schedule file, if any. Throws Error{Definition} with
/// the file and line (a missing password variable too).
std::optional<SmtpSettings> read_smtp(const toml::table& root, const std::filesystem::path& file);
/// A job's `email`, if it has one; `job` has its name, report, cron and formats.
std::optional<EmailSpec> read_email(const toml::table& job_table, const JobSpec& job,
                                    const std::optional<SmtpSettings>& smtp, const std::filesystem::path& file);

}  // namespace asemdb::detail
