#include "network_life/events/service.hpp"

#include <algorithm>
#include <cctype>

#include "cooperation/meetings/ics.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/row.hpp"
#include "platform/web/app.hpp"
#include "questionnaires/definitions/repository.hpp"
#include "questionnaires/definitions/templates.hpp"

namespace trame::events {

// ---- Pure rules

bool link_open(long long now, long long starts_at, long long ends_at) {
  Date start = local_date(starts_at);
  long long from = day_start(start);
  if (from < 0) return false;
  from = day_start(local_date(from - 12 * 3600));  // midnight of the day before
  long long until = next_day_start(local_date(std::max(starts_at, ends_at)));
  return now >= from && now < until;
}

std::string registration_refusal(const Event& e, long long now) {
  if (e.status == "cancelled") return "events.errors.cancelled";
  if (now >= e.starts_at) return "events.errors.past";
  if (now >= e.closes_at) return "events.errors.closed";
  return "";
}

long long parse_capacity(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long n = std::stoll(text);
  return n >= 1 && n <= kMaxCapacity ? n : -1;
}

bool web_address(const std::string& url) {
  return url.size() <= 500 && plausible_web_address(url);
}

namespace {

constexpr const char* kEventColumns =
    "SELECT e.id, e.organiser_id, COALESCE(o.name, ''), e.kind, k.label, k.for_people_supported, e.title, "
    "e.description, e.starts_at, e.ends_at, e.mode, COALESCE(e.place_id, 0), COALESCE(p.name, ''), "
    "COALESCE(p.address, ''), COALESCE(p.accessibility_note, ''), e.place_detail, e.online_url, e.capacity, "
    "e.closes_at, e.visibility, e.status, e.cancelled_at, e.evaluation_campaign_id, e.sequence, e.created_by, "
    "e.created_at, e.updated_at, "
    "(SELECT COUNT(*) FROM life_event_registrations r WHERE r.event_id = e.id AND r.status = 'registered'), "
    "(SELECT COUNT(*) FROM life_event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') "
    "FROM life_events e JOIN life_event_kinds k ON k.key = e.kind LEFT JOIN organisations o ON o.id = "
    "e.organiser_id LEFT JOIN organisations p ON p.id = e.place_id ";

Event event_of(const soci::row& r) {
  Event e;
  int i = 0;
  e.id = store::as_id(r, i++);
  e.organiser_id = store::as_id(r, i++);
  e.organiser_name = store::as_text(r, i++);
  e.kind = store::as_text(r, i++);
  e.kind_label = store::as_text(r, i++);
  e.for_people_supported = store::as_id(r, i++) != 0;
  e.title = store::as_text(r, i++);
  e.description = store::as_text(r, i++);
  e.starts_at = store::as_id(r, i++);
  e.ends_at = store::as_id(r, i++);
  e.mode = store::as_text(r, i++);
  e.place_id = store::as_id(r, i++);
  e.place_name = store::as_text(r, i++);
  e.place_address = store::as_text(r, i++);
  e.place_accessibility = store::as_text(r, i++);
  e.place_detail = store::as_text(r, i++);
  e.online_url = store::as_text(r, i++);
  e.capacity = store::as_id(r, i++);
  e.closes_at = store::as_id(r, i++);
  e.visibility = store::as_text(r, i++);
  e.status = store::as_text(r, i++);
  e.cancelled_at = store::as_id(r, i++);
  e.evaluation_campaign_id = store::as_id(r, i++);
  e.sequence = store::as_id(r, i++);
  e.created_by = store::as_id(r, i++);
  e.created_at = store::as_id(r, i++);
  e.updated_at = store::as_id(r, i++);
  e.registered = store::as_id(r, i++);
  e.waiting = store::as_id(r, i++);
  return e;
}

constexpr const char* kRegistrationColumns =
    "SELECT r.id, r.event_id, COALESCE(r.user_id, 0), COALESCE(u.name, ''), COALESCE(u.email, ''), "
    "COALESCE(r.beneficiary_id, 0), COALESCE(b.code, ''), r.organisation_id, COALESCE(o.name, ''), "
    "r.registered_by, COALESCE(rb.name, ''), COALESCE(rb.email, ''), r.status, r.attendance, r.created_at, "
    "r.reminded_at FROM life_event_registrations r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN beneficiaries b "
    "ON b.id = r.beneficiary_id LEFT JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users rb ON rb.id = "
    "r.registered_by ";

Registration registration_of(const soci::row& row) {
  Registration r;
  int i = 0;
  r.id = store::as_id(row, i++);
  r.event_id = store::as_id(row, i++);
  r.user_id = store::as_id(row, i++);
  r.user_name = store::as_text(row, i++);
  r.user_email = store::as_text(row, i++);
  r.beneficiary_id = store::as_id(row, i++);
  r.beneficiary_code = store::as_text(row, i++);
  r.organisation_id = store::as_id(row, i++);
  r.organisation_name = store::as_text(row, i++);
  r.registered_by = store::as_id(row, i++);
  r.registered_by_name = store::as_text(row, i++);
  r.registered_by_email = store::as_text(row, i++);
  r.status = store::as_text(row, i++);
  r.attendance = store::as_text(row, i++);
  r.created_at = store::as_id(row, i++);
  r.reminded_at = store::as_id(row, i++);
  return r;
}

bool visible(const Principal* me, const Event& e) {
  return e.visibility == "public" || me != nullptr;
}

std::string subject_of(long long id) {
  return "life_event:" + std::to_string(id);
}

long long scalar(soci::session& sql, const std::string& query, long long id) {
  long long n = 0;
  sql << query, soci::use(id), soci::into(n);
  return n;
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::when(long long starts_at, long long ends_at) const {
  if (local_day(starts_at) == local_day(ends_at))
    return t("events.when.same_day", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                      {"from", format_local(starts_at, "%H:%M")},
                                      {"to", format_local(ends_at, "%H:%M")}});
  return t("events.when.days",
           {{"from", format_local(starts_at, "%d/%m/%Y %H:%M")}, {"to", format_local(ends_at, "%d/%m/%Y %H:%M")}});
}

// ---- Reading

std::optional<Event> Service::find(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kEventColumns) + "WHERE e.id = :id", soci::use(id));
  for (const auto& r : rs) return event_of(r);
  return std::nullopt;
}

