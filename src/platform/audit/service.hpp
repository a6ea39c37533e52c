// The audit log's rules: how an entry is chained, how the chain is verified, how its head is exported.
// The chain is keyed (HMAC-SHA256 under a key derived from secret_key): see docs/security-keys.md.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "platform/audit/model.hpp"
#include "platform/audit/repository.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "platform/web/crypto.hpp"

namespace trame::web {
class App;
}

namespace trame::audit {

class Service {
 public:
  // keys: from the configuration (web::SecretKeys(config.secret_key, config.previous_secret_keys)); a
  // service built with other keys would write entries that verify refuses.
  Service(store::Database& db, const web::SecretKeys& keys)
      : db_(db), keys_(keys), key_(keys.current(web::kAuditContext)) {}
  // Appends inside the caller's transaction (so the entry commits with the action).
  void record(soci::session& sql, Entry entry);
  // Appends in a transaction of its own.
  void record(Entry entry);
  void record(soci::session& sql, const Actor& actor, const std::string& action, const std::string& subject,
              const std::string& detail = {});
  void record(const Actor& actor, const std::string& action, const std::string& subject,
              const std::string& detail = {});
  // Checks every entry and the head; with `expected` (an exported head), also that the log still holds it.
  VerifyResult verify(const std::optional<Mark>& expected = std::nullopt);
  std::vector<Entry> page(long long page, long long per_page, const std::string& action_prefix, long long& total);

  // Called once, right after the migration that keys the chain: if the log holds entries chained
  // without a key, appends the first keyed entry, which seals how many there are.
  void seal_unkeyed();
  // Verifies the log (against the head already in `file`, if any) and, if intact, writes the new
  // head there (atomically). The file only ever moves forward.
  VerifyResult export_head(const std::filesystem::path& file);
  // After secret_key changed: the first entry under the new key names the previous one, which the
  // chain's earlier entries keep (verify needs it among previous_secret_keys). Returns the previous
  // key's id; '' (and records nothing) if the last entry already has the current key, or none has a key.
  std::string record_rotation(const Actor& actor);
  // At startup: if the last entry was chained under a previous secret_key listed in
  // previous_secret_keys, records the rotation. Returns a problem ('' if none): the last entry's key
  // is unknown (secret_key changed without listing the old one, or mistyped).
  std::string adopt_current_key();
  const std::string& key_id() const { return key_.id; }

  // Reads an exported head ("COUNT:HASH"); nullopt with `error` set if absent or malformed.
  static std::optional<Mark> read_mark(const std::filesystem::path& file, std::string& error);
  // The rule of the entries chained before the key: SHA-256 of the length-prefixed fields.
  static std::string unkeyed_hash(const Entry& entry);
  static std::string keyed_hash(const web::DerivedKey& key, const Entry& entry);
  static std::string head_mac(const web::DerivedKey& key, long long appended, const std::string& hash);

  static constexpr const char* kSealAction = "audit.keyed";
  static constexpr const char* kRotationAction = "audit.key_rotated";

 private:
  store::Database& db_;
  web::SecretKeys keys_;
  web::DerivedKey key_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::audit
