#include "cooperation/projects/service.hpp"

#include <algorithm>
#include <sstream>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::projects {

namespace {

constexpr std::size_t kMaxCommunes = 500;
constexpr std::size_t kMaxTitle = 200, kMaxQuestion = 1000, kMaxSummary = 4000, kMaxContribution = 500;

std::string subject(long long id) {
  return "cooperation_project:" + std::to_string(id);
}

// The page `page` (from 1) of `total` items.
ProjectPage paged(long long total, int page) {
  ProjectPage out;
  out.total = total;
  out.pages = std::max<int>(1, static_cast<int>((total + Service::kPageSize - 1) / Service::kPageSize));
  out.page = std::clamp(page, 1, out.pages);
  return out;
}

}  // namespace

std::optional<Access> Service::access(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) { return access(sql, me, id); });
}

std::optional<Access> Service::access(soci::session& sql, const Principal& me, long long id) const {
  auto p = repo_.find(sql, id);
  if (!p) return std::nullopt;
  Access a;
  a.project = *p;
  if (me.id == 0) {
    if (p->visibility != "public") return std::nullopt;
    a.summary_only = true;
    return a;
  }
  a.role = repo_.role_of(sql, id, me.id);
  a.admin = me.is_admin();
  if (a.role.empty() && !a.admin && p->visibility == "members") return std::nullopt;
  return a;
}

ProjectPage Service::list(const Principal& me, int page) {
  if (me.id == 0) return public_list(page);
  return db_.read([&](soci::session& sql) {
    auto out = paged(repo_.count_visible(sql, me.id, me.is_admin()), page);
    out.items = repo_.visible(sql, me.id, me.is_admin(), kPageSize, (out.page - 1) * kPageSize);
    return out;
  });
}

ProjectPage Service::public_list(int page) {
  return db_.read([&](soci::session& sql) {
    auto out = paged(repo_.count_public(sql), page);
    out.items = repo_.public_projects(sql, kPageSize, (out.page - 1) * kPageSize);
    return out;
  });
}

