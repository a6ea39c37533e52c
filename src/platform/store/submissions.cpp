#include "platform/store/submissions.hpp"

#include "platform/store/prepared.hpp"

namespace trame::store {

bool claim_submission(soci::session& sql, const std::string& token, long long at) {
  return prepared(sql, "INSERT INTO form_submissions (token, at) VALUES (:t, :a) ON CONFLICT DO NOTHING",
                  soci::use(token), soci::use(at))
             .affected == 1;
}

void release_submission(soci::session& sql, const std::string& token) {
  sql << "DELETE FROM form_submissions WHERE token = :t", soci::use(token);
}

}  // namespace trame::store
