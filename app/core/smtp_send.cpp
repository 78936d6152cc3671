// Sending a message through libcurl's SMTP and MIME support: TLS certificates
// always checked, the password read from its source now and kept out of every
// reply, the server's last reply kept for the history.

#include "email_detail.hpp"

#include "asemdb/error.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>

namespace asemdb::detail {
namespace {

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
    void operator()(curl_mime* m) const { curl_mime_free(m); }
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
template <class T>
using CurlPtr = std::unique_ptr<T, CurlDeleter>;

curl_slist* append(curl_slist* list, const std::string& text) {
    curl_slist* grown = curl_slist_append(list, text.c_str());
    if (!grown) {
        curl_slist_free_all(list);
        throw std::bad_alloc();
    }
    return grown;
}

// Throws with a message that never holds the password.
std::string read_password(const SmtpSettings& smtp) {
    if (smtp.username.empty()) return "";
    if (!smtp.password_env.empty()) {
        const char* value = std::getenv(smtp.password_env.c_str());
        if (!value || !*value)
            throw Error(ErrorKind::Definition, {}, "the environment variable '" + smtp.password_env + "' is not set");
        return value;
    }
    std::ifstream in(smtp.password_file, std::ios::binary);
    std::string text(std::istreambuf_iterator<char>(in), {});
    if (!in.good() && !in.eof()) throw Error::io(smtp.password_file, "cannot read the password file");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) throw Error::io(smtp.password_file, "the password file is empty");
    return text;
}

// The server's replies arrive as "header" data; the last line is kept.
int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) *static_cast<std::string*>(user) = line;
    return 0;
}

std::string without(std::string text, const std::string& secret) {
    if (!secret.empty())
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
            text.replace(at, secret.size(), "***");
    return printable_line(text);
}

void check(CURLcode code) {
    if (code != CURLE_OK) throw Error(ErrorKind::Io, {}, std::string("libcurl: ") + curl_easy_strerror(code));
}

curl_mime* build_mime(CURL* curl, const MailMessage& message) {
    curl_mime* mime = curl_mime_init(curl);
    if (!mime) throw std::bad_alloc();
    curl_mimepart* text = curl_mime_addpart(mime);
    check(curl_mime_data(text, message.body.data(), message.body.size()));
    check(curl_mime_type(text, "text/plain; charset=utf-8"));
    check(curl_mime_encoder(text, "quoted-printable"));
    for (const auto& file : message.attachments) {
        curl_mimepart* part = curl_mime_addpart(mime);
        check(curl_mime_data(part, file.bytes.data(), file.bytes.size()));
        check(curl_mime_type(part, file.content_type.c_str()));
        check(curl_mime_filename(part, file.filename.c_str()));
        check(curl_mime_encoder(part, "base64"));
    }
    return mime;
}

}  // namespace

SendResult send_mail(const SmtpSettings& smtp, const MailMessage& message) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    std::string password;
    std::string last_reply;
    try {
        password = read_password(smtp);
        CurlPtr<CURL> curl(curl_easy_init());
        if (!curl) throw std::bad_alloc();
        CURL* c = curl.get();
        const std::string url = std::string(smtp.security == SmtpSecurity::Tls ? "smtps://" : "smtp://") + smtp.host +
                                ":" + std::to_string(smtp.port);
        char error[CURL_ERROR_SIZE] = {};
        check(curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error));
        check(curl_easy_setopt(c, CURLOPT_URL, url.c_str()));
        check(curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps"));
        check(curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L));
        check(curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(smtp.timeout_seconds)));
        check(curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(smtp.timeout_seconds)));
        // Certificate checks stay on: a private CA is trusted through ca_file, never by turning them off.
        check(curl_easy_setopt(c, CURLOPT_USE_SSL,
                               static_cast<long>(smtp.security == SmtpSecurity::None ? CURLUSESSL_NONE : CURLUSESSL_ALL)));
        check(curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L));
        check(curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L));
        if (smtp.ca_file) check(curl_easy_setopt(c, CURLOPT_CAINFO, smtp.ca_file->c_str()));
        if (!smtp.username.empty()) {
            check(curl_easy_setopt(c, CURLOPT_USERNAME, smtp.username.c_str()));
            check(curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str()));
        }
        const std::string from = "<" + smtp.from.address + ">";
        check(curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str()));
        CurlPtr<curl_slist> recipients;
        for (const auto& r : message.recipients) recipients.reset(append(recipients.release(), "<" + r + ">"));
        check(curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get()));
        CurlPtr<curl_slist> headers;
        for (const auto& h : message.headers) headers.reset(append(headers.release(), h));
        check(curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get()));
        CurlPtr<curl_mime> mime(build_mime(c, message));
        check(curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get()));
        // Verbose only feeds on_debug, which keeps the server's replies and writes nothing.
        check(curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug));
        check(curl_easy_setopt(c, CURLOPT_DEBUGDATA, &last_reply));
        check(curl_easy_setopt(c, CURLOPT_VERBOSE, 1L));
        const CURLcode code = curl_easy_perform(c);
        if (code == CURLE_OK) return {true, without(last_reply, password)};
        std::string reason = error[0] ? error : curl_easy_strerror(code);
        if (!last_reply.empty() && code != CURLE_OPERATION_TIMEDOUT) reason += " (server: " + last_reply + ")";
        return {false, without(reason, password)};
    } catch (const Error& e) {
        return {false, without(e.what(), password)};
    } catch (const std::exception& e) {
        return {false, without(std::string("cannot send: ") + e.what(), password)};
    }
}

}  // namespace asemdb::detail
