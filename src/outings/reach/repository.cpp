#include "outings/reach/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/core/calendar.hpp"
#include "platform/store/id_list.hpp"

namespace trame::reach {

namespace {

using store::in_ids;

// The relais of the bookings of a period, whose slots' start (outing_slots_starts) must lead the plan: the
// unary plus keeps SQLite from probing bookings_slot_people once per slot and relais (3,300 relais of a
// branch × the period's slots: 2 s instead of 0.1 s for a quarter at national size). PostgreSQL plans it alike.
std::string period_relais_clause(const std::vector<long long>& relais, bool all) {
  return in_ids("+b.organisation_id", relais, all);
}

// Relais with an active social-relay partnership, their first such partnership's start, last booking and
// last relance (the FROM … HAVING of the dormant list and its count). A relais' last booking is one step
// down bookings_organisation (organisation_id, created_at) per relais, not a pass over every booking
// grouped by relais (issue 22: that read the whole table, 1,000,000 rows at national size).
std::string dormant_query(const std::vector<long long>& relais, bool all) {
  const std::string last_booking =
      "COALESCE((SELECT MAX(lb.created_at) FROM bookings lb WHERE lb.organisation_id = r.id), 0)";
  return "SELECT r.id, r.name, MIN(p.start_date) AS started, " + last_booking +
         " AS last_at, "
         "COALESCE(MAX(rl.at), 0) AS relaunched FROM organisations r "
         "JOIN partnerships p ON p.partner_id = r.id AND p.kind = 'social_relay' AND p.status = 'active' "
         "LEFT JOIN outing_relaunch_last rl ON rl.organisation_id = r.id "
         "WHERE r.status = 'active' AND " +
         in_ids("r.id", relais, all) + " GROUP BY r.id, r.name HAVING " + last_booking +
         " < :cutoff AND MIN(p.start_date) <= :started";
}

}  // namespace

namespace {

// The person's Paris months of `year` in outing_person_years (0081): "(y.m01 > 0 OR …)" over months
// [first, last], or "" when the range is empty.
std::string months_used(int first, int last) {
  std::string out;
  for (int m = first; m <= last; ++m) {
    std::string col = (m < 10 ? "y.m0" : "y.m") + std::to_string(m);
    out += (out.empty() ? "(" : " OR ") + col + " > 0";
  }
  return out.empty() ? out : out + ")";
}

// A text list for IN (…): our stored commune codes, quotes doubled.
std::string text_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? "'" : ", '";
    for (char ch : v) out += ch == '\'' ? std::string("''") : std::string(1, ch);
    out += "'";
  }
  return out.empty() ? "''" : out;
}

}  // namespace

