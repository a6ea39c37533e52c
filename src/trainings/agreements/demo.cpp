// The demo's agreements on Sagiterre's « Session printemps 2027 »: a convention signed online with an employer,
// a convention sent and waiting, a contract in its withdrawal period (signed three days before the demo is
// loaded) and a contract whose period is over. Does nothing when the session already has agreements.
#include "trainings/agreements/repository.hpp"
#include "trainings/agreements/rules.hpp"
#include "trainings/agreements/service.hpp"

namespace trame::agreements {

void Service::load_demo(const Actor& actor) {
  constexpr long long kDay = 86400;
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    long long sid = repo_.session_by_titles(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire",
                                            "Session printemps 2027");
    if (!sid || repo_.count_of_session(sql, sid) > 0) return;
    struct Row {
      const char* email;
      const char* kind;
      const char* representative;
      const char* party_email;
      int made_days_ago;
      int sent_days_ago;    // -1: not sent
      int signed_days_ago;  // -1: not signed
      const char* signer;
    };
    const Row rows[] = {
        {"stagiaire@paul-guimard.local", "convention", "Claire Morvan, directrice (fictive)",
         "direction@paul-guimard.local", 12, 11, 9, "Claire Morvan"},
        {"nadia.cherif@demo.trame.local", "convention", "Marc Lefèvre, directeur (fictif)",
         "direction.liens-du-quartier@demo.trame.local", 4, 2, -1, ""},
        {"thomas.guerin@demo.trame.local", "contract", "", "", 6, 5, 3, "Thomas Guérin"},
        {"lea.durand@demo.trame.local", "contract", "", "", 25, 24, 20, "Léa Durand"},
    };
    for (const auto& r : rows) {
      long long application = repo_.application_of(sql, sid, r.email);
      if (!application) continue;
      AgreementInput in;
      in.kind = r.kind;
      in.application = std::to_string(application);
      in.party_representative = r.representative;
      in.party_email = r.party_email;
      if (std::string(r.kind) == "contract") in.advance_percent = "30";
      const long long made = now - r.made_days_ago * kDay;
      Outcome created = create_in(sql, actor, sid, in, made);
      if (!created.ok) continue;
      const long long id = created.id;
      if (r.sent_days_ago >= 0) send_in(sql, actor, id, now - r.sent_days_ago * kDay);
      if (r.signed_days_ago >= 0) {
        auto a = repo_.find(sql, id);
        const long long signed_at = now - r.signed_days_ago * kDay;
        const long long ends = a->kind == "contract" ? withdrawal_end(signed_at) : 0;
        repo_.sign_online(sql, id, a->current_sha256, r.signer, "192.0.2.10", "Mozilla/5.0 (démonstration Trame)",
                          signed_at, ends);
      }
    }
  });
}

}  // namespace trame::agreements
