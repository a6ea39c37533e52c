// Organisations: creation and edition with the directory's checks (audited), search, members.
#pragma once
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "network/organisations/repository.hpp"
#include "network/organisations/scope.hpp"
#include "platform/store/database.hpp"

#include <functional>

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::organisations {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}
  Outcome create(const Actor& actor, const std::string& name, const std::string& kind);
  // With a scope (see scope.hpp): the commune must lie in it ("annuaire.scope.errors.commune").
  Outcome create(const Actor& actor, Organisation organisation, const Scope& scope = Scope::all());
  // The same inside the caller's write transaction (a first install creates its administrator with it).
  Outcome create(soci::session& sql, const Actor& actor, Organisation& organisation, const Scope& scope = Scope::all());
  // Creates every row or none, in one transaction: each row is validated (a failure is reported in
  // `errors` with the row's index; a duplicate within the batch carries the earlier row's index in
  // Outcome::id). Rows are normalised in place. With dry_run, nothing is written. `on_commit` runs in
  // the same transaction before the inserts; a failure it returns is returned and nothing is written.
  Outcome create_many(const Actor& actor, std::vector<Organisation>& rows, const std::string& provenance,
                      std::vector<std::pair<std::size_t, Outcome>>& errors, bool dry_run = false,
                      const std::function<Outcome(soci::session&)>& on_commit = {}, const Scope& scope = Scope::all());
  // Replaces the editable fields of an organisation with those of `changes`.
  // The organisation must be in the scope, and so must its new commune unless it is the person's own.
  Outcome update(const Actor& actor, long long id, Organisation changes, const Scope& scope = Scope::all());
  // The scope of a signed-in person (organisations.manage), and whether it covers an organisation.
  Scope scope(const Principal& me);
  bool may_manage(const Principal& me, long long id);
  // The QPV of a commune (code, name), and those some organisation is located in.
  std::vector<std::pair<std::string, std::string>> priority_areas_of_commune(const std::string& commune);
  std::vector<std::pair<std::string, std::string>> priority_area_choices();
  // Administrators set the délégation a coordinator membership is limited to (0: none).
  Outcome set_coordinator_delegation(const Actor& actor, long long user_id, long long membership_id,
                                     long long delegation_id);
  std::vector<CoordinatorMembership> coordinator_memberships(long long user_id);
  std::optional<Organisation> find(long long id);
  std::vector<Organisation> search(const Search& s, long long page, long long per_page, long long& total);
  std::vector<Organisation> page(const std::string& query, long long page, long long per_page, long long& total);
  std::vector<Member> members(long long id);
  // Logos: PNG, JPEG or WebP (decoded, whatever the browser declares), at most kMaxLogoBytes as sent,
  // kept within kLogoBox × kLogoBox pixels, re-encoded as PNG without metadata (docs/image.hpp).
  static constexpr std::size_t kMaxLogoBytes = 5 * 1024 * 1024;
  static constexpr int kLogoBox = 512;
  Outcome set_logo(const Actor& actor, long long id, const std::string& bytes);
  Outcome remove_logo(const Actor& actor, long long id);
  std::optional<Logo> logo(long long id);
  std::vector<std::pair<long long, std::string>> delegation_choices();
  std::vector<Organisation> all_active();
  // The communes a commune filter means: an INSEE code, or a name with case, accents, hyphens and
  // "St"/"Ste" ignored; the communes of exactly that name, else those whose name begins with those
  // words ("Ancenis" → Ancenis-Saint-Géréon). None, one, or several to choose from.
  std::vector<CommuneChoice> communes_named(const std::string& text);
  // A coordinator's alerts over their scope (organisations.manage): nullopt for anyone who does not
  // coordinate the network. At most `limit` organisations in each list.
  std::optional<NetworkAlerts> network_alerts(const Principal& me, long long limit);
  // Opens a cursor over a search, for exports, and records the export in the audit log.
  std::unique_ptr<Cursor> export_search(const Actor& actor, const Search& s, const std::string& format);

 private:
  Outcome validate(Organisation& o, soci::session& sql);
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// The coordinator's "Réseau" panel on /tableau-de-bord (order 400).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::organisations
