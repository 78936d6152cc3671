// SIGTERM and SIGINT for the commands that stop by themselves (commands.hpp).

#include "commands.hpp"

#include "asemdb/base/error.hpp"

#include <csignal>

#include <fcntl.h>
#include <unistd.h>

namespace asemdb::cli {
namespace {

volatile std::sig_atomic_t requested = 0;
int wake_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int) {
    requested = 1;
    const char byte = 1;
    [[maybe_unused]] const auto ignored = ::write(wake_pipe[1], &byte, 1);
}

}  // namespace

void install_stop_handlers() {
    if (::pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) throw Error::io("pipe", "cannot create the wake-up pipe");
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGTERM, SIGINT}) ::sigaction(signal, &action, nullptr);
}

bool stop_requested() { return requested != 0; }

int stop_wake_fd() { return wake_pipe[0]; }

}  // namespace asemdb::cli
