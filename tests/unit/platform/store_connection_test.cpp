// How store::Database sets up each pooled PostgreSQL connection (when TRAME_TEST_PG names a server,
// postgresql://user@host:port, as the integration tests): UTC, and no JIT compilation (issue 22, session 20:
// compiling took longer than running the quarter's reach at national size).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "platform/store/database.hpp"

using namespace trame;

TEST(StoreConnection, PostgresqlConnectionsRunInUtcWithoutJit) {
  const char* server = std::getenv("TRAME_TEST_PG");
  if (server == nullptr || *server == '\0') GTEST_SKIP() << "TRAME_TEST_PG is not set";
  store::Database db(store::DatabaseUrl::parse(std::string(server) + "/postgres"), 2);
  for (int lease = 0; lease < 2; ++lease) {
    db.read([&](soci::session& sql) {
      std::string jit, zone;
      sql << "SELECT current_setting('jit'), current_setting('TimeZone')", soci::into(jit), soci::into(zone);
      EXPECT_EQ(jit, "off");
      EXPECT_EQ(zone, "UTC");
    });
  }
}
