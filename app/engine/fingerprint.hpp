#pragma once
// A run's database fingerprint, read beside the run: on a second connection
// pinned to the run's snapshot (ReadSnapshot::twin) in a thread of its own, so
// that it costs the export no wall time on a machine with a core to spare.

#include "asemdb/store/connection.hpp"

#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <thread>

namespace asemdb::detail {

class FingerprintTask {
 public:
    /// Starts reading the fingerprint of `twin` in a thread of its own; with
    /// no twin, get() reads `conn` itself. `stop` is asked on that thread now
    /// and then (it must be safe to call there): once it is true the read
    /// ends early and get() throws.
    FingerprintTask(const Connection& conn, const Connection* twin, std::function<bool()> stop);
    /// Stops the read if it still runs, and waits for its thread.
    ~FingerprintTask();
    FingerprintTask(const FingerprintTask&) = delete;
    FingerprintTask& operator=(const FingerprintTask&) = delete;

    /// The fingerprint (see database_fingerprint), once it is read; throws
    /// what the read threw.
    std::string get();

 private:
    static int interrupt(void* self);

    const Connection& conn_;
    const Connection* twin_;
    std::function<bool()> stop_;
    std::atomic<bool> abandoned_{false};
    std::string result_;
    std::exception_ptr error_;
    std::thread thread_;  // last: it starts once everything it uses exists
};

}  // namespace asemdb::detail
