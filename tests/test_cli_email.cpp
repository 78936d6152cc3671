// Scheduled reports by email, end to end: the built binary sends to a real SMTP
// server on 127.0.0.1 (aiosmtpd), plain and with STARTTLS and AUTH, and what
// arrived is read back with Python's email package and openpyxl.

#include "base/sha256.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"
#include "support/smtp_server.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <thread>

using namespace asemdb::test;
namespace fs = std::filesystem;
namespace data = boost::unit_test::data;

namespace {

constexpr const char* kPassword = "s3cret-Pa55-word-7731";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string smtp_table(int port, const std::string& extra = "", const std::string& security = "none") {
    return "[smtp]\nhost = \"127.0.0.1\"\nport = " + std::to_string(port) +
           "\nsecurity = \"" + security + "\"\nfrom = \"ASEM Secretariat reports <reports@example.org>\"\ntimeout_seconds = 10\n" +
           extra;
}

constexpr const char* kRosterJob = R"(
[[job]]
name = "monthly-roster"
cron = "0 6 1 * *"
timezone = "Europe/Brussels"
report = "member_roster"
formats = ["xlsx"]
output = "rosters/{report}-{date:%Y-%m}.{ext}"
email = { to = ["focal-points@example.org"], cc = ["Zoë Wójcik <zoe@example.org>"], bcc = ["archive@example.org"], subject = "ASEM member roster, {date:%B %Y}" }
)";

constexpr const char* kMarch = "2026-03-01T05:00:00Z";

