// Candidates: registration (signed in, or by a visitor who gets an account as for a training
// application), eligibility decisions with reasons by the certifier's staff, withdrawal by the
// candidate, and the certifications a person's trainings prepare.
#pragma once
#include "certification/candidates/repository.hpp"
#include "certification/referential/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/enrolments/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::candidates {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, referential::Service& referential)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        referential_(referential) {}

  // Registers `me` (nullptr: a visitor, who names themself and gets an account with a link to choose
  // a password; an address that already has an account records nothing and gets the same answer,
  // its owner being told by e-mail). Returns the registration's id (0 in that case). The
  // certification must be published; one registration in progress per person.
  Outcome register_candidate(const Actor& actor, const Principal* me, long long certification_id,
                             const RegistrationInput& in);
  // A registration its candidate or the certifier's staff (certifications.manage) may see.
  std::optional<Registration> visible(const Principal& me, long long id);
  bool manages(const Principal& me, const Registration& r) const;
  std::vector<Registration> of_certification(const ActingFor& managed, long long certification_id,
                                             const std::string& status, long long page, long long per_page,
                                             long long& total);
  std::vector<StatusCount> counts(long long certification_id);
  std::vector<Registration> of_user(long long user_id);
  std::vector<Offer> offers(long long user_id);
  // eligible or ineligible, with reasons (required), from submitted only.
  Outcome decide(const Actor& actor, const ActingFor& managed, long long id, const std::string& decision,
                 const std::string& reason);
  Outcome withdraw(const Actor& actor, long long user_id, long long id);
  referential::Service& referential() { return referential_; }

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  referential::Service& referential_;
  Repository repo_;
  enrolments::Repository accounts_;  // accounts for a typed address, the organisers' staff addresses
};

void register_routes(web::App& app, Service& service);
// The candidate's "Certifications" panel on /tableau-de-bord (order 250): registrations and offers.
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::candidates
