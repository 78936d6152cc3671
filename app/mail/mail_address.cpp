// Mail addresses as a schedule file writes them, and header text as RFC 5322
// and RFC 2047 want it.

#include "mail/mail.hpp"
#include "base/utf8.hpp"

#include "asemdb/base/error.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace asemdb::detail {
namespace {

Error bad(const std::string& text, const std::string& why) {
    return Error(ErrorKind::Definition, {}, "address '" + printable_line(text) + "': " + why);
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool is_atext(unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string::npos;
}

// user@example.org: dot-atoms on both sides, a domain of DNS labels; ASCII only
// (a server is not asked to support SMTPUTF8).
void check_addr_spec(const std::string& text, const std::string& addr) {
    if (std::any_of(addr.begin(), addr.end(), [](unsigned char c) { return c >= 0x80; }))
        throw bad(text, "only ASCII addresses are supported");
    const auto at = addr.rfind('@');
    if (at == std::string::npos) throw bad(text, "not an address: it has no '@'");
    const std::string local = addr.substr(0, at), domain = addr.substr(at + 1);
    if (local.empty() || local.size() > 64) throw bad(text, "the part before '@' must hold 1 to 64 characters");
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos ||
        !std::all_of(local.begin(), local.end(), [](unsigned char c) { return c == '.' || is_atext(c); }))
        throw bad(text, "the part before '@' may hold letters, digits, single dots and !#$%&'*+-/=?^_`{|}~");
    if (domain.empty() || domain.size() > 253) throw bad(text, "no domain after '@'");
    std::size_t start = 0;
    while (start <= domain.size()) {
        const auto dot = std::min(domain.find('.', start), domain.size());
        const std::string label = domain.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; }))
            throw bad(text, "the domain '" + domain + "' is not a host name");
        start = dot + 1;
    }
}

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool plain_ascii(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

MailAddress parse_mail_address(const std::string& raw) {
    const std::string text = trim(raw);
    if (text.empty()) throw bad(raw, "empty");
    if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        throw bad(raw, "contains a control character");
    MailAddress out;
    const auto open = text.find('<');
    if (open == std::string::npos) {
        if (text.find_first_of(" >,;\"") != std::string::npos)
            throw bad(raw, "write one address, as user@example.org or Name <user@example.org>");
        out.address = text;
    } else {
        if (text.back() != '>' || text.find('<', open + 1) != std::string::npos ||
            text.find('>') != text.size() - 1)
            throw bad(raw, "write one address, as user@example.org or Name <user@example.org>");
        out.address = text.substr(open + 1, text.size() - open - 2);
        out.name = trim(text.substr(0, open));
        if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"')
            out.name = out.name.substr(1, out.name.size() - 2);
        if (out.name.find_first_of("\"\\") != std::string::npos)
            throw bad(raw, "the name may not hold '\"' or '\\'");
    }
    check_addr_spec(raw, out.address);
    return out;
}

std::string header_text(const std::string& text) {
    if (plain_ascii(text)) return text;
    // Encoded words of at most 45 bytes (60 in base64), cut between UTF-8 characters.
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(start + 45, text.size());
        while (end < text.size() && end > start + 1 && is_utf8_continuation(text[end])) --end;
        out += (out.empty() ? "" : " ") + std::string("=?UTF-8?B?") + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string header_address(const MailAddress& address) {
    if (address.name.empty()) return "<" + address.address + ">";
    if (!plain_ascii(address.name)) return header_text(address.name) + " <" + address.address + ">";
    return "\"" + address.name + "\" <" + address.address + ">";
}

}  // namespace asemdb::detail
