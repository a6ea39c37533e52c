#include <gtest/gtest.h>

#include "platform/http/router.hpp"

using trame::http::MatchResult;
using trame::http::Router;

TEST(Router, MatchesTypedParameters) {
  Router<int> router;
  router.add("GET", "/admin/utilisateurs/{id:int}", 1);
  router.add("POST", "/admin/utilisateurs/{id:int}/roles/{membership:int}/retirer", 2);
  router.add("GET", "/static/{path:*}", 3);
  std::unordered_map<std::string, std::string> params;
  MatchResult result;
  auto* route = router.find("GET", "/admin/utilisateurs/42", params, result);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->data, 1);
  EXPECT_EQ(params.at("id"), "42");

  route = router.find("POST", "/admin/utilisateurs/7/roles/9/retirer", params, result);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(params.at("membership"), "9");

  route = router.find("GET", "/static/css/trame.css", params, result);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(params.at("path"), "css/trame.css");
}

TEST(Router, RejectsNonIntegerAndTellsMethodFromPath) {
  Router<int> router;
  router.add("GET", "/admin/utilisateurs/{id:int}", 1);
  std::unordered_map<std::string, std::string> params;
  MatchResult result;
  EXPECT_EQ(router.find("GET", "/admin/utilisateurs/abc", params, result), nullptr);
  EXPECT_EQ(result, MatchResult::not_found);
  EXPECT_EQ(router.find("DELETE", "/admin/utilisateurs/3", params, result), nullptr);
  EXPECT_EQ(result, MatchResult::method_not_allowed);
  EXPECT_NE(router.find("HEAD", "/admin/utilisateurs/3", params, result), nullptr);
}

// The segments as the path cuts them: an empty one between two slashes or after a trailing slash,
// none for "/" (issue 22: match walks the path without building the list).
TEST(Router, EmptySegmentsAndTheRest) {
  Router<int> router;
  router.add("GET", "/", 1);
  router.add("GET", "/sorties", 2);
  router.add("GET", "/a/{x}/b", 3);
  router.add("GET", "/static/{path:*}", 4);
  std::unordered_map<std::string, std::string> params;
  MatchResult result;
  auto data = [&](std::string_view path) {
    params.clear();
    auto* route = router.find("GET", path, params, result);
    return route ? route->data : 0;
  };
  EXPECT_EQ(data("/"), 1);
  EXPECT_EQ(data(""), 1);
  EXPECT_EQ(data("/sorties"), 2);
  EXPECT_EQ(data("/sorties/"), 0);  // a trailing slash is one more (empty) segment
  EXPECT_EQ(data("/sortiesx"), 0);
  EXPECT_EQ(data("/a/1/b"), 3);
  EXPECT_EQ(params.at("x"), "1");
  EXPECT_EQ(data("/a//b"), 0);  // an empty parameter never matches
  EXPECT_EQ(data("/a/1/b/"), 0);
  EXPECT_EQ(data("/static/css/trame.css"), 4);
  EXPECT_EQ(params.at("path"), "css/trame.css");
  EXPECT_EQ(data("/static/a//b/"), 4);
  EXPECT_EQ(params.at("path"), "a//b/");
  EXPECT_EQ(data("/static/"), 4);  // the rest may be one empty segment
  EXPECT_EQ(params.at("path"), "");
  EXPECT_EQ(data("/static"), 0);
}
