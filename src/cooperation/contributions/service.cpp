#include "cooperation/contributions/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::contributions {

std::string excerpt(const std::string& text, std::size_t limit) {
  std::string out;
  std::size_t chars = 0;
  bool blank = false;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    len = std::min(len, text.size() - i);
    // Line breaks and runs of blanks read as one space.
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      blank = !out.empty();
      ++i;
      continue;
    }
    if (chars >= limit) return trim(out) + "…";
    if (blank) {
      out += ' ';
      ++chars;
      blank = false;
    }
    out.append(text, i, len);
    ++chars;
    i += len;
  }
  return out;
}

Service::Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
                 std::string public_url, projects::Service& projects, diagnosis::Service& diagnosis,
                 decisions::Service& decisions)
    : db_(db),
      audit_(audit),
      mail_(mail),
      catalogue_(catalogue),
      public_url_(std::move(public_url)),
      projects_(projects),
      diagnosis_(diagnosis),
      decisions_(decisions) {
  diagnosis_.on_linked_contributions(
      [this](long long project_id, long long section_id) { return linked_to_section(project_id, section_id); });
}

namespace {

Outcome readable(soci::session& sql, projects::Service& projects, const Principal& me, long long project_id,
                 projects::Access& out) {
  auto access = projects.access(sql, me, project_id);
  if (!access) return Outcome::not_found();
  if (!access->reads()) return Outcome::forbidden();
  out = *access;
  return Outcome::success(project_id);
}

std::string subject(long long id) {
  return "contribution:" + std::to_string(id);
}

}  // namespace

Outcome Service::list(const Principal& me, long long project_id, const Filter& filter, int page,
                      ContributionPage& out) {
  auto read = db_.read([&](soci::session& sql) { return readable(sql, projects_, me, project_id, out.access); });
  if (!read.ok) return read;
  out.sections = diagnosis_.sections(project_id);
  Filter f = filter;
  if (!is_one_of(f.kind, kinds())) f.kind.clear();
  return db_.read([&](soci::session& sql) {
    out.total = repo_.count(sql, project_id, f);
    out.pages = std::max<int>(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.list(sql, project_id, f, kPerPage, (out.page - 1) * kPerPage);
    return Outcome::success(project_id);
  });
}

Outcome Service::view(const Principal& me, long long project_id, long long id, ContributionView& out) {
  auto read = db_.read([&](soci::session& sql) {
    auto o = readable(sql, projects_, me, project_id, out.access);
    if (!o.ok) return o;
    auto c = repo_.find(sql, project_id, id);
    if (!c) return Outcome::not_found();
    out.contribution = *c;
    out.sections = repo_.sections(sql, id);
    out.decisions = repo_.decisions(sql, id);
    return Outcome::success(id);
  });
  if (!read.ok) return read;
  // The linked things' titles come from their modules; a link whose target is gone is not shown.
  auto sections = diagnosis_.sections(project_id);
  std::vector<SectionLink> shown_sections;
  for (auto& l : out.sections) {
    auto s = std::find_if(sections.begin(), sections.end(), [&](const auto& x) { return x.id == l.section_id; });
    if (s == sections.end()) continue;
    l.title = s->title;
    shown_sections.push_back(l);
  }
  out.sections = std::move(shown_sections);
  for (const auto& s : sections)
    if (std::none_of(out.sections.begin(), out.sections.end(), [&](const auto& l) { return l.section_id == s.id; }))
      out.section_choices.push_back(s);
  auto decisions = decisions_.summaries(project_id);
  std::vector<DecisionLink> shown_decisions;
  for (auto& l : out.decisions) {
    auto d = std::find_if(decisions.begin(), decisions.end(), [&](const auto& x) { return x.id == l.decision_id; });
    if (d == decisions.end()) continue;
    l.title = d->title;
    l.status = d->status;
    shown_decisions.push_back(l);
  }
  out.decisions = std::move(shown_decisions);
  for (const auto& d : decisions)
    if (std::none_of(out.decisions.begin(), out.decisions.end(), [&](const auto& l) { return l.decision_id == d.id; }))
      out.decision_choices.push_back(d);
  return read;
}

Contribution Service::checked(const ContributionForm& form, long long today_start) const {
  Contribution c;
  c.kind = trim(form.kind);
  if (!is_one_of(c.kind, kinds())) refuse("contributions.errors.kind", "kind");
  std::string people = trim(form.people);
  if (people.empty() || people.size() > 6 || people.find_first_not_of("0123456789") != std::string::npos)
    refuse("contributions.errors.people", "people");
  c.people = std::stoll(people);
  if (c.people < 1 || c.people > kMaxPeople) refuse("contributions.errors.people", "people");
  c.place = trim(form.place);
  if (c.place.empty()) refuse("contributions.errors.place_required", "place");
  if (code_points(c.place) > kMaxPlace) refuse("contributions.errors.place_too_long", "place");
  auto day = parse_date(form.held_on);
  if (!day) refuse("contributions.errors.held_on", "held_on");
  c.held_on = iso_date(*day);
  if (c.held_on > local_day(today_start)) refuse("contributions.errors.held_on_future", "held_on");
  c.body = trim(diagnosis::normalise_newlines(form.body));
  if (c.body.empty()) refuse("contributions.errors.body_required", "body");
  if (code_points(c.body) > kMaxBody) refuse("contributions.errors.body_too_long", "body");
  return c;
}

Outcome Service::create(const Actor& actor, const Principal& me, long long project_id, const ContributionForm& form) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden());
    long long now = store::now_seconds();
    Contribution c = checked(form, now);
    c.project_id = project_id;
    c.recorded_by = me.id;
    long long id = repo_.insert(sql, c, now);
    audit_.record(sql, actor, "contributions.recorded", subject(id), "project " + std::to_string(project_id));
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long project_id, long long id,
                        const ContributionForm& form) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    auto existing = repo_.find(sql, project_id, id);
    if (!existing) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden());
    long long now = store::now_seconds();
    Contribution c = checked(form, now);
    c.id = id;
    c.project_id = project_id;
    repo_.update(sql, c, now);
    audit_.record(sql, actor, "contributions.updated", subject(id), "project " + std::to_string(project_id));
    return Outcome::success(id);
  });
}

