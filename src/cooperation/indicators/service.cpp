#include "cooperation/indicators/service.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "cooperation/indicators/series.hpp"
#include "platform/core/text.hpp"

namespace trame::indicators {

namespace {

constexpr std::size_t kMaxLabel = 200;
constexpr std::size_t kMaxUnit = 40;
constexpr std::size_t kMaxDescription = 2000;
constexpr std::size_t kMaxSource = 500;
constexpr std::size_t kMaxNote = 500;
constexpr long long kPerPage = 20;
constexpr long long kDuePerRun = 50;

std::string subject(long long id) {
  return "indicator:" + std::to_string(id);
}

// The default first period of a series with history: two years back, or twelve months back.
std::string default_since(const std::string& kind, long long now) {
  std::string current = period_of(kind, now);
  if (kind == "year") return std::to_string(std::stoi(current) - 2);
  int y = std::stoi(current.substr(0, 4)), m = std::stoi(current.substr(5, 2)) - 11;
  if (m < 1) {
    m += 12;
    --y;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

// The checked text fields of an indicator (label, unit, description, source); refuses at the first fault.
void check_texts(IndicatorInput& in, bool manual) {
  for (auto* f : {&in.label, &in.unit, &in.description, &in.source_text, &in.source_url}) *f = trim(*f);
  if (in.label.empty() || code_points(in.label) > kMaxLabel) refuse("indicators.errors.label", "label");
  if (code_points(in.unit) > kMaxUnit) refuse("indicators.errors.unit", "unit");
  if (code_points(in.description) > kMaxDescription) refuse("indicators.errors.description", "description");
  if (manual) {
    if (in.source_text.empty() || code_points(in.source_text) > kMaxSource)
      refuse("indicators.errors.source_text", "source_text");
    if (!in.source_url.empty() && (code_points(in.source_url) > kMaxSource || !plausible_web_address(in.source_url)))
      refuse("indicators.errors.source_url", "source_url");
  } else {
    in.source_text.clear();
    in.source_url.clear();
  }
}

}  // namespace

std::string Service::t(const std::string& key) const {
  return catalogue_.t("fr", key);
}

std::string Service::catalogue_label(const std::string& key) const {
  return t("indicators.catalogue." + key + ".label");
}

std::string Service::catalogue_unit(const std::string& key) const {
  return t("indicators.catalogue." + key + ".unit");
}

std::optional<projects::Access> Service::access(const Principal& me, long long project_id) {
  return projects_.access(me, project_id);
}

// ---- Computed points ----

long long Service::compute_points(soci::session& sql, const Indicator& indicator, long long now) const {
  const CatalogueEntry* entry = catalogue_entry(indicator.computed_key);
  if (!entry) return 0;
  const std::string current = period_of(indicator.period_kind, now);
  std::map<std::string, Point> stored;
  for (auto& p : repo_.points(sql, indicator.id)) stored[p.period] = p;
  std::vector<std::string> periods;
  if (entry->history) periods = periods_between(indicator.since, current, kMaxPeriods);
  else periods = {current};  // a snapshot: the present state belongs to the current period only
  long long written = 0;
  for (const auto& period : periods) {
    auto it = stored.find(period);
    // Over when it was computed: kept as it is (a stable series).
    if (period < current && it != stored.end() && it->second.computed_at >= period_end(period)) continue;
    // The current period is counted up to now (a session starting later this month is not held yet).
    long long end = period == current ? std::min(period_end(period), now + 1) : period_end(period);
    auto value = repo_.compute(sql, indicator.computed_key, indicator.project_id, period_start(period), end);
    if (!value) {
      // Nothing to compute it from (too few feedbacks…): no point, rather than a made-up zero.
      if (it != stored.end()) repo_.delete_point(sql, indicator.id, period);
      continue;
    }
    Point p;
    p.indicator_id = indicator.id;
    p.period = period;
    p.value = *value;
    p.computed_at = now;
    p.updated_at = now;
    repo_.put_point(sql, p);
    ++written;
  }
  return written;
}

void Service::refresh_stale(long long project_id) {
  const long long now = store::now_seconds();
  std::vector<Indicator> stale;
  db_.read([&](soci::session& sql) {
    for (auto& i : repo_.of_project(sql, project_id))
      if (i.computed() && i.refreshed_at < now - kStaleSeconds) stale.push_back(i);
  });
  for (const auto& i : stale) {
    db_.write([&](soci::session& sql) {
      // Claimed by a conditional UPDATE: two pages at once compute it once.
      if (!repo_.claim_refresh(sql, i.id, i.refreshed_at, now)) return;
      compute_points(sql, i, now);
    });
  }
}

long long Service::run_due(long long now) {
  auto due = db_.read([&](soci::session& sql) { return repo_.due(sql, now - kDueSeconds, kDuePerRun); });
  long long done = 0;
  for (long long id : due) {
    bool claimed = db_.write([&](soci::session& sql) {
      auto i = repo_.find(sql, id);
      if (!i || !i->computed() || i->refreshed_at >= now - kDueSeconds) return false;
      if (!repo_.claim_refresh(sql, id, i->refreshed_at, now)) return false;
      compute_points(sql, *i, now);
      return true;
    });
    if (claimed) ++done;
  }
  return done;
}

// ---- Reading ----

Summary Service::summarise(const Indicator& i, const std::vector<Point>& points, const std::vector<Target>& targets,
                           long long now) const {
  Summary s;
  s.id = i.id;
  s.project_id = i.project_id;
  s.label = i.label;
  s.unit = i.unit;
  s.source = i.source();
  s.period_kind = i.period_kind;
  if (!points.empty()) {
    const Point* last = &points.front();
    for (const auto& p : points)
      if (p.period > last->period) last = &p;
    s.latest_value = last->value;
    s.latest_period = last->period;
  }
  const std::string current = period_of(i.period_kind, now);
  if (const Target* target = current_target(targets, current)) {
    s.target_value = target->value;
    s.target_period = target->period;
    s.target_direction = target->direction;
    s.status = check_target(points, *target, current).status;
    s.met = s.status == "met";
  }
  return s;
}

std::vector<Summary> Service::summaries(long long project_id) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    std::vector<Summary> out;
    for (const auto& i : repo_.of_project(sql, project_id))
      out.push_back(summarise(i, repo_.points(sql, i.id), repo_.targets(sql, i.id), now));
    return out;
  });
}

