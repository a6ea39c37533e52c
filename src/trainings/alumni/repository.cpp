#include "trainings/alumni/repository.hpp"

#include <set>

#include "platform/core/permissions.hpp"

namespace trame::alumni {

namespace {
long long count(soci::session& sql, const std::string& query, long long a, long long b) {
  long long n = 0;
  sql << query, soci::into(n), soci::use(a), soci::use(b);
  return n;
}
}  // namespace

std::optional<ProgrammeInfo> Repository::programme(soci::session& sql, long long id) {
  ProgrammeInfo p;
  sql << "SELECT p.id, p.title, p.organiser_id, o.name, p.status FROM training_programmes p "
         "JOIN organisations o ON o.id = p.organiser_id WHERE p.id = :id",
      soci::into(p.id), soci::into(p.title), soci::into(p.organiser_id), soci::into(p.organiser_name),
      soci::into(p.status), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

bool Repository::completed(soci::session& sql, long long programme_id, long long user_id) {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_sessions s "
               "ON s.id = a.session_id WHERE s.programme_id = :p AND a.user_id = :u AND a.status = 'completed'",
               programme_id, user_id) > 0;
}

bool Repository::applied(soci::session& sql, long long programme_id, long long user_id) {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_sessions s "
               "ON s.id = a.session_id WHERE s.programme_id = :p AND a.user_id = :u",
               programme_id, user_id) > 0;
}

bool Repository::trains(soci::session& sql, long long programme_id, long long user_id) {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM training_session_trainers t JOIN training_sessions s "
               "ON s.id = t.session_id WHERE s.programme_id = :p AND t.user_id = :u",
               programme_id, user_id) > 0;
}

std::optional<int> Repository::member(soci::session& sql, long long programme_id, long long user_id) {
  int mail = 1;
  sql << "SELECT mail FROM training_alumni_members WHERE programme_id = :p AND user_id = :u", soci::into(mail),
      soci::use(programme_id), soci::use(user_id);
  if (!sql.got_data()) return std::nullopt;
  return mail;
}

void Repository::join(soci::session& sql, long long programme_id, long long user_id, long long now) {
  sql << "INSERT INTO training_alumni_members (programme_id, user_id, joined_at, mail) VALUES (:p, :u, :n, 1)",
      soci::use(programme_id), soci::use(user_id), soci::use(now);
}

bool Repository::leave(soci::session& sql, long long programme_id, long long user_id) {
  soci::statement st = (sql.prepare << "DELETE FROM training_alumni_members WHERE programme_id = :p AND user_id = :u",
                        soci::use(programme_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void Repository::set_mail(soci::session& sql, long long programme_id, long long user_id, int mail) {
  sql << "UPDATE training_alumni_members SET mail = :m WHERE programme_id = :p AND user_id = :u", soci::use(mail),
      soci::use(programme_id), soci::use(user_id);
}

bool Repository::staff_muted(soci::session& sql, long long programme_id, long long user_id) {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM training_alumni_mutes WHERE programme_id = :p AND user_id = :u",
               programme_id, user_id) > 0;
}

void Repository::set_staff_muted(soci::session& sql, long long programme_id, long long user_id, bool muted) {
  sql << "DELETE FROM training_alumni_mutes WHERE programme_id = :p AND user_id = :u", soci::use(programme_id),
      soci::use(user_id);
  if (muted)
    sql << "INSERT INTO training_alumni_mutes (programme_id, user_id) VALUES (:p, :u)", soci::use(programme_id),
        soci::use(user_id);
}

long long Repository::count_members(soci::session& sql, long long programme_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_alumni_members WHERE programme_id = :p", soci::into(n),
      soci::use(programme_id);
  return n;
}

std::vector<training_space::Member> Repository::recipients(soci::session& sql, long long programme_id,
                                                           long long organiser_id) {
  std::vector<training_space::Member> out;
  std::set<long long> seen;
  training_space::Member m;
  int mail = 1;
  {
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.email, u.name, u.locale, am.mail FROM training_alumni_members am "
                        "JOIN users u ON u.id = am.user_id WHERE am.programme_id = :p AND u.disabled = 0 ORDER BY u.id",
         soci::into(m.user_id), soci::into(m.email), soci::into(m.name), soci::into(m.locale), soci::into(mail),
         soci::use(programme_id));
    st.execute();
    while (st.fetch()) {
      seen.insert(m.user_id);
      m.muted = mail == 0;
      out.push_back(m);
    }
  }
  std::string role;
  std::vector<training_space::Member> managers;
  {
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.email, u.name, u.locale, ms.role FROM memberships ms "
                        "JOIN users u ON u.id = ms.user_id WHERE ms.organisation_id = :o AND u.disabled = 0 "
                        "ORDER BY u.id",
         soci::into(m.user_id), soci::into(m.email), soci::into(m.name), soci::into(m.locale), soci::into(role),
         soci::use(organiser_id));
    st.execute();
    while (st.fetch())
      if (role_grants(role, perm::trainings_manage) && !role_is_global(role) && seen.insert(m.user_id).second) {
        m.muted = false;
        managers.push_back(m);
      }
  }
  for (auto& one : managers) {
    one.muted = staff_muted(sql, programme_id, one.user_id);
    out.push_back(one);
  }
  return out;
}

std::string Repository::user_name(soci::session& sql, long long user_id) {
  std::string name;
  sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(user_id);
  return sql.got_data() ? name : std::string();
}

long long Repository::programme_of_session_titled(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT programme_id FROM training_sessions WHERE title = :t ORDER BY id LIMIT 1", soci::into(id),
      soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

bool Repository::has_thread_titled(soci::session& sql, long long programme_id, const std::string& title) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_alumni_threads WHERE programme_id = :p AND title = :t",
      soci::into(n), soci::use(programme_id), soci::use(title);
  return n > 0;
}

}  // namespace trame::alumni
