#include "network_life/action_programmes/service.hpp"

#include <algorithm>

#include "network_life/action_programmes/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::action_programmes {

namespace {

template <typename T>
void paginate(Page<T>& p, long long total, int page, int per_page) {
  p.total = total;
  p.pages = static_cast<int>(std::max<long long>(1, (total + per_page - 1) / per_page));
  p.page = std::clamp(page, 1, p.pages);
}

std::string ref(const char* kind, long long id) {
  return std::string(kind) + ":" + std::to_string(id);
}

bool member_of(const Principal* me, long long organisation_id) {
  if (!me) return false;
  return std::any_of(me->memberships.begin(), me->memberships.end(),
                     [&](const Membership& m) { return m.organisation_id == organisation_id; });
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

bool Service::may_manage(const Principal* me, long long organiser_id) {
  if (!me || me->id == 0) return false;
  return me->is_admin() || me->can_in(perm::network_life_manage, organiser_id);
}

std::string Service::when(long long starts_at, long long ends_at) const {
  if (local_day(starts_at) == local_day(ends_at))
    return t("action_programmes.when.same_day", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                                 {"from", format_local(starts_at, "%H:%M")},
                                                 {"to", format_local(ends_at, "%H:%M")}});
  return t("action_programmes.when.days",
           {{"from", format_local(starts_at, "%d/%m/%Y %H:%M")}, {"to", format_local(ends_at, "%d/%m/%Y %H:%M")}});
}

std::vector<Partner> Service::organiser_choices(const Principal& me) {
  if (me.is_admin()) return directory(false);
  std::vector<Partner> out;
  for (const auto& m : me.memberships)
    if (may_manage(&me, m.organisation_id) &&
        std::none_of(out.begin(), out.end(), [&](const Partner& p) { return p.organisation_id == m.organisation_id; }))
      out.push_back({m.organisation_id, m.organisation_name, ""});
  return out;
}

std::vector<Partner> Service::directory(bool funders_only) {
  return db_.read([&](soci::session& sql) { return repo_.directory(sql, funders_only); });
}

std::vector<bookings::Beneficiary> Service::beneficiaries_of(const Principal& me) {
  ActingFor relais = bookings::Service::own_relais(me);
  if (relais.none()) return {};
  long long total = 0;
  Actor actor{me.id, me.email, ""};
  return bookings_.beneficiaries(actor, relais.organisations, true, 1, 500, total);
}

// ---- Pages

Page<Programme> Service::list(int page) {
  return db_.read([&](soci::session& sql) {
    Page<Programme> out;
    paginate(out, repo_.count_programmes(sql), page, kPerPage);
    out.items = repo_.programmes(sql, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::optional<ProgrammeView> Service::programme(const Principal* me, long long id, int page) {
  return db_.read([&](soci::session& sql) -> std::optional<ProgrammeView> {
    auto p = repo_.programme(sql, id);
    if (!p) return std::nullopt;
    ProgrammeView v;
    v.programme = *p;
    v.manages = may_manage(me, p->organiser_id);
    paginate(v.editions, repo_.count_editions(sql, id), page, kPerPage);
    v.editions.items = repo_.editions(sql, id, kPerPage, (v.editions.page - 1) * kPerPage);
    return v;
  });
}

bool Service::sees_figures(soci::session& sql, const Principal* me, long long organiser_id,
                           long long edition_id) const {
  if (!me || me->id == 0) return false;
  if (may_manage(me, organiser_id)) return true;
  for (const auto& p : repo_.partners(sql, edition_id))
    if (member_of(me, p.organisation_id)) return true;
  for (const auto& f : repo_.funders(sql, edition_id))
    if (member_of(me, f.organisation_id)) return true;
  return false;
}

std::optional<EditionView> Service::edition(const Principal* me, long long id, int page) {
  return db_.read([&](soci::session& sql) -> std::optional<EditionView> {
    auto e = repo_.edition(sql, id);
    if (!e) return std::nullopt;
    auto p = repo_.programme(sql, e->programme_id);
    if (!p) return std::nullopt;
    EditionView v;
    v.programme = *p;
    v.edition = *e;
    v.manages = may_manage(me, p->organiser_id);
    ActingFor relais = me && me->id ? bookings::Service::own_relais(*me) : ActingFor{};
    v.referent = !relais.none();
    v.sees_figures = sees_figures(sql, me, p->organiser_id, id);
    v.partners = repo_.partners(sql, id);
    v.funders = repo_.funders(sql, id);
    v.sees_amounts = v.manages || std::any_of(v.funders.begin(), v.funders.end(),
                                              [&](const Funder& f) { return member_of(me, f.organisation_id); });
    paginate(v.sessions, repo_.count_sessions(sql, id), page, kPerPage);
    v.sessions.items = repo_.sessions(sql, id, kPerPage, (v.sessions.page - 1) * kPerPage);
    return v;
  });
}

Outcome Service::participants(const Principal& me, long long edition_id, int page, ParticipantsView& v) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.edition(sql, edition_id);
    auto p = e ? repo_.programme(sql, e->programme_id) : std::nullopt;
    if (!p) roll_back(Outcome::not_found());
    v.programme = *p;
    v.edition = *e;
    v.manages = may_manage(&me, p->organiser_id);
    ActingFor relais = bookings::Service::own_relais(me);
    v.referent = !relais.none();
    if (!v.manages && !v.referent) roll_back(Outcome::forbidden("action_programmes.errors.participants_only"));
    bool all = v.manages || relais.all;
    paginate(v.participants, repo_.count_participants(sql, edition_id, relais.organisations, all), page, kPerPage);
    v.participants.items =
        repo_.participants(sql, edition_id, relais.organisations, all, kPerPage, (v.participants.page - 1) * kPerPage);
    return Outcome::success(edition_id);
  });
}

std::optional<SessionView> Service::session(const Principal* me, long long id, int page) {
  return db_.read([&](soci::session& sql) -> std::optional<SessionView> {
    auto s = repo_.session(sql, id);
    if (!s) return std::nullopt;
    auto e = repo_.edition(sql, s->edition_id);
    auto p = e ? repo_.programme(sql, e->programme_id) : std::nullopt;
    if (!p) return std::nullopt;
    SessionView v;
    v.programme = *p;
    v.edition = *e;
    v.session = *s;
    v.manages = may_manage(me, p->organiser_id);
    ActingFor relais = me && me->id ? bookings::Service::own_relais(*me) : ActingFor{};
    v.referent = !relais.none();
    if (v.manages || v.referent) {
      bool all = v.manages || relais.all;
      paginate(v.registrations, repo_.count_registrations(sql, id, relais.organisations, all), page, kPerPage);
      v.registrations.items =
          repo_.registrations(sql, id, relais.organisations, all, kPerPage, (v.registrations.page - 1) * kPerPage);
      for (const auto& x : repo_.participants(sql, e->id, relais.organisations, all, 500, 0))
        if (!repo_.registered(sql, id, x.id)) v.registrable.push_back(x);
      if (v.manages) v.attendance = repo_.registrations(sql, id, {}, true, 1000, 0);
    }
    return v;
  });
}

Outcome Service::figures(const Principal& me, long long edition_id, FiguresView& out) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.edition(sql, edition_id);
    auto p = e ? repo_.programme(sql, e->programme_id) : std::nullopt;
    if (!p) roll_back(Outcome::not_found());
    if (!sees_figures(sql, &me, p->organiser_id, edition_id))
      roll_back(Outcome::forbidden("action_programmes.errors.figures_only"));
    out.programme = *p;
    out.edition = *e;
    out.figures = repo_.figures(sql, edition_id);
    out.exact = may_manage(&me, p->organiser_id);
    return Outcome::success(edition_id);
  });
}

