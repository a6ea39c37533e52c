#include "network_life/support_requests/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/app.hpp"

namespace trame::support_requests {

// ------------------------------------------------------------------------------------------ rules

const std::vector<std::string>& outcomes() {
  static const std::vector<std::string> list = {"set_up", "improved", "redirected", "no_follow_up"};
  return list;
}

bool is_outcome(const std::string& value) {
  const auto& l = outcomes();
  return std::find(l.begin(), l.end(), value) != l.end();
}

Outcome check_request(const RequestInput& in) {
  std::string subject = trim(in.subject), context = trim(in.context), period = trim(in.wished_period);
  if (subject.empty()) return Outcome::failure("support_requests.errors.subject", "subject");
  if (code_points(subject) > kSubjectMax) return Outcome::failure("support_requests.errors.subject_long", "subject");
  if (context.empty()) return Outcome::failure("support_requests.errors.context", "context");
  if (code_points(context) > kTextMax) return Outcome::failure("support_requests.errors.context_long", "context");
  if (code_points(trim(in.audience)) > kTextMax)
    return Outcome::failure("support_requests.errors.audience_long", "audience");
  if (period.empty()) return Outcome::failure("support_requests.errors.period", "wished_period");
  if (code_points(period) > kShortMax) return Outcome::failure("support_requests.errors.period_long", "wished_period");
  return Outcome::success();
}

Outcome check_appointment(const AppointmentInput& in, long long& at) {
  at = parse_local(trim(in.when));
  if (at <= 0) return Outcome::failure("support_requests.errors.when", "when");
  std::string place = trim(in.place);
  if (place.empty() && !in.online) return Outcome::failure("support_requests.errors.place", "place");
  if (code_points(place) > kShortMax) return Outcome::failure("support_requests.errors.place_long", "place");
  return Outcome::success();
}

Outcome check_closing(const std::string& outcome, const std::string& summary) {
  if (!is_outcome(outcome)) return Outcome::failure("support_requests.errors.outcome", "outcome");
  std::string s = trim(summary);
  if (s.empty()) return Outcome::failure("support_requests.errors.summary", "summary");
  if (code_points(s) > kSummaryMax) return Outcome::failure("support_requests.errors.summary_long", "summary");
  return Outcome::success();
}

namespace {

std::string ids_list(const std::vector<long long>& ids) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out.empty() ? "0" : out;
}

// Roles granting network_life.manage within their organisation, as an SQL list.
std::string manager_roles() {
  std::string out;
  for (const auto& r : all_roles())
    if (role_grants(r, perm::network_life_manage) && !role_is_global(r)) out += (out.empty() ? "'" : ",'") + r + "'";
  return out.empty() ? "''" : out;
}

const char* kSelect =
    "SELECT r.id, r.organiser_id, g.name, r.relais_id, s.name, r.requested_by, u.name, r.subject, r.context, "
    "r.audience, r.wished_period, r.status, r.appointment_at, r.appointment_place, r.appointment_online, r.notes, "
    "r.outcome, r.summary, r.created_at, r.updated_at, r.closed_at FROM life_support_requests r "
    "JOIN organisations g ON g.id = r.organiser_id JOIN organisations s ON s.id = r.relais_id "
    "JOIN users u ON u.id = r.requested_by ";

struct Row {
  Request r;
  long long online = 0;
};

std::vector<Request> select_requests(soci::session& sql, const std::string& where, long long limit, long long offset) {
  Row x;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + where + " LIMIT :l OFFSET :f", soci::use(limit), soci::use(offset),
       soci::into(x.r.id), soci::into(x.r.organiser_id), soci::into(x.r.organiser_name), soci::into(x.r.relais_id),
       soci::into(x.r.relais_name), soci::into(x.r.requested_by), soci::into(x.r.requested_by_name),
       soci::into(x.r.subject), soci::into(x.r.context), soci::into(x.r.audience), soci::into(x.r.wished_period),
       soci::into(x.r.status), soci::into(x.r.appointment_at), soci::into(x.r.appointment_place), soci::into(x.online),
       soci::into(x.r.notes), soci::into(x.r.outcome), soci::into(x.r.summary), soci::into(x.r.created_at),
       soci::into(x.r.updated_at), soci::into(x.r.closed_at));
  st.execute();
  std::vector<Request> out;
  while (st.fetch()) {
    x.r.appointment_online = x.online != 0;
    out.push_back(x.r);
  }
  return out;
}

