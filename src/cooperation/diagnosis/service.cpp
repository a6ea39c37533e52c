#include "cooperation/diagnosis/service.hpp"

#include <algorithm>

#include "platform/core/text.hpp"

namespace trame::diagnosis {

std::string normalise_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
      continue;
    }
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  return out;
}

Outcome Service::readable(soci::session& sql, const Principal& me, long long project_id, projects::Access& out) const {
  auto access = projects_.access(sql, me, project_id);
  if (!access) return Outcome::not_found();
  if (!access->reads()) return Outcome::forbidden();
  out = *access;
  return Outcome::success(project_id);
}

void Service::ensure_defaults(soci::session& sql, long long project_id, long long by, long long now) const {
  auto have = repo_.keys(sql, project_id);
  for (const auto& key : default_keys())
    if (std::find(have.begin(), have.end(), key) == have.end())
      repo_.insert_section(sql, project_id, key, t("diagnosis.defaults." + key), by, now);
}

std::vector<SectionSummary> Service::sections(long long project_id) {
  bool missing = db_.read([&](soci::session& sql) {
    return projects::Repository{}.find(sql, project_id) && repo_.keys(sql, project_id).size() < default_keys().size();
  });
  if (missing) db_.write([&](soci::session& sql) { ensure_defaults(sql, project_id, 0, store::now_seconds()); });
  std::vector<SectionSummary> out;
  for (const auto& s : db_.read([&](soci::session& sql) { return repo_.sections(sql, project_id); }))
    out.push_back(SectionSummary{s.id, s.project_id, s.key, s.title});
  return out;
}

std::optional<SectionSummary> Service::section_summary(long long project_id, long long section_id) {
  auto s = db_.read([&](soci::session& sql) { return repo_.section(sql, project_id, section_id); });
  if (!s) return std::nullopt;
  return SectionSummary{s->id, s->project_id, s->key, s->title};
}

Outcome Service::overview(const Principal& me, long long project_id, Overview& out) {
  auto outcome = db_.read([&](soci::session& sql) {
    auto o = readable(sql, me, project_id, out.access);
    if (o.ok && repo_.keys(sql, project_id).size() >= default_keys().size()) o.id = -1;  // nothing to make
    return o;
  });
  if (!outcome.ok) return outcome;
  // The first visit makes the default sections (once: the unique (project, key) index keeps one of each).
  if (outcome.id != -1)
    db_.write([&](soci::session& sql) { ensure_defaults(sql, project_id, me.id, store::now_seconds()); });
  out.sections = db_.read([&](soci::session& sql) { return repo_.sections(sql, project_id); });
  return Outcome::success(project_id);
}

Outcome Service::section(const Principal& me, long long project_id, long long section_id, SectionView& out) {
  return db_.read([&](soci::session& sql) {
    auto o = readable(sql, me, project_id, out.access);
    if (!o.ok) return o;
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) return Outcome::not_found();
    out.section = *s;
    return Outcome::success(section_id);
  });
}

Outcome Service::history(const Principal& me, long long project_id, long long section_id, int page, History& out) {
  return db_.read([&](soci::session& sql) {
    auto o = readable(sql, me, project_id, out.access);
    if (!o.ok) return o;
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) return Outcome::not_found();
    out.section = *s;
    out.total = repo_.count_revisions(sql, section_id);
    out.pages = std::max<int>(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.revisions = repo_.revisions(sql, section_id, kPerPage, (out.page - 1) * kPerPage);
    return Outcome::success(section_id);
  });
}

Outcome Service::revision(const Principal& me, long long project_id, long long section_id, long long number,
                          SectionView& view, Revision& out) {
  return db_.read([&](soci::session& sql) {
    auto o = readable(sql, me, project_id, view.access);
    if (!o.ok) return o;
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) return Outcome::not_found();
    view.section = *s;
    auto r = repo_.revision(sql, section_id, number);
    if (!r) return Outcome::not_found();
    out = *r;
    return Outcome::success(section_id);
  });
}

