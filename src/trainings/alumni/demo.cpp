// Demo: the alumni space of the programme of the completed « Pays d'Ancenis 2022-2023 » session, with
// three of its former trainees (and the demo trainee stagiaire@paul-guimard.local when they completed a
// session of the programme) and a thread. Idempotent: the thread's title is looked up first.
#include "trainings/alumni/service.hpp"

namespace trame::alumni {

void Service::load_demo(const Actor&) {
  const std::string title = "Retrouvailles : où en sont nos projets un an après ?";
  db_.write([&](soci::session& sql) {
    const long long programme = repo_.programme_of_session_titled(sql, "Pays d'Ancenis 2022-2023");
    if (!programme || repo_.has_thread_titled(sql, programme, title)) return;
    const long long now = store::now_seconds();
    std::vector<long long> people;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT a.user_id FROM training_applications a JOIN training_sessions s "
                                         "ON s.id = a.session_id WHERE s.programme_id = :p AND a.status = 'completed' "
                                         "ORDER BY a.id LIMIT 3",
                          soci::into(id), soci::use(programme));
    st.execute();
    while (st.fetch()) people.push_back(id);
    if (long long trainee = repo_.user_by_email(sql, "stagiaire@paul-guimard.local");
        trainee && repo_.completed(sql, programme, trainee))
      people.push_back(trainee);
    if (people.empty()) return;
    for (long long user : people)
      if (!repo_.member(sql, programme, user)) repo_.join(sql, programme, user, now - 30 * 86400);
    training_space::Thread t;
    t.session_id = programme;
    t.title = title;
    t.author_id = people.front();
    t.created_at = now - 20 * 86400;
    t.id = space_.insert_thread(sql, training_space::SpaceKind::alumni, t);
    training_space::Post p;
    p.thread_id = t.id;
    p.author_id = people.front();
    p.body =
        "Bonjour à toutes et à tous ! Un an après la formation, qui a pu mener son projet de coopération "
        "culture/social jusqu'au bout ? De notre côté, l'atelier théâtre avec l'EHPAD continue.";
    p.created_at = t.created_at;
    space_.insert_post(sql, training_space::SpaceKind::alumni, p);
    space_.touch_thread(sql, training_space::SpaceKind::alumni, t.id, p.created_at);
    if (people.size() > 1) {
      p.author_id = people[1];
      p.body = "Oui ! La médiathèque accueille maintenant un groupe du centre social chaque mois.";
      p.created_at = t.created_at + 86400;
      space_.insert_post(sql, training_space::SpaceKind::alumni, p);
      space_.touch_thread(sql, training_space::SpaceKind::alumni, t.id, p.created_at);
    }
  });
}

}  // namespace trame::alumni
