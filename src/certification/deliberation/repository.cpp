#include "certification/deliberation/repository.hpp"

#include "platform/store/bytes.hpp"

namespace trame::deliberation {

std::vector<Decision> Repository::decisions(soci::session& sql, long long entry_id) const {
  Decision d;
  int validated = 0;
  soci::statement st = (sql.prepare << "SELECT d.entry_id, d.block_id, d.validated, d.reasons, d.decided_at, "
                                       "COALESCE(u.name, '') FROM certification_block_decisions d LEFT JOIN users u "
                                       "ON u.id = d.decided_by WHERE d.entry_id = :e ORDER BY d.block_id",
                        soci::into(d.entry_id), soci::into(d.block_id), soci::into(validated), soci::into(d.reasons),
                        soci::into(d.decided_at), soci::into(d.decided_by_name), soci::use(entry_id));
  st.execute();
  std::vector<Decision> out;
  while (st.fetch()) {
    d.validated = validated != 0;
    out.push_back(d);
  }
  return out;
}

void Repository::save_decisions(soci::session& sql, long long entry_id, const std::vector<Decision>& decisions,
                                long long by, long long now) const {
  for (const auto& d : decisions) {
    int validated = d.validated ? 1 : 0;
    sql << "DELETE FROM certification_block_decisions WHERE entry_id = :e AND block_id = :b", soci::use(entry_id),
        soci::use(d.block_id);
    sql << "INSERT INTO certification_block_decisions (entry_id, block_id, validated, reasons, decided_by, "
           "decided_at) VALUES (:e, :b, :v, :r, :by, :n)",
        soci::use(entry_id), soci::use(d.block_id), soci::use(validated), soci::use(d.reasons), soci::use(by),
        soci::use(now);
  }
}

std::optional<Minutes> Repository::minutes(soci::session& sql, long long session_id) const {
  Minutes m;
  sql << "SELECT session_id, sha256, made_at, locked_at FROM certification_minutes WHERE session_id = :s",
      soci::into(m.session_id), soci::into(m.sha256), soci::into(m.made_at), soci::into(m.locked_at),
      soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  Confirmation c;
  soci::statement st = (sql.prepare << "SELECT c.user_id, u.name, c.confirmed_at FROM "
                                       "certification_minutes_confirmations c JOIN users u ON u.id = c.user_id WHERE "
                                       "c.session_id = :s ORDER BY c.confirmed_at",
                        soci::into(c.user_id), soci::into(c.name), soci::into(c.confirmed_at), soci::use(session_id));
  st.execute();
  while (st.fetch()) m.confirmations.push_back(c);
  return m;
}

void Repository::insert_minutes(soci::session& sql, long long session_id, const std::string& pdf,
                                const std::string& sha256, long long now) const {
  std::string hex = store::to_hex(pdf);
  sql << "INSERT INTO certification_minutes (session_id, pdf, sha256, made_at, locked_at) VALUES (:s, decode(:p, "
         "'hex'), :h, :n, 0)",
      soci::use(session_id), soci::use(hex), soci::use(sha256), soci::use(now);
}

std::string Repository::minutes_pdf(soci::session& sql, long long session_id) const {
  std::string hex;
  sql << "SELECT encode(pdf, 'hex') FROM certification_minutes WHERE session_id = :s", soci::into(hex),
      soci::use(session_id);
  return store::from_hex(hex);
}

void Repository::confirm(soci::session& sql, long long session_id, long long user_id, long long now) const {
  sql << "INSERT INTO certification_minutes_confirmations (session_id, user_id, confirmed_at) VALUES (:s, :u, :n)",
      soci::use(session_id), soci::use(user_id), soci::use(now);
}

void Repository::lock_minutes(soci::session& sql, long long session_id, long long now) const {
  sql << "UPDATE certification_minutes SET locked_at = :n WHERE session_id = :s AND locked_at = 0", soci::use(now),
      soci::use(session_id);
}

void Repository::set_session_status(soci::session& sql, long long session_id, const std::string& status,
                                    long long now) const {
  sql << "UPDATE certification_sessions SET status = :st, updated_at = :n WHERE id = :s", soci::use(status),
      soci::use(now), soci::use(session_id);
}

}  // namespace trame::deliberation
