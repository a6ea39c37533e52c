// The audit log's keyed chain (issue 12, finding 6): someone who can write the database, but does not
// know secret_key, cannot forge it; and TOTP seeds are stored sealed under a key from secret_key.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/accounts/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/store/migrations.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;

namespace {
const std::string kSecret = "une-clé-secrète-de-test-assez-longue-0123456789";
const std::string kNewSecret = "la-nouvelle-clé-secrète-après-rotation-9876543210";

class AuditChain : public ::testing::Test {
 protected:
  void SetUp() override {
    web::init_crypto();
    path_ = std::filesystem::temp_directory_path() / ("trame-audit-" + web::random_token(6) + ".db");
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
    store::migrate(*db_, "migrations");
    audit_ = std::make_unique<audit::Service>(*db_, web::SecretKeys(kSecret));
  }
  void TearDown() override {
    audit_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    std::filesystem::remove(head_file());
  }
  std::filesystem::path head_file() const { return path_.string() + ".head"; }

  void record_some(int n, const std::string& action = "login.success") {
    for (int i = 0; i < n; ++i)
      audit_->record({1, "admin@trame.local", "127.0.0.1"}, action, "user:" + std::to_string(i + 1),
                     "d" + std::to_string(i));
  }
  void drop_guards() {
    db_->write([](soci::session& sql) {
      sql << "DROP TRIGGER audit_log_no_update";
      sql << "DROP TRIGGER audit_log_no_delete";
    });
  }
  std::vector<audit::Entry> entries() {
    std::vector<audit::Entry> out;
    db_->read([&](soci::session& sql) {
      audit::Repository().for_each(sql, [&](const audit::Entry& e) { out.push_back(e); });
    });
    return out;
  }
  // What an attacker with SQL access does: rewrite entry `from_id` and every later one so that the
  // links hold, hashing each with `hash` (the unkeyed rule, or a key of their own), and set the head.
  void rechain_from(long long from_id, const std::function<std::string(audit::Entry&)>& hash,
                    const std::string& key_id) {
    db_->write([&](soci::session& sql) {
      std::string prev;
      for (auto e : entries()) {
        if (e.id >= from_id) {
          e.prev_hash = prev;
          e.key_id = key_id;
          e.hash = hash(e);
          sql << "UPDATE audit_log SET detail = :d, prev_hash = :p, hash = :h, key_id = :k WHERE id = :id",
              soci::use(e.detail), soci::use(e.prev_hash), soci::use(e.hash), soci::use(e.key_id), soci::use(e.id);
        }
        prev = e.hash;
      }
      sql << "UPDATE audit_head SET head_hash = :h WHERE id = 1", soci::use(prev);
    });
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::Service> audit_;
};
}  // namespace

TEST_F(AuditChain, EntriesAreChainedWithAnHmacUnderTheConfiguredKey) {
  record_some(3);
  auto ok = audit_->verify();
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.checked, 3);
  for (const auto& e : entries()) {
    EXPECT_EQ(e.key_id, audit_->key_id());
    EXPECT_NE(e.hash, audit::Service::unkeyed_hash(e));  // not the plain SHA-256 anybody can recompute
  }
  EXPECT_EQ(ok.head.count, 3);
  EXPECT_EQ(ok.head.hash, entries().back().hash);
  // Another secret_key gives another key: the same log does not verify under it.
  audit::Service other(*db_, web::SecretKeys(kNewSecret));
  EXPECT_NE(other.key_id(), audit_->key_id());
  EXPECT_FALSE(other.verify().ok);
}

TEST_F(AuditChain, AnEntryRechainedBySqlWithThePlainHashIsDetected) {
  record_some(4);
  drop_guards();
  db_->write([](soci::session& sql) { sql << "UPDATE audit_log SET detail = 'administrator@3' WHERE id = 2"; });
  // The pre-key attack: recompute the plain SHA-256 chain from there (and the head's hash).
  rechain_from(
      2, [](audit::Entry& e) { return audit::Service::unkeyed_hash(e); }, "");
  auto bad = audit_->verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 2);
  EXPECT_NE(bad.problem.find("sans clé"), std::string::npos) << bad.problem;

  // Keeping the key id does not help either: the HMAC does not match.
  rechain_from(
      2, [](audit::Entry& e) { return audit::Service::unkeyed_hash(e); }, audit_->key_id());
  bad = audit_->verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 2);
  EXPECT_EQ(bad.problem, "le contenu de l'entrée a été modifié");
}

