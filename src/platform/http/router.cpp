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

bool PathPattern::match(std::string_view path, std::unordered_map<std::string, std::string>& params) const {
  auto parts = split_path(path);
  std::size_t i = 0;
  for (const auto& seg : segments) {
    if (seg.kind == Kind::rest) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < parts.size(); ++j) {
        if (j > i) rest += '/';
        rest += parts[j];
      }
      params[seg.text] = rest;
      return true;
    }
    if (i >= parts.size()) return false;
    auto part = parts[i++];
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
  return i == parts.size();
}

}  // namespace trame::http
