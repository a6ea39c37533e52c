// Demo data built from the seed documents (../shared/seeds): the Département de
// Loire-Atlantique and its cultural partners, Sagiterre, the Observatoire des politiques
// culturelles, Cultures du Cœur 94, and one demo account per role. Idempotent.
#pragma once
#include <string>
#include <vector>

#include "accounts/service.hpp"
#include "organisations/service.hpp"

namespace trame::demo {

struct DemoAccount {
  std::string email;
  std::string name;
  std::string role;
  std::string organisation;
};

const std::vector<DemoAccount>& accounts();
inline const char* kDemoPassword = "trame-demo-2026";

struct LoadReport {
  int organisations_created = 0;
  int users_created = 0;
};

LoadReport load(organisations::Service& organisations, accounts::Service& accounts, store::Database& db);

}  // namespace trame::demo
