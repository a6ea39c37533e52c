#include "app/generate/repository.hpp"

#include <algorithm>
#include <ctime>
#include <numeric>

namespace trame::generate {

namespace {

std::string n(long long v) {
  return std::to_string(v);
}

// A salt per field, from the seed: every field draws from its own sequence.
long long salt(const Plan& p, long long field) {
  long long seed = p.seed % 1000003;
  if (seed < 0) seed += 1000003;
  return (seed * 7919 + field * 104729) % 1000000007;
}

// A pseudo-random number in [0, 2147483647) from a row number: the "minimal standard" generator's step
// after adding the field's salt, squared (not linear, so that consecutive rows do not repeat a pattern
// modulo small numbers), then one more step. Every product stays below 2^63 on both engines.
std::string mix(const Plan& p, const std::string& x, long long field) {
  const std::string y = "(((" + x + ") + " + n(salt(p, field)) + ") * 48271 % 2147483647)";
  return "(((" + y + " * " + y + " + " + n(salt(p, field + 1000)) + ") % 2147483647) * 48271 % 2147483647)";
}

// The `digits` characters (base 23, alphabet of outings/bookings/model.hpp) of a number.
std::string code(const std::string& v, int digits) {
  std::string out;
  long long power = 1;
  for (int i = 1; i < digits; ++i) power *= 23;
  for (int i = 0; i < digits; ++i) {
    if (!out.empty()) out += " || ";
    out += "substr('ACDEFGHJKMNPQRTWXY34679', CAST(((" + v + ") / " + n(power) + ") % 23 AS INTEGER) + 1, 1)";
    power /= 23;
  }
  return out;
}

// The start of past slot `s` (3 per offer, over the last three years, in the afternoon or evening).
std::string past_start(const Plan& p, const std::string& s) {
  return "(" + n(p.today) + " - 86400 * (1 + " + mix(p, s, 11) + " % 1095) + 3600 * (13 + " + mix(p, s, 12) + " % 8))";
}

// The relais that follows beneficiary `b`.
std::string relais_of(const Plan& p, const std::string& b) {
  return "(" + mix(p, b, 5) + " % " + n(p.size.relais) + ")";
}

// The start of training session `t` (the first of its two days; all in the last three years).
std::string session_start(const Plan& p, const std::string& t) {
  return "(" + n(p.today) + " - 86400 * (30 + " + mix(p, t, 71) + " % 1060) + 3600 * 7)";
}

long long applications_per_session(const Plan& p) {
  return std::min<long long>(12, p.size.relais);
}

}  // namespace

std::string Repository::numbers(long long from, long long to) const {
  if (pg_) return "WITH n(i) AS (SELECT generate_series(CAST(" + n(from) + " AS BIGINT), " + n(to - 1) + ")) ";
  return "WITH RECURSIVE n(i) AS (SELECT CAST(" + n(from) + " AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < " +
         n(to - 1) + ") ";
}

long long Repository::generated_rows(soci::session& sql) const {
  long long count = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE provenance = 'generate' OR id >= :b",
      soci::use(kOrganisationBase), soci::into(count);
  long long more = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings WHERE id >= :b", soci::use(kBookingBase), soci::into(more);
  return count + more;
}

std::vector<long long> Repository::commune_counts(soci::session& sql, std::vector<long long>& populations) const {
  std::vector<long long> out;
  for (const char* d : {"94", "44", "13"}) {
    long long count = 0, population = 0;
    std::string code = d;
    sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(population), 0) AS BIGINT) FROM communes WHERE "
           "departement_code = :d",
        soci::use(code), soci::into(count), soci::into(population);
    out.push_back(count);
    populations.push_back(population);
  }
  return out;
}