// A database, a schedule beside it, a directory the test server stores mail in.
struct EmailCli {
    EmailCli() {
        const auto init = run_asemdb({"init", "--db", db()});
        BOOST_TEST_REQUIRE(init.exit_code == 0, init.err);
    }
    std::string db() const { return (dir / "asem.db").string(); }
    fs::path mail() const { return dir / "mail"; }
    void write_schedule(const std::string& text) const { write_text(dir / "schedule.toml", text); }
    RunResult schedule(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
        args.insert(args.begin(), "schedule");
        args.insert(args.end(), {"--db", db()});
        ProcessOptions options = in_dir(dir.path());
        options.env = std::move(env);
        return run_asemdb(args, options);
    }
    nlohmann::json history() const {
        const auto r = schedule({"history", "--format", "json"});
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return nlohmann::json::parse(r.out);
    }
    nlohmann::json message(const fs::path& eml, const fs::path& save = {}) const {
        std::vector<std::string> args{(source_dir() / "tests/smtp/read_message.py").string(), eml.string()};
        if (!save.empty()) args.insert(args.end(), {"--save", save.string()});
        const auto r = run_program(ASEMDB_PYTHON, args);
        BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
        return nlohmann::json::parse(r.out);
    }
    // A port nothing listens on any more: a server started there and stopped.
    int closed_port() const {
        SmtpTestServer server(dir / "probe");
        return server.port();
    }
    TempDir dir;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(cli_email, EmailCli)

BOOST_AUTO_TEST_CASE(a_due_job_mails_its_workbook_once) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "monthly-roster: email for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z): sent (attempt 1): 250"),
               r.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);

    const TempDir saved;
    const auto m = message(server.messages()[0], saved.path());
    BOOST_TEST(m.at("subject") == "ASEM member roster, March 2026");
    BOOST_TEST(m.at("from") == "ASEM Secretariat reports <reports@example.org>");
    BOOST_TEST(contains(m.at("cc").get<std::string>(), "Zoë Wójcik <zoe@example.org>"));
    BOOST_TEST(m.at("bcc") == "");  // Bcc recipients are in the envelope only
    BOOST_TEST(m.at("envelope").at("rcpt_tos") ==
               nlohmann::json({"focal-points@example.org", "zoe@example.org", "archive@example.org"}));
    BOOST_TEST(m.at("message_id") == "<monthly-roster.20260301T050000Z@asemdb.example.org>");
    const std::string body = m.at("body");
    BOOST_TEST(contains(body, "member_roster"), body);
    BOOST_TEST(contains(body, "2026-03-01 06:00 CET (2026-03-01T05:00:00Z)"), body);
    BOOST_REQUIRE_EQUAL(m.at("attachments").size(), 1u);
    const auto& attachment = m.at("attachments")[0];
    BOOST_TEST(attachment.at("content_type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const fs::path xlsx = dir / "reports-out/rosters/member_roster-2026-03.xlsx";
    const fs::path received = saved / attachment.at("filename").get<std::string>();
    BOOST_TEST(read_bytes(received) == read_bytes(xlsx));
    const auto dump = run_program(ASEMDB_PYTHON, {(source_dir() / "tests/xlsx/dump_workbook.py").string(), received.string()});
    BOOST_TEST_REQUIRE(dump.exit_code == 0, dump.err);
    BOOST_TEST(nlohmann::json::parse(dump.out).at("sheet").at("Members").at("max_row") == 54);  // a header and 53 members

    const auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    BOOST_TEST(runs[0].at("delivery").at("status") == "sent");
    BOOST_TEST(runs[0].at("delivery").at("attempts") == 1);
    BOOST_TEST(contains(runs[0].at("delivery").at("reply").get<std::string>(), "250"));
    const auto text = schedule({"history"});
    BOOST_TEST(contains(text.out, "    email: sent, 1 attempt, last "), text.out);

    const auto again = schedule({"run-due", "--now", "2026-03-01T05:30:00Z"});
    BOOST_TEST(again.exit_code == 0);
    BOOST_TEST(again.out.empty(), again.out);
    BOOST_TEST(server.messages().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stopped_server_leaves_the_delivery_pending_and_a_later_run_due_sends_it_once) {
    const int port = closed_port();
    write_schedule(smtp_table(port) + kRosterJob);
    const auto failed = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(failed.exit_code == 1, failed.out << failed.err);
    BOOST_TEST(contains(failed.out, "monthly-roster: ran for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z): succeeded"),
               failed.out);
    BOOST_TEST(contains(failed.out, "email for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z): pending, retried from "
                                    "2026-03-01T05:01:00Z (attempt 1): "),
               failed.out);
    const fs::path xlsx = dir / "reports-out/rosters/member_roster-2026-03.xlsx";
    BOOST_TEST(fs::exists(xlsx));
    auto runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    BOOST_TEST(runs[0].at("status") == "succeeded");
    BOOST_TEST(runs[0].at("delivery").at("status") == "pending");
    BOOST_TEST(contains(runs[0].at("delivery").at("reply").get<std::string>(), "onnect"), runs[0].dump());

    // Not due yet: nothing is attempted before the next attempt's time.
    SmtpTestServer server(mail(), {port, {}, {}, {}, {}, 0});
    const auto early = schedule({"run-due", "--now", "2026-03-01T05:00:30Z"});
    BOOST_TEST(early.exit_code == 0, early.out << early.err);
    BOOST_TEST(early.out.empty(), early.out);
    BOOST_TEST(server.messages().empty());

    // Two run-due calls at once: one of them sends it.
    const auto before = fs::last_write_time(xlsx);
    RunResult first, second;
    std::thread a([&] { first = schedule({"run-due", "--now", "2026-03-01T05:02:00Z"}); });
    std::thread b([&] { second = schedule({"run-due", "--now", "2026-03-01T05:02:00Z"}); });
    a.join();
    b.join();
    BOOST_TEST(first.exit_code == 0, first.out << first.err);
    BOOST_TEST(second.exit_code == 0, second.out << second.err);
    BOOST_TEST(contains(first.out + second.out, "sent (attempt 2): 250"), first.out << second.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    BOOST_TEST(message(server.messages()[0]).at("attachments")[0].at("sha256") ==
               asemdb::detail::sha256_hex(read_bytes(xlsx)));
    BOOST_TEST((fs::last_write_time(xlsx) == before));  // the report did not run again
    runs = history();
    BOOST_REQUIRE_EQUAL(runs.size(), 1u);
    BOOST_TEST(runs[0].at("delivery").at("status") == "sent");
    BOOST_TEST(runs[0].at("delivery").at("attempts") == 2);

    BOOST_TEST(schedule({"run-due", "--now", "2026-03-01T06:00:00Z"}).out.empty());
    BOOST_TEST(server.messages().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_5yz_reply_to_rcpt_fails_the_delivery_at_once_with_the_reply) {
    SmtpServerOptions refusing;
    refusing.refuse_rcpt = {"focal-points@example.org", "zoe@example.org", "archive@example.org"};
    SmtpTestServer server(mail(), refusing);
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(r.exit_code == 1, r.out << r.err);
    BOOST_TEST(contains(r.out, "monthly-roster: email for 2026-03-01 06:00 CET (2026-03-01T05:00:00Z): failed for good "
                               "(attempt 1): "),
               r.out);
    BOOST_TEST(contains(r.out, "550 5.1.1 no such user"), r.out);
    const auto runs = history();
    BOOST_TEST(runs[0].at("delivery").at("status") == "failed");
    BOOST_TEST(runs[0].at("delivery").at("attempts") == 1);
    BOOST_TEST(runs[0].at("delivery").at("next_attempt").is_null(), runs[0].dump());
    BOOST_TEST(contains(runs[0].at("delivery").at("reply").get<std::string>(), "550 5.1.1 no such user"));
    BOOST_TEST(contains(schedule({"history"}).out, "    email: failed, 1 attempt, last "));
    // Never tried again, however long one waits.
    for (const char* later : {"2026-03-01T05:01:00Z", "2026-03-01T07:00:00Z"}) {
        const auto again = schedule({"run-due", "--now", later});
        BOOST_TEST(again.exit_code == 0, again.out << again.err);
        BOOST_TEST(again.out.empty(), again.out);
    }
    BOOST_TEST(server.messages().empty());
    BOOST_TEST(history()[0].at("delivery").at("attempts") == 1);
}

BOOST_AUTO_TEST_CASE(a_451_reply_to_data_stays_pending_and_the_next_due_attempt_sends_it_once) {
    SmtpServerOptions deferring;
    deferring.defer_data = 1;
    SmtpTestServer server(mail(), deferring);
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(r.exit_code == 1, r.out << r.err);
    BOOST_TEST(contains(r.out, "pending, retried from 2026-03-01T05:01:00Z (attempt 1): "), r.out);
    BOOST_TEST(contains(r.out, "451 4.3.0 try again later"), r.out);
    BOOST_TEST(server.messages().empty());
    const auto retried = schedule({"run-due", "--now", "2026-03-01T05:01:00Z"});
    BOOST_TEST(retried.exit_code == 0, retried.out << retried.err);
    BOOST_TEST(contains(retried.out, "sent (attempt 2): 250"), retried.out);
    BOOST_TEST(schedule({"run-due", "--now", "2026-03-01T07:00:00Z"}).out.empty());
    BOOST_TEST(server.messages().size() == 1u);
    BOOST_TEST(history()[0].at("delivery").at("status") == "sent");
}

BOOST_AUTO_TEST_CASE(recipients_refused_among_others_are_named_and_the_others_get_the_message) {
    SmtpServerOptions refusing;
    refusing.refuse_rcpt = {"archive@example.org"};
    SmtpTestServer server(mail(), refusing);
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "sent (attempt 1): 250"), r.out);
    BOOST_TEST(contains(r.out, "; refused: archive@example.org (550 5.1.1 no such user)"), r.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    BOOST_TEST(message(server.messages()[0]).at("envelope").at("rcpt_tos") ==
               nlohmann::json({"focal-points@example.org", "zoe@example.org"}));
    const auto delivery = history()[0].at("delivery");
    BOOST_TEST(delivery.at("status") == "sent");
    BOOST_TEST(contains(delivery.at("reply").get<std::string>(), "refused: archive@example.org (550 5.1.1 no such user)"),
               delivery.dump());
}

BOOST_AUTO_TEST_CASE(two_run_due_calls_at_the_occurrence_send_one_message) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + kRosterJob);
    RunResult first, second;
    std::thread a([&] { first = schedule({"run-due", "--now", kMarch}); });
    std::thread b([&] { second = schedule({"run-due", "--now", kMarch}); });
    a.join();
    b.join();
    BOOST_TEST(first.exit_code == 0, first.err);
    BOOST_TEST(second.exit_code == 0, second.err);
    BOOST_TEST(server.messages().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_file_changed_since_the_run_is_reported_not_sent) {
    const int port = closed_port();
    write_schedule(smtp_table(port) + kRosterJob);
    BOOST_TEST(schedule({"run-due", "--now", kMarch}).exit_code == 1);
    const fs::path xlsx = dir / "reports-out/rosters/member_roster-2026-03.xlsx";
    write_text(xlsx, "not the workbook the run wrote");
    SmtpTestServer server(mail(), {port, {}, {}, {}, {}, 0});
    const auto r = schedule({"run-due", "--now", "2026-03-01T05:05:00Z"});
    BOOST_TEST(contains(r.out, "changed since the run"), r.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    const auto m = message(server.messages()[0]);
    BOOST_TEST(m.at("attachments").empty());
    BOOST_TEST(contains(m.at("body").get<std::string>(), "changed since the run"));
}

BOOST_AUTO_TEST_CASE(over_the_size_limit_or_with_attach_false_the_outputs_are_listed) {
    SmtpTestServer server(mail());
    std::string job = kRosterJob;
    write_schedule(smtp_table(server.port(), "max_message_bytes = 4096\n") + job);
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "over the limit of 4096; they are listed instead"), r.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    const auto m = message(server.messages()[0]);
    BOOST_TEST(m.at("attachments").empty());
    BOOST_TEST(contains(m.at("body").get<std::string>(), "member_roster-2026-03.xlsx ("), m.at("body"));

    job.replace(job.find("subject ="), 0, "attach = false, ");
    write_schedule(smtp_table(server.port()) + job);
    const auto resent = schedule({"deliver", "monthly-roster"});
    BOOST_TEST(resent.exit_code == 0, resent.out << resent.err);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 2u);
    const auto listed = message(server.messages()[1]);
    BOOST_TEST(listed.at("attachments").empty());
    BOOST_TEST(listed.at("message_id") == m.at("message_id"));  // a resend of the same occurrence
    BOOST_TEST(contains(listed.at("body").get<std::string>(), "The outputs, on the machine that ran the job:"));
}

BOOST_AUTO_TEST_CASE(a_subject_beyond_ascii_arrives_as_written) {
    SmtpTestServer server(mail());
    std::string job = kRosterJob;
    const std::string subject = "Liste des membres de l’ASEM – {date:%Y-%m} – Zoë Wójcik, Ελλάδα, 日本, 한국";
    job.replace(job.find("ASEM member roster, {date:%B %Y}"), 32, subject);
    write_schedule(smtp_table(server.port()) + job);
    BOOST_TEST_REQUIRE(schedule({"run-due", "--now", kMarch}).exit_code == 0);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    BOOST_TEST(message(server.messages()[0]).at("subject") ==
               "Liste des membres de l’ASEM – 2026-03 – Zoë Wójcik, Ελλάδα, 日本, 한국");
}

BOOST_AUTO_TEST_CASE(the_body_holds_the_report_summary_or_the_audit_findings) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + R"([[job]]
name = "profile"
cron = "0 6 * * *"
report = "forum_profile"
formats = ["csv"]
email = { to = ["x@example.org"] }
[[job]]
name = "audit"
cron = "0 6 * * *"
report = "audit"
formats = ["json"]
email = { to = ["x@example.org"], subject = "audit {date}" }
)");
    const auto r = schedule({"run-due", "--now", "2026-03-01T06:00:00Z"});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 2u);
    const std::string profile = message(server.messages()[0]).at("body");
    BOOST_TEST(contains(profile, "Directors-general conferences held regularly since March 2003."), profile);
    const auto audit = message(server.messages()[1]);
    BOOST_TEST(audit.at("subject") == "audit 2026-03-01");
    const std::string findings = audit.at("body");
    BOOST_TEST(contains(findings, " checks: "), findings);
    BOOST_TEST(contains(findings, "  drift  declared.eu_states  "), findings);  // a check that did not pass
    BOOST_TEST(!contains(findings, "  pass  "), findings);
    BOOST_TEST(audit.at("attachments")[0].at("content_type") == "application/json");
}

