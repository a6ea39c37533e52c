#include "network_life/members/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::members {

namespace {

const char* kSelect =
    "SELECT m.id, m.organiser_id, g.name, m.organisation_id, o.name, o.kind, m.year, m.status, m.applied_on, "
    "m.decided_on, m.refusal_reason, m.lapsed_on, m.decided_by, COALESCE(d.name, ''), m.contact_user_id, "
    "COALESCE(c.name, ''), COALESCE(c.email, ''), m.fee_cents, m.fee_on, m.fee_means, m.renewal_of, "
    "m.reminder_sent_at, m.note, m.created_by, m.created_at, m.updated_at "
    "FROM life_memberships m JOIN organisations g ON g.id = m.organiser_id "
    "JOIN organisations o ON o.id = m.organisation_id LEFT JOIN users d ON d.id = m.decided_by "
    "LEFT JOIN users c ON c.id = m.contact_user_id ";

#define TRAME_MEMBERSHIP_INTO(m)                                                                                      \
  soci::into((m).id), soci::into((m).organiser_id), soci::into((m).organiser_name), soci::into((m).organisation_id),  \
      soci::into((m).organisation_name), soci::into((m).organisation_kind), soci::into((m).year),                     \
      soci::into((m).status), soci::into((m).applied_on), soci::into((m).decided_on), soci::into((m).refusal_reason), \
      soci::into((m).lapsed_on), soci::into((m).decided_by), soci::into((m).decided_by_name),                         \
      soci::into((m).contact_user_id), soci::into((m).contact_name), soci::into((m).contact_email),                   \
      soci::into((m).fee_cents), soci::into((m).fee_on), soci::into((m).fee_means), soci::into((m).renewal_of),       \
      soci::into((m).reminder_sent_at), soci::into((m).note), soci::into((m).created_by), soci::into((m).created_at), \
      soci::into((m).updated_at)

// The WHERE clause of the list (values bound in this order: status, year, kind).
std::string where_of(soci::session& sql, bool all, const std::vector<long long>& organisers, const Filter& f) {
  std::string w = "WHERE 1 = 1 ";
  w += "AND " + store::in_ids(sql, "m.organiser_id", organisers, all) + " ";
  w += "AND (:s = '' OR m.status = :s2) AND (:y = 0 OR m.year = :y2) AND (:k = '' OR o.kind = :k2) ";
  return w;
}

}  // namespace