TEST_F(AuditChain, AChainRewrittenUnderAnotherKeyIsDetected) {
  record_some(3);
  drop_guards();
  // An attacker who guesses the built-in development key rewrites everything, head MAC included.
  web::DerivedKey guess = web::SecretKeys().current(web::kAuditContext);
  rechain_from(
      1, [&](audit::Entry& e) { return audit::Service::keyed_hash(guess, e); }, guess.id);
  auto last = entries().back().hash;
  db_->write([&](soci::session& sql) {
    std::string mac = audit::Service::head_mac(guess, 3, last);
    sql << "UPDATE audit_head SET key_id = :k, mac = :m WHERE id = 1", soci::use(guess.id), soci::use(mac);
  });
  auto bad = audit_->verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 1);
  EXPECT_NE(bad.problem.find("clé inconnue"), std::string::npos) << bad.problem;
}

TEST_F(AuditChain, ACutTailWithALoweredCounterIsDetected) {
  record_some(5);
  drop_guards();
  db_->write([](soci::session& sql) {
    sql << "DELETE FROM audit_log WHERE id > 3";
    sql << "UPDATE audit_head SET appended = 3, head_hash = (SELECT hash FROM audit_log WHERE id = 3) WHERE id = 1";
  });
  auto bad = audit_->verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.problem.find("la tête du journal (compteur d'entrées) a été modifiée"), std::string::npos)
      << bad.problem;

  // Clearing the head's MAC is no way out.
  db_->write([](soci::session& sql) { sql << "UPDATE audit_head SET mac = '' WHERE id = 1"; });
  EXPECT_FALSE(audit_->verify().ok);
}

TEST_F(AuditChain, AnOldHeadPutBackIsCaughtByTheExportedHead) {
  record_some(2);
  audit::Head old;
  db_->read([&](soci::session& sql) { old = audit::Repository().head(sql); });
  record_some(3, "user.role_added");
  auto exported = audit_->export_head(head_file());
  ASSERT_TRUE(exported.ok) << exported.problem;
  std::string error;
  auto mark = audit::Service::read_mark(head_file(), error);
  ASSERT_TRUE(mark) << error;
  EXPECT_EQ(mark->count, 5);

  // Cut the last three entries and put back the head as it was after two: the database alone agrees.
  drop_guards();
  db_->write([&](soci::session& sql) {
    sql << "DELETE FROM audit_log WHERE id > 2";
    sql << "UPDATE audit_head SET appended = :a, head_hash = :h, key_id = :k, mac = :m WHERE id = 1",
        soci::use(old.appended), soci::use(old.hash), soci::use(old.key_id), soci::use(old.mac);
  });
  EXPECT_TRUE(audit_->verify().ok);
  // The head exported out of the database does not.
  auto bad = audit_->verify(mark);
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.problem.find("fin du journal coupée"), std::string::npos) << bad.problem;
  // And the file is not moved back to the shorter log.
  EXPECT_FALSE(audit_->export_head(head_file()).ok);
  EXPECT_EQ(audit::Service::read_mark(head_file(), error)->count, 5);
}

TEST_F(AuditChain, ExportedHeadsParse) {
  auto m = audit::Mark::parse("12:" + std::string(64, 'a') + "\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->count, 12);
  EXPECT_TRUE(audit::Mark::parse("0:"));
  EXPECT_FALSE(audit::Mark::parse("12:abc"));
  EXPECT_FALSE(audit::Mark::parse(":" + std::string(64, 'a')));
  EXPECT_FALSE(audit::Mark::parse("x1:" + std::string(64, 'a')));
  EXPECT_FALSE(audit::Mark::parse("12:" + std::string(64, 'A')));
}

TEST_F(AuditChain, EntriesChainedBeforeTheKeyStayVerifiableOnceSealed) {
  // A log written before the key: plain SHA-256 entries, key_id '', a head without hash or MAC.
  db_->write([](soci::session& sql) {
    std::string prev;
    for (int i = 1; i <= 3; ++i) {
      audit::Entry e;
      e.at = 1000 + i;
      e.actor_id = 1;
      e.actor_label = "admin@trame.local";
      e.action = "export";
      e.subject = "organisations";
      e.prev_hash = prev;
      e.hash = audit::Service::unkeyed_hash(e);
      sql << "INSERT INTO audit_log (at, actor_id, actor_label, action, subject, detail, ip, prev_hash, hash) "
             "VALUES (:at, :a, :l, :ac, :s, '', '', :p, :h)",
          soci::use(e.at), soci::use(e.actor_id), soci::use(e.actor_label), soci::use(e.action), soci::use(e.subject),
          soci::use(e.prev_hash), soci::use(e.hash);
      prev = e.hash;
    }
    sql << "UPDATE audit_head SET appended = 3 WHERE id = 1";
  });
  EXPECT_FALSE(audit_->verify().ok);  // not sealed: could be a chain rewritten without key
  audit_->seal_unkeyed();
  audit_->seal_unkeyed();  // once only
  record_some(2);
  auto ok = audit_->verify();
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.checked, 6);
  auto all = entries();
  EXPECT_EQ(all[3].action, "audit.keyed");
  EXPECT_EQ(all[3].detail, "unkeyed=3");

  // An unkeyed entry is still checked by the old rule...
  drop_guards();
  db_->write([](soci::session& sql) { sql << "UPDATE audit_log SET detail = 'x' WHERE id = 2"; });
  EXPECT_EQ(audit_->verify().first_bad_id, 2);
  // ...and rewriting the whole log without a key loses the seal.
  rechain_from(
      1, [](audit::Entry& e) { return audit::Service::unkeyed_hash(e); }, "");
  auto bad = audit_->verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.problem.find("réécrit sans clé"), std::string::npos) << bad.problem;
}

