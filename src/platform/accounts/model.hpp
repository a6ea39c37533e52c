// Accounts: users, their memberships, server-side sessions, one-time links (password
// reset, invitation) and the second factor.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace trame::accounts {

// What the user administration shows of the organisations: those a role can be given in, and the
// délégation a coordinator's role is limited to. The network domain owns them and gives them at
// wiring (src/app/platform.cpp), since the platform never includes a domain above it.
struct OrganisationChoices {
  std::function<std::vector<std::pair<long long, std::string>>()> active;  // id, name
  // Per coordinator membership of the user: membership id, délégation id (0: the whole département).
  std::function<std::vector<std::pair<long long, long long>>(long long user_id)> coordinator_delegations;
  std::function<std::vector<std::pair<long long, std::string>>()> delegations;  // id, label
};

struct User {
  long long id = 0;
  std::string email;
  std::string name;
  std::string locale = "fr";
  std::string password_hash;
  std::string totp_secret;  // base32 seed sealed under secret_key (web::seal; legacy: in clear); set while enrolling
                            // and once enabled
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
