// Redaction of old audit entries (issue 23, docs/privacy.md « Retention »): past retention.audit_full_months
// an entry keeps its hashes only. Its personal fields (actor id and e-mail, IP, detail, a subject naming a
// record or an address) are cleared; its hash and previous hash stay, so the chain still links; a seal
// (an HMAC under the audit key over what stays, including the original hash) takes the place of the
// content check: `audit verify` accepts an entry whose hash matches its content, or, once redacted, whose
// seal holds. Only an entry whose hash still matched its content is redacted (a tampered entry is never
// laundered by a seal). The chain's structural entries (the seal of the unkeyed entries, key rotations)
// hold no personal data and are never redacted.
#pragma once
#include <string>

#include <soci/soci.h>

#include "platform/audit/model.hpp"
#include "platform/web/crypto.hpp"

namespace trame::audit {

// How Repository::for_each hands `verify` a redacted entry: its detail is this prefix then the seal.
inline constexpr const char* kRedactedPrefix = "redacted:";

// The subject an entry keeps once redacted: a kind of thing ("retention", "audit_log") stays; a subject
// naming a record (it holds a digit) or an address (an '@') is cleared.
std::string redacted_subject(const std::string& subject);
// The seal of `kept` (the entry as it stays once redacted): "KEY_ID:HMAC".
std::string redaction_seal(const web::DerivedKey& key, const Entry& kept);
// Whether `viewed` (an entry as Repository::for_each reads it) is redacted and its seal holds.
bool redaction_holds(const web::SecretKeys& keys, const Entry& viewed);

class Redaction {
 public:
  explicit Redaction(const web::SecretKeys& keys) : keys_(keys), key_(keys.current(web::kAuditContext)) {}
  // Entries written before `cutoff` still whole (what a run would redact).
  long long count_before(soci::session& sql, long long cutoff);
  // Redacts them inside the caller's transaction, by slices of 500; returns how many were redacted.
  long long redact_before(soci::session& sql, long long cutoff, long long now);

 private:
  web::SecretKeys keys_;
  web::DerivedKey key_;
};

}  // namespace trame::audit
