// SQL of newsletters: the queries of network_life/newsletters/repository.hpp.
#include "network_life/newsletters/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/id_list.hpp"

namespace trame::newsletters {

namespace {

constexpr const char* kColumns =
    "n.id, n.organiser_id, o.name, n.subject, n.body, n.segments, n.delegation_id, n.member_year, n.public_archive, "
    "n.status, n.scheduled_at, n.sent_at, n.recipients_count, n.created_at, n.updated_at";

struct Row {
  Newsletter n;
  std::string segments;
  long long pub = 1;
};

#define NL_INTO(r)                                                                                                   \
  soci::into((r).n.id), soci::into((r).n.organiser_id), soci::into((r).n.organiser_name), soci::into((r).n.subject), \
      soci::into((r).n.body), soci::into((r).segments), soci::into((r).n.delegation_id),                             \
      soci::into((r).n.member_year), soci::into((r).pub), soci::into((r).n.status), soci::into((r).n.scheduled_at),  \
      soci::into((r).n.sent_at), soci::into((r).n.recipients_count), soci::into((r).n.created_at),                   \
      soci::into((r).n.updated_at)

Newsletter finish_row(Row& r) {
  r.n.segments = parse_segments(r.segments);
  r.n.public_archive = r.pub == 1;
  return r.n;
}

// "<column> IN (…)" for the organisers of the scope; "1 = 1" for every one.
std::string in_scope(soci::session& sql, const ActingFor& scope, const std::string& column) {
  return store::in_ids(sql, column, scope.organisations, scope.all);
}

long long count_where(soci::session& sql, const std::string& where) {
  long long total = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_newsletters n WHERE " + where, soci::into(total);
  return total;
}

std::vector<Newsletter> newsletters_where(soci::session& sql, const std::string& where, long long limit,
                                          long long offset, const std::string& order) {
  Row r;
  soci::statement st = (sql.prepare << "SELECT " + std::string(kColumns) +
                                           " FROM life_newsletters n JOIN organisations o ON o.id = n.organiser_id "
                                           "WHERE " +
                                           where + " ORDER BY " + order + " LIMIT :l OFFSET :o",
                        NL_INTO(r), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Newsletter> out;
  while (st.fetch()) out.push_back(finish_row(r));
  return out;
}

const char* kArchive = "n.status = 'sent' AND n.public_archive = 1";

// The claims (and the other conditional changes): true when the statement changed the row.
bool changed(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Notice> notices_where(soci::session& sql, const std::string& where, long long limit, long long offset,
                                  const std::string& today) {
  Notice n;
  soci::statement st =
      (sql.prepare << "SELECT x.id, x.organiser_id, o.name, x.title, x.body, x.link, x.segment, "
                      "x.delegation_id, x.ends_on, x.created_at FROM life_notices x JOIN organisations "
                      "o ON o.id = x.organiser_id WHERE x.ends_on >= :t AND " +
                          where + " ORDER BY x.ends_on, x.id LIMIT :l OFFSET :o",
       soci::into(n.id), soci::into(n.organiser_id), soci::into(n.organiser_name), soci::into(n.title),
       soci::into(n.body), soci::into(n.link), soci::into(n.segment), soci::into(n.delegation_id),
       soci::into(n.ends_on), soci::into(n.created_at), soci::use(today), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Notice> out;
  while (st.fetch()) out.push_back(n);
  return out;
}

}  // namespace

// ---- Newsletters

std::optional<Newsletter> Repository::find(soci::session& sql, long long id) const {
  Row r;
  sql << "SELECT " + std::string(kColumns) +
             " FROM life_newsletters n JOIN organisations o ON o.id = n.organiser_id "
             "WHERE n.id = :id",
      NL_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return finish_row(r);
}

std::vector<Newsletter> Repository::managed(soci::session& sql, const ActingFor& scope, long long limit,
                                            long long offset) const {
  return newsletters_where(sql, in_scope(sql, scope, "n.organiser_id"), limit, offset, "n.updated_at DESC, n.id DESC");
}

long long Repository::count_managed(soci::session& sql, const ActingFor& scope) const {
  return count_where(sql, in_scope(sql, scope, "n.organiser_id"));
}

std::vector<Newsletter> Repository::archive(soci::session& sql, long long limit, long long offset) const {
  return newsletters_where(sql, kArchive, limit, offset, "n.sent_at DESC, n.id DESC");
}

long long Repository::count_archive(soci::session& sql) const {
  return count_where(sql, kArchive);
}

long long Repository::insert(soci::session& sql, const Newsletter& n, long long created_by, long long now) const {
  long long id = 0;
  std::string segments = join_segments(n.segments);
  long long pub = n.public_archive ? 1 : 0;
  sql << "INSERT INTO life_newsletters (organiser_id, subject, body, segments, delegation_id, member_year, "
         "public_archive, status, created_by, created_at, updated_at) VALUES (:o, :s, :b, :g, :d, :y, :p, 'draft', "
         ":u, :c, :m) RETURNING id",
      soci::use(n.organiser_id), soci::use(n.subject), soci::use(n.body), soci::use(segments),
      soci::use(n.delegation_id), soci::use(n.member_year), soci::use(pub), soci::use(created_by), soci::use(now),
      soci::use(now), soci::into(id);
  return id;
}

bool Repository::update_draft(soci::session& sql, long long id, const Newsletter& n, long long now) const {
  std::string segments = join_segments(n.segments);
  long long pub = n.public_archive ? 1 : 0;
  soci::statement st =
      (sql.prepare << "UPDATE life_newsletters SET organiser_id = :o, subject = :s, body = :b, segments = :g, "
                      "delegation_id = :d, member_year = :y, public_archive = :p, updated_at = :m WHERE id = :id "
                      "AND status = 'draft'",
       soci::use(n.organiser_id), soci::use(n.subject), soci::use(n.body), soci::use(segments),
       soci::use(n.delegation_id), soci::use(n.member_year), soci::use(pub), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::claim_now(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_newsletters SET status = 'sent', sent_at = :n, updated_at = :u "
                                       "WHERE id = :id AND status IN ('draft', 'scheduled')",
                        soci::use(now), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::claim_due(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_newsletters SET status = 'sent', sent_at = :n, updated_at = :u "
                                       "WHERE id = :id AND status = 'scheduled' AND scheduled_at <= :n2",
                        soci::use(now), soci::use(now), soci::use(id), soci::use(now));
  return changed(st);
}

void Repository::set_recipients_count(soci::session& sql, long long id, long long count) const {
  sql << "UPDATE life_newsletters SET recipients_count = :c WHERE id = :id", soci::use(count), soci::use(id);
}

bool Repository::schedule(soci::session& sql, long long id, long long at, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_newsletters SET status = 'scheduled', scheduled_at = :a, "
                                       "updated_at = :u WHERE id = :id AND status IN ('draft', 'scheduled')",
                        soci::use(at), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::unschedule(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_newsletters SET status = 'draft', scheduled_at = 0, "
                                       "updated_at = :u WHERE id = :id AND status = 'scheduled'",
                        soci::use(now), soci::use(id));
  return changed(st);
}

std::vector<long long> Repository::due(soci::session& sql, long long now) const {
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM life_newsletters WHERE status = 'scheduled' AND "
                                       "scheduled_at <= :n ORDER BY scheduled_at, id LIMIT 20",
                        soci::into(id), soci::use(now));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

// ---- Recipients and deliveries

std::vector<Recipient> Repository::users_with_role(soci::session& sql, const std::string& role) const {
  std::string email;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.email, u.id FROM users u JOIN memberships m ON m.user_id = "
                                       "u.id JOIN organisations o ON o.id = m.organisation_id WHERE m.role = :r AND "
                                       "u.disabled = 0 AND o.status = 'active' ORDER BY u.id",
                        soci::into(email), soci::into(id), soci::use(role));
  st.execute();
  std::vector<Recipient> out;
  while (st.fetch()) out.push_back({email, id});
  return out;
}

std::vector<Recipient> Repository::staff_of_delegation(soci::session& sql, long long delegation_id) const {
  std::string email;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT u.email, u.id FROM users u JOIN memberships m ON m.user_id = u.id "
                      "JOIN organisations o ON o.id = m.organisation_id JOIN communes c ON c.code = o.commune_code " +
                          organisations::delegation_joins("c", "de", "d", false) +
                          " WHERE d.id = :d AND u.disabled = 0 AND o.status = 'active' ORDER BY u.id",
       soci::into(email), soci::into(id), soci::use(delegation_id));
  st.execute();
  std::vector<Recipient> out;
  while (st.fetch()) out.push_back({email, id});
  return out;
}

bool Repository::delegation_exists(soci::session& sql, long long id) const {
  long long found = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM delegations WHERE id = :d", soci::into(found), soci::use(id);
  return found != 0;
}

void Repository::insert_delivery(soci::session& sql, long long newsletter_id, const Recipient& r,
                                 const std::string& token_hash, long long mail_id, long long now) const {
  sql << "INSERT INTO life_newsletter_deliveries (newsletter_id, email, user_id, token_hash, mail_id, created_at) "
         "VALUES (:n, :e, :u, :h, :m, :c)",
      soci::use(newsletter_id), soci::use(r.email), soci::use(r.user_id), soci::use(token_hash), soci::use(mail_id),
      soci::use(now);
}

std::optional<Delivery> Repository::delivery_seen(soci::session& sql, const std::string& token_hash) const {
  Delivery d;
  sql << "SELECT n.organiser_id, d.email, o.name, n.subject FROM life_newsletter_deliveries d JOIN "
         "life_newsletters n ON n.id = d.newsletter_id JOIN organisations o ON o.id = n.organiser_id WHERE "
         "d.token_hash = :h",
      soci::into(d.organiser_id), soci::into(d.email), soci::into(d.organiser_name), soci::into(d.subject),
      soci::use(token_hash);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

std::optional<Delivery> Repository::delivery(soci::session& sql, const std::string& token_hash) const {
  Delivery d;
  sql << "SELECT n.organiser_id, n.id, d.email FROM life_newsletter_deliveries d JOIN life_newsletters n ON n.id = "
         "d.newsletter_id WHERE d.token_hash = :h",
      soci::into(d.organiser_id), soci::into(d.newsletter_id), soci::into(d.email), soci::use(token_hash);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

// ---- Unsubscriptions

std::set<std::string> Repository::unsubscribed(soci::session& sql, long long organiser_id) const {
  std::string email;
  soci::statement st = (sql.prepare << "SELECT email FROM life_newsletter_unsubscriptions WHERE organiser_id = :o",
                        soci::into(email), soci::use(organiser_id));
  st.execute();
  std::set<std::string> out;
  while (st.fetch()) out.insert(email);
  return out;
}

long long Repository::count_unsubscribed(soci::session& sql, long long organiser_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_newsletter_unsubscriptions WHERE organiser_id = :o", soci::into(n),
      soci::use(organiser_id);
  return n;
}

bool Repository::is_unsubscribed(soci::session& sql, long long organiser_id, const std::string& email) const {
  long long already = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_newsletter_unsubscriptions WHERE organiser_id = :o AND "
         "email = :e",
      soci::into(already), soci::use(organiser_id), soci::use(email);
  return already > 0;
}

void Repository::unsubscribe(soci::session& sql, const Delivery& d, long long now) const {
  sql << "INSERT INTO life_newsletter_unsubscriptions (organiser_id, email, newsletter_id, unsubscribed_at) VALUES "
         "(:o, :e, :n, :t) ON CONFLICT (organiser_id, email) DO NOTHING",
      soci::use(d.organiser_id), soci::use(d.email), soci::use(d.newsletter_id), soci::use(now);
}

// ---- Notices

std::vector<Notice> Repository::managed_notices(soci::session& sql, const ActingFor& scope, const std::string& today,
                                                long long limit, long long offset) const {
  return notices_where(sql, in_scope(sql, scope, "x.organiser_id"), limit, offset, today);
}

long long Repository::count_managed_notices(soci::session& sql, const ActingFor& scope,
                                            const std::string& today) const {
  long long total = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_notices x WHERE x.ends_on >= :t AND " +
             in_scope(sql, scope, "x.organiser_id"),
      soci::into(total), soci::use(today);
  return total;
}

std::vector<Notice> Repository::current_notices(soci::session& sql, const std::string& today, long long limit) const {
  return notices_where(sql, "1 = 1", limit, 0, today);
}

std::optional<Notice> Repository::notice(soci::session& sql, long long id) const {
  Notice n;
  sql << "SELECT organiser_id, title FROM life_notices WHERE id = :id", soci::into(n.organiser_id), soci::into(n.title),
      soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  n.id = id;
  return n;
}

long long Repository::insert_notice(soci::session& sql, const Notice& n, long long created_by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_notices (organiser_id, title, body, link, segment, delegation_id, ends_on, created_by, "
         "created_at) VALUES (:o, :t, :b, :l, :s, :d, :e, :u, :c) RETURNING id",
      soci::use(n.organiser_id), soci::use(n.title), soci::use(n.body), soci::use(n.link), soci::use(n.segment),
      soci::use(n.delegation_id), soci::use(n.ends_on), soci::use(created_by), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_notice(soci::session& sql, long long id) const {
  sql << "DELETE FROM life_notices WHERE id = :id", soci::use(id);
}

}  // namespace trame::newsletters
