#include "network_life/volunteering/service.hpp"

#include <algorithm>
#include <map>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/store/id_list.hpp"
#include "platform/web/app.hpp"

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
std::vector<Engagement> engagements(soci::session& sql, const std::string& rest) {
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

std::vector<Mission> missions(soci::session& sql, const std::string& rest) {
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

std::vector<HoursEntry> hours(soci::session& sql, const std::string& rest) {
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

std::optional<Mission> find_mission(soci::session& sql, long long id) {
  auto list = missions(sql, "WHERE m.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<Engagement> find_engagement(soci::session& sql, long long id) {
  auto list = engagements(sql, "WHERE e.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<HoursEntry> find_hours(soci::session& sql, long long id) {
  auto list = hours(sql, "WHERE h.id = " + std::to_string(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::string today() {
  return local_day(store::now_seconds());
}

// 'YYYY-MM-DD' typed, or "" when it is not a valid day.
std::string valid_day(const std::string& text) {
  auto d = parse_date(text);
  return d ? iso_date(*d) : std::string();
}

// Ongoing at `day`: started, and not ended.
std::string ongoing(const std::string& alias, const std::string& day) {
  return alias + ".starts_on <= '" + day + "' AND (" + alias + ".ends_on = '' OR " + alias + ".ends_on >= '" + day +
         "')";
}

template <class T>
int clamp_page(int page, long long total) {
  long long pages = std::max<long long>(1, (total + Service::kPerPage - 1) / Service::kPerPage);
  return static_cast<int>(std::clamp<long long>(page, 1, pages));
}

std::string limit(int page) {
  return " LIMIT " + std::to_string(Service::kPerPage) + " OFFSET " + std::to_string((page - 1) * Service::kPerPage);
}

}  // namespace

std::string Service::managed_clause(const Principal& me, const std::string& column) {
  if (me.is_admin()) return "1=1";
  auto a = me.acting_for(perm::network_life_manage);
  if (a.all) return "1=1";
  if (a.none()) return "";
  return column + " IN (" + store::id_list(a.organisations) + ")";
}

// ---- For the other modules

std::vector<Contact> Service::volunteer_contacts() {
  return db_.read([&](soci::session& sql) {
    std::vector<Contact> out;
    Contact c;
    std::string day = today();
    soci::statement st = (sql.prepare << "SELECT u.id, u.email, u.name FROM users u WHERE u.disabled = 0 AND "
                                         "EXISTS (SELECT 1 FROM life_volunteer_engagements e WHERE e.user_id = u.id "
                                         "AND " +
                                             ongoing("e", day) + ") ORDER BY u.name, u.id",
                          soci::into(c.user_id), soci::into(c.email), soci::into(c.name));
    st.execute();
    while (st.fetch()) out.push_back(c);
    return out;
  });
}

// ---- The volunteer's space

MySpace Service::my_space(const Principal& me, int hours_page) {
  return db_.read([&](soci::session& sql) {
    MySpace s;
    std::string uid = std::to_string(me.id), day = today();
    s.manages = !managed_clause(me, "x").empty();
    s.engagements = engagements(sql, "WHERE e.user_id = " + uid + " ORDER BY e.starts_on DESC, e.id DESC");
    {
      Assignment a;
      soci::statement st = (sql.prepare << "SELECT id, mission_id, status, applied_at, assigned_at FROM "
                                           "life_volunteer_assignments WHERE user_id = " +
                                               uid + " ORDER BY id DESC LIMIT 200",
                            soci::into(a.id), soci::into(a.mission_id), soci::into(a.status), soci::into(a.applied_at),
                            soci::into(a.assigned_at));
      st.execute();
      while (st.fetch()) s.assignments.push_back(a);
      for (auto& x : s.assignments) {
        x.user_id = me.id;
        if (auto m = find_mission(sql, x.mission_id)) x.mission = *m;
      }
      std::stable_sort(s.assignments.begin(), s.assignments.end(), [](const Assignment& a, const Assignment& b) {
        return a.mission.starts_on > b.mission.starts_on;
      });
    }
    s.open_missions = missions(
        sql, "WHERE m.ends_on >= '" + day +
                 "' AND m.organiser_id IN (SELECT e.organiser_id FROM life_volunteer_engagements e WHERE e.user_id = " +
                 uid + " AND (e.ends_on = '' OR e.ends_on >= '" + day +
                 "')) AND NOT EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id AND "
                 "a.user_id = " +
                 uid + ") ORDER BY m.starts_on, m.id LIMIT 50");
    {
      Slot slot;
      long long weekday = 0;
      soci::statement st =
          (sql.prepare << "SELECT weekday, half FROM life_volunteer_availabilities WHERE user_id = " + uid +
                              " ORDER BY weekday, half",
           soci::into(weekday), soci::into(slot.half));
      st.execute();
      while (st.fetch()) s.slots.push_back({static_cast<int>(weekday), slot.half});
    }
    {
      Unavailability u;
      soci::statement st = (sql.prepare << "SELECT id, starts_on, ends_on, note FROM life_volunteer_unavailabilities "
                                           "WHERE user_id = " +
                                               uid + " AND ends_on >= '" + day + "' ORDER BY starts_on LIMIT 50",
                            soci::into(u.id), soci::into(u.starts_on), soci::into(u.ends_on), soci::into(u.note));
      st.execute();
      while (st.fetch()) s.unavailable.push_back(u);
    }
    s.hours.total = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours WHERE user_id = " + uid);
    s.hours.page = clamp_page<HoursEntry>(hours_page, s.hours.total);
    s.hours.items = hours(sql, "WHERE h.user_id = " + uid + " ORDER BY h.day DESC, h.id DESC" + limit(s.hours.page));
    {
      MonthTotal t;
      soci::statement st =
          (sql.prepare << "SELECT substr(day, 1, 7), CAST(SUM(quarters) AS BIGINT) FROM life_volunteer_hours WHERE "
                          "user_id = " +
                              uid + " AND status = 'validated' GROUP BY substr(day, 1, 7) ORDER BY 1 DESC LIMIT 12",
           soci::into(t.month), soci::into(t.quarters));
      st.execute();
      while (st.fetch()) s.months.push_back(t);
    }
    s.tutored = engagements(sql, "WHERE e.tutor_id = " + uid + " ORDER BY e.starts_on DESC, e.id DESC LIMIT 100");
    return s;
  });
}

Outcome Service::set_availabilities(const Actor& actor, const Principal& me, const std::vector<std::string>& values) {
  std::vector<Slot> slots;
  for (const auto& v : values) {
    Slot s;
    if (!parse_slot(trim(v), s)) return Outcome::failure("volunteering.errors.slot", "slots");
    if (std::none_of(slots.begin(), slots.end(),
                     [&](const Slot& x) { return x.weekday == s.weekday && x.half == s.half; }))
      slots.push_back(s);
  }
  return db_.attempt([&](soci::session& sql) {
    sql << "DELETE FROM life_volunteer_availabilities WHERE user_id = :u", soci::use(me.id);
    for (const auto& s : slots) {
      long long weekday = s.weekday;
      sql << "INSERT INTO life_volunteer_availabilities (user_id, weekday, half) VALUES (:u, :w, :h)", soci::use(me.id),
          soci::use(weekday), soci::use(s.half);
    }
    audit_.record(sql, actor, "volunteering.availabilities", "user:" + std::to_string(me.id),
                  std::to_string(slots.size()));
    return Outcome::success(me.id);
  });
}

Outcome Service::add_unavailability(const Actor& actor, const Principal& me, const std::string& starts_on,
                                    const std::string& ends_on, const std::string& note_typed) {
  std::string from = valid_day(starts_on), to = valid_day(ends_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "unavailable_from");
  if (to.empty()) return Outcome::failure("volunteering.errors.day", "unavailable_to");
  if (to < from) return Outcome::failure("volunteering.errors.period_order", "unavailable_to");
  if (to < today()) return Outcome::failure("volunteering.errors.period_past", "unavailable_to");
  std::string note = trim(note_typed);
  if (note.size() > 300) return Outcome::failure("volunteering.errors.note_long", "unavailable_note");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_volunteer_unavailabilities (user_id, starts_on, ends_on, note, created_at) VALUES "
           "(:u, :s, :e, :n, :c) RETURNING id",
        soci::use(me.id), soci::use(from), soci::use(to), soci::use(note), soci::use(now), soci::into(id);
    audit_.record(sql, actor, "volunteering.unavailable", "user:" + std::to_string(me.id), from + " " + to);
    return Outcome::success(id);
  });
}

Outcome Service::apply(const Actor& actor, const Principal& me, long long mission_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = find_mission(sql, mission_id);
    std::string day = today();
    if (!m) roll_back(Outcome::not_found());
    long long engaged = count(sql,
                              "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements e WHERE "
                              "e.user_id = " +
                                  std::to_string(me.id) + " AND e.organiser_id = " + std::to_string(m->organiser_id) +
                                  " AND (e.ends_on = '' OR e.ends_on >= '" + day + "')");
    if (!engaged)
      roll_back(may_manage(me, m->organiser_id) ? Outcome::forbidden("volunteering.errors.not_engaged_self")
                                                : Outcome::not_found());
    if (m->ends_on < day) roll_back(Outcome::conflict("volunteering.errors.mission_over"));
    long long already = count(sql,
                              "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE "
                              "mission_id = " +
                                  std::to_string(mission_id) + " AND user_id = " + std::to_string(me.id));
    if (already) roll_back(Outcome::conflict("volunteering.errors.already_applied"));
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_volunteer_assignments (mission_id, user_id, status, applied_at) VALUES (:m, :u, "
           "'applied', :n) RETURNING id",
        soci::use(mission_id), soci::use(me.id), soci::use(now), soci::into(id);
    audit_.record(sql, actor, "volunteering.apply", "life_volunteer_mission:" + std::to_string(mission_id));
    return Outcome::success(id);
  });
}

Outcome Service::declare_hours(const Actor& actor, const Principal& me, const HoursInput& in) {
  if (!trim(in.user).empty() && web::parse_id(trim(in.user)) != me.id)
    return Outcome::forbidden("volunteering.errors.not_yours");
  long long mission_id = web::parse_id(trim(in.mission));
  if (mission_id <= 0) return Outcome::failure("volunteering.errors.mission_choice", "mission");
  std::string day = valid_day(in.day);
  if (day.empty()) return Outcome::failure("volunteering.errors.day", "day");
  if (day > today()) return Outcome::failure("volunteering.errors.future", "day");
  long long quarters = parse_quarters(in.hours);
  if (quarters <= 0) return Outcome::failure("volunteering.errors.hours", "hours");
  if (quarters > kMaxQuartersPerDay) return Outcome::failure("volunteering.errors.daily_limit", "hours");
  std::string note = trim(in.note);
  if (note.size() > 500) return Outcome::failure("volunteering.errors.note_long", "note");
  return db_.attempt([&](soci::session& sql) {
    std::string uid = std::to_string(me.id);
    // Holds this person's assignments: two declarations at once are counted one after the other.
    sql << "UPDATE life_volunteer_assignments SET assigned_at = assigned_at WHERE user_id = :u", soci::use(me.id);
    auto m = find_mission(sql, mission_id);
    long long assigned =
        m ? count(sql,
                  "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE "
                  "mission_id = " +
                      std::to_string(mission_id) + " AND user_id = " + uid + " AND status = 'assigned'")
          : 0;
    if (!assigned) refuse("volunteering.errors.mission_not_assigned", "mission");
    if (day < m->starts_on) refuse("volunteering.errors.before_mission", "day");
    if (day > m->ends_on) refuse("volunteering.errors.after_mission", "day");
    long long already = count(sql,
                              "SELECT CAST(COALESCE(SUM(quarters), 0) AS BIGINT) FROM life_volunteer_hours "
                              "WHERE user_id = " +
                                  uid + " AND day = '" + day + "' AND status <> 'refused'");
    if (already + quarters > kMaxQuartersPerDay) refuse("volunteering.errors.daily_limit", "hours");
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_volunteer_hours (user_id, mission_id, day, quarters, note, status, declared_at) VALUES "
           "(:u, :m, :d, :q, :n, 'pending', :t) RETURNING id",
        soci::use(me.id), soci::use(mission_id), soci::use(day), soci::use(quarters), soci::use(note), soci::use(now),
        soci::into(id);
    audit_.record(sql, actor, "volunteering.hours.declare", "life_volunteer_hours:" + std::to_string(id),
                  day + " " + std::to_string(quarters));
    return Outcome::success(id);
  });
}

// ---- Coordinators

std::optional<Management> Service::management(const Principal& me, int engagements_page, int missions_page,
                                              int pending_page, int year) {
  return db_.read([&](soci::session& sql) -> std::optional<Management> {
    std::string where_e = managed_clause(me, "e.organiser_id");
    if (where_e.empty()) return std::nullopt;
    std::string where_m = managed_clause(me, "m.organiser_id");
    std::string where_o = managed_clause(me, "id");
    Management g;
    g.year = year;
    {
      Choice c;
      soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' AND " + where_o +
                                               " ORDER BY name LIMIT 2000",
                            soci::into(c.id), soci::into(c.name));
      st.execute();
      while (st.fetch()) g.organisers.push_back(c);
      soci::statement places = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' AND kind = "
                                               "'social' ORDER BY name LIMIT 2000",
                                soci::into(c.id), soci::into(c.name));
      places.execute();
      while (places.fetch()) g.places.push_back(c);
    }
    g.engagements.total =
        count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements e WHERE " + where_e);
    g.engagements.page = clamp_page<Engagement>(engagements_page, g.engagements.total);
    g.engagements.items =
        engagements(sql, "WHERE " + where_e + " ORDER BY e.starts_on DESC, e.id DESC" + limit(g.engagements.page));
    g.missions.total = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_missions m WHERE " + where_m);
    g.missions.page = clamp_page<Mission>(missions_page, g.missions.total);
    g.missions.items =
        missions(sql, "WHERE " + where_m + " ORDER BY m.starts_on DESC, m.id DESC" + limit(g.missions.page));
    std::string pending = "h.status = 'pending' AND " + where_m;
    g.pending.total = count(sql,
                            "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours h JOIN "
                            "life_volunteer_missions m ON m.id = h.mission_id WHERE " +
                                pending);
    g.pending.page = clamp_page<HoursEntry>(pending_page, g.pending.total);
    g.pending.items = hours(sql, "WHERE " + pending + " ORDER BY h.day, h.id" + limit(g.pending.page));
    {
      MonthTotal t;
      soci::statement st =
          (sql.prepare << "SELECT h.user_id, u.name, substr(h.day, 1, 7), CAST(SUM(h.quarters) AS BIGINT) FROM "
                          "life_volunteer_hours h JOIN users u ON u.id = h.user_id JOIN life_volunteer_missions m ON "
                          "m.id = h.mission_id WHERE h.status = 'validated' AND substr(h.day, 1, 4) = '" +
                              std::to_string(year) + "' AND " + where_m +
                              " GROUP BY h.user_id, u.name, substr(h.day, 1, 7) ORDER BY u.name, h.user_id, 3",
           soci::into(t.user_id), soci::into(t.user_name), soci::into(t.month), soci::into(t.quarters));
      st.execute();
      while (st.fetch()) g.totals.push_back(t);
    }
    return g;
  });
}

Outcome Service::create_engagement(const Actor& actor, const Principal& me, const EngagementInput& in) {
  long long organiser_id = web::parse_id(trim(in.organiser));
  if (organiser_id <= 0 || !may_manage(me, organiser_id))
    return Outcome::failure("volunteering.errors.organiser", "organiser");
  std::string email = trim(in.email);
  if (email.empty() || email.size() > 254) return Outcome::failure("volunteering.errors.email", "email");
  if (std::find(engagement_kinds().begin(), engagement_kinds().end(), in.kind) == engagement_kinds().end())
    return Outcome::failure("volunteering.errors.kind", "kind");
  std::string from = valid_day(in.starts_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "starts_on");
  std::string to;
  if (!trim(in.ends_on).empty()) {
    to = valid_day(in.ends_on);
    if (to.empty()) return Outcome::failure("volunteering.errors.day", "ends_on");
    if (to < from) return Outcome::failure("volunteering.errors.period_order", "ends_on");
  }
  long long weekly = 0;
  if (!trim(in.weekly_hours).empty()) {
    std::string w = trim(in.weekly_hours);
    if (w.size() > 2 || w.find_first_not_of("0123456789") != std::string::npos || std::stoll(w) < 1 ||
        std::stoll(w) > 48)
      return Outcome::failure("volunteering.errors.weekly_hours", "weekly_hours");
    weekly = std::stoll(w) * 4;
  }
  std::string tutor_email = trim(in.tutor_email);
  if (in.kind == "service_civique" && tutor_email.empty())
    return Outcome::failure("volunteering.errors.tutor_required", "tutor_email");
  return db_.attempt([&](soci::session& sql) {
    long long user_id = 0;
    sql << "SELECT id FROM users WHERE lower(email) = lower(:e) AND disabled = 0", soci::use(email),
        soci::into(user_id);
    if (!sql.got_data() || user_id == 0) refuse("volunteering.errors.no_account", "email");
    long long tutor_id = 0;
    if (!tutor_email.empty()) {
      sql << "SELECT u.id FROM users u WHERE lower(u.email) = lower(:e) AND u.disabled = 0 AND EXISTS (SELECT 1 "
             "FROM memberships ms WHERE ms.user_id = u.id AND ms.organisation_id = :o AND ms.role <> 'volunteer')",
          soci::use(tutor_email), soci::use(organiser_id), soci::into(tutor_id);
      if (!sql.got_data() || tutor_id == 0) refuse("volunteering.errors.tutor", "tutor_email");
      if (tutor_id == user_id) refuse("volunteering.errors.tutor_self", "tutor_email");
    }
    long long overlapping = count(
        sql,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements WHERE user_id = " + std::to_string(user_id) +
            " AND organiser_id = " + std::to_string(organiser_id) + " AND (ends_on = '' OR ends_on >= '" + from + "')" +
            (to.empty() ? std::string() : " AND starts_on <= '" + to + "'"));
    if (overlapping) refuse("volunteering.errors.already_engaged", "email");
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_volunteer_engagements (organiser_id, user_id, kind, starts_on, ends_on, tutor_id, "
           "weekly_quarters, created_by, created_at) VALUES (:o, :u, :k, :s, :e, :t, :w, :b, :c) RETURNING id",
        soci::use(organiser_id), soci::use(user_id), soci::use(in.kind), soci::use(from), soci::use(to),
        soci::use(tutor_id), soci::use(weekly), soci::use(me.id), soci::use(now), soci::into(id);
    audit_.record(sql, actor, "volunteering.engage", "life_volunteer_engagement:" + std::to_string(id),
                  "user:" + std::to_string(user_id) + " " + in.kind);
    return Outcome::success(id);
  });
}

Outcome Service::create_mission(const Actor& actor, const Principal& me, const MissionInput& in) {
  long long organiser_id = web::parse_id(trim(in.organiser));
  if (organiser_id <= 0 || !may_manage(me, organiser_id))
    return Outcome::failure("volunteering.errors.organiser", "organiser");
  std::string title = trim(in.title);
  if (title.empty()) return Outcome::failure("volunteering.errors.title", "title");
  if (title.size() > 200) return Outcome::failure("volunteering.errors.title_long", "title");
  if (std::find(mission_kinds().begin(), mission_kinds().end(), in.kind) == mission_kinds().end())
    return Outcome::failure("volunteering.errors.mission_kind", "kind");
  long long place_id = 0;
  if (!trim(in.place).empty()) {
    place_id = web::parse_id(trim(in.place));
    if (place_id <= 0) return Outcome::failure("volunteering.errors.place", "place");
  }
  if (in.kind == "permanence" && place_id == 0) return Outcome::failure("volunteering.errors.place_required", "place");
  std::string from = valid_day(in.starts_on), to = valid_day(in.ends_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "starts_on");
  if (to.empty()) return Outcome::failure("volunteering.errors.day", "ends_on");
  if (to < from) return Outcome::failure("volunteering.errors.period_order", "ends_on");
  std::string p = trim(in.places);
  if (p.empty() || p.size() > 4 || p.find_first_not_of("0123456789") != std::string::npos || std::stoll(p) < 1 ||
      std::stoll(p) > 1000)
    return Outcome::failure("volunteering.errors.places", "places");
  long long places = std::stoll(p);
  std::string recurrence = trim(in.recurrence), description = trim(in.description);
  if (recurrence.size() > 300) return Outcome::failure("volunteering.errors.recurrence_long", "recurrence");
  if (description.size() > 4000) return Outcome::failure("volunteering.errors.description_long", "description");
  return db_.attempt([&](soci::session& sql) {
    if (place_id && !count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE status = 'active' AND id = " +
                                    std::to_string(place_id)))
      refuse("volunteering.errors.place", "place");
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_volunteer_missions (organiser_id, title, kind, place_id, description, starts_on, ends_on, "
           "recurrence, places, assigned_count, created_by, created_at, updated_at) VALUES (:o, :t, :k, :p, :d, :s, "
           ":e, :r, :n, 0, :b, :c, :u) RETURNING id",
        soci::use(organiser_id), soci::use(title), soci::use(in.kind), soci::use(place_id), soci::use(description),
        soci::use(from), soci::use(to), soci::use(recurrence), soci::use(places), soci::use(me.id), soci::use(now),
        soci::use(now), soci::into(id);
    audit_.record(sql, actor, "volunteering.mission.create", "life_volunteer_mission:" + std::to_string(id), title);
    return Outcome::success(id);
  });
}

std::optional<MissionView> Service::mission(const Principal& me, long long mission_id) {
  return db_.read([&](soci::session& sql) -> std::optional<MissionView> {
    auto m = find_mission(sql, mission_id);
    if (!m || !may_manage(me, m->organiser_id)) return std::nullopt;
    MissionView v;
    v.mission = *m;
    Assignment a;
    soci::statement st =
        (sql.prepare << "SELECT a.id, a.mission_id, a.user_id, u.name, a.status, a.applied_at, a.assigned_at FROM "
                        "life_volunteer_assignments a JOIN users u ON u.id = a.user_id WHERE a.mission_id = " +
                            std::to_string(mission_id) + " ORDER BY a.status DESC, u.name, a.id",
         soci::into(a.id), soci::into(a.mission_id), soci::into(a.user_id), soci::into(a.user_name),
         soci::into(a.status), soci::into(a.applied_at), soci::into(a.assigned_at));
    st.execute();
    while (st.fetch()) v.people.push_back(a);
    Choice c;
    soci::statement cands =
        (sql.prepare << "SELECT DISTINCT u.id, u.name FROM life_volunteer_engagements e JOIN users u ON u.id = "
                        "e.user_id WHERE e.organiser_id = " +
                            std::to_string(m->organiser_id) + " AND (e.ends_on = '' OR e.ends_on >= '" + m->starts_on +
                            "') AND NOT EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = " +
                            std::to_string(mission_id) +
                            " AND a.user_id = u.id AND a.status = 'assigned') ORDER BY u.name LIMIT 500",
         soci::into(c.id), soci::into(c.name));
    cands.execute();
    while (cands.fetch()) v.candidates.push_back(c);
    return v;
  });
}

Outcome Service::assign(const Actor& actor, const Principal& me, long long mission_id, long long user_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = find_mission(sql, mission_id);
    if (!m || !may_manage(me, m->organiser_id)) roll_back(Outcome::not_found());
    if (user_id <= 0) refuse("volunteering.errors.person", "person");
    long long engaged =
        count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_engagements WHERE user_id = " +
                       std::to_string(user_id) + " AND organiser_id = " + std::to_string(m->organiser_id) +
                       " AND (ends_on = '' OR ends_on >= '" + m->starts_on + "')");
    if (!engaged) refuse("volunteering.errors.not_engaged", "person");
    // Holds the mission's row: concurrent assignments are counted one after the other.
    long long now = store::now_seconds();
    sql << "UPDATE life_volunteer_missions SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(mission_id);
    std::string mid = std::to_string(mission_id), uid = std::to_string(user_id);
    long long taken =
        count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments WHERE mission_id = " + mid +
                       " AND status = 'assigned'");
    std::string status;
    sql << "SELECT status FROM life_volunteer_assignments WHERE mission_id = :m AND user_id = :u",
        soci::use(mission_id), soci::use(user_id), soci::into(status);
    bool exists = sql.got_data();
    if (exists && status == "assigned") roll_back(Outcome::conflict("volunteering.errors.already_assigned", "person"));
    if (taken >= m->places) roll_back(Outcome::conflict("volunteering.errors.full", "person"));
    if (exists)
      sql << "UPDATE life_volunteer_assignments SET status = 'assigned', assigned_by = :b, assigned_at = :n WHERE "
             "mission_id = :m AND user_id = :u",
          soci::use(me.id), soci::use(now), soci::use(mission_id), soci::use(user_id);
    else
      sql << "INSERT INTO life_volunteer_assignments (mission_id, user_id, status, applied_at, assigned_by, "
             "assigned_at) VALUES (:m, :u, 'assigned', 0, :b, :n)",
          soci::use(mission_id), soci::use(user_id), soci::use(me.id), soci::use(now);
    long long after = taken + 1;
    sql << "UPDATE life_volunteer_missions SET assigned_count = :c WHERE id = :id", soci::use(after),
        soci::use(mission_id);
    audit_.record(sql, actor, "volunteering.assign", "life_volunteer_mission:" + mid, "user:" + uid);
    return Outcome::success(mission_id);
  });
}

