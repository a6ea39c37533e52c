// The one clock: every module reads "now" through store::now_seconds() (src/platform/store/database.hpp),
// which honours TRAME_CLOCK_OFFSET, so the whole product follows a simulated clock together.
// This guard fails as soon as a file under src/ reads the wall clock some other way.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Ways of reading the real time. steady_clock stays allowed: it measures durations (metrics,
// timeouts, caches), never dates.
const std::regex& forbidden() {
  static const std::regex re(
      R"((\btime\s*\(\s*(nullptr|NULL|0)\s*\))|(std::time\s*\()|(system_clock::now)|(utc_clock::now)|)"
      R"((\bgettimeofday\s*\()|(\bclock_gettime\s*\(\s*CLOCK_REALTIME)|(CURRENT_TIMESTAMP)|(CURRENT_DATE)|)"
      R"((\bLOCALTIMESTAMP\b)|((^|[^:.\w])NOW\s*\(\s*\))|('now'))",
      std::regex::icase);
  return re;
}

// "path:line: text" for each line of source that reads the real clock.
std::vector<std::string> offences(const std::string& path, const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string lower = line;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool may = lower.find("time") != std::string::npos || lower.find("now") != std::string::npos ||
                     lower.find("current_") != std::string::npos;  // std::regex is slow: skip the rest
    if (may && std::regex_search(line, forbidden())) out.push_back(path + ":" + std::to_string(number) + ": " + line);
  }
  return out;
}

}  // namespace

TEST(OneClock, TheGuardRecognisesEveryWayOfReadingTheRealTime) {
  for (const char* bad :
       {"long long now() { return static_cast<long long>(std::time(nullptr)); }", "std::time_t t = time(NULL);",
        "auto t = std::chrono::system_clock::now();", "sql << \"UPDATE x SET at = CURRENT_TIMESTAMP\";",
        "SELECT strftime('%s', 'now')", "INSERT INTO x VALUES (now())", "SELECT NOW()", "gettimeofday(&tv, nullptr);"})
    EXPECT_EQ(offences("x.cpp", bad).size(), 1u) << bad;
  for (const char* fine : {"long long now = store::now_seconds();", "auto t = std::chrono::steady_clock::now();",
                           "std::time_t t = static_cast<std::time_t>(now);", "long long known_now(int x);"})
    EXPECT_TRUE(offences("x.cpp", fine).empty()) << fine;
}

TEST(OneClock, NoModuleReadsTheRealTimeOutsideTheClock) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::is_directory("src")) << "run from the source root (ctest does)";
  const fs::path clock_file = fs::path("src") / "platform" / "store" / "database.cpp";
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator("src")) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".hpp" && ext != ".h") continue;
    if (entry.path().lexically_normal() == clock_file.lexically_normal()) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (auto& o : offences(entry.path().generic_string(), text.str())) found.push_back(o);
  }
  std::string report;
  for (const auto& f : found) report += "\n  " + f;
  EXPECT_TRUE(found.empty()) << "read the time through store::now_seconds() instead:" << report;
}