std::vector<Registration> Service::registrations(soci::session& sql, long long event_id, bool live_only) const {
  std::vector<Registration> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) + "WHERE r.event_id = :e" +
                          (live_only ? " AND r.status <> 'cancelled'" : "") +
                          " ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, r.id",
       soci::use(event_id));
  long long position = 0;
  for (const auto& row : rs) {
    out.push_back(registration_of(row));
    if (out.back().status == "waiting") out.back().position = ++position;
  }
  return out;
}

std::optional<Registration> Service::registration(soci::session& sql, long long registration_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) + "WHERE r.id = :id", soci::use(registration_id));
  for (const auto& row : rs) return registration_of(row);
  return std::nullopt;
}

std::vector<Kind> Service::kinds() {
  return db_.read([&](soci::session& sql) {
    std::vector<Kind> out;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT key, label, for_people_supported FROM life_event_kinds ORDER BY position, key");
    for (const auto& r : rs) out.push_back({store::as_text(r, 0), store::as_text(r, 1), store::as_id(r, 2) != 0});
    return out;
  });
}

EventPage Service::list(const Principal* me, bool past, const std::string& kind, int page) {
  return db_.read([&](soci::session& sql) {
    long long now = store::now_seconds();
    std::string where = past ? "WHERE e.ends_at <= :now" : "WHERE e.ends_at > :now";
    if (!me) where += " AND e.visibility = 'public'";
    where += " AND (:kind = '' OR e.kind = :kind2)";
    EventPage out;
    sql << "SELECT COUNT(*) FROM life_events e " + where, soci::use(now), soci::use(kind), soci::use(kind),
        soci::into(out.total);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    int offset = (out.page - 1) * kPerPage;
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kEventColumns) + where +
                            (past ? " ORDER BY e.starts_at DESC, e.id DESC" : " ORDER BY e.starts_at, e.id") +
                            " LIMIT " + std::to_string(kPerPage) + " OFFSET " + std::to_string(offset),
         soci::use(now), soci::use(kind), soci::use(kind));
    for (const auto& r : rs) out.items.push_back(event_of(r));
    return out;
  });
}

std::optional<EventView> Service::view(const Principal* me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<EventView> {
    auto e = find(sql, id);
    if (!e || !visible(me, *e)) return std::nullopt;
    EventView v;
    v.event = *e;
    v.manages = me && may_manage(*me, e->organiser_id);
    long long now = store::now_seconds();
    v.refusal = registration_refusal(*e, now);
    auto all = registrations(sql, id, true);
    if (me) {
      for (const auto& r : all) {
        if (r.user_id == me->id) v.self = r;
        else if (r.beneficiary_id && r.registered_by == me->id) v.for_supported.push_back(r);
      }
    }
    if (v.manages) v.all = all;
    v.link_open = e->mode == "online" && e->status == "planned" && link_open(now, e->starts_at, e->ends_at) &&
                  ((v.self && v.self->status == "registered") || v.manages);
    return v;
  });
}

