#include "cooperation/actions/repository.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::actions {

namespace {

const char* kActionSelect =
    "SELECT a.id, a.project_id, a.parent_id, a.decision_id, a.title, a.description, a.status, a.progress, a.weight, "
    "a.owner_id, COALESCE(u.name, ''), a.starts_on, a.due_on, a.done_on, a.created_by, a.created_at, a.updated_at "
    "FROM cooperation_actions a LEFT JOIN users u ON u.id = a.owner_id ";

// The row's numbers are BIGINT on both engines; read as long long, then narrowed.
struct Row {
  Action a;
  long long progress = 0, weight = 1;
  Action get() const {
    Action out = a;
    out.progress = static_cast<int>(progress);
    out.weight = static_cast<int>(weight);
    return out;
  }
};

#define TRAME_ACTION_INTO(r)                                                                                           \
  soci::into((r).a.id), soci::into((r).a.project_id), soci::into((r).a.parent_id), soci::into((r).a.decision_id),      \
      soci::into((r).a.title), soci::into((r).a.description), soci::into((r).a.status), soci::into((r).progress),      \
      soci::into((r).weight), soci::into((r).a.owner_id), soci::into((r).a.owner_name), soci::into((r).a.starts_on),   \
      soci::into((r).a.due_on), soci::into((r).a.done_on), soci::into((r).a.created_by), soci::into((r).a.created_at), \
      soci::into((r).a.updated_at)

const char* kLinkSelect =
    "SELECT l.id, l.action_id, l.kind, l.target_id, l.label, l.url FROM cooperation_action_links l ";

#define TRAME_LINK_INTO(l)                                                                        \
  soci::into((l).id), soci::into((l).action_id), soci::into((l).kind), soci::into((l).target_id), \
      soci::into((l).label), soci::into((l).url)

}  // namespace