// Checks a project's form and fills `out` (title, question, summary, territory, visibility); refuses
// (rolls back) at the first fault, with the field. Returns the codes of the communes it covers.
std::vector<std::string> Service::check_form(soci::session& sql, const ProjectForm& form, Project& out) const {
  out.title = trim(form.title);
  out.question = trim(form.question);
  out.summary = trim(form.summary);
  if (out.title.empty()) refuse("projects.errors.title", "title");
  if (code_points(out.title) > kMaxTitle) refuse("projects.errors.title_long", "title");
  if (out.question.empty()) refuse("projects.errors.question", "question");
  if (code_points(out.question) > kMaxQuestion) refuse("projects.errors.question_long", "question");
  if (code_points(out.summary) > kMaxSummary) refuse("projects.errors.summary_long", "summary");
  if (!is_one_of(form.visibility, visibilities())) refuse("projects.errors.visibility", "visibility");
  out.visibility = form.visibility;
  std::vector<std::string> codes;
  if (form.territory_kind == "communes") {
    // Each commune typed by its INSEE code, "Name (code)" (the form's list) or its exact name.
    for (const auto& c : form.communes) {
      auto typed = trim(c);
      if (typed.empty()) continue;
      bool ambiguous = false;
      auto code = repo_.commune_code_of(sql, typed, ambiguous);
      if (ambiguous) refuse("projects.errors.ambiguous_commune", "communes");
      if (code.empty()) refuse("projects.errors.unknown_commune", "communes");
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
    if (codes.empty()) refuse("projects.errors.no_commune", "communes");
    if (codes.size() > kMaxCommunes) refuse("projects.errors.too_many_communes", "communes");
    out.territory_ref.clear();
    auto names = repo_.commune_names(sql, codes);
    std::ostringstream label;
    for (std::size_t i = 0; i < names.size() && i < 3; ++i) label << (i ? ", " : "") << names[i];
    if (names.size() > 3) label << " (+" << names.size() - 3 << ")";
    out.territory_label = label.str();
  } else if (form.territory_kind == "epci") {
    out.territory_label = repo_.epci_name(sql, form.epci);
    if (out.territory_label.empty()) refuse("projects.errors.unknown_epci", "epci");
    codes = repo_.epci_communes(sql, form.epci);
    out.territory_ref = form.epci;
  } else if (form.territory_kind == "delegation") {
    out.territory_label = repo_.delegation_name(sql, form.delegation_id);
    if (out.territory_label.empty()) refuse("projects.errors.unknown_delegation", "delegation");
    codes = repo_.delegation_communes(sql, form.delegation_id);
    out.territory_ref = std::to_string(form.delegation_id);
  } else {
    refuse("projects.errors.territory_kind", "territory_kind");
  }
  out.territory_kind = form.territory_kind;
  return codes;
}

Outcome Service::create(const Actor& actor, const Principal& me, const ProjectForm& form) {
  if (me.id == 0) return Outcome::forbidden();
  return db_.attempt([&](soci::session& sql) {
    Project p;
    auto codes = check_form(sql, form, p);
    if (form.organisation_id) {
      bool mine = std::any_of(me.memberships.begin(), me.memberships.end(),
                              [&](const Membership& m) { return m.organisation_id == form.organisation_id; });
      if (!mine) refuse("projects.errors.organisation", "organisation");
    }
    p.organisation_id = form.organisation_id;
    p.created_by = me.id;
    long long now = store::now_seconds();
    p.id = repo_.insert(sql, p, now);
    repo_.set_communes(sql, p.id, codes);
    Member m;
    m.project_id = p.id;
    m.user_id = me.id;
    m.role = "facilitator";
    m.organisation_id = form.organisation_id;
    repo_.insert_member(sql, m, now);
    audit_.record(sql, actor, "cooperation.project.create", subject(p.id), p.title);
    return Outcome::success(p.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const ProjectForm& form) {
  return db_.attempt([&](soci::session& sql) {
    auto a = access(sql, me, id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    Project p = a->project;
    auto codes = check_form(sql, form, p);
    if (form.organisation_id != a->project.organisation_id) {
      // Carried by one of the editor's organisations (any for an administrator), or by none.
      bool mine = std::any_of(me.memberships.begin(), me.memberships.end(),
                              [&](const Membership& m) { return m.organisation_id == form.organisation_id; });
      if (form.organisation_id && ((!mine && !me.is_admin()) || !repo_.organisation_exists(sql, form.organisation_id)))
        refuse("projects.errors.organisation", "organisation");
      p.organisation_id = form.organisation_id;
    }
    repo_.update(sql, p, store::now_seconds());
    repo_.set_communes(sql, id, codes);
    audit_.record(sql, actor, "cooperation.project.update", subject(id), p.title);
    return Outcome::success(id);
  });
}

Outcome Service::set_phase(const Actor& actor, const Principal& me, long long id, const std::string& phase) {
  return db_.attempt([&](soci::session& sql) {
    auto a = access(sql, me, id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    if (phase != "closed" && !is_one_of(phase, projects::phases())) refuse("projects.errors.phase", "phase");
    repo_.set_phase(sql, id, phase, store::now_seconds());
    audit_.record(sql, actor, "cooperation.project.phase", subject(id), phase);
    return Outcome::success(id);
  });
}

Outcome Service::set_phase_dates(const Actor& actor, const Principal& me, long long id,
                                 const std::vector<Phase>& dates) {
  return db_.attempt([&](soci::session& sql) {
    auto a = access(sql, me, id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    for (const auto& d : dates) {
      if (!is_one_of(d.kind, projects::phases())) refuse("projects.errors.phase", "phase");
      Phase clean{d.kind, trim(d.starts_on), trim(d.ends_on)};
      auto starts = clean.starts_on.empty() ? std::nullopt : parse_date(clean.starts_on);
      auto ends = clean.ends_on.empty() ? std::nullopt : parse_date(clean.ends_on);
      if (!clean.starts_on.empty() && !starts) refuse("projects.errors.date", "starts_" + d.kind);
      if (!clean.ends_on.empty() && !ends) refuse("projects.errors.date", "ends_" + d.kind);
      if (starts) clean.starts_on = iso_date(*starts);
      if (ends) clean.ends_on = iso_date(*ends);
      if (starts && ends && clean.ends_on < clean.starts_on) refuse("projects.errors.phase_order", "ends_" + d.kind);
      repo_.set_phase_dates(sql, id, clean);
    }
    audit_.record(sql, actor, "cooperation.project.phase_dates", subject(id));
    return Outcome::success(id);
  });
}

std::vector<Member> Service::members(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, id); });
}

std::vector<Partner> Service::partners(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.partners(sql, id); });
}

std::vector<Phase> Service::phases(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.phases_of(sql, id); });
}

