// Partnerships' rules: creation with the directory's checks, edition of the details, status changes
// along the allowed transitions, the ethical charter's signature, and the yearly target of new
// social-relay partnerships. Every change is one transaction that also writes the partnership's
// history (partnership_events) and the audit log.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "network/partnerships/model.hpp"
#include "network/organisations/scope.hpp"
#include "network/partnerships/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::partnerships {

inline constexpr const char* kYearlyTargetKey = "partnerships_yearly_target";
inline constexpr long long kDefaultYearlyTarget = 20;

// 'YYYY-MM-DD' naming a real calendar day.
bool valid_iso_date(const std::string& date);
// Today in Europe/Paris (the process time zone), as 'YYYY-MM-DD'.
std::string today_iso();

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // Uses organisation_id, partner_id, kind, status (proposed or active), start_date, end_date,
  // charter_signed_on, contact_name, contact_email and notes.
  // Every change takes the actor's scope (organisations/scope.hpp): at least one of the two
  // organisations must lie in it ("annuaire.scope.errors.partnership"), else nothing is changed.
  Outcome create(const Actor& actor, Partnership p, const organisations::Scope& scope = organisations::Scope::all());
  // Replaces the editable details: start_date, end_date, contact_name, contact_email, notes.
  Outcome update(const Actor& actor, long long id, const Partnership& changes,
                 const organisations::Scope& scope = organisations::Scope::all());
  // Moves to `to` if the transition is allowed. Ending sets the end date (the one given, else the
  // one already set, else today). The note is kept in the history.
  Outcome change_status(const Actor& actor, long long id, const std::string& to, const std::string& end_date,
                        const std::string& note, const organisations::Scope& scope = organisations::Scope::all());
  // Records that the partner signed the network's ethical charter on `date` (not in the future).
  Outcome record_charter(const Actor& actor, long long id, const std::string& date,
                         const organisations::Scope& scope = organisations::Scope::all());

  organisations::Scope scope(const Principal& me);
  // Whether the scope covers a partnership (one of its two organisations).
  bool in_scope(const organisations::Scope& scope, long long id);

  // Documents: PDF, PNG, JPEG, ODT or DOCX recognised by their first bytes, at most kMaxDocumentBytes.
  static constexpr std::size_t kMaxDocumentBytes = 5 * 1024 * 1024;
  Outcome add_document(const Actor& actor, long long id, const std::string& file_name, const std::string& bytes,
                       const organisations::Scope& scope = organisations::Scope::all());
  // Marks a document deleted (kept in the database), with a history event.
  Outcome remove_document(const Actor& actor, long long id, long long document_id,
                          const organisations::Scope& scope = organisations::Scope::all());
  // Who sees a partnership's documents: the members of either organisation, and those who manage
  // partnerships within their scope (a délégation-limited coordinator: one of the two organisations in
  // its délégations, docs/scopes.md).
  bool may_see_documents(const Principal& me, long long id);
  std::vector<Document> documents(long long id, const Principal& me);
  // A document not deleted, with its bytes; nothing when the person may not see it (may_see_documents).
  std::optional<Document> document(long long id, long long document_id, const Principal& me);

  // Active organisations whose name (or commune) matches, accent- and case-insensitively, at most limit;
  // total is set to the number matching.
  std::vector<OrganisationChoice> find_organisations(const std::string& query, long long limit, long long& total);
  // The active organisation of that exact name (case-insensitive), if there is only one.
  std::optional<OrganisationChoice> organisation_named(const std::string& name);
  std::optional<OrganisationChoice> organisation_choice(long long id);

  std::optional<Partnership> find(long long id);
  std::vector<Partnership> search(const Filter& f, long long page, long long per_page, long long& total);
  std::vector<Event> history(long long id);
  std::vector<OrganisationChoice> organisation_choices();

  // Whether the organisation is the partner of an active social-relay partnership whose charter
  // is signed (as of today): its referents may then book invitations.
  bool charter_signed(long long organisation_id);

  long long yearly_target();
  Outcome set_yearly_target(const Actor& actor, const std::string& value);
  YearlyCount yearly_count(int year);

  // A few partnerships between the demo organisations (skipped if already there). Idempotent.
  void load_demo(const Actor& actor);

 private:
  Outcome validate_details(Partnership& p);
  void record_event(soci::session& sql, const Actor& actor, Event e);
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::partnerships
