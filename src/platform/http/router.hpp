// Method + path pattern matching. A pattern is a path whose segments may be typed
// parameters: "{id:int}" (digits only), "{token}" (one segment), "{path:*}" (the rest).
// The router tells "no such path" (404) apart from "path exists, not this method" (405).
#pragma once
#include <optional>
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
    bool path_seen = false;
    std::unordered_map<std::string, std::string> found;
    for (const auto& route : routes_) {
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

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace trame::http