std::optional<Membership> Repository::find(soci::session& sql, long long id) const {
  Membership m;
  sql << std::string(kSelect) + "WHERE m.id = :id", TRAME_MEMBERSHIP_INTO(m), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

std::optional<Membership> Repository::of(soci::session& sql, long long organiser_id, long long organisation_id,
                                         long long year) const {
  Membership m;
  sql << std::string(kSelect) + "WHERE m.organiser_id = :g AND m.organisation_id = :o AND m.year = :y",
      TRAME_MEMBERSHIP_INTO(m), soci::use(organiser_id), soci::use(organisation_id), soci::use(year);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

std::vector<Membership> Repository::search(soci::session& sql, bool all, const std::vector<long long>& organisers,
                                           const Filter& f, long long limit, long long offset) const {
  Membership m;
  soci::statement st = (sql.prepare << std::string(kSelect) + where_of(sql, all, organisers, f) +
                                           "ORDER BY m.year DESC, o.name, m.id LIMIT :l OFFSET :off",
                        TRAME_MEMBERSHIP_INTO(m), soci::use(f.status), soci::use(f.status), soci::use(f.year),
                        soci::use(f.year), soci::use(f.kind), soci::use(f.kind), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Membership> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::count(soci::session& sql, bool all, const std::vector<long long>& organisers,
                            const Filter& f) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_memberships m JOIN organisations o ON o.id = m.organisation_id " +
             where_of(sql, all, organisers, f),
      soci::use(f.status), soci::use(f.status), soci::use(f.year), soci::use(f.year), soci::use(f.kind),
      soci::use(f.kind), soci::into(n);
  return n;
}

std::vector<Membership> Repository::of_organisation(soci::session& sql, long long organisation_id) const {
  Membership m;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + "WHERE m.organisation_id = :o ORDER BY m.year DESC, g.name, m.id",
       TRAME_MEMBERSHIP_INTO(m), soci::use(organisation_id));
  st.execute();
  std::vector<Membership> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<Membership> Repository::with_status(soci::session& sql, long long year, const std::string& status) const {
  Membership m;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + "WHERE m.year = :y AND m.status = :s ORDER BY o.name, m.id",
       TRAME_MEMBERSHIP_INTO(m), soci::use(year), soci::use(status));
  st.execute();
  std::vector<Membership> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::insert(soci::session& sql, const Membership& m, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_memberships (organiser_id, organisation_id, year, status, applied_on, decided_on, "
         "decided_by, contact_user_id, fee_cents, fee_on, fee_means, renewal_of, note, created_by, created_at, "
         "updated_at) VALUES (:g, :o, :y, :s, :a, :d, :db, :c, :f, :fo, :fm, :r, :n, :by, :t, :t2) RETURNING id",
      soci::use(m.organiser_id), soci::use(m.organisation_id), soci::use(m.year), soci::use(m.status),
      soci::use(m.applied_on), soci::use(m.decided_on), soci::use(m.decided_by), soci::use(m.contact_user_id),
      soci::use(m.fee_cents), soci::use(m.fee_on), soci::use(m.fee_means), soci::use(m.renewal_of), soci::use(m.note),
      soci::use(m.created_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::decide(soci::session& sql, long long id, const std::string& status, const std::string& reason,
                        const std::string& day, long long by, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_memberships SET status = :s, refusal_reason = :r, decided_on = :d, "
                      "decided_by = :b, updated_at = :n WHERE id = :id AND status = 'applied'",
       soci::use(status), soci::use(reason), soci::use(day), soci::use(by), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_fee(soci::session& sql, long long id, long long cents, const std::string& day,
                         const std::string& means, long long now) const {
  sql << "UPDATE life_memberships SET fee_cents = :c, fee_on = :d, fee_means = :m, updated_at = :n WHERE id = :id",
      soci::use(cents), soci::use(day), soci::use(means), soci::use(now), soci::use(id);
}

void Repository::set_contact(soci::session& sql, long long id, long long user_id, long long now) const {
  sql << "UPDATE life_memberships SET contact_user_id = :c, updated_at = :n WHERE id = :id", soci::use(user_id),
      soci::use(now), soci::use(id);
}

bool Repository::claim_reminder(soci::session& sql, long long id, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_memberships SET reminder_sent_at = :n WHERE id = :id AND reminder_sent_at = 0",
       soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::lapse(soci::session& sql, long long id, const std::string& day, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_memberships SET status = 'lapsed', lapsed_on = :d, updated_at = :n "
                                       "WHERE id = :id AND status = 'member'",
                        soci::use(day), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Membership> Repository::not_renewed_before(soci::session& sql, long long year) const {
  std::vector<Membership> out;
  Membership m;
  soci::statement st = (sql.prepare << "SELECT m.id, m.organiser_id, m.organisation_id, m.year FROM "
                                       "life_memberships m WHERE m.status = 'member' AND m.year < :y AND NOT EXISTS "
                                       "(SELECT 1 FROM life_memberships n WHERE n.organiser_id = m.organiser_id AND "
                                       "n.organisation_id = m.organisation_id AND n.year = m.year + 1 AND n.status "
                                       "IN ('applied','member','lapsed')) ORDER BY m.id LIMIT 500",
                        soci::into(m.id), soci::into(m.organiser_id), soci::into(m.organisation_id), soci::into(m.year),
                        soci::use(year));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<long long> Repository::to_remind(soci::session& sql, long long year) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT m.id FROM life_memberships m WHERE m.status = 'member' AND m.year = :y "
                                       "AND m.reminder_sent_at = 0 AND NOT EXISTS (SELECT 1 FROM life_memberships n "
                                       "WHERE n.organiser_id = m.organiser_id AND n.organisation_id = "
                                       "m.organisation_id AND n.year = m.year + 1) ORDER BY m.id LIMIT 500",
                        soci::into(id), soci::use(year));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<OrganisationRef> Repository::members_in(soci::session& sql, long long year) const {
  std::vector<OrganisationRef> out;
  std::string name;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT DISTINCT o.id, o.name FROM life_memberships m JOIN organisations o "
                                       "ON o.id = m.organisation_id WHERE m.year = :y AND m.status IN "
                                       "('member','lapsed') ORDER BY o.name, o.id",
                        soci::into(id), soci::into(name), soci::use(year));
  st.execute();
  while (st.fetch()) out.push_back({id, name, ""});
  return out;
}

bool Repository::is_member(soci::session& sql, long long organisation_id, long long year) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_memberships WHERE organisation_id = :o AND year = :y AND "
         "status IN ('member','lapsed')",
      soci::into(n), soci::use(organisation_id), soci::use(year);
  return n > 0;
}

std::optional<OrganisationRef> Repository::organisation(soci::session& sql, long long id) const {
  OrganisationRef o;
  sql << "SELECT id, name, kind FROM organisations WHERE id = :id AND status = 'active'", soci::into(o.id),
      soci::into(o.name), soci::into(o.kind), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

namespace {
std::vector<OrganisationRef> refs(soci::session& sql, const std::string& query, long long bind = -1) {
  OrganisationRef o;
  soci::statement st =
      bind < 0 ? (sql.prepare << query, soci::into(o.id), soci::into(o.name), soci::into(o.kind))
               : (sql.prepare << query, soci::into(o.id), soci::into(o.name), soci::into(o.kind), soci::use(bind));
  st.execute();
  std::vector<OrganisationRef> out;
  while (st.fetch()) out.push_back(o);
  return out;
}
}  // namespace

std::vector<OrganisationRef> Repository::organisations(soci::session& sql) const {
  return refs(sql, "SELECT id, name, kind FROM organisations WHERE status = 'active' ORDER BY name, id");
}

std::vector<OrganisationRef> Repository::organisers(soci::session& sql) const {
  return refs(sql,
              "SELECT id, name, kind FROM organisations WHERE id IN (SELECT organiser_id FROM life_memberships) "
              "ORDER BY name, id");
}

std::vector<OrganisationRef> Repository::partnership_heads(soci::session& sql, long long organisation_id) const {
  return refs(sql,
              "SELECT id, name, kind FROM organisations WHERE status = 'active' AND id IN (SELECT organisation_id "
              "FROM partnerships WHERE partner_id = :o AND status IN ('proposed','active')) ORDER BY name, id",
              organisation_id);
}

std::vector<Person> Repository::staff(soci::session& sql, long long organisation_id) const {
  Person p;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.id, u.name, u.email FROM memberships ms JOIN users u ON "
                                       "u.id = ms.user_id WHERE ms.organisation_id = :o AND u.disabled = 0 AND "
                                       "ms.role IN ('administrator','coordinator','referent','partner_staff',"
                                       "'training_staff') ORDER BY u.name, u.id",
                        soci::into(p.user_id), soci::into(p.name), soci::into(p.email), soci::use(organisation_id));
  st.execute();
  std::vector<Person> out;
  while (st.fetch()) out.push_back(p);
  return out;
}

bool Repository::is_staff(soci::session& sql, long long user_id, long long organisation_id) const {
  for (const auto& p : staff(sql, organisation_id))
    if (p.user_id == user_id) return true;
  return false;
}

std::string Repository::charter_signed_on(soci::session& sql, long long organisation_id) const {
  std::string day;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(charter_signed_on) FROM partnerships WHERE partner_id = :o AND charter_signed_on <> ''",
      soci::into(day, ind), soci::use(organisation_id);
  return sql.got_data() && ind == soci::i_ok ? day : std::string();
}

std::optional<Person> Repository::user(soci::session& sql, long long user_id) const {
  Person p;
  sql << "SELECT id, name, email FROM users WHERE id = :id", soci::into(p.user_id), soci::into(p.name),
      soci::into(p.email), soci::use(user_id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

}  // namespace trame::members
