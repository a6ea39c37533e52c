// The quotes of Sagiterre's open « Session printemps 2027 »: one accepted online, one sent and waiting, one
// expired, one with two versions (the employer's, a line added). Does nothing when the session has quotes.
#include "platform/store/database.hpp"
#include "trainings/quotes/service.hpp"

namespace trame::quotes {

namespace {

const long long kDay = 86400;

long long application_of(soci::session& sql, long long session_id, const std::string& email) {
  long long id = 0;
  sql << "SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = :s "
         "AND lower(u.email) = lower(:e) AND a.status NOT IN ('refused','withdrawn') ORDER BY a.id",
      soci::into(id), soci::use(session_id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long session_id = 0, existing = 0;
  db_.read([&](soci::session& sql) {
    sql << "SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
           "JOIN organisations o ON o.id = p.organiser_id WHERE s.title = 'Session printemps 2027' "
           "AND o.name = 'Sagiterre' ORDER BY s.id",
        soci::into(session_id);
    if (!sql.got_data()) session_id = 0;
    if (session_id) existing = repo_.count_of_session(sql, session_id);
  });
  if (!session_id || existing) return;
  const long long now = store::now_seconds();
  auto application = [&](const std::string& email) {
    return db_.read([&](soci::session& sql) { return application_of(sql, session_id, email); });
  };
  auto input = [](long long application_id) {
    QuoteInput in;
    in.application = std::to_string(application_id);
    in.party_kind = "person";
    in.funding = "intended";
    return in;
  };

  // Accepted online by the trainee, three days after it was sent.
  if (long long a = application("nadia.cherif@demo.trame.local")) {
    auto made = make_at(actor, session_id, input(a), now - 12 * kDay);
    if (made.ok && send_at(actor, nullptr, made.id, now - 12 * kDay).ok) {
      db_.attempt([&](soci::session& sql) {
        auto q = repo_.find(sql, made.id);
        auto v = q ? repo_.version(sql, made.id, q->current_version, false) : std::nullopt;
        if (!v) return Outcome::not_found();
        Actor party{0, "Nadia Chérif", "203.0.113.24"};
        auto outcome = accept_in(sql, party, made.id, "Nadia Chérif", v->sha256, "", "", now - 9 * kDay);
        if (!outcome.ok) roll_back(outcome);
        return outcome;
      });
    }
  }
  // Sent five days ago, waiting for an answer.
  if (long long a = application("thomas.guerin@demo.trame.local")) {
    auto made = make_at(actor, session_id, input(a), now - 5 * kDay);
    if (made.ok) send_at(actor, nullptr, made.id, now - 5 * kDay);
  }
  // Sent 45 days ago with the default validity (30 days): expired (by run_due, below).
  if (long long a = application("camille.martin@demo.trame.local")) {
    auto made = make_at(actor, session_id, input(a), now - 45 * kDay);
    if (made.ok) send_at(actor, nullptr, made.id, now - 45 * kDay);
  }
  // Addressed to the employer; a second version adds the meals, sent again today.
  if (long long a = application("stagiaire@paul-guimard.local")) {
    QuoteInput in = input(a);
    in.party_kind = "employer";
    in.party_email = "comptabilite@paul-guimard.local";
    in.funding = "employer";
    auto made = make_at(actor, session_id, in, now - 10 * kDay);
    if (made.ok && send_at(actor, nullptr, made.id, now - 10 * kDay).ok) {
      in.extra_label = "Repas des journées de formation (10 déjeuners)";
      in.extra_price = "15";
      in.extra_quantity = "10";
      if (revise_at(actor, nullptr, made.id, in, now).ok) send_at(actor, nullptr, made.id, now);
    }
  }
  run_due(now);
}

}  // namespace trame::quotes
