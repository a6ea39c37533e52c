// SQL of the candidates: registrations, their decisions, and the certifications a person's
// trainings prepare.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/candidates/model.hpp"

namespace trame::candidates {

class Repository {
 public:
  // A certification's status, owner and the version in force (id, number, title).
  struct Target {
    long long id = 0;
    long long owner_id = 0;
    std::string status;
    long long version_id = 0;
    std::string title;
  };
  std::optional<Target> target(soci::session& sql, long long certification_id) const;
  // Holds the certification's row until the transaction ends (a no-op update: a row lock on
  // PostgreSQL; SQLite has one writer anyway), so that registrations arriving together number their
  // codes one after the other, and an edit making the next version waits for them.
  void hold(soci::session& sql, long long certification_id) const;
  // Marks a version as registered on: its next edit makes a new version.
  void lock_version(soci::session& sql, long long version_id, long long now) const;
  std::optional<Registration> registration(soci::session& sql, long long id) const;
  std::vector<Registration> of_certification(soci::session& sql, long long certification_id, const std::string& status,
                                             long long limit, long long offset, long long& total) const;
  std::vector<Registration> of_user(soci::session& sql, long long user_id) const;
  std::vector<StatusCount> counts(soci::session& sql, long long certification_id) const;
  bool active_exists(soci::session& sql, long long certification_id, long long user_id) const;
  // The next code of a certification's candidates: C<certification>-<n>, n from 1.
  std::string next_code(soci::session& sql, long long certification_id) const;
  long long insert(soci::session& sql, const Registration& r, long long now) const;
  // Changes the status only from `from`; false when it was no longer so.
  bool set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                  const std::string& reason, long long by, long long now) const;
  // The sessions of a person's trainings (admitted, confirmed or completed) whose programme prepares
  // a published certification the person has no registration in progress for.
  std::vector<Offer> offers(soci::session& sql, long long user_id) const;
  // Whether a person follows (or followed) a training session whose programme prepares a certification.
  bool follows_preparing_session(soci::session& sql, long long user_id, long long training_session_id,
                                 long long certification_id) const;
};

}  // namespace trame::candidates
