// /audit: every check of `asemdb audit`, run on request, within the page's
// time limit, on a read-only connection.

#include "web/pages.hpp"

#include "asemdb/audit/audit.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"
#include "asemdb/store/connection.hpp"
#include "web/html.hpp"
#include "web/page_run.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/core.h>
#include <sqlite3.h>

#include <chrono>

namespace asemdb::web {
namespace {

// Interrupts every statement of the audit once the deadline has passed or the
// server stops; the audit then ends quickly and its results are not shown.
struct Deadline {
    std::chrono::steady_clock::time_point at;
    const std::atomic<bool>* cancel = nullptr;
    bool passed = false;
    static int check(void* self) {
        auto* deadline = static_cast<Deadline*>(self);
        if (!deadline->passed)
            deadline->passed = deadline->cancel->load() || std::chrono::steady_clock::now() > deadline->at;
        return deadline->passed ? 1 : 0;
    }
};

constexpr CheckStatus kOrder[] = {CheckStatus::Fail, CheckStatus::Drift, CheckStatus::Warn, CheckStatus::Pass};

Data group(const AuditReport& report, CheckStatus status) {
    std::vector<Data> checks;
    for (const auto& result : report.checks) {
        if (result.status != status) continue;
        Data check{Data::type::object};
        check.set("id", result.id);
        check.set("title", result.title);
        check.set("detail", result.detail);
        if (result.offending > 0) check.set("offending", std::to_string(result.offending));
        checks.push_back(check);
    }
    Data data{Data::type::object};
    data.set("status", to_string(status));
    data.set("count", std::to_string(checks.size()));
    data.set("checks", list_of(checks));
    data.set("any", Data(!checks.empty()));
    return data;
}

}  // namespace

void audit_page(Site& site, const httplib::Request& request, httplib::Response& response) {
    const std::time_t now = now_or_source_date_epoch();
    const std::string given = request_value(request, "as_of");
    AuditOptions options;
    options.as_of = given.empty() ? local_date(now) : relative_date(given, local_date(now)).value_or(given);
    AuditReport report;
    const auto conn = Connection::open(site.options().database, OpenMode::ReadOnly);
    Site::Run run(site, &request);
    Deadline deadline{std::chrono::steady_clock::now() + site.options().page_timeout, &run.cancel()};
    sqlite3_progress_handler(conn.db().getHandle(), 10000, &Deadline::check, &deadline);
    report = run_audit(conn, *site.options().sql_tree, options, now);
    sqlite3_progress_handler(conn.db().getHandle(), 0, nullptr, nullptr);
    if (deadline.passed)
        throw HttpError{503, fmt::format("the audit did not finish within {} s and was stopped; run 'asemdb audit' "
                                         "instead",
                                         std::chrono::duration<double>(site.options().page_timeout).count())};
    Data data{Data::type::object};
    data.set("as_of", options.as_of);
    data.set("summary", fmt::format("{} checks: {} pass, {} drift, {} warn, {} fail.", report.checks.size(),
                                    report.count(CheckStatus::Pass), report.count(CheckStatus::Drift),
                                    report.count(CheckStatus::Warn), report.count(CheckStatus::Fail)));
    std::vector<Data> groups;
    for (const auto status : kOrder) groups.push_back(group(report, status));
    data.set("groups", list_of(groups));
    send_html(response, 200, render_page("audit", "Audit", "audit", data));
}

}  // namespace asemdb::web
