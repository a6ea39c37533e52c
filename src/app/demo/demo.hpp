// Demo data built from the seed documents (../shared/seeds): the Département de
// Loire-Atlantique and its cultural partners, Sagiterre, the Observatoire des politiques
// culturelles, Cultures du Cœur 94, and one demo account per role. Idempotent.
#pragma once
#include <string>
#include <vector>

#include "platform/accounts/service.hpp"
#include "network/organisations/service.hpp"
#include "network/territory/service.hpp"

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
  int communes_created = 0;
  int delegations_created = 0;
  bool territory_available = true;  // false when the npm data package is not installed
};

LoadReport load(organisations::Service& organisations, accounts::Service& accounts, territory::Service& territory,
                store::Database& db, const std::filesystem::path& territory_source);

}  // namespace trame::demo
