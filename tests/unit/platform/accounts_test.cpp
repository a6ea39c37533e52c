#include <gtest/gtest.h>

#include <filesystem>

#include "platform/accounts/service.hpp"
#include "platform/store/migrations.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    web::init_crypto();
    path_ = std::filesystem::temp_directory_path() / ("trame-accounts-" + web::random_token(6) + ".db");
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
    store::migrate(*db_, "migrations");
    catalogue_.load("locales");
    audit_ = std::make_unique<audit::Service>(*db_, web::SecretKeys());
    mail_ = std::make_unique<mail::Service>(*db_, mail::SmtpSettings{});
    service_ = std::make_unique<accounts::Service>(*db_, *audit_, *mail_, catalogue_, accounts::Settings{});
    db_->write([](soci::session& sql) {
      sql << "INSERT INTO organisations (name, kind, status, created_at) VALUES ('Sagiterre', 'training', 'active', 0)";
    });
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
  web::Catalogue catalogue_;
  std::unique_ptr<audit::Service> audit_;
  std::unique_ptr<mail::Service> mail_;
  std::unique_ptr<accounts::Service> service_;
};

TEST_F(Accounts, PasswordPolicy) {
  EXPECT_EQ(service_->password_problem("court", "a@b.fr"), "accounts.errors.password_short");
  EXPECT_EQ(service_->password_problem("motdepasse123", "a@b.fr"), "accounts.errors.password_common");
  EXPECT_EQ(service_->password_problem("aaaaaaaaaaaaaaaa", "a@b.fr"), "accounts.errors.password_common");
  EXPECT_EQ(service_->password_problem("éééééééééééé", "a@b.fr"), "accounts.errors.password_common");
  EXPECT_EQ(service_->password_problem("ééé", "a@b.fr"), "accounts.errors.password_short");
  EXPECT_FALSE(service_->password_problem("un chat sur le toit de Nantes", "a@b.fr").has_value());
  // No composition rules: a long lowercase phrase is fine.
  EXPECT_FALSE(service_->password_problem("lecturepubliqueetspectaclevivant", "a@b.fr").has_value());
}

TEST_F(Accounts, LoginCreatesSessionAndRateLimits) {
  Actor system{0, "test", "127.0.0.1"};
  ASSERT_TRUE(service_->add_user(system, "Awa@Exemple.fr", "Awa", "referent", 1, "un chat sur le toit").ok);
  auto ok = service_->login("awa@exemple.fr", "un chat sur le toit", "10.0.0.1", "test");
  ASSERT_EQ(ok.status, accounts::LoginResult::Status::ok);
  auto user = service_->resolve(ok.token);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->email, "awa@exemple.fr");
  EXPECT_EQ(user->memberships.size(), 1u);
  EXPECT_FALSE(service_->resolve("not-a-token-at-all").has_value());

  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(service_->login("awa@exemple.fr", "wrong password!", "10.0.0.2", "").status,
              accounts::LoginResult::Status::invalid);
  EXPECT_EQ(service_->login("awa@exemple.fr", "un chat sur le toit", "10.0.0.3", "").status,
            accounts::LoginResult::Status::rate_limited);
}

TEST_F(Accounts, TotpMatchesRfc6238AndRefusesGarbage) {
  // RFC 6238 test secret "12345678901234567890" in base32.
  const std::string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(accounts::Service::totp_code(secret, 59), "287082");
  EXPECT_GE(accounts::Service::totp_match(secret, "287082", 59), 0);
  EXPECT_LT(accounts::Service::totp_match(secret, "287083", 59), 0);
  EXPECT_LT(accounts::Service::totp_match(secret, "28708", 59), 0);
  EXPECT_LT(accounts::Service::totp_match(secret, "abcdef", 59), 0);
}

