// An audit log entry. The log is append-only (triggers refuse UPDATE and DELETE) and each
// row holds the hash of the previous one, so that removing or editing a row is detectable.
#pragma once
#include <string>

namespace trame::audit {

struct Entry {
  long long id = 0;
  long long at = 0;
  long long actor_id = 0;  // 0: the system or an anonymous visitor
  std::string actor_label;
  std::string action;      // e.g. "login.success", "user.role_added", "export"
  std::string subject;     // e.g. "user:12"
  std::string detail;
  std::string ip;
  std::string prev_hash;
  std::string hash;
};

struct VerifyResult {
  bool ok = true;
  long long checked = 0;
  long long first_bad_id = 0;
  std::string problem;
};

}  // namespace trame::audit