namespace {
// The hours' row for a decision: 404 when not seen, 403 when it is one's own.
HoursEntry decidable(soci::session& sql, const Principal& me, long long hours_id) {
  auto h = find_hours(sql, hours_id);
  if (!h) roll_back(Outcome::not_found());
  bool manages = Service::may_manage(me, h->organiser_id);
  if (!manages && h->user_id != me.id) roll_back(Outcome::not_found());
  if (h->user_id == me.id) roll_back(Outcome::forbidden("volunteering.errors.own_hours"));
  sql << "UPDATE life_volunteer_hours SET decided_at = decided_at WHERE id = :id", soci::use(hours_id);
  std::string status;
  sql << "SELECT status FROM life_volunteer_hours WHERE id = :id", soci::use(hours_id), soci::into(status);
  if (status != "pending") roll_back(Outcome::conflict("volunteering.errors.already_decided"));
  return *h;
}
}  // namespace

Outcome Service::validate_hours(const Actor& actor, const Principal& me, long long hours_id) {
  return db_.attempt([&](soci::session& sql) {
    decidable(sql, me, hours_id);
    long long now = store::now_seconds();
    sql << "UPDATE life_volunteer_hours SET status = 'validated', decided_by = :b, decided_at = :n WHERE id = :id",
        soci::use(me.id), soci::use(now), soci::use(hours_id);
    audit_.record(sql, actor, "volunteering.hours.validate", "life_volunteer_hours:" + std::to_string(hours_id));
    return Outcome::success(hours_id);
  });
}

