// Funders' files: one ZIP per trainee and funder holding the quote, the programme, the agreement,
// the convocation, the signed attendance sheets, the certificate of completion and the invoice,
// with a summary of every file's SHA-256 and of what is missing (docs/trainings/funder_files.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/funder_files/model.hpp"
#include "trainings/funder_files/repository.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::funder_files {

class Service {
 public:
  // The funders' files send nothing: the mail service of the modules' common constructor is not kept.
  Service(store::Database& db, audit::Service& audit, mail::Service& /*mail*/, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  static constexpr long long kPerPage = 20;

  // The session when `me` manages it (its programme's organiser); nullopt otherwise (not theirs or
  // missing: the same answer, 404).
  std::optional<programmes::SessionAccess> managed(const Principal& me, long long session_id);
  // The page's rows: each trainee × funder pair with what its file holds and lacks (no bytes kept).
  std::vector<Manifest> overview(long long session_id, long long page, long long& total);
  // The whole manifest of one pair, for a manager of the session; nullopt when the session is not
  // theirs, the application is not of the session, or it has no line (not refused) of that funder.
  std::optional<Manifest> manifest(const Principal& me, long long session_id, long long application_id,
                                   const std::string& funder);
  // The bytes of an entry: held ones as they are, stored training documents read now.
  std::string bytes_of(const Entry& entry);
  // The archive's summary (sommaire.txt, UTF-8): every file with its SHA-256, then what is missing.
  std::string summary(const Manifest& m) const;
  // The name of the summary inside the archive.
  static const char* summary_name() { return "00-sommaire.txt"; }
  void record_download(const Actor& actor, const Manifest& m);

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

  // The French label of a missing piece (« Pièce manquante : convention signée »).
  std::string missing_text(const Missing& m) const;

 private:
  // The session's pairs: every funding line not refused (by trainee and funder), and the employer or the
  // person billed without a line (invoices to the rest payer), ordered by trainee then funder.
  std::vector<FunderLine> pairs(soci::session& sql, long long session_id);
  // Builds the manifest inside a transaction; with_programme: render the programme's PDF (the page
  // only needs to know it is there).
  Manifest build(soci::session& sql, long long session_id, const FunderLine& line, bool with_programme, long long now);

  store::Database& db_;
  audit::Service& audit_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::funder_files
