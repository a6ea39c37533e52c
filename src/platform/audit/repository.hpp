#pragma once
#include <functional>
#include <vector>

#include <soci/soci.h>

#include "platform/audit/model.hpp"

namespace trame::audit {

class Repository {
 public:
  // Locks the chain head (one writer at a time on both engines), counts the entry about to be
  // appended, and returns the last hash and the new count.
  std::string lock_head(soci::session& sql, long long& appended);
  void set_head(soci::session& sql, const Head& head);
  Head head(soci::session& sql);
  long long unkeyed(soci::session& sql);
  std::string last_key_id(soci::session& sql);
  long long insert(soci::session& sql, const Entry& entry);
  std::vector<Entry> page(soci::session& sql, long long offset, long long limit, const std::string& action_prefix);
  long long count(soci::session& sql, const std::string& action_prefix);
  void for_each(soci::session& sql, const std::function<void(const Entry&)>& visit);
  // How many entries were ever appended (the head's counter moves with every insert).
  long long appended(soci::session& sql);
};

}  // namespace trame::audit
