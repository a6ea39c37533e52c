// Roles and permissions. Deny by default: a route names one permission; a user holds it
// through the roles of their memberships. "Own organisation" scoping is checked by the
// handler with CurrentUser::can_in(permission, organisation_id).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::web {

namespace perm {
inline constexpr const char* public_access = "public";          // anyone, signed in or not
inline constexpr const char* authenticated = "authenticated";   // any signed-in user
inline constexpr const char* mfa_pending = "mfa.pending";       // password given, code awaited
inline constexpr const char* metrics = "metrics";               // loopback or bearer token
inline constexpr const char* users_manage = "users.manage";
inline constexpr const char* organisations_view = "organisations.view";
inline constexpr const char* organisations_manage = "organisations.manage";
inline constexpr const char* audit_read = "audit.read";
inline constexpr const char* security_manage = "security.manage";
inline constexpr const char* mailbox_read = "mailbox.read";
inline constexpr const char* territories_manage = "territories.manage";
inline constexpr const char* partnerships_manage = "partnerships.manage";
inline constexpr const char* outings_browse = "outings.browse";     // the catalogue of invitations
inline constexpr const char* outings_publish = "outings.publish";   // offers, slots, guest lists of own venue
inline constexpr const char* outings_book = "outings.book";         // beneficiaries and bookings of own relais
inline constexpr const char* outings_manage = "outings.manage";     // the network: allocations, rules, draws, any venue
inline constexpr const char* trainings_manage = "trainings.manage"; // programmes, sessions, admission, registers of own organiser
inline constexpr const char* trainings_teach = "trainings.teach";   // attendance, follow-up, toolbox of sessions one teaches
inline constexpr const char* questionnaires_manage = "questionnaires.manage";  // questionnaires, sendings, results, studies of own organisation
}  // namespace perm

const std::vector<std::string>& all_roles();
const std::vector<std::string>& all_permissions();
bool is_known_role(const std::string& role);
bool is_known_permission(const std::string& permission);
// Whether a role grants a permission within its organisation.
bool role_grants(const std::string& role, const std::string& permission);
// Whether a role grants a permission over every organisation (platform-wide).
bool role_is_global(const std::string& role);

struct Membership {
  long long organisation_id = 0;
  std::string organisation_name;
  std::string role;
};

struct CurrentUser {
  long long id = 0;
  std::string email;
  std::string name;
  std::string locale;
  std::vector<Membership> memberships;
  long long session_id = 0;
  std::string csrf_token;
  bool mfa_pending = false;      // signed in with a password, second factor awaited
  bool must_enrol_mfa = false;   // a role requires a second factor the user has not set up

  bool has_role(const std::string& role) const;
  bool can(const std::string& permission) const;
  bool can_in(const std::string& permission, long long organisation_id) const;
  bool is_admin() const { return has_role("administrator"); }
};

}  // namespace trame::web
