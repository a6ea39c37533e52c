#include "plans/plans/service.hpp"

#include <algorithm>

#include "plans/plans/rules.hpp"
#include "platform/core/calendar.hpp"

namespace trame::plans::plans {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

long long position_of(const std::string& text, long long fallback) {
  auto n = parse_number(text);
  if (!n) return fallback;
  return static_cast<long long>(*n);
}

void check_title(const std::string& title, const std::string& key) {
  if (title.empty()) refuse(key, "title");
  if (title.size() > 300) refuse("plans.errors.too_long", "title");
}

}  // namespace

std::optional<Plan> Service::visible(soci::session& sql, const Principal& me, long long plan_id) const {
  auto p = repo_.find(sql, plan_id);
  if (!p || !me.can_in(perm::plans_manage, p->organisation_id)) return std::nullopt;
  return p;
}

ListPage Service::list(const Principal& me, long long page, long long per_page) {
  auto acting = me.acting_for(perm::plans_manage);
  ListPage out;
  db_.read([&](soci::session& sql) {
    out.total = repo_.count(sql, acting.organisations, acting.all);
    out.plans = repo_.list(sql, acting.organisations, acting.all, per_page, (page - 1) * per_page);
  });
  return out;
}

std::optional<Plan> Service::find(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) { return visible(sql, me, id); });
}

std::optional<double> Service::compute(soci::session& sql, const Plan& plan, const Indicator& i) const {
  auto from = parse_date(plan.period_from), to = parse_date(plan.period_to);
  if (!from || !to) return std::nullopt;
  Filters f{i.filter_delegation_id, i.filter_programme_id, i.filter_qpv_only};
  Repository::Period period;
  period.from = day_start(*from);
  period.to = next_day_start(*to);
  period.from_iso = plan.period_from;
  period.to_iso = plan.period_to;
  period.from_week = format_local(period.from, "%G-W%V");
  period.to_week = format_local(period.to - 1, "%G-W%V");
  return repo_.compute(sql, i.catalogue_key, plan.organisation_id, f, period);
}

std::optional<PlanView> Service::view(const Principal& me, long long id, long long /*now*/) {
  return db_.read([&](soci::session& sql) -> std::optional<PlanView> {
    auto p = visible(sql, me, id);
    if (!p) return std::nullopt;
    PlanView v;
    v.plan = *p;
    for (const auto& a : repo_.axes(sql, id)) {
      AxisView av{a, {}};
      for (const auto& o : repo_.objectives(sql, a.id)) {
        ObjectiveView ov{o, {}};
        for (const auto& i : repo_.indicators(sql, o.id)) {
          IndicatorView iv;
          iv.indicator = i;
          iv.measures = repo_.measures(sql, i.id);
          if (i.computed()) {
            iv.value = compute(sql, *p, i);
          } else if (!iv.measures.empty()) {
            iv.value = iv.measures.front().value;
            iv.value_date = iv.measures.front().on_date;
          }
          iv.progress = progress(iv.value, i.target, i.baseline);
          ov.indicators.push_back(std::move(iv));
        }
        av.objectives.push_back(std::move(ov));
      }
      v.axes.push_back(std::move(av));
    }
    return v;
  });
}

std::vector<std::pair<long long, std::string>> Service::organisations(const Principal& me) {
  auto acting = me.acting_for(perm::plans_manage);
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql, acting.organisations, acting.all); });
}

std::vector<std::pair<long long, std::string>> Service::delegations() {
  return db_.read([&](soci::session& sql) { return repo_.delegations(sql); });
}

std::vector<std::pair<long long, std::string>> Service::programmes() {
  return db_.read([&](soci::session& sql) { return repo_.programmes(sql); });
}

long long Service::plan_of(const std::string& what, long long id) {
  return db_.read([&](soci::session& sql) {
    if (what == "axis") return repo_.plan_of_axis(sql, id);
    if (what == "objective") return repo_.plan_of_objective(sql, id);
    return repo_.plan_of_indicator(sql, id);
  });
}

namespace {

Plan read_plan(const PlanInput& in, Plan p) {
  p.title = trim(in.title);
  p.period_from = trim(in.period_from);
  p.period_to = trim(in.period_to);
  p.status = in.status;
  check_title(p.title, "plans.errors.title");
  if (!valid_date(p.period_from)) refuse("plans.errors.period_from", "period_from");
  if (!valid_date(p.period_to)) refuse("plans.errors.period_to", "period_to");
  if (!valid_period(p.period_from, p.period_to)) refuse("plans.errors.period", "period_to");
  if (std::find(statuses().begin(), statuses().end(), p.status) == statuses().end())
    refuse("plans.errors.status", "status");
  return p;
}

}  // namespace

