#include "platform/site/repository.hpp"

namespace trame::site {

Figures Repository::figures(soci::session& sql, long long now) {
  Figures f;
  sql << "SELECT CAST((SELECT COUNT(*) FROM organisations WHERE status = 'active') AS BIGINT), "
         "CAST((SELECT COUNT(*) FROM users WHERE disabled = 0) AS BIGINT), "
         "CAST((SELECT COUNT(*) FROM invitations WHERE accepted_at = 0 AND expires_at > :n) AS BIGINT), "
         "CAST((SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending') AS BIGINT)",
      soci::use(now), soci::into(f.organisations), soci::into(f.users), soci::into(f.pending_invitations),
      soci::into(f.mail_pending);
  return f;
}

}  // namespace trame::site
