#include "plans/dashboards/repository.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/store/id_list.hpp"

namespace trame::plans::dashboards {

namespace {

using store::in_ids;

// A long list of relais (a branch's coordinator: thousands at national size) is checked on each of the
// period's rows, not used to pick rows: with the organisation index, SQLite walked the whole figures table
// (or probed every relais × slot), 0.7 s a month at national size, and probed bookings_slot_people once per
// relais and slot for the days' people (2.2 s → 0.03 s for 17 days); « +column » keeps the slots' date index
// (or the kept tables' month) as the only way in. A short list (a referent's relais) reads its own rows through
// the organisation index.
constexpr std::size_t kLongScope = 64;

std::string relais_clause(soci::session& sql, const std::string& column, const std::vector<long long>& ids, bool all) {
  if (!all && ids.size() > kLongScope) return in_ids(sql, "+" + column, ids, all);
  return in_ids(sql, column, ids, all);
}

// A period cut into the whole Paris months it covers (read from the figures kept per month, migration 0081)
// and the days before and after them (read from the bookings). No whole month: everything is in `head`.
struct Split {
  long long head_from = 0, head_to = 0;  // [from, first whole month)
  int first = 1, last = 0;               // whole months, YYYYMM; none when first > last
  long long tail_from = 0, tail_to = 0;  // [end of the last whole month, to)
};

Split split(long long from, long long to) {
  Split s;
  Date a = local_date(from), z = local_date(to - 1);
  int y = a.year, m = a.month, ey = z.year, em = z.month;
  if (month_start(y, m) != from && ++m > 12) {
    m = 1;
    ++y;
  }
  if (next_month_start(ey, em) != to && --em < 1) {
    em = 12;
    --ey;
  }
  if (y * 100 + m > ey * 100 + em) {
    s.head_from = from;
    s.head_to = to;
    s.tail_from = s.tail_to = to;
    return s;
  }
  s.first = y * 100 + m;
  s.last = ey * 100 + em;
  s.head_from = from;
  s.head_to = month_start(y, m);
  s.tail_from = next_month_start(ey, em);
  s.tail_to = to;
  return s;
}

std::string range(const char* column, long long from, long long to) {
  return std::string(column) + " >= " + std::to_string(from) + " AND " + column + " < " + std::to_string(to);
}

// The relais' people with a used booking in [from, to), each once (a person may go out with several relais):
// a UNION of the kept months' rows (per year, the months of the period with a used booking) and of the
// bookings of the days around them.
std::string people_of(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                      long long to) {
  Split s = split(from, to);
  std::vector<std::string> parts;
  for (int year = s.first / 100; s.first <= s.last && year <= s.last / 100; ++year) {
    int lo = year == s.first / 100 ? s.first % 100 : 1, hi = year == s.last / 100 ? s.last % 100 : 12;
    std::string months;
    for (int m = lo; m <= hi; ++m)
      months += std::string(months.empty() ? "" : " + ") + (m < 10 ? "p.m0" : "p.m") + std::to_string(m);
    parts.push_back(
        "SELECT DISTINCT p.beneficiary_id FROM outing_person_years p WHERE p.year = " + std::to_string(year) + " AND " +
        months + " > 0 AND " + relais_clause(sql, "p.organisation_id", relais, all));
  }
  for (auto [a, z] : {std::pair{s.head_from, s.head_to}, std::pair{s.tail_from, s.tail_to}})
    if (a < z)
      parts.push_back(
          "SELECT DISTINCT b.beneficiary_id FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = "
          "'used' "
          "WHERE " +
          range("s.starts_at", a, z) + " AND b.beneficiary_id IS NOT NULL AND " +
          relais_clause(sql, "b.organisation_id", relais, all));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " UNION ") + p;
  return out;
}

}  // namespace

