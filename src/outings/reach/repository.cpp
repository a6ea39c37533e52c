#include "outings/reach/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/id_list.hpp"

namespace trame::reach {

namespace {

using store::in_ids;

// The relais of the bookings of a period, whose slots' start (outing_slots_starts) must lead the plan: the
// unary plus keeps SQLite from probing bookings_slot_people once per slot and relais (3,300 relais of a
// branch × the period's slots: 2 s instead of 0.1 s for a quarter at national size). PostgreSQL's people of a
// period apply the list after the walk instead (period_rows).
std::string period_relais_clause(soci::session& sql, const std::vector<long long>& relais, bool all) {
  return in_ids(sql, "+b.organisation_id", relais, all);
}

// Relais with an active social-relay partnership, their first such partnership's start, last booking and
// last relance (the FROM … HAVING of the dormant list and its count). A relais' last booking is one step
// down bookings_organisation (organisation_id, created_at) per relais, not a pass over every booking
// grouped by relais (issue 22: that read the whole table, 1,000,000 rows at national size).
std::string dormant_query(soci::session& sql, const std::vector<long long>& relais, bool all) {
  const std::string last_booking =
      "COALESCE((SELECT MAX(lb.created_at) FROM bookings lb WHERE lb.organisation_id = r.id), 0)";
  return "SELECT r.id, r.name, MIN(p.start_date) AS started, " + last_booking +
         " AS last_at, "
         "COALESCE(MAX(rl.at), 0) AS relaunched FROM organisations r "
         "JOIN partnerships p ON p.partner_id = r.id AND p.kind = 'social_relay' AND p.status = 'active' "
         "LEFT JOIN outing_relaunch_last rl ON rl.organisation_id = r.id "
         "WHERE r.status = 'active' AND " +
         in_ids(sql, "r.id", relais, all) + " GROUP BY r.id, r.name HAVING " + last_booking +
         " < :cutoff AND MIN(p.start_date) <= :started";
}

}  // namespace

namespace {

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
  std::vector<PersonRow> out;
  PersonRow r;
  // The people's used bookings: the period's slots (outing_slots_starts), then each slot's bookings from
  // bookings_slot_people alone (slot, status, relais, person, places: no row of the table read), their person by
  // key. « Première sortie »: no used booking of the person's on a slot starting before `from`, read from the
  // start of their first outing kept on their row (beneficiaries.first_outing_at, migration 0097).
  //
  // On PostgreSQL a list of relais is applied to the period's used bookings once they are read, behind OFFSET 0
  // (no condition is pushed into it), then each kept row's person is read by key (a LATERAL fenced the same way):
  // with a branch's 3,300 relais in the scan's filter, the planner scanned every booking in parallel instead of
  // walking the period's slots, and hashed every person. The branch coordinator's quarter at national size, five
  // runs in psql: 144–204 ms of execution → 107–142 ms; 300 relais 59–72 → 46–60 ms (docs/decisions.md, session
  // 25). SQLite walks the slots either way, its filter on each row read (the fence cost it 10 ms).
  const bool after = !all && sql.get_backend_name() == "postgresql";
  const std::string bookings =
      "SELECT b.beneficiary_id, b.organisation_id, b.places FROM outing_slots s JOIN bookings b ON b.slot_id = s.id "
      "AND b.status = 'used' WHERE s.starts_at >= :from AND s.starts_at < :to";
  const std::string from_clause =
      after ? "FROM (" + bookings +
                  " OFFSET 0) b CROSS JOIN LATERAL (SELECT commune_code, in_qpv, first_outing_at FROM beneficiaries "
                  "WHERE id = b.beneficiary_id OFFSET 0) p WHERE " +
                  in_ids(sql, "b.organisation_id", relais)
            : "FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' "
              "JOIN beneficiaries p ON p.id = b.beneficiary_id "
              "WHERE s.starts_at >= :from AND s.starts_at < :to AND " +
                  period_relais_clause(sql, relais, all);
  int is_first = 0;
  long long first = from;  // placeholders are named apart: SOCI binds a repeated name once
  soci::statement people =
      (sql.prepare << "SELECT b.beneficiary_id, b.organisation_id, b.places, COALESCE(p.commune_code, ''), "
                      "COALESCE(CAST(p.in_qpv AS TEXT), ''), CASE WHEN p.first_outing_at >= :first THEN 1 ELSE 0 END " +
                          from_clause,
       soci::use(first), soci::use(from), soci::use(to), soci::into(r.person), soci::into(r.relais),
       soci::into(r.places), soci::into(r.commune), soci::into(r.qpv), soci::into(is_first));
  people.execute();
  while (people.fetch()) {
    r.first = is_first != 0;
    out.push_back(r);
  }
  // The group bookings (kind 'group', no person) with their counts (outing_booking_groups): their arrived
  // headcount. The groups' counts lead (CROSS JOIN: SQLite keeps the order): few rows, each booking and slot
  // by key; led by the period's slots, SQLite read every used booking of the period for its kind.
  PersonRow g;
  g.counted = false;
  soci::statement groups =
      (sql.prepare << "SELECT b.organisation_id, b.places, COALESCE(g.arrived, 0) FROM outing_booking_groups g "
                      "CROSS JOIN bookings b CROSS JOIN outing_slots s WHERE b.id = g.booking_id AND s.id = b.slot_id "
                      "AND b.kind = 'group' AND b.status = 'used' AND s.starts_at >= :from AND s.starts_at < :to AND " +
                          period_relais_clause(sql, relais, all),
       soci::use(from), soci::use(to), soci::into(g.relais), soci::into(g.places), soci::into(g.arrived));
  groups.execute();
  while (groups.fetch()) out.push_back(g);
  return out;
}

std::vector<PersonRow> Repository::year_rows(soci::session& sql, int year, const std::vector<long long>& relais) {
  // The kept rows of the listed relais (their key is the relais' id as text): looked up through
  // outing_reach_members_group, never a pass over the year. The person's commune and QPV are read per row
  // (by beneficiaries' key): a join let PostgreSQL hash every beneficiary.
  std::vector<PersonRow> out;
  PersonRow r;
  int is_first = 0;
  soci::statement st =
      (sql.prepare << "SELECT m.beneficiary_id, CAST(m.group_key AS BIGINT), m.places, "
                      "COALESCE((SELECT pb.commune_code FROM beneficiaries pb WHERE pb.id = m.beneficiary_id), ''), "
                      "COALESCE((SELECT CAST(pq.in_qpv AS TEXT) FROM beneficiaries pq WHERE pq.id = "
                      "m.beneficiary_id), ''), m.is_first "
                      "FROM outing_reach_members m WHERE m.dimension = 'relais' AND " +
                          store::in_id_keys(sql, "m.group_key", relais) + " AND m.year = :y AND m.bookings > 0",
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
                      "FROM organisations r LEFT JOIN network_branches nb ON nb.id = r.branch_id WHERE " +
                          in_ids(sql, "r.id", relais),
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
            in_ids(sql, "r.id", relais, all) + " GROUP BY x.group_key, r.name" + order;
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
                      in_ids(sql, "r.id", relais, all) + group;
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
                  in_ids(sql, "r.id", relais, false),
       soci::use(year), soci::into(key));
  st.execute();
  while (st.fetch()) keys.push_back(key);
  if (keys.size() != 1 || keys.front().empty()) return "";
  long long branch = std::stoll(keys.front()), hidden = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE branch_id = :b AND NOT (" +
             in_ids(sql, "id", relais, false) + ")",
      soci::use(branch), soci::into(hidden);
  return hidden == 0 ? keys.front() : "";
}

std::vector<DormantRelais> Repository::dormant(soci::session& sql, long long cutoff, const std::string& started_before,
                                               const std::vector<long long>& relais, bool all, long long offset,
                                               long long limit) {
  std::string query = dormant_query(sql, relais, all) + " ORDER BY 4, 3, 2, 1 LIMIT :limit OFFSET :offset";
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
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM (" + dormant_query(sql, relais, all) + ") q", soci::use(cutoff),
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
              "WHERE m.role = 'referent' AND m.onboarded_on <> '' AND u.disabled = 0 AND " +
                  in_ids(sql, "m.organisation_id", relais) + " ORDER BY m.organisation_id, u.name, u.id",
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
      in_ids(sql, "p.organisation_id", organisations, all) + " OR " + in_ids(sql, "p.partner_id", organisations, all) +
      ")";
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
