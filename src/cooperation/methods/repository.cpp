#include "cooperation/methods/repository.hpp"

#include <sstream>

namespace trame::methods {

namespace {

const char* kMethodSelect =
    "SELECT m.id, m.title, m.purpose, m.duration_min, m.duration_max, m.group_min, m.group_max, m.materials, "
    "m.variants, m.tags, m.visibility, m.starter, m.created_by, m.updated_by, COALESCE(a.name, ''), "
    "COALESCE(e.name, ''), m.created_at, m.updated_at FROM cooperation_methods m "
    "LEFT JOIN users a ON a.id = m.created_by LEFT JOIN users e ON e.id = m.updated_by ";

// A method's row as read; tags and starter are converted by fix().
struct Row {
  Method m;
  std::string tags;
  int starter = 0;
};

#define TRAME_METHOD_INTO(r)                                                                                       \
  soci::into((r).m.id), soci::into((r).m.title), soci::into((r).m.purpose), soci::into((r).m.duration_min),        \
      soci::into((r).m.duration_max), soci::into((r).m.group_min), soci::into((r).m.group_max),                    \
      soci::into((r).m.materials), soci::into((r).m.variants), soci::into((r).tags), soci::into((r).m.visibility), \
      soci::into((r).starter), soci::into((r).m.created_by), soci::into((r).m.updated_by),                         \
      soci::into((r).m.author_name), soci::into((r).m.editor_name), soci::into((r).m.created_at),                  \
      soci::into((r).m.updated_at)

Method fix(const Row& r) {
  Method m = r.m;
  m.starter = r.starter != 0;
  m.tags.clear();
  std::istringstream in(r.tags);
  std::string tag;
  while (std::getline(in, tag, ',')) {
    auto b = tag.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    auto e = tag.find_last_not_of(' ');
    m.tags.push_back(tag.substr(b, e - b + 1));
  }
  return m;
}

// A LIKE pattern's literal part: the wildcards and the escape character itself escaped with '\'
// (every LIKE below says ESCAPE '\', the same on both engines).
std::string like_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The search's bound values, kept alive for the statement: at most five words (as the directory).
struct Params {
  int network = 0, has_words = 0;
  std::string words[5];
  long long minutes = 0, people = 0;
  int has_tag = 0;
  std::string tag;
  explicit Params(const Query& q) : network(q.network ? 1 : 0), minutes(q.minutes), people(q.people) {
    int n = 0;
    for (const auto& w : q.words) {
      if (n == 5) break;
      words[n++] = "%" + like_escape(w) + "%";
    }
    has_words = n > 0 ? 1 : 0;
    for (; n < 5; ++n) words[n] = "%";
    has_tag = q.tag.empty() ? 0 : 1;
    tag = "%," + like_escape(q.tag) + ",%";
  }
};

const char* kSearchWhere =
    "WHERE (:net = 1 OR m.visibility = 'public') "
    "AND (:hw = 0 OR (m.search_text LIKE :w1 ESCAPE '\\' AND m.search_text LIKE :w2 ESCAPE '\\' "
    "AND m.search_text LIKE :w3 ESCAPE '\\' AND m.search_text LIKE :w4 ESCAPE '\\' "
    "AND m.search_text LIKE :w5 ESCAPE '\\')) "
    "AND (:mi = 0 OR m.duration_min <= :mi2) "
    "AND (:pe = 0 OR (m.group_min <= :pe2 AND m.group_max >= :pe3)) "
    "AND (:ht = 0 OR m.tags_key LIKE :tg ESCAPE '\\') ";

#define TRAME_SEARCH_USE(p)                                                                              \
  soci::use((p).network), soci::use((p).has_words), soci::use((p).words[0]), soci::use((p).words[1]),    \
      soci::use((p).words[2]), soci::use((p).words[3]), soci::use((p).words[4]), soci::use((p).minutes), \
      soci::use((p).minutes), soci::use((p).people), soci::use((p).people), soci::use((p).people),       \
      soci::use((p).has_tag), soci::use((p).tag)

const char* kUseSelect =
    "SELECT x.id, x.method_id, COALESCE(x.project_id, 0), COALESCE(x.halfday_id, 0), COALESCE(h.session_id, 0), "
    "x.used_on, x.note, x.recorded_by, COALESCE(u.name, ''), x.created_at, "
    "COALESCE(p.title, s.title, '') FROM cooperation_method_uses x "
    "LEFT JOIN users u ON u.id = x.recorded_by LEFT JOIN cooperation_projects p ON p.id = x.project_id "
    "LEFT JOIN training_halfdays h ON h.id = x.halfday_id LEFT JOIN training_sessions s ON s.id = h.session_id ";

#define TRAME_USE_INTO(u)                                                                                     \
  soci::into((u).id), soci::into((u).method_id), soci::into((u).project_id), soci::into((u).halfday_id),      \
      soci::into((u).session_id), soci::into((u).used_on), soci::into((u).note), soci::into((u).recorded_by), \
      soci::into((u).recorded_by_name), soci::into((u).created_at), soci::into((u).place_title)

std::string joined_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

std::optional<Method> Repository::find(soci::session& sql, long long id) const {
  Row r;
  sql << std::string(kMethodSelect) + "WHERE m.id = :id", TRAME_METHOD_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  Method m = fix(r);
  std::string body;
  soci::statement st =
      (sql.prepare << "SELECT body FROM cooperation_method_steps WHERE method_id = :m ORDER BY position",
       soci::into(body), soci::use(id));
  st.execute();
  while (st.fetch()) m.steps.push_back(body);
  return m;
}

std::vector<Method> Repository::search(soci::session& sql, const Query& q, long long limit, long long offset) const {
  Params p(q);
  Row r;
  std::vector<Method> out;
  soci::statement st =
      (sql.prepare << std::string(kMethodSelect) + kSearchWhere + "ORDER BY m.search_text, m.id LIMIT :l OFFSET :o",
       TRAME_METHOD_INTO(r), TRAME_SEARCH_USE(p), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(fix(r));
  return out;
}

long long Repository::count(soci::session& sql, const Query& q) const {
  Params p(q);
  long long n = 0;
  sql << std::string("SELECT COUNT(*) FROM cooperation_methods m ") + kSearchWhere, soci::into(n), TRAME_SEARCH_USE(p);
  return n;
}

std::vector<MethodChoice> Repository::choices(soci::session& sql, bool network) const {
  int net = network ? 1 : 0;
  MethodChoice c;
  std::vector<MethodChoice> out;
  soci::statement st = (sql.prepare << "SELECT id, title FROM cooperation_methods WHERE (:net = 1 OR visibility = "
                                       "'public') ORDER BY search_text, id",
                        soci::into(c.id), soci::into(c.title), soci::use(net));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::insert(soci::session& sql, const Method& m, const std::string& search_text,
                             const std::string& tags_key, long long now) const {
  long long id = 0;
  std::string tags = joined_tags(m.tags);
  sql << "INSERT INTO cooperation_methods (title, purpose, duration_min, duration_max, group_min, group_max, "
         "materials, variants, tags, visibility, starter, search_text, tags_key, created_by, updated_by, created_at, "
         "updated_at) VALUES (:t, :p, :dmin, :dmax, :gmin, :gmax, :ma, :va, :ta, :vi, 0, :st, :tk, :cb, :ub, :ca, "
         ":ua) RETURNING id",
      soci::use(m.title), soci::use(m.purpose), soci::use(m.duration_min), soci::use(m.duration_max),
      soci::use(m.group_min), soci::use(m.group_max), soci::use(m.materials), soci::use(m.variants), soci::use(tags),
      soci::use(m.visibility), soci::use(search_text), soci::use(tags_key), soci::use(m.created_by),
      soci::use(m.updated_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Method& m, const std::string& search_text,
                        const std::string& tags_key, long long now) const {
  std::string tags = joined_tags(m.tags);
  sql << "UPDATE cooperation_methods SET title = :t, purpose = :p, duration_min = :dmin, duration_max = :dmax, "
         "group_min = :gmin, group_max = :gmax, materials = :ma, variants = :va, tags = :ta, visibility = :vi, "
         "search_text = :st, tags_key = :tk, updated_by = :ub, updated_at = :ua WHERE id = :id",
      soci::use(m.title), soci::use(m.purpose), soci::use(m.duration_min), soci::use(m.duration_max),
      soci::use(m.group_min), soci::use(m.group_max), soci::use(m.materials), soci::use(m.variants), soci::use(tags),
      soci::use(m.visibility), soci::use(search_text), soci::use(tags_key), soci::use(m.updated_by), soci::use(now),
      soci::use(m.id);
}

void Repository::set_steps(soci::session& sql, long long method_id, const std::vector<std::string>& steps) const {
  sql << "DELETE FROM cooperation_method_steps WHERE method_id = :m", soci::use(method_id);
  long long position = 0;
  for (const auto& body : steps) {
    ++position;
    sql << "INSERT INTO cooperation_method_steps (method_id, position, body) VALUES (:m, :p, :b)", soci::use(method_id),
        soci::use(position), soci::use(body);
  }
}

long long Repository::by_title(soci::session& sql, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM cooperation_methods WHERE title = :t ORDER BY id LIMIT 1", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

bool Repository::facilitates_a_project(soci::session& sql, long long user_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_members WHERE user_id = :u AND role = 'facilitator'", soci::into(n),
      soci::use(user_id);
  return n > 0;
}

std::vector<Use> Repository::uses(soci::session& sql, long long method_id, long long limit, long long offset) const {
  Use u;
  std::vector<Use> out;
  soci::statement st =
      (sql.prepare << std::string(kUseSelect) +
                          "WHERE x.method_id = :m ORDER BY x.used_on DESC, x.id DESC LIMIT :l OFFSET :o",
       TRAME_USE_INTO(u), soci::use(method_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(u);
  return out;
}

long long Repository::count_uses(soci::session& sql, long long method_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_method_uses WHERE method_id = :m", soci::into(n), soci::use(method_id);
  return n;
}

std::optional<Use> Repository::use(soci::session& sql, long long id) const {
  Use u;
  sql << std::string(kUseSelect) + "WHERE x.id = :id", TRAME_USE_INTO(u), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return u;
}

long long Repository::insert_use(soci::session& sql, const Use& u, long long now) const {
  long long id = 0;
  // NULL for the place that is not this one (the foreign keys allow no 0).
  soci::indicator project_ind = u.project_id ? soci::i_ok : soci::i_null;
  soci::indicator halfday_ind = u.halfday_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO cooperation_method_uses (method_id, project_id, halfday_id, used_on, note, recorded_by, "
         "created_at) VALUES (:m, :p, :h, :d, :n, :r, :c) RETURNING id",
      soci::use(u.method_id), soci::use(u.project_id, project_ind), soci::use(u.halfday_id, halfday_ind),
      soci::use(u.used_on), soci::use(u.note), soci::use(u.recorded_by), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_use(soci::session& sql, long long id) const {
  sql << "DELETE FROM cooperation_method_uses WHERE id = :id", soci::use(id);
}

bool Repository::use_exists(soci::session& sql, const Use& u) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_method_uses WHERE method_id = :m AND COALESCE(project_id, 0) = :p AND "
         "COALESCE(halfday_id, 0) = :h AND used_on = :d",
      soci::into(n), soci::use(u.method_id), soci::use(u.project_id), soci::use(u.halfday_id), soci::use(u.used_on);
  return n > 0;
}

bool Repository::has_use(soci::session& sql, long long method_id, long long project_id, long long halfday_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_method_uses WHERE method_id = :m AND COALESCE(project_id, 0) = :p AND "
         "COALESCE(halfday_id, 0) = :h",
      soci::into(n), soci::use(method_id), soci::use(project_id), soci::use(halfday_id);
  return n > 0;
}

std::vector<MethodChoice> Repository::contributed_projects(soci::session& sql, long long user_id) const {
  MethodChoice c;
  std::vector<MethodChoice> out;
  soci::statement st = (sql.prepare << "SELECT p.id, p.title FROM cooperation_projects p JOIN cooperation_members m ON "
                                       "m.project_id = p.id WHERE m.user_id = :u AND m.role IN ('facilitator', "
                                       "'member') ORDER BY p.title, p.id",
                        soci::into(c.id), soci::into(c.title), soci::use(user_id));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<HalfDayChoice> Repository::taught_halfdays(soci::session& sql, long long user_id,
                                                       const std::string& today) const {
  HalfDayChoice h;
  std::vector<HalfDayChoice> out;
  soci::statement st =
      (sql.prepare
           << "SELECT h.id, h.day, h.period, s.title FROM training_halfdays h JOIN training_sessions s ON s.id = "
              "h.session_id JOIN training_session_trainers t ON t.session_id = s.id WHERE t.user_id = :u AND "
              "s.status <> 'cancelled' AND h.day <= :d ORDER BY h.day DESC, h.period DESC, h.id LIMIT 200",
       soci::into(h.id), soci::into(h.day), soci::into(h.period), soci::into(h.session_title), soci::use(user_id),
       soci::use(today));
  st.execute();
  while (st.fetch()) out.push_back(h);
  return out;
}

std::optional<Repository::HalfDayRef> Repository::halfday(soci::session& sql, long long halfday_id) const {
  HalfDayRef r;
  sql << "SELECT session_id, day FROM training_halfdays WHERE id = :id", soci::into(r.session_id), soci::into(r.day),
      soci::use(halfday_id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

bool Repository::programme_published(soci::session& sql, long long session_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id WHERE s.id = :s "
         "AND p.status = 'published'",
      soci::into(n), soci::use(session_id);
  return n > 0;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::methods