Outcome Service::list(const Principal& me, long long project_id, int page, ListPage& out) {
  auto a = projects_.access(me, project_id);
  if (!a) return Outcome::not_found();
  if (!a->reads()) return Outcome::forbidden();
  refresh_stale(project_id);
  const long long now = store::now_seconds();
  db_.read([&](soci::session& sql) {
    out.total = repo_.count_of_project(sql, project_id);
    out.pages = std::max<int>(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    for (const auto& i : repo_.of_project(sql, project_id, kPerPage, (out.page - 1) * kPerPage))
      out.items.push_back(summarise(i, repo_.points(sql, i.id), repo_.targets(sql, i.id), now));
  });
  return Outcome::success(project_id);
}

Outcome Service::view(const Principal& me, long long project_id, long long indicator_id, IndicatorView& out) {
  auto a = projects_.access(me, project_id);
  if (!a) return Outcome::not_found();
  auto found = db_.read([&](soci::session& sql) { return repo_.find(sql, indicator_id); });
  if (!found || found->project_id != project_id) return Outcome::not_found();
  if (!a->reads()) return Outcome::forbidden();
  const long long now = store::now_seconds();
  if (found->computed() && found->refreshed_at < now - kStaleSeconds) {
    db_.write([&](soci::session& sql) {
      if (repo_.claim_refresh(sql, found->id, found->refreshed_at, now)) compute_points(sql, *found, now);
    });
  }
  db_.read([&](soci::session& sql) {
    out.indicator = *repo_.find(sql, indicator_id);
    out.points = repo_.points(sql, indicator_id);
    out.targets = repo_.targets(sql, indicator_id);
    out.communes = repo_.communes(sql, project_id);
  });
  out.current = period_of(out.indicator.period_kind, now);
  for (const auto& target : out.targets) out.checks.push_back(check_target(out.points, target, out.current));
  return Outcome::success(indicator_id);
}

// ---- Writing ----

namespace {

// The project's indicator `indicator_id` as `me` may change it: refuses (rolls back) when the project
// or the indicator is not seen (404) or the person may not do it (403).
enum class Need { contributes, facilitates };

}  // namespace

#define TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, need)                                           \
  [&]() {                                                                                                     \
    auto a = projects_.access((sql), (me), (project_id));                                                     \
    if (!a) roll_back(Outcome::not_found());                                                                  \
    auto i = repo_.find((sql), (indicator_id));                                                               \
    if (!i || i->project_id != (project_id)) roll_back(Outcome::not_found());                                 \
    if (!a->reads()) roll_back(Outcome::forbidden());                                                         \
    if ((need) == Need::contributes ? !a->contributes() : !a->facilitates()) roll_back(Outcome::forbidden()); \
    return *i;                                                                                                \
  }()

Outcome Service::follow(const Actor& actor, const Principal& me, long long project_id, const FollowInput& in) {
  const long long now = store::now_seconds();
  try {
    return db_.attempt([&](soci::session& sql) {
      auto a = projects_.access(sql, me, project_id);
      if (!a) roll_back(Outcome::not_found());
      if (!a->contributes()) roll_back(Outcome::forbidden());
      const CatalogueEntry* entry = catalogue_entry(in.key);
      if (!entry) refuse("indicators.errors.key", "key");
      if (!is_one_of(in.period_kind, period_kinds())) refuse("indicators.errors.period_kind", "period_kind");
      const std::string current = period_of(in.period_kind, now);
      std::string since = trim(in.since);
      if (!entry->history) {
        since = current;
      } else if (since.empty()) {
        since = default_since(in.period_kind, now);
      } else if (!valid_period(since, in.period_kind)) {
        refuse(in.period_kind == "year" ? "indicators.errors.since_year" : "indicators.errors.since_month", "since");
      } else if (since > current || period_steps(since, current) >= static_cast<long long>(kMaxPeriods)) {
        refuse("indicators.errors.since_range", "since");
      }
      if (repo_.followed(sql, project_id, in.key)) roll_back(Outcome::conflict("indicators.errors.followed", "key"));
      Indicator i;
      i.project_id = project_id;
      i.computed_key = in.key;
      i.label = catalogue_label(in.key);
      i.unit = catalogue_unit(in.key);
      i.period_kind = in.period_kind;
      i.since = since;
      i.created_by = me.id;
      i.id = repo_.insert(sql, i, now);
      repo_.claim_refresh(sql, i.id, 0, now);
      compute_points(sql, i, now);
      audit_.record(sql, actor, "indicators.followed", subject(i.id),
                    "project:" + std::to_string(project_id) + " " + in.key);
      return Outcome::success(i.id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("indicators.errors.followed", "key");
    throw;
  }
}

Outcome Service::create(const Actor& actor, const Principal& me, long long project_id, const IndicatorInput& raw) {
  const long long now = store::now_seconds();
  IndicatorInput in = raw;
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->contributes()) roll_back(Outcome::forbidden());
    check_texts(in, true);
    if (!is_one_of(in.period_kind, period_kinds())) refuse("indicators.errors.period_kind", "period_kind");
    Indicator i;
    i.project_id = project_id;
    i.label = in.label;
    i.unit = in.unit;
    i.description = in.description;
    i.source_text = in.source_text;
    i.source_url = in.source_url;
    i.period_kind = in.period_kind;
    i.since = period_of(in.period_kind, now);
    i.created_by = me.id;
    i.id = repo_.insert(sql, i, now);
    audit_.record(sql, actor, "indicators.created", subject(i.id), "project:" + std::to_string(project_id));
    return Outcome::success(i.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                        const IndicatorInput& raw) {
  const long long now = store::now_seconds();
  IndicatorInput in = raw;
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::contributes);
    check_texts(in, !i.computed());
    i.label = in.label;
    i.unit = in.unit;
    i.description = in.description;
    i.source_text = in.source_text;
    i.source_url = in.source_url;
    repo_.update(sql, i, now);
    audit_.record(sql, actor, "indicators.updated", subject(i.id), "project:" + std::to_string(project_id));
    return Outcome::success(i.id);
  });
}

Outcome Service::put_point(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                           const PointInput& in) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::contributes);
    if (i.computed()) refuse("indicators.errors.computed_points", "value");
    std::string period = trim(in.period);
    if (!valid_period(period, i.period_kind))
      refuse(i.period_kind == "year" ? "indicators.errors.period_year" : "indicators.errors.period_month", "period");
    if (period > period_of(i.period_kind, now)) refuse("indicators.errors.period_future", "period");
    auto value = parse_value(in.value);
    if (!value) refuse("indicators.errors.value", "value");
    std::string note = trim(in.note);
    if (code_points(note) > kMaxNote) refuse("indicators.errors.note", "note");
    Point p;
    p.indicator_id = i.id;
    p.period = period;
    p.value = *value;
    p.note = note;
    p.entered_by = me.id;
    p.updated_at = now;
    repo_.put_point(sql, p);
    audit_.record(sql, actor, "indicators.point_saved", subject(i.id), period + " " + format_value(*value));
    return Outcome::success(i.id);
  });
}

