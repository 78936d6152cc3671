// The [smtp] table and a job's `email`, checked when the schedule is read:
// every problem names the file and its line, before anything runs.

#include "schedule/schedule_email.hpp"

#include "asemdb/base/error.hpp"
#include "mail/mail.hpp"
#include "schedule/scheduler_detail.hpp"
#include "base/toml_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace asemdb::detail {
namespace {
namespace fs = std::filesystem;

class EmailReader : public TomlReader {
 public:
    explicit EmailReader(fs::path file) : TomlReader(file.string()), file_(std::move(file)) {}

    void only(const toml::table& t, const char* what, std::initializer_list<const char*> allowed) const {
        if (const auto* password = t.get("password"))
            throw fail(*password, "the password is never written in the schedule; give password_env or password_file");
        check_keys(t, allowed, std::string("in ") + what);
    }

    // Every value here goes into a header or a command to the server: one line.
    std::optional<std::string> text(const toml::table& t, const char* key) const {
        auto value = optional_string(t, key);
        if (value && std::any_of(value->begin(), value->end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
            throw fail(*t.get(key), "'" + std::string(key) + "' must be a non-empty string on one line");
        return value;
    }

    MailAddress address(const toml::node& node, const std::string& text_value) const {
        try {
            return parse_mail_address(text_value);
        } catch (const Error& e) {
            throw fail(node, e.detail());
        }
    }

    SmtpSettings smtp(const toml::table& t) const {
        only(t, "[smtp]", {"host", "port", "security", "username", "password_env", "password_file", "from", "ca_file",
                           "timeout_seconds", "max_message_bytes"});
        SmtpSettings s;
        s.host = text(t, "host").value_or("");
        if (s.host.empty()) throw fail(t, "[smtp] needs 'host'");
        if (s.host.find_first_of(" /@:?#[]") != std::string::npos)
            throw fail(*t.get("host"), "'host' must be a host name or an IP address, without a scheme or port");
        const std::string security = text(t, "security").value_or("starttls");
        if (security == "starttls") s.security = SmtpSecurity::StartTls;
        else if (security == "tls") s.security = SmtpSecurity::Tls;
        else if (security == "none") s.security = SmtpSecurity::None;
        else throw fail(*t.get("security"), "unknown security '" + security + "'; use \"starttls\", \"tls\" or \"none\"");
        s.port = static_cast<int>(optional_integer(t, "port", 1, 65535).value_or(
            s.security == SmtpSecurity::Tls ? 465 : s.security == SmtpSecurity::None ? 25 : 587));
        const auto from = text(t, "from");
        if (!from) throw fail(t, "[smtp] needs 'from', the sender: from = \"Reports <reports@example.org>\"");
        s.from = address(*t.get("from"), *from);
        s.timeout_seconds = static_cast<int>(optional_integer(t, "timeout_seconds", 1, 600).value_or(30));
        s.max_message_bytes = static_cast<std::uint64_t>(
            optional_integer(t, "max_message_bytes", 1024, std::int64_t{1} << 40).value_or(kDefaultMaxMessageBytes));
        if (const auto ca = text(t, "ca_file")) {
            s.ca_file = (file_.parent_path() / *ca).lexically_normal();
            if (!std::ifstream(*s.ca_file)) throw fail(*t.get("ca_file"), "cannot read ca_file '" + s.ca_file->string() + "'");
        }
        read_login(t, s);
        return s;
    }

    // The password's source is checked now, its value read only when sending.
    void read_login(const toml::table& t, SmtpSettings& s) const {
        s.username = text(t, "username").value_or("");
        const auto env = text(t, "password_env");
        const auto file = text(t, "password_file");
        if (s.username.empty()) {
            if (env || file)
                throw fail(*t.get(env ? "password_env" : "password_file"), "a password needs 'username'");
            return;
        }
        if (s.security == SmtpSecurity::None)
            throw fail(*t.get("username"), "authentication over an unencrypted connection is refused; "
                                           "use security = \"starttls\" or \"tls\"");
        if (env && file) throw fail(*t.get("password_file"), "give password_env or password_file, not both");
        if (!env && !file) throw fail(*t.get("username"), "'username' needs password_env or password_file");
        if (env) {
            s.password_env = *env;
            const char* value = std::getenv(env->c_str());
            if (!value || !*value)
                throw fail(*t.get("password_env"), "the environment variable '" + *env + "' (password_env) is not set");
        } else {
            s.password_file = (file_.parent_path() / *file).lexically_normal();
            if (!std::ifstream(s.password_file))
                throw fail(*t.get("password_file"), "cannot read password_file '" + s.password_file.string() + "'");
        }
    }

    std::vector<MailAddress> addresses(const toml::table& t, const char* key) const {
        std::vector<MailAddress> out;
        const auto* node = t.get(key);
        if (!node) return out;
        const auto* list = node->as_array();
        if (!list) throw fail(*node, "'" + std::string(key) + "' must be a list of addresses");
        for (const auto& item : *list) {
            const auto* s = item.as_string();
            if (!s) throw fail(item, "'" + std::string(key) + "' must be a list of addresses");
            out.push_back(address(item, s->get()));
        }
        return out;
    }

    EmailSpec email(const toml::node& node, const JobSpec& job) const {
        const auto* t = node.as_table();
        if (!t) throw fail(node, "job '" + job.name + "': 'email' must be a table: email = { to = [\"...\"] }");
        only(*t, "email", {"to", "cc", "bcc", "subject", "attach"});
        EmailSpec spec{addresses(*t, "to"), addresses(*t, "cc"), addresses(*t, "bcc"),
                       text(*t, "subject").value_or("{job}: {report} for {date}"), true, line_of(node)};
        if (spec.to.empty() && spec.cc.empty() && spec.bcc.empty())
            throw fail(node, "job '" + job.name + "': 'email' needs at least one recipient in to, cc or bcc");
        if (const auto* attach = t->get("attach")) {
            const auto* flag = attach->as_boolean();
            if (!flag) throw fail(*attach, "'attach' must be true or false");
            spec.attach = flag->get();
        }
        const toml::node& where = t->get("subject") ? *t->get("subject") : node;
        try {
            const Format format = job.formats.front();
            expand_text_template(spec.subject, {job.name, job.report, to_string(format), extension_of(format),
                                                job.cron.next_after(TimePoint{}).value_or(TimePoint{}), &job.cron}, "subject");
        } catch (const Error& e) {
            throw fail(where, "job '" + job.name + "': " + e.detail());
        }
        return spec;
    }

 private:
    fs::path file_;
};

}  // namespace

std::optional<SmtpSettings> read_smtp(const toml::table& root, const fs::path& file) {
    const auto* node = root.get("smtp");
    if (!node) return std::nullopt;
    const EmailReader reader(file);
    const auto* table = node->as_table();
    if (!table) throw reader.fail(*node, "'smtp' must be a table: [smtp]");
    return reader.smtp(*table);
}

std::optional<EmailSpec> read_email(const toml::table& job_table, const JobSpec& job,
                                    const std::optional<SmtpSettings>& smtp, const fs::path& file) {
    const auto* node = job_table.get("email");
    if (!node) return std::nullopt;
    const EmailReader reader(file);
    auto spec = reader.email(*node, job);
    if (!smtp) throw reader.fail(*node, "job '" + job.name + "' has 'email' but the file has no [smtp] table");
    return spec;
}

}  // namespace asemdb::detail

namespace asemdb {

std::string to_string(SmtpSecurity security) {
    switch (security) {
        case SmtpSecurity::StartTls: return "starttls";
        case SmtpSecurity::Tls: return "tls";
        case SmtpSecurity::None: return "none";
    }
    return "starttls";
}

}  // namespace asemdb
