// A fixture for unit tests that need a database: a fresh SQLite file in the temporary folder,
// migrated to the schema of this checkout, removed (with its WAL files) after the test.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "platform/web/crypto.hpp"

namespace trame::unit {

class TempSqlite : public ::testing::Test {
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

}  // namespace trame::unit
