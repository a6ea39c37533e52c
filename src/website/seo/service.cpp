#include "website/seo/service.hpp"

#include <algorithm>

#include "platform/http/router.hpp"

namespace trame::website::seo {

namespace {

using Kind = http::PathPattern::Kind;

// A rule's segments: literal text, or "*" for a parameter.
std::vector<std::string> rule_segments(const http::PathPattern& p) {
  std::vector<std::string> out;
  for (const auto& s : p.segments) out.push_back(s.kind == Kind::literal ? s.text : "*");
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether some path under `prefix` (its segments, '*' for any) could be a path the public route matches.
bool shares_prefix(const std::vector<std::string>& prefix, const http::PathPattern& route) {
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (i >= route.segments.size()) return false;
    const auto& s = route.segments[i];
    if (s.kind == Kind::rest) return true;
    if (prefix[i] == "*") continue;
    if (s.kind == Kind::literal && s.text != prefix[i]) return false;
    if (s.kind == Kind::integer && !all_digits(prefix[i])) return false;
  }
  return true;
}

bool covers(const std::vector<std::string>& shorter, const std::vector<std::string>& longer) {
  if (shorter.size() > longer.size()) return false;
  for (std::size_t i = 0; i < shorter.size(); ++i)
    if (shorter[i] != "*" && shorter[i] != longer[i]) return false;
  return true;
}

std::string joined(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += "/" + s;
  return out;
}

}  // namespace

RobotsRules robots_rules(const std::vector<RouteView>& routes) {
  std::vector<http::PathPattern> open;
  for (const auto& r : routes)
    if (r.is_public) open.push_back(http::PathPattern::parse(r.pattern));
  std::vector<std::vector<std::string>> found;
  for (const auto& r : routes) {
    if (r.is_public) continue;
    const auto segments = rule_segments(http::PathPattern::parse(r.pattern));
    for (std::size_t d = 1; d <= segments.size(); ++d) {
      std::vector<std::string> prefix(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(d));
      if (prefix.back() == "*") continue;  // a rule never ends with a wildcard: it would say nothing more
      if (std::none_of(open.begin(), open.end(), [&](const auto& p) { return shares_prefix(prefix, p); })) {
        found.push_back(std::move(prefix));
        break;
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() < b.size() : joined(a) < joined(b);
  });
  RobotsRules rules;
  std::vector<std::vector<std::string>> kept;
  for (const auto& f : found) {
    if (std::any_of(kept.begin(), kept.end(), [&](const auto& k) { return covers(k, f); })) continue;
    kept.push_back(f);
  }
  // robots.txt rules are string prefixes: "/formations/bilan" also hides "/formations/bilan.xlsx", and would
  // hide a public "/formations/bilans" too. A rule that is the start of a public path's segment is written
  // as the area ("P/") and the page itself ("P$") instead.
  std::vector<std::string> open_paths;
  open_paths.reserve(open.size());
  for (const auto& p : open) open_paths.push_back(joined(rule_segments(p)));
  std::vector<std::string> lines;
  for (const auto& k : kept) {
    const std::string rule = joined(k);
    const bool ambiguous = std::any_of(open_paths.begin(), open_paths.end(), [&](const std::string& o) {
      return o.size() > rule.size() && o.compare(0, rule.size(), rule) == 0 && o[rule.size()] != '/';
    });
    if (ambiguous) {
      lines.push_back(rule + "/");
      lines.push_back(rule + "$");
    } else {
      lines.push_back(rule);
    }
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& line : lines) {
    // Left out when a shorter plain rule already hides every path it hides.
    const bool redundant = std::any_of(rules.disallow.begin(), rules.disallow.end(), [&](const std::string& d) {
      return d.back() != '$' && line.size() > d.size() && line.compare(0, d.size(), d) == 0;
    });
    if (!redundant) rules.disallow.push_back(line);
  }
  return rules;
}

std::string robots_txt(const RobotsRules& rules, const std::string& public_url) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string out = "# Trame : l'administration et les espaces connectés ne sont pas à indexer.\nUser-agent: *\n";
  for (const auto& d : rules.disallow) out += "Disallow: " + d + "\n";
  out += "\nSitemap: " + base + "/sitemap.xml\n";
  return out;
}

namespace {

std::vector<web::SitemapUrl> urls_of(const std::vector<Published>& list, const std::string& before,
                                     const std::string& after = "") {
  std::vector<web::SitemapUrl> out;
  out.reserve(list.size());
  for (const auto& p : list) out.push_back({before + std::to_string(p.id) + after, p.updated_at});
  return out;
}

}  // namespace

std::vector<web::SitemapUrl> Service::programmes() {
  auto list = db_.read([&](soci::session& sql) { return repo_.published_programmes(sql); });
  return urls_of(list, "/formations/programmes/");
}

std::vector<web::SitemapUrl> Service::sessions() {
  auto list = db_.read([&](soci::session& sql) { return repo_.public_sessions(sql); });
  return urls_of(list, "/formations/sessions/");
}

std::vector<web::SitemapUrl> Service::certifications() {
  auto list = db_.read([&](soci::session& sql) { return repo_.published_certifications(sql); });
  auto out = urls_of(list, "/certifications/");
  auto results = urls_of(list, "/certifications/", "/chiffres");
  out.insert(out.end(), results.begin(), results.end());
  return out;
}

}  // namespace trame::website::seo
