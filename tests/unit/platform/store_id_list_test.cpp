// Our own ids as an SQL condition (store/id_list.hpp): the same rows on both engines, spelled `IN (…)` on
// SQLite and as one array constant on PostgreSQL (tested when TRAME_TEST_PG is set, in a temporary table of
// its "postgres" database), for no id, a few, thousands, duplicates, every row, and under NOT with a NULL.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "platform/store/database.hpp"
#include "platform/store/id_list.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;

namespace {

constexpr long long kRows = 5000;

class IdList : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    web::init_crypto();
    if (GetParam() == store::Engine::sqlite) {
      path_ = std::filesystem::temp_directory_path() / ("trame-unit-ids-" + web::random_token(6) + ".db");
      db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 1);
    } else {
      const char* server = std::getenv("TRAME_TEST_PG");
      if (server == nullptr || *server == '\0') GTEST_SKIP() << "TRAME_TEST_PG is not set";
      db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse(std::string(server) + "/postgres"), 1);
    }
  }
  void TearDown() override {
    db_.reset();
    if (!path_.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  // body(sql) with a temporary table t: ids 1..kRows (key: the id as text) and one row without id nor key.
  template <class Body>
  void with_table(Body body) {
    db_->write([&](soci::session& sql) {
      sql << "CREATE TEMPORARY TABLE t (id BIGINT, k TEXT)";
      sql << "INSERT INTO t (id, k) VALUES (NULL, NULL)";
      for (long long from = 1; from <= kRows; from += 500) {
        std::string values;
        for (long long id = from; id < from + 500 && id <= kRows; ++id)
          values += (values.empty() ? "(" : ", (") + std::to_string(id) + ", '" + std::to_string(id) + "')";
        sql << "INSERT INTO t (id, k) VALUES " + values;
      }
      try {
        body(sql);
      } catch (...) {
        sql << "DROP TABLE t";
        throw;
      }
      sql << "DROP TABLE t";
    });
  }
  static long long count(soci::session& sql, const std::string& where) {
    long long n = -1;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM t WHERE " + where, soci::into(n);
    return n;
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(IdList, EachEngineHasItsSpelling) {
  with_table([&](soci::session& sql) {
    const std::string c = store::in_ids(sql, "id", {3, 7, 12});
    const std::string k = store::in_id_keys(sql, "k", {3, 7});
    if (GetParam() == store::Engine::postgresql) {
      EXPECT_EQ(c, "id = ANY ('{3,7,12}'::BIGINT[])");
      EXPECT_EQ(k, "k = ANY ('{3,7}'::TEXT[])");
      EXPECT_EQ(store::in_ids(sql, "id", {}), "id = 0");  // as PostgreSQL reads IN (0): the same plans
      EXPECT_EQ(store::in_ids(sql, "id", {17}), "id = 17");
      EXPECT_EQ(store::in_id_keys(sql, "k", {}), "k = ''");
      EXPECT_EQ(store::in_id_keys(sql, "k", {17}), "k = '17'");
    } else {
      EXPECT_EQ(c, "id IN (3,7,12)");
      EXPECT_EQ(k, "k IN ('3','7')");
      EXPECT_EQ(store::in_ids(sql, "id", {}), "id IN (0)");
      EXPECT_EQ(store::in_ids(sql, "id", {17}), "id IN (17)");
      EXPECT_EQ(store::in_id_keys(sql, "k", {}), "k IN ('')");
      EXPECT_EQ(store::in_id_keys(sql, "k", {17}), "k IN ('17')");
    }
    EXPECT_EQ(store::in_ids(sql, "id", {3}, true), "1 = 1");
  });
}

TEST_P(IdList, SameRowsForNoIdAFewThousandsAndEvery) {
  with_table([&](soci::session& sql) {
    EXPECT_EQ(count(sql, store::in_ids(sql, "id", {})), 0);
    EXPECT_EQ(count(sql, store::in_ids(sql, "id", {17})), 1);
    EXPECT_EQ(count(sql, store::in_id_keys(sql, "k", {17})), 1);
    EXPECT_EQ(count(sql, store::in_ids(sql, "id", {3, 7, 12, 7, kRows + 1})), 3);  // a duplicate, an unknown id
    std::vector<long long> odd;
    for (long long id = 1; id <= kRows; id += 2) odd.push_back(id);
    EXPECT_EQ(count(sql, store::in_ids(sql, "id", odd)), kRows / 2);
    EXPECT_EQ(count(sql, store::in_ids(sql, "+id", odd)), kRows / 2);  // checked on each row read
    EXPECT_EQ(count(sql, store::in_ids(sql, "id", odd, true)), kRows + 1);
    EXPECT_EQ(count(sql, store::in_id_keys(sql, "k", {})), 0);
    EXPECT_EQ(count(sql, store::in_id_keys(sql, "k", {3, 7, 7})), 2);
    EXPECT_EQ(count(sql, store::in_id_keys(sql, "k", odd)), kRows / 2);
  });
}

TEST_P(IdList, UnderNotTheRowWithoutIdStaysOut) {
  // As with « NOT (id IN (0)) »: the row without id is neither in nor out of the list.
  with_table([&](soci::session& sql) {
    EXPECT_EQ(count(sql, "NOT (" + store::in_ids(sql, "id", {}) + ")"), kRows);
    EXPECT_EQ(count(sql, "NOT (" + store::in_ids(sql, "id", {1, 2}) + ")"), kRows - 2);
    EXPECT_EQ(count(sql, "NOT (" + store::in_id_keys(sql, "k", {}) + ")"), kRows);
  });
}

INSTANTIATE_TEST_SUITE_P(Engines, IdList, ::testing::Values(store::Engine::sqlite, store::Engine::postgresql),
                         [](const auto& info) {
                           return std::string(info.param == store::Engine::sqlite ? "sqlite" : "postgresql");
                         });

}  // namespace
