// Pure computations of the results module (no database): means, medians, the recommendation score,
// percentages, the French way of writing numbers. Unit-tested in tests/unit/results_test.cpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/web/i18n.hpp"
#include "questionnaires/results/model.hpp"

namespace trame::results {

std::optional<double> mean(const std::vector<double>& values);
// The middle value (the mean of the two middle ones for an even count).
std::optional<double> median(std::vector<double> values);
Stats stats_of(const std::vector<double>& values);
// Scores 0-10: promoters 9-10, passives 7-8, detractors 0-6; score = % promoters − % detractors.
Nps nps_of(const std::vector<double>& scores);
// part / whole × 100 (0 when whole is 0).
double percent(long long part, long long whole);
// Numbers and percentages are written by the catalogue's formatters.
using web::format_number;
using web::format_percent;
// With the whole set shown, a single hidden group could be recovered by subtraction: when exactly one
// group is guarded, the smallest shown group is hidden too (complementary = true).
void apply_complementary_guard(std::vector<Group>& groups);
// Fills count.percent from the counts and a total.
void set_percents(std::vector<Count>& counts, long long total);

}  // namespace trame::results
