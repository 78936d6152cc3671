// Declared counts and the reasons a count drifts from them (declared_counts.hpp).

#include "engine/declared_counts.hpp"

#include "engine/summary.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>

namespace asemdb::detail {
namespace {

// Drift reasons list this many dated changes (a reader's sentence fewer), and this many names per change.
constexpr std::size_t kMaxReasons = 5;
constexpr std::size_t kMaxProseReasons = 2;
constexpr std::size_t kMaxNames = 4;

// `sql` with `table` shadowed by a common table expression of the same name that
// leaves out the row bound to :audit_without: the query as if that row did not exist.
std::string shadowed(const std::string& sql, const std::string& table) {
    const std::string cte = fmt::format("{0} AS (SELECT * FROM main.{0} WHERE rowid <> :audit_without)", table);
    static const std::regex kWith(R"(^\s*WITH(\s+RECURSIVE)?\s+)", std::regex::icase);
    std::smatch with;
    if (std::regex_search(sql, with, kWith)) return with.str(0) + cte + ", " + with.suffix().str();
    return "WITH " + cte + " " + sql;
}

// A declaration's count query, bound to a date per call; with `without`, that
// table's row bound per call is left out.
class CountQuery {
 public:
    CountQuery(SQLite::Database& db, const std::string& sql, const std::string& without = {})
        : stmt_(db, without.empty() ? sql : shadowed(sql, without)),
          dated_(stmt_.getIndex(":as_of") != 0),
          shadow_(!without.empty()) {
        if (stmt_.getBindParameterCount() != static_cast<int>(dated_) + static_cast<int>(shadow_))
            throw std::runtime_error("the count query uses a parameter other than :as_of");
    }
    std::int64_t at(const std::string& date, std::int64_t without_rowid = 0) {
        stmt_.reset();
        if (dated_) stmt_.bind(":as_of", date);
        if (shadow_) stmt_.bind(":audit_without", without_rowid);
        if (!stmt_.executeStep()) throw std::runtime_error("the count query returns no row");
        return stmt_.getColumn(0).getInt64();
    }

 private:
    SQLite::Statement stmt_;
    bool dated_;
    bool shadow_;
};

// "2020-01-31" as people write it: "31 January 2020".
std::string day_in_words(const std::string& iso) {
    static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                            "July",    "August",   "September", "October", "November", "December"};
    if (iso.size() != 10) return iso;
    const int month = std::stoi(iso.substr(5, 2));
    if (month < 1 || month > 12) return iso;
    return fmt::format("{} {} {}", std::stoi(iso.substr(8, 2)), kMonths[month - 1], iso.substr(0, 4));
}

// A membership change the data dates: a bloc period's start or end, a member's joining day.
struct DatedEvent {
    std::string verb, who, who_in_prose, table;  // "left the EU", "United Kingdom", "the United Kingdom", "bloc_membership"
    bool plural_verb_differs = false;            // "became an ASEM partner" / "became ASEM partners"
    std::int64_t rowid = 0;
};

// The events that first show on `day`.
struct DatedChange {
    std::string day, day_before, day_of_event;  // day_of_event: the day the source dates (a last day for a departure)
    std::vector<DatedEvent> events;
};

// A name in a sentence: the country's short name, with "the" where it takes one.
constexpr const char* kDatedEvents = R"(
SELECT day, date(day, '-1 day'), event_day, verb, who, who_in_prose, tbl, rid FROM (
  SELECT date(b.end_date, '+1 day') AS day, b.end_date AS event_day, 'left the ' || b.bloc_key AS verb,
         coalesce(c.name, 'country ' || b.country_id) AS who,
         coalesce(p.name_in_prose, 'country ' || b.country_id) AS who_in_prose, 'bloc_membership' AS tbl, b.rowid AS rid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id
    LEFT JOIN country_in_prose p ON p.country_id = b.country_id WHERE b.end_date IS NOT NULL
  UNION ALL
  SELECT b.start_date, b.start_date, 'joined the ' || b.bloc_key, coalesce(c.name, 'country ' || b.country_id),
         coalesce(p.name_in_prose, 'country ' || b.country_id), 'bloc_membership', b.rowid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id
    LEFT JOIN country_in_prose p ON p.country_id = b.country_id
  UNION ALL
  SELECT m.joined_on, m.joined_on, 'became', coalesce(c.name, o.name, 'member ' || m.member_id),
         coalesce(p.name_in_prose, 'the ' || o.name, 'member ' || m.member_id), 'forum_member', m.rowid
    FROM forum_member m LEFT JOIN country c ON c.country_id = m.country_id
    LEFT JOIN country_in_prose p ON p.country_id = m.country_id
    LEFT JOIN organisation o ON o.organisation_id = m.organisation_id)
 WHERE day > ?1 AND day <= ?2 ORDER BY day, verb, who)";

