#include "questionnaires/results/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trame::results {

std::optional<double> mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

Stats stats_of(const std::vector<double>& values) {
  Stats s;
  s.n = static_cast<long long>(values.size());
  s.mean = mean(values);
  s.median = median(values);
  if (!values.empty()) {
    s.min = *std::min_element(values.begin(), values.end());
    s.max = *std::max_element(values.begin(), values.end());
  }
  return s;
}

Nps nps_of(const std::vector<double>& scores) {
  Nps n;
  for (double v : scores) {
    if (v < 0 || v > 10) continue;
    ++n.total;
    if (v >= 9) ++n.promoters;
    else if (v >= 7) ++n.passives;
    else ++n.detractors;
  }
  if (n.total > 0) n.score = percent(n.promoters, n.total) - percent(n.detractors, n.total);
  return n;
}

double percent(long long part, long long whole) {
  if (whole <= 0) return 0;
  return static_cast<double>(part) * 100.0 / static_cast<double>(whole);
}

void set_percents(std::vector<Count>& counts, long long total) {
  for (auto& c : counts) c.percent = percent(c.count, total);
}

void apply_complementary_guard(std::vector<Group>& groups) {
  // With the total shown, a single hidden group could be recovered by subtraction: hide the smallest
  // shown group too, so that what can be recovered covers at least kMinGroup responses.
  long long hidden = 0;
  for (const auto& g : groups)
    if (g.guarded) ++hidden;
  if (hidden != 1) return;
  Group* smallest = nullptr;
  for (auto& g : groups)
    if (!g.guarded && (!smallest || g.responses < smallest->responses)) smallest = &g;
  if (smallest) {
    smallest->guarded = true;
    smallest->complementary = true;
  }
}

}  // namespace trame::results