Outcome Service::create(const Actor& actor, const Principal& me, const PlanInput& in, long long now) {
  return db_.attempt([&](soci::session& sql) {
    long long org = in.organisation.empty() || in.organisation.size() > 18 ||
                            in.organisation.find_first_not_of("0123456789") != std::string::npos
                        ? 0
                        : std::stoll(in.organisation);
    if (org <= 0 || !me.can_in(perm::plans_manage, org) || !repo_.organisation_exists(sql, org))
      refuse("plans.errors.organisation", "organisation");
    Plan p = read_plan(in, Plan{});
    p.organisation_id = org;
    p.created_at = p.updated_at = now;
    p.created_by = p.updated_by = actor.id;
    p.id = repo_.insert(sql, p);
    audit_.record(sql, actor, "plans.create", "plan:" + std::to_string(p.id), p.title);
    return Outcome::success(p.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const PlanInput& in, long long now) {
  return db_.attempt([&](soci::session& sql) {
    auto old = visible(sql, me, id);
    if (!old) roll_back(Outcome::not_found());
    Plan p = read_plan(in, *old);
    p.updated_at = now;
    p.updated_by = actor.id;
    repo_.update(sql, p);
    audit_.record(sql, actor, "plans.update", "plan:" + std::to_string(id), p.title + " (" + p.status + ")");
    return Outcome::success(id);
  });
}

Outcome Service::add_axis(const Actor& actor, const Principal& me, long long plan_id, const AxisInput& in) {
  return db_.attempt([&](soci::session& sql) {
    if (!visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Axis a;
    a.plan_id = plan_id;
    a.title = trim(in.title);
    a.summary = trim(in.summary);
    check_title(a.title, "plans.errors.axis_title");
    a.position = position_of(in.position, static_cast<long long>(repo_.axes(sql, plan_id).size()) + 1);
    a.id = repo_.insert_axis(sql, a);
    audit_.record(sql, actor, "plans.axis.create", "plan:" + std::to_string(plan_id), a.title);
    return Outcome::success(a.id);
  });
}

Outcome Service::update_axis(const Actor& actor, const Principal& me, long long axis_id, const AxisInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_axis(sql, axis_id);
    auto old = repo_.axis(sql, axis_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Axis a = *old;
    a.title = trim(in.title);
    a.summary = trim(in.summary);
    check_title(a.title, "plans.errors.axis_title");
    a.position = position_of(in.position, a.position);
    repo_.update_axis(sql, a);
    audit_.record(sql, actor, "plans.axis.update", "plan:" + std::to_string(plan_id), a.title);
    return Outcome::success(plan_id);
  });
}

Outcome Service::remove_axis(const Actor& actor, const Principal& me, long long axis_id) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_axis(sql, axis_id);
    auto old = repo_.axis(sql, axis_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    repo_.delete_axis(sql, axis_id);
    audit_.record(sql, actor, "plans.axis.delete", "plan:" + std::to_string(plan_id), old->title);
    return Outcome::success(plan_id);
  });
}

Outcome Service::add_objective(const Actor& actor, const Principal& me, long long axis_id, const ObjectiveInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_axis(sql, axis_id);
    if (!plan_id || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Objective o;
    o.axis_id = axis_id;
    o.title = trim(in.title);
    o.description = trim(in.description);
    check_title(o.title, "plans.errors.objective_title");
    o.position = position_of(in.position, static_cast<long long>(repo_.objectives(sql, axis_id).size()) + 1);
    o.id = repo_.insert_objective(sql, o);
    audit_.record(sql, actor, "plans.objective.create", "plan:" + std::to_string(plan_id), o.title);
    return Outcome::success(plan_id);
  });
}

Outcome Service::update_objective(const Actor& actor, const Principal& me, long long objective_id,
                                  const ObjectiveInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_objective(sql, objective_id);
    auto old = repo_.objective(sql, objective_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Objective o = *old;
    o.title = trim(in.title);
    o.description = trim(in.description);
    check_title(o.title, "plans.errors.objective_title");
    o.position = position_of(in.position, o.position);
    repo_.update_objective(sql, o);
    audit_.record(sql, actor, "plans.objective.update", "plan:" + std::to_string(plan_id), o.title);
    return Outcome::success(plan_id);
  });
}

Outcome Service::remove_objective(const Actor& actor, const Principal& me, long long objective_id) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_objective(sql, objective_id);
    auto old = repo_.objective(sql, objective_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    repo_.delete_objective(sql, objective_id);
    audit_.record(sql, actor, "plans.objective.delete", "plan:" + std::to_string(plan_id), old->title);
    return Outcome::success(plan_id);
  });
}

