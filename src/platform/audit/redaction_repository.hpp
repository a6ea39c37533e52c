// The audit log's redaction SQL (platform/audit/redaction.hpp): the entries past a date still whole, and
// the one UPDATE the append-only trigger lets through (migration 0082).
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/audit/model.hpp"

namespace trame::audit {

class RedactionRepository {
 public:
  // Entries written before `cutoff`, not yet redacted, after id `after`, at most `limit`, by id; the
  // chain's structural entries (`excluded` actions: the seal of the unkeyed entries, key rotations) never.
  std::vector<Entry> whole_before(soci::session& sql, long long cutoff, long long after, long long limit,
                                  const std::string& excluded1, const std::string& excluded2);
  long long count_whole_before(soci::session& sql, long long cutoff, const std::string& excluded1,
                               const std::string& excluded2);
  // Clears the personal fields of entry `id`, keeps `subject`, stores the seal.
  void redact(soci::session& sql, long long id, const std::string& subject, const std::string& seal, long long now);
};

}  // namespace trame::audit
