#include "privacy/rights/repository.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "platform/store/row.hpp"

namespace trame::privacy::rights {

namespace {

// Table and column names come from the schema itself; quoted all the same.
std::string ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A value written into a statement built at run time (the schema decides its columns): a standard SQL
// string literal, which both engines read the same way (PostgreSQL's standard_conforming_strings).
std::string literal(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Any column as text, whatever type the engine reports.
std::string cell(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return {};
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", r.get<double>(i));
      return buf;
    }
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &t);
      return buf;
    }
    case soci::dt_string: return r.get<std::string>(i);
    default: return {};
  }
}

Request request_of(const soci::row& r) {
  Request q;
  q.id = store::as_id(r, 0);
  q.user_id = store::as_id(r, 1);
  q.kind = store::as_text(r, 2);
  q.message = store::as_text(r, 3);
  q.status = store::as_text(r, 4);
  q.received_at = store::as_id(r, 5);
  q.due_at = store::as_id(r, 6);
  q.answer = store::as_text(r, 7);
  q.refusal_reason = store::as_text(r, 8);
  q.handled_by = store::as_id(r, 9);
  q.handled_at = store::as_id(r, 10);
  q.person_name = store::as_text(r, 11);
  q.person_email = store::as_text(r, 12);
  q.extended_at = store::as_id(r, 13);
  q.extension_reason = store::as_text(r, 14);
  return q;
}

const char* kRequestColumns =
    "SELECT r.id, r.user_id, r.kind, r.message, r.status, r.received_at, r.due_at, r.answer, r.refusal_reason, "
    "r.handled_by, r.handled_at, u.name, u.email, r.extended_at, r.extension_reason "
    "FROM privacy_requests r JOIN users u ON u.id = r.user_id ";

}  // namespace

std::vector<std::string> Repository::tables(soci::session& sql) {
  std::vector<std::string> out;
  std::string q = postgresql_ ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                              : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "ORDER BY name";
  soci::rowset<std::string> rs = (sql.prepare << q);
  for (const auto& t : rs) out.push_back(t);
  return out;
}

std::vector<PersonLink> Repository::person_links(soci::session& sql) {
  return links_to(sql, "users", "user_id");
}

std::vector<PersonLink> Repository::links_to(soci::session& sql, const std::string& target, const std::string& column) {
  std::vector<PersonLink> out;
  std::string q =
      postgresql_ ? "SELECT DISTINCT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc "
                    "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
                    "AND kcu.table_schema = tc.table_schema "
                    "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
                    "AND ccu.table_schema = tc.table_schema "
                    "WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = :t AND tc.table_schema = "
                    "current_schema() "
                    "UNION SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND column_name = :c AND data_type IN ('bigint', 'integer') ORDER BY 1, 2"
                  : "SELECT DISTINCT m.name, f.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
                    "WHERE m.type = 'table' AND f.\"table\" = :t "
                    "UNION SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                    "WHERE m.type = 'table' AND c.name = :c ORDER BY 1, 2";
  soci::rowset<soci::row> rs = (sql.prepare << q, soci::use(target, "t"), soci::use(column, "c"));
  for (const auto& r : rs) out.push_back({store::as_text(r, 0), store::as_text(r, 1)});
  return out;
}

std::optional<std::pair<long long, std::string>> Repository::beneficiary(soci::session& sql, long long id) {
  long long organisation = 0;
  std::string code;
  sql << "SELECT organisation_id, code FROM beneficiaries WHERE id = :id", soci::use(id), soci::into(organisation),
      soci::into(code);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(organisation, code);
}

std::vector<std::string> Repository::columns(soci::session& sql, const std::string& table) {
  std::vector<std::string> out;
  std::string q = postgresql_
                      ? "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = :t AND data_type <> 'bytea' ORDER BY "
                        "ordinal_position"
                      : "SELECT name FROM pragma_table_info(:t) WHERE upper(type) NOT LIKE '%BLOB%' ORDER BY cid";
  soci::rowset<std::string> rs = (sql.prepare << q, soci::use(table));
  for (const auto& c : rs) out.push_back(c);
  return out;
}

