// Invoices: numbering without gaps per organisation and year (allocated in the write transaction),
// credit notes, legal and VAT mentions, due dates, split by funding line (each funder billed the attended hours, the
// rest to the employer or the person), statuses sent / paid / overdue with reminders, the year's XLSX.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <soci/soci.h>
#include "trainings/invoices/model.hpp"
#include "trainings/invoices/repository.hpp"
#include "trainings/programmes/access.hpp"
#include "trainings/training_documents/stored_file.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::invoices {

// One trainee of the « Facturer » form: who pays what, proposed from the funding lines and attendance.
struct Proposal {
  Billable who;
  long long attended_minutes = 0;
  long long planned_minutes = 0;
  std::string rest_payer;  // employer or self
  std::string rest_name, rest_address, rest_email;
  std::vector<Part> parts;                        // funders' lines, then the rest (line_id 0)
  std::optional<long long> payment_allowed_from;  // agreements::payment_allowed_from
};

// What the « Facturer » form sends. amounts/emails/addresses: key "rest" or "line_<id>".
struct BillInput {
  long long application_id = 0;
  std::string payer;  // employer or self (the rest)
  std::string buyer_name;
  std::map<std::string, std::string> amounts, emails, addresses;
};

struct PaymentInput {
  std::string paid_on, amount, method, reference;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

  std::optional<programmes::SessionAccess> access(const Principal& me, long long session_id);
  // The session's trainees and their proposed split (managers only: the caller checks access).
  std::vector<Proposal> proposals(long long session_id);
  std::optional<Proposal> proposal(long long application_id);
  // Issues the invoices of one trainee (one per part with an amount), numbered in one transaction; sent at once to
  // the parts with an e-mail address. Outcome.id: how many were issued.
  Outcome bill(const Actor& actor, const Principal& me, long long session_id, const BillInput& in);
  std::vector<Invoice> of_session(long long session_id, long long page, long long per_page, long long& total);
  // The invoice when `me` manages its organisation; nullopt otherwise (the same answer as a missing id).
  std::optional<Invoice> invoice(const Principal& me, long long id, bool with_data = false);
  std::vector<Payment> payments(long long invoice_id);
  // The outbox row of the last sending (proof: status, sent time).
  std::optional<mail::Message> sending(long long outbox_id);
  Outcome send(const Actor& actor, const Principal& me, long long id, const std::string& email);
  Outcome record_payment(const Actor& actor, const Principal& me, long long id, const PaymentInput& in);
  // Cancels an invoice (no payment recorded) by a credit note; Outcome.id: the credit note.
  Outcome credit(const Actor& actor, const Principal& me, long long id, const std::string& reason);
  // When the person may be asked to pay on an application (agreements::payment_allowed_from).
  std::optional<long long> payment_allowed_from(long long application_id);
  void record_download(const Actor& actor, const Invoice& i);

  // The year's invoices of the organisations `scope` covers (organisation_id: one of them, 0 all).
  std::vector<Invoice> of_year(const ActingFor& scope, long long organisation_id, long long year, long long page,
                               long long per_page, long long& total);
  // Calls f for every invoice of the year, 200 at a time (the XLSX).
  long long each_of_year(const ActingFor& scope, long long organisation_id, long long year,
                         const std::function<void(const Invoice&)>& f);
  std::vector<std::pair<long long, std::string>> organisations(const ActingFor& scope);

 private:
  // Issues one invoice or credit note inside the caller's transaction; returns it with its id.
  Invoice issue(soci::session& sql, const Actor& actor, Invoice i, long long now);
  void send_in(soci::session& sql, const Actor& actor, const Invoice& i, const std::string& email,
               const std::string& mail_key, long long now);
  std::string pdf_of(soci::session& sql, const Invoice& i);
  Outcome bill_in(soci::session& sql, const Actor& actor, const BillInput& in, const std::string& issued_on,
                  long long now);
  Repository repo_;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
};

// The invoices (and credit notes) of an application addressed to a funder (a code of
// enrolments::funders(): opco, france_travail, region, employer, cpf, departement, self, other), for the
// funders' files (empty when none).
std::vector<training_documents::StoredFile> files_for(soci::session& sql, long long application_id,
                                                      const std::string& funder);

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::invoices