OutingFigures Repository::relais_outings(soci::session& sql, const std::vector<long long>& relais, bool all,
                                         long long from, long long to, const std::vector<long long>& cuts,
                                         std::vector<long long>* series, long long branch) {
  OutingFigures f;
  // Whole Paris months from the figures kept per month and relais (migration 0092), the days around them
  // from the figures kept per hour and relais (migration 0095). The series' buckets start at `cuts`: a row
  // goes to the bucket of its month's (or slot's) start.
  if (series) series->assign(cuts.size() + 1, 0);
  auto add = [&](long long at, long long places, long long bookings, long long no_shows) {
    f.places += places;
    f.bookings += bookings;
    f.no_shows += no_shows;
    if (series)
      (*series)[static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), at) - cuts.begin())] += places;
  };
  Split s = split(from, to);
  long long key = 0, places = 0, bookings = 0, no_shows = 0;
  if (s.first <= s.last) {
    soci::statement st =
        (sql.prepare << "SELECT CAST(r.month AS BIGINT), CAST(SUM(r.used_places) AS BIGINT), CAST(SUM(r.bookings) AS "
                        "BIGINT), CAST(SUM(r.no_shows) AS BIGINT) FROM outing_relais_months r WHERE r.month >= " +
                            std::to_string(s.first) + " AND r.month <= " + std::to_string(s.last) + " AND " +
                            in_ids(sql, "r.organisation_id", relais, all) + " GROUP BY r.month",
         soci::into(key), soci::into(places), soci::into(bookings), soci::into(no_shows));
    st.execute();
    while (st.fetch())
      add(month_start(static_cast<int>(key / 100), static_cast<int>(key % 100)), places, bookings, no_shows);
  }
  for (auto [a, z] : {std::pair{s.head_from, s.head_to}, std::pair{s.tail_from, s.tail_to}}) {
    if (a >= z) continue;
    if (a % 3600 == 0 && z % 3600 == 0) {
      // The days' figures per hour of the slots' start and relais (migration 0095): one range of the key
      // instead of every slot's figure rows. Bounds at Paris midnights are whole UTC hours, and so are the
      // series' cuts (month starts): a row's hour goes to its slots' bucket.
      soci::statement st =
          (sql.prepare << "SELECT r.hour * 3600, CAST(SUM(r.used_places) AS BIGINT), CAST(SUM(r.bookings) AS BIGINT), "
                          "CAST(SUM(r.no_shows) AS BIGINT) FROM outing_relais_hours r WHERE r.hour >= " +
                              std::to_string(a / 3600) + " AND r.hour < " + std::to_string(z / 3600) + " AND " +
                              relais_clause(sql, "r.organisation_id", relais, all) + " GROUP BY r.hour",
           soci::into(key), soci::into(places), soci::into(bookings), soci::into(no_shows));
      st.execute();
      while (st.fetch()) add(key, places, bookings, no_shows);
      continue;
    }
    // Bounds inside an hour (not a page's period): the days' slots one by one, each to its own bucket.
    soci::statement st =
        (sql.prepare << "SELECT s.starts_at, CAST(SUM(f.used_places) AS BIGINT), CAST(SUM(f.bookings) AS BIGINT), "
                        "CAST(SUM(f.no_shows) AS BIGINT) FROM outing_slot_figures f JOIN outing_slots s ON s.id = "
                        "f.slot_id WHERE " +
                            range("s.starts_at", a, z) + " AND " +
                            relais_clause(sql, "f.organisation_id", relais, all) + " GROUP BY s.id, s.starts_at",
         soci::into(key), soci::into(places), soci::into(bookings), soci::into(no_shows));
    st.execute();
    while (st.fetch()) add(key, places, bookings, no_shows);
  }
  f.people = relais_people(sql, relais, all, from, to, branch);
  return f;
}

