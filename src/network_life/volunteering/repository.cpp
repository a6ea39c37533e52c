// SQL of volunteering: the queries of network_life/volunteering/repository.hpp.
#include "network_life/volunteering/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::volunteering {

namespace {

const char* kEngagementSelect =
    "SELECT e.id, e.organiser_id, o.name, e.user_id, u.name, u.email, e.kind, e.starts_on, e.ends_on, e.tutor_id, "
    "COALESCE(t.name, ''), e.weekly_quarters, e.created_at FROM life_volunteer_engagements e "
    "JOIN organisations o ON o.id = e.organiser_id JOIN users u ON u.id = e.user_id "
    "LEFT JOIN users t ON t.id = e.tutor_id ";

const char* kMissionSelect =
    "SELECT m.id, m.organiser_id, o.name, m.place_id, COALESCE(p.name, ''), m.title, m.kind, m.description, "
    "m.starts_on, m.ends_on, m.recurrence, m.places, (SELECT CAST(COUNT(*) AS BIGINT) FROM "
    "life_volunteer_assignments a WHERE a.mission_id = m.id AND a.status = 'assigned') "
    "FROM life_volunteer_missions m JOIN organisations o ON o.id = m.organiser_id "
    "LEFT JOIN organisations p ON p.id = m.place_id ";

const char* kHoursSelect =
    "SELECT h.id, h.user_id, u.name, h.mission_id, m.title, m.organiser_id, h.day, h.quarters, h.note, h.status, "
    "h.reason, h.declared_at, h.decided_by, h.decided_at FROM life_volunteer_hours h "
    "JOIN users u ON u.id = h.user_id JOIN life_volunteer_missions m ON m.id = h.mission_id ";

// Only our own integers and validated days are put in these queries' text.
std::vector<Engagement> engagements_where(soci::session& sql, const std::string& rest) {
  std::vector<Engagement> out;
  Engagement e;
  soci::statement st =
      (sql.prepare << std::string(kEngagementSelect) + rest, soci::into(e.id), soci::into(e.organiser_id),
       soci::into(e.organiser_name), soci::into(e.user_id), soci::into(e.user_name), soci::into(e.user_email),
       soci::into(e.kind), soci::into(e.starts_on), soci::into(e.ends_on), soci::into(e.tutor_id),
       soci::into(e.tutor_name), soci::into(e.weekly_quarters), soci::into(e.created_at));
  st.execute();
  while (st.fetch()) out.push_back(e);
  return out;
}

std::vector<Mission> missions_where(soci::session& sql, const std::string& rest) {
  std::vector<Mission> out;
  Mission m;
  soci::statement st =
      (sql.prepare << std::string(kMissionSelect) + rest, soci::into(m.id), soci::into(m.organiser_id),
       soci::into(m.organiser_name), soci::into(m.place_id), soci::into(m.place_name), soci::into(m.title),
       soci::into(m.kind), soci::into(m.description), soci::into(m.starts_on), soci::into(m.ends_on),
       soci::into(m.recurrence), soci::into(m.places), soci::into(m.assigned_count));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<HoursEntry> hours_where(soci::session& sql, const std::string& rest) {
  std::vector<HoursEntry> out;
  HoursEntry h;
  soci::statement st =
      (sql.prepare << std::string(kHoursSelect) + rest, soci::into(h.id), soci::into(h.user_id),
       soci::into(h.user_name), soci::into(h.mission_id), soci::into(h.mission_title), soci::into(h.organiser_id),
       soci::into(h.day), soci::into(h.quarters), soci::into(h.note), soci::into(h.status), soci::into(h.reason),
       soci::into(h.declared_at), soci::into(h.decided_by), soci::into(h.decided_at));
  st.execute();
  while (st.fetch()) out.push_back(h);
  return out;
}

long long count(soci::session& sql, const std::string& query) {
  long long n = 0;
  sql << query, soci::into(n);
  return n;
}

// "<column> IN (…)" for the organisations of the scope; "1 = 1" for everywhere.
std::string managed_clause(soci::session& sql, const ActingFor& scope, const std::string& column) {
  return store::in_ids(sql, column, scope.organisations, scope.all);
}

// Ongoing at `day`: started, and not ended.
std::string ongoing(const std::string& alias, const std::string& day) {
  return alias + ".starts_on <= '" + day + "' AND (" + alias + ".ends_on = '' OR " + alias + ".ends_on >= '" + day +
         "')";
}

std::string limit_offset(int limit, int offset) {
  return " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
}

}  // namespace

// ---- Engagements

std::optional<Engagement> Repository::find_engagement(soci::session& sql, long long id) const {
  auto list = engagements_where(sql, "WHERE e.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Engagement> Repository::engagements_of(soci::session& sql, long long user_id) const {
  return engagements_where(sql,
                           "WHERE e.user_id = " + std::to_string(user_id) + " ORDER BY e.starts_on DESC, e.id DESC");
}

std::vector<Engagement> Repository::tutored_by(soci::session& sql, long long tutor_id) const {
  return engagements_where(
      sql, "WHERE e.tutor_id = " + std::to_string(tutor_id) + " ORDER BY e.starts_on DESC, e.id DESC LIMIT 100");
}

std::vector<Engagement> Repository::engagements(soci::session& sql, const ActingFor& scope, int limit,
                                                int offset) const {
  return engagements_where(sql, "WHERE " + managed_clause(sql, scope, "e.organiser_id") +
                                    " ORDER BY e.starts_on DESC, e.id DESC" + limit_offset(limit, offset));
}

long long Repository::count_engagements(soci::session& sql, const ActingFor& scope) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements e WHERE " +
                        managed_clause(sql, scope, "e.organiser_id"));
}

