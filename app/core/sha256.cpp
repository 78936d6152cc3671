#include "sha256.hpp"

#include "asemdb/error.hpp"

#include <openssl/evp.h>

#include <array>

namespace asemdb::detail {

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
        throw Error(ErrorKind::Io, {}, "SHA-256 is not available from libcrypto");
}

Sha256::~Sha256() = default;

void Sha256::add(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) throw Error(ErrorKind::Io, {}, "SHA-256 update failed");
}

std::string Sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &size) != 1)
        throw Error(ErrorKind::Io, {}, "SHA-256 computation failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0xF]);
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 digest;
    digest.add(data);
    return digest.hex();
}

}  // namespace asemdb::detail