long long Repository::ensure_branch(soci::session& sql, const std::string& departement, const std::string& name,
                                    const std::string& zone, long long now) const {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(id) FROM network_branches WHERE departement_code = :d", soci::use(departement),
      soci::into(id, ind);
  if (ind == soci::i_ok && id != 0) return id;
  sql << "INSERT INTO network_branches (name, departement_code, school_zone, status, created_at, updated_at) "
         "VALUES (:n, :d, :z, 'active', :c, :u)",
      soci::use(name), soci::use(departement), soci::use(zone), soci::use(now), soci::use(now);
  sql << "SELECT MIN(id) FROM network_branches WHERE departement_code = :d", soci::use(departement), soci::into(id);
  return id;
}

namespace {
std::vector<std::string> all_codes(soci::session& sql, const std::string& table) {
  std::vector<std::string> out;
  std::string code;
  soci::statement st = (sql.prepare << "SELECT code FROM " + table, soci::into(code));
  st.execute();
  while (st.fetch()) out.push_back(code);
  return out;
}
}  // namespace

std::vector<std::string> Repository::beneficiary_codes(soci::session& sql) const {
  return all_codes(sql, "beneficiaries");
}
std::vector<std::string> Repository::booking_codes(soci::session& sql) const {
  return all_codes(sql, "bookings");
}

void Repository::insert_organisations(soci::session& sql, const Plan& p, long long from, long long to) const {
  const auto& s = p.size;
  const std::string R = n(s.relais), RV = n(s.relais + s.venues);
  // Half the organisations in a commune drawn in proportion to its inhabitants (towns hold more), half in
  // any commune (the countryside has its relais too); all uniformly when populations are not imported.
  const bool weighted = p.populations[0] > 0 && p.populations[1] > 0 && p.populations[2] > 0;
  sql << numbers(from, to) +
             ", c AS (SELECT code, name, departement_code, ROW_NUMBER() OVER (PARTITION BY departement_code "
             "ORDER BY code) - 1 AS k, population, SUM(population) OVER (PARTITION BY departement_code ORDER BY code "
             "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto FROM communes WHERE departement_code IN "
             "('94', '44', '13')), "
             "x AS (SELECT i AS g, i % 3 AS d, " +
             mix(p, "i", 61) + " AS h, " + mix(p, "i", 62) +
             " AS h2 FROM n), "
             "y AS (SELECT x.*, CASE d WHEN 0 THEN '94' WHEN 1 THEN '44' ELSE '13' END AS dep, "
             "CASE d WHEN 0 THEN " +
             n(p.branches[0]) + " WHEN 1 THEN " + n(p.branches[1]) + " ELSE " + n(p.branches[2]) +
             " END AS branch, "
             "CASE WHEN g < " +
             R + " THEN 'social' WHEN g < " + RV + " THEN CASE (g - " + R +
             ") % 5 WHEN 3 THEN 'sport' WHEN 4 THEN 'leisure' ELSE 'cultural' END ELSE 'training' END AS kind, "
             "h2 % (CASE d WHEN 0 THEN " +
             n(p.communes[0]) + " WHEN 1 THEN " + n(p.communes[1]) + " ELSE " + n(p.communes[2]) +
             " END) AS ck, h2 % (CASE d WHEN 0 THEN " + n(std::max<long long>(1, p.populations[0])) + " WHEN 1 THEN " +
             n(std::max<long long>(1, p.populations[1])) + " ELSE " + n(std::max<long long>(1, p.populations[2])) +
             " END) AS cp, " + (weighted ? "(h / 11) % 2" : "0") +
             " AS by_population FROM x), "
             "z AS (SELECT y.*, CASE kind "
             "WHEN 'social' THEN CASE h % 6 WHEN 0 THEN 'Centre social' WHEN 1 THEN 'Maison de quartier' WHEN 2 THEN "
             "'Centre communal d''action sociale' WHEN 3 THEN 'Association d''insertion' WHEN 4 THEN "
             "'Foyer de jeunes travailleurs' ELSE 'Épicerie solidaire' END "
             "WHEN 'cultural' THEN CASE h % 6 WHEN 0 THEN 'Théâtre' WHEN 1 THEN 'Médiathèque' WHEN 2 THEN 'Cinéma' "
             "WHEN 3 THEN 'Musée' WHEN 4 THEN 'Salle de concert' ELSE 'Centre d''art' END "
             "WHEN 'sport' THEN CASE h % 3 WHEN 0 THEN 'Club de football' WHEN 1 THEN 'Piscine' ELSE 'Club de judo' "
             "END "
             "WHEN 'leisure' THEN CASE h % 3 WHEN 0 THEN 'Base de loisirs' WHEN 1 THEN 'Ludothèque' ELSE "
             "'Ferme pédagogique' END "
             "ELSE CASE h % 2 WHEN 0 THEN 'Organisme de formation' ELSE 'Centre de formation' END END AS subtype "
             "FROM y) "
             "INSERT INTO organisations (id, name, kind, status, created_at, subtype, commune_code, description, "
             "public_listing, provenance, search_text, access_motor, branch_id)" +
             overriding() + "SELECT " + n(kOrganisationBase) +
             " + g, z.subtype || ' — ' || c.name || ' n° ' || CAST(g + 1 AS TEXT), kind, 'active', " + n(p.today) +
             " - 86400 * (1200 + h % 400), subtype, c.code, '', CASE WHEN kind = 'social' THEN h % 2 ELSE 1 END, "
             "'generate', lower(z.subtype || ' ' || c.name || ' ' || CAST(g + 1 AS TEXT)), (h / 7) % 2, branch "
             "FROM z JOIN c ON c.departement_code = z.dep AND ((z.by_population = 0 AND c.k = z.ck) OR "
             "(z.by_population = 1 AND z.cp >= c.upto - c.population AND z.cp < c.upto)) ORDER BY g";
}

