#include "cooperation/indicators/repository.hpp"

namespace trame::indicators {

namespace {

const char* kSelect =
    "SELECT id, project_id, computed_key, label, unit, description, source_text, source_url, period_kind, since, "
    "created_by, created_at, updated_at, refreshed_at FROM cooperation_indicators ";

#define TRAME_INDICATOR_INTO(i)                                                                                   \
  soci::into((i).id), soci::into((i).project_id), soci::into((i).computed_key), soci::into((i).label),            \
      soci::into((i).unit), soci::into((i).description), soci::into((i).source_text), soci::into((i).source_url), \
      soci::into((i).period_kind), soci::into((i).since), soci::into((i).created_by), soci::into((i).created_at), \
      soci::into((i).updated_at), soci::into((i).refreshed_at)

}  // namespace

std::optional<Indicator> Repository::find(soci::session& sql, long long id) const {
  Indicator i;
  sql << std::string(kSelect) + "WHERE id = :id", TRAME_INDICATOR_INTO(i), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return i;
}

std::vector<Indicator> Repository::of_project(soci::session& sql, long long project_id, long long limit,
                                              long long offset) const {
  Indicator i;
  std::vector<Indicator> out;
  if (limit <= 0) limit = 1000000;
  soci::statement st = (sql.prepare << std::string(kSelect) + "WHERE project_id = :p ORDER BY id LIMIT :l OFFSET :o",
                        TRAME_INDICATOR_INTO(i), soci::use(project_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(i);
  return out;
}

long long Repository::count_of_project(soci::session& sql, long long project_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_indicators WHERE project_id = :p", soci::into(n), soci::use(project_id);
  return n;
}

long long Repository::followed(soci::session& sql, long long project_id, const std::string& key) const {
  long long id = 0;
  sql << "SELECT id FROM cooperation_indicators WHERE project_id = :p AND computed_key = :k", soci::into(id),
      soci::use(project_id), soci::use(key);
  return sql.got_data() ? id : 0;
}

long long Repository::insert(soci::session& sql, const Indicator& i, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_indicators (project_id, computed_key, label, unit, description, source_text, "
         "source_url, period_kind, since, created_by, created_at, updated_at, refreshed_at) VALUES (:p, :k, :l, :u, "
         ":d, :st, :su, :pk, :si, :cb, :ca, :ua, 0) RETURNING id",
      soci::use(i.project_id), soci::use(i.computed_key), soci::use(i.label), soci::use(i.unit),
      soci::use(i.description), soci::use(i.source_text), soci::use(i.source_url), soci::use(i.period_kind),
      soci::use(i.since), soci::use(i.created_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Indicator& i, long long now) const {
  sql << "UPDATE cooperation_indicators SET label = :l, unit = :u, description = :d, source_text = :st, "
         "source_url = :su, updated_at = :n WHERE id = :id",
      soci::use(i.label), soci::use(i.unit), soci::use(i.description), soci::use(i.source_text),
      soci::use(i.source_url), soci::use(now), soci::use(i.id);
}

void Repository::remove(soci::session& sql, long long id) const {
  sql << "DELETE FROM cooperation_indicator_points WHERE indicator_id = :i", soci::use(id);
  sql << "DELETE FROM cooperation_indicator_targets WHERE indicator_id = :i", soci::use(id);
  sql << "DELETE FROM cooperation_indicators WHERE id = :i", soci::use(id);
}

bool Repository::claim_refresh(soci::session& sql, long long id, long long seen, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_indicators SET refreshed_at = :n WHERE id = :i AND "
                                       "refreshed_at = :s AND computed_key <> ''",
                        soci::use(now), soci::use(id), soci::use(seen));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<long long> Repository::due(soci::session& sql, long long before, long long limit) const {
  long long id = 0;
  std::vector<long long> out;
  soci::statement st = (sql.prepare << "SELECT id FROM cooperation_indicators WHERE computed_key <> '' AND "
                                       "refreshed_at < :b ORDER BY refreshed_at, id LIMIT :l",
                        soci::into(id), soci::use(before), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<Point> Repository::points(soci::session& sql, long long indicator_id) const {
  Point p;
  std::vector<Point> out;
  soci::statement st =
      (sql.prepare << "SELECT indicator_id, period, value, note, computed_at, entered_by, updated_at "
                      "FROM cooperation_indicator_points WHERE indicator_id = :i ORDER BY period",
       soci::into(p.indicator_id), soci::into(p.period), soci::into(p.value), soci::into(p.note),
       soci::into(p.computed_at), soci::into(p.entered_by), soci::into(p.updated_at), soci::use(indicator_id));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

std::optional<Point> Repository::point(soci::session& sql, long long indicator_id, const std::string& period) const {
  for (auto& p : points(sql, indicator_id))
    if (p.period == period) return p;
  return std::nullopt;
}

void Repository::put_point(soci::session& sql, const Point& p) const {
  sql << "INSERT INTO cooperation_indicator_points (indicator_id, period, value, note, computed_at, entered_by, "
         "updated_at) VALUES (:i, :p, :v, :n, :c, :e, :u) ON CONFLICT (indicator_id, period) DO UPDATE SET "
         "value = excluded.value, note = excluded.note, computed_at = excluded.computed_at, "
         "entered_by = excluded.entered_by, updated_at = excluded.updated_at",
      soci::use(p.indicator_id), soci::use(p.period), soci::use(p.value), soci::use(p.note), soci::use(p.computed_at),
      soci::use(p.entered_by), soci::use(p.updated_at);
}

bool Repository::delete_point(soci::session& sql, long long indicator_id, const std::string& period) const {
  soci::statement st =
      (sql.prepare << "DELETE FROM cooperation_indicator_points WHERE indicator_id = :i AND period = :p",
       soci::use(indicator_id), soci::use(period));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

namespace {

#define TRAME_TARGET_INTO(t)                                                                       \
  soci::into((t).id), soci::into((t).indicator_id), soci::into((t).period), soci::into((t).value), \
      soci::into((t).direction), soci::into((t).note), soci::into((t).created_by), soci::into((t).created_at)

const char* kTargetSelect =
    "SELECT id, indicator_id, period, value, direction, note, created_by, created_at FROM "
    "cooperation_indicator_targets ";

}  // namespace

std::vector<Target> Repository::targets(soci::session& sql, long long indicator_id) const {
  Target t;
  std::vector<Target> out;
  soci::statement st = (sql.prepare << std::string(kTargetSelect) + "WHERE indicator_id = :i ORDER BY period",
                        TRAME_TARGET_INTO(t), soci::use(indicator_id));
  st.execute();
  while (st.fetch()) out.push_back(t);
  return out;
}

std::optional<Target> Repository::target(soci::session& sql, long long id) const {
  Target t;
  sql << std::string(kTargetSelect) + "WHERE id = :id", TRAME_TARGET_INTO(t), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

long long Repository::put_target(soci::session& sql, const Target& t, long long now) const {
  long long id = 0;
  sql << "SELECT id FROM cooperation_indicator_targets WHERE indicator_id = :i AND period = :p", soci::into(id),
      soci::use(t.indicator_id), soci::use(t.period);
  if (sql.got_data()) {
    sql << "UPDATE cooperation_indicator_targets SET value = :v, direction = :d, note = :n WHERE id = :id",
        soci::use(t.value), soci::use(t.direction), soci::use(t.note), soci::use(id);
    return id;
  }
  sql << "INSERT INTO cooperation_indicator_targets (indicator_id, period, value, direction, note, created_by, "
         "created_at) VALUES (:i, :p, :v, :d, :n, :b, :c) RETURNING id",
      soci::use(t.indicator_id), soci::use(t.period), soci::use(t.value), soci::use(t.direction), soci::use(t.note),
      soci::use(t.created_by), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_target(soci::session& sql, long long id) const {
  sql << "DELETE FROM cooperation_indicator_targets WHERE id = :id", soci::use(id);
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::indicators
