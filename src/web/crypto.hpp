// Small wrappers over libsodium: random tokens, hashes, password hashing (argon2id).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace trame::web {

// Must be called once before any other function here.
void init_crypto();

// 128 bits of randomness (or more), URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 16);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

// Standard base64 (with padding), and its inverse (nullopt on malformed input).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// argon2id with 64 MiB and 2 passes (above ASVS L2 / OWASP minimums of 19 MiB, 2 passes).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
bool password_needs_rehash(const std::string& hash);

}  // namespace trame::web
