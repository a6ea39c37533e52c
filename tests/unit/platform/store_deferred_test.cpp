// store/deferred.hpp: the write transaction's memo (undone with a writer's savepoint) and the deferred
// statements sent with the next control statement on PostgreSQL (an error there fails only its writer),
// and the audit chain that uses both. On SQLite always; on PostgreSQL when TRAME_TEST_PG names a server
// (postgresql://user@host:port, as the integration tests): a database of its own, dropped at the end.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/store/database.hpp"
#include "platform/store/deferred.hpp"
#include "platform/store/migrations.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;

namespace {

class Deferred : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    web::init_crypto();
    const std::string token = web::random_token(6);
    if (GetParam() == store::Engine::sqlite) {
      path_ = std::filesystem::temp_directory_path() / ("trame-unit-" + token + ".db");
      url_ = "sqlite:" + path_.string();
    } else {
      const char* server = std::getenv("TRAME_TEST_PG");
      if (server == nullptr || *server == '\0') GTEST_SKIP() << "TRAME_TEST_PG is not set";
      server_ = server;
      name_ = "trame_unit_deferred_";
      for (char c : token)
        name_ += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
      admin("CREATE DATABASE " + name_);
      url_ = server_ + "/" + name_;
    }
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse(url_), 12);
    store::migrate(*db_, "migrations");
  }
  void TearDown() override {
    db_.reset();
    if (!path_.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    if (!name_.empty()) admin("DROP DATABASE IF EXISTS " + name_);
  }
  void admin(const std::string& statement) {
    store::Database postgres(store::DatabaseUrl::parse(server_ + "/postgres"), 1);
    postgres.read([&](soci::session& sql) { sql << statement; });
  }
  long long count(const std::string& pattern) {
    return db_->read([&](soci::session& sql) {
      long long c = 0;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key LIKE :p", soci::use(pattern), soci::into(c);
      return c;
    });
  }
  // Runs body(t, i) from `threads` threads, `each` times each, so that writers meet in groups.
  template <class Body>
  void concurrently(int threads, int each, Body body) {
    std::vector<std::thread> running;
    running.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t)
      running.emplace_back([&, t] {
        for (int i = 0; i < each; ++i) body(t, i);
      });
    for (auto& th : running) th.join();
  }
  std::filesystem::path path_;
  std::string server_, name_, url_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace

// Each writer leaves its key in the memo; every third one fails after that. A committed writer's row keeps
// the memo it found: never the key of a failed writer (its savepoint undid its memo too), and, in groups,
// often the key of the writer before it in the same transaction.
TEST_P(Deferred, TheMemoFollowsTheWritersSavepoints) {
  db_->read([&](soci::session& sql) {
    store::set_memo(sql, "k", "v");
    EXPECT_FALSE(store::memo(sql, "k").has_value());  // no memo outside a write
  });
  std::atomic<int> failed{0};
  concurrently(8, 30, [&](int t, int i) {
    const std::string key = "memo." + std::to_string(t) + "." + std::to_string(i);
    try {
      db_->write([&](soci::session& sql) {
        const std::string found = store::memo(sql, "last").value_or("none");
        sql << "INSERT INTO settings (key, value) VALUES (:k, :v)", soci::use(key), soci::use(found);
        store::set_memo(sql, "last", key);
        if (i % 3 == 0) throw std::runtime_error("refused");
      });
    } catch (const std::runtime_error&) {
      ++failed;
    }
  });
  EXPECT_EQ(failed.load(), 8 * 10);
  EXPECT_EQ(count("memo.%"), 8 * 20);
  db_->read([&](soci::session& sql) {
    long long wrong = -1, chained = -1;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings s WHERE s.key LIKE 'memo.%' AND s.value <> 'none' AND "
           "NOT EXISTS (SELECT 1 FROM settings o WHERE o.key = s.value)",
        soci::into(wrong);
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key LIKE 'memo.%' AND value <> 'none'",
        soci::into(chained);
    EXPECT_EQ(wrong, 0);
    if (db_->write_commits() < db_->grouped_writers()) {
      EXPECT_GT(chained, 0);
    }
  });
  db_->write([&](soci::session& sql) { EXPECT_FALSE(store::memo(sql, "last").has_value()); });  // forgotten at COMMIT
}

