// The legal module's demo: Sagiterre's legal data as its seed (003) prints it — NDA 93 13 19858 13 with the
// préfet de région Provence-Alpes-Côte d'Azur, SIRET 889 269 676 00033, certified Qualiopi (a certificate
// valid about two more years), exempt from VAT — and the Département de Loire-Atlantique (organiser of the
// Pays d'Ancenis session) with a fictitious NDA of the Pays de la Loire and a certificate ending in 45 days,
// which the dashboard, check-deploy and the 60-day e-mail warn about. Does nothing twice.
#include "trainings/legal/service.hpp"

#include "platform/core/calendar.hpp"

namespace trame::legal {

namespace {

long long organisation_by_name(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long now = store::now_seconds();
  Principal admin;
  admin.id = 0;
  admin.memberships.push_back(Membership{});
  admin.memberships.back().role = "administrator";
  struct Demo {
    const char* organisation;
    LegalInput in;
  };
  std::vector<Demo> demos = {
      {"Sagiterre",
       {"Cité des associations, 93 la Canebière, BP263, 13001 Marseille",
        "889 269 676 00033",
        "93 13 19858 13",
        "provence_alpes_cote_d_azur",
        "QUA-2024-08815",
        "Certi-Qualité Méditerranée (organisme certificateur fictif)",
        local_day(now + 700 * 86400LL),
        {"actions_formation"},
        "1",
        "",
        "",
        "Association loi 1901 — Cité des associations, 93 la Canebière, 13001 Marseille."}},
      {"Département de Loire-Atlantique",
       {"Hôtel du Département, 3 quai Ceineray, 44041 Nantes",
        "224 400 028 00003",
        "52 44 08123 44",
        "pays_de_la_loire",
        "QUA-2023-02217",
        "Certi-Qualité Ouest (organisme certificateur fictif)",
        local_day(now + 45 * 86400LL),
        {"actions_formation"},
        "1",
        "",
        "",
        ""}},
  };
  for (const auto& demo : demos) {
    long long org = db_.read([&](soci::session& sql) { return organisation_by_name(sql, demo.organisation); });
    if (!org) continue;
    bool present = db_.read([&](soci::session& sql) { return of_organisation(sql, org).has_value(); });
    if (present) continue;
    save(actor, admin, org, demo.in);
  }
}

}  // namespace trame::legal
