// Plain data and pure rules of the quotes module (devis): numbering, totals with VAT, validity.
#pragma once
#include <string>
#include <vector>

namespace trame::quotes {

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> all = {"draft", "sent", "accepted", "declined", "expired", "cancelled"};
  return all;
}

struct Line {
  long long position = 0;
  std::string label;
  std::string detail;
  long long unit_price_cents = 0;
  long long quantity = 1;
  long long total_cents = 0;
};

struct Totals {
  long long net_cents = 0;
  long long vat_cents = 0;
  long long total_cents = 0;
};

struct Version {
  long long id = 0;
  long long quote_id = 0;
  long long version = 0;
  std::string party_kind;  // person, employer
  std::string party_name, party_address, party_email;
  std::string funding;      // a funder code (enrolments::funders()), "" when none
  std::string valid_until;  // ISO day
  bool vat_exempt = true;
  long long vat_rate_per_mille = 0;
  Totals totals;
  std::string file_name, sha256;
  std::string data;  // the PDF's bytes (only when downloading)
  long long size_bytes = 0;
  long long created_by = 0;
  long long created_at = 0;
  long long superseded_at = 0;
  long long outbox_id = 0;
  long long sent_at = 0;
  std::string sent_to;
  std::vector<Line> lines;
};

struct Quote {
  long long id = 0;
  long long organisation_id = 0;
  std::string organisation_name;
  long long session_id = 0;
  std::string session_title, programme_title;
  long long application_id = 0;
  std::string trainee_name;
  std::string number;
  std::string status;
  long long current_version = 1;
  long long accepted_at = 0, accepted_version = 0, accepted_by = 0;
  std::string accepted_name, accepted_ip, accepted_sha256, accepted_day, accepted_note;
  long long declined_at = 0;
  std::string declined_reason;
  long long expired_at = 0, cancelled_at = 0;
  long long created_at = 0, updated_at = 0;
  // The current version's summary (lists).
  std::string party_name;
  long long total_cents = 0;
  std::string valid_until;
};

// What a manager types to make a quote or a new version (empty party fields: taken from the application).
struct QuoteInput {
  std::string application;  // id (making only)
  std::string party_kind;   // person, employer
  std::string party_name, party_address, party_email;
  std::string unit_price;                                // euros, "1 500,00"; empty: the programme's price
  std::string quantity;                                  // empty: 1
  std::string extra_label, extra_price, extra_quantity;  // an optional other line
  std::string valid_until;                               // ISO day; empty: today + the setting's days
  std::string funding;                                   // a funder code or ""
};

// "D2027-0001": D, the year, a hyphen, the number on at least 4 digits.
std::string quote_number(long long year, long long sequence);
// The file name of a version's PDF: "devis-D2027-0001-v2.pdf".
std::string version_file_name(const std::string& number, long long version);
// The lines' total before VAT, the VAT (rounded to the nearest cent, half up) and the total to pay.
// Exempt: no VAT whatever the rate.
Totals totals_of(const std::vector<Line>& lines, bool vat_exempt, long long vat_rate_per_mille);
// A line's total (unit price × quantity).
inline long long line_total(const Line& l) {
  return l.unit_price_cents * l.quantity;
}
// The ISO day `days` days after the ISO day `today` ("" when `today` is not one).
std::string add_days(const std::string& today, long long days);
// Whether a quote valid until `valid_until` (inclusive) may no longer be accepted on `today` (ISO days).
inline bool expired_on(const std::string& valid_until, const std::string& today) {
  return today > valid_until;
}
// A VAT rate per mille as French text: 200 → "20", 55 → "5,5".
std::string rate_text(long long per_mille);
// A quantity as typed: 1 to 999, else -1 ("" gives `empty_value`).
long long parse_quantity(const std::string& text, long long empty_value);

}  // namespace trame::quotes
