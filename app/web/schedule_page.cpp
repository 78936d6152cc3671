// /schedule: the jobs of the schedule file, their next occurrences, and the
// recent runs with their deliveries. Reads the history; never writes it.

#include "web/pages.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/time.hpp"
#include "asemdb/schedule/delivery.hpp"
#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/schedule/scheduler.hpp"
#include "web/html.hpp"
#include "web/page_run.hpp"

#include <algorithm>

namespace asemdb::web {
namespace {

constexpr std::size_t kRecentRuns = 25;

Data job_data(const JobState& state) {
    const JobSpec& job = *state.job;
    Data data{Data::type::object};
    data.set("name", job.name);
    data.set("report", job.report);
    data.set("cron", job.cron.expression());
    data.set("zone", job.cron.zone_name());
    data.set("next", occurrence_text(job, state.next));
    data.set("last", state.last ? occurrence_text(job, state.last->scheduled) + ": " + to_string(state.last->status) : "never");
    if (state.last && !state.last->error.empty()) data.set("error", state.last->error);
    data.set("email", Data(job.email.has_value()));
    return data;
}

Data run_data(const RunRecord& run) {
    Data data{Data::type::object};
    data.set("job", run.job);
    data.set("scheduled", iso_utc(run.scheduled));
    data.set("status", to_string(run.status));
    data.set("counted", counted_text(run));
    data.set("error", text_or_false(run.error));
    if (run.delivery) {
        std::string delivery = to_string(run.delivery->status) + " (attempt " + std::to_string(run.delivery->attempts) + ")";
        if (!run.delivery->reply.empty()) delivery += ": " + run.delivery->reply;
        data.set("delivery", delivery);
    }
    return data;
}

}  // namespace

void schedule_page(Site& site, const httplib::Request&, httplib::Response& response) {
    Data data{Data::type::object};
    const auto& options = site.options();
    if (!options.schedule_file) {
        data.set("none", Data(true));
        send_html(response, 200, render_page("schedule", "Schedule", "schedule", data));
        return;
    }
    const Schedule schedule = load_schedule(*options.schedule_file);
    check_schedule(schedule, options.catalog);
    SystemClock clock;
    const SchedulerContext context{options.database, History::file_for(options.database), &options.catalog,
                                   options.sql_tree, &clock, std::nullopt};
    std::vector<Data> jobs;
    for (const auto& state : job_states(schedule, context)) jobs.push_back(job_data(state));
    data.set("file", options.schedule_file->string());
    data.set("jobs", list_of(jobs));
    std::vector<Data> runs;
    if (auto history = History::open_existing(context.history)) {
        auto all = runs_with_deliveries(*history, std::nullopt);
        std::reverse(all.begin(), all.end());
        if (all.size() > kRecentRuns) all.resize(kRecentRuns);
        for (const auto& run : all) runs.push_back(run_data(run));
    }
    data.set("runs", list_of(runs));
    data.set("any_runs", Data(!runs.empty()));
    send_html(response, 200, render_page("schedule", "Schedule", "schedule", data));
}

}  // namespace asemdb::web
