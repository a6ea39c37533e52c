#include "questionnaires/impact/demo.hpp"

#include <stdexcept>
#include <string>

#include "platform/accounts/service.hpp"
#include "outings/bookings/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/crypto.hpp"
#include "questionnaires/impact/repository.hpp"

namespace trame::impact {

namespace {

// What the demo needs to know of a relais (reads only).
struct RelaisPeople {
  long long organisation_id = 0;
  std::string commune_code;
  long long referent_id = 0;
  std::string referent_email;
  std::size_t active_beneficiaries = 0;
};

RelaisPeople relais_people(store::Database& db, const std::string& name) {
  return db.read([&](soci::session& sql) {
    Repository repo;
    RelaisPeople p;
    p.organisation_id = repo.organisation_by_name(sql, name);
    if (!p.organisation_id) return p;
    p.commune_code = repo.commune_of(sql, p.organisation_id);
    Actor referent = repo.first_referent(sql, p.organisation_id);
    p.referent_id = referent.id;
    p.referent_email = referent.label;
    p.active_beneficiaries = static_cast<std::size_t>(repo.active_beneficiaries(sql, p.organisation_id));
    return p;
  });
}

}  // namespace

const std::vector<DemoRelais>& demo_relais() {
  static const std::vector<DemoRelais> list = {
      {"Cultures du Cœur 94", "", "", 7},
      {"Relais social de Vitry-sur-Seine (fictif)", "referent.vitry@demo.trame.local",
       "Référent relais de Vitry (démo)", 6},
      {"Service solidarité et développement local — Délégation Pays d'Ancenis", "referente.ancenis@demo.trame.local",
       "Référente solidarité Pays d'Ancenis (démo)", 3},
  };
  return list;
}

void load_demo_people(store::Database& db, accounts::Service& accounts, bookings::Service& bookings,
                      const Actor& actor) {
  static const char* bands[] = {"26-59", "18-25", "60+", "26-59", "18-25", "26-59", "60+"};
  std::size_t rank = 0;
  for (const auto& r : demo_relais()) {
    auto people = relais_people(db, r.name);
    if (!people.organisation_id) continue;
    if (!people.referent_id && *r.referent_email) {
      // A password nobody knows (as before: these accounts are not for signing in; a reset link opens them).
      auto added = accounts.add_user(actor, r.referent_email, r.referent_name, "referent", people.organisation_id,
                                     web::random_token(24));
      if (!added.ok)
        throw std::runtime_error("impact demo: referent " + std::string(r.referent_email) + ": " + added.error);
      people = relais_people(db, r.name);
    }
    if (!people.referent_id) continue;
    const Actor referent{people.referent_id, people.referent_email, actor.ip};
    for (std::size_t i = people.active_beneficiaries; i < r.answers; ++i) {
      bookings::Beneficiary b;
      b.organisation_id = people.organisation_id;
      b.age_band = bands[(i + rank) % 7];
      b.household_size = 1 + static_cast<long long>((i * 3 + rank) % 4);
      b.commune_code = people.commune_code;
      b.in_qpv = i % 2 == 1;
      auto created = bookings.create_beneficiary(referent, ActingFor::only({b.organisation_id}), b);
      if (!created.ok)
        throw std::runtime_error("impact demo: beneficiary of " + std::string(r.name) + ": " + created.error);
    }
    rank += r.answers;
  }
}

}  // namespace trame::impact
