// A training organisation's legal data (/formations/organismes/{id}/mentions-legales): activity
// declaration number (NDA) and region, Qualiopi certificate, VAT status, legal mentions; shown on programme pages,
// printed on every document, a warning when the certificate expires within 60 days (dashboard, check-deploy, one
// e-mail to the organisation's managers). docs/trainings/legal.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/legal/model.hpp"
#include "trainings/legal/repository.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::legal {

// What the legal page shows: the organisation, its data (nullopt: nothing entered yet).
struct LegalView {
  long long organisation_id = 0;
  std::string organisation_name;
  std::optional<LegalData> data;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // Who manages an organisation's legal data: administrators, trainings.manage in the organisation.
  static bool manages(const Principal& me, long long organisation_id) {
    return me.is_admin() || me.can_in(perm::trainings_manage, organisation_id);
  }

  // The page (managers only). not_found: no such organisation; forbidden: not a manager of it.
  Outcome view(const Principal& me, long long organisation_id, LegalView& out);
  // Saves the form (one row per organisation); every refusal names its field and changes nothing.
  Outcome save(const Actor& actor, const Principal& me, long long organisation_id, const LegalInput& in);
  // The certificates ending within 60 days (or ended) of the organisations `me` manages (dashboard).
  std::vector<Expiring> expiring_for(const Principal& me, long long now);
  // Reloads the process-wide copy the PDF writers read (cached_document_lines).
  void refresh_cache();

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: the one e-mail to the managers 60 days before the certificate ends; refreshes the cache.
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// The organisation's legal data (nullopt when none was entered). Usable inside any transaction: every
// document (quotes, agreements, invoices, convocations, certificates, sheets) prints it.
std::optional<LegalData> of_organisation(soci::session& sql, long long organisation_id);
// The lines printed at the foot of every document (name, address, SIRET, NDA with its region and the
// legal sentence « Cet enregistrement ne vaut pas agrément de l'État », Qualiopi certificate, VAT).
std::vector<std::string> document_lines(const LegalData& legal);
// The VAT sentence of an invoice: « TVA non applicable, article 261-4-4° a du CGI » when exempt, else "".
std::string vat_mention(const LegalData& legal);
// Every organisation whose certificate ends within 60 days of `today` (ISO day) or has ended.
std::vector<Expiring> expiring(soci::session& sql, const std::string& today);

// The document lines of an organisation from a process-wide copy, for the PDF writers that run without
// a database session (training_documents/pdfs.cpp, attendance/sheet_pdf.cpp). The copy is loaded when
// the routes are registered, refreshed on every save of this process and by run_due (every minute) for
// the changes of other processes. Empty when the organisation has no legal data.
std::vector<std::string> cached_document_lines(long long organisation_id);
// The same, found by the organisation's name (the attendance sheet knows only the organiser's name).
std::vector<std::string> cached_document_lines_by_name(const std::string& organisation_name);

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::legal