std::vector<DatedChange> dated_changes(SQLite::Database& db, const std::string& after, const std::string& until) {
    std::vector<DatedChange> out;
    SQLite::Statement query(db, kDatedEvents);
    query.bind(1, after);
    query.bind(2, until);
    while (query.executeStep()) {
        if (out.empty() || out.back().day != query.getColumn(0).getString())
            out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(), {}});
        const std::string verb = query.getColumn(3).getString();
        out.back().events.push_back({verb, query.getColumn(4).getString(), query.getColumn(5).getString(),
                                     query.getColumn(6).getString(), verb == "became", query.getColumn(7).getInt64()});
    }
    return out;
}

// The events of `change` without which the count would not move by `delta`;
// all of them when the query cannot be asked that (or no single one matters).
std::vector<const DatedEvent*> causes(SQLite::Database& db, const std::string& sql, const DatedChange& change,
                                      std::int64_t delta) {
    std::vector<const DatedEvent*> out;
    try {
        std::map<std::string, CountQuery> without;
        for (const auto& e : change.events) {
            auto& count = without.try_emplace(e.table, db, sql, e.table).first->second;
            if (count.at(change.day, e.rowid) - count.at(change.day_before, e.rowid) != delta) out.push_back(&e);
        }
    } catch (const std::exception&) {
        out.clear();
    }
    if (out.empty())
        for (const auto& e : change.events) out.push_back(&e);
    return out;
}

std::string name_list(const std::vector<std::string>& names) {
    if (names.size() == 1) return names.front();
    // "and 1 other" says no more than the name itself.
    if (names.size() <= kMaxNames + 1)
        return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
    return fmt::format("{} and {} others", fmt::join(names.begin(), names.begin() + kMaxNames, ", "),
                       names.size() - kMaxNames);
}

// "left the EU on 2020-01-31"; "became ASEM partners on 8 October 2004".
std::string predicate(const DatedEvent& e, const std::string& day, bool many, ReasonStyle style) {
    std::string verb = e.verb;
    if (e.plural_verb_differs) verb = many ? "became ASEM partners" : "became an ASEM partner";
    if (style == ReasonStyle::Prose && verb == "joined the ASEAN") verb = "joined ASEAN";
    return verb + " on " + (style == ReasonStyle::Prose ? day_in_words(day) : day);
}

// "Cyprus, Czechia and 8 others joined the EU on 2004-05-01": events sharing a verb share a phrase.
std::string describe(const std::vector<const DatedEvent*>& events, const std::string& day, ReasonStyle style) {
    std::vector<std::string> phrases, names;
    for (std::size_t i = 0; i < events.size(); ++i) {
        names.push_back(style == ReasonStyle::Prose ? events[i]->who_in_prose : events[i]->who);
        if (i + 1 < events.size() && events[i + 1]->verb == events[i]->verb) continue;
        phrases.push_back(name_list(names) + " " + predicate(*events[i], day, names.size() > 1, style));
        names.clear();
    }
    return fmt::format("{}", fmt::join(phrases, "; "));
}

// The source's words on the date its counts hold on: "as of about the first half of 2018".
std::string source_date_words(SQLite::Database& db, const Declaration& d) {
    SQLite::Statement query(db, "SELECT snapshot_of FROM source WHERE source_key = ?1 AND snapshot_of IS NOT NULL");
    query.bind(1, d.source);
    return query.executeStep() ? "as of " + query.getColumn(0).getString() : "on " + day_in_words(d.holds_on);
}