long long Repository::engaged(soci::session& sql, long long user_id, long long organiser_id,
                              const std::string& day) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements e WHERE "
               "e.user_id = " +
                   std::to_string(user_id) + " AND e.organiser_id = " + std::to_string(organiser_id) +
                   " AND (e.ends_on = '' OR e.ends_on >= '" + day + "')");
}

long long Repository::engaged_for(soci::session& sql, long long user_id, const Mission& m) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements WHERE user_id = " +
                        std::to_string(user_id) + " AND organiser_id = " + std::to_string(m.organiser_id) +
                        " AND (ends_on = '' OR ends_on >= '" + m.starts_on + "')");
}

long long Repository::overlapping(soci::session& sql, long long user_id, long long organiser_id,
                                  const std::string& from, const std::string& to) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements WHERE user_id = " +
                        std::to_string(user_id) + " AND organiser_id = " + std::to_string(organiser_id) +
                        " AND (ends_on = '' OR ends_on >= '" + from + "')" +
                        (to.empty() ? std::string() : " AND starts_on <= '" + to + "'"));
}

long long Repository::insert_engagement(soci::session& sql, const Engagement& e, long long created_by,
                                        long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_volunteer_engagements (organiser_id, user_id, kind, starts_on, ends_on, tutor_id, "
         "weekly_quarters, created_by, created_at) VALUES (:o, :u, :k, :s, :e, :t, :w, :b, :c) RETURNING id",
      soci::use(e.organiser_id), soci::use(e.user_id), soci::use(e.kind), soci::use(e.starts_on), soci::use(e.ends_on),
      soci::use(e.tutor_id), soci::use(e.weekly_quarters), soci::use(created_by), soci::use(now), soci::into(id);
  return id;
}

long long Repository::active_user(soci::session& sql, const std::string& email) const {
  long long user_id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e) AND disabled = 0", soci::use(email), soci::into(user_id);
  return sql.got_data() ? user_id : 0;
}

long long Repository::tutor(soci::session& sql, const std::string& email, long long organiser_id) const {
  long long tutor_id = 0;
  sql << "SELECT u.id FROM users u WHERE lower(u.email) = lower(:e) AND u.disabled = 0 AND EXISTS (SELECT 1 "
         "FROM memberships ms WHERE ms.user_id = u.id AND ms.organisation_id = :o AND ms.role <> 'volunteer')",
      soci::use(email), soci::use(organiser_id), soci::into(tutor_id);
  return sql.got_data() ? tutor_id : 0;
}

