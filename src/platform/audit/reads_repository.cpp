#include "platform/audit/reads_repository.hpp"

namespace trame::audit {

bool ReadsRepository::read_since(soci::session& sql, long long actor_id, const std::string& action,
                                 const std::string& subject, const std::string& detail, long long since) {
  long long found = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(id) FROM audit_log WHERE subject = :s AND action = :a AND actor_id = :u AND detail = :d AND at >= "
         ":t",
      soci::into(found, ind), soci::use(subject), soci::use(action), soci::use(actor_id), soci::use(detail),
      soci::use(since);
  return ind == soci::i_ok && found > 0;
}

}  // namespace trame::audit
