// Pure functions of indicator series (unit-tested): periods ('YYYY' or 'YYYY-MM'), values typed by
// people (French or plain decimals), values shown to them, and how a target stands.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cooperation/indicators/model.hpp"

namespace trame::indicators {

// 'YYYY' for kind year, 'YYYY-MM' for kind month; years 2000 to 2100, months 01 to 12. Nothing else
// (no blanks, no '2025-3').
bool valid_period(std::string_view text, const std::string& kind);
// The kind of a valid period ('year' or 'month'), '' otherwise.
std::string kind_of(std::string_view period);
// The period (of that kind) holding the instant t (local time).
std::string period_of(const std::string& kind, long long t);
std::string next_period(const std::string& period);
// Local midnight starting the period, and starting the next one.
long long period_start(const std::string& period);
long long period_end(const std::string& period);
// from, …, to (same kind; empty when to < from). At most `limit` periods (the last ones are cut).
std::vector<std::string> periods_between(const std::string& from, const std::string& to, std::size_t limit = 1200);
// How many steps from a to b (same kind; negative when b is before a).
long long period_steps(const std::string& a, const std::string& b);

// A number typed by a person: '1234', '1 234,5', '1234.5', '-3', '12 %' is refused (unit apart).
// Blanks (also no-break ones) between digit groups are allowed; one decimal separator, ',' or '.'.
// nullopt for anything else, and beyond ±1e12.
std::optional<double> parse_value(std::string_view text);
// A value in French: at most two decimals (trailing zeros dropped), decimal comma, thousands
// separated by a no-break space: 1234.5 → "1 234,5", -0.004 → "0".
std::string format_value(double value);

// Whether value meets the target.
bool reaches(double value, const Target& target);
// How `target` stands given the points (any order) and the current period (of the same kind).
TargetCheck check_target(const std::vector<Point>& points, const Target& target, const std::string& current);
// The target a summary shows: the first (by period) whose period is not over, else the last one;
// nullptr when there is none.
const Target* current_target(const std::vector<Target>& targets, const std::string& current);

}  // namespace trame::indicators
