// The reads behind a session's access (access.hpp): the session row, then what the user is on it.
#include "platform/store/row.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::programmes {

std::optional<SessionAccess> read_session_access(soci::session& sql, long long user_id, long long session_id) {
  SessionAccess a;
  long long referent = 0;
  soci::indicator referent_ind = soci::i_ok;
  sql << "SELECT s.id, s.programme_id, p.organiser_id, o.name, p.title, s.title, s.status, s.starts_at, s.ends_at, "
         "p.disability_referent_id "
         "FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations o ON o.id = p.organiser_id WHERE s.id = :id",
      soci::into(a.session_id), soci::into(a.programme_id), soci::into(a.organiser_id), soci::into(a.organiser_name),
      soci::into(a.programme_title), soci::into(a.session_title), soci::into(a.session_status), soci::into(a.starts_at),
      soci::into(a.ends_at), soci::into(referent, referent_ind), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  a.disability_referent_id = referent_ind == soci::i_ok ? referent : 0;
  if (user_id == 0) return a;
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_session_trainers WHERE session_id = :s AND user_id = :u",
      soci::into(n), soci::use(session_id), soci::use(user_id);
  a.trainer = n > 0;
  long long app_id = 0;
  std::string status;
  sql << "SELECT id, status FROM training_applications WHERE session_id = :s AND user_id = :u "
         "ORDER BY CASE WHEN status IN ('withdrawn','refused') THEN 1 ELSE 0 END, id DESC LIMIT 1",
      soci::into(app_id), soci::into(status), soci::use(session_id), soci::use(user_id);
  if (sql.got_data()) {
    a.application_id = app_id;
    a.application_status = status;
  }
  soci::rowset<soci::row> followed =
      (sql.prepare << "SELECT application_id FROM training_followup_contacts WHERE session_id = :s AND user_id = :u "
                      "ORDER BY application_id",
       soci::use(session_id), soci::use(user_id));
  for (const auto& r : followed) a.followed_applications.push_back(store::as_id(r, 0));
  return a;
}

long long session_of_application(soci::session& sql, long long application_id) {
  long long id = 0;
  sql << "SELECT session_id FROM training_applications WHERE id = :id", soci::into(id), soci::use(application_id);
  return sql.got_data() ? id : 0;
}

long long session_of_halfday(soci::session& sql, long long halfday_id) {
  long long id = 0;
  sql << "SELECT session_id FROM training_halfdays WHERE id = :id", soci::into(id), soci::use(halfday_id);
  return sql.got_data() ? id : 0;
}

long long organiser_of_programme(soci::session& sql, long long programme_id) {
  long long id = 0;
  sql << "SELECT organiser_id FROM training_programmes WHERE id = :id", soci::into(id), soci::use(programme_id);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::programmes
