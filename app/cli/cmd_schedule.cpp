// asemdb schedule list | run-due | run JOB | history | serve | deliver JOB | test-email:
// reports on a schedule.

#include "commands.hpp"

#include "asemdb/schedule/delivery.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/schedule/history.hpp"
#include "asemdb/schedule/history_render.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/schedule/scheduler.hpp"

#include <fmt/core.h>

#include <iostream>


namespace asemdb::cli {
namespace {
namespace fs = std::filesystem;

struct ScheduleOptions {
    std::string schedule;  ///< --schedule; default schedule.toml beside the database
    std::string now;       ///< --now
    bool dry_run = false;
    bool verbose = false;
    std::string job;
    std::string format = "text";
    std::string occurrence;  ///< deliver --occurrence
    std::string to;          ///< test-email --to
};

// Everything a subcommand needs, read and checked before anything runs.
struct Loaded {
    Schedule schedule;
    ReportCatalog catalog;
    SystemClock clock;
    SchedulerContext context;
};

std::unique_ptr<Loaded> load(const GlobalOptions& global, const ScheduleOptions& options, int wake_fd = -1) {
    const fs::path db = global.db();
    const fs::path file = options.schedule.empty() ? default_schedule_file(db) : fs::path(options.schedule);
    auto schedule = load_schedule(file);
    auto catalog = global.catalog();
    check_schedule(schedule, catalog);
    // Braces, not make_unique: parenthesised aggregate initialisation is newer than clang 14.
    auto loaded = std::unique_ptr<Loaded>(
        new Loaded{std::move(schedule), std::move(catalog), SystemClock(wake_fd), SchedulerContext{}});
    loaded->context = {db, History::file_for(db), &loaded->catalog, &global.sql_tree(), &loaded->clock, std::nullopt};
    if (!options.now.empty()) loaded->context.now = parse_iso_time(options.now);
    refuse_database_outputs(loaded->schedule, loaded->catalog, db, loaded->context.now.value_or(loaded->clock.now()));
    return loaded;
}

void require_database(const Loaded& loaded) {
    std::error_code ec;
    if (!fs::is_regular_file(loaded.context.database, ec))
        throw Error::io(loaded.context.database, "no such database (run 'asemdb init' to create it)");
}

// One line per attempt: "monthly-roster: email for ...: sent (attempt 1): 250 OK".
void print_delivery(const JobSpec& job, const JobResult& r) {
    if (!r.delivery || !r.delivery->attempted) return;
    const DeliveryRecord& d = r.delivery->record;
    std::string state = to_string(d.status);
    if (d.status == DeliveryStatus::Pending && d.next_attempt) state += ", retried from " + iso_utc(*d.next_attempt);
    if (d.status == DeliveryStatus::Failed) state += " for good";  // refused by the server, or the last attempt allowed
    fmt::print("{}: email for {}: {} (attempt {}): {}\n", r.job, occurrence_text(job, r.scheduled), state, d.attempts, d.reply);
    for (const auto& note : r.delivery->notes) fmt::print("  email: {}\n", note);
}

void print_result(const Schedule& schedule, const JobResult& r) {
    const JobSpec& job = *schedule.find(r.job);
    const std::string missed =
        r.missed == 0 ? ""
                      : fmt::format("; {}{} missed occurrence{} skipped, ran once for the latest", r.missed,
                                    r.missed >= kMissedCountLimit ? " or more" : "", r.missed == 1 ? "" : "s");
    switch (r.action) {
        case JobAction::NotDue:
            fmt::print("{}: not due; next {}\n", r.job, occurrence_text(job, r.scheduled));
            return;
        case JobAction::WouldRun:
            fmt::print("{}: due for {}; would run (dry run){}\n", r.job, occurrence_text(job, r.scheduled), missed);
            return;
        case JobAction::Taken:
            fmt::print("{}: the run for {} was already claimed by process {} on {} ({})\n", r.job, occurrence_text(job, r.scheduled),
                       r.run.pid, r.run.host, to_string(r.run.status));
            return;
        case JobAction::Delivered:
            print_delivery(job, r);
            return;
        case JobAction::Ran: break;
    }
    const char* how = r.run.trigger == RunTrigger::Manual ? "ran now" : "ran for";
    fmt::print("{}: {} {}: {}, {}{}{}\n", r.job, how, occurrence_text(job, r.scheduled), to_string(r.run.status), counted_text(r.run),
               r.recovered ? " (took over a stale claim)" : "", missed);
    for (const auto& out : r.run.outputs) fmt::print("  wrote {} ({} bytes)\n", out.path, out.size);
    if (!r.run.error.empty()) fmt::print("  error: {}\n", r.run.error);
    print_delivery(job, r);
}

int list(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto loaded = load(global, options);
    for (const auto& state : job_states(loaded->schedule, loaded->context)) {
        const JobSpec& job = *state.job;
        fmt::print("{}  {}  '{}' in {}\n", job.name, job.report, job.cron.expression(), job.cron.zone_name());
        if (state.last)
            fmt::print("  last run   for {}: {}{}\n", occurrence_text(job, state.last->scheduled), to_string(state.last->status),
                       state.last->error.empty() ? "" : " (" + state.last->error + ")");
        else
            fmt::print("  last run   never\n");
        fmt::print("  next run   {}\n", occurrence_text(job, state.next));
    }
    return kExitOk;
}

int run_due_command(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto loaded = load(global, options);
    require_database(*loaded);
    const auto results = run_due(loaded->schedule, loaded->context, options.dry_run);
    for (const auto& r : results)
        if (r.action != JobAction::NotDue || options.dry_run || options.verbose) print_result(loaded->schedule, r);
    return worst_exit_code(results);
}

int run_one(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto loaded = load(global, options);
    require_database(*loaded);
    const auto result = run_job_now(loaded->schedule, loaded->context, options.job);
    print_result(loaded->schedule, result);
    return worst_exit_code({result});
}

int deliver_command(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto loaded = load(global, options);
    const std::optional<TimePoint> occurrence =
        options.occurrence.empty() ? std::nullopt : std::optional<TimePoint>(parse_iso_time(options.occurrence));
    const auto result = redeliver(loaded->schedule, loaded->context, options.job, occurrence);
    print_result(loaded->schedule, result);
    return worst_exit_code({result});
}

int test_email(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto loaded = load(global, options);
    const auto result = send_test_email(loaded->schedule, options.to.empty() ? std::nullopt : std::optional(options.to),
                                        loaded->clock.now());
    const SmtpSettings& smtp = *loaded->schedule.smtp;
    if (!result.sent) {
        fmt::print(stderr, "test email to {} via {}:{} ({}) not sent: {}\n", result.to, smtp.host, smtp.port,
                   to_string(smtp.security), result.reply);
        return kExitCheckFailed;
    }
    fmt::print("test email sent to {} via {}:{} ({}); the server answered: {}\n", result.to, smtp.host, smtp.port,
               to_string(smtp.security), result.reply);
    return kExitOk;
}

int history(const GlobalOptions& global, const ScheduleOptions& options) {
    const auto format = parse_format(options.format, kHistoryFormats);
    if (!format)
        throw Error::usage("unknown format '" + options.format + "'; use " + format_names(kHistoryFormats));
    const auto file = History::file_for(global.db());
    auto history = History::open_existing(file);
    std::vector<RunRecord> runs;
    if (history)
        runs = runs_with_deliveries(*history, options.job.empty() ? std::nullopt : std::optional<std::string>(options.job));
    Destination out = Destination::standard_output();
    render_history(runs, *format, out.stream());
    out.commit();
    return kExitOk;
}

int serve_command(const GlobalOptions& global, const ScheduleOptions& options) {
    install_stop_handlers();
    const auto loaded = load(global, options, stop_wake_fd());
    require_database(*loaded);
    fmt::print("serving {} job(s) from {}; stop with SIGTERM or Ctrl-C\n", loaded->schedule.jobs.size(),
               loaded->schedule.file.string());
    std::fflush(stdout);
    serve(
        loaded->schedule, loaded->context, [] { return stop_requested(); },
        [&](const JobResult& r) {
            print_result(loaded->schedule, r);
            std::fflush(stdout);
        },
        [](const JobSpec& job, TimePoint next) {
            fmt::print("next: {} at {}\n", job.name, occurrence_text(job, next));
            std::fflush(stdout);
        });
    fmt::print("stopped\n");
    return kExitOk;
}

}  // namespace

Command setup_schedule(CLI::App& app, GlobalOptions& global) {
    auto* schedule = app.add_subcommand("schedule", "Run reports on a schedule and keep their history");
    schedule->require_subcommand(1);
    auto options = std::make_shared<ScheduleOptions>();
    auto* list_cmd = schedule->add_subcommand("list", "Each job with its last run, its status and its next run");
    auto* due_cmd = schedule->add_subcommand("run-due", "Run every job that came due since its last run, once");
    auto* run_cmd = schedule->add_subcommand("run", "Run one job now");
    auto* history_cmd = schedule->add_subcommand("history", "Past runs: times, status, rows, files, errors");
    auto* serve_cmd = schedule->add_subcommand("serve", "Stay in the foreground and run jobs when they come due");
    auto* deliver_cmd = schedule->add_subcommand("deliver", "Send a run's email again: the latest run, or --occurrence");
    auto* test_cmd = schedule->add_subcommand("test-email", "Send a short message with the [smtp] settings");
    for (auto* cmd : {schedule, list_cmd, due_cmd, run_cmd, history_cmd, serve_cmd, deliver_cmd, test_cmd}) {
        global.add_to(*cmd);
        global.add_reports_dir_to(*cmd);
        cmd->add_option("--schedule", options->schedule, "The schedule file (default: schedule.toml beside the database)");
    }
    for (auto* cmd : {list_cmd, due_cmd, run_cmd, deliver_cmd})
        cmd->add_option("--now", options->now, "Act as if it were this time (ISO-8601 with Z or an offset)");
    due_cmd->add_flag("--dry-run", options->dry_run, "Say what is due without running or recording anything");
    due_cmd->add_flag("-v,--verbose", options->verbose, "Also list the jobs that are not due");
    run_cmd->add_option("job", options->job, "The job's name")->required();
    history_cmd->add_option("job", options->job, "Only this job's runs");
    history_cmd->add_option("--format", options->format, "text, json or csv (default text)");
    deliver_cmd->add_option("job", options->job, "The job's name")->required();
    deliver_cmd->add_option("--occurrence", options->occurrence, "The run for this occurrence (ISO-8601, as history shows)");
    test_cmd->add_option("--to", options->to, "The recipient (default: the sender, [smtp] from)");

    return {schedule, [&global, options, list_cmd, due_cmd, run_cmd, history_cmd, serve_cmd, deliver_cmd, test_cmd] {
                if (list_cmd->parsed()) return list(global, *options);
                if (due_cmd->parsed()) return run_due_command(global, *options);
                if (run_cmd->parsed()) return run_one(global, *options);
                if (history_cmd->parsed()) return history(global, *options);
                if (serve_cmd->parsed()) return serve_command(global, *options);
                if (deliver_cmd->parsed()) return deliver_command(global, *options);
                if (test_cmd->parsed()) return test_email(global, *options);
                return kExitOk;
            }};
}

}  // namespace asemdb::cli
