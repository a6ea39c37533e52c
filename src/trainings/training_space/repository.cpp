#include "trainings/training_space/repository.hpp"

#include <map>

#include "platform/store/bytes.hpp"
#include "platform/core/permissions.hpp"

namespace trame::training_space {

namespace {

const char* kResourceColumns =
    "SELECT r.id, r.session_id, COALESCE(r.module_id, 0), COALESCE(m.title, ''), COALESCE(m.position, 0), r.kind, "
    "r.title, r.url, r.body, r.file_name, r.content_type, r.size_bytes, r.sha256, r.shared_by_trainee, r.deleted, "
    "r.created_by, COALESCE(u.name, ''), r.created_at ";
const char* kResourceFrom =
    "FROM training_resources r LEFT JOIN training_modules m ON m.id = r.module_id "
    "LEFT JOIN users u ON u.id = r.created_by ";

struct ResourceRow {
  Resource r;
  int shared = 0;
  int deleted = 0;
};

void bind_resource(soci::statement& st, ResourceRow& row) {
  Resource& r = row.r;
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.session_id));
  st.exchange(soci::into(r.module_id));
  st.exchange(soci::into(r.module_title));
  st.exchange(soci::into(r.module_position));
  st.exchange(soci::into(r.kind));
  st.exchange(soci::into(r.title));
  st.exchange(soci::into(r.url));
  st.exchange(soci::into(r.body));
  st.exchange(soci::into(r.file_name));
  st.exchange(soci::into(r.content_type));
  st.exchange(soci::into(r.size_bytes));
  st.exchange(soci::into(r.sha256));
  st.exchange(soci::into(row.shared));
  st.exchange(soci::into(row.deleted));
  st.exchange(soci::into(r.created_by));
  st.exchange(soci::into(r.created_by_name));
  st.exchange(soci::into(r.created_at));
}

Resource finish(const ResourceRow& row) {
  Resource r = row.r;
  r.shared = row.shared != 0;
  r.deleted = row.deleted != 0;
  return r;
}

}  // namespace

