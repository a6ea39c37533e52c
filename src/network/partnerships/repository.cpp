#include "network/partnerships/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/bytes.hpp"

#include <sstream>

#include "platform/core/text.hpp"

namespace trame::partnerships {

namespace {

const char* kSelect =
    "SELECT p.id, p.organisation_id, o1.name, p.partner_id, o2.name, p.kind, p.status, p.start_date, p.end_date, "
    "p.charter_signed_on, p.charter_recorded_by, COALESCE(u.name, p.charter_recorded_label), p.contact_name, "
    "p.contact_email, p.notes, p.created_at, p.updated_at "
    "FROM partnerships p JOIN organisations o1 ON o1.id = p.organisation_id "
    "JOIN organisations o2 ON o2.id = p.partner_id LEFT JOIN users u ON u.id = p.charter_recorded_by ";

#define TRAME_PARTNERSHIP_INTO(p)                                                                                     \
  soci::into((p).id), soci::into((p).organisation_id), soci::into((p).organisation_name), soci::into((p).partner_id), \
      soci::into((p).partner_name), soci::into((p).kind), soci::into((p).status), soci::into((p).start_date),         \
      soci::into((p).end_date), soci::into((p).charter_signed_on), soci::into((p).charter_recorded_by),               \
      soci::into((p).charter_recorded_by_name), soci::into((p).contact_name), soci::into((p).contact_email),          \
      soci::into((p).notes), soci::into((p).created_at), soci::into((p).updated_at)

// The filter's bound values, kept alive for the statement.
struct FilterParams {
  std::string status, kind, text;
  long long organisation = 0;

