// SQL of the certificates: the session's state and candidates, the jury's block decisions, the
// certificates themselves, the holders' export and the public figures.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/certificates/model.hpp"

namespace trame::certificates {

class Repository {
 public:
  std::optional<SessionState> session(soci::session& sql, long long id) const;
  std::vector<Candidate> candidates(soci::session& sql, long long session_id) const;
  std::vector<BlockRef> blocks(soci::session& sql, long long version_id) const;
  // Blocks validated for the entry by the jury of its session.
  std::vector<long long> validated_in(soci::session& sql, long long entry_id) const;
  // Blocks validated for the registration in the sessions with locked minutes held on or before `day`.
  std::vector<long long> acquired(soci::session& sql, long long registration_id, const std::string& day) const;
  bool exists(soci::session& sql, long long registration_id, long long session_id) const;
  // A certificate without its PDF yet (the PDF shows its code, which needs its id).
  long long insert(soci::session& sql, const Certificate& c, long long now) const;
  void set_pdf(soci::session& sql, long long id, const std::string& bytes, const std::string& sha256) const;

  std::optional<Certificate> certificate(soci::session& sql, long long id) const;
  std::vector<Certificate> of_session(soci::session& sql, long long session_id) const;
  std::string pdf(soci::session& sql, long long id) const;
  void revoke(soci::session& sql, long long id, long long now, const std::string& reason) const;

  // The certification's certificates not revoked with an id up to `max_id`, after `after_id`, in id order.
  std::vector<Certificate> exportable(soci::session& sql, long long certification_id, long long max_id,
                                      long long after_id, long long limit) const;
  long long max_id(soci::session& sql, long long certification_id) const;
  // Marks the exported ones (not yet marked, id up to max_id); returns how many.
  long long mark_exported(soci::session& sql, long long certification_id, long long max_id, long long now) const;
  std::vector<ExportReminder> not_exported(soci::session& sql, long long issued_before) const;

  std::vector<YearFigures> figures(soci::session& sql, long long certification_id) const;
};

}  // namespace trame::certificates
