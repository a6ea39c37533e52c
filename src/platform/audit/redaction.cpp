#include "platform/audit/redaction.hpp"

#include <algorithm>
#include <cctype>

#include "platform/audit/redaction_repository.hpp"
#include "platform/audit/service.hpp"

namespace trame::audit {

namespace {

constexpr long long kSlice = 500;

// Length-prefixed fields, like the entry's own hash: text cannot move from one field to the next.
std::string kept_material(const Entry& e) {
  std::string out;
  for (const std::string& field :
       {std::to_string(e.id), e.hash, e.prev_hash, std::to_string(e.at), e.action, e.subject, e.key_id})
    out += std::to_string(field.size()) + ":" + field + ";";
  return out;
}

std::string seal_mac(const web::DerivedKey& key, const Entry& kept) {
  return web::hmac_sha256_hex(key.bytes, "redacted;" + key.id + ";" + kept_material(kept));
}

// Whether the entry's hash still matches its content (under its own key, or the unkeyed rule).
bool intact(const web::SecretKeys& keys, const Entry& e) {
  if (e.key_id.empty()) return Service::unkeyed_hash(e) == e.hash;
  auto key = keys.find(web::kAuditContext, e.key_id);
  return key && web::constant_time_equal(Service::keyed_hash(*key, e), e.hash);
}

}  // namespace

std::string redacted_subject(const std::string& subject) {
  bool names_record = std::any_of(subject.begin(), subject.end(),
                                  [](char c) { return c == '@' || std::isdigit(static_cast<unsigned char>(c)); });
  return names_record ? std::string() : subject;
}

std::string redaction_seal(const web::DerivedKey& key, const Entry& kept) {
  return key.id + ":" + seal_mac(key, kept);
}

bool redaction_holds(const web::SecretKeys& keys, const Entry& viewed) {
  const std::string prefix = kRedactedPrefix;
  if (viewed.detail.rfind(prefix, 0) != 0 || viewed.actor_id != 0 || !viewed.actor_label.empty() || !viewed.ip.empty())
    return false;
  const std::string seal = viewed.detail.substr(prefix.size());
  auto colon = seal.find(':');
  if (colon == std::string::npos) return false;
  auto key = keys.find(web::kAuditContext, seal.substr(0, colon));
  return key && web::constant_time_equal(seal_mac(*key, viewed), seal.substr(colon + 1));
}

long long Redaction::count_before(soci::session& sql, long long cutoff) {
  return RedactionRepository().count_whole_before(sql, cutoff, Service::kSealAction, Service::kRotationAction);
}

long long Redaction::redact_before(soci::session& sql, long long cutoff, long long now) {
  RedactionRepository repo;
  long long redacted = 0, after = 0;
  for (;;) {
    auto slice = repo.whole_before(sql, cutoff, after, kSlice, Service::kSealAction, Service::kRotationAction);
    for (Entry& e : slice) {
      after = e.id;
      if (!intact(keys_, e)) continue;  // `audit verify` names it; a seal would hide the change
      e.subject = redacted_subject(e.subject);
      repo.redact(sql, e.id, e.subject, redaction_seal(key_, e), now);
      ++redacted;
    }
    if (static_cast<long long>(slice.size()) < kSlice) return redacted;
  }
}

}  // namespace trame::audit
