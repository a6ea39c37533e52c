#include "platform/audit/repository.hpp"
#include "platform/audit/chain_repository.hpp"

#include "platform/store/deferred.hpp"
#include "platform/store/prepared.hpp"

namespace trame::audit {

std::string Repository::lock_head(soci::session& sql, long long& appended) {
  // The lock, the count and the last entry's hash in one statement: the head row keeps that hash
  // (set_head, append), and an UPDATE that waited for the row returns the version the previous
  // writer committed (PostgreSQL re-reads a row it waited for; a subquery on audit_log would use the
  // statement's older snapshot and miss that writer's entry).
  std::string hash;
  soci::indicator ind = soci::i_null;
  store::prepared(sql,
                  "UPDATE audit_head SET appended = appended + 1 WHERE id = 1 "
                  "RETURNING CAST(appended AS BIGINT), head_hash",
                  soci::into(appended), soci::into(hash, ind));
  if (ind == soci::i_ok && !hash.empty()) return hash;
  // No hash in the head yet (an empty log, or one written before the head kept it, migration 0017):
  // the last entry's, read now that the lock is held.
  hash.clear();
  ind = soci::i_null;
  bool found =
      store::prepared(sql, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", soci::into(hash, ind)).got_data;
  return ind == soci::i_ok && found ? hash : std::string();
}

void append(soci::session& sql, const Entry& e, const Head& h) {
  // Deferred (store/deferred.hpp): nothing of it is read back in the write; on PostgreSQL it goes with the
  // writer's RELEASE or the group's COMMIT. The head's counter is set, not incremented: the entries after
  // the write's first one take the head from the transaction's memo (Service::record) without lock_head.
  if (sql.get_backend_name() == "postgresql") {
    store::defer(sql,
                 "WITH entry AS (INSERT INTO audit_log (at, actor_id, actor_label, action, subject, detail, ip, "
                 "prev_hash, hash, key_id) VALUES (:at, :actor, :label, :action, :subject, :detail, :ip, :prev, "
                 ":hash, :kid) RETURNING id) "
                 "UPDATE audit_head SET appended = :n, head_hash = :h, key_id = :k, mac = :m WHERE id = 1",
                 e.at, e.actor_id, e.actor_label, e.action, e.subject, e.detail, e.ip, e.prev_hash, e.hash, e.key_id,
                 h.appended, h.hash, h.key_id, h.mac);
    return;
  }
  store::defer(
      sql,
      "INSERT INTO audit_log (at, actor_id, actor_label, action, subject, detail, ip, prev_hash, hash, key_id) "
      "VALUES (:at, :actor, :label, :action, :subject, :detail, :ip, :prev, :hash, :kid)",
      e.at, e.actor_id, e.actor_label, e.action, e.subject, e.detail, e.ip, e.prev_hash, e.hash, e.key_id);
  store::defer(sql, "UPDATE audit_head SET appended = :n, head_hash = :h, key_id = :k, mac = :m WHERE id = 1",
               h.appended, h.hash, h.key_id, h.mac);
}

long long Repository::insert(soci::session& sql, const Entry& e) {
  long long id = 0;
  store::prepared(
      sql,
      "INSERT INTO audit_log (at, actor_id, actor_label, action, subject, detail, ip, prev_hash, hash, key_id) "
      "VALUES (:at, :actor, :label, :action, :subject, :detail, :ip, :prev, :hash, :kid) RETURNING id",
      soci::use(e.at), soci::use(e.actor_id), soci::use(e.actor_label), soci::use(e.action), soci::use(e.subject),
      soci::use(e.detail), soci::use(e.ip), soci::use(e.prev_hash), soci::use(e.hash), soci::use(e.key_id),
      soci::into(id));
  return id;
}

void Repository::set_head(soci::session& sql, const Head& h) {
  store::prepared(sql, "UPDATE audit_head SET head_hash = :h, key_id = :k, mac = :m WHERE id = 1", soci::use(h.hash),
                  soci::use(h.key_id), soci::use(h.mac));
}

Head Repository::head(soci::session& sql) {
  Head h;
  sql << "SELECT CAST(appended AS BIGINT), head_hash, key_id, mac FROM audit_head WHERE id = 1", soci::into(h.appended),
      soci::into(h.hash), soci::into(h.key_id), soci::into(h.mac);
  return h;
}

std::string Repository::last_key_id(soci::session& sql) {
  std::string id;
  sql << "SELECT key_id FROM audit_log ORDER BY id DESC LIMIT 1", soci::into(id);
  return sql.got_data() ? id : std::string();
}

long long Repository::unkeyed(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE key_id = ''", soci::into(n);
  return n;
}

#define TRAME_AUDIT_INTO(e)                                                                        \
  soci::into((e).id), soci::into((e).at), soci::into((e).actor_id), soci::into((e).actor_label),   \
      soci::into((e).action), soci::into((e).subject), soci::into((e).detail), soci::into((e).ip), \
      soci::into((e).prev_hash), soci::into((e).hash), soci::into((e).key_id)

// The entries as TRAME_AUDIT_INTO reads them. A redacted entry's detail reads as audit::kRedactedPrefix
// then its seal (redaction.hpp): `verify` checks the seal, the journal says the entry was erased.
constexpr const char* kEntrySelect =
    "SELECT id, at, actor_id, actor_label, action, subject, CASE WHEN redacted_at > 0 THEN 'redacted:' || "
    "redaction ELSE detail END, ip, prev_hash, hash, key_id FROM audit_log ";

std::vector<Entry> Repository::page(soci::session& sql, long long offset, long long limit,
                                    const std::string& action_prefix) {
  Entry e;
  std::string like = action_prefix + "%";
  soci::statement st =
      (sql.prepare << std::string(kEntrySelect) + "WHERE action LIKE :p ORDER BY id DESC LIMIT :l OFFSET :o",
       TRAME_AUDIT_INTO(e), soci::use(like), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Entry> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

long long Repository::count(soci::session& sql, const std::string& action_prefix) {
  long long n = 0;
  std::string like = action_prefix + "%";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action LIKE :p", soci::use(like), soci::into(n);
  return n;
}

void Repository::for_each(soci::session& sql, const std::function<void(const Entry&)>& visit) {
  Entry e;
  soci::statement st = (sql.prepare << std::string(kEntrySelect) + "ORDER BY id", TRAME_AUDIT_INTO(e));
  st.execute();
  while (st.fetch()) visit(e);
}

long long Repository::appended(soci::session& sql) {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT CAST(appended AS BIGINT) FROM audit_head WHERE id = 1", soci::into(n, ind);
  return sql.got_data() && ind == soci::i_ok ? n : 0;
}

}  // namespace trame::audit