long long Repository::relais_people(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                                    long long to, long long branch) {
  long long n = 0;
  // Every relais, or exactly a branch's, over one whole Paris year (the page's default period): the year's people
  // as the reach keeps them at write time (outing_reach_counts, migration 0086: people with a used booking on a
  // slot of that Paris year; a branch's per commune of residence, one commune a person), not the year's rows of
  // people made distinct (91,644 at national size: 67 ms on PostgreSQL, twice a page; a branch's 30,000: 48 ms).
  Split s = split(from, to);
  if ((all || branch != 0) && s.head_from == s.head_to && s.tail_from == s.tail_to && s.first % 100 == 1 &&
      s.last == s.first + 11) {
    const int year = s.first / 100;
    if (all)
      sql << "SELECT CAST(COALESCE(MAX(people), 0) AS BIGINT) FROM outing_reach_counts WHERE year = :y AND "
             "scope = 'all' AND dimension = 'total' AND group_key = ''",
          soci::use(year), soci::into(n);
    else {
      const std::string scope = "branch:" + std::to_string(branch);
      sql << "SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM outing_reach_counts WHERE year = :y AND "
             "scope = :s AND dimension = 'commune'",
          soci::use(year), soci::use(scope), soci::into(n);
    }
    return n;
  }
  // COUNT(*) of a UNION (PostgreSQL hashes it; COUNT(DISTINCT …) sorts). The bounds are computed, not typed.
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (" + people_of(sql, relais, all, from, to) + ") q", soci::into(n);
  return n;
}

OutingFigures Repository::venue_outings(soci::session& sql, const std::vector<long long>& venues, long long from,
                                        long long to) {
  OutingFigures f;
  std::string venue = in_ids(sql, "o.venue_id", venues, false);
  sql << "SELECT CAST(COALESCE(SUM(s.capacity), 0) AS BIGINT) FROM outing_slots s "
         "JOIN outing_offers o ON o.id = s.offer_id WHERE s.status = 'open' AND s.starts_at >= :from "
         "AND s.starts_at < :to AND " +
             venue,
      soci::use(from), soci::use(to), soci::into(f.offered);
  sql << "SELECT CAST(COALESCE(SUM(f.booked_places), 0) AS BIGINT), CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(f.no_shows), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             venue,
      soci::use(from), soci::use(to), soci::into(f.booked), soci::into(f.places), soci::into(f.no_shows);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT b.beneficiary_id FROM outing_slots s "
         "JOIN outing_offers o ON o.id = s.offer_id JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND b.beneficiary_id IS NOT NULL AND " +
             venue + ") q",
      soci::use(from), soci::use(to), soci::into(f.people);
  return f;
}

long long Repository::venue_places(soci::session& sql, const std::vector<long long>& venues, long long from,
                                   long long to) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(f.used_places), 0) AS BIGINT) FROM outing_slot_figures f "
         "JOIN outing_slots s ON s.id = f.slot_id JOIN outing_offers o ON o.id = s.offer_id "
         "WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
             in_ids(sql, "o.venue_id", venues, false),
      soci::use(from), soci::use(to), soci::into(n);
  return n;
}