void Repository::insert_referents(soci::session& sql, const Plan& p) const {
  sql << numbers(0, p.size.relais) + "INSERT INTO users (id, email, name, locale, password_hash, created_at)" +
             overriding() + "SELECT " + n(kUserBase) +
             " + i, 'referent.' || CAST(i + 1 AS TEXT) || '@generation.trame.local', 'Référent·e du relais n° ' || "
             "CAST(i + 1 AS TEXT), 'fr', '', " +
             n(p.today - 86400 * 1300) + " FROM n";
  sql << "INSERT INTO memberships (user_id, organisation_id, role, created_at) SELECT id, id - " + n(kUserBase) +
             " + " + n(kOrganisationBase) + ", 'referent', created_at FROM users WHERE id >= " + n(kUserBase) +
             " ORDER BY id";
}

void Repository::insert_beneficiaries(soci::session& sql, const Plan& p, long long from, long long to) const {
  const long long nb = p.size.beneficiaries;
  long long m = 1000003;
  while (std::gcd(m, nb) != 1) m += 2;
  const std::string v = "(" + n(p.beneficiary_code_base) + " + (b * " + n(m) + ") % " + n(nb) + ")";
  sql << numbers(from, to) + ", x AS (SELECT i AS b, " + relais_of(p, "i") + " AS r, " + mix(p, "i", 51) +
             " % 100 AS age, " + mix(p, "i", 52) +
             " AS h FROM n) "
             "INSERT INTO beneficiaries (id, code, organisation_id, referent_id, age_band, household_size, "
             "commune_code, in_qpv, status, created_at, updated_at)" +
             overriding() + "SELECT " + n(kBeneficiaryBase) + " + b, 'B-' || " + code("(" + v + " / 529)", 4) +
             " || '-' || " + code("(" + v + " % 529)", 2) + ", o.id, " + n(kUserBase) +
             " + r, CASE WHEN age < 8 THEN '0-5' WHEN age < 20 THEN '6-11' WHEN age < 32 THEN '12-17' WHEN age < 45 "
             "THEN '18-25' WHEN age < 85 THEN '26-59' ELSE '60+' END, 1 + h % 5, o.commune_code, "
             "CASE WHEN (h / 5) % 100 < 30 THEN 1 ELSE 0 END, 'active', " +
             n(p.today) + " - 86400 * (1100 + (h / 500) % 300), " + n(p.today) +
             " - 86400 * (1100 + (h / 500) % 300) FROM x JOIN organisations o ON o.id = " + n(kOrganisationBase) +
             " + x.r";
}

