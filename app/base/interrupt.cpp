#include "asemdb/base/interrupt.hpp"

#include "base/pending_outputs.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace asemdb {

namespace {

sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

// Stopping the other threads before removing the temporary files means none
// creates one after the removal (libxlsxwriter opens its files by name, and
// unlinks its own just after creating them). Each is sent a signal whose
// handler never returns; a thread busy in a long system call parks when it
// returns, so the wait for them all is bounded.
constexpr auto kParkWait = std::chrono::milliseconds(20);
std::atomic<int> parked{0};

extern "C" void park(int) {
    parked.fetch_add(1);
    for (;;) ::pause();
}

void park_other_threads() {
    const int park_signal = SIGRTMIN + 4;
    struct sigaction action {};
    action.sa_handler = park;
    sigfillset(&action.sa_mask);
    ::sigaction(park_signal, &action, nullptr);
    const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
    // Listed first: a thread may be stopped holding the allocator's lock.
    std::vector<pid_t> threads;
    std::error_code ec;
    for (std::filesystem::directory_iterator it("/proc/self/task", ec), end; !ec && it != end; it.increment(ec))
        threads.push_back(static_cast<pid_t>(std::atoi(it->path().filename().c_str())));
    int sent = 0;
    for (const pid_t tid : threads)
        if (tid > 0 && tid != self && ::syscall(SYS_tgkill, ::getpid(), tid, park_signal) == 0) ++sent;
    const auto deadline = std::chrono::steady_clock::now() + kParkWait;
    while (parked.load() < sent && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
}

[[noreturn]] void stop_at_once() {
    detail::hold_pending_outputs();
    park_other_threads();
    detail::remove_pending_outputs();
    // On a terminal the progress line may be showing, and the echoed ^C: the message replaces them.
    const std::string_view message =
        isatty(STDERR_FILENO) ? "\r\x1b[Kasemdb: interrupted\n" : "asemdb: interrupted\n";
    [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(kExitInterrupted);
}

}  // namespace

void hold_stop_signals() {
    // Blocked everywhere, the signals wait for sigwait() in the thread below
    // instead of interrupting whichever thread the kernel picks (a handler could
    // do almost nothing there), and a handler a command installs never runs.
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void stop_on_signals() {
    std::thread([signals = stop_signals()] {
        int received = 0;
        while (sigwait(&signals, &received) != 0) {
        }
        stop_at_once();
    }).detach();
}

void release_stop_signals() {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
}

}  // namespace asemdb