Outcome Service::refuse_hours(const Actor& actor, const Principal& me, long long hours_id,
                              const std::string& reason_typed) {
  std::string reason = trim(reason_typed);
  return db_.attempt([&](soci::session& sql) {
    decidable(sql, me, hours_id);
    if (reason.empty()) refuse("volunteering.errors.reason", "reason");
    if (reason.size() > 500) refuse("volunteering.errors.reason_long", "reason");
    long long now = store::now_seconds();
    sql << "UPDATE life_volunteer_hours SET status = 'refused', reason = :r, decided_by = :b, decided_at = :n WHERE "
           "id = :id",
        soci::use(reason), soci::use(me.id), soci::use(now), soci::use(hours_id);
    audit_.record(sql, actor, "volunteering.hours.refuse", "life_volunteer_hours:" + std::to_string(hours_id));
    return Outcome::success(hours_id);
  });
}

std::optional<std::vector<HoursEntry>> Service::validated_hours(const Principal& me, int year) {
  return db_.read([&](soci::session& sql) -> std::optional<std::vector<HoursEntry>> {
    std::string where = managed_clause(me, "m.organiser_id");
    if (where.empty()) return std::nullopt;
    return hours(sql, "WHERE h.status = 'validated' AND substr(h.day, 1, 4) = '" + std::to_string(year) + "' AND " +
                          where + " ORDER BY u.name, h.user_id, h.day, h.id");
  });
}

