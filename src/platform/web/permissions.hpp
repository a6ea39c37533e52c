// The web layer's view of the person making a request: the Principal (core/permissions.hpp) and
// their session. Permissions and roles are core's; the names below keep routes short (web::perm::…).
#pragma once
#include <string>

#include "platform/core/permissions.hpp"

namespace trame::web {

namespace perm = trame::perm;
using trame::all_permissions;
using trame::all_roles;
using trame::is_known_permission;
using trame::is_known_role;
using trame::Membership;
using trame::role_grants;
using trame::role_is_global;

struct CurrentUser : Principal {
  std::string locale;
  long long session_id = 0;
  std::string csrf_token;
  bool mfa_pending = false;     // signed in with a password, second factor awaited
  bool must_enrol_mfa = false;  // a role requires a second factor the user has not set up
};

}  // namespace trame::web