BOOST_AUTO_TEST_CASE(deliver_resends_an_occurrence_on_request) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + kRosterJob);
    BOOST_TEST_REQUIRE(schedule({"run-due", "--now", kMarch}).exit_code == 0);
    const auto r = schedule({"deliver", "monthly-roster", "--occurrence", kMarch});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "sent (attempt 2)"), r.out);
    BOOST_TEST(server.messages().size() == 2u);
    const auto none = schedule({"deliver", "monthly-roster", "--occurrence", "2026-04-01T04:00:00Z"});
    BOOST_TEST(none.exit_code == 2);
    BOOST_TEST(count_lines(none.err) == 1, none.err);
}

BOOST_AUTO_TEST_CASE(starttls_with_auth_trusts_the_test_ca_through_ca_file_only) {
    make_test_certificates(dir / "certs");
    SmtpTestServer server(mail(), {0, dir / "certs", "reports", kPassword, {}, 0});
    const std::map<std::string, std::string> env{{"ASEMDB_SMTP_PASSWORD", kPassword}};
    const std::string login = "username = \"reports\"\npassword_env = \"ASEMDB_SMTP_PASSWORD\"\n";
    auto starttls = [&](const std::string& extra) { return smtp_table(server.port(), login + extra, "starttls"); };

    // Without ca_file the system's CAs do not know the test's: one line, exit 1.
    write_schedule(starttls("") + kRosterJob);
    const auto untrusted = schedule({"test-email", "--to", "someone@example.org"}, env);
    BOOST_TEST(untrusted.exit_code == 1, untrusted.out << untrusted.err);
    BOOST_TEST(count_lines(untrusted.err) == 1, untrusted.err);
    BOOST_TEST(contains(untrusted.err, "certificate"), untrusted.err);
    const auto pending = schedule({"run-due", "--now", kMarch}, env);
    BOOST_TEST(pending.exit_code == 1, pending.out << pending.err);
    BOOST_TEST(contains(pending.out, "pending"), pending.out);
    BOOST_TEST(server.messages().empty());

    write_schedule(starttls("ca_file = \"certs/ca.pem\"\n") + kRosterJob);
    const auto test = schedule({"test-email", "--to", "someone@example.org"}, env);
    BOOST_TEST(test.exit_code == 0, test.out << test.err);
    BOOST_TEST(contains(test.out, "test email sent to someone@example.org via 127.0.0.1:"), test.out);
    BOOST_TEST(contains(test.out, "the server answered: 250"), test.out);
    const auto sent = schedule({"run-due", "--now", "2026-03-01T05:02:00Z"}, env);
    BOOST_TEST(sent.exit_code == 0, sent.out << sent.err);
    BOOST_TEST(server.messages().size() == 2u);

    // A wrong password: refused by the server, and neither password shows anywhere.
    const auto wrong = schedule({"test-email"}, {{"ASEMDB_SMTP_PASSWORD", "wrong-password-9921"}});
    BOOST_TEST(wrong.exit_code == 1, wrong.out << wrong.err);
    BOOST_TEST(count_lines(wrong.err) == 1, wrong.err);

    std::string everything = untrusted.out + untrusted.err + pending.out + pending.err + test.out + test.err +
                             sent.out + sent.err + wrong.out + wrong.err;
    for (const char* format : {"text", "json", "csv"}) {
        const auto h = schedule({"history", "--format", format});
        everything += h.out + h.err;
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
        if (entry.is_regular_file() && entry.path().parent_path() != mail()) everything += read_bytes(entry.path());
    BOOST_TEST(!contains(everything, kPassword));
    BOOST_TEST(!contains(everything, "wrong-password-9921"));
}

BOOST_AUTO_TEST_CASE(test_email_reports_the_server_answer) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const auto r = schedule({"test-email", "--to", "Check <check@example.org>"});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "the server answered: 250 2.0.0 stored as 001"), r.out);
    BOOST_REQUIRE_EQUAL(server.messages().size(), 1u);
    BOOST_TEST(message(server.messages()[0]).at("envelope").at("rcpt_tos") == nlohmann::json({"check@example.org"}));
    const auto bad = schedule({"test-email", "--to", "not an address"});
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(count_lines(bad.err) == 1, bad.err);
    server.stop();
    const auto down = schedule({"test-email"});
    BOOST_TEST(down.exit_code == 1);
    BOOST_TEST(count_lines(down.err) == 1, down.err);
}

