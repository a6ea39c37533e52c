// An organisation (structure) of the network and the people who belong to it.
#pragma once
#include <string>
#include <vector>

namespace trame::organisations {

inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"social",   "cultural",  "sport",  "leisure",
                                             "training", "certifier", "funder", "authority"};
  return k;
}

struct Organisation {
  long long id = 0;
  std::string name;
  std::string kind;
  std::string status;  // active, archived (never deleted)
  long long created_at = 0;
  long long member_count = 0;
};

struct Member {
  long long user_id = 0;
  std::string name;
  std::string email;
  std::string role;
  int disabled = 0;
};

}  // namespace trame::organisations