std::vector<Module> Repository::modules(soci::session& sql, long long programme_id) {
  Module m;
  soci::statement st = (sql.prepare << "SELECT id, position, title FROM training_modules WHERE programme_id = :p "
                                       "ORDER BY position, id",
                        soci::into(m.id), soci::into(m.position), soci::into(m.title), soci::use(programme_id));
  st.execute();
  std::vector<Module> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<Resource> Repository::resources(soci::session& sql, long long session_id, long long offset, long long limit,
                                            long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_resources WHERE session_id = :s AND deleted = 0",
      soci::into(total), soci::use(session_id);
  ResourceRow row;
  soci::statement st(sql);
  bind_resource(st, row);
  st.exchange(soci::use(session_id));
  st.exchange(soci::use(limit));
  st.exchange(soci::use(offset));
  st.alloc();
  st.prepare(std::string(kResourceColumns) + kResourceFrom +
             "WHERE r.session_id = :s AND r.deleted = 0 "
             "ORDER BY CASE WHEN r.shared_by_trainee = 1 THEN 2 WHEN r.module_id IS NULL THEN 0 ELSE 1 END, "
             "COALESCE(m.position, 0), COALESCE(r.module_id, 0), r.created_at DESC, r.id DESC "
             "LIMIT :l OFFSET :o");
  st.define_and_bind();
  st.execute();
  std::vector<Resource> out;
  while (st.fetch()) out.push_back(finish(row));
  return out;
}

std::optional<Resource> Repository::resource(soci::session& sql, long long id, bool with_bytes) {
  ResourceRow row;
  std::string data;
  soci::statement st(sql);
  bind_resource(st, row);
  if (with_bytes) st.exchange(soci::into(data));
  st.exchange(soci::use(id));
  st.alloc();
  st.prepare(std::string(kResourceColumns) + (with_bytes ? ", encode(r.data, 'hex') " : "") + kResourceFrom +
             "WHERE r.id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  Resource r = finish(row);
  if (with_bytes) r.bytes = store::from_hex(data);
  return r;
}

long long Repository::insert_resource(soci::session& sql, const Resource& r) {
  long long id = 0;
  std::string data = store::to_hex(r.bytes);
  long long module = r.module_id;
  soci::indicator module_ind = module ? soci::i_ok : soci::i_null;
  int shared = r.shared ? 1 : 0;
  sql << "INSERT INTO training_resources (session_id, module_id, kind, title, url, body, file_name, content_type, "
         "data, size_bytes, sha256, shared_by_trainee, deleted, created_by, created_at) "
         "VALUES (:s, :m, :k, :t, :u, :b, :f, :c, decode(:d, 'hex'), :n, :h, :sh, 0, :by, :at) RETURNING id",
      soci::use(r.session_id), soci::use(module, module_ind), soci::use(r.kind), soci::use(r.title), soci::use(r.url),
      soci::use(r.body), soci::use(r.file_name), soci::use(r.content_type), soci::use(data), soci::use(r.size_bytes),
      soci::use(r.sha256), soci::use(shared), soci::use(r.created_by), soci::use(r.created_at), soci::into(id);
  return id;
}

bool Repository::mark_resource_deleted(soci::session& sql, long long id) {
  soci::statement st =
      (sql.prepare << "UPDATE training_resources SET deleted = 1 WHERE id = :id AND deleted = 0", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

namespace {

// The tables of a kind of space (fixed names, never from input).
struct SpaceTables {
  const char* threads;
  const char* owner;  // the owner's column in `threads`
  const char* posts;
  const char* files;         // where a post's shared file is
  const char* post_deleted;  // the posts' "removed" column, or a constant
};

const SpaceTables& tables(SpaceKind kind) {
  static const SpaceTables group{"training_threads", "session_id", "training_posts", "training_resources", "0"};
  static const SpaceTables alumni{"training_alumni_threads", "programme_id", "training_alumni_posts",
                                  "training_alumni_files", "p.deleted"};
  return kind == SpaceKind::alumni ? alumni : group;
}

}  // namespace

std::vector<Thread> Repository::threads(soci::session& sql, const Space& space, long long offset, long long limit,
                                        long long& total) {
  const SpaceTables& tb = tables(space.kind);
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM ") + tb.threads + " WHERE " + tb.owner + " = :s",
      soci::into(total), soci::use(space.owner_id);
  Thread t;
  soci::statement st =
      (sql.prepare << std::string("SELECT t.id, t.") + tb.owner +
                          ", t.title, t.author_id, COALESCE(u.name, ''), t.created_at, t.last_post_at, t.posts FROM " +
                          tb.threads + " t LEFT JOIN users u ON u.id = t.author_id WHERE t." + tb.owner +
                          " = :s ORDER BY t.last_post_at DESC, t.id DESC LIMIT :l OFFSET :o",
       soci::into(t.id), soci::into(t.session_id), soci::into(t.title), soci::into(t.author_id),
       soci::into(t.author_name), soci::into(t.created_at), soci::into(t.last_post_at), soci::into(t.posts),
       soci::use(space.owner_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Thread> out;
  while (st.fetch()) out.push_back(t);
  return out;
}

std::optional<Thread> Repository::thread(soci::session& sql, SpaceKind kind, long long id) {
  const SpaceTables& tb = tables(kind);
  Thread t;
  sql << std::string("SELECT t.id, t.") + tb.owner +
             ", t.title, t.author_id, COALESCE(u.name, ''), t.created_at, t.last_post_at, t.posts FROM " + tb.threads +
             " t LEFT JOIN users u ON u.id = t.author_id WHERE t.id = :id",
      soci::into(t.id), soci::into(t.session_id), soci::into(t.title), soci::into(t.author_id),
      soci::into(t.author_name), soci::into(t.created_at), soci::into(t.last_post_at), soci::into(t.posts),
      soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

long long Repository::insert_thread(soci::session& sql, SpaceKind kind, const Thread& t) {
  const SpaceTables& tb = tables(kind);
  long long id = 0;
  sql << std::string("INSERT INTO ") + tb.threads + " (" + tb.owner +
             ", title, author_id, created_at, last_post_at, posts) VALUES (:s, :t, :a, :c, :l, 0) RETURNING id",
      soci::use(t.session_id), soci::use(t.title), soci::use(t.author_id), soci::use(t.created_at),
      soci::use(t.created_at), soci::into(id);
  return id;
}

long long Repository::insert_post(soci::session& sql, SpaceKind kind, const Post& p) {
  const SpaceTables& tb = tables(kind);
  long long id = 0;
  long long resource = p.resource_id;
  soci::indicator resource_ind = resource ? soci::i_ok : soci::i_null;
  sql << std::string("INSERT INTO ") + tb.posts +
             " (thread_id, author_id, body, resource_id, created_at) VALUES (:t, :a, :b, :r, :c) RETURNING id",
      soci::use(p.thread_id), soci::use(p.author_id), soci::use(p.body), soci::use(resource, resource_ind),
      soci::use(p.created_at), soci::into(id);
  return id;
}

void Repository::touch_thread(soci::session& sql, SpaceKind kind, long long thread_id, long long at) {
  sql << std::string("UPDATE ") + tables(kind).threads +
             " SET posts = posts + 1, last_post_at = CASE WHEN last_post_at > :a THEN last_post_at ELSE :b END "
             "WHERE id = :id",
      soci::use(at), soci::use(at), soci::use(thread_id);
}

namespace {
std::string post_select(const SpaceTables& tb) {
  return std::string(
             "SELECT p.id, p.thread_id, p.author_id, COALESCE(u.name, ''), p.body, COALESCE(p.resource_id, 0), "
             "COALESCE(r.file_name, ''), COALESCE(r.deleted, 0), ") +
         tb.post_deleted + ", p.created_at FROM " + tb.posts + " p LEFT JOIN users u ON u.id = p.author_id LEFT JOIN " +
         tb.files + " r ON r.id = p.resource_id ";
}
}  // namespace

std::vector<Post> Repository::posts(soci::session& sql, SpaceKind kind, long long thread_id, long long offset,
                                    long long limit, long long& total) {
  const SpaceTables& tb = tables(kind);
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM ") + tb.posts + " WHERE thread_id = :t", soci::into(total),
      soci::use(thread_id);
  Post p;
  int deleted = 0, removed = 0;
  soci::statement st =
      (sql.prepare << post_select(tb) + "WHERE p.thread_id = :t ORDER BY p.created_at, p.id LIMIT :l OFFSET :o",
       soci::into(p.id), soci::into(p.thread_id), soci::into(p.author_id), soci::into(p.author_name),
       soci::into(p.body), soci::into(p.resource_id), soci::into(p.resource_name), soci::into(deleted),
       soci::into(removed), soci::into(p.created_at), soci::use(thread_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Post> out;
  while (st.fetch()) {
    p.resource_deleted = deleted != 0;
    p.deleted = removed != 0;
    out.push_back(p);
  }
  return out;
}

std::optional<Post> Repository::post(soci::session& sql, SpaceKind kind, long long id) {
  Post p;
  int deleted = 0, removed = 0;
  sql << post_select(tables(kind)) + "WHERE p.id = :id", soci::into(p.id), soci::into(p.thread_id),
      soci::into(p.author_id), soci::into(p.author_name), soci::into(p.body), soci::into(p.resource_id),
      soci::into(p.resource_name), soci::into(deleted), soci::into(removed), soci::into(p.created_at), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  p.resource_deleted = deleted != 0;
  p.deleted = removed != 0;
  return p;
}

bool Repository::remove_post(soci::session& sql, long long post_id, long long by) {
  soci::statement st = (sql.prepare << "UPDATE training_alumni_posts SET deleted = 1, deleted_by = :b, body = '' "
                                       "WHERE id = :id AND deleted = 0",
                        soci::use(by), soci::use(post_id));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  sql << "UPDATE training_alumni_files SET deleted = 1 WHERE id = (SELECT resource_id FROM training_alumni_posts "
         "WHERE id = :id)",
      soci::use(post_id);
  return true;
}

std::optional<Resource> Repository::alumni_file(soci::session& sql, long long id, bool with_bytes) {
  Resource r;
  int deleted = 0;
  std::string data;
  if (with_bytes)
    sql << "SELECT id, programme_id, file_name, content_type, size_bytes, sha256, deleted, created_by, created_at, "
           "encode(data, 'hex') FROM training_alumni_files WHERE id = :id",
        soci::into(r.id), soci::into(r.session_id), soci::into(r.file_name), soci::into(r.content_type),
        soci::into(r.size_bytes), soci::into(r.sha256), soci::into(deleted), soci::into(r.created_by),
        soci::into(r.created_at), soci::into(data), soci::use(id);
  else
    sql << "SELECT id, programme_id, file_name, content_type, size_bytes, sha256, deleted, created_by, created_at "
           "FROM training_alumni_files WHERE id = :id",
        soci::into(r.id), soci::into(r.session_id), soci::into(r.file_name), soci::into(r.content_type),
        soci::into(r.size_bytes), soci::into(r.sha256), soci::into(deleted), soci::into(r.created_by),
        soci::into(r.created_at), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  r.kind = "file";
  r.title = r.file_name;
  r.shared = true;
  r.deleted = deleted != 0;
  if (with_bytes) r.bytes = store::from_hex(data);
  return r;
}

long long Repository::insert_alumni_file(soci::session& sql, long long programme_id, const Resource& r) {
  long long id = 0;
  std::string data = store::to_hex(r.bytes);
  sql << "INSERT INTO training_alumni_files (programme_id, file_name, content_type, data, size_bytes, sha256, "
         "deleted, created_by, created_at) VALUES (:p, :f, :c, decode(:d, 'hex'), :n, :h, 0, :by, :at) RETURNING id",
      soci::use(programme_id), soci::use(r.file_name), soci::use(r.content_type), soci::use(data),
      soci::use(r.size_bytes), soci::use(r.sha256), soci::use(r.created_by), soci::use(r.created_at), soci::into(id);
  return id;
}

std::vector<Member> Repository::members(soci::session& sql, long long session_id, long long organiser_id) {
  std::map<long long, Member> by_id;
  std::vector<long long> order;
  auto add = [&](const Member& m) {
    auto [it, inserted] = by_id.emplace(m.user_id, m);
    if (inserted) order.push_back(m.user_id);
    else it->second.muted = it->second.muted || m.muted;
  };
  Member m;
  int group_mail = 1;
  {
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.email, u.name, u.locale, a.group_mail FROM training_applications a "
                        "JOIN users u ON u.id = a.user_id WHERE a.session_id = :s "
                        "AND a.status IN ('admitted','confirmed','completed') AND u.disabled = 0 ORDER BY a.id",
         soci::into(m.user_id), soci::into(m.email), soci::into(m.name), soci::into(m.locale), soci::into(group_mail),
         soci::use(session_id));
    st.execute();
    while (st.fetch()) {
      m.muted = group_mail == 0;
      add(m);
    }
  }
  m.muted = false;
  {
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.email, u.name, u.locale FROM training_session_trainers t "
                        "JOIN users u ON u.id = t.user_id WHERE t.session_id = :s AND u.disabled = 0 ORDER BY u.id",
         soci::into(m.user_id), soci::into(m.email), soci::into(m.name), soci::into(m.locale), soci::use(session_id));
    st.execute();
    while (st.fetch()) add(m);
  }
  {
    std::string role;
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.email, u.name, u.locale, ms.role FROM memberships ms "
                        "JOIN users u ON u.id = ms.user_id WHERE ms.organisation_id = :o AND u.disabled = 0 "
                        "ORDER BY u.id",
         soci::into(m.user_id), soci::into(m.email), soci::into(m.name), soci::into(m.locale), soci::into(role),
         soci::use(organiser_id));
    st.execute();
    while (st.fetch())
      if (role_grants(role, perm::trainings_manage) && !role_is_global(role)) add(m);
  }
  {
    long long user = 0;
    soci::statement st = (sql.prepare << "SELECT user_id FROM training_group_mutes WHERE session_id = :s",
                          soci::into(user), soci::use(session_id));
    st.execute();
    while (st.fetch())
      if (auto it = by_id.find(user); it != by_id.end()) it->second.muted = true;
  }
  std::vector<Member> out;
  out.reserve(order.size());
  for (long long id : order) out.push_back(by_id[id]);
  return out;
}

bool Repository::muted(soci::session& sql, long long session_id, long long user_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_group_mutes WHERE session_id = :s AND user_id = :u",
      soci::into(n), soci::use(session_id), soci::use(user_id);
  if (n > 0) return true;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s AND user_id = :u "
         "AND group_mail = 0 AND status IN ('admitted','confirmed','completed','dropped_out')",
      soci::into(n), soci::use(session_id), soci::use(user_id);
  return n > 0;
}

void Repository::set_muted(soci::session& sql, long long session_id, long long user_id, bool muted, bool trainee) {
  int mail = muted ? 0 : 1;
  if (!muted || trainee)
    sql << "UPDATE training_applications SET group_mail = :m WHERE session_id = :s AND user_id = :u "
           "AND status IN ('admitted','confirmed','completed','dropped_out')",
        soci::use(mail), soci::use(session_id), soci::use(user_id);
  sql << "DELETE FROM training_group_mutes WHERE session_id = :s AND user_id = :u", soci::use(session_id),
      soci::use(user_id);
  if (muted && !trainee)
    sql << "INSERT INTO training_group_mutes (session_id, user_id) VALUES (:s, :u)", soci::use(session_id),
        soci::use(user_id);
}

std::string Repository::user_name(soci::session& sql, long long user_id) {
  std::string name;
  sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(user_id);
  return sql.got_data() ? name : std::string();
}

long long Repository::session_of_resource(soci::session& sql, long long resource_id) {
  long long id = 0;
  sql << "SELECT session_id FROM training_resources WHERE id = :id", soci::into(id), soci::use(resource_id);
  return sql.got_data() ? id : 0;
}

long long Repository::session_of_thread(soci::session& sql, long long thread_id) {
  long long id = 0;
  sql << "SELECT session_id FROM training_threads WHERE id = :id", soci::into(id), soci::use(thread_id);
  return sql.got_data() ? id : 0;
}

long long Repository::session_by_title(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE title = :t ORDER BY id LIMIT 1", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

long long Repository::programme_of(soci::session& sql, long long session_id) {
  long long id = 0;
  sql << "SELECT programme_id FROM training_sessions WHERE id = :s", soci::into(id), soci::use(session_id);
  return sql.got_data() ? id : 0;
}

bool Repository::has_resource_titled(soci::session& sql, long long session_id, const std::string& title) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_resources WHERE session_id = :s AND title = :t", soci::into(n),
      soci::use(session_id), soci::use(title);
  return n > 0;
}

bool Repository::has_thread_titled(soci::session& sql, long long session_id, const std::string& title) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_threads WHERE session_id = :s AND title = :t", soci::into(n),
      soci::use(session_id), soci::use(title);
  return n > 0;
}

std::vector<long long> Repository::enrolled_users(soci::session& sql, long long session_id, long long limit) {
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT user_id FROM training_applications WHERE session_id = :s "
                                       "AND status IN ('admitted','confirmed','completed') ORDER BY id LIMIT :l",
                        soci::into(id), soci::use(session_id), soci::use(limit));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace trame::training_space
