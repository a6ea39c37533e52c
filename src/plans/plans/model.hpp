// Plans (docs/plans.md « Plans »): a plan of an organisation over a period, its axes, their objectives and
// the objectives' indicators — computed from Trame's data (a key of the catalogue, rules.hpp) or entered
// by hand, each measure with its date and source — with a target, a baseline and the progress.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::plans::plans {

struct Plan {
  long long id = 0, organisation_id = 0;
  std::string organisation_name;
  std::string title;
  std::string period_from, period_to;  // ISO dates, both included
  std::string status = "draft";        // draft, active, closed
  long long created_at = 0, created_by = 0, updated_at = 0, updated_by = 0;
};

struct Axis {
  long long id = 0, plan_id = 0, position = 0;
  std::string title, summary;
};

struct Objective {
  long long id = 0, axis_id = 0, position = 0;
  std::string title, description;
};

struct Indicator {
  long long id = 0, objective_id = 0;
  std::string label;
  std::string kind = "manual";  // computed, manual
  std::string catalogue_key;    // computed only
  long long filter_delegation_id = 0, filter_programme_id = 0;
  bool filter_qpv_only = false;
  std::string unit;
  std::optional<double> target, baseline;
  long long created_at = 0, updated_at = 0;
  bool computed() const { return kind == "computed"; }
};

struct Measure {
  long long id = 0, indicator_id = 0;
  std::string on_date;
  double value = 0;
  std::string source;
  long long recorded_by = 0, recorded_at = 0;
};

// The filters a computed indicator is computed with, and the scope: the organisations whose activity
// counts (the plan's organisation and its partners, docs/plans.md).
struct Filters {
  long long delegation_id = 0, programme_id = 0;
  bool qpv_only = false;
};

// The text fields of the forms.
struct PlanInput {
  std::string title, period_from, period_to, status = "draft", organisation;
};
struct AxisInput {
  std::string title, summary, position;
};
struct ObjectiveInput {
  std::string title, description, position;
};
struct IndicatorInput {
  std::string label, kind = "manual", catalogue_key, delegation, programme, qpv_only, unit, target, baseline;
};
struct MeasureInput {
  std::string on_date, value, source;
};

}  // namespace trame::plans::plans