TEST_F(AuditChain, ARotationStartsANewSegmentThatNeedsThePreviousKeyToVerifyTheOldOne) {
  record_some(2);
  audit::Service rotated(*db_, web::SecretKeys(kNewSecret, {kSecret}));
  EXPECT_EQ(rotated.record_rotation({0, "ligne de commande", "127.0.0.1"}), audit_->key_id());
  EXPECT_EQ(rotated.record_rotation({0, "ligne de commande", "127.0.0.1"}), "");  // done already
  rotated.record({1, "admin@trame.local", "127.0.0.1"}, "login.success", "user:1");
  auto ok = rotated.verify();
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.checked, 4);
  // Without the previous secret the old segment cannot be checked: said, not passed.
  auto unknown = audit::Service(*db_, web::SecretKeys(kNewSecret)).verify();
  EXPECT_FALSE(unknown.ok);
  EXPECT_NE(unknown.problem.find("previous_secret_keys"), std::string::npos);
  // An entry written under the old key after the rotation (a leaked old key) is refused.
  audit_->record({1, "admin@trame.local", "127.0.0.1"}, "login.success", "user:1");
  auto bad = rotated.verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 5);
}

TEST_F(AuditChain, AtStartupAListedPreviousKeyIsRotatedAndAnUnknownOneRefused) {
  record_some(2);
  EXPECT_EQ(audit_->adopt_current_key(), "");  // same key: nothing to do
  // secret_key changed without keeping the old one (or mistyped): said before anything is written.
  audit::Service mistyped(*db_, web::SecretKeys(kNewSecret));
  EXPECT_NE(mistyped.adopt_current_key().find("ni la secret_key configurée"), std::string::npos);
  EXPECT_EQ(entries().size(), 2u);
  // The old one listed: the rotation is recorded, once.
  audit::Service rotated(*db_, web::SecretKeys(kNewSecret, {kSecret}));
  EXPECT_EQ(rotated.adopt_current_key(), "");
  EXPECT_EQ(rotated.adopt_current_key(), "");
  auto all = entries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().action, "audit.key_rotated");
  EXPECT_EQ(all.back().detail, "old=" + audit_->key_id() + " new=" + rotated.key_id());
  EXPECT_TRUE(rotated.verify().ok);
}

TEST(Sealing, SealedValuesOpenOnlyWithTheirKeyAndContext) {
  web::init_crypto();
  web::SecretKeys keys(kSecret);
  auto key = keys.current(web::kTotpContext);
  EXPECT_NE(key.id, keys.current(web::kAuditContext).id);  // one key per purpose
  std::string sealed = web::seal(key, "JBSWY3DPEHPK3PXP", "totp;user:7");
  EXPECT_TRUE(web::is_sealed(sealed));
  EXPECT_EQ(sealed.find("JBSWY3DPEHPK3PXP"), std::string::npos);
  EXPECT_EQ(web::sealed_key_id(sealed), key.id);
  EXPECT_NE(sealed, web::seal(key, "JBSWY3DPEHPK3PXP", "totp;user:7"));  // random nonce
  EXPECT_EQ(web::unseal(key, sealed, "totp;user:7"), "JBSWY3DPEHPK3PXP");
  EXPECT_FALSE(web::unseal(key, sealed, "totp;user:8"));  // moved to another account
  EXPECT_FALSE(web::unseal(web::SecretKeys(kNewSecret).current(web::kTotpContext), sealed, "totp;user:7"));
  std::string altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(web::unseal(key, altered, "totp;user:7"));
  EXPECT_FALSE(web::is_sealed("JBSWY3DPEHPK3PXP"));
  // A previous key is found by its id.
  web::SecretKeys rotated(kNewSecret, {kSecret});
  EXPECT_EQ(rotated.find(web::kTotpContext, key.id)->bytes, key.bytes);
  EXPECT_FALSE(web::SecretKeys(kNewSecret).find(web::kTotpContext, key.id));
}