Outcome Service::put_target(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                            const TargetInput& in) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::contributes);
    std::string period = trim(in.period);
    if (!valid_period(period, i.period_kind))
      refuse(i.period_kind == "year" ? "indicators.errors.target_period_year" : "indicators.errors.target_period_month",
             "target_period");
    if (trim(in.value).empty()) refuse("indicators.errors.target_value_missing", "target_value");
    auto value = parse_value(in.value);
    if (!value) refuse("indicators.errors.target_value", "target_value");
    if (!is_one_of(in.direction, directions())) refuse("indicators.errors.direction", "direction");
    std::string note = trim(in.note);
    if (code_points(note) > kMaxNote) refuse("indicators.errors.note", "target_note");
    Target target;
    target.indicator_id = i.id;
    target.period = period;
    target.value = *value;
    target.direction = in.direction;
    target.note = note;
    target.created_by = me.id;
    long long id = repo_.put_target(sql, target, now);
    audit_.record(sql, actor, "indicators.target_saved", subject(i.id),
                  period + " " + in.direction + " " + format_value(*value));
    return Outcome::success(id);
  });
}

Outcome Service::refresh(const Actor& actor, const Principal& me, long long project_id, long long indicator_id) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::contributes);
    if (!i.computed()) refuse("indicators.errors.manual_refresh");
    // Claimed like the other refreshes, so that a refresh running at the same moment is not doubled.
    if (!repo_.claim_refresh(sql, i.id, i.refreshed_at, now))
      roll_back(Outcome::conflict("indicators.errors.refreshing"));
    compute_points(sql, i, now);
    audit_.record(sql, actor, "indicators.refreshed", subject(i.id), "project:" + std::to_string(project_id));
    return Outcome::success(i.id);
  });
}