std::vector<Contact> Repository::volunteers(soci::session& sql, const std::string& day) const {
  std::vector<Contact> out;
  Contact c;
  soci::statement st = (sql.prepare << "SELECT u.id, u.email, u.name FROM users u WHERE u.disabled = 0 AND "
                                       "EXISTS (SELECT 1 FROM life_volunteer_engagements e WHERE e.user_id = u.id "
                                       "AND " +
                                           ongoing("e", day) + ") ORDER BY u.name, u.id",
                        soci::into(c.user_id), soci::into(c.email), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

// ---- Missions

std::optional<Mission> Repository::find_mission(soci::session& sql, long long id) const {
  auto list = missions_where(sql, "WHERE m.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Mission> Repository::missions(soci::session& sql, const ActingFor& scope, int limit, int offset) const {
  return missions_where(sql, "WHERE " + managed_clause(sql, scope, "m.organiser_id") +
                                 " ORDER BY m.starts_on DESC, m.id DESC" + limit_offset(limit, offset));
}

long long Repository::count_missions(soci::session& sql, const ActingFor& scope) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_missions m WHERE " +
                        managed_clause(sql, scope, "m.organiser_id"));
}

std::vector<Mission> Repository::open_missions(soci::session& sql, long long user_id, const std::string& day) const {
  std::string uid = std::to_string(user_id);
  return missions_where(
      sql, "WHERE m.ends_on >= '" + day +
               "' AND m.organiser_id IN (SELECT e.organiser_id FROM life_volunteer_engagements e WHERE e.user_id = " +
               uid + " AND (e.ends_on = '' OR e.ends_on >= '" + day +
               "')) AND NOT EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id AND "
               "a.user_id = " +
               uid + ") ORDER BY m.starts_on, m.id LIMIT 50");
}

std::vector<Mission> Repository::missions_assigned(soci::session& sql, long long user_id,
                                                   long long organiser_id) const {
  std::string uid = std::to_string(user_id), oid = std::to_string(organiser_id);
  return missions_where(sql,
                        "WHERE m.organiser_id = " + oid +
                            " AND EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id AND "
                            "a.user_id = " +
                            uid + " AND a.status = 'assigned') ORDER BY m.starts_on, m.id");
}

std::optional<Mission> Repository::next_mission(soci::session& sql, long long user_id, const std::string& day) const {
  auto list = missions_where(
      sql, "WHERE m.ends_on >= '" + day +
               "' AND EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id "
               "AND a.user_id = " +
               std::to_string(user_id) + " AND a.status = 'assigned') ORDER BY m.starts_on, m.id LIMIT 1");
  if (list.empty()) return std::nullopt;
  return list.front();
}

long long Repository::count_assigned_missions(soci::session& sql, long long user_id, const std::string& day) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments a JOIN life_volunteer_missions "
               "m ON m.id = a.mission_id WHERE a.user_id = " +
                   std::to_string(user_id) + " AND a.status = 'assigned' AND m.starts_on <= '" + day + "'");
}

