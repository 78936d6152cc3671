// Email delivery's parts without a server: addresses, header text, the retry
// intervals, and the delivery records' claims in a real history file.

#include "schedule/delivery_store.hpp"
#include "mail/mail.hpp"
#include "support/fixtures.hpp"

#include "asemdb/base/error.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace asemdb;
using namespace asemdb::test;
namespace data = boost::unit_test::data;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const char* kBadAddresses[] = {"", "plain", "@example.org", "user@", "user@@example.org", "us er@example.org",
                               ".user@example.org", "user.@example.org", "us..er@example.org", "user@exa_mple.org",
                               "user@-example.org", "user@example-.org", "user@example..org", "a@b.org, c@d.org",
                               "Name <a@b.org", "Name a@b.org>", "<a@b.org> trailing", "Na\"me <a@b.org>",
                               "user\r\nBcc: x@y.org", "zoë@example.org", "Name <a@b.org><c@d.org>"};

TimePoint at(const char* iso) { return parse_iso_time(iso); }

// A history file with one scheduled run of "roster" claimed.
struct OneRun {
    OneRun() {
        RunRecord run;
        run.job = "roster";
        run.scheduled = run.started = at("2026-03-01T05:00:00Z");
        run.report = "member_roster";
        id = history.claim(run, run.started, minutes(30)).run.id;
    }
    TempDir dir;
    History history = History::open(dir / "asem.history.db");
    std::int64_t id = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(email)

BOOST_AUTO_TEST_CASE(addresses_are_read_with_or_without_a_name) {
    auto a = detail::parse_mail_address("focal-points@example.org");
    BOOST_TEST(a.address == "focal-points@example.org");
    BOOST_TEST(a.name.empty());
    a = detail::parse_mail_address("  ASEM Secretariat reports <reports@mail.example.org> ");
    BOOST_TEST(a.address == "reports@mail.example.org");
    BOOST_TEST(a.name == "ASEM Secretariat reports");
    a = detail::parse_mail_address("\"Wójcik, Zoë\" <zoe+asem@example.org>");
    BOOST_TEST(a.name == "Wójcik, Zoë");
    BOOST_TEST(detail::header_address(a) == "=?UTF-8?B?V8OzamNpaywgWm/Dqw==?= <zoe+asem@example.org>");
    BOOST_TEST(detail::header_address(detail::parse_mail_address("x@localhost")) == "<x@localhost>");
}

BOOST_DATA_TEST_CASE(a_malformed_address_is_refused, data::make(kBadAddresses), text) {
    BOOST_CHECK_THROW(detail::parse_mail_address(text), Error);
}

BOOST_AUTO_TEST_CASE(header_text_is_encoded_only_when_not_ascii_and_cut_between_characters) {
    BOOST_TEST(detail::header_text("ASEM member roster, March 2026") == "ASEM member roster, March 2026");
    std::string accents;
    for (int i = 0; i < 60; ++i) accents += "é";  // 120 bytes
    const std::string encoded = detail::header_text(accents);
    std::size_t words = 0, start = 0;
    while (start < encoded.size()) {
        const auto end = std::min(encoded.find(' ', start), encoded.size());
        const std::string word = encoded.substr(start, end - start);
        BOOST_TEST(word.rfind("=?UTF-8?B?", 0) == 0u);
        BOOST_TEST(word.size() <= 75u, word);  // RFC 2047's limit on an encoded word
        ++words;
        start = end + 1;
    }
    BOOST_TEST(words == 3u);  // 44 + 44 + 32 bytes: never half a character
}

BOOST_AUTO_TEST_CASE(retries_wait_longer_each_time_up_to_an_hour) {
    const int expected[] = {1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60};
    for (int n = 1; n <= 11; ++n) BOOST_TEST(detail::retry_delay(n) == minutes(expected[n - 1]), "attempt " << n);
}

BOOST_FIXTURE_TEST_CASE(a_delivery_is_claimed_once_retried_when_due_and_failed_after_the_last_attempt, OneRun) {
    detail::DeliveryStore store(history);
    const TimePoint t0 = at("2026-03-01T05:00:05Z");
    const auto first = store.create(id, "<roster.20260301T050000Z@asemdb.example.org>", "body", t0);
    // Held by this (live) process: nobody else may take it, even forced.
    BOOST_TEST(!store.claim(id, t0 + minutes(60), t0 + minutes(60), minutes(30), true));

    auto record = store.record_attempt(first.run_id, detail::AttemptOutcome::Failed, "Couldn't connect to server", t0, t0);
    BOOST_TEST(to_string(record.status) == "pending");
    BOOST_TEST(record.attempts == 1);
    BOOST_TEST(iso_utc(*record.next_attempt) == "2026-03-01T05:01:05Z");
    BOOST_TEST(store.unfinished() == std::vector<std::int64_t>{id});
    BOOST_TEST(!store.claim(id, t0, t0 + seconds(59), minutes(30), false));  // not due yet
    const auto again = store.claim(id, t0, t0 + seconds(60), minutes(30), false);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(again->body == "body");
    BOOST_TEST(again->record.message_id == "<roster.20260301T050000Z@asemdb.example.org>");
    BOOST_TEST(!store.claim(id, t0, t0 + minutes(600), minutes(30), false));  // being sent

    TimePoint now = t0;
    for (int n = 2; n <= detail::kMaxDeliveryAttempts; ++n) {
        record = store.record_attempt(id, detail::AttemptOutcome::Failed, "554 refused", now, now);
        now += detail::retry_delay(n);
    }
    BOOST_TEST(to_string(record.status) == "failed");
    BOOST_TEST(record.attempts == detail::kMaxDeliveryAttempts);
    BOOST_TEST(!record.next_attempt.has_value());
    BOOST_TEST(store.unfinished().empty());
    BOOST_TEST(!store.claim(id, now, now + minutes(600), minutes(30), false));
    BOOST_TEST_REQUIRE(store.claim(id, now, now, minutes(30), true).has_value());  // schedule deliver
    record = store.record_attempt(id, detail::AttemptOutcome::Sent, "250 2.0.0 OK", now, now);
    BOOST_TEST(to_string(record.status) == "sent");
    BOOST_TEST(record.reply == "250 2.0.0 OK");

    std::vector<RunRecord> runs = history.runs(std::nullopt);
    BOOST_TEST(!runs[0].delivery.has_value());
    store.attach_to(runs);
    BOOST_TEST_REQUIRE(runs[0].delivery.has_value());
    BOOST_TEST(runs[0].delivery->attempts == detail::kMaxDeliveryAttempts + 1);
}

BOOST_FIXTURE_TEST_CASE(a_refused_attempt_fails_the_delivery_at_once, OneRun) {
    detail::DeliveryStore store(history);
    const TimePoint t0 = at("2026-03-01T05:00:05Z");
    store.create(id, "<roster@asemdb.example.org>", "body", t0);
    const auto record =
        store.record_attempt(id, detail::AttemptOutcome::Refused, "RCPT failed: 550 (server: 550 5.1.1 no such user)", t0, t0);
    BOOST_TEST(to_string(record.status) == "failed");
    BOOST_TEST(record.attempts == 1);
    BOOST_TEST(!record.next_attempt.has_value());
    BOOST_TEST(record.reply == "RCPT failed: 550 (server: 550 5.1.1 no such user)");
    BOOST_TEST(store.unfinished().empty());
    BOOST_TEST(!store.next_attempt().has_value());
}

BOOST_FIXTURE_TEST_CASE(a_delivery_whose_sender_died_is_taken_over_after_the_claim_timeout, OneRun) {
    detail::DeliveryStore store(history);
    const TimePoint t0 = at("2026-03-01T05:00:05Z");
    store.create(id, "<roster@asemdb.example.org>", "body", t0);
    {
        // A process of this host that no longer exists holds it.
        SQLite::Database db((dir / "asem.history.db").string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE delivery SET pid = 2147483000");
    }
    BOOST_TEST(!store.next_attempt().has_value());
    BOOST_TEST(!store.claim(id, t0 + minutes(29), t0 + minutes(29), minutes(30), false));
    BOOST_TEST(store.claim(id, t0 + minutes(31), t0 + minutes(31), minutes(30), false).has_value());
    store.record_attempt(id, detail::AttemptOutcome::Failed, "timed out", t0 + minutes(31), t0 + minutes(31));
    BOOST_TEST(iso_utc(*store.next_attempt()) == "2026-03-01T05:32:05Z");
}

BOOST_AUTO_TEST_SUITE_END()
