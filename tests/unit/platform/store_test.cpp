#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "temp_database.hpp"
#include "platform/store/prepared.hpp"
#include "platform/web/crypto.hpp"

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
  // A Unix socket: its directory, percent-encoded, as the host (libpq takes a host starting with '/').
  auto u = store::DatabaseUrl::parse("postgresql://trame@%2Fvar%2Frun%2Fpostgresql:5432/trame");
  EXPECT_EQ(u.engine, store::Engine::postgresql);
  EXPECT_NE(u.soci_connect.find("host='/var/run/postgresql'"), std::string::npos);
  EXPECT_NE(u.soci_connect.find("port=5432"), std::string::npos);
  EXPECT_THROW(store::DatabaseUrl::parse("mysql://x"), std::invalid_argument);
  EXPECT_THROW(store::DatabaseUrl::parse("sqlite:"), std::invalid_argument);
}

class SqliteStore : public unit::TempSqlite {
 protected:
  // Settings whose key is LIKE pattern.
  long long count_settings(const std::string& pattern) {
    return db_->read([&](soci::session& sql) {
      long long c = 0;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key LIKE :p", soci::use(pattern), soci::into(c);
      return c;
    });
  }
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
  EXPECT_EQ(count_settings("k"), 0);
}

// Every pooled SQLite connection reads the file through a memory map (issue 22, session 18: the kernel's page
// copies were a quarter of the big pages' time at national size).
TEST_F(SqliteStore, EveryConnectionReadsThroughAMemoryMap) {
  db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 3);
  std::vector<long long> sizes;
  auto size_of = [&](soci::session& sql) {
    long long size = 0;
    sql << "PRAGMA mmap_size", soci::into(size);
    sizes.push_back(size);
  };
  // Three reads held at once: the pool's three connections.
  db_->read([&](soci::session& a) {
    db_->read([&](soci::session& b) {
      db_->read([&](soci::session& c) {
        size_of(a);
        size_of(b);
        size_of(c);
      });
    });
  });
  EXPECT_EQ(sizes, std::vector<long long>(3, 1LL << 30));
}

// Writers that arrive together are committed in one group: each keeps its own result, a writer
// that throws undoes only its own rows, and every row whose writer returned is there afterwards.
TEST_F(SqliteStore, ConcurrentWritersAreGroupedWithoutMixingTheirOutcomes) {
  db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 12);
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> thrown{0};
  std::vector<std::vector<long long>> returned(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string key = "group." + std::to_string(t) + "." + std::to_string(i);
        try {
          long long rows = db_->write([&](soci::session& sql) {
            sql << "INSERT INTO settings (key, value) VALUES (:k, 'v')", soci::use(key);
            // Every third writer fails after writing: its row must not survive.
            if (i % 3 == 0) throw std::runtime_error("refused");
            long long n = 0;
            sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key = :k", soci::use(key), soci::into(n);
            return n;
          });
          returned[t].push_back(rows);
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "refused");
          ++thrown;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  int expected_thrown = kThreads * ((kEach + 2) / 3);
  EXPECT_EQ(thrown.load(), expected_thrown);
  for (const auto& r : returned) {
    EXPECT_EQ(static_cast<int>(r.size()), kEach - (kEach + 2) / 3);
    for (long long n : r) EXPECT_EQ(n, 1);  // each writer saw its own row, once
  }
  long long kept = count_settings("group.%"), failed = 0;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; i += 3) failed += count_settings("group." + std::to_string(t) + "." + std::to_string(i));
  EXPECT_EQ(kept, kThreads * kEach - expected_thrown);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(db_->grouped_writers(), kThreads * kEach);
  EXPECT_LT(db_->write_commits(), db_->grouped_writers());  // some commits carried several writers
}

// A unique violation inside a grouped writer is that writer's error only.
TEST_F(SqliteStore, ConstraintErrorInAGroupStaysWithItsWriter) {
  db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 12);
  std::atomic<int> unique_errors{0}, committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        // Two threads share each key: exactly one of each pair wins.
        std::string key = "pair." + std::to_string(t / 2) + "." + std::to_string(i);
        try {
          db_->write(
              [&](soci::session& sql) { sql << "INSERT INTO settings (key, value) VALUES (:k, 'v')", soci::use(key); });
          ++committed;
        } catch (const std::exception& e) {
          EXPECT_TRUE(store::is_unique_violation(e)) << e.what();
          ++unique_errors;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(committed.load(), 90);
  EXPECT_EQ(unique_errors.load(), 90);
  EXPECT_EQ(count_settings("pair.%"), 90);
}