// Two writers defer the same key: the one whose deferred INSERT fails at the flush fails as a whole (its
// immediate row is undone), the other and the rest of the group commit.
TEST_P(Deferred, ADeferredErrorFailsOnlyItsWriter) {
  const long long sent_before = store::deferred_sent();
  db_->write([&](soci::session& sql) {
    store::defer(sql, "INSERT INTO settings (key, value) VALUES (:k, :v)", std::string("alone"), 1LL);
    long long seen = -1;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM settings WHERE key = 'alone'", soci::into(seen);
    // Not sent yet on PostgreSQL (it goes with the COMMIT); run at once on SQLite.
    EXPECT_EQ(seen, GetParam() == store::Engine::postgresql ? 0 : 1);
  });
  EXPECT_EQ(count("alone"), 1);
  std::atomic<int> committed{0}, refused{0};
  concurrently(6, 30, [&](int t, int i) {
    const std::string shared = "pair." + std::to_string(t / 2) + "." + std::to_string(i);
    const std::string own = "own." + std::to_string(t) + "." + std::to_string(i);
    try {
      db_->write([&](soci::session& sql) {
        sql << "INSERT INTO settings (key, value) VALUES (:k, 'x')", soci::use(own);
        store::defer(sql, "INSERT INTO settings (key, value) VALUES (:k, :v)", shared, std::string("y"));
      });
      ++committed;
    } catch (const std::exception& e) {
      ++refused;
      if (GetParam() == store::Engine::postgresql) {
        EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
      } else {
        EXPECT_TRUE(store::is_unique_violation(e)) << e.what();
      }
    }
  });
  EXPECT_EQ(committed.load(), 90);
  EXPECT_EQ(refused.load(), 90);
  EXPECT_EQ(count("pair.%"), 90);
  EXPECT_EQ(count("own.%"), 90);  // the refused writers' own rows were undone with them
  if (GetParam() == store::Engine::postgresql) {
    EXPECT_GE(store::deferred_sent() - sent_before, 181);
  }
}

// The audit chain takes its head once per group: writers that record one or two entries, some failing after
// recording, leave an intact chain with exactly the committed writers' entries.
TEST_P(Deferred, TheAuditChainStaysIntactAcrossGroups) {
  audit::Service audit(*db_, web::SecretKeys());
  Actor actor{1, "admin@trame.local", "127.0.0.1"};
  std::atomic<int> kept{0};
  concurrently(8, 25, [&](int t, int i) {
    try {
      db_->write([&](soci::session& sql) {
        audit.record(sql, actor, "test.first", "t:" + std::to_string(t), std::to_string(i));
        if (i % 2 == 0) audit.record(sql, actor, "test.second", "t:" + std::to_string(t), std::to_string(i));
        if (i % 5 == 0) throw std::runtime_error("refused");
      });
      kept += i % 2 == 0 ? 2 : 1;
    } catch (const std::runtime_error&) {
    }
  });
  auto result = audit.verify();
  EXPECT_TRUE(result.ok) << result.problem << " at " << result.first_bad_id;
  EXPECT_EQ(result.checked, kept.load());
  EXPECT_LT(db_->write_commits(), db_->grouped_writers());  // some groups held several writers
}

INSTANTIATE_TEST_SUITE_P(Engines, Deferred, ::testing::Values(store::Engine::sqlite, store::Engine::postgresql),
                         [](const auto& info) {
                           return info.param == store::Engine::sqlite ? "sqlite" : "postgresql";
                         });