Outcome Service::compare(const Principal& me, long long project_id, long long section_id, long long from, long long to,
                         Comparison& out) {
  return db_.read([&](soci::session& sql) {
    auto o = readable(sql, me, project_id, out.access);
    if (!o.ok) return o;
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) return Outcome::not_found();
    out.section = *s;
    if (to <= 0) to = s->revision;
    if (from <= 0 && to > 0) from = to - 1;
    if (from < 0 || to < 1 || to > s->revision || from > s->revision || from == to) return Outcome::not_found();
    out.from = from;
    out.to = to;
    if (from > 0) out.from_revision = repo_.revision(sql, section_id, from);
    out.to_revision = repo_.revision(sql, section_id, to);
    if ((from > 0 && !out.from_revision) || !out.to_revision) return Outcome::not_found();
    out.diff = diff_text(out.from_revision ? out.from_revision->body : std::string(), out.to_revision->body);
    return Outcome::success(section_id);
  });
}

Outcome Service::save(const Actor& actor, const Principal& me, long long project_id, long long section_id,
                      const SaveInput& in) {
  return save_at(actor, me, project_id, section_id, in, store::now_seconds());
}

Outcome Service::save_at(const Actor& actor, const Principal& me, long long project_id, long long section_id,
                         const SaveInput& in, long long now) {
  std::string body = normalise_newlines(in.body);
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) roll_back(Outcome::not_found());
    if (!access->contributes()) roll_back(Outcome::forbidden());
    if (code_points(body) > kMaxBody) refuse("diagnosis.errors.body_too_long", "body");
    if (body == s->body) refuse("diagnosis.errors.unchanged", "body");
    if (in.base != s->revision) roll_back(Outcome::conflict("diagnosis.errors.stale", "body"));
    // The compare-and-set: of two saves from the same base, the second finds the revision moved
    // (PostgreSQL re-reads the row once the first commits; SQLite runs writers one at a time).
    if (!repo_.advance(sql, section_id, in.base, now)) roll_back(Outcome::conflict("diagnosis.errors.stale", "body"));
    repo_.insert_revision(sql, section_id, in.base + 1, body, me.id, now);
    audit_.record(sql, actor, "diagnosis.section.saved", "diagnosis_section:" + std::to_string(section_id),
                  "project " + std::to_string(project_id) + ", revision " + std::to_string(in.base + 1));
    return Outcome::success(section_id);
  });
}

Outcome Service::add_section(const Actor& actor, const Principal& me, long long project_id, const std::string& title) {
  std::string clean = trim(title);
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden());
    if (clean.empty()) refuse("diagnosis.errors.title_required", "title");
    if (code_points(clean) > kMaxTitle) refuse("diagnosis.errors.title_too_long", "title");
    long long now = store::now_seconds();
    ensure_defaults(sql, project_id, me.id, now);
    if (repo_.sections(sql, project_id).size() >= kMaxSections) refuse("diagnosis.errors.too_many_sections", "title");
    long long id = repo_.insert_section(sql, project_id, "", clean, me.id, now);
    audit_.record(sql, actor, "diagnosis.section.added", "diagnosis_section:" + std::to_string(id),
                  "project " + std::to_string(project_id));
    return Outcome::success(id);
  });
}

Outcome Service::rename(const Actor& actor, const Principal& me, long long project_id, long long section_id,
                        const std::string& title) {
  std::string clean = trim(title);
  return db_.attempt([&](soci::session& sql) {
    auto access = projects_.access(sql, me, project_id);
    if (!access) roll_back(Outcome::not_found());
    auto s = repo_.section(sql, project_id, section_id);
    if (!s) roll_back(Outcome::not_found());
    if (!access->facilitates()) roll_back(Outcome::forbidden());
    if (clean.empty()) refuse("diagnosis.errors.title_required", "title");
    if (code_points(clean) > kMaxTitle) refuse("diagnosis.errors.title_too_long", "title");
    repo_.rename(sql, section_id, clean, store::now_seconds());
    audit_.record(sql, actor, "diagnosis.section.renamed", "diagnosis_section:" + std::to_string(section_id),
                  "project " + std::to_string(project_id));
    return Outcome::success(section_id);
  });
}

std::vector<LinkedContribution> Service::linked_contributions(long long project_id, long long section_id) const {
  if (!linked_) return {};
  return linked_(project_id, section_id);
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::diagnosis
