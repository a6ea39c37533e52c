#include "trainings/invoices/rules.hpp"

#include <algorithm>
#include <cstdio>

#include "platform/core/calendar.hpp"

namespace trame::invoices {

std::string format_number(const std::string& series, long long year, long long sequence) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%lld-%04lld", series.c_str(), year, sequence);
  return buf;
}

long long vat_of(long long ht_cents, long long per_mille) {
  if (ht_cents <= 0 || per_mille <= 0) return 0;
  return (ht_cents * per_mille + 500) / 1000;
}

std::string add_days(const std::string& day, long long n) {
  auto d = parse_date(day);
  if (!d) return "";
  long long t = day_start(*d);
  if (t < 0) return "";
  // Noon avoids the daylight-saving hour.
  return local_day(t + 12 * 3600 + n * 86400);
}

std::string later_day(const std::string& a, const std::string& b) {
  return a < b ? b : a;
}

bool billed_as_funder(const LineShare& l) {
  return l.status != "refused" && l.funder != "employer" && l.funder != "self";
}

std::vector<Part> split(long long price_cents, bool attended, const std::vector<LineShare>& lines,
                        const std::string& rest_payer, const std::string& rest_name, long long rest_billed) {
  std::vector<Part> parts;
  long long funders = 0;
  for (const auto& l : lines) {
    if (!billed_as_funder(l)) continue;
    const long long expected = attended ? l.due_cents : l.amount_cents;
    funders += expected;
    Part p;
    p.line_id = l.id;
    p.payer = l.funder;
    p.name = l.funder_name;
    p.target_cents = attended ? l.due_cents : 0;
    p.billed_cents = l.billed_cents;
    p.proposed_cents = std::max(0LL, p.target_cents - p.billed_cents);
    parts.push_back(p);
  }
  Part rest;
  rest.payer = rest_payer;
  rest.name = rest_name;
  rest.target_cents = std::max(0LL, price_cents - funders);
  rest.billed_cents = rest_billed;
  rest.proposed_cents = std::max(0LL, rest.target_cents - rest_billed);
  parts.push_back(rest);
  return parts;
}

std::string status_after_payment(const std::string& status, long long paid_cents, long long total_cents,
                                 bool past_due) {
  if (status == "cancelled") return status;
  if (paid_cents >= total_cents) return "paid";
  if (past_due) return "overdue";
  if (paid_cents > 0) return "partially_paid";
  return status;
}

}  // namespace trame::invoices
