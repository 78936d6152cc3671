#include "base/sha256.hpp"

#include "asemdb/base/error.hpp"
#include "base/hex.hpp"

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
    return detail::hex({reinterpret_cast<const char*>(digest.data()), size});
}

std::string sha256_hex(std::string_view data) {
    Sha256 digest;
    digest.add(data);
    return digest.hex();
}

}  // namespace asemdb::detail
