// Small wrappers over libsodium: random tokens, hashes, password hashing (argon2id).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Keys derived from the configured secret_key (docs/security-keys.md). Each purpose gets its own key,
// derived with libsodium's crypto_kdf under an 8-character context ("auditlog", "totpseed"); each key
// has a short public id (8 hex characters) stored next to what it protects, so that data written
// under an earlier secret_key is recognised and, while that secret is listed in previous_secret_keys,
// still read. The default secret_key ("change-me") gives a built-in development key: anybody can
// recompute it, so check-deploy refuses it.
struct DerivedKey {
  std::string id;     // 8 hex characters, public
  std::string bytes;  // 32 bytes, secret
};

class SecretKeys {
 public:
  SecretKeys() : SecretKeys("change-me") {}
  explicit SecretKeys(const std::string& current, const std::vector<std::string>& previous = {});
  // The key new data is written with.
  DerivedKey current(const char* context) const;
  // The current or an earlier key with this id.
  std::optional<DerivedKey> find(const char* context, std::string_view id) const;
  // Adds an earlier secret (for reading what it protected).
  void add_previous(const std::string& secret);
  bool is_default() const { return default_; }

 private:
  std::vector<std::string> masters_;  // 32-byte master keys; the first is the current one
  bool default_ = false;
};

inline constexpr const char* kAuditContext = "auditlog";
inline constexpr const char* kTotpContext = "totpseed";

// Authenticated encryption (XChaCha20-Poly1305, random nonce), bound to `context_data` (e.g. the row it
// belongs to, so that a sealed value cannot be moved to another row): "v1.<key id>:<base64>".
std::string seal(const DerivedKey& key, std::string_view plaintext, std::string_view context_data);
bool is_sealed(std::string_view value);
// The key id of a sealed value ("" if not sealed).
std::string sealed_key_id(std::string_view value);
// nullopt: not sealed, sealed under another key, or altered.
std::optional<std::string> unseal(const DerivedKey& key, std::string_view sealed, std::string_view context_data);

// argon2id with 64 MiB and 2 passes (above ASVS L2 / OWASP minimums of 19 MiB, 2 passes).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
bool password_needs_rehash(const std::string& hash);

}  // namespace trame::web
