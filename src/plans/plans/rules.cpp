#include "plans/plans/rules.hpp"

#include <cmath>
#include <cstdio>

#include "platform/core/calendar.hpp"

namespace trame::plans::plans {

const std::vector<CatalogueEntry>& catalogue() {
  static const std::vector<CatalogueEntry> list = {
      {"partnerships_new", true, false, false},     {"places_used", true, false, true},
      {"people_reached", true, false, true},        {"group_arrived", false, false, false},
      {"trainings_held", true, true, false},        {"training_hours", true, true, false},
      {"events_held", false, false, false},         {"events_attendance", false, false, false},
      {"volunteer_hours", false, false, false},     {"certification_successes", false, true, false},
      {"questionnaire_score", false, false, false},
  };
  return list;
}

const CatalogueEntry* catalogue_entry(const std::string& key) {
  for (const auto& e : catalogue())
    if (e.key == key) return &e;
  return nullptr;
}

std::optional<double> parse_number(const std::string& text) {
  std::string s;
  for (char c : text) {
    if (c == ' ' && s.empty()) continue;
    s += c == ',' ? '.' : c;
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::size_t i = s[0] == '-' ? 1 : 0;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digits = true;
    else if (s[i] == '.' && !point) point = true;
    else return std::nullopt;
  }
  if (!digits || s.back() == '.') return std::nullopt;
  double v = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(v) || std::fabs(v) > 1e12) return std::nullopt;
  return v;
}

bool valid_date(const std::string& text) {
  return text.size() == 10 && parse_date(text).has_value();
}

bool valid_period(const std::string& from, const std::string& to) {
  if (!valid_date(from) || !valid_date(to) || to < from) return false;
  return std::stoi(to.substr(0, 4)) - std::stoi(from.substr(0, 4)) <= 10;
}

std::optional<long long> progress(std::optional<double> value, std::optional<double> target,
                                  std::optional<double> baseline) {
  if (!value || !target) return std::nullopt;
  double base = baseline.value_or(0);
  if (*target == base) return std::nullopt;
  double p = (*value - base) / (*target - base) * 100.0;
  if (p < 0) p = 0;
  return static_cast<long long>(std::floor(p + 1e-9));
}

std::string format_number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

}  // namespace trame::plans::plans
