#include "plans/reports/repository.hpp"

#include "plans/plans/repository.hpp"

namespace trame::plans::reports {

using trame::plans::plans::scope_of;  // the plans' scope, one definition

std::optional<std::string> Repository::organisation_name(soci::session& sql, long long id) const {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::into(name), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

long long Repository::plan_for_year(soci::session& sql, long long organisation_id, int year) const {
  std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  long long id = 0;
  sql << "SELECT id FROM plans WHERE organisation_id = :o AND period_to >= :f AND period_to <= :l "
         "ORDER BY period_to DESC, id DESC LIMIT 1",
      soci::into(id), soci::use(organisation_id), soci::use(first), soci::use(last);
  return sql.got_data() ? id : 0;
}

std::vector<long long> Repository::scope(soci::session& sql, long long organisation_id) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT CAST(s.id AS BIGINT) FROM " + scope_of(organisation_id) + " s", soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<RelaisLine> Repository::per_relais(soci::session& sql, long long organisation_id, long long from,
                                               long long to) const {
  std::vector<RelaisLine> out;
  RelaisLine l;
  soci::statement st =
      (sql.prepare << "SELECT o.name, CAST(COALESCE(SUM(b.places), 0) AS BIGINT), CAST(COUNT(DISTINCT "
                      "b.beneficiary_id) AS BIGINT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id JOIN "
                      "organisations o ON o.id = b.organisation_id WHERE b.status = 'used' AND s.starts_at >= :f AND "
                      "s.starts_at < :t AND b.organisation_id IN " +
                          scope_of(organisation_id) + " GROUP BY o.id, o.name ORDER BY o.name, o.id",
       soci::use(from), soci::use(to), soci::into(l.name), soci::into(l.places), soci::into(l.people));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<ProgrammeLine> Repository::per_programme(soci::session& sql, long long organisation_id, long long from,
                                                     long long to) const {
  std::vector<ProgrammeLine> out;
  ProgrammeLine l;
  soci::statement st =
      (sql.prepare << "SELECT pr.title, CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM((SELECT SUM(h.minutes) FROM "
                      "training_attendance ta JOIN training_halfdays h ON h.id = ta.halfday_id WHERE ta.status = "
                      "'present' AND h.session_id = ts.id)), 0) AS BIGINT) FROM training_sessions ts JOIN "
                      "training_programmes pr ON pr.id = ts.programme_id WHERE ts.status IN "
                      "('confirmed','running','completed') AND ts.starts_at >= :f AND ts.starts_at < :t AND "
                      "pr.organiser_id IN " +
                          scope_of(organisation_id) + " GROUP BY pr.id, pr.title ORDER BY pr.title, pr.id",
       soci::use(from), soci::use(to), soci::into(l.title), soci::into(l.sessions), soci::into(l.minutes));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<Quote> Repository::quotes(soci::session& sql, long long organisation_id, long long limit) const {
  std::vector<Quote> out;
  Quote q;
  soci::statement st =
      (sql.prepare << "SELECT q.text, q.author, COALESCE(p.title, '') FROM quotes q LEFT JOIN training_programmes p "
                      "ON p.id = q.programme_id WHERE q.published = 1 AND q.withdrawn_at = 0 AND (q.programme_id IS "
                      "NULL OR p.organiser_id IN " +
                          scope_of(organisation_id) + ") ORDER BY q.position, q.id LIMIT :l",
       soci::use(limit), soci::into(q.text), soci::into(q.author), soci::into(q.context));
  st.execute();
  while (st.fetch()) out.push_back(q);
  return out;
}

}  // namespace trame::plans::reports
