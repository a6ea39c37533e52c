#include "certification/candidates/repository.hpp"

namespace trame::candidates {

namespace {

const char* kRegistrationSelect =
    "SELECT r.id, r.certification_id, v.title, c.owner_id, r.version_id, v.number, r.user_id, u.name, u.email, r.code, "
    "r.origin, COALESCE(r.training_session_id, 0), COALESCE(ts.title, ''), r.employer_type, r.job, r.birth_date, "
    "r.experience, r.status, r.decision_reason, r.decided_at, COALESCE(d.name, ''), r.created_at "
    "FROM certification_registrations r JOIN certifications c ON c.id = r.certification_id "
    "JOIN certification_versions v ON v.id = r.version_id JOIN users u ON u.id = r.user_id "
    "LEFT JOIN training_sessions ts ON ts.id = r.training_session_id LEFT JOIN users d ON d.id = r.decided_by ";

#define TRAME_REGISTRATION_INTO(r)                                                                                     \
  soci::into((r).id), soci::into((r).certification_id), soci::into((r).certification_title), soci::into((r).owner_id), \
      soci::into((r).version_id), soci::into((r).version_number), soci::into((r).user_id), soci::into((r).user_name),  \
      soci::into((r).user_email), soci::into((r).code), soci::into((r).origin), soci::into((r).training_session_id),   \
      soci::into((r).training_session_title), soci::into((r).employer_type), soci::into((r).job),                      \
      soci::into((r).birth_date), soci::into((r).experience), soci::into((r).status), soci::into((r).decision_reason), \
      soci::into((r).decided_at), soci::into((r).decided_by_name), soci::into((r).created_at)

}  // namespace

std::optional<Repository::Target> Repository::target(soci::session& sql, long long certification_id) const {
  Target t;
  sql << "SELECT c.id, c.owner_id, c.status, v.id, v.title FROM certifications c JOIN certification_versions v ON "
         "v.certification_id = c.id AND v.number = c.current_version WHERE c.id = :c",
      soci::into(t.id), soci::into(t.owner_id), soci::into(t.status), soci::into(t.version_id), soci::into(t.title),
      soci::use(certification_id);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

void Repository::hold(soci::session& sql, long long certification_id) const {
  sql << "UPDATE certifications SET current_version = current_version WHERE id = :c", soci::use(certification_id);
}

void Repository::lock_version(soci::session& sql, long long version_id, long long now) const {
  sql << "UPDATE certification_versions SET locked_at = :n WHERE id = :v AND locked_at = 0", soci::use(now),
      soci::use(version_id);
}

std::optional<Registration> Repository::registration(soci::session& sql, long long id) const {
  Registration r;
  sql << std::string(kRegistrationSelect) + "WHERE r.id = :id", TRAME_REGISTRATION_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

std::vector<Registration> Repository::of_certification(soci::session& sql, long long certification_id,
                                                       const std::string& status, long long limit, long long offset,
                                                       long long& total) const {
  std::string where = "WHERE r.certification_id = :c AND (:s = '' OR r.status = :s2) ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_registrations r " + where, soci::into(total),
      soci::use(certification_id), soci::use(status), soci::use(status);
  Registration r;
  soci::statement st = (sql.prepare << std::string(kRegistrationSelect) + where +
                                           "ORDER BY r.status <> 'submitted', r.created_at, r.id LIMIT :l OFFSET :o",
                        TRAME_REGISTRATION_INTO(r), soci::use(certification_id), soci::use(status), soci::use(status),
                        soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Registration> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

std::vector<Registration> Repository::of_user(soci::session& sql, long long user_id) const {
  Registration r;
  soci::statement st = (sql.prepare << std::string(kRegistrationSelect) +
                                           "WHERE r.user_id = :u ORDER BY r.created_at DESC, r.id DESC LIMIT 100",
                        TRAME_REGISTRATION_INTO(r), soci::use(user_id));
  st.execute();
  std::vector<Registration> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

std::vector<StatusCount> Repository::counts(soci::session& sql, long long certification_id) const {
  StatusCount c;
  soci::statement st = (sql.prepare << "SELECT status, CAST(COUNT(*) AS BIGINT) FROM certification_registrations "
                                       "WHERE certification_id = :c GROUP BY status",
                        soci::into(c.status), soci::into(c.count), soci::use(certification_id));
  st.execute();
  std::vector<StatusCount> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

bool Repository::active_exists(soci::session& sql, long long certification_id, long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_registrations WHERE certification_id = :c AND user_id = "
         ":u AND status IN ('submitted','eligible')",
      soci::into(n), soci::use(certification_id), soci::use(user_id);
  return n > 0;
}

std::string Repository::next_code(soci::session& sql, long long certification_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_registrations WHERE certification_id = :c", soci::into(n),
      soci::use(certification_id);
  std::string number = std::to_string(n + 1);
  if (number.size() < 3) number = std::string(3 - number.size(), '0') + number;
  return "C" + std::to_string(certification_id) + "-" + number;
}

long long Repository::insert(soci::session& sql, const Registration& r, long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_registrations (certification_id, version_id, user_id, code, origin, "
         "training_session_id, employer_type, job, birth_date, experience, status, created_at, updated_at) VALUES "
         "(:c, :v, :u, :code, :o, NULLIF(:ts, 0), :e, :j, :b, :x, 'submitted', :n, :n2) RETURNING id",
      soci::use(r.certification_id), soci::use(r.version_id), soci::use(r.user_id), soci::use(r.code),
      soci::use(r.origin), soci::use(r.training_session_id), soci::use(r.employer_type), soci::use(r.job),
      soci::use(r.birth_date), soci::use(r.experience), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                            const std::string& reason, long long by, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE certification_registrations SET status = :t, decision_reason = "
                                       "CASE WHEN :w = 'withdrawn' THEN decision_reason ELSE :r END, decided_by = "
                                       "CASE WHEN :w2 = 'withdrawn' THEN decided_by ELSE :b END, decided_at = CASE "
                                       "WHEN :w3 = 'withdrawn' THEN decided_at ELSE :n END, updated_at = :n2 WHERE id "
                                       "= :id AND status = :f",
                        soci::use(to), soci::use(to), soci::use(reason), soci::use(to), soci::use(by), soci::use(to),
                        soci::use(now), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<Offer> Repository::offers(soci::session& sql, long long user_id) const {
  Offer o;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT c.id, v.title, s.id, s.title FROM training_applications a JOIN "
                      "training_sessions s ON s.id = a.session_id JOIN certification_preparations cp ON "
                      "cp.programme_id = s.programme_id JOIN certifications c ON c.id = cp.certification_id AND "
                      "c.status = 'published' JOIN certification_versions v ON v.certification_id = c.id AND v.number "
                      "= c.current_version WHERE a.user_id = :u AND a.status IN ('admitted','confirmed','completed') "
                      "AND NOT EXISTS (SELECT 1 FROM certification_registrations r WHERE r.certification_id = c.id "
                      "AND r.user_id = :u2 AND r.status IN ('submitted','eligible')) ORDER BY v.title, s.id",
       soci::into(o.certification_id), soci::into(o.certification_title), soci::into(o.training_session_id),
       soci::into(o.training_session_title), soci::use(user_id), soci::use(user_id));
  st.execute();
  std::vector<Offer> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

bool Repository::follows_preparing_session(soci::session& sql, long long user_id, long long training_session_id,
                                           long long certification_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_sessions s ON s.id = "
         "a.session_id JOIN certification_preparations cp ON cp.programme_id = s.programme_id WHERE a.user_id = :u "
         "AND a.session_id = :s AND cp.certification_id = :c AND a.status IN ('admitted','confirmed','completed')",
      soci::into(n), soci::use(user_id), soci::use(training_session_id), soci::use(certification_id);
  return n > 0;
}

}  // namespace trame::candidates
