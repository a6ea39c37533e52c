// Training agreements (convention, with an employer or a funder) and training contracts (contrat de
// formation professionnelle, a person paying themselves: 10-day withdrawal period, no payment before its end);
// versioned, hashed, signed online (typed name, time, IP, document hash) or uploaded signed.
// docs/trainings/agreements.md gives the rules and decisions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/agreements/model.hpp"
#include "trainings/agreements/repository.hpp"
#include "trainings/programmes/access.hpp"
#include "trainings/training_documents/stored_file.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::agreements {

class Service {
 public:
  static constexpr long long kPerPage = 20;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

  // The session when `me` manages it (nullopt otherwise, as when it does not exist).
  std::optional<programmes::SessionAccess> managed_session(const Principal& me, long long session_id);
  std::vector<Agreement> of_session(long long session_id, long long page, long long& total);
  std::vector<Candidate> candidates(long long session_id);
  // A manager of the session makes an agreement (its first version). Outcome.id: the agreement.
  Outcome create(const Actor& actor, const Principal& me, long long session_id, const AgreementInput& in);

  // The agreement when `me` manages its session (nullopt otherwise).
  std::optional<Agreement> managed(const Principal& me, long long id);
  std::vector<Version> versions(long long id);
  std::optional<mail::Message> outbox(long long outbox_id) { return mail_.find(outbox_id); }
  std::optional<Version> version_file(const Principal& me, long long id, long long number);
  // The uploaded signed PDF: {file name, bytes}.
  std::optional<std::pair<std::string, std::string>> signed_file(const Principal& me, long long id);
  // A change before signature: a new version. Outcome.id: its number.
  Outcome edit(const Actor& actor, const Principal& me, long long id, const AgreementInput& in);
  // Sends the current version by e-mail (the PDF attached) with a new signing link.
  Outcome send(const Actor& actor, const Principal& me, long long id);
  Outcome upload_signed(const Actor& actor, const Principal& me, long long id, const std::string& signer,
                        const std::string& signed_on, const std::string& client_name, const std::string& bytes);
  Outcome cancel(const Actor& actor, const Principal& me, long long id, const std::string& reason);
  // A contract's withdrawal received by registered letter: the day the letter was sent, within the period.
  Outcome record_withdrawal(const Actor& actor, const Principal& me, long long id, const std::string& letter_sent_on);

  // The signing link (no account): the agreement of a token and its current version (with its bytes).
  std::optional<Agreement> by_token(const std::string& token);
  std::optional<Version> current_version(const Agreement& a);
  Outcome sign(const Actor& actor, const std::string& token, const std::string& name, bool approved,
               const std::string& sha256, const std::string& user_agent);
  Outcome withdraw(const Actor& actor, const std::string& token, bool confirmed);

  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t("fr", key, params);
  }

 private:
  // A new version of `a` (PDF and text), current from now; returns its number.
  long long make_version(soci::session& sql, const Actor& actor, const Agreement& a, long long now);
  Outcome parse(const AgreementInput& in, Agreement& a, bool creating);
  // create() and send() once access is checked, inside the caller's transaction (also for the demo).
  Outcome create_in(soci::session& sql, const Actor& actor, long long session_id, const AgreementInput& in,
                    long long now);
  Outcome send_in(soci::session& sql, const Actor& actor, long long id, long long now);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// The agreements and contracts of an application for its funders' files: the signed version of each
// (uploaded signed or signed online), else the latest (empty when none).
std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id);
// When the person may be asked to pay (Code du travail L6353-6): nullopt when the application has no
// training contract (no constraint); else the unix time the withdrawal period ends (signature + 10 days),
// or kNoPayment while the contract is unsigned or after the person withdrew.
constexpr long long kNoPayment = 9'000'000'000'000'000'000LL;
std::optional<long long> payment_allowed_from(soci::session& sql, long long application_id);

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::agreements
