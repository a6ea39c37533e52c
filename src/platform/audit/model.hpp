// An audit log entry. The log is append-only (triggers refuse UPDATE and DELETE) and each
// row holds the hash of the previous one, so that removing or editing a row is detectable. The hash
// is an HMAC under a key derived from secret_key (key_id names it), so that someone who can write the
// database cannot recompute it; entries written before the key existed have key_id '' and a plain
// SHA-256 (see docs/security-keys.md).
#pragma once
#include <optional>
#include <string>

namespace trame::audit {

struct Entry {
  long long id = 0;
  long long at = 0;
  long long actor_id = 0;  // 0: the system or an anonymous visitor
  std::string actor_label;
  std::string action;   // e.g. "login.success", "user.role_added", "export"
  std::string subject;  // e.g. "user:12"
  std::string detail;
  std::string ip;
  std::string prev_hash;
  std::string hash;
  std::string key_id;  // '' for the entries chained before the chain was keyed
};

// The chain's head as the database keeps it: how many entries were ever appended, the last one's
// hash, and a MAC of both under the audit key (so that the counter cannot be lowered by SQL).
struct Head {
  long long appended = 0;
  std::string hash;
  std::string key_id;
  std::string mac;
};

// A head exported out of the database ("COUNT:HASH"): the database must still hold that entry.
struct Mark {
  long long count = 0;
  std::string hash;
  std::string text() const { return std::to_string(count) + ":" + hash; }
  static std::optional<Mark> parse(const std::string& text);
};

struct VerifyResult {
  bool ok = true;
  long long checked = 0;
  long long first_bad_id = 0;
  std::string problem;
  Mark head;  // the last entry checked (count and hash), to export
};

}  // namespace trame::audit
