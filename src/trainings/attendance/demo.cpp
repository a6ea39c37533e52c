// Demo attendance: the completed Département sessions have locked, countersigned sheets (present at
// most half-days, a few absences), and the demo trainee has a follow-up note. Idempotent: locked
// sheets and existing notes are left alone; absent sessions or applications are skipped quietly.
//
// The sheets go through the same steps as in use, at the half-day's own (past) time: the sheet is
// opened by the trainer, trainees sign or are marked, the trainer countersigns and the lock's effects
// follow (unmarked trainees absent, funders' dues, the stored PDF). Only the clock differs, which is
// why the steps are replayed here instead of calling open/sign/countersign (they use the current time).
// The follow-up note is written through add_followup, as the trainer.
#include "trainings/attendance/service.hpp"
#include "trainings/attendance/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/crypto.hpp"

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

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.write([&](soci::session& sql) {
    const long long coordinator = user_by_email(sql, "coordination.ancenis@trame.local");
    for (const char* name : kCompletedSessions) {
      const std::string title = name;
      long long session_id = 0;
      sql << "SELECT id FROM training_sessions WHERE title = :t AND status = 'completed' ORDER BY id LIMIT 1",
          soci::into(session_id), soci::use(title);
      if (!sql.got_data()) continue;
      long long signer = first_trainer(sql, session_id);
      if (signer == 0) signer = coordinator;
      const Actor trainer{signer, actor.label, actor.ip};
      const auto halfdays = repo_.halfdays(sql, session_id, 0, 1000);
      for (std::size_t i = 0; i < halfdays.size(); ++i) {
        const Halfday& h = halfdays[i];
        if (h.sheet_status == "locked") continue;
        const auto roster = repo_.roster(sql, h);
        if (roster.empty()) continue;
        // Opened by the trainer a few minutes after the start (a code nobody will type again).
        if (!repo_.open_sheet(sql, h.id, web::sha256_hex(web::random_token(24)), h.starts_at + 120, signer)) continue;
        audit_.record(sql, trainer, "attendance.opened", "halfday:" + std::to_string(h.id), h.day + " " + h.period);
        for (std::size_t j = 0; j < roster.size(); ++j) {
          const Line& l = roster[j];
          if (!l.status.empty()) continue;
          const long long key = l.application_id * 7 + static_cast<long long>(i) * 3;
          const std::string status = key % 13 == 0 ? "absent" : key % 29 == 0 ? "excused" : "present";
          const bool self = status == "present" && key % 4 != 0;
          const long long at = h.starts_at + 240 + static_cast<long long>(j) * 35;
          // Signed with the code by the trainee (recorded by them), or marked by the trainer.
          repo_.insert_attendance(sql, h.id, l.application_id, status, self ? "self" : "trainer", at,
                                  self ? l.user_id : signer);
        }
        const long long at = h.ends_at + 600;
        if (!repo_.lock_sheet(sql, h.id, at, signer)) continue;
        lock_effects(sql, trainer, h.id, at);
        audit_.record(sql, trainer, "attendance.countersigned", "halfday:" + std::to_string(h.id),
                      h.day + " " + h.period);
      }
    }
    return 0;
  });

  // Sagiterre's session under way: its trainer opens the sheet of the half-day in progress, so that
  // the demo trainee has a sheet to sign (the code shown at the opening is lost; the trainer renews it
  // from the sheet's page, as in a room).
  struct Running {
    long long halfday = 0, trainer = 0;
  };
  const Running running = db_.read([&](soci::session& sql) {
    Running r;
    long long session_id = 0;
    sql << "SELECT id FROM training_sessions WHERE title = 'Session d''hiver' AND status = 'running' "
           "ORDER BY id LIMIT 1",
        soci::into(session_id);
    if (!sql.got_data()) return r;
    const long long now = store::now_seconds();
    for (const Halfday& h : repo_.halfdays(sql, session_id, 0, 1000))
      if (h.sheet_status == "closed" && sign_window(now, h.starts_at, h.ends_at) == Window::open) r.halfday = h.id;
    r.trainer = first_trainer(sql, session_id);
    return r;
  });
  if (running.halfday && running.trainer) {
    Principal trainer;
    trainer.id = running.trainer;
    auto opened = open(Actor{running.trainer, actor.label, actor.ip}, trainer, running.halfday);
    if (!opened.outcome.ok) throw std::runtime_error("attendance demo: sheet refused: " + opened.outcome.error);
  }

  // The demo trainee's follow-up note, written by the session's trainer.
  struct Target {
    long long application = 0, session = 0, starts = 0, trainer = 0, existing = 0;
  };
  const Target t = db_.read([&](soci::session& sql) {
    Target t;
    const long long trainee = user_by_email(sql, "stagiaire@paul-guimard.local");
    if (!trainee) return t;
    sql << "SELECT ap.id, ap.session_id, s.starts_at FROM training_applications ap "
           "JOIN training_sessions s ON s.id = ap.session_id WHERE ap.user_id = :u "
           "AND ap.status IN ('admitted', 'confirmed', 'completed') ORDER BY ap.id LIMIT 1",
        soci::into(t.application), soci::into(t.session), soci::into(t.starts), soci::use(trainee);
    if (!sql.got_data()) return Target{};
    t.existing = repo_.count_followups(sql, t.application);
    t.trainer = first_trainer(sql, t.session);
    return t;
  });
  if (!t.application || t.existing || !t.trainer) return;
  Principal me;
  me.id = t.trainer;
  const long long meeting = (t.starts > 0 ? t.starts : store::now_seconds()) + 14 * 86400;
  FollowupInput in{local_input(meeting), "visio",
                   "Préciser le projet d'action culturelle porté sur le territoire entre les deux séminaires.",
                   "Premier diagnostic des partenaires locaux (médiathèque, centre social) réalisé.",
                   "Rencontrer le centre social avant le séminaire 2 et rédiger une fiche-projet d'une page."};
  auto outcome = add_followup(Actor{t.trainer, actor.label, actor.ip}, me, t.application, in);
  if (!outcome.ok) throw std::runtime_error("attendance demo: follow-up refused: " + outcome.error);
}

}  // namespace trame::attendance
