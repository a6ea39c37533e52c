// /metrics (src/web/metrics.hpp) in the Prometheus text format, as promtool lints it: every sample
// belongs to a family announced by # HELP and # TYPE before it, and running totals are counters
// named *_total.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <sstream>
#include <string>

#include "platform/web/metrics.hpp"

using trame::web::Metrics;
using trame::web::Reading;

TEST(Metrics, EverySampleHasHelpAndTypeBeforeIt) {
  Metrics m;
  m.record("/sorties", "GET", 200, 0.02);
  m.record("/sorties", "POST", 303, 0.3);
  m.record("(none)", "BREW", 404, 12);
  std::string out =
      m.prometheus({{"trame_db_write_commits_total", "Write transactions committed.", Reading::Type::counter, 7},
                    {"trame_http_in_flight", "Requests being handled now.", Reading::Type::gauge, 1},
                    {"trame_no_help", "", Reading::Type::gauge, 2}});
  std::map<std::string, std::string> help, type;
  std::istringstream lines(out);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    ASSERT_FALSE(line.empty());
    if (line.rfind("# HELP ", 0) == 0) {
      std::string rest = line.substr(7);
      std::size_t sp = rest.find(' ');
      ASSERT_NE(sp, std::string::npos) << line;  // a text after the name
      EXPECT_FALSE(rest.substr(sp + 1).empty()) << line;
      help[rest.substr(0, sp)] = rest.substr(sp + 1);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::string rest = line.substr(7);
      std::size_t sp = rest.find(' ');
      ASSERT_NE(sp, std::string::npos) << line;
      std::string name = rest.substr(0, sp), kind = rest.substr(sp + 1);
      EXPECT_TRUE(kind == "counter" || kind == "gauge" || kind == "histogram") << line;
      EXPECT_TRUE(help.count(name)) << "TYPE before HELP: " << line;
      // Counters are named *_total; a *_total is a counter.
      EXPECT_EQ(kind == "counter", name.size() > 6 && name.ends_with("_total")) << line;
      type[name] = kind;
      continue;
    }
    ASSERT_NE(line[0], '#') << line;
    ++samples;
    std::string name = line.substr(0, line.find_first_of("{ "));
    std::string family = name;
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (!type.count(family) && name.ends_with(suffix)) family = name.substr(0, name.size() - std::strlen(suffix));
    EXPECT_TRUE(help.count(family)) << "no HELP before " << line;
    ASSERT_TRUE(type.count(family)) << "no TYPE before " << line;
    if (family != name) {
      EXPECT_EQ(type[family], "histogram") << line;
    }
  }
  EXPECT_GT(samples, 10);
  EXPECT_EQ(type["trame_db_write_commits_total"], "counter");
  EXPECT_EQ(type["trame_http_in_flight"], "gauge");
  EXPECT_EQ(type["trame_http_request_duration_seconds"], "histogram");
  EXPECT_NE(out.find("trame_db_write_commits_total 7\n"), std::string::npos);
}
