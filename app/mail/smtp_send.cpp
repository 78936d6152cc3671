// Sending a message through libcurl's SMTP and MIME support: TLS certificates
// always checked, the password read from its source now and kept out of every
// reply, the server's last reply kept for the history.
//
// libcurl is loaded when the first message is sent, not when asemdb starts:
// with the thirty libraries it brings (TLS, SSH, LDAP, Kerberos, IDN, …) it
// took about 5 ms of the start of every command, three times what the rest of
// the start takes, though few commands send mail.

#include "mail/mail.hpp"

#include "asemdb/base/error.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

namespace asemdb::detail {
namespace {

// The libcurl functions asemdb calls, looked up in the library once it is loaded.
struct CurlApi {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_perform) easy_perform;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
    decltype(&::curl_mime_init) mime_init;
    decltype(&::curl_mime_addpart) mime_addpart;
    decltype(&::curl_mime_data) mime_data;
    decltype(&::curl_mime_type) mime_type;
    decltype(&::curl_mime_filename) mime_filename;
    decltype(&::curl_mime_encoder) mime_encoder;
    decltype(&::curl_mime_free) mime_free;
};

// The soname asemdb is built against (libcurl4 in Debian); never unloaded.
constexpr const char* kCurlLibrary = "libcurl.so.4";

template <class F>
void look_up(void* library, const char* name, F& function) {
    function = reinterpret_cast<F>(::dlsym(library, name));
    if (!function) throw Error(ErrorKind::Io, {}, std::string(kCurlLibrary) + " lacks " + name);
}

// Loads libcurl and initialises it, once; throws Error if it cannot be loaded.
const CurlApi& curl() {
    static const CurlApi api = [] {
        void* library = ::dlopen(kCurlLibrary, RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            const char* reason = ::dlerror();
            throw Error(ErrorKind::Io, {},
                        std::string("cannot load ") + kCurlLibrary + ": " + (reason ? reason : "unknown reason"));
        }
        CurlApi loaded{};
        look_up(library, "curl_global_init", loaded.global_init);
        look_up(library, "curl_easy_init", loaded.easy_init);
        look_up(library, "curl_easy_setopt", loaded.easy_setopt);
        look_up(library, "curl_easy_perform", loaded.easy_perform);
        look_up(library, "curl_easy_strerror", loaded.easy_strerror);
        look_up(library, "curl_easy_cleanup", loaded.easy_cleanup);
        look_up(library, "curl_slist_append", loaded.slist_append);
        look_up(library, "curl_slist_free_all", loaded.slist_free_all);
        look_up(library, "curl_mime_init", loaded.mime_init);
        look_up(library, "curl_mime_addpart", loaded.mime_addpart);
        look_up(library, "curl_mime_data", loaded.mime_data);
        look_up(library, "curl_mime_type", loaded.mime_type);
        look_up(library, "curl_mime_filename", loaded.mime_filename);
        look_up(library, "curl_mime_encoder", loaded.mime_encoder);
        look_up(library, "curl_mime_free", loaded.mime_free);
        loaded.global_init(CURL_GLOBAL_DEFAULT);
        return loaded;
    }();
    return api;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl().easy_cleanup(c); }
    void operator()(curl_mime* m) const { curl().mime_free(m); }
    void operator()(curl_slist* l) const { curl().slist_free_all(l); }
};
template <class T>
using CurlPtr = std::unique_ptr<T, CurlDeleter>;

