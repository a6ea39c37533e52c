// SQL of the alumni module (membership; the threads are training_space's Repository with SpaceKind::alumni).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/alumni/model.hpp"
#include "trainings/training_space/model.hpp"

namespace trame::alumni {

class Repository {
 public:
  std::optional<ProgrammeInfo> programme(soci::session& sql, long long id);
  // A completed application of the user in a session of the programme.
  bool completed(soci::session& sql, long long programme_id, long long user_id);
  bool applied(soci::session& sql, long long programme_id, long long user_id);
  bool trains(soci::session& sql, long long programme_id, long long user_id);
  // The member's e-mail choice (1 on, 0 off), or nullopt when not a member.
  std::optional<int> member(soci::session& sql, long long programme_id, long long user_id);
  void join(soci::session& sql, long long programme_id, long long user_id, long long now);
  bool leave(soci::session& sql, long long programme_id, long long user_id);
  void set_mail(soci::session& sql, long long programme_id, long long user_id, int mail);
  bool staff_muted(soci::session& sql, long long programme_id, long long user_id);
  void set_staff_muted(soci::session& sql, long long programme_id, long long user_id, bool muted);
  long long count_members(soci::session& sql, long long programme_id);
  // Who gets the e-mails: members with e-mails on, and the organiser's managers (not platform-wide
  // roles) who did not turn them off; disabled accounts never.
  std::vector<training_space::Member> recipients(soci::session& sql, long long programme_id, long long organiser_id);
  std::string user_name(soci::session& sql, long long user_id);
  // Demo helpers.
  long long programme_of_session_titled(soci::session& sql, const std::string& title);
  long long user_by_email(soci::session& sql, const std::string& email);
  bool has_thread_titled(soci::session& sql, long long programme_id, const std::string& title);
};

}  // namespace trame::alumni
