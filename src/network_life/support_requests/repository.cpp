// SQL of the support requests: the requests, their follow-up entries and the directory's reads (see repository.hpp).
#include "network_life/support_requests/repository.hpp"

#include "platform/store/id_list.hpp"

#include "platform/store/row_lock.hpp"

namespace trame::support_requests {

namespace {

// Role names as an SQL list (they are the project's own, never user input).
std::string roles_list(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "'" : ",'") + r + "'";
  return out.empty() ? "''" : out;
}

// Whom the person sees: their organisations' requests and the ones they manage.
std::string visible_where(soci::session& sql, const Visibility& v) {
  if (v.all) return "1=1";
  return "(" + store::in_ids(sql, "r.relais_id", v.relais) + " OR " +
         store::in_ids(sql, "r.organiser_id", v.organisers) + ")";
}

std::string open_where(soci::session& sql, const ActingFor& organisers) {
  std::string scope = store::in_ids(sql, "r.organiser_id", organisers.organisations, organisers.all);
  return "WHERE r.status <> 'closed' AND " + scope;
}

const char* kSelect =
    "SELECT r.id, r.organiser_id, g.name, r.relais_id, s.name, r.requested_by, u.name, r.subject, r.context, "
    "r.audience, r.wished_period, r.status, r.appointment_at, r.appointment_place, r.appointment_online, r.notes, "
    "r.outcome, r.summary, r.created_at, r.updated_at, r.closed_at FROM life_support_requests r "
    "JOIN organisations g ON g.id = r.organiser_id JOIN organisations s ON s.id = r.relais_id "
    "JOIN users u ON u.id = r.requested_by ";

struct Row {
  Request r;
  long long online = 0;
};

// `where` is built here from ids (never user input).
std::vector<Request> select_requests(soci::session& sql, const std::string& where, long long limit, long long offset) {
  Row x;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + where + " LIMIT :l OFFSET :f", soci::use(limit), soci::use(offset),
       soci::into(x.r.id), soci::into(x.r.organiser_id), soci::into(x.r.organiser_name), soci::into(x.r.relais_id),
       soci::into(x.r.relais_name), soci::into(x.r.requested_by), soci::into(x.r.requested_by_name),
       soci::into(x.r.subject), soci::into(x.r.context), soci::into(x.r.audience), soci::into(x.r.wished_period),
       soci::into(x.r.status), soci::into(x.r.appointment_at), soci::into(x.r.appointment_place), soci::into(x.online),
       soci::into(x.r.notes), soci::into(x.r.outcome), soci::into(x.r.summary), soci::into(x.r.created_at),
       soci::into(x.r.updated_at), soci::into(x.r.closed_at));
  st.execute();
  std::vector<Request> out;
  while (st.fetch()) {
    x.r.appointment_online = x.online != 0;
    out.push_back(x.r);
  }
  return out;
}

long long count_where(soci::session& sql, const std::string& where) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_support_requests r " + where, soci::into(n);
  return n;
}

}  // namespace

