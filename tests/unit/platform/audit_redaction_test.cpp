// Redaction of old audit entries (platform/audit/redaction.hpp): which subjects stay, and a seal that
// vouches for what stays of an entry under the audit key and for nothing else.
#include <gtest/gtest.h>

#include "platform/audit/redaction.hpp"
#include "platform/audit/service.hpp"

using namespace trame;
using namespace trame::audit;

namespace {

// An entry as Repository::for_each reads it once redacted: personal fields empty, the seal in the detail.
Entry redacted(const web::SecretKeys& keys) {
  Entry e;
  e.id = 42;
  e.at = 1'700'000'000;
  e.action = "login.success";
  e.subject = redacted_subject("user:12");
  e.prev_hash = std::string(64, 'a');
  e.hash = std::string(64, 'b');
  e.key_id = keys.current(web::kAuditContext).id;
  e.detail = std::string(kRedactedPrefix) + redaction_seal(keys.current(web::kAuditContext), e);
  return e;
}

}  // namespace

TEST(AuditRedaction, SubjectsNamingARecordOrAnAddressAreCleared) {
  EXPECT_EQ(redacted_subject("user:12"), "");
  EXPECT_EQ(redacted_subject("application:7"), "");
  EXPECT_EQ(redacted_subject("list:/sorties/beneficiaires?page=2"), "");
  EXPECT_EQ(redacted_subject("marie.durand@exemple.fr"), "");
  EXPECT_EQ(redacted_subject("retention"), "retention");
  EXPECT_EQ(redacted_subject("audit_log"), "audit_log");
  EXPECT_EQ(redacted_subject(""), "");
}

TEST(AuditRedaction, TheSealHoldsForWhatStaysOnly) {
  web::SecretKeys keys("une-clé-de-test");
  Entry e = redacted(keys);
  EXPECT_TRUE(redaction_holds(keys, e));
  // Under another secret_key, or with any kept field changed, it no longer holds.
  EXPECT_FALSE(redaction_holds(web::SecretKeys("une-autre-clé"), e));
  for (auto change :
       {+[](Entry& x) { x.hash[0] = 'c'; }, +[](Entry& x) { x.prev_hash[0] = 'c'; }, +[](Entry& x) { x.at += 1; },
        +[](Entry& x) { x.action = "logout"; }, +[](Entry& x) { x.subject = "retention"; },
        +[](Entry& x) { x.id += 1; }, +[](Entry& x) { x.actor_label = "marie.durand@exemple.fr"; },
        +[](Entry& x) { x.ip = "192.0.2.1"; }, +[](Entry& x) { x.detail.back() ^= 1; }}) {
    Entry altered = e;
    change(altered);
    EXPECT_FALSE(redaction_holds(keys, altered));
  }
  // A whole entry (no seal in its detail) is never taken for a redacted one.
  Entry whole = e;
  whole.detail = "beneficiaries=3";
  EXPECT_FALSE(redaction_holds(keys, whole));
}

TEST(AuditRedaction, AnOldKeyListedAmongThePreviousOnesStillChecksItsSeals) {
  web::SecretKeys old_keys("ancienne-clé");
  Entry e = redacted(old_keys);
  web::SecretKeys rotated("nouvelle-clé", {"ancienne-clé"});
  EXPECT_TRUE(redaction_holds(rotated, e));
}
