// The catalogue of computed indicators and the SQL computing each one for a project's territory: the
// communes of cooperation_project_communes. How each is computed is told to people in the locales
// (indicators.catalogue.<key>.how) and in docs/cooperation/indicators.md; keep the three in step.
//
// Where things are placed: a beneficiary by beneficiaries.commune_code (the commune the referent
// recorded; never a postcode, so no mapping through communes.postal_codes is needed), an
// organisation by organisations.commune_code, a training session by training_sessions.commune_code
// and, when the session has none, by its organiser's commune.
#include <cmath>
#include <map>

#include "cooperation/indicators/repository.hpp"

namespace trame::indicators {

namespace {

// The organisation kinds the catalogue counts (organisations.kind, without the certifiers).
const std::vector<std::string>& organisation_kinds() {
  static const std::vector<std::string> list = {"cultural", "social",    "sport", "leisure",
                                                "training", "authority", "funder"};
  return list;
}

// Placeholders are bound by position, in the order they appear in each statement.
const std::string kTerritory = "(SELECT pc.commune_code FROM cooperation_project_communes pc WHERE pc.project_id = :p)";

// Sessions held (confirmed, running or completed) that started in [:s, :e), placed in the territory:
// at the session's commune, or at its organiser's when the session has none.
const std::string kSessionsHeld =
    " FROM training_sessions s JOIN training_programmes pr ON pr.id = s.programme_id "
    "JOIN organisations og ON og.id = pr.organiser_id "
    "WHERE s.status IN ('confirmed','running','completed') AND s.starts_at >= :s AND s.starts_at < :e "
    "AND (CASE WHEN s.commune_code <> '' THEN s.commune_code ELSE COALESCE(og.commune_code, '') END) IN " +
    kTerritory;

// Fewer feedbacks than this in a period: no share is computed (as results::kMinGroup, so that nobody's
// reaction can be told).
constexpr long long kMinFeedbacks = 5;

// A count whose statement has :s, :e then :p.
double count(soci::session& sql, const std::string& query, long long project_id, long long start, long long end) {
  long long n = 0;
  sql << query, soci::into(n), soci::use(start), soci::use(end), soci::use(project_id);
  return static_cast<double>(n);
}

}  // namespace

const std::vector<CatalogueEntry>& catalogue() {
  static const std::vector<CatalogueEntry> list = [] {
    std::vector<CatalogueEntry> l = {{"population", false},
                                     {"outings_booked", true},
                                     {"outings_used", true},
                                     {"outings_liked", true},
                                     {"organisations_all", false}};
    for (const auto& k : organisation_kinds()) l.push_back({"organisations_" + k, false});
    l.push_back({"trainings_held", true});
    l.push_back({"trainees", true});
    l.push_back({"training_satisfaction", true});
    return l;
  }();
  return list;
}

const CatalogueEntry* catalogue_entry(const std::string& key) {
  for (const auto& e : catalogue())
    if (e.key == key) return &e;
  return nullptr;
}

std::optional<double> Repository::compute(soci::session& sql, const std::string& key, long long project_id,
                                          long long start, long long end) const {
  if (key == "population") {
    // The communes' population as imported (the latest legal population): a snapshot.
    long long n = 0;
    sql << "SELECT CAST(COALESCE(SUM(c.population), 0) AS BIGINT) FROM communes c WHERE c.code IN " + kTerritory,
        soci::into(n), soci::use(project_id);
    return static_cast<double>(n);
  }
  if (key.rfind("organisations_", 0) == 0) {
    // Active organisations of the directory whose commune is in the territory: a snapshot.
    std::string kind = key.substr(14);
    std::string query =
        "SELECT COUNT(*) FROM organisations o WHERE o.status = 'active' AND o.commune_code IN " + kTerritory;
    long long n = 0;
    if (kind == "all") {
      sql << query, soci::into(n), soci::use(project_id);
    } else {
      sql << query + " AND o.kind = :k", soci::into(n), soci::use(project_id), soci::use(kind);
    }
    return static_cast<double>(n);
  }
  if (key == "outings_booked")
    // Bookings made in the period (their creation) for people of the territory, that hold or held a
    // place: confirmed, used or no-show (not the requests of a draw, the waiting list or cancellations).
    return count(sql,
                 "SELECT COUNT(*) FROM bookings b JOIN beneficiaries e ON e.id = b.beneficiary_id "
                 "WHERE b.status IN ('confirmed','used','no_show') AND b.created_at >= :s AND b.created_at < :e "
                 "AND e.commune_code IN " +
                     kTerritory,
                 project_id, start, end);
  if (key == "outings_used")
    // Outings of people of the territory that took place in the period (the slot's start) and where
    // they came (checked in: used).
    return count(sql,
                 "SELECT COUNT(*) FROM bookings b JOIN beneficiaries e ON e.id = b.beneficiary_id "
                 "JOIN outing_slots sl ON sl.id = b.slot_id WHERE b.status = 'used' AND sl.starts_at >= :s "
                 "AND sl.starts_at < :e AND e.commune_code IN " +
                     kTerritory,
                 project_id, start, end);
  if (key == "outings_liked") {
    // Share of 'liked' among the reactions recorded after outings of the period (people of the
    // territory); nothing under kMinFeedbacks reactions.
    long long total = 0, liked = 0;
    sql << "SELECT COUNT(*), COALESCE(SUM(CASE WHEN f.reaction = 'liked' THEN 1 ELSE 0 END), 0) FROM outing_feedback f "
           "JOIN bookings b ON b.id = f.booking_id JOIN beneficiaries e ON e.id = b.beneficiary_id "
           "JOIN outing_slots sl ON sl.id = b.slot_id WHERE sl.starts_at >= :s AND sl.starts_at < :e AND "
           "e.commune_code IN " +
               kTerritory,
        soci::into(total), soci::into(liked), soci::use(start), soci::use(end), soci::use(project_id);
    if (total < kMinFeedbacks) return std::nullopt;
    return static_cast<double>(std::llround(1000.0 * static_cast<double>(liked) / static_cast<double>(total))) / 10.0;
  }
  if (key == "trainings_held") return count(sql, "SELECT COUNT(*)" + kSessionsHeld, project_id, start, end);
  if (key == "trainees")
    // Trainees of those sessions who started the training: confirmed, then completed or dropped out.
    return count(sql,
                 "SELECT COUNT(*) FROM training_applications a WHERE a.status IN "
                 "('confirmed','completed','dropped_out') AND a.session_id IN (SELECT s.id" +
                     kSessionsHeld + ")",
                 project_id, start, end);
  if (key == "training_satisfaction") {
    // The overall satisfaction (1 to 5) published by the period's end (programme_results, see
    // questionnaires/results) by the programmes that held a session in the territory up to then: each
    // programme's latest published result, weighted by its responses (a published result already
    // leaves out fewer than results::kMinGroup responses).
    long long programme = 0, responses = 0, zero = 0;
    double satisfaction = 0;
    soci::indicator ind = soci::i_ok;
    std::map<long long, std::pair<double, long long>> latest;
    soci::statement st =
        (sql.prepare << "SELECT r.programme_id, r.satisfaction, r.satisfaction_responses FROM programme_results r "
                        "WHERE r.published = 1 AND r.satisfaction IS NOT NULL AND r.computed_at < :end "
                        "AND r.programme_id IN (SELECT s.programme_id" +
                            kSessionsHeld + ") ORDER BY r.programme_id, r.computed_at, r.id",
         soci::into(programme), soci::into(satisfaction, ind), soci::into(responses), soci::use(end), soci::use(zero),
         soci::use(end), soci::use(project_id));
    st.execute();
    while (st.fetch())
      if (ind == soci::i_ok && responses > 0) latest[programme] = {satisfaction, responses};
    double sum = 0;
    long long weight = 0;
    for (const auto& [id, r] : latest) {
      sum += r.first * static_cast<double>(r.second);
      weight += r.second;
    }
    if (weight == 0) return std::nullopt;
    return std::round(100.0 * sum / static_cast<double>(weight)) / 100.0;
  }
  return std::nullopt;
}

long long Repository::communes(soci::session& sql, long long project_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_project_communes WHERE project_id = :p", soci::into(n),
      soci::use(project_id);
  return n;
}

}  // namespace trame::indicators