std::vector<Choice> Service::organiser_choices(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    std::vector<Choice> out;
    if (me.is_admin()) {
      soci::rowset<soci::row> rs =
          (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' ORDER BY name LIMIT 2000");
      for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1)});
      return out;
    }
    for (const auto& m : me.memberships)
      if (may_manage(me, m.organisation_id) &&
          std::none_of(out.begin(), out.end(), [&](const Choice& c) { return c.id == m.organisation_id; }))
        out.push_back({m.organisation_id, m.organisation_name});
    return out;
  });
}

std::vector<Choice> Service::places() {
  return db_.read([&](soci::session& sql) {
    std::vector<Choice> out;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' ORDER BY name LIMIT 2000");
    for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1)});
    return out;
  });
}

std::vector<Choice> Service::supported_choices(const Principal& me) {
  auto relais = bookings::Service::own_relais(me);
  if (relais.none()) return {};
  Actor actor{me.id, me.email, ""};
  long long total = 0;
  std::vector<Choice> out;
  for (const auto& b : bookings_.beneficiaries(actor, relais.organisations, true, 1, 500, total))
    out.push_back({b.id, b.code + (b.organisation_name.empty() ? "" : " — " + b.organisation_name)});
  return out;
}

RegistrationPage Service::my_registrations(const Principal& me, int page) {
  return db_.read([&](soci::session& sql) {
    RegistrationPage out;
    long long now = store::now_seconds();
    const std::string where =
        "WHERE r.status <> 'cancelled' AND (r.user_id = :me OR (r.beneficiary_id IS NOT NULL AND r.registered_by = "
        ":me2)) ";
    sql << "SELECT COUNT(*) FROM life_event_registrations r " + where, soci::use(me.id), soci::use(me.id),
        soci::into(out.total);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    std::vector<Registration> regs;
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kRegistrationColumns) + "JOIN life_events ev ON ev.id = r.event_id " + where +
                            "ORDER BY CASE WHEN ev.ends_at > :now THEN 0 ELSE 1 END, CASE WHEN ev.ends_at > :now2 "
                            "THEN ev.starts_at ELSE -ev.starts_at END, r.id LIMIT " +
                            std::to_string(kPerPage) + " OFFSET " + std::to_string((out.page - 1) * kPerPage),
         soci::use(me.id), soci::use(me.id), soci::use(now), soci::use(now));
    for (const auto& row : rs) regs.push_back(registration_of(row));
    for (auto& r : regs) {
      auto e = find(sql, r.event_id);
      if (!e) continue;
      if (r.status == "waiting")
        r.position = 1 + scalar(sql,
                                "SELECT COUNT(*) FROM life_event_registrations w WHERE w.status = 'waiting' AND "
                                "w.event_id = :e AND w.id < " +
                                    std::to_string(r.id),
                                r.event_id);
      out.items.emplace_back(r, *e);
    }
    return out;
  });
}

std::vector<std::pair<Registration, Event>> Service::next_for(const Principal& me, int limit) {
  return db_.read([&](soci::session& sql) {
    std::vector<std::pair<Registration, Event>> out;
    long long now = store::now_seconds();
    std::vector<Registration> regs;
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kRegistrationColumns) +
                            "JOIN life_events ev ON ev.id = r.event_id WHERE r.user_id = :me AND r.status <> "
                            "'cancelled' AND ev.status = 'planned' AND ev.ends_at > :now ORDER BY ev.starts_at LIMIT " +
                            std::to_string(limit),
         soci::use(me.id), soci::use(now));
    for (const auto& row : rs) regs.push_back(registration_of(row));
    for (const auto& r : regs)
      if (auto e = find(sql, r.event_id)) out.emplace_back(r, *e);
    return out;
  });
}

// ---- Managers