curl_slist* append(curl_slist* list, const std::string& text) {
    curl_slist* grown = curl().slist_append(list, text.c_str());
    if (!grown) {
        curl().slist_free_all(list);
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

// The SMTP dialogue as libcurl's debug callback shows it: the commands it
// sends are "header" data out, the server's replies "header" data in. Only
// verbs and RCPT addresses are kept from the commands (AUTH carries the password).
struct Dialogue {
    std::string stage;      ///< the last of MAIL, RCPT and DATA sent
    std::string recipient;  ///< the address of the last RCPT
    std::string last_reply;
    std::string refusal;          ///< the last 4yz or 5yz reply to MAIL, RCPT or DATA
    std::string refusal_stage;    ///< the command it answered
    std::vector<std::pair<std::string, std::string>> refused;  ///< recipient, the reply refusing it

    void sent(const std::string& line) {
        const std::string verb = line.substr(0, line.find_first_of(" :"));
        if (verb != "MAIL" && verb != "RCPT" && verb != "DATA") return;
        stage = verb;
        const auto open = line.find('<'), close = line.rfind('>');
        if (verb == "RCPT")
            recipient = open != std::string::npos && close > open ? line.substr(open + 1, close - open - 1) : line;
    }
    void received(const std::string& line) {
        last_reply = line;
        // The last line of a reply has a space (or nothing) after its code.
        const bool final_line = line.size() == 3 || (line.size() > 3 && line[3] == ' ');
        if (stage.empty() || !final_line || (line[0] != '4' && line[0] != '5')) return;
        refusal = line;
        refusal_stage = stage;
        if (stage == "RCPT") refused.emplace_back(recipient, line);
    }
    // The transfer ended at a 5yz reply to MAIL or DATA, or at RCPT with every
    // recipient refused with one (RFC 5321 4.2.1: 5yz is final, 4yz is not).
    bool refused_for_good() const {
        if (refusal.empty() || refusal[0] != '5' || refusal_stage != stage) return false;
        return stage != "RCPT" ||
               std::all_of(refused.begin(), refused.end(), [](const auto& r) { return r.second[0] == '5'; });
    }
};

std::string line_of(const char* data, size_t size) {
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    auto& dialogue = *static_cast<Dialogue*>(user);
    if (type == CURLINFO_HEADER_OUT) dialogue.sent(line_of(data, size));
    if (type != CURLINFO_HEADER_IN) return 0;
    if (const std::string line = line_of(data, size); !line.empty()) dialogue.received(line);
    return 0;
}

std::string without(std::string text, const std::string& secret) {
    if (!secret.empty())
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
            text.replace(at, secret.size(), "***");
    return printable_line(text);
}

void check(CURLcode code) {
    if (code != CURLE_OK) throw Error(ErrorKind::Io, {}, std::string("libcurl: ") + curl().easy_strerror(code));
}

curl_mime* build_mime(CURL* handle, const MailMessage& message) {
    const CurlApi& api = curl();
    curl_mime* mime = api.mime_init(handle);
    if (!mime) throw std::bad_alloc();
    curl_mimepart* text = api.mime_addpart(mime);
    check(api.mime_data(text, message.body.data(), message.body.size()));
    check(api.mime_type(text, "text/plain; charset=utf-8"));
    check(api.mime_encoder(text, "quoted-printable"));
    for (const auto& file : message.attachments) {
        curl_mimepart* part = api.mime_addpart(mime);
        check(api.mime_data(part, file.bytes.data(), file.bytes.size()));
        check(api.mime_type(part, file.content_type.c_str()));
        check(api.mime_filename(part, file.filename.c_str()));
        check(api.mime_encoder(part, "base64"));
    }
    return mime;
}

// What became of a transfer, from libcurl's code and the dialogue.
SendResult outcome(CURLcode code, const char* error, const Dialogue& dialogue, const std::string& password) {
    SendResult result;
    for (const auto& [address, reply] : dialogue.refused)
        result.refused.push_back(address + " (" + without(reply, password) + ")");
    if (code == CURLE_OK) {
        result.sent = true;
        result.reply = without(dialogue.last_reply, password);
        return result;
    }
    // libcurl ends a transfer whose MAIL, RCPT or DATA the server refused with
    // CURLE_SEND_ERROR, and one whose message it refused after the data with
    // CURLE_WEIRD_SERVER_REPLY; a timeout or a cut connection is never final.
    const bool refused = code == CURLE_SEND_ERROR || code == CURLE_WEIRD_SERVER_REPLY;
    result.permanent = refused && dialogue.refused_for_good();
    std::string reason = error[0] ? error : curl().easy_strerror(code);
    // The reply that refused it, rather than the one to QUIT.
    const std::string& reply = refused && !dialogue.refusal.empty() ? dialogue.refusal : dialogue.last_reply;
    if (!reply.empty() && code != CURLE_OPERATION_TIMEDOUT) reason += " (server: " + reply + ")";
    result.reply = without(reason, password);
    return result;
}

}  // namespace

SendResult send_mail(const SmtpSettings& smtp, const MailMessage& message) {
    std::string password;
    Dialogue dialogue;
    try {
        password = read_password(smtp);
        const CurlApi& api = curl();
        const auto setopt = api.easy_setopt;
        CurlPtr<CURL> handle(api.easy_init());
        if (!handle) throw std::bad_alloc();
        CURL* c = handle.get();
        const std::string url = std::string(smtp.security == SmtpSecurity::Tls ? "smtps://" : "smtp://") + smtp.host +
                                ":" + std::to_string(smtp.port);
        char error[CURL_ERROR_SIZE] = {};
        check(setopt(c, CURLOPT_ERRORBUFFER, error));
        check(setopt(c, CURLOPT_URL, url.c_str()));
        check(setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps"));
        check(setopt(c, CURLOPT_NOSIGNAL, 1L));
        check(setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(smtp.timeout_seconds)));
        check(setopt(c, CURLOPT_TIMEOUT, static_cast<long>(smtp.timeout_seconds)));
        // Certificate checks stay on: a private CA is trusted through ca_file, never by turning them off.
        check(setopt(c, CURLOPT_USE_SSL,
                               static_cast<long>(smtp.security == SmtpSecurity::None ? CURLUSESSL_NONE : CURLUSESSL_ALL)));
        check(setopt(c, CURLOPT_SSL_VERIFYPEER, 1L));
        check(setopt(c, CURLOPT_SSL_VERIFYHOST, 2L));
        if (smtp.ca_file) check(setopt(c, CURLOPT_CAINFO, smtp.ca_file->c_str()));
        if (!smtp.username.empty()) {
            check(setopt(c, CURLOPT_USERNAME, smtp.username.c_str()));
            check(setopt(c, CURLOPT_PASSWORD, password.c_str()));
        }
        const std::string from = "<" + smtp.from.address + ">";
        check(setopt(c, CURLOPT_MAIL_FROM, from.c_str()));
        CurlPtr<curl_slist> recipients;
        for (const auto& r : message.recipients) recipients.reset(append(recipients.release(), "<" + r + ">"));
        check(setopt(c, CURLOPT_MAIL_RCPT, recipients.get()));
        // Recipients the server refuses do not stop the message to the others
        // (spelt with three Ls before libcurl 8.2; Debian 12 has 7.88).
        check(setopt(c, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L));
        CurlPtr<curl_slist> headers;
        for (const auto& h : message.headers) headers.reset(append(headers.release(), h));
        check(setopt(c, CURLOPT_HTTPHEADER, headers.get()));
        CurlPtr<curl_mime> mime(build_mime(c, message));
        check(setopt(c, CURLOPT_MIMEPOST, mime.get()));
        // Verbose only feeds on_debug, which keeps the server's replies and writes nothing.
        check(setopt(c, CURLOPT_DEBUGFUNCTION, on_debug));
        check(setopt(c, CURLOPT_DEBUGDATA, &dialogue));
        check(setopt(c, CURLOPT_VERBOSE, 1L));
        const CURLcode code = api.easy_perform(c);
        return outcome(code, error, dialogue, password);
    } catch (const Error& e) {
        return {false, false, without(e.what(), password), {}};
    } catch (const std::exception& e) {
        return {false, false, without(std::string("cannot send: ") + e.what(), password), {}};
    }
}

}  // namespace asemdb::detail
