// The demo's members (seed 004, Cultures du Cœur 94's "Perspectives 2023-2024"): the network of Cultures du
// Cœur 94 from 2023 to this year — the Relais social de Vitry-sur-Seine a member every year (fee recorded by
// transfer), the Théâtre Quartier Libre (its box office is the designated contact) and the Médiathèque
// d'Ivry-sur-Seine (exempted) members, a maison de quartier member in 2023 that did not renew (lapsed), the
// Club sportif de Champigny's application awaiting a decision this year, and two new relais applying this
// year (the seed's "une vingtaine de partenariats sociaux supplémentaires"). Does nothing twice.
#include "network_life/members/service.hpp"

#include "platform/core/calendar.hpp"

namespace trame::members {

namespace {

long long id_of(soci::session& sql, const std::string& query, const std::string& key) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << query, soci::use(key), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

const char* kOrg = "SELECT id FROM organisations WHERE name = :n";

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long now = store::now_seconds();
  long long year = std::stoll(format_local(now, "%Y"));
  long long ccc = db_.read([&](soci::session& sql) { return id_of(sql, kOrg, "Cultures du Cœur 94"); });
  if (!ccc) return;
  bool done = db_.read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_memberships WHERE organiser_id = :g", soci::into(n),
        soci::use(ccc);
    return n > 0;
  });
  if (done) return;
  // The new relais and the maison de quartier are fictive organisations of this module's demo.
  for (const auto& org :
       std::vector<std::pair<std::string, std::string>>{{"Centre social de Choisy-le-Roi (fictif)", "social"},
                                                        {"Épicerie solidaire de Villejuif (fictive)", "social"},
                                                        {"Maison de quartier d'Orly (fictive)", "social"}}) {
    bool exists = db_.read([&](soci::session& sql) { return id_of(sql, kOrg, org.first) != 0; });
    if (!exists) organisations_.create(actor, org.first, org.second);
  }
  db_.write([&](soci::session& sql) {
    long long vitry = id_of(sql, kOrg, "Relais social de Vitry-sur-Seine (fictif)");
    long long theatre = id_of(sql, kOrg, "Théâtre Quartier Libre");
    long long mediatheque = id_of(sql, kOrg, "Médiathèque d'Ivry-sur-Seine (fictive)");
    long long club = id_of(sql, kOrg, "Club sportif de Champigny (fictif)");
    long long choisy = id_of(sql, kOrg, "Centre social de Choisy-le-Roi (fictif)");
    long long villejuif = id_of(sql, kOrg, "Épicerie solidaire de Villejuif (fictive)");
    long long orly = id_of(sql, kOrg, "Maison de quartier d'Orly (fictive)");
    long long animation = id_of(sql, "SELECT id FROM users WHERE email = :e", "animation@culturesducoeur94.local");
    long long box_office =
        id_of(sql, "SELECT id FROM users WHERE email = :e", "billetterie@theatre-quartier-libre.local");
    auto add = [&](long long organisation, long long y, const std::string& status, long long contact,
                   long long fee_cents, const std::string& means, long long renewal_of, const std::string& note) {
      if (!organisation) return 0LL;
      Membership m;
      m.organiser_id = ccc;
      m.organisation_id = organisation;
      m.year = y;
      m.status = status;
      m.applied_on = y < year ? std::to_string(y - 1) + "-12-10" : local_day(now);
      if (status != "applied") {
        m.decided_on = y < year ? std::to_string(y) + "-01-08" : local_day(now);
        m.decided_by = animation;
      }
      m.contact_user_id = contact && repo_.is_staff(sql, contact, organisation) ? contact : 0;
      if (fee_cents >= 0) {
        m.fee_cents = fee_cents;
        m.fee_on = y < year ? std::to_string(y) + "-01-20" : local_day(now);
        m.fee_means = means;
      }
      m.renewal_of = renewal_of;
      m.note = note;
      m.created_by = animation;
      long long id = repo_.insert(sql, m, now);
      audit_.record(sql, actor, "members.record", "life_membership:" + std::to_string(id),
                    "démo : " + std::to_string(y) + " " + status);
      return id;
    };
    long long prev_vitry = 0, prev_theatre = 0, prev_mediatheque = 0;
    for (long long y = 2023; y <= year; ++y) {
      prev_vitry = add(vitry, y, "member", 0, 5000, "virement", prev_vitry, "");
      prev_theatre = add(theatre, y, "member", box_office, 15000, "cheque", prev_theatre, "");
      prev_mediatheque = add(mediatheque, y, "member", 0, 0, "exonere", prev_mediatheque,
                             y == 2023 ? "Exonérée : équipement public partenaire de la lecture publique." : "");
    }
    long long lapsed = add(orly, 2023, "member", 0, 3000, "especes", 0, "");
    if (lapsed) repo_.lapse(sql, lapsed, "2024-01-01", now);
    add(club, year, "applied", 0, -1, "", 0, "Souhaite proposer des places pour les matchs du week-end.");
    add(choisy, year, "applied", 0, -1, "", 0, "Nouveau relais : centre social, deux référentes identifiées.");
    add(villejuif, year, "applied", 0, -1, "", 0, "Nouveau relais : épicerie solidaire.");
  });
}

}  // namespace trame::members
