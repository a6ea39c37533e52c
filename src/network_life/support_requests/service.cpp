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

// The roles granting network_life.manage within their organisation.
std::vector<std::string> manager_roles() {
  std::vector<std::string> out;
  for (const auto& r : all_roles())
    if (role_grants(r, perm::network_life_manage) && !role_is_global(r)) out.push_back(r);
  return out;
}

bool member_of(const Principal& me, long long organisation_id) {
  return std::any_of(me.memberships.begin(), me.memberships.end(),
                     [&](const Membership& m) { return m.organisation_id == organisation_id; });
}

// Whom the person sees: their organisations' requests and the ones they manage.
Visibility visible_to(const Principal& me) {
  Visibility v;
  if (me.is_admin()) {
    v.all = true;
    return v;
  }
  for (const auto& m : me.memberships) v.relais.push_back(m.organisation_id);
  ActingFor managed = me.acting_for(perm::network_life_manage);
  if (managed.all) {
    v.all = true;
    return v;
  }
  v.organisers = managed.organisations;
  return v;
}

}  // namespace

// ------------------------------------------------------------------------------------------ reads

std::vector<Choice> Service::structures_of(const Principal& me) {
  std::vector<long long> mine;
  for (const auto& m : me.memberships) mine.push_back(m.organisation_id);
  if (mine.empty()) return {};
  return db_.read([&](soci::session& sql) { return repo_.social_structures(sql, mine); });
}

std::vector<Choice> Service::organisers() {
  return db_.read([&](soci::session& sql) { return repo_.with_roles(sql, manager_roles()); });
}

long long Service::default_organiser() {
  return db_.read([&](soci::session& sql) {
    std::string name = store::setting(sql, kOrganiserSetting);
    if (name.empty()) name = kDefaultOrganiser;
    return repo_.organisation_named(sql, name);
  });
}

RequestPage Service::list(const Principal& me, long long page) {
  Visibility visible = visible_to(me);
  return db_.read([&](soci::session& sql) {
    RequestPage out;
    out.total = repo_.count(sql, visible);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    out.items = repo_.list(sql, visible, kPerPage, offset);
    for (auto& r : out.items)
      if (!may_manage(me, r.organiser_id)) r.notes.clear();
    return out;
  });
}

RequestPage Service::open_managed(const Principal& me, long long limit) {
  RequestPage out;
  ActingFor managed = me.is_admin() ? ActingFor::everywhere() : me.acting_for(perm::network_life_manage);
  if (managed.none()) return out;
  return db_.read([&](soci::session& sql) {
    out.total = repo_.count_open(sql, managed);
    out.items = repo_.open(sql, managed, limit);
    return out;
  });
}

std::optional<View> Service::view(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<View> {
    auto r = repo_.find(sql, id);
    if (!r) return std::nullopt;
    View v;
    v.manages = may_manage(me, r->organiser_id);
    if (!v.manages && !member_of(me, r->relais_id)) return std::nullopt;
    v.request = *r;
    if (!v.manages) v.request.notes.clear();
    v.followups = repo_.followups(sql, id);
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
  Request r;
  r.organiser_id = organiser;
  r.relais_id = relais;
  r.subject = trim(in.subject);
  r.context = trim(in.context);
  r.audience = trim(in.audience);
  r.wished_period = trim(in.wished_period);
  r.requested_by = actor.id;
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    long long id = repo_.insert(sql, r, now);
    audit_.record(sql, actor, "support_request.created", "support_request:" + std::to_string(id), r.subject);
    // The organiser's coordinators are told.
    std::string relais_name = repo_.organisation_name(sql, relais);
    std::string url = public_url_ + "/evenements/accompagnements/" + std::to_string(id);
    for (const auto& email : repo_.emails_with_roles(sql, organiser, manager_roles()))
      mail_.enqueue(
          sql, email, t("support_requests.mail.new_subject", {{"relais", relais_name}}),
          t("support_requests.mail.new_body", {{"relais", relais_name}, {"subject", r.subject}, {"url", url}}));
    return Outcome::success(id);
  });
}

Request Service::managed(soci::session& sql, const Principal& me, long long id, bool open) {
  // Takes the row's lock first: two coordinators closing at once are serialised (the second sees it closed).
  repo_.hold(sql, id);
  auto r = repo_.find(sql, id);
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
    long long now = store::now_seconds();
    repo_.schedule(sql, id, at, place, in.online, now);
    std::string when = format_local(at, "%d/%m/%Y %H:%M");
    audit_.record(sql, actor, "support_request.scheduled", "support_request:" + std::to_string(id), when);
    std::string email = repo_.user_email(sql, r.requested_by);
    if (!email.empty()) {
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
    repo_.set_notes(sql, id, notes, now);
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
    repo_.insert_followup(sql, id, body, actor.id, now);
    repo_.touch(sql, id, now);
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
    repo_.close(sql, id, outcome, summary, actor.id, now);
    audit_.record(sql, actor, "support_request.closed", "support_request:" + std::to_string(id), outcome);
    return Outcome::success(id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::support_requests