std::vector<PersonRow> Repository::period_rows(soci::session& sql, long long from, long long to,
                                               const std::vector<long long>& relais, bool all) {
  // `from`'s Paris year and month (the months of 0081 and the years of 0086 are Paris ones).
  const std::string day = local_day(from);
  const int year = std::stoi(day.substr(0, 4)), month = std::stoi(day.substr(5, 2));
  const bool month_start = from == day_start(day.substr(0, 8) + "01");
  // Placeholders are named apart (:y1, :y2…): SOCI binds a repeated name once.
  auto person_year = [](int n) {
    return "FROM outing_person_years y WHERE y.year = :y" + std::to_string(n) +
           " AND y.beneficiary_id = b.beneficiary_id AND ";
  };
  // No used booking before `from`: none in an earlier year (the person's kept 'total' rows), none in an
  // earlier month of `from`'s year, and — when `from` is not a month's first day — none in its month before it
  // (the month's kept count first, the bookings only for a person with bookings that month).
  // Each test is a scalar subquery (« (SELECT 1 … LIMIT 1) IS NOT NULL »), not EXISTS: PostgreSQL may run an
  // EXISTS as a hashed subplan, reading every row of the table once (the query-plan test saw it on bookings).
  std::string first =
      "CASE WHEN (SELECT 1 FROM outing_reach_members m WHERE m.beneficiary_id = "
      "b.beneficiary_id AND m.year < :y1 AND m.dimension = 'total' AND m.bookings > 0 LIMIT 1) "
      "IS NOT NULL THEN 0 ";
  int binds = 1;
  if (month > 1) {
    ++binds;
    first += "WHEN (SELECT 1 " + person_year(binds) + months_used(1, month - 1) + " LIMIT 1) IS NOT NULL THEN 0 ";
  }
  if (month_start) {
    first += "ELSE 1 END";
  } else {
    ++binds;
    first += "WHEN (SELECT 1 " + person_year(binds) + months_used(month, month) +
             " LIMIT 1) IS NULL THEN 1 WHEN (SELECT 1 FROM bookings b2 JOIN outing_slots s2 ON s2.id = b2.slot_id "
             "WHERE b2.beneficiary_id = b.beneficiary_id AND b2.status = 'used' AND s2.starts_at < :from LIMIT 1) "
             "IS NOT NULL THEN 0 ELSE 1 END";
  }
  // A group booking (kind 'group', no person) has no beneficiaries row: the left joins keep it for its arrived
  // headcount (outing_booking_groups).
  std::string query =
      "SELECT COALESCE(b.beneficiary_id, 0), b.organisation_id, b.places, COALESCE(p.commune_code, ''), "
      "COALESCE(CAST(p.in_qpv AS TEXT), ''), " +
      first +
      ", CASE WHEN p.id IS NULL THEN 0 ELSE 1 END, "
      "CAST(CASE WHEN b.kind = 'group' AND g.booking_id IS NOT NULL THEN COALESCE(g.arrived, 0) ELSE -1 END "
      "AS BIGINT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
      "LEFT JOIN beneficiaries p ON p.id = b.beneficiary_id LEFT JOIN outing_booking_groups g ON g.booking_id = b.id "
      "WHERE b.status = 'used' AND s.starts_at >= :from2 AND s.starts_at < :to AND " +
      period_relais_clause(relais, all);
  std::vector<PersonRow> out;
  PersonRow r;
  int is_first = 0, counted = 0;
  std::vector<int> years(static_cast<size_t>(binds), year);
  long long from2 = from;
  soci::statement st(sql);
  st.exchange(soci::into(r.person));
  st.exchange(soci::into(r.relais));
  st.exchange(soci::into(r.places));
  st.exchange(soci::into(r.commune));
  st.exchange(soci::into(r.qpv));
  st.exchange(soci::into(is_first));
  st.exchange(soci::into(counted));
  st.exchange(soci::into(r.arrived));
  for (auto& y : years) st.exchange(soci::use(y));
  if (!month_start) st.exchange(soci::use(from));
  st.exchange(soci::use(from2));
  st.exchange(soci::use(to));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    r.first = is_first != 0;
    r.counted = counted != 0;
    out.push_back(r);
  }
  return out;
}

std::vector<PersonRow> Repository::year_rows(soci::session& sql, int year, const std::vector<long long>& relais) {
  // The kept rows of the listed relais (their key is the relais' id as text): looked up through
  // outing_reach_members_group, never a pass over the year. The person's commune and QPV are read per row
  // (by beneficiaries' key): a join let PostgreSQL hash every beneficiary.
  std::string keys;
  for (long long id : relais) keys += (keys.empty() ? "'" : ", '") + std::to_string(id) + "'";
  if (keys.empty()) keys = "''";
  std::vector<PersonRow> out;
  PersonRow r;
  int is_first = 0;
  soci::statement st =
      (sql.prepare << "SELECT m.beneficiary_id, CAST(m.group_key AS BIGINT), m.places, "
                      "COALESCE((SELECT pb.commune_code FROM beneficiaries pb WHERE pb.id = m.beneficiary_id), ''), "
                      "COALESCE((SELECT CAST(pq.in_qpv AS TEXT) FROM beneficiaries pq WHERE pq.id = "
                      "m.beneficiary_id), ''), m.is_first "
                      "FROM outing_reach_members m WHERE m.dimension = 'relais' AND m.group_key IN (" +
                          keys + ") AND m.year = :y AND m.bookings > 0",
       soci::use(year), soci::into(r.person), soci::into(r.relais), soci::into(r.places), soci::into(r.commune),
       soci::into(r.qpv), soci::into(is_first));
  st.execute();
  while (st.fetch()) {
    r.first = is_first == 1;
    out.push_back(r);
  }
  return out;
}

std::map<long long, RelaisDimensions> Repository::relais_dimensions(soci::session& sql,
                                                                    const std::vector<long long>& relais) {
  std::map<long long, RelaisDimensions> out;
  if (relais.empty()) return out;
  long long id = 0;
  RelaisDimensions d;
  soci::statement st =
      (sql.prepare << "SELECT r.id, r.name, COALESCE(CAST(nb.id AS TEXT), ''), COALESCE(nb.name, '') "
                      "FROM organisations r LEFT JOIN network_branches nb ON nb.id = r.branch_id WHERE r.id IN (" +
                          store::id_list(relais) + ")",
       soci::into(id), soci::into(d.name), soci::into(d.branch_key), soci::into(d.branch_label));
  st.execute();
  while (st.fetch()) out[id] = d;
  return out;
}

