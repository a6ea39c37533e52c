// Verification codes of certificates (/verifier/CODE): the certificate's id in digits, then an
// HMAC-SHA256 of it truncated to 80 bits, in base32 (RFC 4648 letters and digits 2-7) grouped by four:
// "42-K7QX-M2PA-ZR5T-W3EH". The key is derived from secret_key under the crypto_kdf context
// "certific" (docs/security-keys.md); the certificate's row keeps the key's id, so that a code
// signed before a rotation still verifies while the old secret is in previous_secret_keys. Codes are
// read case-insensitively, with or without dashes and spaces (0, 1 and 8 typed for O, I and B).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "platform/web/crypto.hpp"

namespace trame::certificates {

inline constexpr const char* kCertificateContext = "certific";
// 80 bits of MAC: 16 base32 characters.
inline constexpr std::size_t kMacBytes = 10;

struct ParsedCode {
  long long id = 0;
  std::string mac;  // kMacBytes raw bytes
};

// The raw truncated MAC of a certificate id.
std::string code_mac(const web::DerivedKey& key, long long id);
// The code of a certificate, signed with `key`.
std::string make_code(const web::DerivedKey& key, long long id);
// The id and MAC a typed code carries; nullopt when it is not shaped like a code.
std::optional<ParsedCode> parse_code(std::string_view text);
// Whether the code's MAC is the one `key` gives its id (constant time).
bool code_matches(const web::DerivedKey& key, const ParsedCode& code);

// RFC 4648 base32 without padding, and its inverse (nullopt on a character outside the alphabet).
std::string base32(std::string_view bytes);
std::optional<std::string> from_base32(std::string_view text);

}  // namespace trame::certificates