// ---- Attestation

std::string Service::render_attestation(soci::session& sql, const Engagement& e) {
  std::string title = t("volunteering.attestation.title");
  docs::PdfDocument pdf(title + " — " + e.user_name);
  pdf.set_author(e.organiser_name);
  pdf.set_subject(t("volunteering.kinds." + e.kind));
  pdf.set_language("fr-FR");
  pdf.set_page_label(t("volunteering.attestation.page"));
  pdf.heading(title);
  std::string period = e.ends_on.empty()
                           ? t("volunteering.attestation.since", {{"from", short_french_date(e.starts_on)}})
                           : t("volunteering.attestation.period",
                               {{"from", short_french_date(e.starts_on)}, {"to", short_french_date(e.ends_on)}});
  std::string text = t("volunteering.attestation.statement", {{"organiser", e.organiser_name},
                                                              {"name", e.user_name},
                                                              {"kind", t("volunteering.kinds." + e.kind)},
                                                              {"period", period}});
  if (!e.tutor_name.empty()) text += "\n" + t("volunteering.attestation.tutor", {{"name", e.tutor_name}});
  if (e.weekly_quarters)
    text += "\n" + t("volunteering.attestation.weekly", {{"hours", format_quarters(e.weekly_quarters)}});
  pdf.paragraph(text);

  std::string end = e.ends_on.empty() ? std::string("9999-12-31") : e.ends_on;
  std::string uid = std::to_string(e.user_id), oid = std::to_string(e.organiser_id);
  auto list = missions(sql, "WHERE m.organiser_id = " + oid +
                                " AND EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id AND "
                                "a.user_id = " +
                                uid + " AND a.status = 'assigned') ORDER BY m.starts_on, m.id");
  pdf.subheading(t("volunteering.attestation.missions"));
  if (list.empty()) {
    pdf.paragraph(t("volunteering.attestation.no_missions"));
  } else {
    docs::PdfTable table{{t("volunteering.fields.title"), t("volunteering.fields.kind"), t("volunteering.fields.place"),
                          t("volunteering.fields.period")},
                         {4, 2, 3, 3},
                         {}};
    for (const auto& m : list)
      table.rows.push_back({m.title, t("volunteering.mission_kinds." + m.kind),
                            m.place_name.empty() ? std::string("—") : m.place_name,
                            short_french_date(m.starts_on) + " – " + short_french_date(m.ends_on)});
    pdf.table(table);
  }
  auto validated = hours(sql, "WHERE h.user_id = " + uid + " AND m.organiser_id = " + oid +
                                  " AND h.status = 'validated' AND h.day >= '" + e.starts_on + "' AND h.day <= '" +
                                  end + "' ORDER BY h.day, h.id");
  pdf.subheading(t("volunteering.attestation.hours"));
  if (validated.empty()) {
    pdf.paragraph(t("volunteering.attestation.no_hours"));
  } else {
    std::map<std::pair<std::string, std::string>, long long> by_month;  // (month, mission) → quarters
    long long total = 0;
    for (const auto& h : validated) {
      by_month[{h.day.substr(0, 7), h.mission_title}] += h.quarters;
      total += h.quarters;
    }
    docs::PdfTable table{
        {t("volunteering.fields.month"), t("volunteering.fields.mission"), t("volunteering.fields.hours")},
        {2, 5, 2},
        {}};
    for (const auto& [key, q] : by_month)
      table.rows.push_back({key.first.substr(5, 2) + "/" + key.first.substr(0, 4), key.second, format_quarters(q)});
    pdf.table(table);
    pdf.paragraph(t("volunteering.attestation.total", {{"hours", format_quarters(total)}}));
  }
  pdf.paragraph(t("volunteering.attestation.signed",
                  {{"organiser", e.organiser_name}, {"day", format_local(store::now_seconds(), "%d/%m/%Y")}}));
  return pdf.render();
}

