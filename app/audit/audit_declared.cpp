// The audit's declared counts: each is counted on the date it is taken to hold
// and on the audit's date, so a contradiction is told from drift, and drift is
// explained by the dated changes in the data between the two, by the rule a
// report's summary uses too (engine/declared_counts.hpp).

#include "asemdb/audit/audit.hpp"

#include "asemdb/store/connection.hpp"
#include "audit/audit_support.hpp"
#include "engine/declared_counts.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace asemdb::detail {
namespace {

struct Caveat {
    std::string topic, source_says, finding;
};

std::vector<Caveat> read_caveats(const Connection& conn) {
    std::vector<Caveat> out;
    SQLite::Statement query(conn.db(), "SELECT topic, source_says, finding FROM source_caveat ORDER BY caveat_id");
    while (query.executeStep())
        out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString()});
    return out;
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
    const auto declarations = read_declarations(conn.db(), as_of);
    const auto caveats = read_caveats(conn);
    std::vector<CheckResult> out;
    for (const auto& d : declarations) out.push_back(judge_declaration(conn, d, declarations, caveats, as_of));
    return out;
}

}  // namespace asemdb::detail