std::optional<Request> find(soci::session& sql, long long id) {
  auto rows = select_requests(sql, "WHERE r.id = " + std::to_string(id), 1, 0);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool member_of(const Principal& me, long long organisation_id) {
  return std::any_of(me.memberships.begin(), me.memberships.end(),
                     [&](const Membership& m) { return m.organisation_id == organisation_id; });
}

// Whom the person sees: their organisations' requests and the ones they manage.
std::string visible_where(const Principal& me) {
  if (me.is_admin()) return "1=1";
  std::vector<long long> mine;
  for (const auto& m : me.memberships) mine.push_back(m.organisation_id);
  ActingFor managed = me.acting_for(perm::network_life_manage);
  if (managed.all) return "1=1";
  return "(r.relais_id IN (" + ids_list(mine) + ") OR r.organiser_id IN (" + ids_list(managed.organisations) + "))";
}

}  // namespace

// ------------------------------------------------------------------------------------------ reads

std::vector<Choice> Service::structures_of(const Principal& me) {
  std::vector<long long> mine;
  for (const auto& m : me.memberships) mine.push_back(m.organisation_id);
  if (mine.empty()) return {};
  return db_.read([&](soci::session& sql) {
    std::vector<Choice> out;
    Choice c;
    soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.kind = 'social' "
                                         "AND o.status = 'active' AND o.id IN (" +
                                             ids_list(mine) + ") ORDER BY lower(o.name), o.id",
                          soci::into(c.id), soci::into(c.name));
    st.execute();
    while (st.fetch()) out.push_back(c);
    return out;
  });
}

std::vector<Choice> Service::organisers() {
  return db_.read([&](soci::session& sql) {
    std::vector<Choice> out;
    Choice c;
    soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.status = 'active' AND "
                                         "EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND "
                                         "m.role IN (" +
                                             manager_roles() + ")) ORDER BY lower(o.name), o.id",
                          soci::into(c.id), soci::into(c.name));
    st.execute();
    while (st.fetch()) out.push_back(c);
    return out;
  });
}

long long Service::default_organiser() {
  return db_.read([&](soci::session& sql) {
    std::string name = store::setting(sql, kOrganiserSetting);
    if (name.empty()) name = kDefaultOrganiser;
    long long id = 0;
    sql << "SELECT id FROM organisations WHERE lower(name) = lower(:n)", soci::use(name), soci::into(id);
    return sql.got_data() ? id : 0LL;
  });
}

RequestPage Service::list(const Principal& me, long long page) {
  std::string where = "WHERE " + visible_where(me);
  return db_.read([&](soci::session& sql) {
    RequestPage out;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_support_requests r " + where, soci::into(out.total);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    out.items = select_requests(sql, where + " ORDER BY r.created_at DESC, r.id DESC", kPerPage, offset);
    for (auto& r : out.items)
      if (!may_manage(me, r.organiser_id)) r.notes.clear();
    return out;
  });
}

RequestPage Service::open_managed(const Principal& me, long long limit) {
  RequestPage out;
  std::string scope;
  if (me.is_admin()) {
    scope = "1=1";
  } else {
    ActingFor managed = me.acting_for(perm::network_life_manage);
    if (managed.none()) return out;
    scope = managed.all ? "1=1" : "r.organiser_id IN (" + ids_list(managed.organisations) + ")";
  }
  std::string where = "WHERE r.status <> 'closed' AND " + scope;
  return db_.read([&](soci::session& sql) {
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_support_requests r " + where, soci::into(out.total);
    out.items = select_requests(sql, where + " ORDER BY r.created_at, r.id", limit, 0);
    return out;
  });
}

