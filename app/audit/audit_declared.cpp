// The audit's declared counts: each is counted on the date it is taken to hold
// and on the audit's date, so a contradiction is told from drift, and drift is
// explained by the dated changes in the data between the two.

#include "asemdb/audit/audit.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "audit/audit_support.hpp"
#include "store/sql_script.hpp"
#include "store/statement.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <string_view>

namespace asemdb::detail {
namespace {

// Drift reasons list this many dated changes, and this many names per change.
constexpr std::size_t kMaxReasons = 5;
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

struct Declaration {
    std::string key, label, statement, holds_on, basis, query, source;
    std::int64_t declared = 0;
    std::int64_t then = 0;  // the data's count on holds_on
    std::int64_t now = 0;   // ... and on the audit's date
    std::string error;      // why the count query could not run
    bool holds() const { return error.empty() && then == declared; }
};

struct Caveat {
    std::string topic, source_says, finding;
};

std::vector<Declaration> read_declarations(const Connection& conn, const std::string& as_of) {
    std::vector<Declaration> out;
    SQLite::Statement query(conn.db(), "SELECT count_key, label, statement, holds_on, holds_on_basis, actual_query, source_key, "
                                       "declared_value FROM declared_count ORDER BY rowid");
    while (query.executeStep()) {
        Declaration d{query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                      query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getString(),
                      query.getColumn(6).getString(), query.getColumn(7).getInt64(), 0, 0, {}};
        try {
            CountQuery count(conn.db(), d.query);
            d.then = count.at(d.holds_on);
            d.now = count.at(as_of);
        } catch (const std::exception& e) {
            d.error = e.what();
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<Caveat> read_caveats(const Connection& conn) {
    std::vector<Caveat> out;
    SQLite::Statement query(conn.db(), "SELECT topic, source_says, finding FROM source_caveat ORDER BY caveat_id");
    while (query.executeStep())
        out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
    return out;
}

// A membership change the data dates: a bloc period's start or end, a member's joining year.
struct DatedEvent {
    std::string what, what_many, who, table;  // "left the EU on 2020-01-31", ..., "United Kingdom", "bloc_membership"
    std::int64_t rowid = 0;
};

// The events that first show on `day`.
struct DatedChange {
    std::string day, day_before;
    std::vector<DatedEvent> events;
};

constexpr const char* kDatedEvents = R"(
SELECT day, date(day, '-1 day'), what, what_many, who, tbl, rid FROM (
  SELECT date(b.end_date, '+1 day') AS day, 'left the ' || b.bloc_key || ' on ' || b.end_date AS what,
         'left the ' || b.bloc_key || ' on ' || b.end_date AS what_many,
         coalesce(c.name, 'country ' || b.country_id) AS who, 'bloc_membership' AS tbl, b.rowid AS rid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id WHERE b.end_date IS NOT NULL
  UNION ALL
  SELECT b.start_date, 'joined the ' || b.bloc_key || ' on ' || b.start_date,
         'joined the ' || b.bloc_key || ' on ' || b.start_date,
         coalesce(c.name, 'country ' || b.country_id), 'bloc_membership', b.rowid
    FROM bloc_membership b LEFT JOIN country c ON c.country_id = b.country_id
  UNION ALL
  SELECT m.joined_on, 'became an ASEM partner on ' || m.joined_on,
         'became ASEM partners on ' || m.joined_on,
         coalesce(c.name, o.name, 'member ' || m.member_id), 'forum_member', m.rowid
    FROM forum_member m LEFT JOIN country c ON c.country_id = m.country_id
    LEFT JOIN organisation o ON o.organisation_id = m.organisation_id)
 WHERE day > ?1 AND day <= ?2 ORDER BY day, what, who)";

std::vector<DatedChange> dated_changes(SQLite::Database& db, const std::string& after, const std::string& until) {
    std::vector<DatedChange> out;
    SQLite::Statement query(db, kDatedEvents);
    query.bind(1, after);
    query.bind(2, until);
    while (query.executeStep()) {
        if (out.empty() || out.back().day != query.getColumn(0).getString())
            out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), {}});
        out.back().events.push_back({query.getColumn(2).getString(), query.getColumn(3).getString(),
                                     query.getColumn(4).getString(), query.getColumn(5).getString(),
                                     query.getColumn(6).getInt64()});
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
    if (names.size() <= kMaxNames)
        return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
    return fmt::format("{} and {} others", fmt::join(names.begin(), names.begin() + kMaxNames, ", "),
                       names.size() - kMaxNames);
}

// "Cyprus, Czechia and 8 others joined the EU on 2004-05-01": events sharing a verb share a phrase.
std::string describe(const std::vector<const DatedEvent*>& events) {
    std::vector<std::string> phrases, names;
    for (std::size_t i = 0; i < events.size(); ++i) {
        names.push_back(events[i]->who);
        if (i + 1 < events.size() && events[i + 1]->what == events[i]->what) continue;
        phrases.push_back(name_list(names) + " " + (names.size() == 1 ? events[i]->what : events[i]->what_many));
        names.clear();
    }
    return fmt::format("{}", fmt::join(phrases, "; "));
}

// Why a count moved between two dates: the dated changes across which it moves.
std::string drift_reason(SQLite::Database& db, const Declaration& d, const std::string& as_of) {
    const auto [from, to] = std::minmax(d.holds_on, as_of);
    CountQuery count(db, d.query);
    std::vector<std::string> parts;
    std::int64_t explained = 0;
    for (const auto& change : dated_changes(db, from, to)) {
        const std::int64_t before = count.at(change.day_before), after = count.at(change.day);
        if (before == after) continue;
        explained += after - before;
        parts.push_back(fmt::format("{} ({} -> {})", describe(causes(db, d.query, change, after - before)), before, after));
    }
    if (parts.empty()) return "no dated change in the data explains it";
    std::string text = fmt::format("{}", fmt::join(parts.begin(), parts.begin() + std::min(parts.size(), kMaxReasons), "; "));
    if (parts.size() > kMaxReasons) text += fmt::format("; and {} more changes", parts.size() - kMaxReasons);
    if (explained != count.at(to) - count.at(from)) text += "; the rest has no dated cause in the data";
    return text;
}

std::string others_text(const std::vector<const Declaration*>& others) {
    std::vector<std::string> parts;
    for (const auto* o : others) parts.push_back(fmt::format("{} {}", o->key, o->declared));
    return fmt::format("{}", fmt::join(parts, ", "));
}

// The data contradicts `d` on its own date. It is the source contradicting itself
// (warn) when a caveat records the statement and every other declaration of the
// source holds, so the data is vouched for; otherwise the data is at fault (fail).
void judge_contradiction(CheckResult& r, const Declaration& d, const std::vector<Declaration>& all,
                         const std::vector<Caveat>& caveats, const std::string& as_of) {
    std::vector<const Declaration*> holding, broken;
    for (const auto& o : all)
        if (o.source == d.source && o.key != d.key) (o.holds() ? holding : broken).push_back(&o);
    const auto caveat = std::find_if(caveats.begin(), caveats.end(),
                                     [&](const Caveat& c) { return d.statement.find(c.source_says) != std::string::npos; });
    const std::string numbers = fmt::format("{} declared, but the data gives {} on {}, the date it holds on ({} on {})",
                                            d.declared, d.then, d.holds_on, d.now, as_of);
    if (broken.empty() && !holding.empty() && caveat != caveats.end()) {
        r.status = CheckStatus::Warn;
        r.detail = fmt::format("{}: the source contradicts itself; its other declarations ({}) hold on their dates "
                               "and agree with the data; caveat '{}': {}",
                               numbers, others_text(holding), caveat->topic, caveat->finding);
        return;
    }
    r.status = CheckStatus::Fail;
    r.detail = numbers;
    if (!broken.empty()) r.detail += "; the data also contradicts " + others_text(broken);
}

CheckResult judge_declaration(const Connection& conn, const Declaration& d, const std::vector<Declaration>& all,
                              const std::vector<Caveat>& caveats, const std::string& as_of) {
    CheckResult r = make_result("declared." + d.key, "declared", d.label);
    r.figures = {{"declared", d.declared}, {"holds_on", d.holds_on}, {"holds_on_basis", d.basis}, {"as_of", as_of}};
    if (!d.error.empty()) {
        r.status = CheckStatus::Fail;
        r.detail = fmt::format("{} declared; the count cannot be taken: {}", d.declared, d.error);
        return r;
    }
    r.figures.insert(r.figures.end(), {{"on_holds_on", d.then}, {"on_as_of", d.now}});
    if (d.then != d.declared) {
        judge_contradiction(r, d, all, caveats, as_of);
    } else if (d.now != d.declared) {
        r.status = CheckStatus::Drift;
        const std::string reason = drift_reason(conn.db(), d, as_of);
        r.detail = fmt::format("{} declared; holds on {} ({}) but not on {} ({}): {}", d.declared, d.holds_on, d.then,
                               as_of, d.now, reason);
        r.figures.push_back({"reason", reason});
    } else {
        r.detail = fmt::format("{} declared; holds on {} ({}) and on {} ({})", d.declared, d.holds_on, d.then, as_of, d.now);
    }
    return r;
}

}  // namespace

std::vector<CheckResult> declared_count_checks(const Connection& conn, const std::string& as_of) {
    const auto declarations = read_declarations(conn, as_of);
    const auto caveats = read_caveats(conn);
    std::vector<CheckResult> out;
    for (const auto& d : declarations) out.push_back(judge_declaration(conn, d, declarations, caveats, as_of));
    return out;
}

}  // namespace asemdb::detail