// ---- Managers

Outcome Service::validate_programme(const ProgrammeInput& in, Programme& p) const {
  p.title = trim(in.title);
  if (p.title.empty()) return Outcome::failure("action_programmes.errors.title", "title");
  if (code_points(p.title) > 200) return Outcome::failure("action_programmes.errors.title_long", "title");
  p.description = trim(in.description);
  if (code_points(p.description) > 5000)
    return Outcome::failure("action_programmes.errors.description_long", "description");
  p.remobilisation = in.remobilisation == "1";
  return Outcome::success();
}

Outcome Service::create_programme(const Actor& actor, const Principal& me, const ProgrammeInput& in) {
  if (!me.is_admin() && me.acting_for(perm::network_life_manage).none())
    return Outcome::forbidden("action_programmes.errors.managers_only");
  return db_.attempt([&](soci::session& sql) {
    long long organiser = web::parse_id(trim(in.organiser));
    if (organiser <= 0 || repo_.organisation_kind(sql, organiser).empty())
      roll_back(Outcome::failure("action_programmes.errors.organiser", "organiser"));
    if (!may_manage(&me, organiser)) roll_back(Outcome::failure("action_programmes.errors.organiser", "organiser"));
    Programme p;
    if (auto bad = validate_programme(in, p); !bad.ok) roll_back(bad);
    p.organiser_id = organiser;
    p.created_by = me.id;
    if (repo_.programme_by_title(sql, organiser, p.title))
      roll_back(Outcome::failure("action_programmes.errors.title_taken", "title"));
    p.id = repo_.insert_programme(sql, p, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.create", ref("life_programme", p.id), p.title);
    return Outcome::success(p.id);
  });
}

Outcome Service::update_programme(const Actor& actor, const Principal& me, long long id, const ProgrammeInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.programme(sql, id);
    if (!old) roll_back(Outcome::not_found());
    if (!may_manage(&me, old->organiser_id)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    Programme p = *old;
    if (auto bad = validate_programme(in, p); !bad.ok) roll_back(bad);
    long long same = repo_.programme_by_title(sql, p.organiser_id, p.title);
    if (same && same != id) roll_back(Outcome::failure("action_programmes.errors.title_taken", "title"));
    repo_.update_programme(sql, p, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.update", ref("life_programme", id), p.title);
    return Outcome::success(id);
  });
}

Outcome Service::add_edition(const Actor& actor, const Principal& me, long long programme_id, const EditionInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto p = repo_.programme(sql, programme_id);
    if (!p) roll_back(Outcome::not_found());
    if (!may_manage(&me, p->organiser_id)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    Edition e;
    e.programme_id = programme_id;
    e.title = trim(in.title);
    if (e.title.empty()) roll_back(Outcome::failure("action_programmes.errors.edition_title", "title"));
    if (code_points(e.title) > 200) roll_back(Outcome::failure("action_programmes.errors.title_long", "title"));
    e.starts_on = trim(in.starts_on);
    if (!valid_day(e.starts_on)) roll_back(Outcome::failure("action_programmes.errors.starts_on", "starts_on"));
    e.ends_on = trim(in.ends_on);
    if (!valid_day(e.ends_on)) roll_back(Outcome::failure("action_programmes.errors.ends_on", "ends_on"));
    if (e.ends_on < e.starts_on) roll_back(Outcome::failure("action_programmes.errors.period", "ends_on"));
    e.summary = trim(in.summary);
    if (code_points(e.summary) > 2000)
      roll_back(Outcome::failure("action_programmes.errors.description_long", "summary"));
    if (repo_.edition_by_title(sql, programme_id, e.title))
      roll_back(Outcome::failure("action_programmes.errors.edition_taken", "title"));
    e.id = repo_.insert_edition(sql, e, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.edition", ref("life_programme_edition", e.id),
                  p->title + " — " + e.title);
    return Outcome::success(e.id);
  });
}