// libcurl is loaded when mail is first sent: a library that cannot be loaded is
// that send's failure, said in one line, and nothing else is touched.
BOOST_AUTO_TEST_CASE(a_libcurl_that_cannot_be_loaded_fails_the_send_in_one_line) {
    SmtpTestServer server(mail());
    write_schedule(smtp_table(server.port()) + kRosterJob);
    const fs::path broken = dir / "broken-lib";
    fs::create_directory(broken);
    write_text(broken / "libcurl.so.4", "not a shared library\n");
    const std::string db_before = read_bytes(dir / "asem.db");
    const auto r = schedule({"test-email", "--to", "check@example.org"}, {{"LD_LIBRARY_PATH", broken.string()}});
    BOOST_TEST(r.exit_code == 1, r.out << r.err);
    BOOST_TEST(count_lines(r.out + r.err) == 1, r.out << r.err);
    BOOST_TEST(contains(r.out + r.err, "not sent: cannot load libcurl.so.4: "), r.out << r.err);
    BOOST_TEST(server.messages().empty());
    BOOST_TEST(read_bytes(dir / "asem.db") == db_before);
    // The same command with the system's libcurl sends.
    const auto sent = schedule({"test-email", "--to", "check@example.org"});
    BOOST_TEST(sent.exit_code == 0, sent.out << sent.err);
    BOOST_TEST(server.messages().size() == 1u);
}

