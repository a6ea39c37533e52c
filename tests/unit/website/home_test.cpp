// The home blocks' input rules: known kinds, headings and the presentation's text counted in characters
// (not bytes), the entries count from 1 to 12, each refusal naming its field.
#include <gtest/gtest.h>

#include <string>

#include "website/home/rules.hpp"

using namespace trame::website::home;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST(HomeBlocks, KnownKindsOnly) {
  EXPECT_TRUE(check_block("presentation", {}).ok);
  EXPECT_TRUE(check_block("figures", {}).ok);
  auto unknown = check_block("nouvelles", {});
  EXPECT_FALSE(unknown.ok);
  EXPECT_EQ(unknown.code, trame::Failure::not_found);
}

TEST(HomeBlocks, LimitsCountCharactersNotBytes) {
  EXPECT_EQ(characters("é"), 1U);
  EXPECT_TRUE(check_block("presentation", {repeat("é", 120), repeat("é", 4000), ""}).ok);
  auto title = check_block("presentation", {repeat("é", 121), "", ""});
  EXPECT_EQ(title.error, "home.errors.title_too_long");
  EXPECT_EQ(title.field, "title");
  auto body = check_block("presentation", {"", repeat("é", 4001), ""});
  EXPECT_EQ(body.error, "home.errors.body_too_long");
  EXPECT_EQ(body.field, "body");
  // Only the presentation has a text: another block's is ignored.
  EXPECT_TRUE(check_block("trainings", {"", repeat("é", 4001), ""}).ok);
}

TEST(HomeBlocks, HeadingOnOneLine) {
  EXPECT_EQ(check_block("events", {"Deux\nlignes", "", ""}).error, "home.errors.title_invalid");
  EXPECT_TRUE(check_block("events", {"  Nos rendez-vous  ", "", ""}).ok);
}

TEST(HomeBlocks, ItemsFromOneToTwelve) {
  EXPECT_TRUE(check_block("trainings", {"", "", "1"}).ok);
  EXPECT_TRUE(check_block("trainings", {"", "", "12"}).ok);
  EXPECT_TRUE(check_block("trainings", {"", "", ""}).ok);
  for (const char* bad : {"0", "13", "-1", "3.5", "abc", "999"}) {
    auto r = check_block("trainings", {"", "", bad});
    EXPECT_EQ(r.error, "home.errors.items") << bad;
    EXPECT_EQ(r.field, "items") << bad;
  }
}
