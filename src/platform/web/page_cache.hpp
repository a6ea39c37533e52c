// A few seconds of memory for a view that every visitor with the same rights sees the same way
// (the outings catalogue): only the view's HTML is kept, never the page around it (user name, CSRF
// token, flash messages). An entry is used while it is younger than the time to live (or, when put
// with `until`, while now < until) and its generation (bumped by the owning service on every change it
// makes, or a data version read from the database) has not moved.
#pragma once
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace trame::web {

class PageCache {
 public:
  explicit PageCache(long long ttl_seconds, std::size_t max_entries = 512)
      : ttl_(ttl_seconds), max_entries_(max_entries) {}

  // The kept text, shared (not copied: a catalogue page is tens of kilobytes), or null.
  std::shared_ptr<const std::string> get(const std::string& key, unsigned long long generation, long long now);
  void put(const std::string& key, unsigned long long generation, long long now, std::string html);
  // Kept while now is in [now, until): for a view that depends on the time only at known instants.
  void put_until(const std::string& key, unsigned long long generation, long long now, long long until,
                 std::string html);

 private:
  struct Entry {
    unsigned long long generation;
    long long at;
    long long until;
    std::shared_ptr<const std::string> html;
  };
  long long ttl_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace trame::web
