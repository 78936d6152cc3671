#pragma once
// SHA-256 digests, as lower-case hex, for script checksums and fingerprints.

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace asemdb::detail {

/// An incremental SHA-256. Throws Error{Io} only if the crypto library fails.
class Sha256 {
 public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const void* data, std::size_t size);
    void add(std::string_view text) { add(text.data(), text.size()); }
    /// Finishes the digest: 64 lower-case hex digits. Call once.
    std::string hex();

 private:
    struct Free {
        void operator()(evp_md_ctx_st* ctx) const noexcept;
    };
    std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

/// The SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace asemdb::detail