std::vector<std::string> Repository::text_columns(soci::session& sql, const std::string& table) {
  std::vector<std::string> out;
  std::string q = postgresql_
                      ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        "AND table_name = :t AND data_type IN ('text', 'character varying', 'character') ORDER BY "
                        "ordinal_position"
                      : "SELECT name FROM pragma_table_info(:t) WHERE upper(type) LIKE '%TEXT%' OR upper(type) "
                        "LIKE '%CHAR%' OR upper(type) LIKE '%CLOB%' OR type = '' ORDER BY cid";
  soci::rowset<std::string> rs = (sql.prepare << q, soci::use(table));
  for (const auto& c : rs) out.push_back(c);
  return out;
}

std::string Repository::about(const std::vector<std::string>& links, long long user_id,
                              const std::vector<std::string>& texts, const std::string& email) const {
  std::string cond;
  for (const auto& l : links) cond += (cond.empty() ? "" : " OR ") + ident(l) + " = " + std::to_string(user_id);
  if (!email.empty())
    for (const auto& c : texts)
      cond += (cond.empty() ? "" : " OR ") + std::string("lower(") + ident(c) + ") LIKE " +
              literal("%" + lower(email) + "%");
  return cond.empty() ? "1 = 0" : cond;
}

TableRows Repository::rows_about(soci::session& sql, const std::string& table, const std::vector<std::string>& links,
                                 long long user_id, const std::string& email) {
  TableRows out;
  out.table = table;
  out.columns = columns(sql, table);
  if (out.columns.empty()) return out;
  std::string select;
  for (const auto& c : out.columns) select += (select.empty() ? "" : ", ") + ident(c);
  std::string q =
      "SELECT " + select + " FROM " + ident(table) + " WHERE " + about(links, user_id, text_columns(sql, table), email);
  soci::rowset<soci::row> rs = (sql.prepare << q);
  for (const auto& r : rs) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < r.size(); ++i) values.push_back(cell(r, i));
    out.rows.push_back(std::move(values));
  }
  return out;
}

long long Repository::scrub(soci::session& sql, const std::string& table, const std::vector<std::string>& values,
                            const std::string& replacement) {
  return scrub_about(sql, table, values, replacement, {}, 0, "");
}

long long Repository::scrub_about(soci::session& sql, const std::string& table, const std::vector<std::string>& values,
                                  const std::string& replacement, const std::vector<std::string>& links,
                                  long long user_id, const std::string& email) {
  auto texts = text_columns(sql, table);
  if (texts.empty() || values.empty()) return 0;
  std::string set, contains;
  for (const auto& c : texts) {
    std::string expr = ident(c);
    for (const auto& v : values) {
      expr = "REPLACE(" + expr + ", " + literal(v) + ", " + literal(replacement) + ")";
      contains += (contains.empty() ? "" : " OR ") + ident(c) + " LIKE " + literal("%" + v + "%");
    }
    set += (set.empty() ? "" : ", ") + ident(c) + " = " + expr;
  }
  std::string q = "UPDATE " + ident(table) + " SET " + set + " WHERE (" + contains + ")";
  if (user_id != 0) q += " AND (" + about(links, user_id, texts, email) + ")";
  soci::statement st = (sql.prepare << q);
  st.execute(true);
  return st.get_affected_rows();
}

std::optional<Repository::Account> Repository::account(soci::session& sql, long long user_id) {
  Account a;
  int disabled = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT email, name, disabled FROM users WHERE id = :id", soci::use(user_id), soci::into(a.email),
      soci::into(a.name, ind), soci::into(disabled);
  if (!sql.got_data()) return std::nullopt;
  a.disabled = disabled != 0;
  return a;
}

void Repository::anonymise_account(soci::session& sql, long long user_id, const std::string& email,
                                   const std::string& name) {
  sql << "UPDATE users SET email = :e, name = :n, password_hash = '', totp_secret = '', totp_enabled = 0, "
         "disabled = 1, job_title = '', profile_visible = 0 WHERE id = :id",
      soci::use(email), soci::use(name), soci::use(user_id);
  sql << "DELETE FROM sessions WHERE user_id = :id", soci::use(user_id);
  sql << "DELETE FROM password_resets WHERE user_id = :id", soci::use(user_id);
}

