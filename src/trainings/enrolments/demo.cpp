// Demo applications: Sagiterre's open session with applicants at every stage, and the Département's
// completed sessions with their mixed cohorts. Idempotent: a session that has applications is left alone.
#include "trainings/enrolments/funding.hpp"
#include "trainings/enrolments/service.hpp"

#include <string>
#include <vector>

#include "platform/core/text.hpp"

namespace trame::enrolments {

namespace {
constexpr long long kDay = 86400;
}  // namespace

namespace {

struct DemoPerson {
  const char* email;
  const char* name;
  const char* sector;
  const char* status;
};

long long demo_user(soci::session& sql, Repository& repo, const std::string& email, const std::string& name,
                    long long now) {
  if (auto id = repo.user_by_email(sql, email)) return *id;
  return repo.insert_user(sql, email, name, now);
}

long long demo_organisation(soci::session& sql, Repository& repo, const std::string& kind, int index) {
  const std::vector<long long> ids = repo.active_organisations(sql, kind, 50);
  return ids.empty() ? 0 : ids[static_cast<std::size_t>(index) % ids.size()];
}

// One application in its final state, with the seat it holds taken through the conditional UPDATE
// (skipped when the session has no seat left). Returns its id, or 0.
long long demo_application(soci::session& sql, Repository& repo, const SessionInfo& s, long long user_id,
                           const std::string& sector, long long organisation_id, const std::string& organisation_name,
                           const std::string& status, long long requested_at, const std::string& funding,
                           const std::string& reason = "") {
  const bool holds_seat = status == "admitted" || status == "confirmed" || status == "completed";
  if (holds_seat && !repo.take_seat(sql, s.id, requested_at)) return 0;
  Application a;
  a.session_id = s.id;
  a.user_id = user_id;
  a.sector = sector;
  a.organisation_id = organisation_id;
  a.organisation_name = organisation_id ? "" : organisation_name;
  a.job_role = sector == "social"     ? "Travailleur·se social·e"
               : sector == "cultural" ? "Médiateur·rice culturel·le"
                                      : "Animateur·rice";
  a.motivation = "Croiser les pratiques des secteurs social et culturel sur mon territoire.";
  a.project = "Un projet de lecture publique et de spectacle vivant avec les habitants du quartier.";
  a.funding_intended = funding;
  a.requested_at = requested_at;
  a.access_delay_days = access_delay_days(requested_at, s.starts_at);
  a.early_request = early_request(requested_at, s.starts_at) ? 1 : 0;
  long long id = repo.insert_application(sql, a);
  // The application's history replayed through the repository's conditional moves, each at its own
  // (past) time: a decision ten days after the request, a confirmation the day after.
  const long long decided = requested_at + 10 * kDay;
  if (status == "interview") {
    repo.move(sql, id, "submitted", "interview", decided);
  } else if (status != "submitted") {
    const std::string decision = status == "waiting" || status == "refused" ? status : std::string("admitted");
    repo.decide(sql, id, "submitted", decision, reason, 0, decided);
    if (decision == "admitted" && status != "admitted") {
      repo.confirm(sql, id, decided + kDay);
      if (status == "completed") repo.move(sql, id, "confirmed", "completed", decided + kDay);
    }
  }
  return id;
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    // Sagiterre's open session: applicants at every stage.
    long long sid = repo_.session_by_titles(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire",
                                            "Session printemps 2027");
    auto s = sid ? repo_.session(sql, sid) : std::nullopt;
    if (s && repo_.count_of_session(sql, sid, "") == 0) {
      struct Row {
        const char* email;
        const char* name;
        const char* sector;
        const char* status;
        int days_ago;
        const char* funding;
      };
      const Row rows[] = {
          {"stagiaire@paul-guimard.local", "", "cultural", "admitted", 12, "employer"},
          {"camille.martin@demo.trame.local", "Camille Martin", "social", "submitted", 2, "opco"},
          {"yanis.benali@demo.trame.local", "Yanis Benali", "other", "interview", 6, "france_travail"},
          {"lea.durand@demo.trame.local", "Léa Durand", "social", "waiting", 20, "opco"},
          {"hugo.leroy@demo.trame.local", "Hugo Leroy", "cultural", "refused", 25, "self"},
          {"nadia.cherif@demo.trame.local", "Nadia Chérif", "social", "confirmed", 70, "opco"},
          {"thomas.guerin@demo.trame.local", "Thomas Guérin", "other", "confirmed", 30, "france_travail"},
      };
      int i = 0;
      for (const auto& r : rows) {
        long long uid = 0;
        if (std::string(r.name).empty()) {
          uid = repo_.user_by_email(sql, r.email).value_or(0);
          if (!uid) continue;
        } else {
          uid = demo_user(sql, repo_, r.email, r.name, now);
        }
        long long org = std::string(r.email).find("paul-guimard") != std::string::npos
                            ? demo_organisation(sql, repo_, "cultural", 1)
                            : demo_organisation(sql, repo_, r.sector == std::string("other") ? "social" : r.sector, i);
        const std::string reason =
            std::string(r.status) == "refused"
                ? "Le projet ne correspond pas encore aux prérequis (expérience d'une action de territoire) : nous "
                  "vous invitons à candidater à la prochaine session."
                : "";
        long long id = demo_application(sql, repo_, *s, uid, r.sector, r.sector == std::string("other") ? 0 : org,
                                        "Association Les Liens du Quartier (fictive)", r.status,
                                        now - r.days_ago * kDay, r.funding, reason);
        ++i;
        if (!id) continue;
        if (std::string(r.status) == "interview") {
          Interview iv;
          iv.application_id = id;
          iv.scheduled_at = now + 10 * kDay;
          iv.minutes = 45;
          iv.place = "Sagiterre, salle de réunion — ou par téléphone";
          iv.created_at = now - kDay;
          repo_.insert_interview(sql, iv);
        }
        if (std::string(r.status) == "confirmed") {
          FundingLine l;
          l.application_id = id;
          l.funder = r.funding;
          l.funder_name = l.funder == "opco" ? "Uniformation" : "France Travail Pays de la Loire";
          l.amount_cents = s->price_cents;
          l.agreement_ref = l.funder == "opco" ? "UNIF-2027-0412" : "FT-AIF-2027-118";
          l.status = "agreed";
          repo_.insert_line(sql, l, now - 5 * kDay);
          recompute_due(sql, id);
        }
      }
    }
    // Sagiterre's session under way: the demo trainee follows it (a sheet to sign, documents to read).
    const long long wid =
        repo_.session_by_titles(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire", "Session d'hiver");
    auto w = wid ? repo_.session(sql, wid) : std::nullopt;
    if (w && repo_.count_of_session(sql, wid, "") == 0) {
      if (auto trainee = repo_.user_by_email(sql, "stagiaire@paul-guimard.local"))
        demo_application(sql, repo_, *w, *trainee, "cultural", demo_organisation(sql, repo_, "cultural", 1), "",
                         "confirmed", now - 40 * kDay, "employer");
    }
    // The Département's completed sessions: mixed cohorts who followed the training.
    const char* programme = "Formation-action culture/social";
    const char* first[] = {"Amandine", "Bruno", "Chloé",  "David", "Émilie",
                           "Fatou",    "Gaël",  "Hélène", "Inès",  "Julien"};
    const char* last[] = {"Morel",    "Girard",  "Lambert", "Bonnet", "Fontaine",
                          "Rousseau", "Vincent", "Muller",  "Faure",  "Blanc"};
    const char* sectors_mix[] = {"social", "cultural", "social", "cultural", "other",
                                 "social", "cultural", "social", "cultural", "other"};
    const std::pair<const char*, const char*> cohorts[] = {{"Pays de Retz 2019", "retz"},
                                                           {"Pays d'Ancenis 2022-2023", "ancenis"},
                                                           {"Nantes – Chantenay 2023", "chantenay"}};
    int shift = 0;
    for (const auto& [title, slug] : cohorts) {
      long long id = repo_.session_by_titles(sql, programme, title);
      auto cs = id ? repo_.session(sql, id) : std::nullopt;
      if (!cs || repo_.count_of_session(sql, id, "") > 0) {
        shift += 3;
        continue;
      }
      const bool ancenis = std::string(slug) == "ancenis";
      const int size = ancenis ? 10 : 9;
      for (int k = 0; k < size; ++k) {
        int f = (k + shift) % 10, l = (k * 3 + shift) % 10;
        std::string email =
            std::string(slug) + "." + fold_for_search(first[f]) + "." + fold_for_search(last[l]) + "@demo.trame.local";
        std::string name = std::string(first[f]) + " " + last[l];
        long long uid = demo_user(sql, repo_, email, name, now);
        std::string sector = sectors_mix[k];
        long long org = sector == "other" ? 0 : demo_organisation(sql, repo_, sector, k / 2);
        const bool dropout = ancenis && k == 9;
        long long app =
            demo_application(sql, repo_, *cs, uid, sector, org, "EHPAD Les Tilleuls (fictif)",
                             dropout ? "dropped_out" : "completed", cs->starts_at - (45 + k) * kDay, "departement");
        if (app && dropout) {
          const long long at = cs->starts_at + 60 * kDay;
          const std::string detail = "Changement de poste en cours de formation : plus disponible pour les séminaires.";
          repo_.drop_out(sql, app, at, "work", detail, at);
        }
      }
      shift += 3;
    }
    // Every demo application has a trainee status and an employer type (issue 18): the rows made
    // above and those of an older demo, filled once (only rows still without a status are touched).
    sql << "UPDATE training_applications SET "
           "trainee_status = CASE id % 6 WHEN 0 THEN 'employee' WHEN 1 THEN 'volunteer' WHEN 2 THEN 'employee' "
           "WHEN 3 THEN 'jobseeker' WHEN 4 THEN 'local_agent' ELSE 'board_member' END, "
           "employer_type = CASE id % 6 WHEN 1 THEN 'association' WHEN 5 THEN 'association' WHEN 3 THEN 'none' "
           "WHEN 4 THEN 'local_authority' ELSE (CASE sector WHEN 'social' THEN (CASE WHEN id % 12 < 6 "
           "THEN 'association' ELSE 'medico_social' END) WHEN 'cultural' THEN (CASE WHEN id % 12 < 6 "
           "THEN 'public_cultural' ELSE 'association' END) ELSE 'private_company' END) END "
           "WHERE trainee_status = '' AND user_id IN (SELECT id FROM users WHERE email LIKE '%.local')";
  });
}

}  // namespace trame::enrolments