Outcome Service::put_partner(const Actor& actor, const Principal& me, long long edition_id,
                             const std::string& organisation, const std::string& role) {
  return db_.attempt([&](soci::session& sql) {
    long long organiser = repo_.organiser_of_edition(sql, edition_id);
    if (!organiser) roll_back(Outcome::not_found());
    if (!may_manage(&me, organiser)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    long long org = web::parse_id(trim(organisation));
    if (org <= 0 || repo_.organisation_kind(sql, org).empty())
      roll_back(Outcome::failure("action_programmes.errors.partner", "organisation"));
    std::string r = trim(role);
    if (r.empty()) roll_back(Outcome::failure("action_programmes.errors.role", "role"));
    if (code_points(r) > 200) roll_back(Outcome::failure("action_programmes.errors.role_long", "role"));
    repo_.put_partner(sql, edition_id, org, r, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.partner", ref("life_programme_edition", edition_id),
                  ref("organisation", org) + " " + r);
    return Outcome::success(edition_id);
  });
}

Outcome Service::put_funder(const Actor& actor, const Principal& me, long long edition_id,
                            const std::string& organisation, const std::string& amount) {
  return db_.attempt([&](soci::session& sql) {
    long long organiser = repo_.organiser_of_edition(sql, edition_id);
    if (!organiser) roll_back(Outcome::not_found());
    if (!may_manage(&me, organiser)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    long long org = web::parse_id(trim(organisation));
    if (org <= 0 || repo_.organisation_kind(sql, org) != "funder")
      roll_back(Outcome::failure("action_programmes.errors.funder", "funder"));
    std::string a = trim(amount);
    a.erase(std::remove(a.begin(), a.end(), ' '), a.end());
    long long euros = 0;
    if (!a.empty()) {
      euros = parse_count(a, 1, 100000000);
      if (euros < 0) roll_back(Outcome::failure("action_programmes.errors.amount", "amount"));
    }
    repo_.put_funder(sql, edition_id, org, euros, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.funder", ref("life_programme_edition", edition_id),
                  ref("organisation", org) + (euros ? " " + std::to_string(euros) + " €" : ""));
    return Outcome::success(edition_id);
  });
}

Outcome Service::validate_session(const SessionInput& in, Session& s) const {
  s.kind = trim(in.kind);
  if (!is_one_of(s.kind, session_kinds())) return Outcome::failure("action_programmes.errors.kind", "kind");
  s.title = trim(in.title);
  if (s.title.empty()) return Outcome::failure("action_programmes.errors.session_title", "session_title");
  if (code_points(s.title) > 200) return Outcome::failure("action_programmes.errors.title_long", "session_title");
  s.starts_at = parse_local(trim(in.starts));
  if (s.starts_at < 0) return Outcome::failure("action_programmes.errors.starts", "starts");
  s.ends_at = parse_local(trim(in.ends));
  if (s.ends_at < 0) return Outcome::failure("action_programmes.errors.ends", "ends");
  if (s.ends_at <= s.starts_at) return Outcome::failure("action_programmes.errors.end_before_start", "ends");
  if (s.ends_at - s.starts_at > 24 * 3600) return Outcome::failure("action_programmes.errors.too_long", "ends");
  s.place = trim(in.place);
  if (s.place.empty()) return Outcome::failure("action_programmes.errors.place", "place");
  if (code_points(s.place) > 300) return Outcome::failure("action_programmes.errors.place_long", "place");
  s.capacity = parse_count(trim(in.capacity), 1, kMaxCapacity);
  if (s.capacity < 0) return Outcome::failure("action_programmes.errors.capacity", "capacity");
  return Outcome::success();
}

Outcome Service::add_session(const Actor& actor, const Principal& me, long long edition_id, const SessionInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long organiser = repo_.organiser_of_edition(sql, edition_id);
    if (!organiser) roll_back(Outcome::not_found());
    if (!may_manage(&me, organiser)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    Session s;
    if (auto bad = validate_session(in, s); !bad.ok) roll_back(bad);
    s.edition_id = edition_id;
    s.id = repo_.insert_session(sql, s, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.session", ref("life_programme_session", s.id), s.title);
    return Outcome::success(s.id);
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long session_id,
                                   const std::vector<std::string>& present) {
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    long long organiser = s ? repo_.organiser_of_edition(sql, s->edition_id) : 0;
    if (!organiser) roll_back(Outcome::not_found());
    if (!may_manage(&me, organiser)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    long long now = store::now_seconds();
    if (s->starts_at > now) roll_back(Outcome::failure("action_programmes.errors.attendance_early", "present"));
    auto registrations = repo_.registrations(sql, session_id, {}, true, 100000, 0);
    std::vector<long long> ids;
    for (const auto& value : present) {
      long long id = web::parse_id(trim(value));
      bool known =
          std::any_of(registrations.begin(), registrations.end(), [&](const Registration& r) { return r.id == id; });
      if (!known) roll_back(Outcome::failure("action_programmes.errors.attendance_unknown", "present"));
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    repo_.set_attendance(sql, session_id, ids, now);
    audit_.record(sql, actor, "action_programmes.attendance", ref("life_programme_session", session_id),
                  std::to_string(ids.size()) + "/" + std::to_string(registrations.size()));
    return Outcome::success(session_id);
  });
}

Outcome Service::record_outcome(const Actor& actor, const Principal& me, long long edition_id,
                                const std::string& participant, const std::string& category) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.edition(sql, edition_id);
    auto p = e ? repo_.programme(sql, e->programme_id) : std::nullopt;
    if (!p) roll_back(Outcome::not_found());
    if (!may_manage(&me, p->organiser_id)) roll_back(Outcome::forbidden("action_programmes.errors.managers_only"));
    if (!p->remobilisation) roll_back(Outcome::failure("action_programmes.errors.no_outcomes", "category"));
    long long id = web::parse_id(trim(participant));
    auto x = id > 0 ? repo_.participant(sql, id) : std::nullopt;
    if (!x || x->edition_id != edition_id)
      roll_back(Outcome::failure("action_programmes.errors.not_participant", "participant"));
    std::string c = trim(category);
    if (!is_one_of(c, outcome_categories()))
      roll_back(Outcome::failure("action_programmes.errors.category", "category"));
    repo_.put_outcome(sql, id, c, me.id, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.outcome", ref("life_programme_participant", id), c);
    return Outcome::success(id);
  });
}

// ---- Referents

Outcome Service::add_participant(const Actor& actor, const Principal& me, long long edition_id,
                                 const ParticipantInput& in) {
  ActingFor relais = bookings::Service::own_relais(me);
  long long beneficiary_id = web::parse_id(trim(in.beneficiary));
  auto b = beneficiary_id > 0 ? bookings_.find_beneficiary(beneficiary_id) : std::nullopt;
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.edition(sql, edition_id);
    if (!e) roll_back(Outcome::not_found());
    if (relais.none()) roll_back(Outcome::forbidden("action_programmes.errors.referents_only"));
    if (!b || !relais.covers(b->organisation_id) || b->status != "active")
      roll_back(Outcome::failure("action_programmes.errors.beneficiary", "beneficiary"));
    Participant p;
    p.edition_id = edition_id;
    p.beneficiary_id = b->id;
    p.relais_id = b->organisation_id;
    p.kind = trim(in.kind);
    if (!is_one_of(p.kind, participant_kinds()))
      roll_back(Outcome::failure("action_programmes.errors.participant_kind", "kind"));
    if (p.kind == "household") {
      p.adults = parse_count(trim(in.adults), 0, 15);
      if (p.adults < 0) roll_back(Outcome::failure("action_programmes.errors.adults", "adults"));
      p.children = parse_count(trim(in.children), 0, 15);
      if (p.children < 0) roll_back(Outcome::failure("action_programmes.errors.children", "children"));
      if (p.adults + p.children < 1) roll_back(Outcome::failure("action_programmes.errors.household_empty", "adults"));
    } else {
      p.adults = 1;
      p.children = 0;
    }
    if (repo_.participant_of(sql, edition_id, b->id))
      roll_back(Outcome::failure("action_programmes.errors.participant_twice", "beneficiary"));
    p.id = repo_.insert_participant(sql, p, me.id, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.participant", ref("life_programme_participant", p.id),
                  ref("life_programme_edition", edition_id) + " " + b->code);
    return Outcome::success(p.id);
  });
}

