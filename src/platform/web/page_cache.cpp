#include "platform/web/page_cache.hpp"

namespace trame::web {

std::shared_ptr<const std::string> PageCache::get(const std::string& key, unsigned long long generation,
                                                  long long now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  const Entry& e = it->second;
  if (e.generation != generation || now < e.at || now >= e.until) return nullptr;
  return e.html;
}

void PageCache::put(const std::string& key, unsigned long long generation, long long now, std::string html) {
  put_until(key, generation, now, now + ttl_, std::move(html));
}

void PageCache::put_until(const std::string& key, unsigned long long generation, long long now, long long until,
                          std::string html) {
  auto text = std::make_shared<const std::string>(std::move(html));
  std::lock_guard lock(mutex_);
  // Bounded: when full, start again (the pages are rebuilt in a few milliseconds).
  if (entries_.size() >= max_entries_ && !entries_.count(key)) entries_.clear();
  entries_[key] = Entry{generation, now, until, std::move(text)};
}

}  // namespace trame::web
