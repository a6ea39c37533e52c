// Accounts' rules: passwords (argon2id, at least 12 characters, not a common password),
// login with rate limits, server-side sessions with idle and absolute timeouts, one-time
// links for reset (1 h) and invitation (7 days), TOTP second factor, roles.
#pragma once
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/accounts/model.hpp"
#include "platform/accounts/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "platform/web/permissions.hpp"

namespace trame::web {
class App;
}

namespace trame::accounts {

struct Settings {
  long long session_idle_seconds = 30 * 60;
  long long session_absolute_seconds = 12 * 3600;
  long long reset_valid_seconds = 3600;
  long long invitation_valid_seconds = 7 * 24 * 3600;
  std::string public_url = "http://127.0.0.1:8080";
  // Rate limits: failures (login, second factor) or requests (reset) within the window.
  long long login_window_seconds = 15 * 60;
  long long login_max_per_account = 5;
  long long login_max_per_ip = 30;
  long long reset_window_seconds = 3600;
  long long reset_max_per_account = 3;
  long long reset_max_per_ip = 10;
  // secret_key and its predecessors: TOTP seeds are sealed under a key derived from them.
  web::SecretKeys keys;
};

struct LoginResult {
  enum class Status { ok, mfa_required, invalid, rate_limited } status = Status::invalid;
  std::string token;  // the new session's cookie value
};

struct TotpEnrolment {
  std::string secret;  // base32
  std::string uri;     // otpauth://
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          Settings settings);

  // Passwords
  std::optional<std::string> password_problem(const std::string& password, const std::string& email) const;
  // "Too close to the e-mail address": the password without the address's parts is under 6 characters.
  static bool too_close_to_email(const std::string& password, const std::string& email);
  void load_common_passwords(const std::string& file);

  // Login and sessions
  LoginResult login(const std::string& email, const std::string& password, const std::string& ip,
                    const std::string& user_agent);
  Outcome verify_second_factor(long long session_id, long long user_id, const std::string& code, const std::string& ip);
  std::optional<web::CurrentUser> resolve(const std::string& token);
  void logout(long long session_id, const Actor& actor);
  std::vector<Session> sessions_of(long long user_id);
  Outcome revoke_session(const Actor& actor, long long user_id, long long session_id);
  int revoke_other_sessions(const Actor& actor, long long user_id, long long current_session_id);

  // Account
  Outcome change_password(const Actor& actor, long long user_id, long long session_id, const std::string& current,
                          const std::string& fresh, const std::string& confirm);
  Outcome update_profile(const Actor& actor, long long user_id, const std::string& name, const std::string& locale);
  std::optional<User> find_user(long long id);
  DirectoryProfile directory_profile(long long user_id);
  Outcome update_directory_profile(const Actor& actor, long long user_id, const std::string& job_title, bool visible);
  std::vector<DirectoryProfile> visible_profiles(const std::string& query, long long page, long long per_page,
                                                 long long& total);
  std::vector<MembershipRow> memberships(long long user_id);

  // Password reset: false (nothing sent) when the address's or the IP's budget is spent.
  bool request_reset(const std::string& email, const std::string& ip, const std::string& locale);
  bool reset_token_valid(const std::string& token);
  Outcome reset_password(const std::string& token, const std::string& fresh, const std::string& confirm,
                         const std::string& ip);

  // Invitations and users
  Outcome invite(const Actor& actor, const std::string& email, const std::string& name, long long organisation_id,
                 const std::string& role, const std::string& locale);
  std::optional<Invitation> find_invitation(const std::string& token);
  Outcome accept_invitation(const std::string& token, const std::string& name, const std::string& password,
                            const std::string& confirm, const std::string& ip);
  std::vector<Invitation> pending_invitations();
  Outcome add_user(const Actor& actor, const std::string& email, const std::string& name, const std::string& role,
                   long long organisation_id, const std::string& password);
  // add_user in steps, for a first install done in one transaction with its organisation (setup module):
  // the checks that need no database (password: none to check when it is chosen later through a link),
  // then the insert inside the caller's write (the password hashed before, outside the transaction; to
  // choose it later, the hash of a random one nobody knows). first_password_link returns a one-time link
  // to choose the password (the reset page), valid as long as an invitation.
  Outcome check_new_user(const std::string& email, const std::string& name, const std::string& role,
                         const std::optional<std::string>& password) const;
  Outcome add_user(soci::session& sql, const Actor& actor, const std::string& email, const std::string& name,
                   const std::string& role, long long organisation_id, const std::string& password_hash);
  std::string first_password_link(soci::session& sql, long long user_id);
  std::vector<UserSummary> users(const std::string& query, long long page, long long per_page, long long& total);
  Outcome set_disabled(const Actor& actor, long long user_id, bool disabled);
  Outcome add_role(const Actor& actor, long long user_id, long long organisation_id, const std::string& role);
  Outcome remove_role(const Actor& actor, long long user_id, long long membership_id);

  // Second factor
  TotpEnrolment begin_totp(long long user_id);
  Outcome confirm_totp(const Actor& actor, long long user_id, const std::string& code);
  Outcome disable_totp(const Actor& actor, long long user_id, const std::string& password);
  std::set<std::string> mfa_required_roles();
  Outcome set_mfa_required_roles(const Actor& actor, const std::set<std::string>& roles);

  // One-time form submission ids
  bool claim_submission(const std::string& id);
  void release_submission(const std::string& id);

  // TOTP check exposed for tests: returns the matched time step, or -1.
  static long long totp_match(const std::string& base32_secret, const std::string& code, long long now);
  static std::string totp_code(const std::string& base32_secret, long long now);
  // Seals the seeds stored in clear or under a previous secret_key with the current one (startup,
  // `trame keys rotate`). Returns how many were rewritten.
  long long reseal_totp_seeds();

 private:
  // Every write of this service goes through here: it forgets the sessions resolved recently, so that a
  // logout, a revocation, a disabled account or a role change is seen by the very next request.
  template <class F>
  auto write(F&& f) {
    struct Forget {
      Service& service;
      ~Forget() { service.forget_resolved(); }
    } forget{*this};
    return db_.write(std::forward<F>(f));
  }
  void forget_resolved();
  std::string seal_totp(long long user_id, const std::string& base32) const;
  // The base32 seed of a user ('' if none or unreadable).
  std::string totp_seed(const User& user) const;

  // Sessions resolved in the last second, by token hash: a page with several requests, or a busy
  // referent, costs one lookup per second instead of two queries per request. Other instances (and
  // the CLI) see a change at most one second late.
  static constexpr std::chrono::milliseconds kResolvedFor{1000};
  static constexpr std::size_t kResolvedMax = 20000;
  struct Resolved {
    web::CurrentUser user;
    long long expires_at = 0;
    long long last_seen_at = 0;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex resolved_mutex_;
  std::unordered_map<std::string, Resolved> resolved_;
  unsigned long long resolved_generation_ = 0;

  std::string mfa_roles_setting(soci::session& sql, long long now);
  std::string mail_text(const std::string& locale, const std::string& key, const web::Params& params) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  Settings settings_;
  Repository repo_;
  std::unordered_set<std::string> common_passwords_;
  std::mutex mfa_roles_mutex_;
  std::string mfa_roles_;
  long long mfa_roles_at_ = -1;
};

void register_routes(web::App& app, Service& service, OrganisationChoices organisations);

}  // namespace trame::accounts