Outcome Service::validate(soci::session& sql, const Principal& me, const EventInput& in, Event& e,
                          bool creating) const {
  if (creating) {
    e.organiser_id = web::parse_id(trim(in.organiser));
    if (e.organiser_id <= 0 || !may_manage(me, e.organiser_id))
      return Outcome::failure("events.errors.organiser", "organiser");
    long long exists = 0;
    sql << "SELECT COUNT(*) FROM organisations WHERE id = :id AND status = 'active'", soci::use(e.organiser_id),
        soci::into(exists);
    if (!exists) return Outcome::failure("events.errors.organiser", "organiser");
  }
  e.kind = trim(in.kind);
  long long kind_ok = 0;
  sql << "SELECT COUNT(*) FROM life_event_kinds WHERE key = :k", soci::use(e.kind), soci::into(kind_ok);
  if (!kind_ok) return Outcome::failure("events.errors.kind", "kind");
  e.title = trim(in.title);
  if (e.title.empty()) return Outcome::failure("events.errors.title", "title");
  if (code_points(e.title) > 200) return Outcome::failure("events.errors.title_long", "title");
  e.description = trim(in.description);
  if (code_points(e.description) > 5000) return Outcome::failure("events.errors.description_long", "description");
  e.starts_at = parse_local(trim(in.starts));
  if (e.starts_at < 0) return Outcome::failure("events.errors.starts", "starts");
  e.ends_at = parse_local(trim(in.ends));
  if (e.ends_at < 0) return Outcome::failure("events.errors.ends", "ends");
  if (e.ends_at <= e.starts_at) return Outcome::failure("events.errors.end_before_start", "ends");
  if (e.ends_at - e.starts_at > 3 * kDay) return Outcome::failure("events.errors.too_long", "ends");
  e.mode = trim(in.mode);
  if (e.mode != "in_person" && e.mode != "online") return Outcome::failure("events.errors.mode", "mode");
  e.place_detail = trim(in.place_detail);
  if (code_points(e.place_detail) > 300) return Outcome::failure("events.errors.place_detail", "place_detail");
  e.online_url = trim(in.online_url);
  e.place_id = 0;
  if (e.mode == "in_person") {
    e.place_id = web::parse_id(trim(in.place));
    long long exists = 0;
    if (e.place_id > 0)
      sql << "SELECT COUNT(*) FROM organisations WHERE id = :id AND status = 'active'", soci::use(e.place_id),
          soci::into(exists);
    if (!exists) return Outcome::failure("events.errors.place", "place");
    e.online_url.clear();
  } else {
    if (!web_address(e.online_url)) return Outcome::failure("events.errors.online_url", "online_url");
  }
  e.capacity = parse_capacity(trim(in.capacity));
  if (e.capacity < 0) return Outcome::failure("events.errors.capacity", "capacity");
  std::string closes = trim(in.closes);
  e.closes_at = closes.empty() ? e.starts_at : parse_local(closes);
  if (e.closes_at < 0) return Outcome::failure("events.errors.closes", "closes");
  if (e.closes_at > e.starts_at) return Outcome::failure("events.errors.closes_after_start", "closes");
  e.visibility = trim(in.visibility);
  if (e.visibility != "network" && e.visibility != "public")
    return Outcome::failure("events.errors.visibility", "visibility");
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const Principal& me, const EventInput& in) {
  if (!manages_somewhere(me)) return Outcome::forbidden("events.errors.managers_only");
  return db_.attempt([&](soci::session& sql) {
    Event e;
    if (auto bad = validate(sql, me, in, e, true); !bad.ok) roll_back(bad);
    long long now = store::now_seconds();
    if (e.starts_at <= now) refuse("events.errors.starts_past", "starts");
    soci::indicator place_ind = e.place_id ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO life_events (organiser_id, kind, title, description, starts_at, ends_at, mode, place_id, "
           "place_detail, online_url, capacity, closes_at, visibility, created_by, created_at, updated_at) VALUES "
           "(:o, :k, :t, :d, :s, :e, :m, :p, :pd, :u, :c, :cl, :v, :by, :n, :n2) RETURNING id",
        soci::use(e.organiser_id), soci::use(e.kind), soci::use(e.title), soci::use(e.description),
        soci::use(e.starts_at), soci::use(e.ends_at), soci::use(e.mode), soci::use(e.place_id, place_ind),
        soci::use(e.place_detail), soci::use(e.online_url), soci::use(e.capacity), soci::use(e.closes_at),
        soci::use(e.visibility), soci::use(me.id), soci::use(now), soci::use(now), soci::into(e.id);
    audit_.record(sql, actor, "events.create", subject_of(e.id), e.kind + " " + e.title);
    return Outcome::success(e.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const EventInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto old = find(sql, id);
    if (!old) roll_back(Outcome::not_found());
    if (!may_manage(me, old->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    sql << "UPDATE life_events SET updated_at = updated_at WHERE id = :id", soci::use(id);
    old = find(sql, id);
    if (old->status != "planned") roll_back(Outcome::conflict("events.errors.cancelled"));
    Event e = *old;
    if (auto bad = validate(sql, me, in, e, false); !bad.ok) roll_back(bad);
    long long now = store::now_seconds();
    if (e.capacity < old->registered) refuse("events.errors.capacity_below", "capacity");
    bool moved = e.starts_at != old->starts_at || e.ends_at != old->ends_at || e.place_id != old->place_id ||
                 e.title != old->title || e.online_url != old->online_url;
    if (moved) e.sequence = old->sequence + 1;
    soci::indicator place_ind = e.place_id ? soci::i_ok : soci::i_null;
    sql << "UPDATE life_events SET kind = :k, title = :t, description = :d, starts_at = :s, ends_at = :e, mode = :m, "
           "place_id = :p, place_detail = :pd, online_url = :u, capacity = :c, closes_at = :cl, visibility = :v, "
           "sequence = :q, updated_at = :n WHERE id = :id",
        soci::use(e.kind), soci::use(e.title), soci::use(e.description), soci::use(e.starts_at), soci::use(e.ends_at),
        soci::use(e.mode), soci::use(e.place_id, place_ind), soci::use(e.place_detail), soci::use(e.online_url),
        soci::use(e.capacity), soci::use(e.closes_at), soci::use(e.visibility), soci::use(e.sequence), soci::use(now),
        soci::use(id);
    e = *find(sql, id);
    if (moved)
      for (const auto& r : registrations(sql, id, true)) notify(sql, e, r, "updated", now, r.status == "registered");
    long long promoted = promote(sql, actor, e, now);
    audit_.record(sql, actor, "events.update", subject_of(id),
                  e.title + (promoted ? " (" + std::to_string(promoted) + " promotion(s))" : ""));
    return Outcome::success(id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    long long now = store::now_seconds();
    soci::statement st = (sql.prepare << "UPDATE life_events SET status = 'cancelled', cancelled_at = :n, sequence = "
                                         "sequence + 1, updated_at = :n2 WHERE id = :id AND status = 'planned'",
                          soci::use(now), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() != 1) roll_back(Outcome::conflict("events.errors.cancelled"));
    if (e->ends_at <= now) roll_back(Outcome::conflict("events.errors.past"));
    e = find(sql, id);
    long long told = 0;
    for (const auto& r : registrations(sql, id, true)) {
      notify(sql, *e, r, "event_cancelled", now, true);
      ++told;
    }
    audit_.record(sql, actor, "events.cancel", subject_of(id),
                  e->title + " (" + std::to_string(told) + " personne(s) prévenue(s))");
    return Outcome::success(id);
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long id,
                                   const std::map<long long, std::string>& marks) {
  return db_.attempt([&](soci::session& sql) {
    auto e = find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    sql << "UPDATE life_events SET updated_at = updated_at WHERE id = :id", soci::use(id);
    if (e->status == "cancelled") roll_back(Outcome::conflict("events.errors.cancelled"));
    long long now = store::now_seconds();
    if (e->starts_at > now) roll_back(Outcome::conflict("events.errors.not_started", "attendance"));
    auto regs = registrations(sql, id, true);
    long long present = 0, absent = 0, changed = 0;
    for (const auto& entry : marks) {
      const long long reg_id = entry.first;  // a copy: a lambda below reads it
      std::string mark = trim(entry.second);
      if (mark != "" && mark != "present" && mark != "absent") refuse("events.errors.mark", "attendance");
      auto it = std::find_if(regs.begin(), regs.end(), [&](const Registration& r) { return r.id == reg_id; });
      if (it == regs.end() || it->status != "registered") refuse("events.errors.mark_who", "attendance");
      if (mark == "present") ++present;
      if (mark == "absent") ++absent;
      if (mark == it->attendance) continue;
      sql << "UPDATE life_event_registrations SET attendance = :a, attendance_at = :n, updated_at = :n2 WHERE id = :id",
          soci::use(mark), soci::use(now), soci::use(now), soci::use(reg_id);
      ++changed;
      if (mark == "present" && it->user_id) {
        Attended a{id, e->kind, it->user_id, it->organisation_id, local_day(e->starts_at)};
        for (const auto& listener : attended_listeners_) listener(sql, actor, a);
      }
    }
    audit_.record(sql, actor, "events.attendance", subject_of(id),
                  std::to_string(present) + " présent(s), " + std::to_string(absent) + " absent(s), " +
                      std::to_string(changed) + " changement(s)");
    return Outcome::success(id);
  });
}

Outcome Service::send_evaluation(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    sql << "UPDATE life_events SET updated_at = updated_at WHERE id = :id", soci::use(id);
    e = find(sql, id);
    if (e->status == "cancelled") roll_back(Outcome::conflict("events.errors.cancelled"));
    long long now = store::now_seconds();
    if (e->ends_at > now) roll_back(Outcome::conflict("events.errors.evaluation_early"));
    if (e->evaluation_campaign_id) roll_back(Outcome::conflict("events.errors.evaluation_sent"));
    std::vector<campaigns::Recipient> people;
    for (const auto& r : registrations(sql, id, true)) {
      if (r.attendance != "present" || !r.user_id || r.user_email.empty()) continue;
      campaigns::Recipient p;
      p.user_id = r.user_id;
      p.email = r.user_email;
      p.name = r.user_name;
      people.push_back(std::move(p));
    }
    if (people.empty()) roll_back(Outcome::conflict("events.errors.evaluation_nobody"));
    // The organiser's latest published satisfaction questionnaire, else a copy of the library's.
    long long questionnaire = 0;
    {
      soci::indicator ind = soci::i_null;
      sql << "SELECT MAX(id) FROM questionnaires WHERE organisation_id = :o AND status = 'published' AND kind = "
             "'satisfaction'",
          soci::use(e->organiser_id), soci::into(questionnaire, ind);
      if (ind != soci::i_ok) questionnaire = 0;
    }
    if (!questionnaire) {
      definitions::ensure_templates(sql, now);
      long long source = definitions::template_id(sql, "satisfaction");
      if (!source) roll_back(Outcome::conflict("events.errors.evaluation_template"));
      questionnaire = definitions::copy_questionnaire(sql, source, e->organiser_id, 0, actor.id, now);
      sql << "UPDATE questionnaires SET status = 'published', updated_at = :n WHERE id = :id", soci::use(now),
          soci::use(questionnaire);
      audit_.record(sql, actor, "questionnaires.create", "questionnaire:" + std::to_string(questionnaire),
                    "évaluation d'événement " + std::to_string(id));
    }
    campaigns::Campaign c;
    c.questionnaire_id = questionnaire;
    c.organisation_id = e->organiser_id;
    c.title = t("events.evaluation.campaign_title", {{"title", e->title}});
    if (code_points(c.title) > 200) c.title = t("events.evaluation.campaign_title_short");
    c.audience = "members";
    c.closes_at = local_time(local_date(now + 21 * kDay), "23:59") + 60;
    c.reminder_days = "3,7";
    long long campaign = campaigns_.send_to(sql, actor, c, people, now);
    sql << "UPDATE life_events SET evaluation_campaign_id = :c, updated_at = :n WHERE id = :id", soci::use(campaign),
        soci::use(now), soci::use(id);
    audit_.record(sql, actor, "events.evaluation", subject_of(id),
                  "envoi " + std::to_string(campaign) + ", " + std::to_string(people.size()) + " invitation(s)");
    return Outcome::success(static_cast<long long>(people.size()));
  });
}

// ---- Registering

long long Service::insert_registration(soci::session& sql, const Event& e, const Registration& r, long long now) {
  long long id = 0;
  soci::indicator user_ind = r.user_id ? soci::i_ok : soci::i_null;
  soci::indicator ben_ind = r.beneficiary_id ? soci::i_ok : soci::i_null;
  // The status by a conditional count of the places taken, inside the INSERT (the event's row is held).
  // A registration made inside the reminder's window counts as reminded (its confirmation has the ICS).
  long long reminded = reminder_due(now, e.starts_at) ? now : 0;
  sql << "INSERT INTO life_event_registrations (event_id, user_id, beneficiary_id, organisation_id, registered_by, "
         "status, reminded_at, created_at, updated_at) VALUES (:e, :u, :b, :o, :by, CASE WHEN (SELECT COUNT(*) FROM "
         "life_event_registrations WHERE event_id = :e2 AND status = 'registered') < :cap THEN 'registered' ELSE "
         "'waiting' END, :rem, :n, :n2) RETURNING id",
      soci::use(e.id), soci::use(r.user_id, user_ind), soci::use(r.beneficiary_id, ben_ind),
      soci::use(r.organisation_id), soci::use(r.registered_by), soci::use(e.id), soci::use(e.capacity),
      soci::use(reminded), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

Outcome Service::register_one(const Actor& actor, const Principal& me, long long id, Registration r) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto e = find(sql, id);
      if (!e || !visible(&me, *e)) roll_back(Outcome::not_found());
      // Hold the event's row: registrations of one event are made one after the other.
      sql << "UPDATE life_events SET updated_at = updated_at WHERE id = :id", soci::use(id);
      e = find(sql, id);
      long long now = store::now_seconds();
      if (auto why = registration_refusal(*e, now); !why.empty()) roll_back(Outcome::conflict(why));
      if (r.beneficiary_id) {
        if (!e->for_people_supported) roll_back(Outcome::conflict("events.errors.professionals_only", "beneficiary"));
        if (scalar(sql,
                   "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status <> 'cancelled' AND "
                   "beneficiary_id = " +
                       std::to_string(r.beneficiary_id),
                   id))
          roll_back(Outcome::conflict("events.errors.twice_supported", "beneficiary"));
      } else {
        if (e->for_people_supported) roll_back(Outcome::conflict("events.errors.supported_only"));
        if (scalar(sql,
                   "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status <> 'cancelled' AND "
                   "user_id = " +
                       std::to_string(r.user_id),
                   id))
          roll_back(Outcome::conflict("events.errors.twice"));
      }
      r.event_id = id;
      r.registered_by = me.id;
      r.id = insert_registration(sql, *e, r, now);
      auto made = registration(sql, r.id);
      notify(sql, *e, *made, made->status == "registered" ? "confirmed" : "waiting", now, made->status == "registered");
      audit_.record(sql, actor, "events.register", subject_of(id),
                    "inscription " + std::to_string(r.id) + " : " + made->status +
                        (made->beneficiary_code.empty() ? "" : " (" + made->beneficiary_code + ")"));
      return Outcome::success(made->status == "registered" ? 1 : 2);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex))
      return Outcome::conflict(r.beneficiary_id ? "events.errors.twice_supported" : "events.errors.twice");
    throw;
  }
}

Outcome Service::register_self(const Actor& actor, const Principal& me, long long id, const std::string& organisation) {
  Registration r;
  r.user_id = me.id;
  long long wanted = web::parse_id(trim(organisation));
  for (const auto& m : me.memberships)
    if (m.organisation_id == wanted || (wanted <= 0 && !r.organisation_id)) r.organisation_id = m.organisation_id;
  if (!r.organisation_id) {
    bool exists = db_.read([&](soci::session& sql) {
      auto e = find(sql, id);
      return e && visible(&me, *e);
    });
    if (!exists) return Outcome::not_found();
    return Outcome::failure("events.errors.organisation", "organisation");
  }
  return register_one(actor, me, id, r);
}

Outcome Service::register_supported(const Actor& actor, const Principal& me, long long id,
                                    const std::string& beneficiary) {
  bool exists = db_.read([&](soci::session& sql) {
    auto e = find(sql, id);
    return e && visible(&me, *e);
  });
  if (!exists) return Outcome::not_found();
  auto relais = bookings::Service::own_relais(me);
  if (relais.none()) return Outcome::forbidden("events.errors.referents_only");
  long long bid = web::parse_id(trim(beneficiary));
  auto b = bid > 0 ? bookings_.find_beneficiary(bid) : std::nullopt;
  if (!b || b->status != "active" || !relais.covers(b->organisation_id))
    return Outcome::failure("events.errors.beneficiary", "beneficiary");
  Registration r;
  r.beneficiary_id = b->id;
  r.organisation_id = b->organisation_id;
  return register_one(actor, me, id, r);
}

long long Service::promote(soci::session& sql, const Actor& actor, const Event& e, long long now) {
  long long promoted = 0;
  if (e.status != "planned" || e.starts_at <= now) return 0;
  for (;;) {
    long long registered = scalar(
        sql, "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status = 'registered'", e.id);
    if (registered >= e.capacity) break;
    long long next = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MIN(id) FROM life_event_registrations WHERE event_id = :e AND status = 'waiting'", soci::use(e.id),
        soci::into(next, ind);
    if (ind != soci::i_ok || !next) break;
    long long reminded = reminder_due(now, e.starts_at) ? now : 0;
    sql << "UPDATE life_event_registrations SET status = 'registered', promoted_at = :n, reminded_at = :r, updated_at "
           "= :n2 WHERE id = :id AND status = 'waiting'",
        soci::use(now), soci::use(reminded), soci::use(now), soci::use(next);
    auto r = registration(sql, next);
    notify(sql, e, *r, "promoted", now, true);
    audit_.record(sql, actor, "events.promote", subject_of(e.id), "inscription " + std::to_string(next));
    ++promoted;
  }
  return promoted;
}

Outcome Service::cancel_registration(const Actor& actor, const Principal& me, long long id, long long registration_id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = find(sql, id);
    auto r = e && visible(&me, *e) ? registration(sql, registration_id) : std::nullopt;
    if (!r || r->event_id != id) roll_back(Outcome::not_found());
    bool allowed = r->user_id == me.id || r->registered_by == me.id || may_manage(me, e->organiser_id) ||
                   (r->beneficiary_id && bookings::Service::own_relais(me).covers(r->organisation_id));
    if (!allowed) roll_back(Outcome::not_found());
    sql << "UPDATE life_events SET updated_at = updated_at WHERE id = :id", soci::use(id);
    long long now = store::now_seconds();
    if (e->starts_at <= now) roll_back(Outcome::conflict("events.errors.past_cancel"));
    soci::statement st =
        (sql.prepare << "UPDATE life_event_registrations SET status = 'cancelled', cancelled_at = :n, updated_at = "
                        ":n2 WHERE id = :id AND status <> 'cancelled'",
         soci::use(now), soci::use(now), soci::use(registration_id));
    st.execute(true);
    if (st.get_affected_rows() != 1) roll_back(Outcome::conflict("events.errors.already_cancelled"));
    r->status = "cancelled";
    notify(sql, *e, *r, "registration_cancelled", now, false);
    e = find(sql, id);
    long long promoted = promote(sql, actor, *e, now);
    audit_.record(sql, actor, "events.unregister", subject_of(id),
                  "inscription " + std::to_string(registration_id) +
                      (promoted ? ", " + std::to_string(promoted) + " promotion(s)" : ""));
    return Outcome::success(registration_id);
  });
}

