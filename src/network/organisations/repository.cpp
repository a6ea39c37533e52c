#include "network/organisations/repository.hpp"

#include "network/organisations/delegation_sql.hpp"

#include <sstream>

#include "platform/core/text.hpp"
#include "platform/store/bytes.hpp"
#include "platform/store/id_list.hpp"

// Optional coordinates: NULL in the database, std::nullopt in C++ (SOCI 4.0 knows boost::optional only).
namespace soci {
template <>
struct type_conversion<std::optional<double>> {
  typedef double base_type;
  static void from_base(double in, indicator ind, std::optional<double>& out) {
    if (ind == i_null) out.reset();
    else out = in;
  }
  static void to_base(const std::optional<double>& in, double& out, indicator& ind) {
    if (in) {
      out = *in;
      ind = i_ok;
    } else {
      out = 0;
      ind = i_null;
    }
  }
};
}  // namespace soci

namespace trame::organisations {

namespace {

// Columns read for an organisation, with its commune and délégation.
const char* kSelect =
    "SELECT o.id, o.name, o.kind, o.status, o.created_at, "
    "CAST((SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.organisation_id = o.id) AS BIGINT), "
    "o.sector, o.subtype, o.siret, o.address, COALESCE(o.commune_code, ''), COALESCE(c.name, ''), "
    "CAST(COALESCE((SELECT MIN(d.id) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "
    "WHERE de.epci_siren = c.epci_siren AND d.departement_code = c.departement_code), 0) AS BIGINT), "
    "COALESCE((SELECT MIN(d.name) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "
    "WHERE de.epci_siren = c.epci_siren AND d.departement_code = c.departement_code), ''), "
    "o.website, o.phone, o.public_email, o.description, o.access_motor, o.access_visual, o.access_hearing, "
    "o.access_mental, o.accessibility_note, o.opening_hours, o.public_listing, o.provenance, "
    "o.latitude, o.longitude, COALESCE(o.priority_area_code, ''), COALESCE(q.name, '') "
    "FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code "
    "LEFT JOIN priority_areas q ON q.code = o.priority_area_code ";

// The same columns for an export of the whole directory (Cursor): the member count and the délégation come
// from grouped subqueries joined once rather than from three subqueries per organisation (issue 22, session
// 17: 10,000 organisations, 400 ms → 40 ms on PostgreSQL). The page of 25 keeps kSelect, whose subqueries run
// for its rows only.
const char* kExportSelect =
    "SELECT o.id, o.name, o.kind, o.status, o.created_at, CAST(COALESCE(mc.n, 0) AS BIGINT), "
    "o.sector, o.subtype, o.siret, o.address, COALESCE(o.commune_code, ''), COALESCE(c.name, ''), "
    "CAST(COALESCE(dl.id, 0) AS BIGINT), COALESCE(dl.name, ''), "
    "o.website, o.phone, o.public_email, o.description, o.access_motor, o.access_visual, o.access_hearing, "
    "o.access_mental, o.accessibility_note, o.opening_hours, o.public_listing, o.provenance, "
    "o.latitude, o.longitude, COALESCE(o.priority_area_code, ''), COALESCE(q.name, '') "
    "FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code "
    "LEFT JOIN priority_areas q ON q.code = o.priority_area_code "
    "LEFT JOIN (SELECT de.epci_siren, d.departement_code, MIN(d.id) AS id, MIN(d.name) AS name FROM delegations d "
    "JOIN delegation_epcis de ON de.delegation_id = d.id GROUP BY de.epci_siren, d.departement_code) dl "
    "ON dl.epci_siren = c.epci_siren AND dl.departement_code = c.departement_code "
    "LEFT JOIN (SELECT organisation_id, COUNT(DISTINCT user_id) AS n FROM memberships GROUP BY organisation_id) mc "
    "ON mc.organisation_id = o.id ";

#define TRAME_ORG_INTO(o)                                                                                              \
  soci::into((o).id), soci::into((o).name), soci::into((o).kind), soci::into((o).status), soci::into((o).created_at),  \
      soci::into((o).member_count), soci::into((o).sector), soci::into((o).subtype), soci::into((o).siret),            \
      soci::into((o).address), soci::into((o).commune_code), soci::into((o).commune_name),                             \
      soci::into((o).delegation_id), soci::into((o).delegation_name), soci::into((o).website), soci::into((o).phone),  \
      soci::into((o).public_email), soci::into((o).description), soci::into((o).accessibility.motor),                  \
      soci::into((o).accessibility.visual), soci::into((o).accessibility.hearing),                                     \
      soci::into((o).accessibility.mental), soci::into((o).accessibility.note), soci::into((o).opening_hours),         \
      soci::into((o).public_listing), soci::into((o).provenance), soci::into((o).latitude), soci::into((o).longitude), \
      soci::into((o).priority_area_code), soci::into((o).priority_area_name)

// The search's bound values, kept alive for the statement.
struct SearchParams {
  std::string status, kind, sector, commune, epci;
  long long delegation = 0;
  int motor = 0, visual = 0, hearing = 0, mental = 0, public_only = 0;
  int with_coordinates = 0;
  std::string qpv, partnership;
  std::string terms[5];

