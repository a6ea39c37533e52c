#include "platform/http/router.hpp"

#include <stdexcept>

namespace trame::http {

namespace {
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
    if (path.empty()) parts.emplace_back();  // trailing slash
  }
  return parts;
}
}  // namespace

PathPattern PathPattern::parse(std::string_view pattern) {
  PathPattern p;
  p.source = std::string(pattern);
  for (auto part : split_path(pattern)) {
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view inner = part.substr(1, part.size() - 2);
      auto colon = inner.find(':');
      std::string name(inner.substr(0, colon));
      std::string_view type = colon == std::string_view::npos ? "" : inner.substr(colon + 1);
      Kind kind = type.empty()    ? Kind::segment
                  : type == "int" ? Kind::integer
                  : type == "*"   ? Kind::rest
                                  : throw std::invalid_argument("unknown parameter type in " + p.source);
      p.segments.push_back({kind, std::move(name)});
    } else {
      p.segments.push_back({Kind::literal, std::string(part)});
    }
  }
  return p;
}

// Walks the path's segments as split_path would cut them ("/a//b/" is "a", "", "b", ""), without
// building the list: every route is tried on every request (issue 22, session 18).
bool PathPattern::match(std::string_view path, std::unordered_map<std::string, std::string>& params) const {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  bool more = !path.empty();  // a segment remains (possibly empty, after a trailing slash)
  auto next = [&path, &more]() {
    auto slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (slash == std::string_view::npos) {
      more = false;
      path = {};
    } else {
      path.remove_prefix(slash + 1);
    }
    return part;
  };
  for (const auto& seg : segments) {
    if (!more) return false;
    if (seg.kind == Kind::rest) {
      params[seg.text] = std::string(path);  // the remaining segments, joined by their slashes
      return true;
    }
    auto part = next();
    switch (seg.kind) {
      case Kind::literal:
        if (part != seg.text) return false;
        break;
      case Kind::integer:
        if (part.empty() || part.size() > 18) return false;
        for (char c : part)
          if (c < '0' || c > '9') return false;
        params[seg.text] = std::string(part);
        break;
      case Kind::segment:
        if (part.empty()) return false;
        params[seg.text] = std::string(part);
        break;
      case Kind::rest: break;
    }
  }
  return !more;
}

}  // namespace trame::http
