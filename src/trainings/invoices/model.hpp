// Plain data of the invoices module: invoices and credit notes (one table), payments, the split of an
// application's price between its funders and the employer or the person.
#pragma once
#include <string>
#include <vector>

namespace trame::invoices {

struct Invoice {
  long long id = 0;
  std::string kind;  // invoice, credit_note
  long long organisation_id = 0;
  long long year = 0;
  long long sequence = 0;
  std::string number;
  long long session_id = 0;
  long long application_id = 0;
  long long funding_line_id = 0;
  std::string payer;  // a funder code (enrolments::funders())
  std::string buyer_name, buyer_address;
  bool professional = true;
  long long minutes = 0;
  long long total_ht_cents = 0, vat_per_mille = 0, vat_cents = 0, total_ttc_cents = 0;
  std::string issued_on, due_on;
  std::string status;  // issued, sent, partially_paid, paid, overdue, cancelled
  long long paid_cents = 0;
  long long credit_of = 0;
  std::string reason;
  std::string file_name, sha256, data;  // data only when downloading
  long long size_bytes = 0;
  std::string recipient;
  long long outbox_id = 0, sent_at = 0, overdue_at = 0, reminded_7_at = 0, reminded_30_at = 0;
  long long created_at = 0, created_by = 0;
  // Joined, for pages
  std::string trainee_name, session_title, programme_title, organisation_name, credit_number;
};

struct Payment {
  long long id = 0;
  long long invoice_id = 0;
  std::string paid_on;
  long long amount_cents = 0;
  std::string method;
  std::string reference;
  long long created_at = 0;
};

inline const std::vector<std::string>& payment_methods() {
  static const std::vector<std::string> v = {"transfer", "cheque", "card", "cash", "direct_debit"};
  return v;
}
inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> v = {"issued", "sent", "partially_paid", "paid", "overdue", "cancelled"};
  return v;
}

// A funding line as the split sees it.
struct LineShare {
  long long id = 0;
  std::string funder;
  std::string funder_name;
  std::string status;  // requested, agreed, refused, invoiced, paid
  long long amount_cents = 0;
  long long due_cents = 0;     // pro rata of attended hours
  long long billed_cents = 0;  // already invoiced to this line (invoices not cancelled)
};

// One proposed invoice of the split: a funder's line (line_id != 0) or the rest (line_id == 0).
struct Part {
  long long line_id = 0;
  std::string payer;
  std::string name;
  long long target_cents = 0;  // what this payer owes in all
  long long billed_cents = 0;  // already invoiced
  long long proposed_cents = 0;
};

}  // namespace trame::invoices