Outcome Service::online_link(const Principal& me, long long id, std::string& url) {
  return db_.read([&](soci::session& sql) -> Outcome {
    auto e = find(sql, id);
    if (!e || !visible(&me, *e)) return Outcome::not_found();
    if (e->mode != "online") return Outcome::not_found();
    if (e->status == "cancelled") return Outcome::gone("events.errors.cancelled");
    bool manages = may_manage(me, e->organiser_id);
    long long registered = scalar(sql,
                                  "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status = "
                                  "'registered' AND user_id = " +
                                      std::to_string(me.id),
                                  id);
    if (!registered && !manages) return Outcome::forbidden("events.errors.link_registered_only");
    if (!manages && !link_open(store::now_seconds(), e->starts_at, e->ends_at))
      return Outcome::forbidden("events.errors.link_not_yet");
    url = e->online_url;
    return Outcome::success(id);
  });
}

// ---- E-mails

void Service::notify(soci::session& sql, const Event& e, const Registration& r, const std::string& kind, long long now,
                     bool ics) {
  std::string to = r.user_id ? r.user_email : r.registered_by_email;
  if (to.empty()) return;
  std::string where = e.mode == "online" ? t("events.mail.online")
                                         : e.place_name + (e.place_address.empty() ? "" : ", " + e.place_address) +
                                               (e.place_detail.empty() ? "" : " (" + e.place_detail + ")");
  std::string url = public_url_ + "/evenements/" + std::to_string(e.id);
  web::Params p = {{"title", e.title},
                   {"when", when(e.starts_at, e.ends_at)},
                   {"where", where},
                   {"url", url},
                   {"organiser", e.organiser_name},
                   {"who", r.beneficiary_code.empty() ? t("events.mail.you") : r.beneficiary_code}};
  std::string subject = t("events.mail." + kind + ".subject", p);
  std::string body = t("events.mail." + kind + ".body", p);
  if (!ics) {
    mail_.enqueue(sql, to, subject, body);
    return;
  }
  bool cancel = kind == "event_cancelled";
  meetings::CalendarInvite inv;
  inv.uid = meetings::meeting_uid(e.id, public_url_);
  inv.uid.replace(0, std::string("cooperation-meeting-").size(), "network-event-");
  if (r.beneficiary_id) inv.uid = "b" + std::to_string(r.beneficiary_id) + "-" + inv.uid;
  inv.starts_at = e.starts_at;
  inv.ends_at = e.ends_at;
  inv.stamp = now;
  inv.sequence = e.sequence;
  inv.summary = e.title;
  inv.description = t("events.mail.ics_description", p);
  inv.location = e.mode == "online" ? url : where;
  inv.url = url;
  inv.organizer_name = e.organiser_name;
  {
    soci::indicator ind = soci::i_null;
    std::string email;
    sql << "SELECT email FROM users WHERE id = :id", soci::use(e.created_by), soci::into(email, ind);
    if (ind == soci::i_ok) inv.organizer_email = email;
  }
  inv.attendee_name = r.user_id ? r.user_name : r.registered_by_name;
  inv.attendee_email = to;
  inv.cancel = cancel;
  mail::Attachment file{cancel ? "annulation.ics" : "evenement.ics", meetings::invitation_content_type(cancel),
                        meetings::invitation_ics(inv)};
  mail_.enqueue(sql, to, subject, body, file);
}