class TotpSeeds : public AuditChain {
 protected:
  void SetUp() override {
    AuditChain::SetUp();
    mail_ = std::make_unique<mail::Service>(*db_, mail::SmtpSettings{});
  }
  void TearDown() override {
    mail_.reset();
    AuditChain::TearDown();
  }
  std::unique_ptr<accounts::Service> accounts(const web::SecretKeys& keys) {
    accounts::Settings settings;
    settings.keys = keys;
    return std::make_unique<accounts::Service>(*db_, *audit_, *mail_, catalogue_, settings);
  }
  std::string stored_seed(long long user_id) {
    std::string s;
    db_->read([&](soci::session& sql) {
      sql << "SELECT totp_secret FROM users WHERE id = :id", soci::use(user_id), soci::into(s);
    });
    return s;
  }
  long long add_user(accounts::Service& service, const std::string& email) {
    db_->write([](soci::session& sql) {
      sql << "INSERT INTO organisations (name, kind, status, created_at) SELECT 'Sagiterre', 'training', 'active', 0 "
             "WHERE NOT EXISTS (SELECT 1 FROM organisations)";
    });
    long long org = 0;
    db_->read([&](soci::session& sql) { sql << "SELECT MIN(id) FROM organisations", soci::into(org); });
    auto added = service.add_user({0, "test", "127.0.0.1"}, email, "Camille Test", "coordinator", org,
                                  "une phrase de passe solide 2026");
    EXPECT_TRUE(added.ok) << added.error;
    return added.id;
  }
  std::unique_ptr<mail::Service> mail_;
  web::Catalogue catalogue_;
};

TEST_F(TotpSeeds, ASeedIsStoredSealedAndStillChecksCodes) {
  auto service = accounts(web::SecretKeys(kSecret));
  long long id = add_user(*service, "camille@exemple.fr");
  auto enrolment = service->begin_totp(id);
  ASSERT_FALSE(enrolment.secret.empty());
  std::string stored = stored_seed(id);
  EXPECT_TRUE(web::is_sealed(stored)) << stored;
  EXPECT_EQ(stored.find(enrolment.secret), std::string::npos);  // the database does not hold the base32 seed
  EXPECT_EQ(service->begin_totp(id).secret, enrolment.secret);  // the pending enrolment reads it back
  long long now = store::now_seconds();
  auto confirmed =
      service->confirm_totp({id, "camille", "127.0.0.1"}, id, accounts::Service::totp_code(enrolment.secret, now));
  EXPECT_TRUE(confirmed.ok) << confirmed.error;
  EXPECT_TRUE(web::is_sealed(stored_seed(id)));
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_F(TotpSeeds, SeedsInClearOrUnderAPreviousKeyAreResealed) {
  auto service = accounts(web::SecretKeys(kSecret));
  long long legacy = add_user(*service, "ancien@exemple.fr");
  long long other = add_user(*service, "autre@exemple.fr");
  // A seed stored in clear, as before.
  db_->write([&](soci::session& sql) {
    sql << "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = :id", soci::use(legacy);
  });
  EXPECT_EQ(service->reseal_totp_seeds(), 1);
  EXPECT_TRUE(web::is_sealed(stored_seed(legacy)));
  EXPECT_EQ(service->begin_totp(legacy).secret, "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(service->reseal_totp_seeds(), 0);

  // secret_key rotated: with the old one among the previous keys, the seed is resealed under the new one.
  auto rotated = accounts(web::SecretKeys(kNewSecret, {kSecret}));
  EXPECT_EQ(rotated->reseal_totp_seeds(), 1);
  EXPECT_EQ(web::sealed_key_id(stored_seed(legacy)), web::SecretKeys(kNewSecret).current(web::kTotpContext).id);
  EXPECT_EQ(accounts(web::SecretKeys(kNewSecret))->begin_totp(legacy).secret, "JBSWY3DPEHPK3PXP");

  // A sealed seed copied onto another account does not open there.
  db_->write([&](soci::session& sql) {
    sql << "UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE id = :a) WHERE id = :b",
        soci::use(legacy), soci::use(other);
  });
  EXPECT_NE(accounts(web::SecretKeys(kNewSecret))->begin_totp(other).secret, "JBSWY3DPEHPK3PXP");
}
