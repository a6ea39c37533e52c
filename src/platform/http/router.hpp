// Method + path pattern matching. A pattern is a path whose segments may be typed
// parameters: "{id:int}" (digits only), "{token}" (one segment), "{path:*}" (the rest).
// The router tells "no such path" (404) apart from "path exists, not this method" (405).
#pragma once
#include <cstddef>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trame::http {

struct PathPattern {
  enum class Kind { literal, integer, segment, rest };
  struct Segment {
    Kind kind;
    std::string text;  // literal text or parameter name
  };
  std::string source;
  std::vector<Segment> segments;

  static PathPattern parse(std::string_view pattern);
  bool match(std::string_view path, std::unordered_map<std::string, std::string>& params) const;
};

enum class MatchResult { found, not_found, method_not_allowed };

// The first of the candidate routes (indices into `routes`, in the table's order) whose pattern matches the
// path and whose method is the request's (HEAD answered by GET): Router::find tries them all, RouteIndex
// only those whose first segment can match. `result` tells not found from method not allowed.
template <class Route, class Candidates>
const Route* first_match(const std::vector<Route>& routes, const Candidates& candidates, std::string_view method,
                         std::string_view path, std::unordered_map<std::string, std::string>& params,
                         MatchResult& result) {
  bool path_seen = false;
  std::unordered_map<std::string, std::string> found;
  for (std::size_t i : candidates) {
    const Route& route = routes[i];
    found.clear();
    if (!route.pattern.match(path, found)) continue;
    path_seen = true;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      params = std::move(found);
      result = MatchResult::found;
      return &route;
    }
  }
  result = path_seen ? MatchResult::method_not_allowed : MatchResult::not_found;
  return nullptr;
}

template <class RouteData>
class Router {
 public:
  struct Route {
    std::string method;
    PathPattern pattern;
    RouteData data;
  };

  void add(std::string method, std::string_view pattern, RouteData data) {
    routes_.push_back(Route{std::move(method), PathPattern::parse(pattern), std::move(data)});
  }

  // On success, fills params and returns the route.
  const Route* find(std::string_view method, std::string_view path,
                    std::unordered_map<std::string, std::string>& params, MatchResult& result) const {
    return first_match(routes_, std::views::iota(std::size_t{0}, routes_.size()), method, path, params, result);
  }

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace trame::http