Outcome Service::attestation_pdf(const Principal& me, long long engagement_id, std::string& pdf,
                                 std::string& file_name) {
  return db_.read([&](soci::session& sql) -> Outcome {
    auto e = find_engagement(sql, engagement_id);
    if (!e || !(e->user_id == me.id || (e->tutor_id && e->tutor_id == me.id) || may_manage(me, e->organiser_id)))
      return Outcome::not_found();
    pdf = render_attestation(sql, *e);
    file_name = docs::pdf_file_name({"attestation", e->user_name, e->starts_on});
    return Outcome::success(engagement_id);
  });
}

// ---- Dashboard

std::optional<Assignment> Service::next_assignment(const Principal& me) {
  return db_.read([&](soci::session& sql) -> std::optional<Assignment> {
    auto list =
        missions(sql, "WHERE m.ends_on >= '" + today() +
                          "' AND EXISTS (SELECT 1 FROM life_volunteer_assignments a WHERE a.mission_id = m.id "
                          "AND a.user_id = " +
                          std::to_string(me.id) + " AND a.status = 'assigned') ORDER BY m.starts_on, m.id LIMIT 1");
    if (list.empty()) return std::nullopt;
    Assignment a;
    a.user_id = me.id;
    a.mission_id = list.front().id;
    a.status = "assigned";
    a.mission = list.front();
    return a;
  });
}

long long Service::assigned_missions(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    return count(sql,
                 "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_assignments a JOIN life_volunteer_missions "
                 "m ON m.id = a.mission_id WHERE a.user_id = " +
                     std::to_string(me.id) + " AND a.status = 'assigned' AND m.starts_on <= '" + today() + "'");
  });
}

long long Service::pending_to_validate(const Principal& me) {
  std::string where = managed_clause(me, "m.organiser_id");
  if (where.empty()) return -1;
  return db_.read([&](soci::session& sql) {
    return count(sql,
                 "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_hours h JOIN life_volunteer_missions m ON "
                 "m.id = h.mission_id WHERE h.status = 'pending' AND h.user_id <> " +
                     std::to_string(me.id) + " AND " + where);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::volunteering