std::vector<Commune> Service::communes(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.communes(sql, id); });
}

Outcome Service::add_member(const Actor& actor, const Principal& me, long long id, const std::string& raw_email,
                            const std::string& role, long long organisation_id) {
  std::string email = trim(raw_email);
  try {
    return db_.attempt([&](soci::session& sql) {
      auto a = access(sql, me, id);
      if (!a) roll_back(Outcome::not_found());
      if (!a->facilitates()) roll_back(Outcome::forbidden());
      if (!is_one_of(role, roles())) refuse("projects.errors.role", "role");
      Member m;
      m.project_id = id;
      m.role = role;
      m.user_id = repo_.user_by_email(sql, email);
      if (!m.user_id) refuse("projects.errors.no_account", "email");
      if (!repo_.role_of(sql, id, m.user_id).empty()) refuse("projects.errors.already_member", "email");
      if (organisation_id && !repo_.organisation_exists(sql, organisation_id))
        refuse("projects.errors.organisation", "organisation");
      m.organisation_id = organisation_id;
      repo_.insert_member(sql, m, store::now_seconds());
      audit_.record(sql, actor, "cooperation.member.add", subject(id), email + " (" + role + ")");
      return Outcome::success(id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("projects.errors.already_member", "email");
    throw;
  }
}

Outcome Service::set_role(const Actor& actor, const Principal& me, long long member_id, const std::string& role) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.member(sql, member_id);
    auto a = m ? access(sql, me, m->project_id) : std::nullopt;
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    if (!is_one_of(role, roles())) refuse("projects.errors.role", "role");
    if (!keeps_a_facilitator(m->role, role, repo_.count_facilitators(sql, m->project_id)))
      refuse("projects.errors.last_facilitator", "role");
    repo_.set_role(sql, member_id, role);
    audit_.record(sql, actor, "cooperation.member.role", subject(m->project_id), m->email + " (" + role + ")");
    return Outcome::success(m->project_id);
  });
}

Outcome Service::remove_member(const Actor& actor, const Principal& me, long long member_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.member(sql, member_id);
    auto a = m ? access(sql, me, m->project_id) : std::nullopt;
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    if (!keeps_a_facilitator(m->role, "", repo_.count_facilitators(sql, m->project_id)))
      refuse("projects.errors.last_facilitator");
    repo_.delete_member(sql, member_id);
    audit_.record(sql, actor, "cooperation.member.remove", subject(m->project_id), m->email);
    return Outcome::success(m->project_id);
  });
}

Outcome Service::add_partner(const Actor& actor, const Principal& me, long long id, long long organisation_id,
                             const std::string& contribution) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto a = access(sql, me, id);
      if (!a) roll_back(Outcome::not_found());
      if (!a->facilitates()) roll_back(Outcome::forbidden());
      if (!organisation_id || !repo_.organisation_exists(sql, organisation_id))
        refuse("projects.errors.organisation", "organisation");
      Partner p;
      p.project_id = id;
      p.organisation_id = organisation_id;
      p.contribution = trim(contribution);
      if (code_points(p.contribution) > kMaxContribution) refuse("projects.errors.contribution_long", "contribution");
      for (const auto& existing : repo_.partners(sql, id))
        if (existing.organisation_id == organisation_id) refuse("projects.errors.already_partner", "organisation");
      repo_.insert_partner(sql, p, store::now_seconds());
      audit_.record(sql, actor, "cooperation.partner.add", subject(id), std::to_string(organisation_id));
      return Outcome::success(id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("projects.errors.already_partner", "organisation");
    throw;
  }
}

Outcome Service::remove_partner(const Actor& actor, const Principal& me, long long id, long long partner_id) {
  return db_.attempt([&](soci::session& sql) {
    auto a = access(sql, me, id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    bool found = false;
    for (const auto& p : repo_.partners(sql, id)) found = found || p.id == partner_id;
    if (!found) roll_back(Outcome::not_found());
    repo_.delete_partner(sql, id, partner_id);
    audit_.record(sql, actor, "cooperation.partner.remove", subject(id), std::to_string(partner_id));
    return Outcome::success(id);
  });
}

std::optional<Project> Service::of_training_session(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.by_training_session(sql, session_id); });
}