  explicit FilterParams(const Filter& f) : status(f.status), kind(f.kind), organisation(f.organisation_id) {
    // "quartier libre" → "%quartier%libre%", matched against the organisations' folded search text.
    std::istringstream words(fold_for_search(f.text));
    std::string word;
    text = "%";
    while (words >> word) text += word + "%";
  }
};

const char* kWhere =
    "WHERE (:st = '' OR p.status = :st2) AND (:k = '' OR p.kind = :k2) "
    "AND (:o = 0 OR p.organisation_id = :o2 OR p.partner_id = :o3) "
    "AND (o1.search_text LIKE :t OR o2.search_text LIKE :t2) ";

#define TRAME_FILTER_USE(f)                                                                                            \
  soci::use((f).status), soci::use((f).status), soci::use((f).kind), soci::use((f).kind), soci::use((f).organisation), \
      soci::use((f).organisation), soci::use((f).organisation), soci::use((f).text), soci::use((f).text)

}  // namespace

long long Repository::insert(soci::session& sql, const Partnership& p, long long created_by) {
  long long id = 0;
  sql << "INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, end_date, "
         "charter_signed_on, charter_recorded_by, charter_recorded_label, contact_name, contact_email, notes, "
         "created_at, created_by, updated_at) VALUES (:o, :p, :k, :s, :sd, :ed, :cs, :cr, :cl, :cn, :ce, :n, :c, :cb, "
         ":u) RETURNING id",
      soci::use(p.organisation_id), soci::use(p.partner_id), soci::use(p.kind), soci::use(p.status),
      soci::use(p.start_date), soci::use(p.end_date), soci::use(p.charter_signed_on), soci::use(p.charter_recorded_by),
      soci::use(p.charter_recorded_by_name), soci::use(p.contact_name), soci::use(p.contact_email), soci::use(p.notes),
      soci::use(p.created_at), soci::use(created_by), soci::use(p.updated_at), soci::into(id);
  return id;
}

std::optional<Partnership> Repository::find(soci::session& sql, long long id) {
  Partnership p;
  sql << std::string(kSelect) + "WHERE p.id = :id", TRAME_PARTNERSHIP_INTO(p), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

void Repository::update_details(soci::session& sql, const Partnership& p) {
  sql << "UPDATE partnerships SET start_date = :sd, end_date = :ed, contact_name = :cn, contact_email = :ce, "
         "notes = :n, updated_at = :u WHERE id = :id",
      soci::use(p.start_date), soci::use(p.end_date), soci::use(p.contact_name), soci::use(p.contact_email),
      soci::use(p.notes), soci::use(p.updated_at), soci::use(p.id);
}

bool Repository::change_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                               const std::string& end_date, long long now) {
  soci::statement st = (sql.prepare << "UPDATE partnerships SET status = :to, end_date = :ed, updated_at = :u "
                                       "WHERE id = :id AND status = :from",
                        soci::use(to), soci::use(end_date), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::sign_charter(soci::session& sql, long long id, const std::string& date, long long recorded_by,
                              const std::string& recorded_label, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE partnerships SET charter_signed_on = :d, charter_recorded_by = :b, "
                      "charter_recorded_label = :l, updated_at = :u WHERE id = :id "
                      "AND charter_signed_on = ''",
       soci::use(date), soci::use(recorded_by), soci::use(recorded_label), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Partnership> Repository::search(soci::session& sql, const Filter& f, long long offset, long long limit) {
  FilterParams fp(f);
  Partnership p;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + kWhere + "ORDER BY p.start_date DESC, p.id DESC LIMIT :l OFFSET :off",
       TRAME_PARTNERSHIP_INTO(p), TRAME_FILTER_USE(fp), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Partnership> out;
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::count(soci::session& sql, const Filter& f) {
  FilterParams fp(f);
  long long n = 0;
  sql << std::string(
             "SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships p JOIN organisations o1 ON o1.id = "
             "p.organisation_id JOIN organisations o2 ON o2.id = p.partner_id ") +
             kWhere,
      TRAME_FILTER_USE(fp), soci::into(n);
  return n;
}

bool Repository::exists_between(soci::session& sql, long long a, long long b, const std::string& kind, bool open_only) {
  long long n = 0;
  int open = open_only ? 1 : 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships WHERE kind = :k AND (:op = 0 OR status <> 'ended') AND "
         "((organisation_id = :a AND partner_id = :b) OR (organisation_id = :b2 AND partner_id = :a2))",
      soci::use(kind), soci::use(open), soci::use(a), soci::use(b), soci::use(b), soci::use(a), soci::into(n);
  return n > 0;
}

void Repository::insert_event(soci::session& sql, const Event& e, const std::string& actor_label) {
  sql << "INSERT INTO partnership_events (partnership_id, at, actor_id, actor_label, action, from_status, to_status, "
         "detail, note) VALUES (:p, :at, :a, :l, :ac, :f, :t, :d, :n)",
      soci::use(e.partnership_id), soci::use(e.at), soci::use(e.actor_id), soci::use(actor_label), soci::use(e.action),
      soci::use(e.from_status), soci::use(e.to_status), soci::use(e.detail), soci::use(e.note);
}

std::vector<Event> Repository::events(soci::session& sql, long long partnership_id) {
  Event e;
  soci::statement st =
      (sql.prepare << "SELECT e.id, e.partnership_id, e.at, e.actor_id, COALESCE(u.name, e.actor_label), e.action, "
                      "e.from_status, e.to_status, e.detail, e.note FROM partnership_events e "
                      "LEFT JOIN users u ON u.id = e.actor_id WHERE e.partnership_id = :p ORDER BY e.id DESC",
       soci::into(e.id), soci::into(e.partnership_id), soci::into(e.at), soci::into(e.actor_id),
       soci::into(e.actor_name), soci::into(e.action), soci::into(e.from_status), soci::into(e.to_status),
       soci::into(e.detail), soci::into(e.note), soci::use(partnership_id));
  st.execute();
  std::vector<Event> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

std::vector<OrganisationChoice> Repository::organisation_choices(soci::session& sql) {
  OrganisationChoice c;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' "
                                       "ORDER BY lower(name), id",
                        soci::into(c.id), soci::into(c.name));
  st.execute();
  std::vector<OrganisationChoice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<std::string> Repository::active_organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id AND status = 'active'", soci::use(id), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

long long Repository::insert_document(soci::session& sql, const Document& d) {
  long long id = 0;
  std::string data = store::to_hex(d.bytes);
  sql << "INSERT INTO partnership_documents (partnership_id, file_name, content_type, size, data, sha256, "
         "uploaded_at, uploaded_by) VALUES (:p, :f, :c, :s, decode(:d, 'hex'), :h, :a, :b) RETURNING id",
      soci::use(d.partnership_id), soci::use(d.file_name), soci::use(d.content_type), soci::use(d.size),
      soci::use(data), soci::use(d.sha256), soci::use(d.uploaded_at), soci::use(d.uploaded_by), soci::into(id);
  return id;
}

bool Repository::mark_document_deleted(soci::session& sql, long long partnership_id, long long document_id,
                                       long long by, long long now, std::string& file_name) {
  sql << "SELECT file_name FROM partnership_documents WHERE id = :d AND partnership_id = :p AND deleted = 0",
      soci::use(document_id), soci::use(partnership_id), soci::into(file_name);
  if (!sql.got_data()) return false;
  soci::statement st = (sql.prepare << "UPDATE partnership_documents SET deleted = 1, deleted_at = :n, deleted_by = :b "
                                       "WHERE id = :d AND partnership_id = :p AND deleted = 0",
                        soci::use(now), soci::use(by), soci::use(document_id), soci::use(partnership_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Document> Repository::documents(soci::session& sql, long long partnership_id) {
  Document d;
  soci::statement st =
      (sql.prepare << "SELECT d.id, d.partnership_id, d.file_name, d.content_type, d.size, d.sha256, d.uploaded_at, "
                      "d.uploaded_by, COALESCE(u.name, ''), d.deleted FROM partnership_documents d "
                      "LEFT JOIN users u ON u.id = d.uploaded_by WHERE d.partnership_id = :p AND d.deleted = 0 "
                      "ORDER BY d.uploaded_at DESC, d.id DESC",
       soci::into(d.id), soci::into(d.partnership_id), soci::into(d.file_name), soci::into(d.content_type),
       soci::into(d.size), soci::into(d.sha256), soci::into(d.uploaded_at), soci::into(d.uploaded_by),
       soci::into(d.uploaded_by_name), soci::into(d.deleted), soci::use(partnership_id));
  st.execute();
  std::vector<Document> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

std::optional<Document> Repository::document(soci::session& sql, long long partnership_id, long long document_id) {
  Document d;
  std::string data;
  sql << "SELECT id, partnership_id, file_name, content_type, size, sha256, uploaded_at, uploaded_by, "
         "encode(data, 'hex') "
         "FROM partnership_documents WHERE id = :d AND partnership_id = :p AND deleted = 0",
      soci::into(d.id), soci::into(d.partnership_id), soci::into(d.file_name), soci::into(d.content_type),
      soci::into(d.size), soci::into(d.sha256), soci::into(d.uploaded_at), soci::into(d.uploaded_by), soci::into(data),
      soci::use(document_id), soci::use(partnership_id);
  if (!sql.got_data()) return std::nullopt;
  d.bytes = store::from_hex(data);
  return d;
}

namespace {
const char* kChoiceSelect =
    "SELECT o.id, o.name, COALESCE(c.name, '') FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code ";
}

std::vector<OrganisationChoice> Repository::find_organisations(soci::session& sql, const std::string& pattern,
                                                               long long limit) {
  OrganisationChoice c;
  soci::statement st =
      (sql.prepare << std::string(kChoiceSelect) +
                          "WHERE o.status = 'active' AND o.search_text LIKE :q "
                          "ORDER BY lower(o.name), o.id LIMIT :l",
       soci::into(c.id), soci::into(c.name), soci::into(c.commune), soci::use(pattern), soci::use(limit));
  st.execute();
  std::vector<OrganisationChoice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::count_organisations(soci::session& sql, const std::string& pattern) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE o.status = 'active' AND o.search_text LIKE :q",
      soci::use(pattern), soci::into(n);
  return n;
}

std::vector<OrganisationChoice> Repository::organisations_named(soci::session& sql, const std::string& name) {
  OrganisationChoice c;
  soci::statement st =
      (sql.prepare << std::string(kChoiceSelect) +
                          "WHERE o.status = 'active' AND lower(o.name) = lower(:n) ORDER BY o.id LIMIT 2",
       soci::into(c.id), soci::into(c.name), soci::into(c.commune), soci::use(name));
  st.execute();
  std::vector<OrganisationChoice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<OrganisationChoice> Repository::organisation_choice(soci::session& sql, long long id) {
  OrganisationChoice c;
  sql << std::string(kChoiceSelect) + "WHERE o.id = :id AND o.status = 'active'", soci::into(c.id), soci::into(c.name),
      soci::into(c.commune), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

bool Repository::has_signed_charter(soci::session& sql, long long organisation_id, const std::string& today) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships WHERE partner_id = :o AND kind = 'social_relay' "
         "AND status = 'active' AND charter_signed_on <> '' AND charter_signed_on <= :d",
      soci::use(organisation_id), soci::use(today), soci::into(n);
  return n > 0;
}

long long Repository::count_social_started(soci::session& sql, const std::string& from, const std::string& to,
                                           bool established) {
  long long n = 0;
  int est = established ? 1 : 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM partnerships WHERE kind = 'social_relay' "
         "AND start_date >= :f AND start_date <= :t "
         "AND ((:e = 1 AND status IN ('active', 'ended')) OR (:e2 = 0 AND status = 'proposed'))",
      soci::use(from), soci::use(to), soci::use(est), soci::use(est), soci::into(n);
  return n;
}

std::vector<DelegationCount> Repository::social_started_by_delegation(soci::session& sql, const std::string& from,
                                                                      const std::string& to) {
  // The partner's délégation, through its commune's EPCI (as the directory resolves it).
  DelegationCount d;
  soci::statement st =
      (sql.prepare << "SELECT x.did, COALESCE((SELECT dd.name FROM delegations dd WHERE dd.id = x.did), ''), "
                      "CAST(COUNT(*) AS BIGINT) FROM (SELECT p.id, CAST(COALESCE(MIN(d.id), 0) AS BIGINT) AS did "
                      "FROM partnerships p JOIN organisations o ON o.id = p.partner_id "
                      "LEFT JOIN communes c ON c.code = o.commune_code " +
                          organisations::delegation_joins("c", "de", "d", true) +
                          " WHERE p.kind = 'social_relay' AND p.status IN ('active', 'ended') "
                          "AND p.start_date >= :f AND p.start_date <= :t GROUP BY p.id) x GROUP BY x.did",
       soci::into(d.delegation_id), soci::into(d.delegation_name), soci::into(d.count), soci::use(from), soci::use(to));
  st.execute();
  std::vector<DelegationCount> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

}  // namespace trame::partnerships
