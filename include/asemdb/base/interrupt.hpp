#pragma once
// Ctrl-C (SIGINT) and SIGTERM (kill, timeout, systemd) stop a command at once,
// whatever it is doing: reading, rendering, or inside a library call that
// cannot be interrupted (libxlsxwriter's workbook_close, which compresses the
// workbook). A thread of its own takes the two signals; on one it removes the
// temporary file of every output not yet moved into place (AtomicOutput),
// writes `asemdb: interrupted` on standard error and ends the process with
// kExitInterrupted, abandoning the other threads where they are.
//
// What that leaves: an output already moved into place stays, complete; an
// earlier file at an output's path is untouched; a database transaction not
// committed is rolled back by SQLite (its journal or write-ahead log) when the
// database is next opened.

namespace asemdb {

/// The exit status of a command stopped by SIGINT or SIGTERM: the shell's for
/// Ctrl-C (128 + SIGINT), the same for both so that a script tests one number.
inline constexpr int kExitInterrupted = 130;

/// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it
/// starts later: a signal that comes now waits, pending, for stop_on_signals()
/// or release_stop_signals().
/// REQUIRES: called before the process starts any other thread (a thread
/// started earlier would take the signals with their default action).
void hold_stop_signals();

/// Starts the thread that takes SIGINT and SIGTERM, as described above; a
/// signal already pending is taken at once.
/// Throws std::system_error when the thread cannot be started.
/// REQUIRES: hold_stop_signals() was called; called at most once.
void stop_on_signals();

/// Unblocks SIGINT and SIGTERM in the calling thread, for a command that
/// handles them itself (`schedule serve`): a signal already pending then acts
/// at once, with its default action.
/// REQUIRES: hold_stop_signals() was called; stop_on_signals() was not.
void release_stop_signals();

}  // namespace asemdb