long long Repository::insert_request(soci::session& sql, const Request& r) {
  long long id = 0;
  sql << "INSERT INTO privacy_requests (user_id, kind, message, status, received_at, due_at) "
         "VALUES (:u, :k, :m, 'received', :r, :d) RETURNING id",
      soci::use(r.user_id), soci::use(r.kind), soci::use(r.message), soci::use(r.received_at), soci::use(r.due_at),
      soci::into(id);
  return id;
}

bool Repository::has_open(soci::session& sql, long long user_id, const std::string& kind) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM privacy_requests WHERE user_id = :u AND kind = :k AND status IN ('received', "
         "'in_progress')",
      soci::use(user_id), soci::use(kind), soci::into(n);
  return n > 0;
}

std::optional<Request> Repository::find(soci::session& sql, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRequestColumns) + "WHERE r.id = :id", soci::use(id));
  for (const auto& r : rs) return request_of(r);
  return std::nullopt;
}

std::vector<Request> Repository::for_person(soci::session& sql, long long user_id) {
  std::vector<Request> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRequestColumns) + "WHERE r.user_id = :u ORDER BY r.received_at DESC, r.id DESC",
       soci::use(user_id));
  for (const auto& r : rs) out.push_back(request_of(r));
  return out;
}

std::vector<Request> Repository::page(soci::session& sql, long long offset, long long limit) {
  std::vector<Request> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRequestColumns) +
                          "ORDER BY CASE WHEN r.status IN ('received', 'in_progress') THEN 0 ELSE 1 END, "
                          "CASE WHEN r.status IN ('received', 'in_progress') THEN r.due_at ELSE -r.received_at END, "
                          "r.id LIMIT :l OFFSET :o",
       soci::use(limit), soci::use(offset));
  for (const auto& r : rs) out.push_back(request_of(r));
  return out;
}

long long Repository::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM privacy_requests", soci::into(n);
  return n;
}

bool Repository::update(soci::session& sql, long long id, const std::string& from, const Request& r) {
  soci::statement st = (sql.prepare << "UPDATE privacy_requests SET status = :s, answer = :a, refusal_reason = :rr, "
                                       "handled_by = :hb, handled_at = :ha WHERE id = :id AND status = :f",
                        soci::use(r.status), soci::use(r.answer), soci::use(r.refusal_reason), soci::use(r.handled_by),
                        soci::use(r.handled_at), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::extend(soci::session& sql, long long id, long long due, const std::string& reason, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE privacy_requests SET due_at = :due, extended_at = :now, extension_reason = :r "
                      "WHERE id = :id AND extended_at = 0 AND status IN ('received', 'in_progress')",
       soci::use(due), soci::use(now), soci::use(reason), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Request> Repository::claim_due(soci::session& sql, long long before, const std::string& day) {
  std::vector<Request> out;
  {
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kRequestColumns) +
                            "WHERE r.status IN ('received', 'in_progress') AND r.due_at < :b AND r.reminded_on <> :d "
                            "ORDER BY r.due_at, r.id",
         soci::use(before), soci::use(day));
    for (const auto& r : rs) out.push_back(request_of(r));
  }
  for (const auto& r : out)
    sql << "UPDATE privacy_requests SET reminded_on = :d WHERE id = :id", soci::use(day), soci::use(r.id);
  return out;
}

std::vector<std::string> Repository::officers(soci::session& sql) {
  std::vector<std::string> out;
  soci::rowset<std::string> rs =
      (sql.prepare << "SELECT DISTINCT u.email FROM users u JOIN memberships m ON m.user_id = u.id "
                      "WHERE m.role IN ('administrator', 'dpo') AND u.disabled = 0 ORDER BY u.email");
  for (const auto& e : rs) out.push_back(e);
  return out;
}

}  // namespace trame::privacy::rights