void Repository::insert_offers(soci::session& sql, const Plan& p) const {
  const auto& s = p.size;
  sql << numbers(0, s.offers) + ", x AS (SELECT i AS f, " + mix(p, "i", 21) + " % " + n(s.venues) + " AS j, " +
             mix(p, "i", 22) +
             " AS h FROM n), "
             "y AS (SELECT x.*, CASE WHEN j % 5 = 3 THEN 'sport' WHEN j % 5 = 4 THEN CASE h % 3 WHEN 0 THEN 'leisure' "
             "WHEN 1 THEN 'environment' ELSE 'digital' END ELSE CASE h % 7 WHEN 0 THEN 'live_show' WHEN 1 THEN "
             "'concert' WHEN 2 THEN 'cinema' WHEN 3 THEN 'exhibition' WHEN 4 THEN 'reading' WHEN 5 THEN 'workshop' "
             "ELSE 'heritage' END END AS category FROM x), "
             "z AS (SELECT y.*, CASE category WHEN 'live_show' THEN 'Spectacle' WHEN 'concert' THEN 'Concert' WHEN "
             "'cinema' THEN 'Projection' WHEN 'exhibition' THEN 'Exposition' WHEN 'reading' THEN 'Lecture' WHEN "
             "'workshop' THEN 'Atelier' WHEN 'heritage' THEN 'Visite' WHEN 'sport' THEN 'Match' WHEN 'leisure' THEN "
             "'Journée' WHEN 'environment' THEN 'Balade' ELSE 'Initiation' END || ' « ' || CASE (h / 7) % 10 WHEN 0 "
             "THEN 'Les Voyageurs' WHEN 1 THEN 'Nuit d''été' WHEN 2 THEN 'Le Grand Bal' WHEN 3 THEN 'Échappées' WHEN "
             "4 THEN 'Les Étoiles' WHEN 5 THEN 'Rencontres' WHEN 6 THEN 'Le Fil' WHEN 7 THEN 'Traversées' WHEN 8 THEN "
             "'Saison nouvelle' ELSE 'Les Rives' END || ' » n° ' || CAST(f + 1 AS TEXT) AS title FROM y) "
             "INSERT INTO outing_offers (id, venue_id, partner_id, title, category, description, audience, family, "
             "status, search_text, accessibility_motor, created_at, updated_at)" +
             overriding() + "SELECT " + n(kOfferBase) + " + f, " + n(kOrganisationBase + s.relais) + " + j, " +
             n(kOrganisationBase + s.relais) +
             " + j, title, category, 'Des invitations offertes par le lieu aux personnes accompagnées par les "
             "relais du réseau.', CASE f % 4 WHEN 1 THEN 'family' WHEN 2 THEN 'youth' WHEN 3 THEN 'seniors' ELSE "
             "'all' END, CASE WHEN f % 4 = 1 THEN 1 ELSE 0 END, 'published', lower(title), (h / 70) % 2, " +
             n(p.today - 86400 * 1150) + ", " + n(p.today - 86400 * 1150) + " FROM z";
  sql << "INSERT INTO outing_offer_branches (offer_id, branch_id) SELECT o.id, v.branch_id FROM outing_offers o "
         "JOIN organisations v ON v.id = o.venue_id WHERE o.id >= " +
             n(kOfferBase) + " AND v.branch_id IS NOT NULL ORDER BY o.id";
}

