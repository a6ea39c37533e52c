#include "platform/web/sitemap.hpp"

#include <spdlog/spdlog.h>

namespace trame::web {

void Sitemap::add(std::string name, SitemapSource source) {
  sources_.emplace_back(std::move(name), std::move(source));
}

std::vector<SitemapUrl> Sitemap::urls(std::size_t i) const {
  if (i >= sources_.size()) return {};
  try {
    return sources_[i].second();
  } catch (const std::exception& ex) {
    spdlog::error("sitemap source {} failed: {}", sources_[i].first, ex.what());
    return {};
  }
}

}  // namespace trame::web