Outcome Service::link_training_session(const Actor& actor, const Principal& me, long long id, long long session_id) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto a = access(sql, me, id);
      if (!a) roll_back(Outcome::not_found());
      if (!a->facilitates()) roll_back(Outcome::forbidden());
      if (session_id < 0) refuse("projects.errors.session", "session");
      if (session_id) {
        if (!repo_.training_session_exists(sql, session_id)) refuse("projects.errors.session", "session");
        // One of the sessions the facilitator may choose (or the one already linked).
        auto allowed = session_choices(sql, me, a->project);
        bool listed = std::any_of(allowed.begin(), allowed.end(),
                                  [&](const Choice& c) { return c.value == std::to_string(session_id); });
        if (!listed && session_id != a->project.training_session_id) refuse("projects.errors.session", "session");
        auto other = repo_.by_training_session(sql, session_id);
        if (other && other->id != id) refuse("projects.errors.session_taken", "session");
      }
      Project p = a->project;
      p.training_session_id = session_id;
      repo_.update(sql, p, store::now_seconds());
      audit_.record(sql, actor, "cooperation.project.session", subject(id), std::to_string(session_id));
      return Outcome::success(id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("projects.errors.session_taken", "session");
    throw;
  }
}

std::string Service::role_of(long long project_id, long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.role_of(sql, project_id, user_id); });
}

long long Service::project_of_member(long long member_id) {
  return db_.read([&](soci::session& sql) {
    auto m = repo_.member(sql, member_id);
    return m ? m->project_id : 0LL;
  });
}

Outcome Service::set_visibility(const Actor& actor, const Principal& me, long long id, const std::string& visibility) {
  return db_.attempt([&](soci::session& sql) {
    auto a = access(sql, me, id);
    if (!a) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden());
    if (!is_one_of(visibility, visibilities())) refuse("projects.errors.visibility", "visibility");
    Project p = a->project;
    p.visibility = visibility;
    repo_.update(sql, p, store::now_seconds());
    audit_.record(sql, actor, "cooperation.project.visibility", subject(id), visibility);
    return Outcome::success(id);
  });
}

std::vector<Choice> Service::commune_choices() {
  return db_.read([&](soci::session& sql) { return repo_.commune_choices(sql); });
}

std::vector<Choice> Service::epci_choices() {
  return db_.read([&](soci::session& sql) { return repo_.epci_choices(sql); });
}

std::vector<Choice> Service::delegation_choices() {
  return db_.read([&](soci::session& sql) { return repo_.delegation_choices(sql); });
}

std::vector<Choice> Service::organisation_choices() {
  return db_.read([&](soci::session& sql) { return repo_.organisation_choices(sql); });
}

std::vector<Choice> Service::session_choices(const Principal& me, const Project& p) {
  return db_.read([&](soci::session& sql) { return session_choices(sql, me, p); });
}

std::vector<Choice> Service::session_choices(soci::session& sql, const Principal& me, const Project& p) const {
  ActingFor manages = me.acting_for(perm::trainings_manage);
  std::vector<Choice> out;
  for (const auto& s : repo_.training_sessions(sql, me.id)) {
    bool ours = p.organisation_id && s.organiser_id == p.organisation_id;
    if (!ours && !manages.covers(s.organiser_id) && !s.teaches && s.id != p.training_session_id) continue;
    std::string label = s.title + " — " + s.programme;
    if (s.starts_at) label += " (" + format_local(s.starts_at, "%d/%m/%Y") + ")";
    out.push_back({std::to_string(s.id), label});
  }
  return out;
}

std::string Service::training_session_title(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.training_session_title(sql, session_id); });
}

std::vector<MyProject> Service::mine(long long user_id, int limit, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_mine(sql, user_id);
    return repo_.mine(sql, user_id, limit);
  });
}

long long Service::demo_project_id() {
  return db_.read([&](soci::session& sql) { return repo_.by_title(sql, kDemoTitle); });
}

}  // namespace trame::projects
