#include <gtest/gtest.h>

#include "platform/http/route_index.hpp"
#include "platform/http/router.hpp"

using trame::http::MatchResult;
using trame::http::RouteIndex;
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

// The table indexed by first segment answers exactly what the router answers, path by path (issue 22):
// the same route (the first in the table's order), not found, or another method only.
TEST(RouteIndex, AnswersAsTheRouterDoes) {
  Router<int> r;
  int n = 0;
  for (const char* pattern :
       {"/", "/sorties", "/sorties/{id:int}", "/{slug}", "/sorties/offres/{id:int}/statut", "/static/{path:*}",
        "/sorties/{id:int}", "/{a}/{b:int}", "/admin", "/admin/{page}", "/sorties/", "/{rest:*}"}) {
    r.add(n % 3 == 0 ? "POST" : "GET", pattern, n);
    ++n;
  }
  r.add("POST", "/sorties", n++);
  r.add("DELETE", "/admin/{page}", n++);
  RouteIndex<int> index(r.routes());
  EXPECT_TRUE(index.built_for(r.routes()));
  for (const char* path : {"/", "/sorties", "/sorties/", "/sorties/12", "/sorties/x", "/sorties/offres/3/statut",
                           "/static/css/trame.css", "/static/", "/admin", "/admin/x", "/admin//", "/nope", "/nope/4",
                           "//", "/a//b/", "/x/y/z", "", "sorties", "/SORTIES"}) {
    for (const char* method : {"GET", "HEAD", "POST", "DELETE", "PUT"}) {
      std::unordered_map<std::string, std::string> p1;
      std::unordered_map<std::string, std::string> p2;
      MatchResult m1 = MatchResult::not_found;
      MatchResult m2 = MatchResult::found;
      const auto* a = r.find(method, path, p1, m1);
      const auto* b = index.find(r.routes(), method, path, p2, m2);
      EXPECT_EQ(a, b) << method << " " << path;
      EXPECT_EQ(m1, m2) << method << " " << path;
      EXPECT_EQ(p1, p2) << method << " " << path;
    }
  }
  r.add("GET", "/later", n++);
  EXPECT_FALSE(index.built_for(r.routes()));  // a table that grew: built again
}