Outcome Service::read_indicator(soci::session& sql, const IndicatorInput& in, Indicator& i) const {
  i.label = trim(in.label);
  i.unit = trim(in.unit);
  i.kind = in.kind;
  if (i.label.empty()) refuse("plans.errors.indicator_label", "label");
  if (i.label.size() > 300 || i.unit.size() > 60) refuse("plans.errors.too_long", "label");
  if (i.kind != "computed" && i.kind != "manual") refuse("plans.errors.kind", "kind");
  i.catalogue_key.clear();
  i.filter_delegation_id = i.filter_programme_id = 0;
  i.filter_qpv_only = false;
  if (i.computed()) {
    const CatalogueEntry* e = catalogue_entry(in.catalogue_key);
    if (!e) refuse("plans.errors.catalogue_key", "catalogue_key");
    i.catalogue_key = e->key;
    long long d = in.delegation.empty() ? 0 : static_cast<long long>(parse_number(in.delegation).value_or(-1));
    long long p = in.programme.empty() ? 0 : static_cast<long long>(parse_number(in.programme).value_or(-1));
    bool q = in.qpv_only == "1";
    if (d != 0 && (!e->delegation || d < 0 || !repo_.delegation_exists(sql, d)))
      refuse("plans.errors.delegation", "delegation");
    if (p != 0 && (!e->programme || p < 0 || !repo_.programme_exists(sql, p)))
      refuse("plans.errors.programme", "programme");
    if (q && !e->qpv) refuse("plans.errors.qpv", "qpv_only");
    i.filter_delegation_id = d;
    i.filter_programme_id = p;
    i.filter_qpv_only = q;
  }
  i.target.reset();
  i.baseline.reset();
  if (!trim(in.target).empty()) {
    i.target = parse_number(in.target);
    if (!i.target) refuse("plans.errors.target", "target");
  }
  if (!trim(in.baseline).empty()) {
    i.baseline = parse_number(in.baseline);
    if (!i.baseline) refuse("plans.errors.baseline", "baseline");
  }
  return Outcome::success();
}

Outcome Service::add_indicator(const Actor& actor, const Principal& me, long long objective_id,
                               const IndicatorInput& in, long long now) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_objective(sql, objective_id);
    if (!plan_id || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Indicator i;
    i.objective_id = objective_id;
    read_indicator(sql, in, i);
    i.created_at = i.updated_at = now;
    i.id = repo_.insert_indicator(sql, i);
    audit_.record(sql, actor, "plans.indicator.create", "plan:" + std::to_string(plan_id),
                  i.label + (i.computed() ? " [" + i.catalogue_key + "]" : ""));
    return Outcome::success(plan_id);
  });
}

Outcome Service::update_indicator(const Actor& actor, const Principal& me, long long indicator_id,
                                  const IndicatorInput& in, long long now) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_indicator(sql, indicator_id);
    auto old = repo_.indicator(sql, indicator_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    Indicator i = *old;
    IndicatorInput kept = in;
    // The edit form of a computed indicator sends no key: what it counts stays as it is.
    if (old->computed() && kept.kind == "computed" && kept.catalogue_key.empty()) {
      kept.catalogue_key = old->catalogue_key;
      kept.delegation = old->filter_delegation_id ? std::to_string(old->filter_delegation_id) : "";
      kept.programme = old->filter_programme_id ? std::to_string(old->filter_programme_id) : "";
      kept.qpv_only = old->filter_qpv_only ? "1" : "";
    }
    read_indicator(sql, kept, i);
    i.updated_at = now;
    repo_.update_indicator(sql, i);
    audit_.record(sql, actor, "plans.indicator.update", "plan:" + std::to_string(plan_id), i.label);
    return Outcome::success(plan_id);
  });
}

Outcome Service::remove_indicator(const Actor& actor, const Principal& me, long long indicator_id) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_indicator(sql, indicator_id);
    auto old = repo_.indicator(sql, indicator_id);
    if (!old || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    repo_.delete_indicator(sql, indicator_id);
    audit_.record(sql, actor, "plans.indicator.delete", "plan:" + std::to_string(plan_id), old->label);
    return Outcome::success(plan_id);
  });
}

Outcome Service::record_measure(const Actor& actor, const Principal& me, long long indicator_id, const MeasureInput& in,
                                long long now) {
  return db_.attempt([&](soci::session& sql) {
    long long plan_id = repo_.plan_of_indicator(sql, indicator_id);
    auto i = repo_.indicator(sql, indicator_id);
    if (!i || !visible(sql, me, plan_id)) roll_back(Outcome::not_found());
    if (i->computed()) refuse("plans.errors.measure_computed", "value");
    Measure m;
    m.indicator_id = indicator_id;
    auto v = parse_number(in.value);
    if (!v) refuse("plans.errors.value", "value");
    m.value = *v;
    m.on_date = trim(in.on_date);
    if (!valid_date(m.on_date)) refuse("plans.errors.on_date", "on_date");
    m.source = trim(in.source);
    if (m.source.empty()) refuse("plans.errors.source", "source");
    if (m.source.size() > 1000) refuse("plans.errors.too_long", "source");
    m.recorded_by = actor.id;
    m.recorded_at = now;
    m.id = repo_.insert_measure(sql, m);
    audit_.record(sql, actor, "plans.measure.create", "plan:" + std::to_string(plan_id),
                  i->label + " = " + format_number(m.value) + " (" + m.on_date + ")");
    return Outcome::success(plan_id);
  });
}

}  // namespace trame::plans::plans