std::optional<View> Service::view(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<View> {
    auto r = find(sql, id);
    if (!r) return std::nullopt;
    View v;
    v.manages = may_manage(me, r->organiser_id);
    if (!v.manages && !member_of(me, r->relais_id)) return std::nullopt;
    v.request = *r;
    if (!v.manages) v.request.notes.clear();
    Followup f;
    soci::statement st = (sql.prepare << "SELECT f.body, u.name, f.written_at FROM life_support_followups f "
                                         "JOIN users u ON u.id = f.written_by WHERE f.request_id = :r "
                                         "ORDER BY f.written_at, f.id LIMIT 500",
                          soci::use(id), soci::into(f.body), soci::into(f.name), soci::into(f.written_at));
    st.execute();
    while (st.fetch()) v.followups.push_back(f);
    return v;
  });
}

// ----------------------------------------------------------------------------------------- writes

Outcome Service::create(const Actor& actor, const Principal& me, const RequestInput& in) {
  auto structures = structures_of(me);
  if (structures.empty()) return Outcome::forbidden();
  long long relais =
      structures.size() == 1 && trim(in.relais).empty() ? structures.front().id : web::parse_id(trim(in.relais));
  if (std::none_of(structures.begin(), structures.end(), [&](const Choice& c) { return c.id == relais; }))
    return Outcome::failure("support_requests.errors.relais", "relais");
  long long organiser = web::parse_id(trim(in.organiser));
  auto orgs = organisers();
  if (std::none_of(orgs.begin(), orgs.end(), [&](const Choice& c) { return c.id == organiser; }))
    return Outcome::failure("support_requests.errors.organiser", "organiser");
  Outcome checked = check_request(in);
  if (!checked.ok) return checked;
  std::string subject = trim(in.subject), context = trim(in.context), audience = trim(in.audience),
              period = trim(in.wished_period);
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds(), id = 0;
    sql << "INSERT INTO life_support_requests (organiser_id, relais_id, subject, context, audience, wished_period, "
           "requested_by, created_at, updated_at) VALUES (:g, :s, :t, :c, :a, :p, :u, :n, :n2) RETURNING id",
        soci::use(organiser), soci::use(relais), soci::use(subject), soci::use(context), soci::use(audience),
        soci::use(period), soci::use(actor.id), soci::use(now), soci::use(now), soci::into(id);
    audit_.record(sql, actor, "support_request.created", "support_request:" + std::to_string(id), subject);
    // The organiser's coordinators are told.
    std::string email, relais_name;
    sql << "SELECT name FROM organisations WHERE id = :id", soci::use(relais), soci::into(relais_name);
    soci::statement st = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                                         "WHERE m.organisation_id = :o AND u.disabled = 0 AND m.role IN (" +
                                             manager_roles() + ") ORDER BY u.email LIMIT 20",
                          soci::use(organiser), soci::into(email));
    st.execute();
    std::string url = public_url_ + "/evenements/accompagnements/" + std::to_string(id);
    while (st.fetch())
      mail_.enqueue(sql, email, t("support_requests.mail.new_subject", {{"relais", relais_name}}),
                    t("support_requests.mail.new_body", {{"relais", relais_name}, {"subject", subject}, {"url", url}}));
    return Outcome::success(id);
  });
}

Request Service::managed(soci::session& sql, const Principal& me, long long id, bool open) {
  // Takes the row's lock first: two coordinators closing at once are serialised (the second sees it closed).
  sql << "UPDATE life_support_requests SET updated_at = updated_at WHERE id = :id", soci::use(id);
  auto r = find(sql, id);
  if (!r || (!may_manage(me, r->organiser_id) && !member_of(me, r->relais_id))) roll_back(Outcome::not_found());
  if (!may_manage(me, r->organiser_id)) roll_back(Outcome::forbidden());
  if (open && r->status == "closed") roll_back(Outcome::conflict("support_requests.errors.closed"));
  return *r;
}