Outcome Service::remove(const Actor& actor, const Principal& me, long long project_id, long long indicator_id) {
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::facilitates);
    repo_.remove(sql, i.id);
    audit_.record(sql, actor, "indicators.deleted", subject(i.id),
                  "project:" + std::to_string(project_id) + " " + i.label);
    return Outcome::success(project_id);
  });
}

Outcome Service::remove_point(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                              const std::string& raw_period) {
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::facilitates);
    if (i.computed()) refuse("indicators.errors.computed_points", "period");
    std::string period = trim(raw_period);
    if (!valid_period(period, i.period_kind))
      refuse(i.period_kind == "year" ? "indicators.errors.period_year" : "indicators.errors.period_month", "period");
    if (!repo_.delete_point(sql, i.id, period)) refuse("indicators.errors.no_point", "period");
    audit_.record(sql, actor, "indicators.point_deleted", subject(i.id), period);
    return Outcome::success(i.id);
  });
}

Outcome Service::remove_target(const Actor& actor, const Principal& me, long long project_id, long long indicator_id,
                               long long target_id) {
  return db_.attempt([&](soci::session& sql) {
    Indicator i = TRAME_INDICATOR_OF(sql, me, project_id, indicator_id, Need::facilitates);
    auto target = repo_.target(sql, target_id);
    if (!target || target->indicator_id != i.id) roll_back(Outcome::not_found());
    repo_.delete_target(sql, target_id);
    audit_.record(sql, actor, "indicators.target_deleted", subject(i.id), target->period);
    return Outcome::success(i.id);
  });
}

}  // namespace trame::indicators