long long Repository::insert_mission(soci::session& sql, const Mission& m, long long created_by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_volunteer_missions (organiser_id, title, kind, place_id, description, starts_on, ends_on, "
         "recurrence, places, assigned_count, created_by, created_at, updated_at) VALUES (:o, :t, :k, :p, :d, :s, "
         ":e, :r, :n, 0, :b, :c, :u) RETURNING id",
      soci::use(m.organiser_id), soci::use(m.title), soci::use(m.kind), soci::use(m.place_id), soci::use(m.description),
      soci::use(m.starts_on), soci::use(m.ends_on), soci::use(m.recurrence), soci::use(m.places), soci::use(created_by),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::hold_mission(soci::session& sql, long long id, long long now) const {
  sql << "UPDATE life_volunteer_missions SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(id);
}

void Repository::set_assigned_count(soci::session& sql, long long id, long long count) const {
  sql << "UPDATE life_volunteer_missions SET assigned_count = :c WHERE id = :id", soci::use(count), soci::use(id);
}

// ---- Applications and assignments

std::vector<Assignment> Repository::assignments_of(soci::session& sql, long long user_id) const {
  std::vector<Assignment> out;
  Assignment a;
  soci::statement st = (sql.prepare << "SELECT id, mission_id, status, applied_at, assigned_at FROM "
                                       "life_volunteer_assignments WHERE user_id = " +
                                           std::to_string(user_id) + " ORDER BY id DESC LIMIT 200",
                        soci::into(a.id), soci::into(a.mission_id), soci::into(a.status), soci::into(a.applied_at),
                        soci::into(a.assigned_at));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

std::vector<Assignment> Repository::people(soci::session& sql, long long mission_id) const {
  std::vector<Assignment> out;
  Assignment a;
  soci::statement st =
      (sql.prepare << "SELECT a.id, a.mission_id, a.user_id, u.name, a.status, a.applied_at, a.assigned_at FROM "
                      "life_volunteer_assignments a JOIN users u ON u.id = a.user_id WHERE a.mission_id = " +
                          std::to_string(mission_id) + " ORDER BY a.status DESC, u.name, a.id",
       soci::into(a.id), soci::into(a.mission_id), soci::into(a.user_id), soci::into(a.user_name), soci::into(a.status),
       soci::into(a.applied_at), soci::into(a.assigned_at));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

std::vector<Choice> Repository::candidates(soci::session& sql, const Mission& m) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT u.id, u.name FROM life_volunteer_engagements e JOIN users u ON u.id = "
                      "e.user_id WHERE e.organiser_id = " +
                          std::to_string(m.organiser_id) + " AND (e.ends_on = '' OR e.ends_on >= '" + m.starts_on +
                          "') AND NOT EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = " +
                          std::to_string(m.id) +
                          " AND a.user_id = u.id AND a.status = 'assigned') ORDER BY u.name LIMIT 500",
       soci::into(c.id), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::applications(soci::session& sql, long long mission_id, long long user_id) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE "
               "mission_id = " +
                   std::to_string(mission_id) + " AND user_id = " + std::to_string(user_id));
}

long long Repository::assignments(soci::session& sql, long long mission_id, long long user_id) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE "
               "mission_id = " +
                   std::to_string(mission_id) + " AND user_id = " + std::to_string(user_id) +
                   " AND status = 'assigned'");
}

long long Repository::assigned(soci::session& sql, long long mission_id) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE mission_id = " +
                        std::to_string(mission_id) + " AND status = 'assigned'");
}

std::optional<std::string> Repository::assignment_status(soci::session& sql, long long mission_id,
                                                         long long user_id) const {
  std::string status;
  sql << "SELECT status FROM life_volunteer_assignments WHERE mission_id = :m AND user_id = :u", soci::use(mission_id),
      soci::use(user_id), soci::into(status);
  if (!sql.got_data()) return std::nullopt;
  return status;
}

