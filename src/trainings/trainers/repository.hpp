// SQL of trainer profiles (tables training_trainer_profiles and training_trainer_skills).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/trainers/model.hpp"

#include "platform/core/permissions.hpp"

namespace trame::trainers {

class Repository {
 public:
  // A user's profile (exists false when they saved none, with their skills summary); nullopt: no such user.
  std::optional<Profile> find(soci::session& sql, long long user_id) const;
  // The user's skills entries, latest day first.
  std::vector<SkillEntry> skills(soci::session& sql, long long user_id) const;
  // The organisations where a user teaches (organisers of the programmes of their sessions), and those
  // where they are a trainer member.
  std::vector<long long> teaching_organisations(soci::session& sql, long long user_id) const;
  // The trainers of a programme's sessions (not cancelled) who consented to be shown publicly, by name.
  std::vector<PublicProfile> public_profiles(soci::session& sql, long long programme_id) const;
  // The CV's bytes as stored (base64), "" when none.
  std::string cv_data(soci::session& sql, long long user_id) const;

  // The trainers a manager lists: everyone who trains or has a profile (scope.all), else the trainers of
  // the sessions and the trainer members of scope.organisations.
  long long count(soci::session& sql, const ActingFor& scope) const;
  // Of those, the ones with a skills entry on or after `since` (ISO day).
  long long count_with_entries_since(soci::session& sql, const ActingFor& scope, const std::string& since) const;
  // Their profiles, by name.
  std::vector<Profile> list(soci::session& sql, const ActingFor& scope, int limit, int offset) const;

  // Makes the user's profile row when they have none (left as it is otherwise).
  void ensure(soci::session& sql, long long user_id, long long now) const;
  // Expertise, years of practice and consent (with its time).
  void update(soci::session& sql, const Profile& p, long long now) const;
  // Replaces the CV: `data` its bytes in base64, `size` their count, `sha256` their hash.
  void set_cv(soci::session& sql, long long user_id, const std::string& name, const std::string& data, long long size,
              const std::string& sha256, long long now) const;
  // Removes the CV: true when there was one.
  bool remove_cv(soci::session& sql, long long user_id, long long now) const;
  long long insert_skill(soci::session& sql, const SkillEntry& e, long long now) const;
  // Removes the user's own entry: true when it was theirs and is gone.
  bool remove_skill(soci::session& sql, long long entry_id, long long user_id) const;
};

}  // namespace trame::trainers
