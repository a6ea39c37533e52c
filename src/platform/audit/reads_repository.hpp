#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::audit {

class ReadsRepository {
 public:
  // Whether `actor_id` has an entry `action` on `subject` (with this detail) at or after `since`.
  bool read_since(soci::session& sql, long long actor_id, const std::string& action, const std::string& subject,
                  const std::string& detail, long long since);
};

}  // namespace trame::audit