TEST_F(Accounts, DisablingRevokesSessions) {
  Actor admin{99, "admin", "127.0.0.1"};
  auto created = service_->add_user(admin, "b@exemple.fr", "B", "trainee", 1, "une longue phrase secrète");
  ASSERT_TRUE(created.ok);
  auto login = service_->login("b@exemple.fr", "une longue phrase secrète", "10.0.0.9", "");
  ASSERT_TRUE(service_->resolve(login.token).has_value());
  ASSERT_TRUE(service_->set_disabled(admin, created.id, true).ok);
  EXPECT_FALSE(service_->resolve(login.token).has_value());
  // A disabled account answers a right password exactly as a wrong one, and both count as failures.
  EXPECT_EQ(service_->login("b@exemple.fr", "une longue phrase secrète", "10.0.0.9", "").status,
            accounts::LoginResult::Status::invalid);
  EXPECT_EQ(service_->login("b@exemple.fr", "pas la bonne phrase", "10.0.0.9", "").status,
            accounts::LoginResult::Status::invalid);
  long long used = db_->read([](soci::session& sql) {
    return store::rate_used(sql, "login:account:b@exemple.fr", 900, store::now_seconds());
  });
  EXPECT_EQ(used, 2);
}

TEST_F(Accounts, PasswordTooCloseToTheEmailAddress) {
  const std::string email = "Camille.Essai@Exemple.test";
  const char* like = "accounts.errors.password_like_email";
  // The address itself, in any case, and its local part, with or without separators or a few extras.
  EXPECT_EQ(service_->password_problem("camille.essai@exemple.test", email), like);
  EXPECT_EQ(service_->password_problem("CAMILLE.ESSAI@EXEMPLE.TEST", email), like);
  EXPECT_EQ(service_->password_problem("camille.essai@exemple.test!", email), like);
  EXPECT_EQ(service_->password_problem("camille.essai", "camille.essai@exemple.test"), like);
  EXPECT_EQ(service_->password_problem("camille essai 2026", email), like);
  EXPECT_EQ(service_->password_problem("Essai-Camille-42", email), like);
  EXPECT_EQ(service_->password_problem("exemple camille essai", email), like);
  EXPECT_EQ(service_->password_problem("jean-baptiste.morel", "jean-baptiste.morel@laposte.net"), like);
  // A passphrase that merely holds a word of the address is still fine.
  EXPECT_FALSE(service_->password_problem("camille aime le théâtre de Nantes", email).has_value());
  EXPECT_FALSE(service_->password_problem("un chat sur le toit de Nantes", email).has_value());
  EXPECT_FALSE(service_->password_problem("une phrase de passe solide 42", "essai-x@exemple.test").has_value());
  // Creating an account with such a password is refused, nothing is written.
  Actor system{0, "test", "127.0.0.1"};
  auto refused = service_->add_user(system, "awa.diallo@exemple.fr", "Awa", "referent", 1, "awa.diallo@exemple.fr");
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error, like);
  long long users = db_->read([](soci::session& sql) {
    long long n = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM users", soci::into(n);
    return n;
  });
  EXPECT_EQ(users, 0);
}

TEST_F(Accounts, RateBudgetIsTakenInOneStatementAndReopensAfterTheWindow) {
  db_->write([](soci::session& sql) {
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(store::take_rate(sql, "t:b", 3, 60, 1000 + i));
    EXPECT_FALSE(store::take_rate(sql, "t:b", 3, 60, 1010));
    EXPECT_EQ(store::rate_used(sql, "t:b", 60, 1010), 3);
    // All or nothing: a spent second budget gives back the first one's unit.
    EXPECT_FALSE(store::take_rates(sql, {{"t:a", 5, 60}, {"t:b", 3, 60}}, 1020));
    EXPECT_EQ(store::rate_used(sql, "t:a", 60, 1020), 0);
    // The window opened at 1000 closes at 1060: a new one opens with this unit.
    EXPECT_TRUE(store::take_rate(sql, "t:b", 3, 60, 1060));
    EXPECT_EQ(store::rate_used(sql, "t:b", 60, 1060), 1);
    store::give_back_rate(sql, "t:b");
    EXPECT_EQ(store::rate_used(sql, "t:b", 60, 1060), 0);
    EXPECT_EQ(store::purge_rates(sql, 2000), 2);
  });
}