std::optional<Request> Repository::find(soci::session& sql, long long id) const {
  auto rows = select_requests(sql, "WHERE r.id = " + std::to_string(id), 1, 0);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Request> Repository::list(soci::session& sql, const Visibility& v, long long limit,
                                      long long offset) const {
  return select_requests(sql, "WHERE " + visible_where(sql, v) + " ORDER BY r.created_at DESC, r.id DESC", limit,
                         offset);
}

long long Repository::count(soci::session& sql, const Visibility& v) const {
  return count_where(sql, "WHERE " + visible_where(sql, v));
}

std::vector<Request> Repository::open(soci::session& sql, const ActingFor& organisers, long long limit) const {
  return select_requests(sql, open_where(sql, organisers) + " ORDER BY r.created_at, r.id", limit, 0);
}

long long Repository::count_open(soci::session& sql, const ActingFor& organisers) const {
  return count_where(sql, open_where(sql, organisers));
}

std::vector<Followup> Repository::followups(soci::session& sql, long long request_id) const {
  std::vector<Followup> out;
  Followup f;
  soci::statement st = (sql.prepare << "SELECT f.body, u.name, f.written_at FROM life_support_followups f "
                                       "JOIN users u ON u.id = f.written_by WHERE f.request_id = :r "
                                       "ORDER BY f.written_at, f.id LIMIT 500",
                        soci::use(request_id), soci::into(f.body), soci::into(f.name), soci::into(f.written_at));
  st.execute();
  while (st.fetch()) out.push_back(f);
  return out;
}

long long Repository::insert(soci::session& sql, const Request& r, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_support_requests (organiser_id, relais_id, subject, context, audience, wished_period, "
         "requested_by, created_at, updated_at) VALUES (:g, :s, :t, :c, :a, :p, :u, :n, :n2) RETURNING id",
      soci::use(r.organiser_id), soci::use(r.relais_id), soci::use(r.subject), soci::use(r.context),
      soci::use(r.audience), soci::use(r.wished_period), soci::use(r.requested_by), soci::use(now), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::hold(soci::session& sql, long long id) const {
  store::lock_row(sql, "life_support_requests", id);
}

void Repository::schedule(soci::session& sql, long long id, long long at, const std::string& place, bool online,
                          long long now) const {
  long long online_flag = online ? 1 : 0;
  sql << "UPDATE life_support_requests SET status = 'scheduled', appointment_at = :a, appointment_place = :p, "
         "appointment_online = :o, updated_at = :n WHERE id = :id AND status <> 'closed'",
      soci::use(at), soci::use(place), soci::use(online_flag), soci::use(now), soci::use(id);
}

void Repository::set_notes(soci::session& sql, long long id, const std::string& notes, long long now) const {
  sql << "UPDATE life_support_requests SET notes = :t, updated_at = :n WHERE id = :id", soci::use(notes),
      soci::use(now), soci::use(id);
}

void Repository::insert_followup(soci::session& sql, long long request_id, const std::string& body, long long by,
                                 long long now) const {
  sql << "INSERT INTO life_support_followups (request_id, body, written_by, written_at) VALUES (:r, :b, :u, :n)",
      soci::use(request_id), soci::use(body), soci::use(by), soci::use(now);
}

void Repository::touch(soci::session& sql, long long id, long long now) const {
  sql << "UPDATE life_support_requests SET updated_at = :n WHERE id = :id", soci::use(now), soci::use(id);
}

void Repository::close(soci::session& sql, long long id, const std::string& outcome, const std::string& summary,
                       long long by, long long now) const {
  sql << "UPDATE life_support_requests SET status = 'closed', outcome = :o, summary = :s, closed_at = :n, "
         "closed_by = :u, updated_at = :n2 WHERE id = :id AND status <> 'closed'",
      soci::use(outcome), soci::use(summary), soci::use(now), soci::use(by), soci::use(now), soci::use(id);
}

std::vector<Choice> Repository::social_structures(soci::session& sql, const std::vector<long long>& ids) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.kind = 'social' "
                                       "AND o.status = 'active' AND " +
                                           store::in_ids(sql, "o.id", ids) + " ORDER BY lower(o.name), o.id",
                        soci::into(c.id), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::with_roles(soci::session& sql, const std::vector<std::string>& roles) const {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.status = 'active' AND "
                                       "EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND "
                                       "m.role IN (" +
                                           roles_list(roles) + ")) ORDER BY lower(o.name), o.id",
                        soci::into(c.id), soci::into(c.name));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<std::string> Repository::emails_with_roles(soci::session& sql, long long organisation_id,
                                                       const std::vector<std::string>& roles) const {
  std::vector<std::string> out;
  std::string email;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                                       "WHERE m.organisation_id = :o AND u.disabled = 0 AND m.role IN (" +
                                           roles_list(roles) + ") ORDER BY u.email LIMIT 20",
                        soci::use(organisation_id), soci::into(email));
  st.execute();
  while (st.fetch()) out.push_back(email);
  return out;
}

long long Repository::organisation_named(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE lower(name) = lower(:n)", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0LL;
}

std::string Repository::organisation_name(soci::session& sql, long long id) const {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::use(id), soci::into(name);
  return name;
}

std::string Repository::user_email(soci::session& sql, long long id) const {
  std::string email;
  sql << "SELECT email FROM users WHERE id = :u", soci::use(id), soci::into(email);
  return sql.got_data() ? email : std::string();
}

}  // namespace trame::support_requests
