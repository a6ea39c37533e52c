// The people of the impact study's demo: each relais's referent and the pseudonymous people they
// follow, made through the services that make them in use (accounts, bookings) before
// Service::load_demo builds the study and its answers from them.
#pragma once
#include <cstddef>
#include <vector>

#include "platform/core/outcome.hpp"

namespace trame::accounts {
class Service;
}
namespace trame::bookings {
class Service;
}
namespace trame::store {
class Database;
}

namespace trame::impact {

struct DemoRelais {
  const char* name;
  const char* referent_email;  // a demo referent created when the relais has none
  const char* referent_name;
  std::size_t answers;  // people of the relais who answer
};

const std::vector<DemoRelais>& demo_relais();

// Idempotent: a relais with a referent keeps it, one with enough active people gets none more.
void load_demo_people(store::Database& db, accounts::Service& accounts, bookings::Service& bookings,
                      const Actor& actor);

}  // namespace trame::impact