// When the data's count equals what `d` declares: "from 4 October 2010 to 4 November 2012".
std::string when_declared_holds(SQLite::Database& db, const Declaration& d) {
    CountQuery count(db, d.query);
    std::vector<std::string> periods;
    std::optional<std::string> since;
    if (count.at("1996-02-29") == d.declared) since = "1996-02-29";
    for (const auto& change : dated_changes(db, "0000-01-01", "9999-12-31")) {
        const bool holds = count.at(change.day) == d.declared;
        if (holds && !since) since = change.day;
        if (!holds && since) {
            periods.push_back(fmt::format("from {} to {}", day_in_words(*since), day_in_words(change.day_before)));
            since.reset();
        }
    }
    if (since) periods.push_back("since " + day_in_words(*since));
    if (periods.empty()) return "a count the data gives on no date";
    return fmt::format("a count the data gives only {}", fmt::join(periods, " and "));
}

std::string reader_note(SQLite::Database& db, const Declaration& d, const std::string& as_of) {
    const std::string says = fmt::format("the source, {}, says {}", source_date_words(db, d), d.declared);
    if (d.then != d.declared) return says + ", " + when_declared_holds(db, d);
    return says + ": " + drift_reason(db, d, as_of, ReasonStyle::Prose);
}

}  // namespace

std::vector<Declaration> read_declarations(SQLite::Database& db, const std::string& as_of) {
    std::vector<Declaration> out;
    SQLite::Statement query(db, "SELECT count_key, label, statement, holds_on, holds_on_basis, actual_query, source_key, "
                                "declared_value FROM declared_count ORDER BY rowid");
    while (query.executeStep()) {
        Declaration d{query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                      query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getString(),
                      query.getColumn(6).getString(), query.getColumn(7).getInt64(), 0, 0, {}};
        try {
            CountQuery count(db, d.query);
            d.then = count.at(d.holds_on);
            d.now = count.at(as_of);
        } catch (const std::exception& e) {
            d.error = e.what();
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::string drift_reason(SQLite::Database& db, const Declaration& d, const std::string& as_of, ReasonStyle style) {
    const auto [from, to] = std::minmax(d.holds_on, as_of);
    CountQuery count(db, d.query);
    std::vector<std::string> parts;
    std::int64_t explained = 0;
    for (const auto& change : dated_changes(db, from, to)) {
        const std::int64_t before = count.at(change.day_before), after = count.at(change.day);
        if (before == after) continue;
        explained += after - before;
        const std::string what = describe(causes(db, d.query, change, after - before), change.day_of_event, style);
        parts.push_back(style == ReasonStyle::Prose ? what : fmt::format("{} ({} -> {})", what, before, after));
    }
    if (parts.empty()) return "no dated change in the data explains it";
    const std::size_t shown = std::min(parts.size(), style == ReasonStyle::Prose ? kMaxProseReasons : kMaxReasons);
    std::string text = fmt::format("{}", fmt::join(parts.begin(), parts.begin() + shown, "; "));
    if (parts.size() > shown)
        text += fmt::format("; and {} more change{}", parts.size() - shown, parts.size() - shown == 1 ? "" : "s");
    if (explained != count.at(to) - count.at(from)) text += "; the rest has no dated cause in the data";
    return text;
}

std::vector<QueryRows> declared_rows(SQLite::Database& db, const std::string& as_of) {
    std::vector<QueryRows> out;
    if (!db.tableExists("declared_count")) return out;
    for (const auto& d : read_declarations(db, as_of)) {
        if (!d.error.empty()) continue;
        std::optional<std::string> note;
        if (d.now != d.declared) note = reader_note(db, d, as_of);
        out.push_back({"declared_" + d.key, {"actual", "declared", "note"},
                       {{std::to_string(d.now), std::to_string(d.declared), note}}});
    }
    return out;
}

}  // namespace asemdb::detail
