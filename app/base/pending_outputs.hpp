#pragma once
// The outputs not yet moved into place, as the signal-watching thread
// (interrupt.cpp) needs them: AtomicOutput and PendingFile register their
// temporary files here.

namespace asemdb::detail {

/// Takes the lock that creating, committing and removing an output take, for
/// good: from here every output is either in place, and stays, or pending.
void hold_pending_outputs() noexcept;

/// Removes the temporary file of every output not committed, and those of
/// libxlsxwriter's still open under their names in an output's directory.
/// REQUIRES: hold_pending_outputs() was called, and the other threads are
/// stopped (one could create a file after the removal).
void remove_pending_outputs() noexcept;

}  // namespace asemdb::detail
