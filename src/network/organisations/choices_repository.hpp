// The active organisations as choices of a form (id, name), without the directory's counts and délégation:
// the accounts' invitation and role forms (src/app/platform.cpp wires it into accounts::OrganisationChoices).
// A header of its own so that adding it rebuilt no includer of the module's service or repository.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

namespace trame::organisations {

// Every active organisation by name (lower case), then id: 10,000 rows at national size, two columns.
std::vector<std::pair<long long, std::string>> active_choices(soci::session& sql);

}  // namespace trame::organisations
