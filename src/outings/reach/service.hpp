// Reach (« Personnes touchées ») and dormant relais (« Relais en sommeil ») for the network's coordinators
// (outings.manage). A délégation-limited coordinator sees the relais of their délégations (docs/scopes.md).
// The relance of a dormant relais e-mails its onboarded referents through the outbox, at most once per
// 30 days (a conditional upsert decides, so two coordinators clicking together send one), audited.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "outings/reach/model.hpp"
#include "outings/reach/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::reach {

inline constexpr long long kRelaunchDays = 30;
inline constexpr long long kEndingDays = 60;
inline constexpr long long kDefaultDormantMonths = 6;

// A count as shown in per-group rows: 1 and 2 become « < 3 » (pseudonymity); totals stay exact.
std::string masked(long long n);

// The period of ?du=…&au=… (ISO days, both included): [from, to) in unix seconds. Empty: the current
// calendar year (Paris time) of `now`. Malformed, reversed or longer than 5 years: invalid, and the
// current year.
struct Period {
  long long from = 0, to = 0;
  std::string from_iso, to_iso;
  bool invalid = false;
};
Period parse_period(const std::string& du, const std::string& au, long long now);

// The Paris calendar year when [from, to) is exactly one (January 1st to January 1st), else nothing: the
// periods the reach reads from the kept figures.
std::optional<int> whole_year(long long from, long long to);

// Whom a coordinator sees: every relais, or those listed (organisations of their délégations and their own).
struct Visible {
  bool all = false;
  std::vector<long long> organisations;
};

struct DormantPage {
  std::vector<DormantRelais> relais;
  long long total = 0;
  long long months = kDefaultDormantMonths;
};

struct SectorTable {
  int year = 0;
  long long target = 0;
  std::vector<SectorCount> sectors;
  long long previous_total = 0, current_total = 0;
};

struct RelaunchResult {
  Outcome outcome;
  long long last_at = 0;     // the last relance, when refused for being too recent
  long long recipients = 0;  // e-mails queued
  std::string name;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url);

  Visible visible(const Principal& me);
  Reach reach(const Visible& v, long long from, long long to);
  // Records a reach or dormant export in the audit log.
  void audit_export(const Actor& actor, const std::string& what, const std::string& detail);

  long long dormant_months();
  DormantPage dormant(const Visible& v, long long now, long long page, long long per_page);
  std::vector<EndingPartnership> ending(const Visible& v, long long now, long long limit, long long& total);
  SectorTable new_partnerships(long long now);

  // The one-click relance: refused (nothing changed) for a relais outside the scope (not found), that
  // left (partnership ended, organisation archived), without an onboarded referent, or relaunched less
  // than 30 days ago.
  RelaunchResult relaunch(const Actor& actor, const Visible& v, long long organisation_id, long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// The coordinator's panel of /tableau-de-bord: the year's reach and the dormant relais (order 125).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::reach
