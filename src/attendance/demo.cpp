// Demo attendance: the completed Département sessions have locked, countersigned sheets (present at
// most half-days, a few absences), and the demo trainee has a follow-up note. Idempotent: locked
// sheets and existing notes are left alone; absent sessions or applications are skipped quietly.
#include "attendance/service.hpp"
#include "enrolments/funding.hpp"

namespace trame::attendance {

namespace {

const char* kCompletedSessions[] = {"Pays de Retz 2019", "Pays d'Ancenis 2022-2023", "Nantes – Chantenay 2023"};

long long user_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

long long first_trainer(soci::session& sql, long long session_id) {
  long long id = 0;
  sql << "SELECT user_id FROM training_session_trainers WHERE session_id = :s ORDER BY lead DESC, user_id LIMIT 1",
      soci::into(id), soci::use(session_id);
  return sql.got_data() ? id : 0;
}

struct DemoApp {
  long long id = 0;
  std::string status;
  long long dropout_at = 0;
};

void fill_session(soci::session& sql, long long session_id, long long coordinator) {
  std::vector<DemoApp> apps;
  {
    DemoApp a;
    soci::statement st = (sql.prepare << "SELECT id, status, dropout_at FROM training_applications "
                                         "WHERE session_id = :s AND status IN ('confirmed', 'completed', 'dropped_out') "
                                         "ORDER BY id",
                          soci::into(a.id), soci::into(a.status), soci::into(a.dropout_at), soci::use(session_id));
    st.execute();
    while (st.fetch()) apps.push_back(a);
  }
  if (apps.empty()) return;
  std::vector<std::pair<long long, std::pair<long long, long long>>> halfdays;  // id, (start, end)
  {
    long long id = 0, starts = 0, ends = 0;
    soci::statement st = (sql.prepare << "SELECT id, starts_at, ends_at FROM training_halfdays "
                                         "WHERE session_id = :s AND sheet_status <> 'locked' ORDER BY starts_at",
                          soci::into(id), soci::into(starts), soci::into(ends), soci::use(session_id));
    st.execute();
    while (st.fetch()) halfdays.push_back({id, {starts, ends}});
  }
  if (halfdays.empty()) return;
  long long signer = first_trainer(sql, session_id);
  if (signer == 0) signer = coordinator;
  for (std::size_t i = 0; i < halfdays.size(); ++i) {
    const auto [hid, span] = halfdays[i];
    for (std::size_t j = 0; j < apps.size(); ++j) {
      const auto& a = apps[j];
      if (a.status == "dropped_out" && a.dropout_at != 0 && a.dropout_at < span.first) continue;
      long long n = 0;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_attendance WHERE halfday_id = :h AND application_id = :a",
          soci::into(n), soci::use(hid), soci::use(a.id);
      if (n) continue;
      const long long key = a.id * 7 + static_cast<long long>(i) * 3;
      std::string status = key % 13 == 0 ? "absent" : key % 29 == 0 ? "excused" : "present";
      std::string signature = status == "present" && (key % 4 != 0) ? "self" : "trainer";
      long long at = span.first + 240 + static_cast<long long>(j) * 35;
      long long by = signature == "self" ? 0 : signer;
      sql << "INSERT INTO training_attendance (halfday_id, application_id, status, signature, signed_at, recorded_by) "
             "VALUES (:h, :a, :s, :g, :t, :b)",
          soci::use(hid), soci::use(a.id), soci::use(status), soci::use(signature), soci::use(at), soci::use(by);
    }
    const long long at = span.second + 600;
    sql << "UPDATE training_halfdays SET sheet_status = 'locked', opened_at = starts_at - 600, opened_by = :b1, "
           "countersigned_at = :a, countersigned_by = :b2 WHERE id = :id AND sheet_status <> 'locked'",
        soci::use(signer), soci::use(at), soci::use(signer), soci::use(hid);
  }
  for (const auto& a : apps) enrolments::recompute_due(sql, a.id);
}

void demo_followup(soci::session& sql, long long now) {
  long long trainee = user_by_email(sql, "stagiaire@paul-guimard.local");
  if (!trainee) return;
  long long app_id = 0, session_id = 0, starts = 0;
  sql << "SELECT ap.id, ap.session_id, s.starts_at FROM training_applications ap "
         "JOIN training_sessions s ON s.id = ap.session_id WHERE ap.user_id = :u "
         "AND ap.status IN ('admitted', 'confirmed', 'completed') ORDER BY ap.id LIMIT 1",
      soci::into(app_id), soci::into(session_id), soci::into(starts), soci::use(trainee);
  if (!sql.got_data()) return;
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followups WHERE application_id = :a", soci::into(n),
      soci::use(app_id);
  if (n) return;
  long long trainer = first_trainer(sql, session_id);
  if (!trainer) trainer = user_by_email(sql, "formateur@sagiterre.local");
  if (!trainer) return;
  const long long meeting = (starts > 0 ? starts : now) + 14 * 86400;
  const std::string objective = "Préciser le projet d'action culturelle porté sur le territoire entre les deux séminaires.";
  const std::string progress = "Premier diagnostic des partenaires locaux (médiathèque, centre social) réalisé.";
  const std::string next_step = "Rencontrer le centre social avant le séminaire 2 et rédiger une fiche-projet d'une page.";
  sql << "INSERT INTO training_followups (application_id, trainer_id, meeting_at, mode, objective, progress, next_step, "
         "created_at, updated_at) VALUES (:a, :t, :m, 'visio', :o, :p, :n, :c, :u)",
      soci::use(app_id), soci::use(trainer), soci::use(meeting), soci::use(objective), soci::use(progress),
      soci::use(next_step), soci::use(now), soci::use(now);
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  db_.write([&](soci::session& sql) {
    const long long coordinator = user_by_email(sql, "coordination.ancenis@trame.local");
    for (const char* name : kCompletedSessions) {
      const std::string title = name;
      long long session_id = 0;
      sql << "SELECT id FROM training_sessions WHERE title = :t AND status = 'completed' ORDER BY id LIMIT 1",
          soci::into(session_id), soci::use(title);
      if (sql.got_data()) fill_session(sql, session_id, coordinator);
    }
    demo_followup(sql, store::now_seconds());
  });
}

}  // namespace trame::attendance
