#include "support/smtp_server.hpp"

#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace asemdb::test {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

SmtpTestServer::SmtpTestServer(fs::path mail_dir, SmtpServerOptions options) : dir_(std::move(mail_dir)) {
    fs::create_directories(dir_);
    const fs::path port_file = dir_ / ".port";
    fs::remove(port_file);
    std::vector<std::string> args{ASEMDB_PYTHON, (source_dir() / "tests/smtp/smtp_server.py").string(),
                                  "--dir", dir_.string(), "--port-file", port_file.string(),
                                  "--port", std::to_string(options.port)};
    if (!options.certs.empty())
        args.insert(args.end(), {"--cert", (options.certs / "server.pem").string(), "--key",
                                 (options.certs / "server.key").string()});
    if (!options.user.empty()) args.insert(args.end(), {"--user", options.user});
    for (const auto& address : options.refuse_rcpt) args.insert(args.end(), {"--refuse-rcpt", address});
    if (options.defer_data > 0) args.insert(args.end(), {"--defer-data", std::to_string(options.defer_data)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The server's log (TLS handshakes the tests make fail on purpose) goes to a file.
    const std::string log = (dir_ / "server.log").string();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        if (!options.password.empty()) setenv("SMTP_TEST_PASSWORD", options.password.c_str(), 1);
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execv(argv[0], argv.data());
        _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!fs::exists(port_file)) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("the test SMTP server exited at start");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            stop();
            throw std::runtime_error("the test SMTP server did not start within 20 s");
        }
        std::this_thread::sleep_for(20ms);
    }
    port_ = std::stoi(read_bytes(port_file));
}

SmtpTestServer::~SmtpTestServer() { stop(); }

void SmtpTestServer::stop() {
    if (pid_ < 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    pid_ = -1;
}

std::vector<fs::path> SmtpTestServer::messages() const {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir_))
        if (entry.path().extension() == ".eml") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

void make_test_certificates(const fs::path& dir) {
    fs::create_directories(dir);
    const auto r = run_program("/bin/sh", {(source_dir() / "tests/smtp/make_certs.sh").string(), dir.string()});
    if (r.exit_code != 0) throw std::runtime_error("make_certs.sh failed: " + r.err);
}

}  // namespace asemdb::test
