// Members of a network (docs/network_life/members.md): an organisation's yearly membership of the network of
// an organiser (the network's head, where network_life.manage decides), its status, contact and fee.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

namespace trame::members {

// applied → member or refused (with a reason); member → lapsed at the end of its year unless renewed.
inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"applied", "member", "refused", "lapsed"};
  return s;
}
// How a fee was paid (recorded only: no payment processing). exonere: exempted (amount 0).
inline const std::vector<std::string>& fee_means() {
  static const std::vector<std::string> m = {"virement", "cheque", "especes", "exonere"};
  return m;
}
// The roles that make someone staff of an organisation: they apply, renew and may be its contact.
inline const std::vector<std::string>& staff_roles() {
  static const std::vector<std::string> r = {"administrator", "coordinator", "referent", "partner_staff",
                                             "training_staff"};
  return r;
}
inline bool is_one_of(const std::string& v, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

struct Membership {
  long long id = 0;
  long long organiser_id = 0;
  std::string organiser_name;  // read only
  long long organisation_id = 0;
  std::string organisation_name, organisation_kind;  // read only
  long long year = 0;
  std::string status = "applied";
  std::string applied_on, decided_on, refusal_reason, lapsed_on;  // days 'YYYY-MM-DD'
  long long decided_by = 0;
  std::string decided_by_name;  // read only
  long long contact_user_id = 0;
  std::string contact_name, contact_email;  // read only
  long long fee_cents = -1;                 // -1: no fee recorded
  std::string fee_on, fee_means;
  long long renewal_of = 0;
  long long reminder_sent_at = 0;
  std::string note;
  long long created_by = 0, created_at = 0, updated_at = 0;
};

// Filters of the managers' list; empty or 0: any.
struct Filter {
  std::string status;
  long long year = 0;
  std::string kind;  // the organisation's kind (social, cultural, sport…)
};

// Pure rules (unit-tested).
// "12", "12,5", "12.50", "0" → cents; -1 when not a non-negative amount with at most two decimals, or too big.
long long parse_euros(const std::string& text);
// 1234 → "12,34 €".
std::string format_euros(long long cents);
// A year one may apply or record for, given the current year: from current-1 to current+1.
inline bool year_allowed(long long year, long long current_year) {
  return year >= current_year - 1 && year <= current_year + 1;
}
// Whether the renewal reminders of `year`'s members are due on day (month, day) of current_year: from
// reminder_day of December of that year on.
inline bool reminder_due(long long year, long long current_year, int month, int day, long long reminder_day) {
  if (current_year > year) return false;  // the year is over: lapsed or renewed, no more reminders
  return current_year == year && month == 12 && day >= reminder_day;
}
// Whether a membership of `year` with `status` may be renewed for year+1, in current_year (in December from
// the reminder day, the next year is open; a membership of last year may still be renewed this year).
inline bool renewable(const std::string& status, long long year, long long current_year, bool december_open) {
  if (status != "member" && status != "lapsed") return false;
  if (year + 1 == current_year) return true;
  return year == current_year && december_open;
}
// CSV field: quoted when needed, and a leading =,+,-,@ neutralised (spreadsheet formulas).
std::string csv_field(const std::string& value);

}  // namespace trame::members
