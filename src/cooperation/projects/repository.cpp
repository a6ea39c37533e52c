#include "cooperation/projects/repository.hpp"

#include <algorithm>

#include "network/organisations/delegation_sql.hpp"
#include "platform/core/text.hpp"

namespace trame::projects {

namespace {

const char* kProjectSelect =
    "SELECT p.id, p.title, p.question, p.summary, p.territory_kind, p.territory_ref, p.territory_label, p.visibility, "
    "p.phase, p.organisation_id, COALESCE(o.name, ''), p.training_session_id, p.created_by, p.created_at, "
    "p.updated_at FROM cooperation_projects p LEFT JOIN organisations o ON o.id = p.organisation_id ";

#define TRAME_PROJECT_INTO(p)                                                                             \
  soci::into((p).id), soci::into((p).title), soci::into((p).question), soci::into((p).summary),           \
      soci::into((p).territory_kind), soci::into((p).territory_ref), soci::into((p).territory_label),     \
      soci::into((p).visibility), soci::into((p).phase), soci::into((p).organisation_id),                 \
      soci::into((p).organisation_name), soci::into((p).training_session_id), soci::into((p).created_by), \
      soci::into((p).created_at), soci::into((p).updated_at)

// The projects a person sees: theirs, and the network's and public ones (all of them for `all`).
const char* kVisibleWhere =
    "WHERE (:all1 = 1 OR p.visibility <> 'members' OR EXISTS (SELECT 1 FROM cooperation_members m WHERE "
    "m.project_id = p.id AND m.user_id = :u)) ";

std::vector<std::string> strings(soci::session& sql, const std::string& query, const std::string& param) {
  std::vector<std::string> out;
  std::string value;
  soci::statement st = (sql.prepare << query, soci::into(value), soci::use(param));
  st.execute();
  while (st.fetch()) out.push_back(value);
  return out;
}

}  // namespace

std::optional<Project> Repository::find(soci::session& sql, long long id) const {
  Project p;
  sql << std::string(kProjectSelect) + "WHERE p.id = :id", TRAME_PROJECT_INTO(p), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

std::vector<Project> Repository::visible(soci::session& sql, long long user_id, bool all_projects, int limit,
                                         int offset) const {
  std::vector<Project> out;
  Project p;
  int all = all_projects ? 1 : 0;
  soci::statement st =
      (sql.prepare << std::string(kProjectSelect) + kVisibleWhere + "ORDER BY p.id DESC LIMIT :l OFFSET :o",
       TRAME_PROJECT_INTO(p), soci::use(all), soci::use(user_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::count_visible(soci::session& sql, long long user_id, bool all_projects) const {
  long long n = 0;
  int all = all_projects ? 1 : 0;
  sql << std::string("SELECT COUNT(*) FROM cooperation_projects p ") + kVisibleWhere, soci::into(n), soci::use(all),
      soci::use(user_id);
  return n;
}

std::vector<Project> Repository::public_projects(soci::session& sql, int limit, int offset) const {
  std::vector<Project> out;
  Project p;
  soci::statement st = (sql.prepare << std::string(kProjectSelect) +
                                           "WHERE p.visibility = 'public' ORDER BY p.id DESC LIMIT :l OFFSET :o",
                        TRAME_PROJECT_INTO(p), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::count_public(soci::session& sql) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_projects WHERE visibility = 'public'", soci::into(n);
  return n;
}

std::optional<Project> Repository::by_training_session(soci::session& sql, long long session_id) const {
  if (session_id <= 0) return std::nullopt;
  Project p;
  sql << std::string(kProjectSelect) + "WHERE p.training_session_id = :s", TRAME_PROJECT_INTO(p), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

long long Repository::by_title(soci::session& sql, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM cooperation_projects WHERE title = :t ORDER BY id LIMIT 1", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::insert(soci::session& sql, const Project& p, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_projects (title, question, summary, territory_kind, territory_ref, territory_label, "
         "visibility, phase, organisation_id, training_session_id, created_by, created_at, updated_at) VALUES (:t, "
         ":q, :s, :tk, :tr, :tl, :v, :ph, :o, :ts, :c, :n, :n2) RETURNING id",
      soci::use(p.title), soci::use(p.question), soci::use(p.summary), soci::use(p.territory_kind),
      soci::use(p.territory_ref), soci::use(p.territory_label), soci::use(p.visibility), soci::use(p.phase),
      soci::use(p.organisation_id), soci::use(p.training_session_id), soci::use(p.created_by), soci::use(now),
      soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Project& p, long long now) const {
  sql << "UPDATE cooperation_projects SET title = :t, question = :q, summary = :s, territory_kind = :tk, "
         "territory_ref = :tr, territory_label = :tl, visibility = :v, organisation_id = :o, training_session_id = "
         ":ts, updated_at = :n WHERE id = :id",
      soci::use(p.title), soci::use(p.question), soci::use(p.summary), soci::use(p.territory_kind),
      soci::use(p.territory_ref), soci::use(p.territory_label), soci::use(p.visibility), soci::use(p.organisation_id),
      soci::use(p.training_session_id), soci::use(now), soci::use(p.id);
}

void Repository::set_phase(soci::session& sql, long long id, const std::string& phase, long long now) const {
  sql << "UPDATE cooperation_projects SET phase = :p, updated_at = :n WHERE id = :id", soci::use(phase), soci::use(now),
      soci::use(id);
}

std::vector<Commune> Repository::communes(soci::session& sql, long long project_id) const {
  std::vector<Commune> out;
  Commune c;
  soci::statement st = (sql.prepare << "SELECT c.code, c.name, c.population FROM cooperation_project_communes pc "
                                       "JOIN communes c ON c.code = pc.commune_code WHERE pc.project_id = :p "
                                       "ORDER BY c.name, c.code",
                        soci::into(c.code), soci::into(c.name), soci::into(c.population), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

void Repository::set_communes(soci::session& sql, long long project_id, const std::vector<std::string>& codes) const {
  sql << "DELETE FROM cooperation_project_communes WHERE project_id = :p", soci::use(project_id);
  for (const auto& code : codes)
    sql << "INSERT INTO cooperation_project_communes (project_id, commune_code) VALUES (:p, :c)", soci::use(project_id),
        soci::use(code);
}

std::vector<std::string> Repository::epci_communes(soci::session& sql, const std::string& siren) const {
  return strings(sql, "SELECT code FROM communes WHERE epci_siren = :s ORDER BY code", siren);
}

std::vector<std::string> Repository::delegation_communes(soci::session& sql, long long delegation_id) const {
  std::vector<std::string> out;
  std::string code;
  soci::statement st =
      (sql.prepare << "SELECT c.code FROM communes c " + organisations::delegation_joins("c", "d", "g", false) +
                          " WHERE g.id = :d ORDER BY c.code",
       soci::into(code), soci::use(delegation_id));
  st.execute();
  while (st.fetch()) out.push_back(code);
  return out;
}

std::vector<std::string> Repository::existing_communes(soci::session& sql,
                                                       const std::vector<std::string>& codes) const {
  std::vector<std::string> out;
  for (const auto& code : codes) {
    std::string found;
    sql << "SELECT code FROM communes WHERE code = :c", soci::into(found), soci::use(code);
    if (sql.got_data()) out.push_back(found);
  }
  return out;
}

std::vector<std::string> Repository::commune_names(soci::session& sql, const std::vector<std::string>& codes) const {
  std::vector<std::string> out;
  for (const auto& code : codes) {
    std::string name;
    sql << "SELECT name FROM communes WHERE code = :c", soci::into(name), soci::use(code);
    if (sql.got_data()) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Repository::training_session_exists(soci::session& sql, long long session_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_sessions WHERE id = :id", soci::into(n), soci::use(session_id);
  return n > 0;
}

std::string Repository::commune_code_of(soci::session& sql, const std::string& typed, bool& ambiguous) const {
  ambiguous = false;
  std::string text = typed;
  // "Ancenis-Saint-Géréon (44003)": the code between the last parentheses.
  auto open = text.rfind('(');
  if (open != std::string::npos && !text.empty() && text.back() == ')') {
    std::string code = text.substr(open + 1, text.size() - open - 2);
    std::string found;
    sql << "SELECT code FROM communes WHERE code = :c", soci::into(found), soci::use(code);
    if (sql.got_data()) return found;
    text = text.substr(0, open);
    while (!text.empty() && text.back() == ' ') text.pop_back();
  }
  std::string found;
  sql << "SELECT code FROM communes WHERE code = :c", soci::into(found), soci::use(text);
  if (sql.got_data()) return found;
  // By name: the communes whose folded name (no accents, no case) is the folded text.
  std::string folded = fold_for_search(text);
  if (folded.empty()) return {};
  std::vector<std::string> matches;
  std::string code, name;
  std::string first = text.substr(0, 1);
  soci::statement st = (sql.prepare << "SELECT code, name FROM communes WHERE length(name) = length(:n) OR "
                                       "lower(name) = lower(:n2)",
                        soci::into(code), soci::into(name), soci::use(text), soci::use(text));
  st.execute();
  while (st.fetch())
    if (fold_for_search(name) == folded) matches.push_back(code);
  if (matches.size() > 1) {
    ambiguous = true;
    return {};
  }
  return matches.empty() ? std::string{} : matches.front();
}

namespace {
std::vector<Choice> choices(soci::session& sql, const std::string& query) {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << query, soci::into(c.value), soci::into(c.label));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}
// The départements the Département's délégations cover (all of them when there is no délégation).
const char* kDepartements =
    "(NOT EXISTS (SELECT 1 FROM delegations) OR c.departement_code IN (SELECT departement_code FROM delegations))";
}  // namespace

std::vector<Choice> Repository::commune_choices(soci::session& sql) const {
  auto out = choices(sql, std::string("SELECT c.code, c.name FROM communes c WHERE ") + kDepartements +
                              " ORDER BY c.name, c.code LIMIT 5000");
  for (auto& c : out) c.label += " (" + c.value + ")";
  return out;
}

std::vector<Choice> Repository::epci_choices(soci::session& sql) const {
  return choices(sql, std::string("SELECT e.siren, e.name FROM epcis e WHERE EXISTS (SELECT 1 FROM communes c WHERE "
                                  "c.epci_siren = e.siren AND ") +
                          kDepartements + ") ORDER BY e.name, e.siren");
}

std::vector<Choice> Repository::delegation_choices(soci::session& sql) const {
  return choices(sql, "SELECT CAST(d.id AS TEXT), d.name FROM delegations d ORDER BY d.name, d.id");
}

std::vector<Choice> Repository::organisation_choices(soci::session& sql) const {
  return choices(sql, "SELECT CAST(id AS TEXT), name FROM organisations WHERE status = 'active' ORDER BY name, id");
}

std::vector<Repository::SessionRow> Repository::training_sessions(soci::session& sql, long long user_id) const {
  std::vector<SessionRow> out;
  SessionRow r;
  long long teaches = 0;
  soci::statement st =
      (sql.prepare << "SELECT s.id, pr.organiser_id, s.starts_at, s.title, pr.title, (SELECT COUNT(*) FROM "
                      "training_session_trainers t WHERE t.session_id = s.id AND t.user_id = :u) FROM "
                      "training_sessions s JOIN training_programmes pr ON pr.id = s.programme_id WHERE s.status <> "
                      "'cancelled' ORDER BY s.starts_at DESC, s.id DESC",
       soci::into(r.id), soci::into(r.organiser_id), soci::into(r.starts_at), soci::into(r.title),
       soci::into(r.programme), soci::into(teaches), soci::use(user_id));
  st.execute();
  while (st.fetch()) {
    r.teaches = teaches > 0;
    out.push_back(r);
  }
  return out;
}

std::string Repository::training_session_title(soci::session& sql, long long session_id) const {
  std::string title, programme;
  sql << "SELECT s.title, pr.title FROM training_sessions s JOIN training_programmes pr ON pr.id = s.programme_id "
         "WHERE s.id = :id",
      soci::into(title), soci::into(programme), soci::use(session_id);
  if (!sql.got_data()) return {};
  return title + " — " + programme;
}

std::vector<MyProject> Repository::mine(soci::session& sql, long long user_id, int limit) const {
  std::vector<MyProject> out;
  MyProject m;
  soci::statement st =
      (sql.prepare << std::string("SELECT p.id, p.title, p.question, p.summary, p.territory_kind, p.territory_ref, "
                                  "p.territory_label, p.visibility, p.phase, p.organisation_id, COALESCE(o.name, ''), "
                                  "p.training_session_id, p.created_by, p.created_at, p.updated_at, m.role FROM "
                                  "cooperation_members m JOIN cooperation_projects p ON p.id = m.project_id LEFT "
                                  "JOIN organisations o ON o.id = p.organisation_id WHERE m.user_id = :u AND "
                                  "p.phase <> 'closed' ORDER BY p.updated_at DESC, p.id DESC LIMIT :l"),
       TRAME_PROJECT_INTO(m.project), soci::into(m.role), soci::use(user_id), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::count_mine(soci::session& sql, long long user_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_members m JOIN cooperation_projects p ON p.id = m.project_id WHERE "
         "m.user_id = :u AND p.phase <> 'closed'",
      soci::into(n), soci::use(user_id);
  return n;
}

std::string Repository::epci_name(soci::session& sql, const std::string& siren) const {
  std::string name;
  sql << "SELECT name FROM epcis WHERE siren = :s", soci::into(name), soci::use(siren);
  return sql.got_data() ? name : std::string{};
}

std::string Repository::delegation_name(soci::session& sql, long long delegation_id) const {
  std::string name;
  sql << "SELECT name FROM delegations WHERE id = :d", soci::into(name), soci::use(delegation_id);
  return sql.got_data() ? name : std::string{};
}

namespace {
const char* kMemberSelect =
    "SELECT m.id, m.project_id, m.user_id, u.name, u.email, m.role, m.organisation_id, COALESCE(o.name, '') FROM "
    "cooperation_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = m.organisation_id ";

#define TRAME_COOP_MEMBER_INTO(m)                                                                \
  soci::into((m).id), soci::into((m).project_id), soci::into((m).user_id), soci::into((m).name), \
      soci::into((m).email), soci::into((m).role), soci::into((m).organisation_id), soci::into((m).organisation_name)
}  // namespace

std::vector<Member> Repository::members(soci::session& sql, long long project_id) const {
  std::vector<Member> out;
  Member m;
  soci::statement st = (sql.prepare << std::string(kMemberSelect) +
                                           "WHERE m.project_id = :p ORDER BY CASE m.role WHEN 'facilitator' THEN 0 "
                                           "WHEN 'member' THEN 1 ELSE 2 END, u.name, m.id",
                        TRAME_COOP_MEMBER_INTO(m), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

std::optional<Member> Repository::member(soci::session& sql, long long member_id) const {
  Member m;
  sql << std::string(kMemberSelect) + "WHERE m.id = :id", TRAME_COOP_MEMBER_INTO(m), soci::use(member_id);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

std::string Repository::role_of(soci::session& sql, long long project_id, long long user_id) const {
  std::string role;
  if (user_id <= 0) return role;
  sql << "SELECT role FROM cooperation_members WHERE project_id = :p AND user_id = :u", soci::into(role),
      soci::use(project_id), soci::use(user_id);
  return sql.got_data() ? role : std::string{};
}

long long Repository::insert_member(soci::session& sql, const Member& m, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_members (project_id, user_id, role, organisation_id, created_at) VALUES (:p, :u, "
         ":r, :o, :n) RETURNING id",
      soci::use(m.project_id), soci::use(m.user_id), soci::use(m.role), soci::use(m.organisation_id), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::set_role(soci::session& sql, long long member_id, const std::string& role) const {
  sql << "UPDATE cooperation_members SET role = :r WHERE id = :id", soci::use(role), soci::use(member_id);
}

void Repository::delete_member(soci::session& sql, long long member_id) const {
  sql << "DELETE FROM cooperation_members WHERE id = :id", soci::use(member_id);
}

long long Repository::count_facilitators(soci::session& sql, long long project_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_members WHERE project_id = :p AND role = 'facilitator'", soci::into(n),
      soci::use(project_id);
  return n;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e) AND disabled = 0", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

std::vector<Partner> Repository::partners(soci::session& sql, long long project_id) const {
  std::vector<Partner> out;
  Partner p;
  soci::statement st = (sql.prepare << "SELECT x.id, x.project_id, x.organisation_id, o.name, o.kind, x.contribution "
                                       "FROM cooperation_partners x JOIN organisations o ON o.id = x.organisation_id "
                                       "WHERE x.project_id = :p ORDER BY o.name, x.id",
                        soci::into(p.id), soci::into(p.project_id), soci::into(p.organisation_id), soci::into(p.name),
                        soci::into(p.kind), soci::into(p.contribution), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::insert_partner(soci::session& sql, const Partner& p, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_partners (project_id, organisation_id, contribution, created_at) VALUES (:p, :o, "
         ":c, :n) RETURNING id",
      soci::use(p.project_id), soci::use(p.organisation_id), soci::use(p.contribution), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_partner(soci::session& sql, long long project_id, long long partner_id) const {
  sql << "DELETE FROM cooperation_partners WHERE id = :id AND project_id = :p", soci::use(partner_id),
      soci::use(project_id);
}

bool Repository::organisation_exists(soci::session& sql, long long organisation_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM organisations WHERE id = :id AND status = 'active'", soci::into(n),
      soci::use(organisation_id);
  return n > 0;
}

std::vector<Phase> Repository::phases_of(soci::session& sql, long long project_id) const {
  std::vector<Phase> out;
  Phase ph;
  soci::statement st = (sql.prepare << "SELECT kind, starts_on, ends_on FROM cooperation_phases WHERE project_id = :p",
                        soci::into(ph.kind), soci::into(ph.starts_on), soci::into(ph.ends_on), soci::use(project_id));
  st.execute();
  std::vector<Phase> found;
  while (st.fetch()) found.push_back(ph);
  // In the phases' order, every phase present (without dates when none were set).
  for (const auto& kind : phases()) {
    Phase p{kind, "", ""};
    for (const auto& f : found)
      if (f.kind == kind) p = f;
    out.push_back(p);
  }
  return out;
}

void Repository::set_phase_dates(soci::session& sql, long long project_id, const Phase& phase) const {
  sql << "DELETE FROM cooperation_phases WHERE project_id = :p AND kind = :k", soci::use(project_id),
      soci::use(phase.kind);
  sql << "INSERT INTO cooperation_phases (project_id, kind, starts_on, ends_on) VALUES (:p, :k, :s, :e)",
      soci::use(project_id), soci::use(phase.kind), soci::use(phase.starts_on), soci::use(phase.ends_on);
}

}  // namespace trame::projects
