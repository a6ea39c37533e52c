#pragma once
#include <optional>
#include <set>
#include <vector>

#include <soci/soci.h>

#include "platform/accounts/model.hpp"

namespace trame::accounts {

class Repository {
 public:
  // Whether the organisation exists (and, with active_only, is active).
  bool organisation_exists(soci::session& sql, long long id, bool active_only);

  // Users
  std::optional<User> find_user(soci::session& sql, long long id);
  std::optional<User> find_user_by_email(soci::session& sql, const std::string& email);
  long long insert_user(soci::session& sql, const User& u);
  void update_password(soci::session& sql, long long user_id, const std::string& hash, long long at);
  void update_profile(soci::session& sql, long long user_id, const std::string& name, const std::string& locale);
  DirectoryProfile directory_profile(soci::session& sql, long long user_id);
  void update_directory_profile(soci::session& sql, long long user_id, const std::string& job_title, int visible);
  std::vector<DirectoryProfile> visible_profiles(soci::session& sql, const std::string& query, long long offset,
                                                 long long limit);
  long long visible_profile_count(soci::session& sql, const std::string& query);
  void update_totp(soci::session& sql, long long user_id, const std::string& secret, int enabled, long long last_step);
  // Records a used TOTP time step if it is later than the last one; false if another request got there first.
  bool advance_totp_step(soci::session& sql, long long user_id, long long step);
  // Every stored TOTP seed (sealed or, before the migration to sealed seeds, in clear), by user id.
  std::vector<std::pair<long long, std::string>> totp_seeds(soci::session& sql);
  // Replaces a stored seed if it is still `expected` (an enrolment may have changed it meanwhile).
  bool replace_totp_secret(soci::session& sql, long long user_id, const std::string& expected,
                           const std::string& replacement);
  void set_disabled(soci::session& sql, long long user_id, int disabled);
  std::vector<UserSummary> user_page(soci::session& sql, const std::string& query, long long offset, long long limit);
  long long user_count(soci::session& sql, const std::string& query);

  // Memberships
  std::vector<MembershipRow> memberships(soci::session& sql, long long user_id);
  bool add_membership(soci::session& sql, long long user_id, long long organisation_id, const std::string& role);
  int remove_membership(soci::session& sql, long long membership_id, long long user_id);

  // Sessions
  long long insert_session(soci::session& sql, const std::string& token_hash, const Session& s);
  // A live (not revoked) session and its user, in one query: what every request needs.
  bool find_session_with_user(soci::session& sql, const std::string& token_hash, Session& s, User& u);
  void touch_session(soci::session& sql, long long id, long long at);
  void clear_mfa_pending(soci::session& sql, long long id);
  void revoke_session(soci::session& sql, long long id, long long at);
  int revoke_user_sessions(soci::session& sql, long long user_id, long long except_id, long long at);
  std::vector<Session> active_sessions(soci::session& sql, long long user_id, long long now, long long idle_seconds);

  // One-time links
  void insert_reset(soci::session& sql, long long user_id, const std::string& token_hash, long long at,
                    long long expires);
  std::optional<std::pair<long long, long long>> find_reset(soci::session& sql, const std::string& token_hash,
                                                            long long now);  // (reset id, user id)
  bool use_reset(soci::session& sql, long long reset_id, long long at);
  long long insert_invitation(soci::session& sql, const Invitation& inv, const std::string& token_hash);
  std::optional<Invitation> find_invitation(soci::session& sql, const std::string& token_hash, long long now);
  bool accept_invitation(soci::session& sql, long long id, long long at);
  std::vector<Invitation> pending_invitations(soci::session& sql, long long now, long long limit);
};

}  // namespace trame::accounts