void Repository::insert_slots(soci::session& sql, const Plan& p) const {
  const auto& s = p.size;
  sql << numbers(0, s.past_slots()) + ", x AS (SELECT i AS s, " + past_start(p, "i") +
             " AS st FROM n) "
             "INSERT INTO outing_slots (id, offer_id, starts_at, ends_at, capacity, booked, opens_at, closes_at, "
             "cancel_until, mode, status, attendance_reminded_at, created_at, updated_at)" +
             overriding() + "SELECT " + n(kSlotBase) + " + (s / 3) * 4 + s % 3, " + n(kOfferBase) +
             " + s / 3, st, st + 7200, 0, 0, st - 86400 * 45, st - 3600, st - 172800, 'first_come', 'open', "
             "st + 86400, st - 86400 * 60, st - 86400 * 60 FROM x";
  sql << numbers(0, s.offers) + ", x AS (SELECT i AS f, " + n(p.today) + " + 86400 * (1 + " + mix(p, "i", 31) +
             " % 90) + 3600 * (13 + " + mix(p, "i", 32) + " % 8) AS st, " + mix(p, "i", 33) +
             " AS h FROM n) "
             "INSERT INTO outing_slots (id, offer_id, starts_at, ends_at, capacity, booked, opens_at, closes_at, "
             "cancel_until, mode, status, created_at, updated_at)" +
             overriding() + "SELECT " + n(kSlotBase) + " + f * 4 + 3, " + n(kOfferBase) +
             " + f, st, st + 7200, 10 + h % 41, 0, " + n(p.today - 86400 * 7) +
             ", st - 3600, st - 172800, 'first_come', 'open', " + n(p.today - 86400 * 7) + ", " +
             n(p.today - 86400 * 7) + " FROM x";
}

void Repository::insert_bookings(soci::session& sql, const Plan& p, long long from, long long to) const {
  const auto& s = p.size;
  const long long ns = s.past_slots();
  long long m = 7777801;
  while (std::gcd(m, s.bookings) != 1) m += 2;
  const std::string v = "(" + n(p.booking_code_base) + " + (i * " + n(m) + ") % " + n(s.bookings) + ")";
  // Booking i is on past slot s = floor(i * slots / bookings), the k-th of that slot's bookings: rows come
  // slot after slot, so the slot index grows at its end.
  const std::string first = "((s * " + n(s.bookings) + " + " + n(ns - 1) + ") / " + n(ns) + ")";
  sql << numbers(from, to) + ", w AS (SELECT i, i * " + n(ns) + " / " + n(s.bookings) +
             " AS s FROM n), x AS (SELECT i, s, i - " + first + " AS k, " + mix(p, "i", 41) + " % 100 AS u, " +
             mix(p, "i", 42) +
             " AS h FROM w), "
             "y AS (SELECT x.*, (" +
             mix(p, "s", 43) + " + k) % " + n(s.beneficiaries) + " AS b, " + past_start(p, "s") +
             " AS st, CASE WHEN (s / 3) % 4 = 1 THEN (h / 7) % 4 ELSE 0 END AS comp FROM x), "
             "z AS (SELECT y.*, " +
             relais_of(p, "b") +
             " AS r FROM y) "
             "INSERT INTO bookings (id, code, slot_id, beneficiary_id, organisation_id, referent_id, companions, "
             "places, status, cancel_reason, checked_in_at, created_at, updated_at, kind)" +
             overriding() + "SELECT " + n(kBookingBase) + " + i, " + code("(" + v + " / 279841)", 4) + " || '-' || " +
             code("(" + v + " % 279841)", 4) + ", " + n(kSlotBase) + " + (s / 3) * 4 + s % 3, " + n(kBeneficiaryBase) +
             " + b, " + n(kOrganisationBase) + " + r, " + n(kUserBase) +
             " + r, comp, 1 + comp, CASE WHEN u < 80 THEN 'used' WHEN u < 88 THEN 'no_show' ELSE 'cancelled' END, "
             "CASE WHEN u < 88 THEN '' WHEN u < 98 THEN 'referent' ELSE 'venue' END, "
             "CASE WHEN u < 80 THEN st + 600 ELSE 0 END, st - 86400 * (3 + h % 30), "
             "CASE WHEN u < 88 THEN st + 3600 ELSE st - 86400 * (1 + h % 2) END, 'person' FROM z";
}

