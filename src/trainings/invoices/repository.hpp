// SQL of the invoices module (both engines). Every function runs inside the caller's session/transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"
#include "trainings/invoices/model.hpp"

namespace trame::invoices {

// What the split needs to know about an application.
struct Billable {
  long long application_id = 0;
  long long session_id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string status;
  std::string name, email;
  long long organisation_id = 0;
  std::string organisation_name, organisation_address, organisation_email;
  std::string programme_title, session_title;
  long long starts_at = 0, ends_at = 0;
  long long price_cents = 0;
  bool self_line = false;
};

class Repository {
 public:
  // The next number of a series (F, A) for an organisation and a year: the counter row is created when missing,
  // then incremented by one conditional UPDATE whose row lock serialises concurrent writers (PostgreSQL);
  // SQLite serialises writers anyway. A rolled-back transaction gives its number back: no gap, no reuse.
  long long next_sequence(soci::session& sql, long long organisation_id, const std::string& series, long long year);

  // Row locks by a no-op UPDATE (PostgreSQL: concurrent writers of the same application or invoice wait, then read
  // what the first committed; SQLite serialises writers anyway).
  void lock_application(soci::session& sql, long long application_id);
  void lock_invoice(soci::session& sql, long long invoice_id);
  std::optional<Billable> billable(soci::session& sql, long long application_id);
  std::vector<long long> billable_applications(soci::session& sql, long long session_id);
  std::vector<LineShare> lines(soci::session& sql, long long application_id);
  // Invoiced (not cancelled) to the employer or the person on an application.
  long long rest_billed(soci::session& sql, long long application_id);
  std::string agreement_ref(soci::session& sql, long long line_id);
  void set_line_status(soci::session& sql, long long line_id, const std::string& status);

  long long insert(soci::session& sql, const Invoice& i);
  std::optional<Invoice> find(soci::session& sql, long long id, bool with_data);
  void mark_sent(soci::session& sql, long long id, const std::string& recipient, long long outbox_id, long long now);
  // Claims (conditional UPDATE) a change of status; false when another writer changed it first.
  bool claim_status(soci::session& sql, long long id, const std::string& from, const std::string& to);
  void set_paid(soci::session& sql, long long id, long long paid_cents, const std::string& status);
  void add_payment(soci::session& sql, const Payment& p, long long created_by);
  std::vector<Payment> payments(soci::session& sql, long long invoice_id);
  std::vector<Invoice> of_application(soci::session& sql, long long application_id);

  long long count_of_session(soci::session& sql, long long session_id);
  std::vector<Invoice> of_session(soci::session& sql, long long session_id, long long offset, long long limit);
  long long count_of_year(soci::session& sql, const ActingFor& scope, long long organisation_id, long long year);
  std::vector<Invoice> of_year(soci::session& sql, const ActingFor& scope, long long organisation_id, long long year,
                               long long offset, long long limit);
  std::vector<std::pair<long long, std::string>> organisations(soci::session& sql, const ActingFor& scope);

  // run_due: invoices past due (status issued, sent or partially_paid) and overdue ones to remind.
  std::vector<long long> past_due(soci::session& sql, const std::string& today);
  bool claim_overdue(soci::session& sql, long long id, const std::string& today, long long now);
  std::vector<long long> to_remind(soci::session& sql, const std::string& column, const std::string& due_before);
  bool claim_reminder(soci::session& sql, long long id, const std::string& column, long long now);
};

}  // namespace trame::invoices
