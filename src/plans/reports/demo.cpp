// Demo data of the yearly report: the outings of the season 2023-2024 of a relais of Cultures du Cœur 94, so
// that the demo's report of « Perspectives 2023-2024 » (seed 004) reads with places used, people reached, a
// chart per month and the tables per relais and per EPCI. The relais (Relais social d'Orly, fictif) joined the
// network in October 2023 (a social partnership of the period); its people, archived since (the season is
// over), went to monthly readings and concerts of the Médiathèque d'Ivry, each booking used. Written straight
// into the tables (a slot cannot be booked in the past); nothing is done when the relais exists.
#include "plans/reports/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::plans::reports {

namespace {

constexpr const char* kRelais = "Relais social d'Orly (fictif)";
constexpr const char* kVenue = "Médiathèque d'Ivry-sur-Seine (fictive)";
constexpr const char* kNetwork = "Cultures du Cœur 94";
constexpr const char* kCoordinator = "animation@culturesducoeur94.local";
constexpr int kPeople = 48;

long long id_of(soci::session& sql, const std::string& query, const std::string& key) {
  long long id = 0;
  sql << query, soci::into(id), soci::use(key);
  return sql.got_data() ? id : 0;
}

}  // namespace

void load_demo(store::Database& db) {
  db.write([&](soci::session& sql) {
    if (id_of(sql, "SELECT id FROM organisations WHERE name = :n", kRelais)) return;
    long long network = id_of(sql, "SELECT id FROM organisations WHERE name = :n", kNetwork);
    long long venue = id_of(sql, "SELECT id FROM organisations WHERE name = :n", kVenue);
    long long referent = id_of(sql, "SELECT id FROM users WHERE email = :e", kCoordinator);
    if (!network || !venue || !referent) return;
    // Val-de-Marne's communes when the territory is imported (else the people live nowhere known).
    std::vector<std::string> communes;
    {
      std::string code;
      soci::statement st = (sql.prepare << "SELECT code FROM communes WHERE code IN ('94054', '94081', '94041', "
                                           "'94022', '94076') ORDER BY code",
                            soci::into(code));
      st.execute();
      while (st.fetch()) communes.push_back(code);
    }
    const std::string home = communes.empty() ? std::string() : communes.front();
    long long relais = 0;
    const std::string relais_name = kRelais;
    sql << "INSERT INTO organisations (name, kind, status, created_at, sector, commune_code) VALUES (:n, 'social', "
           "'active', 0, 'social', NULLIF(:c, '')) RETURNING id",
        soci::use(relais_name), soci::use(home), soci::into(relais);
    long long joined = local_time(2023, 10, 2, 10, 0);
    sql << "INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) "
           "VALUES (:o, :p, 'social_relay', 'active', '2023-10-02', :t, :t2)",
        soci::use(network), soci::use(relais), soci::use(joined), soci::use(joined);
    std::vector<long long> people;
    const char* ages[] = {"18-25", "26-59", "26-59", "60+", "12-17", "26-59"};
    for (int i = 0; i < kPeople; ++i) {
      long long id = 0;
      std::string code = "DEMO-ORLY-" + std::to_string(100 + i);
      std::string age = ages[i % 6];
      std::string commune = communes.empty() ? std::string() : communes[static_cast<std::size_t>(i) % communes.size()];
      int qpv = i % 3 == 0 ? 1 : 0;
      sql << "INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, commune_code, in_qpv, status, "
             "created_at, updated_at) VALUES (:c, :o, :r, :a, NULLIF(:m, ''), :q, 'archived', :t, :t2) RETURNING id",
          soci::use(code), soci::use(relais), soci::use(referent), soci::use(age), soci::use(commune), soci::use(qpv),
          soci::use(joined), soci::use(joined), soci::into(id);
      people.push_back(id);
    }
    long long offer = 0;
    sql << "INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at) VALUES "
           "(:v, :p, 'Lectures musicales et heures du conte (saison 2023-2024)', 'reading', 'archived', :t, :t2) "
           "RETURNING id",
        soci::use(venue), soci::use(venue), soci::use(joined), soci::use(joined), soci::into(offer);
    // One slot a month from October 2023 to August 2024, more people as the relais settles in.
    int n = 0;
    for (int k = 0; k < 11; ++k) {
      int month = 10 + k, year = 2023;
      if (month > 12) {
        month -= 12;
        year = 2024;
      }
      long long starts = local_time(year, month, 14, 15, 0), ends = starts + 5400;
      int bookings = 6 + (k * 5) % 9;
      long long slot = 0, capacity = 40, booked = 0;
      sql << "INSERT INTO outing_slots (offer_id, starts_at, ends_at, capacity, booked, opens_at, closes_at, "
             "cancel_until, created_at, updated_at) VALUES (:o, :s, :e, :c, 0, 0, 0, 0, :t, :t2) RETURNING id",
          soci::use(offer), soci::use(starts), soci::use(ends), soci::use(capacity), soci::use(joined),
          soci::use(joined), soci::into(slot);
      for (int j = 0; j < bookings; ++j, ++n) {
        long long person = people[static_cast<std::size_t>((k * 7 + j) % kPeople)];
        long long places = j % 3 == 0 ? 2 : 1, companions = places - 1;
        std::string code = "DEMO-ORLY-B" + std::to_string(1000 + n);
        sql << "INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, "
               "places, status, created_at, updated_at) VALUES (:c, :s, :b, :o, :r, :k, :p, 'used', :t, :t2)",
            soci::use(code), soci::use(slot), soci::use(person), soci::use(relais), soci::use(referent),
            soci::use(companions), soci::use(places), soci::use(starts), soci::use(starts);
        booked += places;
      }
      sql << "UPDATE outing_slots SET booked = :b WHERE id = :i", soci::use(booked), soci::use(slot);
    }
  });
}

}  // namespace trame::plans::reports
