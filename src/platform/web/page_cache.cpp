#include "platform/web/page_cache.hpp"

namespace trame::web {

std::optional<std::string> PageCache::get(const std::string& key, unsigned long long generation, long long now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.generation != generation || now < e.at || now - e.at >= ttl_) return std::nullopt;
  return e.html;
}

void PageCache::put(const std::string& key, unsigned long long generation, long long now, std::string html) {
  std::lock_guard lock(mutex_);
  // Bounded: when full, start again (the pages are rebuilt in a few milliseconds).
  if (entries_.size() >= max_entries_ && !entries_.count(key)) entries_.clear();
  entries_[key] = Entry{generation, now, std::move(html)};
}

}  // namespace trame::web
