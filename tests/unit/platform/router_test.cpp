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