Outcome Service::schedule(const Actor& actor, const Principal& me, long long id, const AppointmentInput& in) {
  return db_.attempt([&](soci::session& sql) {
    Request r = managed(sql, me, id, true);
    long long at = 0;
    Outcome checked = check_appointment(in, at);
    if (!checked.ok) roll_back(checked);
    std::string place = trim(in.place);
    long long online = in.online ? 1 : 0, now = store::now_seconds();
    sql << "UPDATE life_support_requests SET status = 'scheduled', appointment_at = :a, appointment_place = :p, "
           "appointment_online = :o, updated_at = :n WHERE id = :id AND status <> 'closed'",
        soci::use(at), soci::use(place), soci::use(online), soci::use(now), soci::use(id);
    std::string when = format_local(at, "%d/%m/%Y %H:%M");
    audit_.record(sql, actor, "support_request.scheduled", "support_request:" + std::to_string(id), when);
    std::string email;
    sql << "SELECT email FROM users WHERE id = :u", soci::use(r.requested_by), soci::into(email);
    if (sql.got_data() && !email.empty()) {
      std::string where = place.empty() ? t("support_requests.mail.online") : place;
      if (in.online && !place.empty()) where += " — " + t("support_requests.mail.online");
      mail_.enqueue(sql, email, t("support_requests.mail.appointment_subject", {{"subject", r.subject}}),
                    t("support_requests.mail.appointment_body",
                      {{"subject", r.subject},
                       {"when", when},
                       {"where", where},
                       {"url", public_url_ + "/evenements/accompagnements/" + std::to_string(id)}}));
    }
    return Outcome::success(id);
  });
}

Outcome Service::write_notes(const Actor& actor, const Principal& me, long long id, const std::string& notes_in) {
  return db_.attempt([&](soci::session& sql) {
    managed(sql, me, id, false);
    std::string notes = trim(notes_in);
    if (code_points(notes) > kNotesMax) refuse("support_requests.errors.notes_long", "notes");
    long long now = store::now_seconds();
    sql << "UPDATE life_support_requests SET notes = :t, updated_at = :n WHERE id = :id", soci::use(notes),
        soci::use(now), soci::use(id);
    audit_.record(sql, actor, "support_request.notes", "support_request:" + std::to_string(id),
                  std::to_string(code_points(notes)) + " caractères");
    return Outcome::success(id);
  });
}

Outcome Service::add_followup(const Actor& actor, const Principal& me, long long id, const std::string& body_in) {
  return db_.attempt([&](soci::session& sql) {
    managed(sql, me, id, true);
    std::string body = trim(body_in);
    if (body.empty()) refuse("support_requests.errors.followup", "body");
    if (code_points(body) > kTextMax) refuse("support_requests.errors.followup_long", "body");
    long long now = store::now_seconds();
    sql << "INSERT INTO life_support_followups (request_id, body, written_by, written_at) VALUES (:r, :b, :u, :n)",
        soci::use(id), soci::use(body), soci::use(actor.id), soci::use(now);
    sql << "UPDATE life_support_requests SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(id);
    audit_.record(sql, actor, "support_request.followup", "support_request:" + std::to_string(id), "");
    return Outcome::success(id);
  });
}

Outcome Service::close(const Actor& actor, const Principal& me, long long id, const std::string& outcome,
                       const std::string& summary_in) {
  return db_.attempt([&](soci::session& sql) {
    managed(sql, me, id, true);
    Outcome checked = check_closing(outcome, summary_in);
    if (!checked.ok) roll_back(checked);
    std::string summary = trim(summary_in);
    long long now = store::now_seconds();
    sql << "UPDATE life_support_requests SET status = 'closed', outcome = :o, summary = :s, closed_at = :n, "
           "closed_by = :u, updated_at = :n2 WHERE id = :id AND status <> 'closed'",
        soci::use(outcome), soci::use(summary), soci::use(now), soci::use(actor.id), soci::use(now), soci::use(id);
    audit_.record(sql, actor, "support_request.closed", "support_request:" + std::to_string(id), outcome);
    return Outcome::success(id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::support_requests