void Repository::count_slots(soci::session& sql, const Plan& p) const {
  const std::string held =
      "(SELECT COALESCE(SUM(b.places), 0) FROM bookings b WHERE b.slot_id = outing_slots.id AND b.status IN "
      "('offered', 'confirmed', 'used', 'no_show'))";
  sql << "UPDATE outing_slots SET booked = " + held + ", capacity = " + held + " + " + mix(p, "id", 35) +
             " % 8 WHERE id >= " + n(kSlotBase) + " AND id % 4 <> 3";
}

void Repository::insert_trainings(soci::session& sql, const Plan& p) const {
  const auto& s = p.size;
  const long long programmes = std::max<long long>(1, s.training_sessions / 50);
  const long long a = applications_per_session(p);
  const long long trainers_first = kOrganisationBase + s.relais + s.venues;
  sql << numbers(0, programmes) +
             "INSERT INTO training_programmes (id, organiser_id, title, summary, duration_days, duration_minutes, "
             "status, created_at, updated_at)" +
             overriding() + "SELECT " + n(kProgrammeBase) + " + i, " + n(trainers_first) + " + i % " + n(s.trainers) +
             ", CASE i % 5 WHEN 0 THEN 'Médiation culturelle et action sociale' WHEN 1 THEN 'Accueillir les "
             "publics éloignés de la culture' WHEN 2 THEN 'Construire une sortie collective' WHEN 3 THEN 'Coopérer "
             "sur un territoire' ELSE 'Animer un atelier d''expression' END || ' (' || CAST(i + 1 AS TEXT) || ')', "
             "'Deux journées pour les professionnels des relais.', 2, 840, 'published', " +
             n(p.today - 86400 * 1300) + ", " + n(p.today - 86400 * 1300) + " FROM n";
  // A session's trainees: `a` referents, the last one dropping out in one session out of three.
  const std::string dropped = "(t % 3 = 0 AND " + n(a) + " > 1)";
  sql << numbers(0, s.training_sessions) + ", x AS (SELECT i AS t, " + session_start(p, "i") +
             " AS st FROM n) "
             "INSERT INTO training_sessions (id, programme_id, title, place, min_trainees, max_trainees, seats_taken, "
             "status, starts_at, ends_at, created_at, updated_at)" +
             overriding() + "SELECT " + n(kSessionBase) + " + t, " + n(kProgrammeBase) + " + t % " + n(programmes) +
             ", 'Session n° ' || CAST(t + 1 AS TEXT), 'Salle de formation', 1, 15, " + n(a) + " - CASE WHEN " +
             dropped + " THEN 1 ELSE 0 END, 'completed', st + 3600 * 2, st + 86400 + 3600 * 10, " +
             "st - 86400 * 120, st + 86400 * 2 FROM x";
  const std::string day =
      pg_ ? "to_char(to_timestamp(hs) AT TIME ZONE 'UTC', 'YYYY-MM-DD')" : "strftime('%Y-%m-%d', hs, 'unixepoch')";
  sql << numbers(0, s.training_sessions * 4) + ", x AS (SELECT i, i / 4 AS t, i % 4 AS hd FROM n), " +
             "y AS (SELECT x.*, " + session_start(p, "t") +
             " + 86400 * (hd / 2) + 3600 * (2 + 5 * (hd % 2)) AS hs FROM x) "
             "INSERT INTO training_halfdays (id, session_id, day, period, starts_at, ends_at, minutes, sheet_status, "
             "countersigned_at)" +
             overriding() + "SELECT " + n(kHalfdayBase) + " + i, " + n(kSessionBase) + " + t, " + day +
             ", CASE WHEN hd % 2 = 0 THEN 'am' ELSE 'pm' END, hs, hs + 3 * 3600 + 1800, 210, 'locked', "
             "hs + 4 * 3600 FROM y";
  sql << numbers(0, s.training_sessions * a) + ", x AS (SELECT i, i / " + n(a) + " AS t, i % " + n(a) +
             " AS k FROM n), y AS (SELECT x.*, (" + mix(p, "t", 72) + " + k) % " + n(s.relais) + " AS r, " +
             session_start(p, "t") +
             " AS st FROM x) "
             "INSERT INTO training_applications (id, session_id, user_id, status, sector, organisation_id, "
             "requested_at, access_delay_days, decided_at, confirmed_at, dropout_at, dropout_cause, created_at, "
             "updated_at)" +
             overriding() + "SELECT " + n(kApplicationBase) + " + i, " + n(kSessionBase) + " + t, " + n(kUserBase) +
             " + r, CASE WHEN " + dropped + " AND k = " + n(a - 1) +
             " THEN 'dropped_out' ELSE 'completed' END, 'social', " + n(kOrganisationBase) +
             " + r, st - 86400 * 60, 60, st - 86400 * 40, st - 86400 * 30, CASE WHEN " + dropped +
             " AND k = " + n(a - 1) + " THEN st + 86400 ELSE 0 END, CASE WHEN " + dropped + " AND k = " + n(a - 1) +
             " THEN 'work' ELSE '' END, st - 86400 * 60, st + 86400 * 2 FROM y";
  sql << numbers(0, s.training_sessions * a * 4) + ", x AS (SELECT i, i / 4 AS ap, i % 4 AS hd, i / " + n(4 * a) +
             " AS t, (i / 4) % " + n(a) + " AS k, " + mix(p, "i", 73) +
             " % 100 AS u FROM n) "
             "INSERT INTO training_attendance (id, halfday_id, application_id, status, signature, signed_at)" +
             overriding() + "SELECT " + n(kAttendanceBase) + " + i, " + n(kHalfdayBase) + " + t * 4 + hd, " +
             n(kApplicationBase) + " + ap, CASE WHEN " + dropped + " AND k = " + n(a - 1) +
             " AND hd >= 2 THEN 'absent' WHEN u < 90 THEN 'present' WHEN u < 97 THEN 'absent' ELSE 'excused' END, "
             "'trainer', " +
             session_start(p, "t") + " + 86400 * (hd / 2) + 3600 * (2 + 5 * (hd % 2)) + 600 FROM x";
}

