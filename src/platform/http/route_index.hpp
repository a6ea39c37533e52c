// A Router's table indexed by the path's first segment (issue 22): Router::find tries every route in
// order, hundreds for a path near the end of the table; RouteIndex tries only the routes that can match
// a path with that first segment (those whose first segment is that text, or a parameter), in the same
// order, and answers exactly what Router::find answers (the route, not found, or method not allowed).
// Built from a table that no longer changes; built_for() tells whether it still describes a table.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/http/router.hpp"

namespace trame::http {

template <class RouteData>
class RouteIndex {
 public:
  using Route = typename Router<RouteData>::Route;

  explicit RouteIndex(const std::vector<Route>& routes) : data_(routes.data()), size_(routes.size()) {
    // A pattern's first segment: none ("/"), a literal, or a parameter (matches any first segment).
    std::vector<std::size_t> any;
    for (std::size_t i = 0; i != routes.size(); ++i) {
      const auto& segments = routes[i].pattern.segments;
      if (segments.empty()) {
        root_.push_back(i);
      } else if (segments.front().kind == PathPattern::Kind::literal) {
        by_first_[segments.front().text].push_back(i);
      } else {
        any.push_back(i);
      }
    }
    // Each literal's list takes the parameter routes too, merged back into the table's order.
    for (auto& [first, list] : by_first_) list = merged(list, any);
    any_ = std::move(any);
  }

  bool built_for(const std::vector<Route>& routes) const { return routes.data() == data_ && routes.size() == size_; }

  // Router::find on the routes that can match (`routes` is the table the index was built for).
  const Route* find(const std::vector<Route>& routes, std::string_view method, std::string_view path,
                    std::unordered_map<std::string, std::string>& params, MatchResult& result) const {
    return first_match(routes, candidates_for(path), method, path, params, result);
  }

 private:
  // The path's first segment as PathPattern::match cuts it: none when nothing follows the leading slash.
  const std::vector<std::size_t>& candidates_for(std::string_view path) const {
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) return root_;
    std::string first(path.substr(0, path.find('/')));
    auto it = by_first_.find(first);
    return it == by_first_.end() ? any_ : it->second;
  }

  static std::vector<std::size_t> merged(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    std::vector<std::size_t> out;
    out.reserve(a.size() + b.size());
    std::size_t i = 0;
    std::size_t j = 0;
    while (i != a.size() || j != b.size())
      out.push_back(j == b.size() || (i != a.size() && a[i] < b[j]) ? a[i++] : b[j++]);
    return out;
  }

  const void* data_;
  std::size_t size_;
  std::vector<std::size_t> root_;  // patterns without a segment ("/")
  std::vector<std::size_t> any_;   // patterns starting with a parameter
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
};

}  // namespace trame::http