std::vector<EpciLine> Repository::per_epci(soci::session& sql, const std::vector<long long>& relais, bool all,
                                           long long from, long long to) {
  // Places by the commune where people live: the kept months (migration 0081) and the bookings of the days
  // around them.
  Split s = split(from, to);
  std::string places =
      "SELECT r.commune_code AS commune_code, r.places AS places FROM outing_residence_months r "
      "WHERE r.month >= " +
      std::to_string(s.first) + " AND r.month <= " + std::to_string(s.last) + " AND r.places <> 0 AND " +
      relais_clause(sql, "r.organisation_id", relais, all);
  for (auto [a, z] : {std::pair{s.head_from, s.head_to}, std::pair{s.tail_from, s.tail_to}})
    if (a < z)
      places +=
          " UNION ALL SELECT p.commune_code, b.places FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
          "JOIN beneficiaries p ON p.id = b.beneficiary_id WHERE b.status = 'used' AND " +
          range("s.starts_at", a, z) + " AND " + relais_clause(sql, "b.organisation_id", relais, all);
  std::vector<EpciLine> out;
  EpciLine l;
  soci::statement st =
      (sql.prepare
           << "SELECT e.siren, e.name, CAST(COALESCE(u.places, 0) AS BIGINT), "
              "CAST((SELECT COALESCE(SUM(c2.population), 0) FROM communes c2 WHERE c2.epci_siren = e.siren) "
              "AS BIGINT) FROM epcis e JOIN (SELECT c.epci_siren AS siren, SUM(x.places) AS places FROM (" +
                  places +
                  ") x JOIN communes c ON c.code = x.commune_code GROUP BY c.epci_siren) u ON u.siren = e.siren "
                  "ORDER BY e.name, e.siren",
       soci::into(l.siren), soci::into(l.name), soci::into(l.places), soci::into(l.population));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

TrainingFigures Repository::trainings(soci::session& sql, const std::vector<long long>& organisers, bool all,
                                      long long from, long long to) {
  TrainingFigures f;
  std::string where =
      "FROM training_sessions ts JOIN training_programmes tp ON tp.id = ts.programme_id "
      "WHERE ts.status <> 'cancelled' AND ts.starts_at >= :from AND ts.starts_at < :to AND " +
      in_ids(sql, "tp.organiser_id", organisers, all);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) " + where, soci::use(from), soci::use(to), soci::into(f.sessions);
  sql << "SELECT CAST(COUNT(DISTINCT a.user_id) AS BIGINT) FROM training_applications a WHERE a.status IN "
         "('admitted', 'confirmed', 'completed') AND a.session_id IN (SELECT ts.id " +
             where + ")",
      soci::use(from), soci::use(to), soci::into(f.trainees);
  sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM training_attendance ta "
         "JOIN training_halfdays h ON h.id = ta.halfday_id WHERE ta.status = 'present' AND h.session_id IN "
         "(SELECT ts.id " +
             where + ")",
      soci::use(from), soci::use(to), soci::into(f.minutes);
  sql << "SELECT CAST(COALESCE(ROUND(10.0 * SUM(r.satisfaction * r.satisfaction_responses) / "
         "NULLIF(SUM(r.satisfaction_responses), 0)), 0) AS BIGINT) FROM programme_results r "
         "JOIN training_programmes tp ON tp.id = r.programme_id WHERE " +
             in_ids(sql, "tp.organiser_id", organisers, all) +
             " AND r.id = (SELECT r2.id FROM programme_results r2 WHERE r2.programme_id = r.programme_id "
             "AND r2.published = 1 AND r2.satisfaction IS NOT NULL AND r2.computed_at < :to "
             "ORDER BY r2.computed_at DESC, r2.id DESC LIMIT 1)",
      soci::use(to), soci::into(f.satisfaction_tenths);
  return f;
}

CertifierFigures Repository::certifications(soci::session& sql, const std::vector<long long>& owners, bool all,
                                            long long from, long long to) {
  CertifierFigures f;
  std::string owned = in_ids(sql, "c.owner_id", owners, all);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_registrations r JOIN certifications c "
         "ON c.id = r.certification_id WHERE r.created_at >= :from AND r.created_at < :to AND " +
             owned,
      soci::use(from), soci::use(to), soci::into(f.candidates);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certification_certificates cc JOIN certification_registrations r "
         "ON r.id = cc.registration_id JOIN certifications c ON c.id = r.certification_id WHERE cc.complete = 1 "
         "AND cc.revoked_at = 0 AND cc.issued_at >= :from AND cc.issued_at < :to AND " +
             owned,
      soci::use(from), soci::use(to), soci::into(f.successes);
  return f;
}

long long Repository::count_certifications(soci::session& sql, const std::vector<long long>& owners, bool all) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM certifications c WHERE " + in_ids(sql, "c.owner_id", owners, all),
      soci::into(n);
  return n;
}

}  // namespace trame::plans::dashboards