long long Repository::insert_application(soci::session& sql, long long mission_id, long long user_id,
                                         long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_volunteer_assignments (mission_id, user_id, status, applied_at) VALUES (:m, :u, "
         "'applied', :n) RETURNING id",
      soci::use(mission_id), soci::use(user_id), soci::use(now), soci::into(id);
  return id;
}

void Repository::confirm_assignment(soci::session& sql, long long mission_id, long long user_id, long long by,
                                    long long now) const {
  sql << "UPDATE life_volunteer_assignments SET status = 'assigned', assigned_by = :b, assigned_at = :n WHERE "
         "mission_id = :m AND user_id = :u",
      soci::use(by), soci::use(now), soci::use(mission_id), soci::use(user_id);
}

void Repository::insert_assignment(soci::session& sql, long long mission_id, long long user_id, long long by,
                                   long long now) const {
  sql << "INSERT INTO life_volunteer_assignments (mission_id, user_id, status, applied_at, assigned_by, "
         "assigned_at) VALUES (:m, :u, 'assigned', 0, :b, :n)",
      soci::use(mission_id), soci::use(user_id), soci::use(by), soci::use(now);
}

void Repository::hold_assignments_of(soci::session& sql, long long user_id) const {
  sql << "UPDATE life_volunteer_assignments SET assigned_at = assigned_at WHERE user_id = :u", soci::use(user_id);
}

// ---- Availabilities

std::vector<Slot> Repository::slots(soci::session& sql, long long user_id) const {
  std::vector<Slot> out;
  Slot slot;
  long long weekday = 0;
  soci::statement st = (sql.prepare << "SELECT weekday, half FROM life_volunteer_availabilities WHERE user_id = " +
                                           std::to_string(user_id) + " ORDER BY weekday, half",
                        soci::into(weekday), soci::into(slot.half));
  st.execute();
  while (st.fetch()) out.push_back({static_cast<int>(weekday), slot.half});
  return out;
}

void Repository::set_slots(soci::session& sql, long long user_id, const std::vector<Slot>& slots) const {
  sql << "DELETE FROM life_volunteer_availabilities WHERE user_id = :u", soci::use(user_id);
  for (const auto& s : slots) {
    long long weekday = s.weekday;
    sql << "INSERT INTO life_volunteer_availabilities (user_id, weekday, half) VALUES (:u, :w, :h)", soci::use(user_id),
        soci::use(weekday), soci::use(s.half);
  }
}

std::vector<Unavailability> Repository::unavailabilities(soci::session& sql, long long user_id,
                                                         const std::string& day) const {
  std::vector<Unavailability> out;
  Unavailability u;
  soci::statement st =
      (sql.prepare << "SELECT id, starts_on, ends_on, note FROM life_volunteer_unavailabilities "
                      "WHERE user_id = " +
                          std::to_string(user_id) + " AND ends_on >= '" + day + "' ORDER BY starts_on LIMIT 50",
       soci::into(u.id), soci::into(u.starts_on), soci::into(u.ends_on), soci::into(u.note));
  st.execute();
  while (st.fetch()) out.push_back(u);
  return out;
}

long long Repository::insert_unavailability(soci::session& sql, long long user_id, const Unavailability& u,
                                            long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_volunteer_unavailabilities (user_id, starts_on, ends_on, note, created_at) VALUES "
         "(:u, :s, :e, :n, :c) RETURNING id",
      soci::use(user_id), soci::use(u.starts_on), soci::use(u.ends_on), soci::use(u.note), soci::use(now),
      soci::into(id);
  return id;
}

// ---- Hours

std::optional<HoursEntry> Repository::find_hours(soci::session& sql, long long id) const {
  auto list = hours_where(sql, "WHERE h.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<HoursEntry> Repository::hours_of(soci::session& sql, long long user_id, int limit, int offset) const {
  return hours_where(sql, "WHERE h.user_id = " + std::to_string(user_id) + " ORDER BY h.day DESC, h.id DESC" +
                              limit_offset(limit, offset));
}

long long Repository::count_hours_of(soci::session& sql, long long user_id) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours WHERE user_id = " + std::to_string(user_id));
}

std::vector<HoursEntry> Repository::pending(soci::session& sql, const ActingFor& scope, int limit, int offset) const {
  std::string pending = "h.status = 'pending' AND " + managed_clause(sql, scope, "m.organiser_id");
  return hours_where(sql, "WHERE " + pending + " ORDER BY h.day, h.id" + limit_offset(limit, offset));
}

long long Repository::count_pending(soci::session& sql, const ActingFor& scope) const {
  std::string pending = "h.status = 'pending' AND " + managed_clause(sql, scope, "m.organiser_id");
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours h JOIN "
               "life_volunteer_missions m ON m.id = h.mission_id WHERE " +
                   pending);
}

long long Repository::count_pending_of_others(soci::session& sql, const ActingFor& scope, long long user_id) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours h JOIN life_volunteer_missions m ON "
               "m.id = h.mission_id WHERE h.status = 'pending' AND h.user_id <> " +
                   std::to_string(user_id) + " AND " + managed_clause(sql, scope, "m.organiser_id"));
}

std::vector<HoursEntry> Repository::validated(soci::session& sql, const ActingFor& scope, int year) const {
  return hours_where(sql, "WHERE h.status = 'validated' AND substr(h.day, 1, 4) = '" + std::to_string(year) + "' AND " +
                              managed_clause(sql, scope, "m.organiser_id") +
                              " ORDER BY u.name, h.user_id, h.day, h.id");
}

std::vector<HoursEntry> Repository::validated_of(soci::session& sql, long long user_id, long long organiser_id,
                                                 const std::string& from, const std::string& to) const {
  return hours_where(sql, "WHERE h.user_id = " + std::to_string(user_id) + " AND m.organiser_id = " +
                              std::to_string(organiser_id) + " AND h.status = 'validated' AND h.day >= '" + from +
                              "' AND h.day <= '" + to + "' ORDER BY h.day, h.id");
}

