// The rules of plans that need no database: the catalogue of computed indicators and the filters each
// accepts, how a typed number, date and period are read, and the progress towards a target.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::plans::plans {

// One computed indicator (its label and exact definition are in the locales, plans.catalogue.<key>, and
// in docs/plans.md « Plans »).
struct CatalogueEntry {
  std::string key;
  bool delegation = false;  // accepts a délégation filter
  bool programme = false;   // accepts a training programme filter
  bool qpv = false;         // accepts « QPV only »
};
const std::vector<CatalogueEntry>& catalogue();
const CatalogueEntry* catalogue_entry(const std::string& key);

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"draft", "active", "closed"};
  return list;
}

// A typed number: digits with an optional decimal comma or point, an optional minus sign; nullopt
// otherwise (and for blanks). At most 1e12 in absolute value.
std::optional<double> parse_number(const std::string& text);
// An ISO date 'YYYY-MM-DD' that exists, or nullopt.
bool valid_date(const std::string& text);
// A period: both dates valid and from <= to, at most 10 years long.
bool valid_period(const std::string& from, const std::string& to);

// The progress towards a target, in whole percent (0…100 shown on the bar, the text may exceed 100):
// (value - baseline) / (target - baseline) without a baseline 0. nullopt without a target or when the
// target equals the baseline.
std::optional<long long> progress(std::optional<double> value, std::optional<double> target,
                                  std::optional<double> baseline);
// A value as people read it: an integer without decimals, else one decimal with a comma.
std::string format_number(double v);

}  // namespace trame::plans::plans