Outcome Service::remove(const Actor& actor, const Principal& me, long long project_id, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    if (!repo_.find(sql, project_id, id)) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden());
    repo_.remove(sql, id);
    audit_.record(sql, actor, "contributions.deleted", subject(id), "project " + std::to_string(project_id));
    return Outcome::success(project_id);
  });
}

Outcome Service::link_change(const Actor& actor, const Principal& me, long long project_id, long long id,
                             const std::string& action, const std::function<bool(soci::session&)>& change) {
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    if (!repo_.find(sql, project_id, id)) roll_back(Outcome::not_found());
    if (!access->contributes()) roll_back(Outcome::forbidden());
    if (change(sql)) audit_.record(sql, actor, action, subject(id), "project " + std::to_string(project_id));
    return Outcome::success(id);
  });
}

Outcome Service::link_section(const Actor& actor, const Principal& me, long long project_id, long long id,
                              long long section_id) {
  bool known = section_id > 0 && diagnosis_.section_summary(project_id, section_id).has_value();
  return link_change(actor, me, project_id, id, "contributions.section_linked", [&](soci::session& sql) {
    if (!known) refuse("contributions.errors.section", "section");
    return repo_.link_section(sql, id, section_id, me.id, store::now_seconds());
  });
}

Outcome Service::unlink_section(const Actor& actor, const Principal& me, long long project_id, long long id,
                                long long section_id) {
  return link_change(actor, me, project_id, id, "contributions.section_unlinked",
                     [&](soci::session& sql) { return repo_.unlink_section(sql, id, section_id); });
}

Outcome Service::link_decision(const Actor& actor, const Principal& me, long long project_id, long long id,
                               long long decision_id) {
  bool known = decision_id > 0 && decisions_.summary(project_id, decision_id).has_value();
  return link_change(actor, me, project_id, id, "contributions.decision_linked", [&](soci::session& sql) {
    if (!known) refuse("contributions.errors.decision", "decision");
    return repo_.link_decision(sql, id, decision_id, me.id, store::now_seconds());
  });
}

Outcome Service::unlink_decision(const Actor& actor, const Principal& me, long long project_id, long long id,
                                 long long decision_id) {
  return link_change(actor, me, project_id, id, "contributions.decision_unlinked",
                     [&](soci::session& sql) { return repo_.unlink_decision(sql, id, decision_id); });
}

std::vector<diagnosis::LinkedContribution> Service::linked_to_section(long long project_id, long long section_id) {
  std::vector<diagnosis::LinkedContribution> out;
  for (const auto& c :
       db_.read([&](soci::session& sql) { return repo_.linked_to_section(sql, project_id, section_id, kPerPage); })) {
    diagnosis::LinkedContribution l;
    l.id = c.id;
    l.kind_key = "contributions.kinds." + c.kind;
    l.people = c.people;
    l.place = c.place;
    l.held_on = c.held_on;
    l.excerpt = excerpt(c.body, 160);
    l.url = projects::url_of(project_id) + "/contributions/" + std::to_string(c.id);
    out.push_back(l);
  }
  return out;
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::contributions