std::map<std::string, CommuneDimensions> Repository::commune_dimensions(soci::session& sql,
                                                                        const std::vector<std::string>& communes) {
  std::map<std::string, CommuneDimensions> out;
  if (communes.empty()) return out;
  std::string code, epci_key, epci_label, delegation_key, delegation_label;
  soci::statement st = (sql.prepare << "SELECT c.code, COALESCE(c.epci_siren, ''), COALESCE(e.name, ''), "
                                       "COALESCE(CAST(d.id AS TEXT), ''), COALESCE(d.name, '') FROM communes c "
                                       "LEFT JOIN epcis e ON e.siren = c.epci_siren " +
                                           organisations::delegation_joins("c", "de", "d", true) +
                                           " WHERE c.code IN (" + text_list(communes) + ")",
                        soci::into(code), soci::into(epci_key), soci::into(epci_label), soci::into(delegation_key),
                        soci::into(delegation_label));
  st.execute();
  while (st.fetch()) {
    auto& c = out[code];
    c.epci_key = epci_key;
    c.epci_label = epci_label;
    c.delegations.emplace_back(delegation_key, delegation_label);
  }
  return out;
}

std::vector<ReachLine> Repository::reach_year(soci::session& sql, const std::string& dimension, int year,
                                              const std::string& branch, const std::vector<long long>& relais,
                                              bool all) {
  const std::string sums =
      "CAST(COALESCE(SUM(x.people), 0) AS BIGINT), CAST(COALESCE(SUM(x.first_people), 0) AS BIGINT), "
      "CAST(COALESCE(SUM(x.places), 0) AS BIGINT) ";
  const std::string order = " HAVING SUM(x.people) > 0 ORDER BY 3 DESC, 2, 1";
  // The people's residence: every relais, or the branch's.
  const std::string scope = all ? "all" : "branch:" + branch;
  std::string query;
  std::vector<std::string> binds;  // after the year, in order
  if (dimension == "total") {
    // A branch's total is its line among the branches.
    query =
        "SELECT '', '', " + sums +
        "FROM outing_reach_counts x WHERE x.year = :y AND x.scope = 'all' AND x.dimension = :d AND x.group_key = :k";
    binds = {all ? "total" : "branch", all ? "" : branch};
  } else if (dimension == "relais") {
    query = "SELECT x.group_key, r.name, " + sums +
            "FROM outing_reach_counts x JOIN organisations r ON r.id = CAST(x.group_key AS BIGINT) "
            "WHERE x.year = :y AND x.scope = 'all' AND x.dimension = 'relais' AND " +
            in_ids("r.id", relais, all) + " GROUP BY x.group_key, r.name" + order;
  } else if (dimension == "branch") {
    query =
        "SELECT COALESCE(CAST(nb.id AS TEXT), ''), COALESCE(nb.name, ''), " + sums +
        "FROM outing_reach_counts x LEFT JOIN network_branches nb ON nb.id = CAST(NULLIF(x.group_key, '') AS BIGINT) "
        "WHERE x.year = :y AND x.scope = 'all' AND x.dimension = 'branch' " +
        (all ? std::string() : "AND x.group_key = :k ") +
        "GROUP BY COALESCE(CAST(nb.id AS TEXT), ''), COALESCE(nb.name, '')" + order;
    if (!all) binds = {branch};
  } else if (dimension == "qpv") {
    query =
        "SELECT x.group_key, '', " + sums +
        "FROM outing_reach_counts x WHERE x.year = :y AND x.scope = :s AND x.dimension = 'qpv' GROUP BY x.group_key" +
        order;
    binds = {scope};
  } else if (dimension == "epci") {
    query =
        "SELECT COALESCE(c.epci_siren, ''), COALESCE(e.name, ''), " + sums +
        "FROM outing_reach_counts x LEFT JOIN communes c ON c.code = x.group_key "
        "LEFT JOIN epcis e ON e.siren = c.epci_siren WHERE x.year = :y AND x.scope = :s AND x.dimension = 'commune' "
        "GROUP BY COALESCE(c.epci_siren, ''), COALESCE(e.name, '')" +
        order;
    binds = {scope};
  } else if (dimension == "delegation") {
    // A commune may fall in several délégations (or twice in none): each (commune, délégation) once, as the
    // distinct people of the bookings' query.
    query = "SELECT k.dkey, k.dlabel, " + sums +
            "FROM outing_reach_counts x JOIN (SELECT DISTINCT y.group_key AS code, "
            "COALESCE(CAST(d.id AS TEXT), '') AS dkey, COALESCE(d.name, '') AS dlabel FROM outing_reach_counts y "
            "LEFT JOIN communes c ON c.code = y.group_key " +
            organisations::delegation_joins("c", "de", "d", true) +
            " WHERE y.year = :y AND y.scope = :s AND y.dimension = 'commune') k ON k.code = x.group_key "
            "WHERE x.year = :y2 AND x.scope = :s2 AND x.dimension = 'commune' GROUP BY k.dkey, k.dlabel" +
            order;
    binds = {scope};
  }
  std::vector<ReachLine> out;
  ReachLine l;
  int year2 = year;
  std::string scope2 = scope;
  soci::statement st(sql);
  st.exchange(soci::into(l.key));
  st.exchange(soci::into(l.label));
  st.exchange(soci::into(l.people));
  st.exchange(soci::into(l.first));
  st.exchange(soci::into(l.places));
  st.exchange(soci::use(year));
  for (auto& b : binds) st.exchange(soci::use(b));
  if (dimension == "delegation") {
    st.exchange(soci::use(year2));
    st.exchange(soci::use(scope2));
  }
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<ReachLine> Repository::group_year(soci::session& sql, const std::string& dimension, int year,
                                              const std::vector<long long>& relais, bool all) {
  std::string key = "''", label = "''", group;
  if (dimension == "relais") {
    key = "x.group_key";
    label = "r.name";
    group = " GROUP BY x.group_key, r.name";
  } else if (dimension == "branch") {
    key = "COALESCE(CAST(nb.id AS TEXT), '')";
    label = "COALESCE(nb.name, '')";
    group = " GROUP BY COALESCE(CAST(nb.id AS TEXT), ''), COALESCE(nb.name, '')";
  }
  std::string query = "SELECT " + key + ", " + label +
                      ", CAST(COALESCE(SUM(x.places), 0) AS BIGINT) FROM outing_reach_counts x "
                      "JOIN organisations r ON r.id = CAST(x.group_key AS BIGINT) "
                      "LEFT JOIN network_branches nb ON nb.id = r.branch_id "
                      "WHERE x.year = :y AND x.scope = 'all' AND x.dimension = 'groups' AND x.people <> 0 AND " +
                      in_ids("r.id", relais, all) + group;
  std::vector<ReachLine> out;
  ReachLine l;
  soci::statement st =
      (sql.prepare << query, soci::use(year), soci::into(l.key), soci::into(l.label), soci::into(l.in_groups));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::string Repository::year_branch(soci::session& sql, int year, const std::vector<long long>& relais) {
  // The branches of the visible relais that have people this year, and whether each of them is wholly visible.
  std::vector<std::string> keys;
  std::string key;
  soci::statement st =
      (sql.prepare
           << "SELECT DISTINCT COALESCE(CAST(r.branch_id AS TEXT), '') FROM outing_reach_counts x "
              "JOIN organisations r ON r.id = CAST(x.group_key AS BIGINT) WHERE x.year = :y AND x.scope = 'all' "
              "AND x.dimension = 'relais' AND x.people > 0 AND " +
                  in_ids("r.id", relais, false),
       soci::use(year), soci::into(key));
  st.execute();
  while (st.fetch()) keys.push_back(key);
  if (keys.size() != 1 || keys.front().empty()) return "";
  long long branch = std::stoll(keys.front()), hidden = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE branch_id = :b AND NOT (" +
             in_ids("id", relais, false) + ")",
      soci::use(branch), soci::into(hidden);
  return hidden == 0 ? keys.front() : "";
}

std::vector<DormantRelais> Repository::dormant(soci::session& sql, long long cutoff, const std::string& started_before,
                                               const std::vector<long long>& relais, bool all, long long offset,
                                               long long limit) {
  std::string query = dormant_query(relais, all) + " ORDER BY 4, 3, 2, 1 LIMIT :limit OFFSET :offset";
  std::vector<DormantRelais> out;
  DormantRelais d;
  soci::statement st = (sql.prepare << query, soci::use(cutoff), soci::use(started_before), soci::use(limit),
                        soci::use(offset), soci::into(d.id), soci::into(d.name), soci::into(d.partnership_start),
                        soci::into(d.last_booking_at), soci::into(d.last_relaunch_at));
  st.execute();
  while (st.fetch()) out.push_back(d);
  return out;
}

long long Repository::count_dormant(soci::session& sql, long long cutoff, const std::string& started_before,
                                    const std::vector<long long>& relais, bool all) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (" + dormant_query(relais, all) + ") q", soci::use(cutoff),
      soci::use(started_before), soci::into(n);
  return n;
}

std::vector<Referent> Repository::referents(soci::session& sql, const std::vector<long long>& relais) {
  std::vector<Referent> out;
  if (relais.empty()) return out;
  Referent r;
  soci::statement st =
      (sql.prepare
           << "SELECT m.organisation_id, u.name, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id "
              "WHERE m.role = 'referent' AND m.onboarded_on <> '' AND u.disabled = 0 AND m.organisation_id IN (" +
                  store::id_list(relais) + ") ORDER BY m.organisation_id, u.name, u.id",
       soci::into(r.organisation_id), soci::into(r.name), soci::into(r.email), soci::into(r.locale));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

std::optional<Repository::RelaisState> Repository::relais_state(soci::session& sql, long long organisation_id) {
  RelaisState s;
  std::string status;
  long long partnerships = 0;
  sql << "SELECT o.name, o.status, (SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships p WHERE p.partner_id = o.id "
         "AND p.kind = 'social_relay' AND p.status = 'active') FROM organisations o WHERE o.id = :id",
      soci::use(organisation_id), soci::into(s.name), soci::into(status), soci::into(partnerships);
  if (!sql.got_data()) return std::nullopt;
  s.active_organisation = status == "active";
  s.active_partnership = partnerships > 0;
  return s;
}

long long Repository::last_relaunch(soci::session& sql, long long organisation_id) {
  long long at = 0;
  sql << "SELECT CAST(COALESCE(MAX(at), 0) AS BIGINT) FROM outing_relaunch_last WHERE organisation_id = :o",
      soci::use(organisation_id), soci::into(at);
  return at;
}

bool Repository::claim_relaunch(soci::session& sql, long long organisation_id, long long now, long long since) {
  soci::statement st = (sql.prepare << "INSERT INTO outing_relaunch_last (organisation_id, at) VALUES (:o, :now) "
                                       "ON CONFLICT (organisation_id) DO UPDATE SET at = excluded.at "
                                       "WHERE outing_relaunch_last.at <= :since",
                        soci::use(organisation_id), soci::use(now), soci::use(since));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::record_relaunch(soci::session& sql, long long organisation_id, long long now, long long by_user,
                                 long long recipients) {
  sql << "INSERT INTO outing_relaunches (organisation_id, at, by_user, recipients) VALUES (:o, :at, :by, :n)",
      soci::use(organisation_id), soci::use(now), soci::use(by_user), soci::use(recipients);
}

long long Repository::count_relaunches(soci::session& sql, long long organisation_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_relaunches WHERE organisation_id = :o",
      soci::use(organisation_id), soci::into(n);
  return n;
}

std::vector<EndingPartnership> Repository::ending(soci::session& sql, const std::string& from, const std::string& to,
                                                  const std::vector<long long>& organisations, bool all,
                                                  long long limit, long long& total) {
  std::string where =
      "FROM partnerships p JOIN organisations o ON o.id = p.organisation_id JOIN organisations pa ON pa.id = "
      "p.partner_id "
      "WHERE p.status = 'active' AND p.end_date <> '' AND p.end_date >= :f AND p.end_date <= :t AND (" +
      in_ids("p.organisation_id", organisations, all) + " OR " + in_ids("p.partner_id", organisations, all) + ")";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) " + where, soci::use(from), soci::use(to), soci::into(total);
  std::vector<EndingPartnership> out;
  EndingPartnership e;
  soci::statement st = (sql.prepare << "SELECT p.id, o.name, pa.name, p.kind, p.end_date " + where +
                                           " ORDER BY p.end_date, p.id LIMIT :l",
                        soci::use(from), soci::use(to), soci::use(limit), soci::into(e.id), soci::into(e.organisation),
                        soci::into(e.partner), soci::into(e.kind), soci::into(e.end_date));
  st.execute();
  while (st.fetch()) out.push_back(e);
  return out;
}

std::vector<std::pair<std::string, long long>> Repository::started_by_sector(soci::session& sql,
                                                                             const std::string& from,
                                                                             const std::string& to) {
  std::vector<std::pair<std::string, long long>> out;
  std::string sector;
  long long n = 0;
  soci::statement st =
      (sql.prepare << "SELECT r.sector, CAST(COUNT(*) AS BIGINT) FROM partnerships p "
                      "JOIN organisations r ON r.id = p.partner_id WHERE p.kind = 'social_relay' "
                      "AND p.status IN ('active', 'ended') AND p.start_date >= :f AND p.start_date <= :t "
                      "GROUP BY r.sector ORDER BY 1",
       soci::use(from), soci::use(to), soci::into(sector), soci::into(n));
  st.execute();
  while (st.fetch()) out.emplace_back(sector, n);
  return out;
}

}  // namespace trame::reach