// A unique violation is recognised by the engine's error code, not by words in a message: a NOT NULL
// failure is not one, and neither is any other exception that merely says "UNIQUE constraint failed".
TEST_F(SqliteStore, UniqueViolationIsRecognisedByItsCode) {
  db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
  db_->write([&](soci::session& sql) { sql << "INSERT INTO settings (key, value) VALUES ('code.1', 'v')"; });
  try {
    db_->write([&](soci::session& sql) { sql << "INSERT INTO settings (key, value) VALUES ('code.1', 'w')"; });
    ADD_FAILURE() << "the second row was accepted";
  } catch (const std::exception& e) {
    EXPECT_TRUE(store::is_unique_violation(e)) << e.what();
  }
  try {
    db_->write([&](soci::session& sql) { sql << "INSERT INTO settings (key, value) VALUES ('code.2', NULL)"; });
    ADD_FAILURE() << "a NULL value was accepted";
  } catch (const std::exception& e) {
    EXPECT_FALSE(store::is_unique_violation(e)) << e.what();
  }
  EXPECT_FALSE(store::is_unique_violation(std::runtime_error("UNIQUE constraint failed: settings.key")));
  EXPECT_FALSE(store::is_unique_violation(std::runtime_error("duplicate key value violates unique constraint")));
}

// attempt(): the outcome a use case returns, or the one it rolled back with (and nothing it wrote).
TEST_F(SqliteStore, AttemptReturnsTheOutcomeOfARollback) {
  db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
  Outcome done = db_->attempt([&](soci::session& sql) {
    sql << "INSERT INTO settings (key, value) VALUES ('attempt.1', 'v')";
    return Outcome::success(1);
  });
  EXPECT_TRUE(done.ok);
  Outcome refused = db_->attempt([&](soci::session& sql) -> Outcome {
    sql << "INSERT INTO settings (key, value) VALUES ('attempt.2', 'v')";
    refuse("errors.example", "field");
  });
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.code, Failure::invalid);
  EXPECT_EQ(refused.error, "errors.example");
  EXPECT_EQ(refused.field, "field");
  EXPECT_EQ(count_settings("attempt.%"), 1);
  Outcome gone = db_->attempt([&](soci::session&) -> Outcome { roll_back(Outcome::not_found()); });
  EXPECT_EQ(gone.code, Failure::not_found);
  EXPECT_TRUE(gone.denied());
  EXPECT_EQ(Outcome::failure("errors.403.message").code, Failure::denied);
  EXPECT_EQ(Outcome::conflict("x").code, Failure::conflict);
}

