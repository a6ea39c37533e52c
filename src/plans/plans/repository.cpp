#include "plans/plans/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/id_list.hpp"

namespace trame::plans::plans {

std::string scope_of(long long organisation) {
  std::string id = std::to_string(organisation);
  return "(SELECT " + id + " AS id UNION SELECT partner_id FROM partnerships WHERE organisation_id = " + id + ")";
}

namespace {

const char* kPlan =
    "SELECT p.id, p.organisation_id, o.name, p.title, p.period_from, p.period_to, p.status, p.created_at, "
    "p.created_by, p.updated_at, p.updated_by FROM plans p JOIN organisations o ON o.id = p.organisation_id ";

#define TRAME_PLAN_INTO(p)                                                                                        \
  soci::into((p).id), soci::into((p).organisation_id), soci::into((p).organisation_name), soci::into((p).title),  \
      soci::into((p).period_from), soci::into((p).period_to), soci::into((p).status), soci::into((p).created_at), \
      soci::into((p).created_by), soci::into((p).updated_at), soci::into((p).updated_by)

const char* kIndicator =
    "SELECT id, objective_id, label, kind, catalogue_key, filter_delegation_id, filter_programme_id, "
    "filter_qpv_only, unit, target, baseline, created_at, updated_at FROM plan_indicators ";

std::string scope_clause(soci::session& sql, const std::vector<long long>& organisations, bool all) {
  return store::in_ids(sql, "p.organisation_id", organisations, all);
}

std::optional<double> optional_of(const soci::indicator ind, double v) {
  return ind == soci::i_ok ? std::optional<double>(v) : std::nullopt;
}

// Reads one indicator row of kIndicator.
struct IndicatorRow {
  Indicator i;
  long long qpv = 0;
  double target = 0, baseline = 0;
  soci::indicator target_ind = soci::i_null, baseline_ind = soci::i_null;
  Indicator get() {
    Indicator out = i;
    out.filter_qpv_only = qpv != 0;
    out.target = optional_of(target_ind, target);
    out.baseline = optional_of(baseline_ind, baseline);
    return out;
  }
};

#define TRAME_INDICATOR_INTO(r)                                                                                       \
  soci::into((r).i.id), soci::into((r).i.objective_id), soci::into((r).i.label), soci::into((r).i.kind),              \
      soci::into((r).i.catalogue_key), soci::into((r).i.filter_delegation_id), soci::into((r).i.filter_programme_id), \
      soci::into((r).qpv), soci::into((r).i.unit), soci::into((r).target, (r).target_ind),                            \
      soci::into((r).baseline, (r).baseline_ind), soci::into((r).i.created_at), soci::into((r).i.updated_at)

// The délégation of an organisation's or a person's commune, as every module finds it
// (organisations::delegation_joins: the commune's EPCI and its département).
std::string delegation_of(const std::string& commune_column, long long delegation) {
  return " AND EXISTS (SELECT 1 FROM communes c " + organisations::delegation_joins("c", "de", "d", false) +
         " WHERE c.code = " + commune_column + " AND d.id = " + std::to_string(delegation) + ")";
}

}  // namespace

std::optional<Plan> Repository::find(soci::session& sql, long long id) const {
  Plan p;
  sql << std::string(kPlan) + "WHERE p.id = :id", TRAME_PLAN_INTO(p), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

std::vector<Plan> Repository::list(soci::session& sql, const std::vector<long long>& organisations, bool all,
                                   long long limit, long long offset) const {
  Plan p;
  std::vector<Plan> out;
  soci::statement st = (sql.prepare << std::string(kPlan) + "WHERE " + scope_clause(sql, organisations, all) +
                                           " ORDER BY p.period_from DESC, p.id DESC LIMIT :l OFFSET :o",
                        TRAME_PLAN_INTO(p), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::count(soci::session& sql, const std::vector<long long>& organisations, bool all) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM plans p WHERE " + scope_clause(sql, organisations, all), soci::into(n);
  return n;
}

long long Repository::insert(soci::session& sql, const Plan& p) const {
  long long id = 0;
  sql << "INSERT INTO plans (organisation_id, title, period_from, period_to, status, created_at, created_by, "
         "updated_at, updated_by) VALUES (:o, :t, :f, :to, :s, :ca, :cb, :ua, :ub) RETURNING id",
      soci::use(p.organisation_id), soci::use(p.title), soci::use(p.period_from), soci::use(p.period_to),
      soci::use(p.status), soci::use(p.created_at), soci::use(p.created_by), soci::use(p.updated_at),
      soci::use(p.updated_by), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Plan& p) const {
  sql << "UPDATE plans SET title = :t, period_from = :f, period_to = :to, status = :s, updated_at = :ua, "
         "updated_by = :ub WHERE id = :id",
      soci::use(p.title), soci::use(p.period_from), soci::use(p.period_to), soci::use(p.status),
      soci::use(p.updated_at), soci::use(p.updated_by), soci::use(p.id);
}

long long Repository::find_by_title(soci::session& sql, long long organisation_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM plans WHERE organisation_id = :o AND title = :t", soci::into(id), soci::use(organisation_id),
      soci::use(title);
  return sql.got_data() ? id : 0;
}

std::vector<Axis> Repository::axes(soci::session& sql, long long plan_id) const {
  Axis a;
  std::vector<Axis> out;
  soci::statement st = (sql.prepare << "SELECT id, plan_id, position, title, summary FROM plan_axes WHERE plan_id = "
                                       ":p ORDER BY position, id",
                        soci::into(a.id), soci::into(a.plan_id), soci::into(a.position), soci::into(a.title),
                        soci::into(a.summary), soci::use(plan_id));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

std::optional<Axis> Repository::axis(soci::session& sql, long long id) const {
  Axis a;
  sql << "SELECT id, plan_id, position, title, summary FROM plan_axes WHERE id = :id", soci::into(a.id),
      soci::into(a.plan_id), soci::into(a.position), soci::into(a.title), soci::into(a.summary), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

long long Repository::insert_axis(soci::session& sql, const Axis& a) const {
  long long id = 0;
  sql << "INSERT INTO plan_axes (plan_id, position, title, summary) VALUES (:p, :pos, :t, :s) RETURNING id",
      soci::use(a.plan_id), soci::use(a.position), soci::use(a.title), soci::use(a.summary), soci::into(id);
  return id;
}

void Repository::update_axis(soci::session& sql, const Axis& a) const {
  sql << "UPDATE plan_axes SET position = :pos, title = :t, summary = :s WHERE id = :id", soci::use(a.position),
      soci::use(a.title), soci::use(a.summary), soci::use(a.id);
}

void Repository::delete_axis(soci::session& sql, long long id) const {
  for (const auto& o : objectives(sql, id)) delete_objective(sql, o.id);
  sql << "DELETE FROM plan_axes WHERE id = :id", soci::use(id);
}

std::vector<Objective> Repository::objectives(soci::session& sql, long long axis_id) const {
  Objective o;
  std::vector<Objective> out;
  soci::statement st =
      (sql.prepare << "SELECT id, axis_id, position, title, description FROM plan_objectives WHERE axis_id = :a "
                      "ORDER BY position, id",
       soci::into(o.id), soci::into(o.axis_id), soci::into(o.position), soci::into(o.title), soci::into(o.description),
       soci::use(axis_id));
  st.execute();
  while (st.fetch()) out.push_back(o);
  return out;
}

std::optional<Objective> Repository::objective(soci::session& sql, long long id) const {
  Objective o;
  sql << "SELECT id, axis_id, position, title, description FROM plan_objectives WHERE id = :id", soci::into(o.id),
      soci::into(o.axis_id), soci::into(o.position), soci::into(o.title), soci::into(o.description), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

long long Repository::insert_objective(soci::session& sql, const Objective& o) const {
  long long id = 0;
  sql << "INSERT INTO plan_objectives (axis_id, position, title, description) VALUES (:a, :pos, :t, :d) "
         "RETURNING id",
      soci::use(o.axis_id), soci::use(o.position), soci::use(o.title), soci::use(o.description), soci::into(id);
  return id;
}

void Repository::update_objective(soci::session& sql, const Objective& o) const {
  sql << "UPDATE plan_objectives SET position = :pos, title = :t, description = :d WHERE id = :id",
      soci::use(o.position), soci::use(o.title), soci::use(o.description), soci::use(o.id);
}

void Repository::delete_objective(soci::session& sql, long long id) const {
  for (const auto& i : indicators(sql, id)) delete_indicator(sql, i.id);
  sql << "DELETE FROM plan_objectives WHERE id = :id", soci::use(id);
}

std::vector<Indicator> Repository::indicators(soci::session& sql, long long objective_id) const {
  IndicatorRow r;
  std::vector<Indicator> out;
  soci::statement st = (sql.prepare << std::string(kIndicator) + "WHERE objective_id = :o ORDER BY id",
                        TRAME_INDICATOR_INTO(r), soci::use(objective_id));
  st.execute();
  while (st.fetch()) out.push_back(r.get());
  return out;
}

std::optional<Indicator> Repository::indicator(soci::session& sql, long long id) const {
  IndicatorRow r;
  sql << std::string(kIndicator) + "WHERE id = :id", TRAME_INDICATOR_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r.get();
}

long long Repository::insert_indicator(soci::session& sql, const Indicator& i) const {
  long long id = 0;
  long long qpv = i.filter_qpv_only ? 1 : 0;
  double target = i.target.value_or(0), baseline = i.baseline.value_or(0);
  soci::indicator ti = i.target ? soci::i_ok : soci::i_null, bi = i.baseline ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO plan_indicators (objective_id, label, kind, catalogue_key, filter_delegation_id, "
         "filter_programme_id, filter_qpv_only, unit, target, baseline, created_at, updated_at) VALUES (:o, :l, :k, "
         ":c, :d, :p, :q, :u, :t, :b, :ca, :ua) RETURNING id",
      soci::use(i.objective_id), soci::use(i.label), soci::use(i.kind), soci::use(i.catalogue_key),
      soci::use(i.filter_delegation_id), soci::use(i.filter_programme_id), soci::use(qpv), soci::use(i.unit),
      soci::use(target, ti), soci::use(baseline, bi), soci::use(i.created_at), soci::use(i.updated_at), soci::into(id);
  return id;
}

void Repository::update_indicator(soci::session& sql, const Indicator& i) const {
  long long qpv = i.filter_qpv_only ? 1 : 0;
  double target = i.target.value_or(0), baseline = i.baseline.value_or(0);
  soci::indicator ti = i.target ? soci::i_ok : soci::i_null, bi = i.baseline ? soci::i_ok : soci::i_null;
  sql << "UPDATE plan_indicators SET label = :l, kind = :k, catalogue_key = :c, filter_delegation_id = :d, "
         "filter_programme_id = :p, filter_qpv_only = :q, unit = :u, target = :t, baseline = :b, updated_at = :ua "
         "WHERE id = :id",
      soci::use(i.label), soci::use(i.kind), soci::use(i.catalogue_key), soci::use(i.filter_delegation_id),
      soci::use(i.filter_programme_id), soci::use(qpv), soci::use(i.unit), soci::use(target, ti),
      soci::use(baseline, bi), soci::use(i.updated_at), soci::use(i.id);
}

void Repository::delete_indicator(soci::session& sql, long long id) const {
  sql << "DELETE FROM plan_measures WHERE indicator_id = :id", soci::use(id);
  sql << "DELETE FROM plan_indicators WHERE id = :id", soci::use(id);
}

std::vector<Measure> Repository::measures(soci::session& sql, long long indicator_id) const {
  Measure m;
  std::vector<Measure> out;
  soci::statement st =
      (sql.prepare << "SELECT id, indicator_id, on_date, value, source, recorded_by, recorded_at FROM plan_measures "
                      "WHERE indicator_id = :i ORDER BY on_date DESC, id DESC",
       soci::into(m.id), soci::into(m.indicator_id), soci::into(m.on_date), soci::into(m.value), soci::into(m.source),
       soci::into(m.recorded_by), soci::into(m.recorded_at), soci::use(indicator_id));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::insert_measure(soci::session& sql, const Measure& m) const {
  long long id = 0;
  sql << "INSERT INTO plan_measures (indicator_id, on_date, value, source, recorded_by, recorded_at) VALUES (:i, "
         ":d, :v, :s, :b, :a) RETURNING id",
      soci::use(m.indicator_id), soci::use(m.on_date), soci::use(m.value), soci::use(m.source),
      soci::use(m.recorded_by), soci::use(m.recorded_at), soci::into(id);
  return id;
}

long long Repository::plan_of_axis(soci::session& sql, long long axis_id) const {
  long long id = 0;
  sql << "SELECT plan_id FROM plan_axes WHERE id = :a", soci::into(id), soci::use(axis_id);
  return sql.got_data() ? id : 0;
}

long long Repository::plan_of_objective(soci::session& sql, long long objective_id) const {
  long long id = 0;
  sql << "SELECT a.plan_id FROM plan_objectives o JOIN plan_axes a ON a.id = o.axis_id WHERE o.id = :o", soci::into(id),
      soci::use(objective_id);
  return sql.got_data() ? id : 0;
}

long long Repository::plan_of_indicator(soci::session& sql, long long indicator_id) const {
  long long id = 0;
  sql << "SELECT a.plan_id FROM plan_indicators i JOIN plan_objectives o ON o.id = i.objective_id "
         "JOIN plan_axes a ON a.id = o.axis_id WHERE i.id = :i",
      soci::into(id), soci::use(indicator_id);
  return sql.got_data() ? id : 0;
}

bool Repository::delegation_exists(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM delegations WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

bool Repository::programme_exists(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_programmes WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

namespace {
std::vector<std::pair<long long, std::string>> pairs(soci::session& sql, const std::string& query) {
  std::vector<std::pair<long long, std::string>> out;
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << query, soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}
}  // namespace

std::vector<std::pair<long long, std::string>> Repository::delegations(soci::session& sql) const {
  return pairs(sql, "SELECT id, name FROM delegations ORDER BY name, id LIMIT 500");
}

std::vector<std::pair<long long, std::string>> Repository::programmes(soci::session& sql) const {
  return pairs(sql, "SELECT id, title FROM training_programmes ORDER BY title, id LIMIT 500");
}

std::vector<std::pair<long long, std::string>> Repository::organisations(soci::session& sql,
                                                                         const std::vector<long long>& ids,
                                                                         bool all) const {
  return pairs(sql, "SELECT id, name FROM organisations WHERE status = 'active' AND " +
                        store::in_ids(sql, "id", ids, all) + " ORDER BY name, id LIMIT 1000");
}

bool Repository::organisation_exists(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM organisations WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

long long Repository::organisation_by_name(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n ORDER BY id LIMIT 1", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE email = :e", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

std::optional<double> Repository::compute(soci::session& sql, const std::string& key, long long organisation_id,
                                          const Filters& f, const Period& period) const {
  const long long from = period.from, to = period.to;
  const std::string& from_iso = period.from_iso;
  const std::string& to_iso = period.to_iso;
  const std::string scope = scope_of(organisation_id);
  double value = 0;
  soci::indicator ind = soci::i_ok;
  // Used bookings of outings whose slot started in the period, booked by relais of the scope.
  const std::string used =
      " FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' LEFT JOIN beneficiaries bp "
      "ON bp.id = b.beneficiary_id WHERE s.starts_at >= :f AND s.starts_at < :t AND b.organisation_id IN " +
      scope + (f.qpv_only ? " AND bp.in_qpv = 1" : "") +
      (f.delegation_id ? delegation_of("bp.commune_code", f.delegation_id) : "");
  // Training sessions held (confirmed, running or completed) that started in the period, organised by the scope.
  const std::string sessions =
      " FROM training_sessions ts JOIN training_programmes pr ON pr.id = ts.programme_id "
      "WHERE ts.status IN ('confirmed','running','completed') AND ts.starts_at >= :f AND ts.starts_at < :t "
      "AND pr.organiser_id IN " +
      scope + (f.programme_id ? " AND ts.programme_id = " + std::to_string(f.programme_id) : "") +
      (f.delegation_id ? " AND ts.delegation_id = " + std::to_string(f.delegation_id) : "");
  // Events of network life not cancelled, started in the period, organised by the scope.
  const std::string events =
      " FROM life_events e WHERE e.status = 'planned' AND e.starts_at >= :f AND e.starts_at < :t AND e.organiser_id "
      "IN " +
      scope;
  if (key == "partnerships_new") {
    sql << "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM partnerships p WHERE p.organisation_id = :o AND p.kind = "
           "'social_relay' AND p.status IN ('active','ended') AND p.start_date >= :f AND p.start_date <= :t" +
               (f.delegation_id
                    ? delegation_of("(SELECT r.commune_code FROM organisations r WHERE r.id = p.partner_id)",
                                    f.delegation_id)
                    : std::string()),
        soci::into(value, ind), soci::use(organisation_id), soci::use(from_iso), soci::use(to_iso);
  } else if (key == "places_used" && !f.qpv_only && !f.delegation_id) {
    // From the figures kept per slot and relais (migration 0069).
    sql << "SELECT CAST(COALESCE(SUM(k.used_places), 0) AS DOUBLE PRECISION) FROM outing_slot_figures k "
           "JOIN outing_slots s ON s.id = k.slot_id WHERE s.starts_at >= :f AND s.starts_at < :t "
           "AND k.organisation_id IN " +
               scope,
        soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "places_used") {
    sql << "SELECT CAST(COALESCE(SUM(b.places), 0) AS DOUBLE PRECISION)" + used, soci::into(value, ind),
        soci::use(from), soci::use(to);
  } else if (key == "people_reached") {
    sql << "SELECT CAST(COUNT(DISTINCT b.beneficiary_id) AS DOUBLE PRECISION)" + used, soci::into(value, ind),
        soci::use(from), soci::use(to);
  } else if (key == "group_arrived") {
    sql << "SELECT CAST(COALESCE(SUM(k.group_arrived), 0) AS DOUBLE PRECISION) FROM outing_slot_figures k "
           "JOIN outing_slots s ON s.id = k.slot_id WHERE s.starts_at >= :f AND s.starts_at < :t "
           "AND k.organisation_id IN " +
               scope,
        soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "trainings_held") {
    sql << "SELECT CAST(COUNT(*) AS DOUBLE PRECISION)" + sessions, soci::into(value, ind), soci::use(from),
        soci::use(to);
  } else if (key == "training_hours") {
    sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS DOUBLE PRECISION) / 60.0 FROM training_attendance ta JOIN "
           "training_halfdays h ON h.id = ta.halfday_id WHERE ta.status = 'present' AND h.session_id IN (SELECT ts.id" +
               sessions + ")",
        soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "events_held") {
    sql << "SELECT CAST(COUNT(*) AS DOUBLE PRECISION)" + events, soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "events_attendance") {
    sql << "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM life_event_registrations er WHERE er.attendance = "
           "'present' AND er.event_id IN (SELECT e.id" +
               events + ")",
        soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "volunteer_hours") {
    sql << "SELECT CAST(COALESCE(SUM(vh.quarters), 0) AS DOUBLE PRECISION) / 4.0 FROM life_volunteer_hours vh JOIN "
           "life_volunteer_missions m ON m.id = vh.mission_id WHERE vh.status = 'validated' AND vh.day >= :f AND "
           "vh.day <= :t AND m.organiser_id IN " +
               scope,
        soci::into(value, ind), soci::use(from_iso), soci::use(to_iso);
  } else if (key == "certification_successes") {
    sql << "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM certification_certificates cc JOIN "
           "certification_registrations cr ON cr.id = cc.registration_id JOIN certifications ce ON ce.id = "
           "cr.certification_id WHERE cc.complete = 1 AND cc.revoked_at = 0 AND cc.issued_at >= :f AND cc.issued_at < "
           ":t AND ce.owner_id IN " +
               scope +
               (f.programme_id ? " AND cr.training_session_id IN (SELECT ts.id FROM training_sessions ts WHERE "
                                 "ts.programme_id = " +
                                     std::to_string(f.programme_id) + ")"
                               : std::string()),
        soci::into(value, ind), soci::use(from), soci::use(to);
  } else if (key == "questionnaire_score") {
    sql << "SELECT AVG(CAST(a.number AS DOUBLE PRECISION)) FROM questionnaire_answers a JOIN questionnaire_questions q "
           "ON q.id = a.question_id JOIN questionnaire_responses r ON r.id = a.response_id JOIN questionnaires qn ON "
           "qn.id = r.questionnaire_id WHERE q.kind = 'scale' AND a.number IS NOT NULL AND r.submitted_week >= :f AND "
           "r.submitted_week <= :t AND qn.organisation_id IN " +
               scope,
        soci::into(value, ind), soci::use(period.from_week), soci::use(period.to_week);
  }
  if (ind != soci::i_ok) return std::nullopt;
  return value;
}

}  // namespace trame::plans::plans
