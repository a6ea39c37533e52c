// Dashboards per audience (/rapports): the blocks the signed-in person's roles give, over a period
// compared with the previous period of the same length. Read-only; scopes as the outings' pages
// (organisations::network_scope: a délégation-limited coordinator sees the relais of their délégations).
#pragma once
#include <string>
#include <vector>

#include "plans/dashboards/model.hpp"
#include "plans/dashboards/repository.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::plans::dashboards {

// A count as shown: 1 to 4 people become « < 5 ».
std::string shown(long long n, bool people);
// The change in % ("+12,5 %"), empty when the previous value is 0 or a value is masked.
std::string change(const Figure& f);
// A figure's value as shown: masked counts, or a mark in tenths « 4,2 / 5 » (« — » when none).
std::string shown(const Figure& f, long long value);

struct Period {
  long long from = 0, to = 0;    // [from, to)
  long long previous_from = 0;   // [previous_from, from): the previous period, same length
  std::string from_iso, to_iso;  // both days included
  std::string previous_from_iso, previous_to_iso;
  bool invalid = false;
};
// ?du=…&au=… (ISO days, both included); empty: the current year; invalid: the current year, flagged.
Period parse_period(const std::string& du, const std::string& au, long long now);

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  // The blocks of the person's roles (administrators: the whole network's); empty: no audience (403).
  std::vector<Block> blocks(const Principal& me, const Period& p);

 private:
  store::Database& db_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::plans::dashboards
