// One-time form submission ids (form_submissions, UNIQUE token). The web layer records the id of
// every form in its own transaction before the handler runs; a use case that must be exactly-once
// with its own writes (a booking) records it inside its transaction instead, so that one commit
// (one fsync on SQLite) holds both, and a refusal rolls both back.
#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::store {

// False when the id was already recorded (a second submit of the same form).
bool claim_submission(soci::session& sql, const std::string& token, long long at);
void release_submission(soci::session& sql, const std::string& token);

}  // namespace trame::store
