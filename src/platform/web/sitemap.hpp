// The public pages search engines are told about (/sitemap.xml): each domain that has public pages adds a
// source at wiring, like the dashboard's panels. A source lists only what an anonymous visitor may read
// (published programmes, published certifications, the legal pages…); the platform knows no domain.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace trame::web {

struct SitemapUrl {
  std::string path;       // on this site, starting with '/' ("/formations/programmes/12")
  long long lastmod = 0;  // unix seconds of the last change; 0: unknown (no <lastmod>)
};

using SitemapSource = std::function<std::vector<SitemapUrl>()>;

class Sitemap {
 public:
  // `name` says whose pages they are, for the logs ("trainings.programmes").
  void add(std::string name, SitemapSource source);
  std::size_t size() const { return sources_.size(); }
  // The URLs of source i; a source that throws is logged and gives none (one domain's failure does
  // not take the sitemap down).
  std::vector<SitemapUrl> urls(std::size_t i) const;

 private:
  std::vector<std::pair<std::string, SitemapSource>> sources_;
};

}  // namespace trame::web
