// SQL of the home page's blocks, and the counts the public directory and figures blocks show (read
// only: the rows belong to their own domains).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "website/home/model.hpp"

namespace trame::website::home {

class Repository {
 public:
  // Every block, in the page's order.
  std::vector<Block> blocks(soci::session& sql);
  std::optional<Block> block(soci::session& sql, const std::string& kind);
  void set_enabled(soci::session& sql, const std::string& kind, bool enabled, long long now, long long by);
  void set_position(soci::session& sql, const std::string& kind, long long position, long long now, long long by);
  void save_text(soci::session& sql, const std::string& kind, const std::string& title, const std::string& body,
                 long long items, long long now, long long by);

  DirectoryCounts directory_counts(soci::session& sql);
  // [from, to): half-days that started in the period (sessions not cancelled).
  long long sessions_held(soci::session& sql, long long from, long long to);
  long long trainee_minutes(soci::session& sql, long long from, long long to);
  long long partner_organisations(soci::session& sql);
  // Network events (not cancelled) that ended in the period.
  long long events_held(soci::session& sql, long long from, long long to);
};

}  // namespace trame::website::home
