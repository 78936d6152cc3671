#pragma once
// For the commands that stay in the foreground and stop by themselves
// (`schedule serve`, `web`): SIGTERM and SIGINT set a flag and make a pipe
// readable, which whatever waits (the scheduler's clock, the web view's
// watcher) polls; the command then ends its work and exits 0.

namespace asemdb::cli {

/// Installs the handlers. Throws Error{Io} when the pipe cannot be created.
/// REQUIRES: called once, after release_stop_signals().
void install_stop_handlers();
/// True once SIGTERM or SIGINT came.
bool stop_requested();
/// The end of the pipe that becomes readable when a stop is requested.
int stop_wake_fd();

}  // namespace asemdb::cli
