#include <gtest/gtest.h>

#include <filesystem>

#include "audit/service.hpp"
#include "mail/service.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "web/crypto.hpp"

using namespace trame;

TEST(DatabaseUrl, ParsesBothEnginesAndRejectsOthers) {
  auto s = store::DatabaseUrl::parse("sqlite:var/trame.db");
  EXPECT_EQ(s.engine, store::Engine::sqlite);
  EXPECT_EQ(s.sqlite_path, "var/trame.db");
  auto p = store::DatabaseUrl::parse("postgresql://trame:secret@127.0.0.1:5433/trame");
  EXPECT_EQ(p.engine, store::Engine::postgresql);
  EXPECT_NE(p.soci_connect.find("port=5433"), std::string::npos);
  EXPECT_NE(p.soci_connect.find("dbname='trame'"), std::string::npos);
  EXPECT_EQ(p.redacted().find("secret"), std::string::npos);
  EXPECT_THROW(store::DatabaseUrl::parse("mysql://x"), std::invalid_argument);
  EXPECT_THROW(store::DatabaseUrl::parse("sqlite:"), std::invalid_argument);
}

class SqliteStore : public ::testing::Test {
 protected:
  void SetUp() override {
    web::init_crypto();
    path_ = std::filesystem::temp_directory_path() / ("trame-unit-" + web::random_token(6) + ".db");
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
    store::migrate(*db_, "migrations");
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(SqliteStore, MigrationsAreIdempotent) {
  EXPECT_EQ(store::migrate(*db_, "migrations"), 0);
  auto sqlite = store::list_migrations("migrations", store::Engine::sqlite);
  auto pg = store::list_migrations("migrations", store::Engine::postgresql);
  ASSERT_EQ(sqlite.size(), pg.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) EXPECT_EQ(sqlite[i].name, pg[i].name);
}

TEST_F(SqliteStore, WriteRollsBackOnException) {
  EXPECT_THROW(db_->write([](soci::session& sql) {
    sql << "INSERT INTO settings (key, value) VALUES ('k', 'v')";
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  long long n = db_->read([](soci::session& sql) {
    long long c = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key = 'k'", soci::into(c);
    return c;
  });
  EXPECT_EQ(n, 0);
}

TEST_F(SqliteStore, AuditChainDetectsTampering) {
  audit::Service audit(*db_);
  Actor actor{1, "admin@trame.local", "127.0.0.1"};
  audit.record(actor, "login.success", "user:1");
  audit.record(actor, "user.role_added", "user:2", "referent@3");
  audit.record(actor, "export", "organisations");
  auto ok = audit.verify();
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.checked, 3);
  // The log is append-only.
  EXPECT_ANY_THROW(db_->write([](soci::session& sql) { sql << "UPDATE audit_log SET detail = 'x' WHERE id = 2"; }));
  EXPECT_ANY_THROW(db_->write([](soci::session& sql) { sql << "DELETE FROM audit_log WHERE id = 2"; }));
  // Someone with file access removes the guard and edits a row: verify finds it.
  db_->write([](soci::session& sql) {
    sql << "DROP TRIGGER audit_log_no_update";
    sql << "UPDATE audit_log SET detail = 'administrator@3' WHERE id = 2";
  });
  auto bad = audit.verify();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 2);
}

TEST_F(SqliteStore, OutboxKeepsMessagesWhenSmtpIsDown) {
  mail::Service mail(*db_, mail::SmtpSettings{"smtp://127.0.0.1:1", "", "", "Trame <t@trame.local>", false});
  db_->write([&](soci::session& sql) { mail.enqueue(sql, "a@exemple.fr", "Objet accentué", "Corps"); });
  EXPECT_EQ(mail.deliver_due(), 0);
  long long total = 0;
  auto messages = mail.page(1, 10, total);
  ASSERT_EQ(total, 1);
  EXPECT_EQ(messages[0].status, "pending");
  EXPECT_EQ(messages[0].attempts, 1);
  EXPECT_GT(messages[0].next_attempt_at, store::now_seconds());
  EXPECT_FALSE(messages[0].last_error.empty());
}

TEST(Mail, FormatsUtf8HeadersAndBackoffGrows) {
  store::Database* none = nullptr;
  (void)none;
  EXPECT_EQ(mail::Service::backoff_seconds(0), 30);
  EXPECT_EQ(mail::Service::backoff_seconds(1), 60);
  EXPECT_EQ(mail::Service::backoff_seconds(20), 3600);
}

#include "jobs/scheduler.hpp"

TEST_F(SqliteStore, PurgeRemovesOnlyExpiredRows) {
  long long now = store::now_seconds();
  db_->write([&](soci::session& sql) {
    long long old_at = now - 3 * 24 * 3600, fresh_at = now;
    sql << "INSERT INTO rate_events (bucket, at) VALUES ('login:ip:1', :a)", soci::use(old_at);
    sql << "INSERT INTO rate_events (bucket, at) VALUES ('login:ip:1', :a)", soci::use(fresh_at);
    sql << "INSERT INTO form_submissions (token, at) VALUES ('old-token', :a)", soci::use(old_at);
  });
  EXPECT_EQ(jobs::purge_expired(*db_, now), 2);
  long long left = db_->read([](soci::session& sql) {
    long long n = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM rate_events", soci::into(n);
    return n;
  });
  EXPECT_EQ(left, 1);
}

TEST(Mail, LongSubjectsAreFoldedIntoShortEncodedWords) {
  store::DatabaseUrl url = store::DatabaseUrl::parse("sqlite::memory:");
  store::Database db(url, 1);
  mail::Service mail(db, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  mail::Message m;
  m.id = 1;
  m.recipient = "a@exemple.fr";
  m.subject = "Inscription confirmée à la formation « Pouvoir d'agir et coopération à l'épreuve du territoire »";
  m.body = "Ligne 1\nLigne 2";
  std::string raw = mail.format(m, 0);
  auto start = raw.find("Subject: ");
  auto end = raw.find("\r\nMessage-ID");
  std::string header = raw.substr(start + 9, end - start - 9);
  std::size_t words = 0;
  for (std::size_t pos = header.find("=?UTF-8?B?"); pos != std::string::npos; pos = header.find("=?UTF-8?B?", pos + 1)) {
    auto close = header.find("?=", pos + 10);
    ASSERT_NE(close, std::string::npos);
    EXPECT_LE(close + 2 - pos, 75u);
    ++words;
  }
  EXPECT_GE(words, 3u);
  EXPECT_NE(header.find("\r\n =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(raw.find("Ligne 1\r\nLigne 2"), std::string::npos);
}
