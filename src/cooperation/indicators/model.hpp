// Indicator watch of a cooperation project (docs/cooperation/indicators.md): indicators computed from
// Trame's own data for the project's territory (its communes), or entered by hand with a source; each
// a series of points, one per period (a month 'YYYY-MM' or a year 'YYYY'), with targets.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::indicators {

inline const std::vector<std::string>& period_kinds() {
  static const std::vector<std::string> list = {"year", "month"};
  return list;
}
// up: the target is reached at or above its value; down: at or below (fewer no-shows…).
inline const std::vector<std::string>& directions() {
  static const std::vector<std::string> list = {"up", "down"};
  return list;
}

// One entry of the catalogue of computed indicators. Its label, unit and how it is computed are in
// the locales (indicators.catalogue.<key>.label / unit / how).
struct CatalogueEntry {
  std::string key;
  // true: the value of a past period can be computed from dated records (bookings, sessions…), so the
  // series starts at the period the member chooses; false: a snapshot of the present state (population,
  // organisations of the directory), so the series starts at the period it was followed from and each
  // period keeps the value last computed during it.
  bool history = true;
};
const std::vector<CatalogueEntry>& catalogue();
const CatalogueEntry* catalogue_entry(const std::string& key);

struct Indicator {
  long long id = 0, project_id = 0;
  std::string computed_key;  // a catalogue key; '' for an indicator entered by hand
  std::string label, unit, description;
  std::string source_text, source_url;  // by hand: where the figures come from (text required, URL optional)
  std::string period_kind = "year";     // year, month
  std::string since;                    // the first period of the series
  long long created_by = 0, created_at = 0, updated_at = 0;
  long long refreshed_at = 0;  // computed: when its points were last computed (0: never)

  bool computed() const { return !computed_key.empty(); }
  // The contract's `source`: the catalogue key, or 'manual'.
  std::string source() const { return computed() ? computed_key : "manual"; }
};

struct Point {
  long long indicator_id = 0;
  std::string period;
  double value = 0;
  std::string note;
  long long computed_at = 0;  // computed points: when; 0 for points entered by hand
  long long entered_by = 0;
  long long updated_at = 0;
};

struct Target {
  long long id = 0, indicator_id = 0;
  std::string period;  // to be reached by the end of this period
  double value = 0;
  std::string direction = "up";
  std::string note;
  long long created_by = 0, created_at = 0;
};

// How a target stands: met (its period is reached and the value meets it, or it is met early),
// not_met (its period is over or current and the value does not meet it), on_track (ahead: not met yet
// but the trend of the last two points reaches it by its period), off_track (ahead, and the trend does
// not reach it), no_data (no point at or before the target's period).
struct TargetCheck {
  std::string status = "no_data";
  std::optional<double> value;  // the value compared (the last point at or before the target's period)
  std::string period;           // that point's period
};

// The text fields of an indicator form (create or edit).
struct IndicatorInput {
  std::string label, unit, description, source_text, source_url;
  std::string period_kind = "year";
  std::string since;
};

struct PointInput {
  std::string period, value, note;
};

struct TargetInput {
  std::string period, value, direction = "up", note;
};

struct FollowInput {
  std::string key;
  std::string period_kind = "year";
  std::string since;  // for indicators with history; '' : the current period
};

}  // namespace trame::indicators
