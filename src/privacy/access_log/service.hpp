// The DPO's view of sensitive reads: the filter as typed (checked, a French message when invalid), a
// page, the count, the export's slices (docs/privacy.md « Sensitive reads »).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "privacy/access_log/model.hpp"
#include "privacy/access_log/repository.hpp"

namespace trame::web {
class App;
}

namespace trame::privacy::access_log {

// The filter's fields as sent (query string).
struct FilterInput {
  std::string reader, kind, record, from, to;
};

// The filter, or an invalid outcome (error: a catalogue key, field: the input) and `out` untouched.
Outcome parse_filter(const FilterInput& in, Filter& out);

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}
  std::vector<ReadEntry> page(const Filter& f, long long page, long long per_page, long long& total);
  // The export's next slice: entries below `before` (0: from the newest), newest first.
  std::vector<ReadEntry> slice(const Filter& f, long long before, long long limit);
  // The export itself is audited ("export", subject "privacy.reads", the filter as detail).
  void audit_export(const Actor& actor, const FilterInput& in);

 private:
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::privacy::access_log
