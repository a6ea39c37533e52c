#include "platform/audit/redaction_repository.hpp"

namespace trame::audit {

namespace {
constexpr const char* kWhole =
    " FROM audit_log WHERE redacted_at = 0 AND at < :cutoff AND action <> :x1 AND action <> :x2";
}

std::vector<Entry> RedactionRepository::whole_before(soci::session& sql, long long cutoff, long long after,
                                                     long long limit, const std::string& excluded1,
                                                     const std::string& excluded2) {
  Entry e;
  soci::statement st = (sql.prepare << std::string("SELECT id, at, actor_id, actor_label, action, subject, detail, ip, "
                                                   "prev_hash, hash, key_id") +
                                           kWhole + " AND id > :after ORDER BY id LIMIT :limit",
                        soci::into(e.id), soci::into(e.at), soci::into(e.actor_id), soci::into(e.actor_label),
                        soci::into(e.action), soci::into(e.subject), soci::into(e.detail), soci::into(e.ip),
                        soci::into(e.prev_hash), soci::into(e.hash), soci::into(e.key_id), soci::use(cutoff),
                        soci::use(excluded1), soci::use(excluded2), soci::use(after), soci::use(limit));
  st.execute();
  std::vector<Entry> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

long long RedactionRepository::count_whole_before(soci::session& sql, long long cutoff, const std::string& excluded1,
                                                  const std::string& excluded2) {
  long long n = 0;
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT)") + kWhole, soci::use(cutoff), soci::use(excluded1),
      soci::use(excluded2), soci::into(n);
  return n;
}

void RedactionRepository::redact(soci::session& sql, long long id, const std::string& subject, const std::string& seal,
                                 long long now) {
  sql << "UPDATE audit_log SET actor_id = 0, actor_label = '', detail = '', ip = '', subject = :s, redaction = :r, "
         "redacted_at = :n WHERE id = :id AND redacted_at = 0",
      soci::use(subject), soci::use(seal), soci::use(now), soci::use(id);
}

}  // namespace trame::audit