std::vector<MonthTotal> Repository::months_of(soci::session& sql, long long user_id) const {
  std::vector<MonthTotal> out;
  MonthTotal t;
  soci::statement st =
      (sql.prepare << "SELECT substr(day, 1, 7), CAST(SUM(quarters) AS BIGINT) FROM life_volunteer_hours WHERE "
                      "user_id = " +
                          std::to_string(user_id) +
                          " AND status = 'validated' GROUP BY substr(day, 1, 7) ORDER BY 1 DESC LIMIT 12",
       soci::into(t.month), soci::into(t.quarters));
  st.execute();
  while (st.fetch()) out.push_back(t);
  return out;
}

std::vector<MonthTotal> Repository::totals(soci::session& sql, const ActingFor& scope, int year) const {
  std::vector<MonthTotal> out;
  MonthTotal t;
  soci::statement st =
      (sql.prepare << "SELECT h.user_id, u.name, substr(h.day, 1, 7), CAST(SUM(h.quarters) AS BIGINT) FROM "
                      "life_volunteer_hours h JOIN users u ON u.id = h.user_id JOIN life_volunteer_missions m ON "
                      "m.id = h.mission_id WHERE h.status = 'validated' AND substr(h.day, 1, 4) = '" +
                          std::to_string(year) + "' AND " + managed_clause(sql, scope, "m.organiser_id") +
                          " GROUP BY h.user_id, u.name, substr(h.day, 1, 7) ORDER BY u.name, h.user_id, 3",
       soci::into(t.user_id), soci::into(t.user_name), soci::into(t.month), soci::into(t.quarters));
  st.execute();
  while (st.fetch()) out.push_back(t);
  return out;
}

long long Repository::quarters_declared(soci::session& sql, long long user_id, const std::string& day) const {
  return count(sql,
               "SELECT CAST(COALESCE(SUM(quarters), 0) AS BIGINT) FROM life_volunteer_hours "
               "WHERE user_id = " +
                   std::to_string(user_id) + " AND day = '" + day + "' AND status <> 'refused'");
}

long long Repository::insert_hours(soci::session& sql, const HoursEntry& h, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_volunteer_hours (user_id, mission_id, day, quarters, note, status, declared_at) VALUES "
         "(:u, :m, :d, :q, :n, 'pending', :t) RETURNING id",
      soci::use(h.user_id), soci::use(h.mission_id), soci::use(h.day), soci::use(h.quarters), soci::use(h.note),
      soci::use(now), soci::into(id);
  return id;
}

void Repository::hold_hours(soci::session& sql, long long id) const {
  sql << "UPDATE life_volunteer_hours SET decided_at = decided_at WHERE id = :id", soci::use(id);
}

std::string Repository::hours_status(soci::session& sql, long long id) const {
  std::string status;
  sql << "SELECT status FROM life_volunteer_hours WHERE id = :id", soci::use(id), soci::into(status);
  return status;
}

void Repository::validate_hours(soci::session& sql, long long id, long long by, long long now) const {
  sql << "UPDATE life_volunteer_hours SET status = 'validated', decided_by = :b, decided_at = :n WHERE id = :id",
      soci::use(by), soci::use(now), soci::use(id);
}

void Repository::refuse_hours(soci::session& sql, long long id, const std::string& reason, long long by,
                              long long now) const {
  sql << "UPDATE life_volunteer_hours SET status = 'refused', reason = :r, decided_by = :b, decided_at = :n WHERE "
         "id = :id",
      soci::use(reason), soci::use(by), soci::use(now), soci::use(id);
}

// ---- Organisations

std::vector<Choice> Repository::organisers(soci::session& sql, const ActingFor& scope) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' AND " +
                                           managed_clause(sql, scope, "id") + " ORDER BY name LIMIT 2000",
                        soci::into(c.id), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::places(soci::session& sql) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' AND kind = "
                                       "'social' ORDER BY name LIMIT 2000",
                        soci::into(c.id), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::active_organisation(soci::session& sql, long long id) const {
  return count(
      sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE status = 'active' AND id = " + std::to_string(id));
}

}  // namespace trame::volunteering