// Each: the schedule text (after [smtp] on lines 1-6 and the job), the line named, the words.
struct BadEmail {
    std::string security;    // [smtp] line 4
    std::string smtp_extra;  // appended to [smtp], from line 7
    std::string email;       // the job's email value
    std::string where;
    std::string what;
};

std::ostream& operator<<(std::ostream& out, const BadEmail& b) { return out << b.what; }

const BadEmail kBadEmail[] = {
    {"none", "", R"({ to = ["focal-points.example.org"] })", "schedule.toml:13:", "has no '@'"},
    {"none", "", R"({ to = ["a@b@example.org"] })", "schedule.toml:13:", "address"},
    {"none", "", R"({ to = ["Name <x@example.org"] })", "schedule.toml:13:", "write one address"},
    {"none", "", R"({ to = ["x@exa mple.org"] })", "schedule.toml:13:", "address"},
    {"none", "", R"({ to = ["x@-example.org"] })", "schedule.toml:13:", "not a host name"},
    {"none", "", R"({ to = ["x@example.org, y@example.org"] })", "schedule.toml:13:", "address"},
    {"none", "", R"({ to = ["x@example.org"], cc = ["bad"] })", "schedule.toml:13:", "has no '@'"},
    {"none", "", R"({ to = [] })", "schedule.toml:13:", "at least one recipient"},
    {"none", "", R"({ to = ["x@example.org"], subject = "roster {month}" })", "schedule.toml:13:", "unknown placeholder"},
    {"none", "", R"({ to = ["x@example.org"], attach = "yes" })", "schedule.toml:13:", "'attach' must be true or false"},
    {"none", "", R"({ to = ["x@example.org"], reply_to = "x@example.org" })", "schedule.toml:13:", "unknown key 'reply_to'"},
    {"none", "", R"("x@example.org")", "schedule.toml:13:", "'email' must be a table"},
    {"ssl", "", R"({ to = ["x@example.org"] })", "schedule.toml:4:", "unknown security 'ssl'"},
    {"tls", "username = \"u\"\npassword_env = \"ASEMDB_TEST_UNSET_VARIABLE\"\n", R"({ to = ["x@example.org"] })",
     "schedule.toml:8:", "'ASEMDB_TEST_UNSET_VARIABLE' (password_env) is not set"},
    {"none", "username = \"u\"\npassword_env = \"HOME\"\n", R"({ to = ["x@example.org"] })", "schedule.toml:7:",
     "authentication over an unencrypted connection is refused"},
    {"none", "password = \"hunter2\"\n", R"({ to = ["x@example.org"] })", "schedule.toml:7:", "password is never written"},
    {"tls", "username = \"u\"\n", R"({ to = ["x@example.org"] })", "schedule.toml:7:", "needs password_env"},
    {"none", "ca_file = \"missing.pem\"\n", R"({ to = ["x@example.org"] })", "schedule.toml:7:", "cannot read ca_file"},
    {"none", "max_message_bytes = 10\n", R"({ to = ["x@example.org"] })", "schedule.toml:7:",
     "'max_message_bytes' must be a whole number from 1024"},
};