long long Service::run_due(long long now) {
  // The reminder, two days before: each live registered person once (claimed by a conditional UPDATE).
  std::vector<long long> due = db_.read([&](soci::session& sql) {
    std::vector<long long> ids;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT r.id FROM life_event_registrations r JOIN life_events e ON e.id = r.event_id WHERE "
                        "r.status = 'registered' AND r.reminded_at = 0 AND e.status = 'planned' AND e.starts_at > :n "
                        "AND e.starts_at <= :limit ORDER BY r.id LIMIT 500",
         soci::use(now), soci::use(now + kReminderBefore));
    for (const auto& r : rs) ids.push_back(store::as_id(r, 0));
    return ids;
  });
  long long done = 0;
  for (long long id : due) {
    done += db_.write([&](soci::session& sql) -> long long {
      soci::statement st = (sql.prepare << "UPDATE life_event_registrations SET reminded_at = :n WHERE id = :id AND "
                                           "reminded_at = 0 AND status = 'registered'",
                            soci::use(now), soci::use(id));
      st.execute(true);
      if (st.get_affected_rows() != 1) return 0;
      auto r = registration(sql, id);
      auto e = r ? find(sql, r->event_id) : std::nullopt;
      if (!e) return 0;
      notify(sql, *e, *r, "reminder", now, true);
      return 1;
    });
  }
  return done;
}

}  // namespace trame::events
