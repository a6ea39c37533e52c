#include "privacy/rights/rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "platform/core/calendar.hpp"

namespace trame::privacy::rights {

bool valid_kind(const std::string& kind) {
  return kind == "rectification" || kind == "erasure";
}

bool open_status(const std::string& status) {
  return status == "received" || status == "in_progress";
}

bool allowed_move(const std::string& from, const std::string& to) {
  static const std::array<std::pair<const char*, const char*>, 5> moves{{{"received", "in_progress"},
                                                                         {"received", "done"},
                                                                         {"received", "refused"},
                                                                         {"in_progress", "done"},
                                                                         {"in_progress", "refused"}}};
  return std::any_of(moves.begin(), moves.end(), [&](const auto& m) { return from == m.first && to == m.second; });
}

namespace {

// The end of the Paris day `months` calendar months after `received_at`.
long long months_after(long long received_at, int months) {
  Date d = local_date(received_at);
  int month = d.month + months;
  int year = d.year;
  while (month > 12) {
    month -= 12;
    ++year;
  }
  // The same day of the next month, or its last day when it has fewer.
  long long after = next_month_start(year, month);
  int last_day = local_date(after - 3600).day;
  Date due{year, month, std::min(d.day, last_day)};
  return next_day_start(due) - 1;
}

}  // namespace

long long due_at(long long received_at) {
  return months_after(received_at, 1);
}

long long extended_due_at(long long received_at) {
  return months_after(received_at, 3);
}

bool extendable(const Request& r, long long now) {
  return open_status(r.status) && r.extended_at == 0 && now <= due_at(r.received_at);
}

long long days_left(long long due, long long now) {
  Date a = local_date(now);
  Date b = local_date(due);
  // Whole Paris days (a day is 23 or 25 hours at a clock change): rounded to the nearest day.
  return std::llround(static_cast<double>(day_start(b) - day_start(a)) / 86400.0);
}

const std::vector<KeptTable>& kept_tables() {
  static const std::vector<KeptTable> tables{
      {"audit_log", "audit"},
      {"audit_head", "audit"},
      {"training_attendance", "attendance"},
      {"training_attendance_corrections", "attendance"},
      {"training_agreements", "agreements"},
      {"training_agreement_versions", "agreements"},
      {"training_invoices", "invoices"},
      {"training_invoice_payments", "invoices"},
      {"privacy_requests", "requests"},
  };
  return tables;
}

bool kept(const std::string& table) {
  const auto& k = kept_tables();
  return std::any_of(k.begin(), k.end(), [&](const KeptTable& t) { return table == t.table; });
}

std::string domain_of(const std::string& table) {
  static const std::array<std::pair<const char*, const char*>, 16> prefixes{{
      {"training_", "trainings"},
      {"quality_", "trainings"},
      {"certification_", "certification"},
      {"questionnaire", "questionnaires"},
      {"cooperation_", "cooperation"},
      {"life_", "network_life"},
      {"outing_", "outings"},
      {"booking", "outings"},
      {"beneficiaries", "outings"},
      {"website_", "website"},
      {"plan", "plans"},
      {"privacy_", "privacy"},
      {"mail_", "platform"},
      {"audit_", "platform"},
      {"partnership", "network"},
      {"organisation", "network"},
  }};
  for (const auto& [prefix, domain] : prefixes)
    if (table.rfind(prefix, 0) == 0) return domain;
  return "platform";
}

bool secret_column(const std::string& column) {
  return column.find("hash") != std::string::npos || column.find("secret") != std::string::npos ||
         column.find("token") != std::string::npos;
}

bool personal_column(const std::string& column) {
  return column.find("phone") != std::string::npos;
}

}  // namespace trame::privacy::rights
