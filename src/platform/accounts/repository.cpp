#include "platform/accounts/repository.hpp"
#include "platform/store/id_list.hpp"
#include "platform/store/prepared.hpp"

#include <ctime>

#include "platform/store/database.hpp"

namespace trame::accounts {

#define TRAME_USER_COLUMNS \
  "id, email, name, locale, password_hash, totp_secret, totp_enabled, totp_last_step, disabled, created_at"
#define TRAME_USER_INTO(u)                                                                      \
  soci::into((u).id), soci::into((u).email), soci::into((u).name), soci::into((u).locale),      \
      soci::into((u).password_hash), soci::into((u).totp_secret), soci::into((u).totp_enabled), \
      soci::into((u).totp_last_step), soci::into((u).disabled), soci::into((u).created_at)

bool Repository::organisation_exists(soci::session& sql, long long id, bool active_only) {
  long long n = 0;
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE id = :id") +
             (active_only ? " AND status = 'active'" : ""),
      soci::use(id), soci::into(n);
  return n > 0;
}

std::optional<User> Repository::find_user(soci::session& sql, long long id) {
  User u;
  sql << "SELECT " TRAME_USER_COLUMNS " FROM users WHERE id = :id", TRAME_USER_INTO(u), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return u;
}

std::optional<User> Repository::find_user_by_email(soci::session& sql, const std::string& email) {
  User u;
  sql << "SELECT " TRAME_USER_COLUMNS " FROM users WHERE lower(email) = lower(:e)", TRAME_USER_INTO(u),
      soci::use(email);
  if (!sql.got_data()) return std::nullopt;
  return u;
}

long long Repository::insert_user(soci::session& sql, const User& u) {
  long long id = 0;
  sql << "INSERT INTO users (email, name, locale, password_hash, created_at, password_changed_at) "
         "VALUES (:e, :n, :l, :p, :c, :c2) RETURNING id",
      soci::use(u.email), soci::use(u.name), soci::use(u.locale), soci::use(u.password_hash), soci::use(u.created_at),
      soci::use(u.created_at), soci::into(id);
  return id;
}

void Repository::update_password(soci::session& sql, long long user_id, const std::string& hash, long long at) {
  sql << "UPDATE users SET password_hash = :h, password_changed_at = :a WHERE id = :id", soci::use(hash), soci::use(at),
      soci::use(user_id);
}

void Repository::update_profile(soci::session& sql, long long user_id, const std::string& name,
                                const std::string& locale) {
  sql << "UPDATE users SET name = :n, locale = :l WHERE id = :id", soci::use(name), soci::use(locale),
      soci::use(user_id);
}

DirectoryProfile Repository::directory_profile(soci::session& sql, long long user_id) {
  DirectoryProfile p;
  sql << "SELECT id, name, job_title, profile_visible FROM users WHERE id = :id", soci::into(p.user_id),
      soci::into(p.name), soci::into(p.job_title), soci::into(p.visible), soci::use(user_id);
  return p;
}

void Repository::update_directory_profile(soci::session& sql, long long user_id, const std::string& job_title,
                                          int visible) {
  sql << "UPDATE users SET job_title = :j, profile_visible = :v WHERE id = :id", soci::use(job_title),
      soci::use(visible), soci::use(user_id);
}

std::vector<DirectoryProfile> Repository::visible_profiles(soci::session& sql, const std::string& query,
                                                           long long offset, long long limit) {
  DirectoryProfile p;
  std::string like = "%" + query + "%";
  soci::statement st =
      (sql.prepare << "SELECT id, name, job_title, profile_visible FROM users WHERE profile_visible = 1 "
                      "AND disabled = 0 AND (lower(name) LIKE lower(:q) OR lower(job_title) LIKE lower(:q2)) "
                      "ORDER BY lower(name), id LIMIT :l OFFSET :o",
       soci::into(p.user_id), soci::into(p.name), soci::into(p.job_title), soci::into(p.visible), soci::use(like),
       soci::use(like), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<DirectoryProfile> out;
  while (st.fetch()) out.push_back(p);
  if (out.empty()) return out;
  // Their organisations in one query (no N+1).
  std::vector<long long> ids;
  ids.reserve(out.size());
  for (const auto& row : out) ids.push_back(row.user_id);
  long long uid = 0;
  std::string role, org;
  soci::statement orgs = (sql.prepare << "SELECT m.user_id, m.role, o.name FROM memberships m JOIN organisations o "
                                         "ON o.id = m.organisation_id WHERE " +
                                             store::in_ids(sql, "m.user_id", ids) + " ORDER BY m.id",
                          soci::into(uid), soci::into(role), soci::into(org));
  orgs.execute();
  while (orgs.fetch())
    for (auto& row : out)
      if (row.user_id == uid) row.organisations += (row.organisations.empty() ? "" : "\n") + role + "\x1f" + org;
  return out;
}

long long Repository::visible_profile_count(soci::session& sql, const std::string& query) {
  long long n = 0;
  std::string like = "%" + query + "%";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE profile_visible = 1 AND disabled = 0 AND "
         "(lower(name) LIKE lower(:q) OR lower(job_title) LIKE lower(:q2))",
      soci::use(like), soci::use(like), soci::into(n);
  return n;
}

void Repository::update_totp(soci::session& sql, long long user_id, const std::string& secret, int enabled,
                             long long last_step) {
  sql << "UPDATE users SET totp_secret = :s, totp_enabled = :e, totp_last_step = :l WHERE id = :id", soci::use(secret),
      soci::use(enabled), soci::use(last_step), soci::use(user_id);
}

std::vector<std::pair<long long, std::string>> Repository::totp_seeds(soci::session& sql) {
  long long id = 0;
  std::string secret;
  soci::statement st = (sql.prepare << "SELECT id, totp_secret FROM users WHERE totp_secret <> '' ORDER BY id",
                        soci::into(id), soci::into(secret));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, secret);
  return out;
}

bool Repository::replace_totp_secret(soci::session& sql, long long user_id, const std::string& expected,
                                     const std::string& replacement) {
  soci::statement st = (sql.prepare << "UPDATE users SET totp_secret = :r WHERE id = :id AND totp_secret = :e",
                        soci::use(replacement), soci::use(user_id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool Repository::advance_totp_step(soci::session& sql, long long user_id, long long step) {
  soci::statement st = (sql.prepare << "UPDATE users SET totp_last_step = :s WHERE id = :id AND totp_enabled = 1 "
                                       "AND totp_last_step < :s2",
                        soci::use(step), soci::use(user_id), soci::use(step));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_disabled(soci::session& sql, long long user_id, int disabled) {
  sql << "UPDATE users SET disabled = :d WHERE id = :id", soci::use(disabled), soci::use(user_id);
}

std::vector<UserSummary> Repository::user_page(soci::session& sql, const std::string& query, long long offset,
                                               long long limit) {
  UserSummary u;
  std::string like = "%" + query + "%";
  soci::statement st =
      (sql.prepare << "SELECT id, email, name, disabled, totp_enabled FROM users "
                      "WHERE lower(name) LIKE lower(:q) OR lower(email) LIKE lower(:q2) "
                      "ORDER BY lower(name), id LIMIT :l OFFSET :o",
       soci::into(u.id), soci::into(u.email), soci::into(u.name), soci::into(u.disabled), soci::into(u.totp_enabled),
       soci::use(like), soci::use(like), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<UserSummary> out;
  while (st.fetch()) out.push_back(u);
  if (out.empty()) return out;
  // Roles of the listed users in one query (no N+1).
  std::vector<long long> ids;
  ids.reserve(out.size());
  for (const auto& row : out) ids.push_back(row.id);
  long long uid = 0;
  std::string role, org;
  soci::statement roles = (sql.prepare << "SELECT m.user_id, m.role, o.name FROM memberships m JOIN organisations o "
                                          "ON o.id = m.organisation_id WHERE " +
                                              store::in_ids(sql, "m.user_id", ids) + " ORDER BY m.id",
                           soci::into(uid), soci::into(role), soci::into(org));
  roles.execute();
  while (roles.fetch()) {
    for (auto& row : out)
      if (row.id == uid) row.roles += (row.roles.empty() ? "" : "\n") + role + "\x1f" + org;
  }
  return out;
}

long long Repository::user_count(soci::session& sql, const std::string& query) {
  long long n = 0;
  std::string like = "%" + query + "%";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE lower(name) LIKE lower(:q) OR lower(email) LIKE lower(:q2)",
      soci::use(like), soci::use(like), soci::into(n);
  return n;
}

std::vector<MembershipRow> Repository::memberships(soci::session& sql, long long user_id) {
  // Read on every signed-in request: prepared once per connection (a `sql.prepare` statement costs
  // PREPARE, EXECUTE and DEALLOCATE, three round trips, on PostgreSQL).
  MembershipRow m;
  std::vector<MembershipRow> out;
  store::prepared_rows(
      sql,
      "SELECT m.id, m.organisation_id, o.name, m.role FROM memberships m "
      "JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = :u ORDER BY m.id",
      [&] { out.push_back(m); }, soci::into(m.id), soci::into(m.organisation_id), soci::into(m.organisation_name),
      soci::into(m.role), soci::use(user_id));
  return out;
}

bool Repository::add_membership(soci::session& sql, long long user_id, long long organisation_id,
                                const std::string& role) {
  long long now = store::now_seconds();
  soci::statement st = (sql.prepare << "INSERT INTO memberships (user_id, organisation_id, role, created_at) "
                                       "VALUES (:u, :o, :r, :c) ON CONFLICT DO NOTHING",
                        soci::use(user_id), soci::use(organisation_id), soci::use(role), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

int Repository::remove_membership(soci::session& sql, long long membership_id, long long user_id) {
  soci::statement st = (sql.prepare << "DELETE FROM memberships WHERE id = :id AND user_id = :u",
                        soci::use(membership_id), soci::use(user_id));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

long long Repository::insert_session(soci::session& sql, const std::string& token_hash, const Session& s) {
  long long id = 0;
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, mfa_pending, "
         "ip, user_agent) VALUES (:h, :u, :c, :ca, :ls, :e, :m, :ip, :ua) RETURNING id",
      soci::use(token_hash), soci::use(s.user_id), soci::use(s.csrf_token), soci::use(s.created_at),
      soci::use(s.last_seen_at), soci::use(s.expires_at), soci::use(s.mfa_pending), soci::use(s.ip),
      soci::use(s.user_agent), soci::into(id);
  return id;
}

bool Repository::find_session_with_user(soci::session& sql, const std::string& token_hash, Session& s, User& u) {
  sql << "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.mfa_pending, s.ip, "
         "s.user_agent, u.id, u.email, u.name, u.locale, u.password_hash, u.totp_secret, u.totp_enabled, "
         "u.totp_last_step, u.disabled, u.created_at "
         "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :h AND s.revoked_at = 0",
      soci::into(s.id), soci::into(s.user_id), soci::into(s.csrf_token), soci::into(s.created_at),
      soci::into(s.last_seen_at), soci::into(s.expires_at), soci::into(s.mfa_pending), soci::into(s.ip),
      soci::into(s.user_agent), TRAME_USER_INTO(u), soci::use(token_hash);
  return sql.got_data();
}

void Repository::touch_session(soci::session& sql, long long id, long long at) {
  sql << "UPDATE sessions SET last_seen_at = :a WHERE id = :id", soci::use(at), soci::use(id);
}

void Repository::clear_mfa_pending(soci::session& sql, long long id) {
  sql << "UPDATE sessions SET mfa_pending = 0 WHERE id = :id", soci::use(id);
}

void Repository::revoke_session(soci::session& sql, long long id, long long at) {
  sql << "UPDATE sessions SET revoked_at = :a WHERE id = :id AND revoked_at = 0", soci::use(at), soci::use(id);
}

int Repository::revoke_user_sessions(soci::session& sql, long long user_id, long long except_id, long long at) {
  soci::statement st = (sql.prepare << "UPDATE sessions SET revoked_at = :a WHERE user_id = :u AND id <> :e "
                                       "AND revoked_at = 0",
                        soci::use(at), soci::use(user_id), soci::use(except_id));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

std::vector<Session> Repository::active_sessions(soci::session& sql, long long user_id, long long now,
                                                 long long idle_seconds) {
  Session s;
  long long idle_limit = now - idle_seconds;
  soci::statement st =
      (sql.prepare << "SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at, "
                      "mfa_pending, ip, user_agent FROM sessions WHERE user_id = :u AND revoked_at = 0 "
                      "AND expires_at > :n AND last_seen_at > :i ORDER BY last_seen_at DESC LIMIT 50",
       soci::into(s.id), soci::into(s.user_id), soci::into(s.csrf_token), soci::into(s.created_at),
       soci::into(s.last_seen_at), soci::into(s.expires_at), soci::into(s.mfa_pending), soci::into(s.ip),
       soci::into(s.user_agent), soci::use(user_id), soci::use(now), soci::use(idle_limit));
  st.execute();
  std::vector<Session> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

void Repository::insert_reset(soci::session& sql, long long user_id, const std::string& token_hash, long long at,
                              long long expires) {
  sql << "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES (:u, :h, :a, :e)",
      soci::use(user_id), soci::use(token_hash), soci::use(at), soci::use(expires);
}

std::optional<std::pair<long long, long long>> Repository::find_reset(soci::session& sql, const std::string& token_hash,
                                                                      long long now) {
  long long id = 0, user_id = 0;
  sql << "SELECT id, user_id FROM password_resets WHERE token_hash = :h AND used_at = 0 AND expires_at > :n",
      soci::into(id), soci::into(user_id), soci::use(token_hash), soci::use(now);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(id, user_id);
}

bool Repository::use_reset(soci::session& sql, long long reset_id, long long at) {
  soci::statement st = (sql.prepare << "UPDATE password_resets SET used_at = :a WHERE id = :id AND used_at = 0",
                        soci::use(at), soci::use(reset_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long Repository::insert_invitation(soci::session& sql, const Invitation& inv, const std::string& token_hash) {
  long long id = 0;
  sql << "INSERT INTO invitations (email, name, organisation_id, role, token_hash, invited_by, created_at, expires_at) "
         "VALUES (:e, :n, :o, :r, :h, :b, :c, :x) RETURNING id",
      soci::use(inv.email), soci::use(inv.name), soci::use(inv.organisation_id), soci::use(inv.role),
      soci::use(token_hash), soci::use(inv.invited_by), soci::use(inv.created_at), soci::use(inv.expires_at),
      soci::into(id);
  return id;
}

std::optional<Invitation> Repository::find_invitation(soci::session& sql, const std::string& token_hash,
                                                      long long now) {
  Invitation i;
  sql << "SELECT i.id, i.email, i.name, i.organisation_id, o.name, i.role, i.invited_by, i.created_at, i.expires_at, "
         "i.accepted_at FROM invitations i JOIN organisations o ON o.id = i.organisation_id "
         "WHERE i.token_hash = :h AND i.accepted_at = 0 AND i.expires_at > :n",
      soci::into(i.id), soci::into(i.email), soci::into(i.name), soci::into(i.organisation_id),
      soci::into(i.organisation_name), soci::into(i.role), soci::into(i.invited_by), soci::into(i.created_at),
      soci::into(i.expires_at), soci::into(i.accepted_at), soci::use(token_hash), soci::use(now);
  if (!sql.got_data()) return std::nullopt;
  return i;
}

bool Repository::accept_invitation(soci::session& sql, long long id, long long at) {
  soci::statement st = (sql.prepare << "UPDATE invitations SET accepted_at = :a WHERE id = :id AND accepted_at = 0",
                        soci::use(at), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Invitation> Repository::pending_invitations(soci::session& sql, long long now, long long limit) {
  Invitation i;
  soci::statement st =
      (sql.prepare << "SELECT i.id, i.email, i.name, i.organisation_id, o.name, i.role, i.invited_by, "
                      "i.created_at, i.expires_at, i.accepted_at FROM invitations i JOIN organisations o "
                      "ON o.id = i.organisation_id WHERE i.accepted_at = 0 AND i.expires_at > :n "
                      "ORDER BY i.id DESC LIMIT :l",
       soci::into(i.id), soci::into(i.email), soci::into(i.name), soci::into(i.organisation_id),
       soci::into(i.organisation_name), soci::into(i.role), soci::into(i.invited_by), soci::into(i.created_at),
       soci::into(i.expires_at), soci::into(i.accepted_at), soci::use(now), soci::use(limit));
  st.execute();
  std::vector<Invitation> out;
  while (st.fetch()) out.push_back(i);
  return out;
}

}  // namespace trame::accounts
