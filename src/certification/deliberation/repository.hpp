// SQL of the deliberation: block decisions, earlier acquired blocks, minutes and confirmations.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/deliberation/model.hpp"

namespace trame::deliberation {

class Repository {
 public:
  std::vector<Decision> decisions(soci::session& sql, long long entry_id) const;
  // Replaces the entry's decisions for the given blocks.
  void save_decisions(soci::session& sql, long long entry_id, const std::vector<Decision>& decisions, long long by,
                      long long now) const;
  std::optional<Minutes> minutes(soci::session& sql, long long session_id) const;
  void insert_minutes(soci::session& sql, long long session_id, const std::string& pdf, const std::string& sha256,
                      long long now) const;
  std::string minutes_pdf(soci::session& sql, long long session_id) const;
  void confirm(soci::session& sql, long long session_id, long long user_id, long long now) const;
  void lock_minutes(soci::session& sql, long long session_id, long long now) const;
  void set_session_status(soci::session& sql, long long session_id, const std::string& status, long long now) const;
};

}  // namespace trame::deliberation
