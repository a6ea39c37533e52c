#include "platform/web/crypto.hpp"

#include <sodium.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace trame::web {

namespace {
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;  // 2 passes
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;         // 64 MiB

// The cost new hashes are made with. TRAME_PASSWORD_COST=minimum (test runs only: the test harness sets
// it) takes argon2id's smallest (1 pass, 8 KiB): the suites sign in thousands of times, and at the real
// cost hashing was a fifth of the whole run's processor. Verifying reads the cost from the stored hash,
// so a hash keeps the cost it was made with; `trame check-deploy` refuses the setting.
struct Cost {
  unsigned long long ops;
  std::size_t memory;
};
Cost password_cost() {
  const char* cost = std::getenv("TRAME_PASSWORD_COST");
  if (cost != nullptr && std::string_view(cost) == "minimum")
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  return {kOpsLimit, kMemLimit};
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
  return hex;
}
}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(hash, sizeof hash);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char k[crypto_auth_hmacsha256_KEYBYTES];
  crypto_hash_sha256(k, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(data.data()), data.size(), k);
  return to_hex(mac, sizeof mac);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

// ---- Keys derived from secret_key ------------------------------------------------------------

namespace {
std::string master_key(const std::string& secret) {
  // Any length of secret gives a 32-byte master key for crypto_kdf.
  unsigned char master[crypto_kdf_KEYBYTES];
  static const unsigned char kPersonal[] = "trame secret_key master";
  crypto_generichash(master, sizeof master, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     kPersonal, sizeof kPersonal - 1);
  return std::string(reinterpret_cast<const char*>(master), sizeof master);
}

DerivedKey derive(const std::string& master, const char* context) {
  unsigned char sub[32];
  crypto_kdf_derive_from_key(sub, sizeof sub, 1, context, reinterpret_cast<const unsigned char*>(master.data()));
  unsigned char id[4];
  crypto_generichash(id, sizeof id, sub, sizeof sub, nullptr, 0);
  DerivedKey k;
  k.id = to_hex(id, sizeof id);
  k.bytes.assign(reinterpret_cast<const char*>(sub), sizeof sub);
  sodium_memzero(sub, sizeof sub);
  return k;
}

constexpr std::string_view kSealVersion = "v1.";
}  // namespace

SecretKeys::SecretKeys(const std::string& current, const std::vector<std::string>& previous)
    : default_(current == "change-me" || current.empty()) {
  masters_.push_back(master_key(current.empty() ? std::string("change-me") : current));
  for (const auto& p : previous) add_previous(p);
}

void SecretKeys::add_previous(const std::string& secret) {
  if (!secret.empty()) masters_.push_back(master_key(secret));
}

DerivedKey SecretKeys::current(const char* context) const {
  return derive(masters_.front(), context);
}

std::optional<DerivedKey> SecretKeys::find(const char* context, std::string_view id) const {
  for (const auto& m : masters_) {
    auto k = derive(m, context);
    if (k.id == id) return k;
  }
  return std::nullopt;
}

std::string seal(const DerivedKey& key, std::string_view plaintext, std::string_view context_data) {
  std::string box(
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
      '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &len,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(context_data.data()),
                                             context_data.size(), nullptr, nonce,
                                             reinterpret_cast<const unsigned char*>(key.bytes.data()));
  return std::string(kSealVersion) + key.id + ":" + base64_encode(box);
}

bool is_sealed(std::string_view value) {
  return value.substr(0, kSealVersion.size()) == kSealVersion;
}

std::string sealed_key_id(std::string_view value) {
  if (!is_sealed(value)) return {};
  auto colon = value.find(':');
  if (colon == std::string_view::npos) return {};
  return std::string(value.substr(kSealVersion.size(), colon - kSealVersion.size()));
}

std::optional<std::string> unseal(const DerivedKey& key, std::string_view sealed, std::string_view context_data) {
  if (sealed_key_id(sealed) != key.id || key.bytes.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    return std::nullopt;
  auto box = base64_decode(sealed.substr(sealed.find(':') + 1));
  if (!box || box->size() < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  std::string plain(
      box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr,
                                                 nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 reinterpret_cast<const unsigned char*>(context_data.data()),
                                                 context_data.size(), nonce,
                                                 reinterpret_cast<const unsigned char*>(key.bytes.data())) != 0)
    return std::nullopt;
  plain.resize(len);
  return plain;
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  auto cost = password_cost();
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.ops, cost.memory) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash) {
  auto cost = password_cost();
  return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.ops, cost.memory) != 0;
}

}  // namespace trame::web
