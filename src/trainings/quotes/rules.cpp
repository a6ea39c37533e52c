#include <cstdio>

#include "platform/core/calendar.hpp"
#include "trainings/quotes/model.hpp"

namespace trame::quotes {

std::string quote_number(long long year, long long sequence) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "D%lld-%04lld", year, sequence);
  return buf;
}

std::string version_file_name(const std::string& number, long long version) {
  return "devis-" + number + "-v" + std::to_string(version) + ".pdf";
}

Totals totals_of(const std::vector<Line>& lines, bool vat_exempt, long long vat_rate_per_mille) {
  Totals t;
  for (const auto& l : lines) t.net_cents += line_total(l);
  if (!vat_exempt && vat_rate_per_mille > 0) t.vat_cents = (t.net_cents * vat_rate_per_mille + 500) / 1000;
  t.total_cents = t.net_cents + t.vat_cents;
  return t;
}

std::string add_days(const std::string& today, long long days) {
  auto d = parse_date(today);
  if (!d) return "";
  // Noon avoids the daylight-saving hour at midnight.
  long long noon = local_time(d->year, d->month, d->day, 12, 0);
  return iso_date(local_date(noon + days * 86400));
}

std::string rate_text(long long per_mille) {
  std::string out = std::to_string(per_mille / 10);
  if (per_mille % 10) out += "," + std::to_string(per_mille % 10);
  return out;
}

long long parse_quantity(const std::string& text, long long empty_value) {
  std::string t;
  for (char c : text)
    if (c != ' ') t += c;
  if (t.empty()) return empty_value;
  if (t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long n = std::stoll(t);
  return n >= 1 ? n : -1;
}

}  // namespace trame::quotes
