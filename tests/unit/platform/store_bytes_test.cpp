// Files in the database (store/bytes.hpp): raw bytes in a BLOB / BYTEA column, written with
// decode(:hex, 'hex') and read with encode(col, 'hex'), the same SQL on both engines. PostgreSQL
// is tested too when TRAME_TEST_PG is set (a temporary table in its "postgres" database).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "platform/store/bytes.hpp"
#include "platform/store/database.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;

namespace {

// Every byte value, NUL and 0xFF at both ends, and a NUL in the middle of text.
std::string every_byte() {
  std::string out("\0\xff", 2);
  for (int i = 0; i != 256; ++i) out += static_cast<char>(i);
  out += std::string("a\0b\xff", 4);
  return out;
}

// Stores bytes through the one SQL and reads them back; also what the engine holds.
struct Stored {
  std::string bytes;
  long long length = 0;
};
Stored round_trip(store::Database& db, const std::string& bytes, const std::string& table) {
  return db.write([&](soci::session& sql) {
    std::string hex = store::to_hex(bytes);
    sql << "INSERT INTO " + table + " (id, data) VALUES (1, decode(:d, 'hex'))", soci::use(hex);
    std::string back;
    long long length = 0;
    sql << "SELECT encode(data, 'hex'), CAST(" +
               std::string(db.engine() == store::Engine::sqlite ? "length" : "octet_length") +
               "(data) AS BIGINT) FROM " + table + " WHERE id = 1",
        soci::into(back), soci::into(length);
    sql << "DELETE FROM " + table;
    return Stored{store::from_hex(back), length};
  });
}

}  // namespace

TEST(StoreBytes, HexBothWays) {
  EXPECT_EQ(store::to_hex(std::string("\0\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(store::from_hex("0001ABff"), std::string("\0\x01\xab\xff", 4));
  EXPECT_EQ(store::from_hex(""), "");
  EXPECT_THROW(store::from_hex("abc"), std::runtime_error);
  EXPECT_THROW(store::from_hex("zz"), std::runtime_error);
}

class SqliteBytes : public ::testing::Test {
 protected:
  void SetUp() override {
    web::init_crypto();
    path_ = std::filesystem::temp_directory_path() / ("trame-bytes-" + web::random_token(6) + ".db");
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 1);
    db_->write([](soci::session& sql) { sql << "CREATE TABLE files (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"; });
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(SqliteBytes, EveryByteValueRoundTripsAsABlob) {
  const std::string bytes = every_byte();
  auto stored = round_trip(*db_, bytes, "files");
  EXPECT_EQ(stored.bytes, bytes);
  EXPECT_EQ(stored.length, static_cast<long long>(bytes.size()));  // raw bytes, not text of them
  db_->write([&](soci::session& sql) {
    std::string hex = store::to_hex(bytes);
    sql << "INSERT INTO files (id, data) VALUES (2, decode(:d, 'hex'))", soci::use(hex);
    std::string type;
    sql << "SELECT typeof(data) FROM files WHERE id = 2", soci::into(type);
    EXPECT_EQ(type, "blob");
  });
  EXPECT_EQ(round_trip(*db_, "", "files").bytes, "");
}

TEST_F(SqliteBytes, DecodesTheBase64ThatMigration0020Converts) {
  const std::string bytes = every_byte();
  std::string b64 = web::base64_encode(bytes);
  std::string wrapped = b64.substr(0, 76) + "\n" + b64.substr(76);  // as PostgreSQL's encode() wraps it
  db_->read([&](soci::session& sql) {
    std::string hex;
    sql << "SELECT encode(decode(:b, 'base64'), 'hex')", soci::use(b64), soci::into(hex);
    EXPECT_EQ(store::from_hex(hex), bytes);
    sql << "SELECT encode(decode(:b, 'base64'), 'hex')", soci::use(wrapped), soci::into(hex);
    EXPECT_EQ(store::from_hex(hex), bytes);
    soci::indicator ind = soci::i_ok;
    sql << "SELECT encode(decode(NULL, 'base64'), 'hex')", soci::into(hex, ind);
    EXPECT_EQ(ind, soci::i_null);
    std::string bad = "not base64!";
    EXPECT_THROW((sql << "SELECT encode(decode(:b, 'base64'), 'hex')", soci::use(bad), soci::into(hex)),
                 soci::soci_error);
    EXPECT_THROW((sql << "SELECT decode('abc', 'hex')", soci::into(hex)), soci::soci_error);
  });
}

TEST(PostgresqlBytes, EveryByteValueRoundTripsAsBytea) {
  const char* base = std::getenv("TRAME_TEST_PG");
  if (!base) GTEST_SKIP() << "TRAME_TEST_PG not set";
  web::init_crypto();
  store::Database db(store::DatabaseUrl::parse(std::string(base) + "/postgres"), 1);
  const std::string table = "trame_bytes_" + web::random_token(4);
  std::string lowered;
  for (char c : table) lowered += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : (c == '-' ? '_' : c);
  db.write(
      [&](soci::session& sql) { sql << "CREATE TABLE " + lowered + " (id BIGINT PRIMARY KEY, data BYTEA NOT NULL)"; });
  const std::string bytes = every_byte();
  Stored stored;
  try {
    stored = round_trip(db, bytes, lowered);
  } catch (...) {
    db.write([&](soci::session& sql) { sql << "DROP TABLE " + lowered; });
    throw;
  }
  db.write([&](soci::session& sql) { sql << "DROP TABLE " + lowered; });
  EXPECT_EQ(stored.bytes, bytes);
  EXPECT_EQ(stored.length, static_cast<long long>(bytes.size()));
}