Outcome Service::register_participant(const Actor& actor, const Principal& me, long long session_id,
                                      const std::string& participant) {
  ActingFor relais = bookings::Service::own_relais(me);
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    long long organiser = s ? repo_.organiser_of_edition(sql, s->edition_id) : 0;
    if (!organiser) roll_back(Outcome::not_found());
    bool manages = may_manage(&me, organiser);
    if (!manages && relais.none()) roll_back(Outcome::forbidden("action_programmes.errors.referents_only"));
    repo_.hold_session(sql, session_id);
    long long id = web::parse_id(trim(participant));
    auto p = id > 0 ? repo_.participant(sql, id) : std::nullopt;
    if (!p || p->edition_id != s->edition_id || (!manages && !relais.covers(p->relais_id)))
      roll_back(Outcome::failure("action_programmes.errors.not_participant", "participant"));
    if (s->starts_at <= store::now_seconds())
      roll_back(Outcome::failure("action_programmes.errors.session_started", "participant"));
    if (repo_.registered(sql, session_id, id))
      roll_back(Outcome::failure("action_programmes.errors.registered_twice", "participant"));
    // The places are taken by one conditional UPDATE: two registrations at once cannot both take the last ones.
    if (!repo_.take_places(sql, session_id, p->places()))
      roll_back(Outcome::failure("action_programmes.errors.full", "participant"));
    repo_.insert_registration(sql, session_id, id, p->places(), me.id, store::now_seconds());
    audit_.record(sql, actor, "action_programmes.register", ref("life_programme_session", session_id),
                  ref("life_programme_participant", id) + " " + p->code);
    return Outcome::success(session_id);
  });
}

// ---- Dashboard

std::vector<Session> Service::upcoming_for_referent(const Principal& me, int limit) {
  ActingFor relais = bookings::Service::own_relais(me);
  if (relais.none()) return {};
  return db_.read([&](soci::session& sql) {
    return repo_.upcoming_for_relais(sql, relais.organisations, relais.all, store::now_seconds(), limit);
  });
}

std::vector<Session> Service::without_attendance(const Principal& me, int limit) {
  ActingFor orgs = me.is_admin() ? ActingFor::everywhere() : me.acting_for(perm::network_life_manage);
  if (orgs.none()) return {};
  return db_.read([&](soci::session& sql) {
    return repo_.without_attendance(sql, orgs.organisations, orgs.all, store::now_seconds(), limit);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::action_programmes