  explicit SearchParams(const Search& s)
      : status(s.status),
        kind(s.kind),
        sector(s.sector),
        commune(s.commune_code),
        epci(s.epci_siren),
        delegation(s.delegation_id),
        motor(s.motor),
        visual(s.visual),
        hearing(s.hearing),
        mental(s.mental),
        public_only(s.public_only),
        with_coordinates(s.with_coordinates),
        qpv(s.priority_area),
        partnership(s.partnership) {
    std::istringstream words(fold_for_search(s.text));
    std::string word;
    int n = 0;
    while (words >> word && n < 5) terms[n++] = "%" + word + "%";
    for (; n < 5; ++n) terms[n] = "%";
  }
};

const char* kWhere =
    "WHERE (:st = '' OR o.status = :st2) AND (:k = '' OR o.kind = :k2) AND (:se = '' OR o.sector = :se2) "
    "AND (:co = '' OR o.commune_code = :co2) AND (:ep = '' OR c.epci_siren = :ep2) "
    "AND (:de = 0 OR EXISTS (SELECT 1 FROM delegation_epcis x JOIN delegations dd ON dd.id = x.delegation_id "
    "WHERE x.epci_siren = c.epci_siren AND dd.departement_code = c.departement_code AND x.delegation_id = :de2)) "
    "AND (:m = 0 OR o.access_motor = 1) AND (:v = 0 OR o.access_visual = 1) AND (:h = 0 OR o.access_hearing = 1) "
    "AND (:me = 0 OR o.access_mental = 1) AND (:p = 0 OR o.public_listing = 1) "
    "AND o.search_text LIKE :t1 AND o.search_text LIKE :t2 AND o.search_text LIKE :t3 "
    "AND o.search_text LIKE :t4 AND o.search_text LIKE :t5 "
    "AND (:gc = 0 OR (o.latitude IS NOT NULL AND o.longitude IS NOT NULL)) "
    "AND (:qa = '' OR (:qb = '*' AND o.priority_area_code IS NOT NULL) OR o.priority_area_code = :qc) "
    "AND (:pa = '' OR (:pb = 'none' AND NOT EXISTS (SELECT 1 FROM partnerships x1 WHERE x1.organisation_id = o.id) "
    "AND NOT EXISTS (SELECT 1 FROM partnerships x2 WHERE x2.partner_id = o.id)) "
    "OR EXISTS (SELECT 1 FROM partnerships x3 WHERE x3.organisation_id = o.id AND x3.status = :pc) "
    "OR EXISTS (SELECT 1 FROM partnerships x4 WHERE x4.partner_id = o.id AND x4.status = :pd)) ";

#define TRAME_SEARCH_USE(p)                                                                                            \
  soci::use((p).status), soci::use((p).status), soci::use((p).kind), soci::use((p).kind), soci::use((p).sector),       \
      soci::use((p).sector), soci::use((p).commune), soci::use((p).commune), soci::use((p).epci), soci::use((p).epci), \
      soci::use((p).delegation), soci::use((p).delegation), soci::use((p).motor), soci::use((p).visual),               \
      soci::use((p).hearing), soci::use((p).mental), soci::use((p).public_only), soci::use((p).terms[0]),              \
      soci::use((p).terms[1]), soci::use((p).terms[2]), soci::use((p).terms[3]), soci::use((p).terms[4]),              \
      soci::use((p).with_coordinates), soci::use((p).qpv), soci::use((p).qpv), soci::use((p).qpv),                     \
      soci::use((p).partnership), soci::use((p).partnership), soci::use((p).partnership), soci::use((p).partnership)

}  // namespace

long long Repository::insert(soci::session& sql, const Organisation& o, const std::string& search_text) {
  long long id = 0;
  soci::indicator commune_ind = o.commune_code.empty() ? soci::i_null : soci::i_ok;
  soci::indicator qpv_ind = o.priority_area_code.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO organisations (name, kind, status, created_at, sector, subtype, siret, address, commune_code, "
         "website, phone, public_email, description, access_motor, access_visual, access_hearing, access_mental, "
         "accessibility_note, opening_hours, public_listing, provenance, search_text, latitude, longitude, "
         "priority_area_code) VALUES "
         "(:n, :k, 'active', :c, :se, :su, :si, :a, :co, :w, :ph, :em, :d, :am, :av, :ah, :ame, :an, :oh, :pl, :pr, "
         ":st, :lat, :lng, :qpv) RETURNING id",
      soci::use(o.name), soci::use(o.kind), soci::use(o.created_at), soci::use(o.sector), soci::use(o.subtype),
      soci::use(o.siret), soci::use(o.address), soci::use(o.commune_code, commune_ind), soci::use(o.website),
      soci::use(o.phone), soci::use(o.public_email), soci::use(o.description), soci::use(o.accessibility.motor),
      soci::use(o.accessibility.visual), soci::use(o.accessibility.hearing), soci::use(o.accessibility.mental),
      soci::use(o.accessibility.note), soci::use(o.opening_hours), soci::use(o.public_listing), soci::use(o.provenance),
      soci::use(search_text), soci::use(o.latitude), soci::use(o.longitude), soci::use(o.priority_area_code, qpv_ind),
      soci::into(id);
  return id;
}

std::optional<Organisation> Repository::find(soci::session& sql, long long id) {
  Organisation o;
  sql << std::string(kSelect) + "WHERE o.id = :id", TRAME_ORG_INTO(o), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

std::optional<Organisation> Repository::find_by_name(soci::session& sql, const std::string& name) {
  Organisation o;
  sql << std::string(kSelect) + "WHERE lower(o.name) = lower(:n) ORDER BY o.id LIMIT 1", TRAME_ORG_INTO(o),
      soci::use(name);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

std::optional<Organisation> Repository::find_duplicate(soci::session& sql, const Organisation& o) {
  Organisation d;
  std::string commune = o.commune_code;
  sql << std::string(kSelect) +
             "WHERE lower(o.name) = lower(:n) AND COALESCE(o.commune_code, '') = :c AND o.id <> :id "
             "ORDER BY o.id LIMIT 1",
      TRAME_ORG_INTO(d), soci::use(o.name), soci::use(commune), soci::use(o.id);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

std::optional<Organisation> Repository::find_by_siret(soci::session& sql, const std::string& siret) {
  Organisation d;
  sql << std::string(kSelect) + "WHERE o.siret = :s ORDER BY o.id LIMIT 1", TRAME_ORG_INTO(d), soci::use(siret);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

void Repository::update(soci::session& sql, const Organisation& o, const std::string& search_text) {
  soci::indicator commune_ind = o.commune_code.empty() ? soci::i_null : soci::i_ok;
  soci::indicator qpv_ind = o.priority_area_code.empty() ? soci::i_null : soci::i_ok;
  sql << "UPDATE organisations SET name = :n, kind = :k, status = :s, sector = :se, subtype = :su, siret = :si, "
         "address = :a, commune_code = :co, website = :w, phone = :ph, public_email = :em, description = :d, "
         "access_motor = :am, access_visual = :av, access_hearing = :ah, access_mental = :ame, "
         "accessibility_note = :an, opening_hours = :oh, public_listing = :pl, search_text = :st, latitude = :lat, "
         "longitude = :lng, priority_area_code = :qpv WHERE id = :id",
      soci::use(o.name), soci::use(o.kind), soci::use(o.status), soci::use(o.sector), soci::use(o.subtype),
      soci::use(o.siret), soci::use(o.address), soci::use(o.commune_code, commune_ind), soci::use(o.website),
      soci::use(o.phone), soci::use(o.public_email), soci::use(o.description), soci::use(o.accessibility.motor),
      soci::use(o.accessibility.visual), soci::use(o.accessibility.hearing), soci::use(o.accessibility.mental),
      soci::use(o.accessibility.note), soci::use(o.opening_hours), soci::use(o.public_listing), soci::use(search_text),
      soci::use(o.latitude), soci::use(o.longitude), soci::use(o.priority_area_code, qpv_ind), soci::use(o.id);
}

std::vector<Organisation> Repository::search(soci::session& sql, const Search& s, long long offset, long long limit) {
  SearchParams p(s);
  Organisation o;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + kWhere + "ORDER BY lower(o.name), o.id LIMIT :l OFFSET :o",
       TRAME_ORG_INTO(o), TRAME_SEARCH_USE(p), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Organisation> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

long long Repository::count(soci::session& sql, const Search& s) {
  SearchParams p(s);
  long long n = 0;
  sql << std::string(
             "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o LEFT JOIN communes c ON c.code = "
             "o.commune_code ") +
             kWhere,
      TRAME_SEARCH_USE(p), soci::into(n);
  return n;
}

std::vector<Member> Repository::members(soci::session& sql, long long organisation_id) {
  Member m;
  soci::statement st = (sql.prepare << "SELECT u.id, u.name, u.email, m.role, u.disabled FROM memberships m "
                                       "JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
                                       "ORDER BY lower(u.name), m.role",
                        soci::into(m.user_id), soci::into(m.name), soci::into(m.email), soci::into(m.role),
                        soci::into(m.disabled), soci::use(organisation_id));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<Organisation> Repository::all_active(soci::session& sql) {
  Organisation o;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + "WHERE o.status = 'active' ORDER BY lower(o.name)", TRAME_ORG_INTO(o));
  st.execute();
  std::vector<Organisation> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

struct Cursor::Impl {
  store::Database::Lease lease;
  SearchParams params;
  Organisation row;
  std::unique_ptr<soci::statement> statement;
  bool started = false;
  Impl(store::Database& db, const Search& s) : lease(db), params(s) {}
};

Cursor::Cursor(store::Database& db, const Search& search) : impl_(std::make_unique<Impl>(db, search)) {
  auto& p = impl_->params;
  auto& o = impl_->row;
  impl_->statement = std::make_unique<soci::statement>(
      ((*impl_->lease).prepare << std::string(kExportSelect) + kWhere + "ORDER BY lower(o.name), o.id",
       TRAME_ORG_INTO(o), TRAME_SEARCH_USE(p)));
}

Cursor::~Cursor() = default;

bool Cursor::next(Organisation& out) {
  bool got = impl_->started ? impl_->statement->fetch() : impl_->statement->execute(true);
  impl_->started = true;
  if (!got) return false;
  out = impl_->row;
  return true;
}

std::vector<std::pair<long long, std::string>> Repository::delegation_choices(soci::session& sql) {
  long long id = 0;
  std::string name, departement;
  soci::statement st = (sql.prepare << "SELECT d.id, d.name, p.name FROM delegations d JOIN departements p "
                                       "ON p.code = d.departement_code ORDER BY p.code, d.name",
                        soci::into(id), soci::into(name), soci::into(departement));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name + " (" + departement + ")");
  return out;
}

void Repository::save_logo(soci::session& sql, long long organisation_id, const Logo& logo) {
  std::string data = store::to_hex(logo.bytes);
  sql << "INSERT INTO organisation_logos (organisation_id, content_type, data, sha256, updated_at) "
         "VALUES (:o, :c, decode(:d, 'hex'), :h, :u) ON CONFLICT (organisation_id) DO UPDATE SET content_type = "
         "excluded.content_type, "
         "data = excluded.data, sha256 = excluded.sha256, updated_at = excluded.updated_at",
      soci::use(organisation_id), soci::use(logo.content_type), soci::use(data), soci::use(logo.sha256),
      soci::use(logo.updated_at);
}

std::optional<Logo> Repository::find_logo(soci::session& sql, long long organisation_id) {
  Logo logo;
  std::string data;
  sql << "SELECT content_type, encode(data, 'hex'), sha256, updated_at FROM organisation_logos "
         "WHERE organisation_id = :o",
      soci::into(logo.content_type), soci::into(data), soci::into(logo.sha256), soci::into(logo.updated_at),
      soci::use(organisation_id);
  if (!sql.got_data()) return std::nullopt;
  logo.bytes = store::from_hex(data);
  return logo;
}

int Repository::delete_logo(soci::session& sql, long long organisation_id) {
  soci::statement st =
      (sql.prepare << "DELETE FROM organisation_logos WHERE organisation_id = :o", soci::use(organisation_id));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

bool Repository::priority_area_in_commune(soci::session& sql, const std::string& code, const std::string& commune) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM priority_area_communes WHERE priority_area_code = :q AND commune_code = "
         ":c",
      soci::use(code), soci::use(commune), soci::into(n);
  return n > 0;
}

std::vector<std::pair<std::string, std::string>> Repository::priority_areas_of_commune(soci::session& sql,
                                                                                       const std::string& commune) {
  std::string code, name;
  soci::statement st = (sql.prepare << "SELECT q.code, q.name FROM priority_area_communes pc JOIN priority_areas q "
                                       "ON q.code = pc.priority_area_code WHERE pc.commune_code = :c ORDER BY q.name",
                        soci::into(code), soci::into(name), soci::use(commune));
  st.execute();
  std::vector<std::pair<std::string, std::string>> out;
  while (st.fetch()) out.emplace_back(code, name);
  return out;
}

std::vector<std::pair<std::string, std::string>> Repository::priority_area_choices(soci::session& sql) {
  std::string code, name;
  soci::statement st = (sql.prepare << "SELECT q.code, q.name FROM priority_areas q WHERE EXISTS (SELECT 1 FROM "
                                       "organisations o WHERE o.priority_area_code = q.code) ORDER BY q.name, q.code",
                        soci::into(code), soci::into(name));
  st.execute();
  std::vector<std::pair<std::string, std::string>> out;
  while (st.fetch()) out.emplace_back(code, name);
  return out;
}

bool Repository::commune_exists(soci::session& sql, const std::string& code) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM communes WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

std::vector<CommuneChoice> Repository::communes(soci::session& sql) {
  std::vector<CommuneChoice> out;
  CommuneChoice c;
  soci::statement st = (sql.prepare << "SELECT code, name, departement_code FROM communes ORDER BY code",
                        soci::into(c.code), soci::into(c.name), soci::into(c.departement));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

void Repository::network_alerts(soci::session& sql, bool everywhere, const std::vector<long long>& ids, long long limit,
                                NetworkAlerts& out) {
  const std::string in_scope = store::in_ids(sql, "o.id", ids, everywhere);
  // A relais is a social organisation; its referent an enabled account holding that role there.
  const std::string relais = "o.status = 'active' AND o.kind = 'social' AND " + in_scope +
                             " AND NOT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id "
                             "WHERE m.organisation_id = o.id AND m.role = 'referent' AND u.disabled = 0)";
  const std::string unplaced =
      "o.status = 'active' AND " + in_scope + " AND (o.latitude IS NULL OR o.longitude IS NULL)";
  auto list = [&](const std::string& where, std::vector<Organisation>& rows, long long& count) {
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE " + where, soci::into(count);
    Organisation o;
    soci::statement st = (sql.prepare << std::string(kSelect) + "WHERE " + where + " ORDER BY lower(o.name) LIMIT " +
                                             std::to_string(limit),
                          TRAME_ORG_INTO(o));
    st.execute();
    while (st.fetch()) rows.push_back(o);
  };
  list(relais, out.relais_without_referent, out.relais_without_referent_count);
  list(unplaced, out.not_placed, out.not_placed_count);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships p WHERE p.status = 'proposed' AND (" +
             store::in_ids(sql, "p.organisation_id", ids, everywhere) + " OR " +
             store::in_ids(sql, "p.partner_id", ids, everywhere) + ")",
      soci::into(out.proposed_partnerships);
}

std::optional<std::string> Repository::commune_name(soci::session& sql, const std::string& code) {
  std::string name;
  sql << "SELECT name FROM communes WHERE code = :c", soci::use(code), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

std::vector<Repository::CoordinatorLimit> Repository::coordinator_limits(soci::session& sql, long long user_id) {
  CoordinatorLimit m;
  soci::indicator d_ind = soci::i_ok;
  soci::indicator b_ind = soci::i_ok;
  soci::statement st = (sql.prepare << "SELECT CAST(COALESCE(m.delegation_id, 0) AS BIGINT), d.name, "
                                       "CAST(COALESCE(m.branch_id, 0) AS BIGINT), b.name FROM memberships m "
                                       "LEFT JOIN delegations d ON d.id = m.delegation_id LEFT JOIN network_branches b "
                                       "ON b.id = m.branch_id WHERE m.user_id = :u AND m.role = 'coordinator' "
                                       "ORDER BY m.id",
                        soci::into(m.delegation_id), soci::into(m.delegation_name, d_ind), soci::into(m.branch_id),
                        soci::into(m.branch_name, b_ind), soci::use(user_id));
  st.execute();
  std::vector<CoordinatorLimit> out;
  while (st.fetch()) {
    if (d_ind != soci::i_ok) m.delegation_name.clear();
    if (b_ind != soci::i_ok) m.branch_name.clear();
    out.push_back(m);
  }
  return out;
}

std::vector<long long> Repository::organisations_in_branches(soci::session& sql,
                                                             const std::vector<long long>& branches) {
  std::vector<long long> out;
  if (branches.empty()) return out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM organisations WHERE " +
                                           store::in_ids(sql, "branch_id", branches) + " ORDER BY id",
                        soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

long long Repository::branch_of(soci::session& sql, long long organisation_id) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MAX(branch_id), 0) AS BIGINT) FROM organisations WHERE id = :id",
      soci::use(organisation_id), soci::into(id);
  return id;
}

std::string delegation_joins(const std::string& communes, const std::string& links, const std::string& delegations,
                             bool left) {
  const std::string join = left ? "LEFT JOIN " : "JOIN ";
  return join + "delegation_epcis " + links + " ON " + links + ".epci_siren = " + communes + ".epci_siren " + join +
         "delegations " + delegations + " ON " + delegations + ".id = " + links + ".delegation_id AND " + delegations +
         ".departement_code = " + communes + ".departement_code";
}

std::string delegation_organisations_sql(soci::session& sql, const std::vector<long long>& delegations,
                                         const std::string& prefix) {
  const std::string o = prefix + "o", c = prefix + "c", d = prefix + "d";
  return "SELECT " + o + ".id FROM organisations " + o + " JOIN communes " + c + " ON " + c + ".code = " + o +
         ".commune_code " + delegation_joins(c, prefix + "de", d, false) + " WHERE " +
         store::in_ids(sql, d + ".id", delegations);
}

std::vector<long long> Repository::organisations_in_delegations(soci::session& sql,
                                                                const std::vector<long long>& delegations) {
  std::vector<long long> out;
  if (delegations.empty()) return out;
  long long id = 0;
  // In id order; an organisation of two of the délégations is kept once.
  soci::statement st =
      (sql.prepare << delegation_organisations_sql(sql, delegations, "") + " ORDER BY o.id", soci::into(id));
  st.execute();
  while (st.fetch())
    if (out.empty() || out.back() != id) out.push_back(id);
  return out;
}

long long Repository::delegation_of_commune(soci::session& sql, const std::string& commune_code) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MIN(d.id), 0) AS BIGINT) FROM communes c " + delegation_joins("c", "de", "d", false) +
             " WHERE c.code = :c",
      soci::use(commune_code), soci::into(id);
  return id;
}

std::optional<std::string> Repository::commune_of(soci::session& sql, long long organisation_id) {
  std::string commune;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT commune_code FROM organisations WHERE id = :id", soci::use(organisation_id), soci::into(commune, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return commune;
}

std::vector<CoordinatorMembership> Repository::coordinator_memberships(soci::session& sql, long long user_id) {
  CoordinatorMembership m;
  soci::statement st =
      (sql.prepare << "SELECT id, CAST(COALESCE(delegation_id, 0) AS BIGINT), CAST(COALESCE(branch_id, 0) AS BIGINT) "
                      "FROM memberships WHERE user_id = :u AND role = 'coordinator' ORDER BY id",
       soci::into(m.membership_id), soci::into(m.delegation_id), soci::into(m.branch_id), soci::use(user_id));
  st.execute();
  std::vector<CoordinatorMembership> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::optional<std::string> Repository::membership_role(soci::session& sql, long long membership_id, long long user_id) {
  std::string role;
  sql << "SELECT role FROM memberships WHERE id = :m AND user_id = :u", soci::use(membership_id), soci::use(user_id),
      soci::into(role);
  if (!sql.got_data()) return std::nullopt;
  return role;
}

std::optional<std::string> Repository::delegation_name(soci::session& sql, long long delegation_id) {
  std::string name;
  sql << "SELECT name FROM delegations WHERE id = :d", soci::use(delegation_id), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

void Repository::set_membership_delegation(soci::session& sql, long long membership_id, long long delegation_id) {
  if (delegation_id)
    sql << "UPDATE memberships SET delegation_id = :d WHERE id = :m", soci::use(delegation_id),
        soci::use(membership_id);
  else sql << "UPDATE memberships SET delegation_id = NULL WHERE id = :m", soci::use(membership_id);
}

}  // namespace trame::organisations