BOOST_DATA_TEST_CASE_F(EmailCli, a_bad_email_setting_is_a_schedule_error_with_its_line, data::make(kBadEmail), bad) {
    // [smtp] is lines 1-6, extras from 7; the job's email is its line 13 when there are no extras.
    std::string text = smtp_table(2525, bad.smtp_extra, bad.security);
    const std::string job = R"([[job]]
name = "j"
cron = "0 6 * * *"
report = "member_roster"
formats = ["xlsx"]
email = )" + bad.email + "\n";
    // Pad so that the job's email is on line 13 whatever the extras.
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (int n = lines; n < 7; ++n) text += "\n";
    write_schedule(text + job);
    const auto r = schedule({"run-due", "--now", kMarch}, {{"HOME", "/root"}});
    BOOST_TEST_MESSAGE("stderr: " << r.err);
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(count_lines(r.err) == 1, r.err);
    BOOST_TEST(contains(r.err, bad.where), r.err);
    BOOST_TEST(contains(r.err, bad.what), r.err);
    BOOST_TEST(!contains(r.err, "hunter2"));
    BOOST_TEST(r.out.empty());
    BOOST_TEST(!fs::exists(dir / "asem.history.db"));
    BOOST_TEST(!fs::exists(dir / "reports-out"));
}

