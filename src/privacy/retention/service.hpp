// Retention (docs/privacy.md « Retention »): the rules (settings retention.*, each with a default and
// its legal note), what the next run would do (dry run: counts per rule, nothing changed) and the run
// itself (the daily job, `trame retention`, « Appliquer maintenant »), which writes one audit entry
// with the counts per rule.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/audit/redaction.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "privacy/retention/model.hpp"

namespace trame::web {
class App;
}

namespace trame::privacy::retention {

// The rules this module applies, with their defaults (a missing or invalid setting: the default).
std::vector<Rule> default_rules();
// The limit: `value` months or years (calendar months, Paris time, at midnight) or days before `now`.
long long cutoff_of(const Rule& rule, long long now);

class Service {
 public:
  // keys: the audit chain's (redacting an old entry seals what stays under the audit key).
  Service(store::Database& db, audit::Service& audit, const web::SecretKeys& keys)
      : db_(db), audit_(audit), redaction_(keys) {}
  // The rules with their current values.
  std::vector<Rule> rules();
  // New values (setting key → text typed): all or nothing; each a whole number from 1 to 1200 (the
  // field at fault otherwise, nothing changed); audited (privacy.retention_rules) with the changes.
  Outcome set_rules(const Actor& actor, const std::vector<std::pair<std::string, std::string>>& values);
  // What a run at `now` would do; changes nothing. `progress` is called after each rule.
  Run preview(long long now, const std::function<void(const RuleCount&)>& progress = {});
  // Applies every rule at `now`, one transaction per rule, then records one audit entry
  // (privacy.retention) with the counts per rule.
  Run apply(const Actor& actor, long long now, const std::function<void(const RuleCount&)>& progress = {});

 private:
  long long count_of(soci::session& sql, const Rule& rule, long long cutoff);
  long long apply_one(soci::session& sql, const Rule& rule, long long cutoff, long long now);

  store::Database& db_;
  audit::Service& audit_;
  audit::Redaction redaction_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::privacy::retention