// A prepared statement runs again with new values, reads nothing when nothing matches, survives a
// constraint error, and holds no read snapshot between runs (another connection's commit is seen).
TEST_F(SqliteStore, PreparedStatementsAreReusedWithNewValues) {
  const std::string insert = "INSERT INTO settings (key, value) VALUES (:k, :v)";
  const std::string select = "SELECT value FROM settings WHERE key = :k";
  db_->write([&](soci::session& sql) {
    for (int i = 0; i < 5; ++i) {
      std::string k = "p." + std::to_string(i), v = "v" + std::to_string(i);
      EXPECT_EQ(store::prepared(sql, insert, soci::use(k), soci::use(v)).affected, 1);
    }
  });
  db_->read([&](soci::session& sql) {
    for (int i = 4; i >= 0; --i) {
      std::string k = "p." + std::to_string(i), v;
      EXPECT_TRUE(store::prepared(sql, select, soci::use(k), soci::into(v)).got_data);
      EXPECT_EQ(v, "v" + std::to_string(i));
    }
    std::string missing = "p.none", v = "untouched";
    EXPECT_FALSE(store::prepared(sql, select, soci::use(missing), soci::into(v)).got_data);
  });
  // The same key twice: the error is reported and the statement still works afterwards.
  EXPECT_THROW(db_->write([&](soci::session& sql) {
    std::string k = "p.0", v = "again";
    store::prepared(sql, insert, soci::use(k), soci::use(v));
  }),
               std::exception);
  db_->write([&](soci::session& sql) {
    std::string k = "p.5", v = "v5";
    EXPECT_EQ(store::prepared(sql, insert, soci::use(k), soci::use(v)).affected, 1);
  });
  // A connection that ran the SELECT sees what another connection committed afterwards.
  {
    store::Database::Lease reader(*db_);
    for (int round = 0; round < 3; ++round) {
      std::string k = "p.changing", v = "r" + std::to_string(round);
      db_->write([&](soci::session& sql) {  // another connection: the reader is leased
        sql << "INSERT INTO settings (key, value) VALUES (:k, :v) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            soci::use(k), soci::use(v);
      });
      // Another query first: a statement left open by the previous run would pin an old snapshot.
      std::string seen;
      *reader << "SELECT value FROM settings WHERE key = :k", soci::use(k), soci::into(seen);
      EXPECT_EQ(seen, v);
      EXPECT_TRUE(store::prepared(*reader, select, soci::use(k), soci::into(seen)).got_data);
      EXPECT_EQ(seen, v);
    }
  }
  std::vector<std::string> keys;
  db_->read([&](soci::session& sql) {
    std::string key, prefix = "p.%";
    for (int twice = 0; twice < 2; ++twice) {
      keys.clear();
      store::prepared_rows(
          sql, "SELECT key FROM settings WHERE key LIKE :p ORDER BY key", [&] { keys.push_back(key); },
          soci::use(prefix), soci::into(key));
    }
    std::string none = "nothing.%";
    store::prepared_rows(
        sql, "SELECT key FROM settings WHERE key LIKE :p ORDER BY key", [&] { ADD_FAILURE(); }, soci::use(none),
        soci::into(key));
  });
  EXPECT_EQ(keys, (std::vector<std::string>{"p.0", "p.1", "p.2", "p.3", "p.4", "p.5", "p.changing"}));
}

TEST_F(SqliteStore, AuditChainDetectsTampering) {
  audit::Service audit(*db_, web::SecretKeys());
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

#include "platform/jobs/scheduler.hpp"

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

// Several instances on one database: a job's lease is held by one holder at a time, freed when its
// time runs out or when handed back (docs/deploy.md).
TEST_F(SqliteStore, JobLeaseIsHeldByOneInstanceAtATime) {
  const long long now = 1'000'000;
  EXPECT_TRUE(jobs::take_lease(*db_, "nettoyage", "a", now, now + 900));
  EXPECT_FALSE(jobs::take_lease(*db_, "nettoyage", "b", now + 1, now + 901));
  EXPECT_TRUE(jobs::take_lease(*db_, "sorties", "b", now + 1, now + 901)) << "another job is free";
  jobs::hand_back_lease(*db_, "nettoyage", "b", now, now);  // not b's lease: unchanged
  EXPECT_FALSE(jobs::take_lease(*db_, "nettoyage", "b", now + 2, now + 902));
  jobs::hand_back_lease(*db_, "nettoyage", "a", now + 59, now + 2);
  EXPECT_FALSE(jobs::take_lease(*db_, "nettoyage", "b", now + 58, now + 958)) << "free one period after the run";
  EXPECT_TRUE(jobs::take_lease(*db_, "nettoyage", "b", now + 59, now + 959));
  EXPECT_FALSE(jobs::take_lease(*db_, "nettoyage", "a", now + 60, now + 960));
  EXPECT_TRUE(jobs::take_lease(*db_, "nettoyage", "a", now + 959, now + 1859)) << "a dead holder's lease runs out";
  jobs::hand_back_leases(*db_, "a");
  EXPECT_TRUE(jobs::take_lease(*db_, "nettoyage", "c", now - 3600, now + 1900))
      << "a clean stop frees them at once, even for a process with an earlier clock";
  long long runs = db_->read([](soci::session& sql) {
    long long n = 0;
    sql << "SELECT runs FROM job_leases WHERE name = 'nettoyage'", soci::into(n);
    return n;
  });
  EXPECT_EQ(runs, 4);
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
  for (std::size_t pos = header.find("=?UTF-8?B?"); pos != std::string::npos;
       pos = header.find("=?UTF-8?B?", pos + 1)) {
    auto close = header.find("?=", pos + 10);
    ASSERT_NE(close, std::string::npos);
    EXPECT_LE(close + 2 - pos, 75u);
    ++words;
  }
  EXPECT_GE(words, 3u);
  EXPECT_NE(header.find("\r\n =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(raw.find("Ligne 1\r\nLigne 2"), std::string::npos);
}
