#pragma once
// A real SMTP server on 127.0.0.1 for the email tests: tests/smtp/smtp_server.py
// (Debian's python3-aiosmtpd), storing each message it accepts as a .eml file.
// Started in the constructor with a bounded wait, always stopped in the destructor.

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace asemdb::test {

struct SmtpServerOptions {
    int port = 0;                      ///< 0: a free one
    std::filesystem::path certs;       ///< with ca.pem, server.pem, server.key: STARTTLS required
    std::string user, password;        ///< AUTH required when user is set
    std::vector<std::string> refuse_rcpt;  ///< RCPT TO these addresses is answered 550 5.1.1
    int defer_data = 0;                ///< the first this many messages are answered 451 4.3.0
};

class SmtpTestServer {
 public:
    SmtpTestServer(std::filesystem::path mail_dir, SmtpServerOptions options = {});
    ~SmtpTestServer();
    SmtpTestServer(const SmtpTestServer&) = delete;
    SmtpTestServer& operator=(const SmtpTestServer&) = delete;

    int port() const { return port_; }
    /// Stops the server (SIGTERM, then SIGKILL after a bounded wait); idempotent.
    void stop();
    /// The stored messages, oldest first.
    std::vector<std::filesystem::path> messages() const;

 private:
    std::filesystem::path dir_;
    pid_t pid_ = -1;
    int port_ = 0;
};

/// Makes a CA of the test's own and a certificate it signs for 127.0.0.1 in `dir`
/// (tests/smtp/make_certs.sh, with the openssl command).
void make_test_certificates(const std::filesystem::path& dir);

}  // namespace asemdb::test