BOOST_AUTO_TEST_CASE(email_without_an_smtp_table_is_a_schedule_error) {
    write_schedule(std::string(kRosterJob));
    const auto r = schedule({"run-due", "--now", kMarch});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(count_lines(r.err) == 1, r.err);
    BOOST_TEST(contains(r.err, "schedule.toml:9: job 'monthly-roster' has 'email' but the file has no [smtp] table"), r.err);
    BOOST_TEST(!fs::exists(dir / "asem.history.db"));
}

BOOST_AUTO_TEST_CASE(deliver_and_test_email_refuse_bad_input_and_write_nothing) {
    write_schedule(smtp_table(closed_port()) + kRosterJob + "[[job]]\nname = \"quiet\"\ncron = \"0 6 * * *\"\n"
                                                            "report = \"member_roster\"\n");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"deliver", "monthly-roster"}, "has not run yet"},
        {{"deliver", "nope"}, "no job 'nope'"},
        {{"deliver", "quiet"}, "job 'quiet' has no 'email'"},
        {{"deliver", "monthly-roster", "--occurrence", "yesterday"}, "expected a time such as"},
        {{"test-email", "--to", "two@example.org three@example.org"}, "--to: address"},
    };
    for (const auto& [args, what] : cases) {
        const auto r = schedule(args);
        BOOST_TEST(r.exit_code == 2, what);
        BOOST_TEST(count_lines(r.err) == 1, r.err);
        BOOST_TEST(contains(r.err, what), r.err);
        BOOST_TEST(r.out.empty(), r.out);
    }
    BOOST_TEST(!fs::exists(dir / "asem.history.db"));
    BOOST_TEST(!fs::exists(dir / "reports-out"));
    write_schedule("[[job]]\nname = \"quiet\"\ncron = \"0 6 * * *\"\nreport = \"member_roster\"\n");
    const auto none = schedule({"test-email"});
    BOOST_TEST(none.exit_code == 2);
    BOOST_TEST(contains(none.err, "no [smtp] table"), none.err);
}

// The documentation's configuration is one the schedule reader accepts as written.
BOOST_AUTO_TEST_CASE(the_documented_configuration_is_accepted) {
    const std::string doc = read_bytes(source_dir() / "docs/scheduling-email.md");
    const auto start = doc.find("```toml\n");
    BOOST_TEST_REQUIRE(start != std::string::npos);
    const auto end = doc.find("```", start + 8);
    write_schedule(doc.substr(start + 8, end - start - 8));
    const auto listed = schedule({"list", "--now", kMarch}, {{"ASEMDB_SMTP_PASSWORD", kPassword}});
    BOOST_TEST(listed.exit_code == 0, listed.out << listed.err);
    BOOST_TEST(contains(listed.out, "monthly-roster"), listed.out);
    BOOST_TEST(contains(listed.out, "weekly-audit"), listed.out);
    // Without the variable it names: a schedule error on password_env's line.
    ProcessOptions options = in_dir(dir.path());
    options.unset_env.push_back("ASEMDB_SMTP_PASSWORD");
    const auto unset = run_asemdb({"schedule", "list", "--db", db()}, options);
    BOOST_TEST(unset.exit_code == 2);
    BOOST_TEST(contains(unset.err, "schedule.toml:8: the environment variable 'ASEMDB_SMTP_PASSWORD' (password_env) is not set"),
               unset.err);
}

BOOST_AUTO_TEST_SUITE_END()