long long Repository::answer_target(soci::session& sql, std::vector<AnswerSlot>& slots) const {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(id) FROM questionnaires WHERE kind = 'satisfaction' AND status = 'published' AND "
         "is_template = 0",
      soci::into(id, ind);
  if (ind != soci::i_ok || id == 0) return 0;
  long long q = 0;
  std::string kind, items;
  soci::statement st =
      (sql.prepare << "SELECT id, kind, items FROM questionnaire_questions WHERE questionnaire_id = :q "
                      "AND archived = 0 AND kind IN ('scale', 'nps', 'matrix') ORDER BY position, id",
       soci::use(id), soci::into(q), soci::into(kind), soci::into(items));
  st.execute();
  while (st.fetch()) {
    if (kind != "matrix") {
      slots.push_back({q, -1, kind == "nps"});
      continue;
    }
    long long item = 0;
    for (std::size_t start = 0; start < items.size();) {
      auto end = items.find('\n', start);
      if (end == std::string::npos) end = items.size();
      if (end > start) slots.push_back({q, item++, false});
      start = end + 1;
    }
  }
  if (slots.size() < 5) return 0;
  slots.resize(5);
  return id;
}

void Repository::insert_answers(soci::session& sql, const Plan& p, long long questionnaire,
                                const std::vector<AnswerSlot>& slots) const {
  const long long responses = p.size.answers / 5;
  long long version = 1;
  sql << "SELECT version FROM questionnaires WHERE id = :q", soci::use(questionnaire), soci::into(version);
  // ISO weeks of the last three years, computed here (the engines have no common ISO week function).
  std::string weeks = "w(k, label) AS (VALUES ";
  for (int k = 0; k < 156; ++k) {
    auto t = static_cast<std::time_t>(p.today - 86400LL * 7 * k);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char label[16];
    std::strftime(label, sizeof label, "%G-W%V", &tm);
    weeks += std::string(k ? ", " : "") + "(" + n(k) + ", '" + label + "')";
  }
  weeks += ")";
  sql << numbers(0, responses) + ", " + weeks + ", x AS (SELECT i, " + mix(p, "i", 81) +
             " % 156 AS wk FROM n) "
             "INSERT INTO questionnaire_responses (id, questionnaire_id, version, submitted_week, attributes) "
             "SELECT " +
             n(kResponseBase) + " + i, " + n(questionnaire) + ", " + n(version) +
             ", w.label, '{\"sector\":\"social\"}' FROM x JOIN w ON w.k = x.wk ORDER BY i";
  // Five answers per response, one per slot: 1 to 5 (mostly 4 and 5), 0 to 10 for an NPS question.
  std::string question = "CASE j", item = "CASE j", nps = "CASE j";
  for (std::size_t j = 0; j < 5; ++j) {
    const auto& a = slots[j];
    question += " WHEN " + n(static_cast<long long>(j)) + " THEN " + n(a.question);
    item += " WHEN " + n(static_cast<long long>(j)) + " THEN " + n(a.item);
    nps += " WHEN " + n(static_cast<long long>(j)) + " THEN " + (a.nps ? "1" : "0");
  }
  question += " END", item += " END", nps += " END";
  sql << numbers(0, responses * 5) + ", x AS (SELECT i, i / 5 AS r, i % 5 AS j, " + mix(p, "i", 82) +
             " AS h FROM n), y AS (SELECT x.*, " + question + " AS q, " + item + " AS item, CASE WHEN " + nps +
             " = 1 THEN CASE WHEN h % 100 < 60 THEN 9 + h % 2 WHEN h % 100 < 85 THEN 7 + h % 2 ELSE h % 7 END ELSE "
             "CASE WHEN h % 100 < 45 THEN 5 WHEN h % 100 < 80 THEN 4 WHEN h % 100 < 93 THEN 3 ELSE 1 + h % 2 END "
             "END AS val FROM x) "
             "INSERT INTO questionnaire_answers (id, response_id, question_id, item, value, number)" +
             overriding() + "SELECT " + n(kAnswerBase) + " + i, " + n(kResponseBase) +
             " + r, q, item, CAST(val AS TEXT), CAST(val AS DOUBLE PRECISION) FROM y";
}

void Repository::realign_sequences(soci::session& sql) const {
  if (!pg_) return;
  for (const char* table : {"organisations", "users", "memberships", "beneficiaries", "outing_offers", "outing_slots",
                            "bookings", "training_programmes", "training_sessions", "training_halfdays",
                            "training_applications", "training_attendance", "questionnaire_answers"}) {
    std::string t = table;
    sql << "SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), (SELECT MAX(id) FROM " + t + "))";
  }
}

void Repository::analyze(soci::session& sql) const {
  sql << "ANALYZE";
}

void Repository::tune(soci::session& sql) const {
  // SQLite: a page cache large enough for the bookings' indexes (with the default 2,000 pages each tenth of
  // the national bookings took longer than the one before). This process ends with the command.
  if (!pg_) sql << "PRAGMA cache_size = -131072";
}

}  // namespace trame::generate
