// Accounts: users, their memberships, server-side sessions, one-time links (password
// reset, invitation) and the second factor.
#pragma once
#include <string>
#include <vector>

namespace trame::accounts {

struct User {
  long long id = 0;
  std::string email;
  std::string name;
  std::string locale = "fr";
  std::string password_hash;
  std::string totp_secret;  // base32 seed sealed under secret_key (web::seal; legacy: in clear); set while enrolling and once enabled
  int totp_enabled = 0;
  long long totp_last_step = 0;  // last accepted time step: a code is never accepted twice
  int disabled = 0;
  long long created_at = 0;
};

struct MembershipRow {
  long long id = 0;
  long long organisation_id = 0;
  std::string organisation_name;
  std::string role;
};

struct Session {
  long long id = 0;
  long long user_id = 0;
  std::string csrf_token;
  long long created_at = 0;
  long long last_seen_at = 0;
  long long expires_at = 0;
  int mfa_pending = 0;
  std::string ip;
  std::string user_agent;
};

struct Invitation {
  long long id = 0;
  std::string email;
  std::string name;
  long long organisation_id = 0;
  std::string organisation_name;
  std::string role;
  long long invited_by = 0;
  long long created_at = 0;
  long long expires_at = 0;
  long long accepted_at = 0;
};

// What a person chose to show of themselves in the directory.
struct DirectoryProfile {
  long long user_id = 0;
  std::string name;
  std::string job_title;
  int visible = 0;
  std::string organisations;  // "role\x1forganisation\n…" for lists
};

struct UserSummary {
  long long id = 0;
  std::string email;
  std::string name;
  int disabled = 0;
  int totp_enabled = 0;
  std::string roles;  // "role@organisation, ..." for lists
};

}  // namespace trame::accounts
