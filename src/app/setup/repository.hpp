// The first install's own SQL: whether any account exists, and the one-time claim that makes two
// concurrent installs (two terminals, two browser tabs, two instances) create one administrator.
#pragma once
#include <soci/soci.h>

namespace trame::setup {

class Repository {
 public:
  long long account_count(soci::session& sql);
  // Records that the platform was installed; false when it already was (a concurrent install).
  bool claim_installation(soci::session& sql, long long now);
};

}  // namespace trame::setup