std::vector<Action> Repository::of_project(soci::session& sql, long long project_id) const {
  std::vector<Action> out;
  Row r;
  soci::statement st = (sql.prepare << std::string(kActionSelect) + "WHERE a.project_id = :p ORDER BY a.id",
                        TRAME_ACTION_INTO(r), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(r.get());
  return out;
}

std::optional<Action> Repository::find(soci::session& sql, long long project_id, long long id) const {
  Row r;
  sql << std::string(kActionSelect) + "WHERE a.id = :id AND a.project_id = :p", TRAME_ACTION_INTO(r), soci::use(id),
      soci::use(project_id);
  if (!sql.got_data()) return std::nullopt;
  return r.get();
}

void Repository::hold(soci::session& sql, long long project_id) const {
  store::lock_row(sql, "cooperation_projects", project_id);
}

long long Repository::insert(soci::session& sql, const Action& a, long long now) const {
  long long id = 0;
  long long progress = a.progress, weight = a.weight;
  sql << "INSERT INTO cooperation_actions (project_id, parent_id, decision_id, title, description, status, progress, "
         "weight, owner_id, starts_on, due_on, done_on, created_by, created_at, updated_at) VALUES (:p, :pa, :d, :t, "
         ":de, :s, :pr, :w, :o, :so, :du, :dn, :cb, :ca, :ua) RETURNING id",
      soci::use(a.project_id), soci::use(a.parent_id), soci::use(a.decision_id), soci::use(a.title),
      soci::use(a.description), soci::use(a.status), soci::use(progress), soci::use(weight), soci::use(a.owner_id),
      soci::use(a.starts_on), soci::use(a.due_on), soci::use(a.done_on), soci::use(a.created_by), soci::use(now),
      soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Action& a, long long now) const {
  long long weight = a.weight;
  sql << "UPDATE cooperation_actions SET title = :t, description = :de, owner_id = :o, starts_on = :so, due_on = :du, "
         "weight = :w, parent_id = :pa, updated_at = :n WHERE id = :id",
      soci::use(a.title), soci::use(a.description), soci::use(a.owner_id), soci::use(a.starts_on), soci::use(a.due_on),
      soci::use(weight), soci::use(a.parent_id), soci::use(now), soci::use(a.id);
}

void Repository::set_parent(soci::session& sql, long long id, long long parent_id, long long now) const {
  sql << "UPDATE cooperation_actions SET parent_id = :pa, updated_at = :n WHERE id = :id", soci::use(parent_id),
      soci::use(now), soci::use(id);
}

void Repository::set_status(soci::session& sql, long long id, const std::string& status, int progress,
                            const std::string& done_on, long long now) const {
  long long p = progress;
  sql << "UPDATE cooperation_actions SET status = :s, progress = :pr, done_on = :dn, updated_at = :n WHERE id = :id",
      soci::use(status), soci::use(p), soci::use(done_on), soci::use(now), soci::use(id);
}

void Repository::reattach_children(soci::session& sql, long long id, long long parent_id, long long now) const {
  sql << "UPDATE cooperation_actions SET parent_id = :pa, updated_at = :n WHERE parent_id = :id", soci::use(parent_id),
      soci::use(now), soci::use(id);
}

void Repository::remove(soci::session& sql, long long id) const {
  sql << "DELETE FROM cooperation_action_links WHERE action_id = :id", soci::use(id);
  sql << "DELETE FROM cooperation_actions WHERE id = :id", soci::use(id);
}

std::vector<Link> Repository::links_of_project(soci::session& sql, long long project_id) const {
  std::vector<Link> out;
  Link l;
  soci::statement st =
      (sql.prepare << std::string(kLinkSelect) +
                          "JOIN cooperation_actions a ON a.id = l.action_id WHERE a.project_id = :p ORDER BY l.id",
       TRAME_LINK_INTO(l), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<Link> Repository::links(soci::session& sql, long long action_id) const {
  std::vector<Link> out;
  Link l;
  soci::statement st = (sql.prepare << std::string(kLinkSelect) + "WHERE l.action_id = :a ORDER BY l.id",
                        TRAME_LINK_INTO(l), soci::use(action_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

long long Repository::insert_link(soci::session& sql, const Link& l, long long created_by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_action_links (action_id, kind, target_id, label, url, created_by, created_at) "
         "VALUES (:a, :k, :t, :l, :u, :cb, :ca) RETURNING id",
      soci::use(l.action_id), soci::use(l.kind), soci::use(l.target_id), soci::use(l.label), soci::use(l.url),
      soci::use(created_by), soci::use(now), soci::into(id);
  return id;
}

bool Repository::remove_link(soci::session& sql, long long action_id, long long link_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_action_links WHERE id = :l AND action_id = :a", soci::into(n),
      soci::use(link_id), soci::use(action_id);
  if (n == 0) return false;
  sql << "DELETE FROM cooperation_action_links WHERE id = :l AND action_id = :a", soci::use(link_id),
      soci::use(action_id);
  return true;
}

bool Repository::table_exists(soci::session& sql, const std::string& table) const {
  long long n = 0;
  if (sql.get_backend_name() == "sqlite3")
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::into(n), soci::use(table);
  else
    sql << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = :t",
        soci::into(n), soci::use(table);
  return n > 0;
}

std::string Repository::decision_title(soci::session& sql, long long project_id, long long decision_id) const {
  if (decision_id <= 0 || !table_exists(sql, "cooperation_decisions")) return {};
  std::string title;
  sql << "SELECT title FROM cooperation_decisions WHERE id = :d AND project_id = :p", soci::into(title),
      soci::use(decision_id), soci::use(project_id);
  return sql.got_data() ? title : std::string();
}

std::vector<Choice> Repository::offers(soci::session& sql, int limit) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, title FROM outing_offers WHERE status = 'published' ORDER BY "
                                       "title, id LIMIT :l",
                        soci::into(c.id), soci::into(c.label), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::sessions(soci::session& sql, int limit) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT s.id, s.title FROM training_sessions s JOIN training_programmes p ON p.id = "
                      "s.programme_id WHERE p.status = 'published' AND s.status <> 'cancelled' ORDER BY s.starts_at "
                      "DESC, s.id DESC LIMIT :l",
       soci::into(c.id), soci::into(c.label), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::meetings(soci::session& sql, long long project_id, int limit) const {
  std::vector<Choice> out;
  if (!table_exists(sql, "cooperation_meetings")) return out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, title FROM cooperation_meetings WHERE project_id = :p AND status "
                                       "<> 'cancelled' ORDER BY starts_at DESC, id DESC LIMIT :l",
                        soci::into(c.id), soci::into(c.label), soci::use(project_id), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<Choice> Repository::choice(soci::session& sql, const std::string& kind, long long id,
                                         long long project_id) const {
  Choice c;
  if (kind == "offer") {
    sql << "SELECT id, title FROM outing_offers WHERE id = :i AND status = 'published'", soci::into(c.id),
        soci::into(c.label), soci::use(id);
  } else if (kind == "session") {
    sql << "SELECT s.id, s.title FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id WHERE "
           "s.id = :i AND p.status = 'published' AND s.status <> 'cancelled'",
        soci::into(c.id), soci::into(c.label), soci::use(id);
  } else if (kind == "meeting") {
    if (!table_exists(sql, "cooperation_meetings")) return std::nullopt;
    sql << "SELECT id, title FROM cooperation_meetings WHERE id = :i AND project_id = :p AND status <> 'cancelled'",
        soci::into(c.id), soci::into(c.label), soci::use(id), soci::use(project_id);
  } else {
    return std::nullopt;
  }
  if (!sql.got_data()) return std::nullopt;
  return c;
}

}  // namespace trame::actions
