#include "platform/core/permissions.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace trame {

namespace {
const std::map<std::string, std::set<std::string>>& grants() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"coordinator",
       {perm::organisations_view, perm::organisations_manage, perm::territories_manage, perm::partnerships_manage,
        perm::outings_browse, perm::outings_publish, perm::outings_manage, perm::trainings_manage,
        perm::questionnaires_manage, perm::network_life_manage, perm::plans_manage, perm::allo_program,
        perm::allo_register, perm::game_edit, perm::game_play}},
      {"training_staff",
       {perm::organisations_view, perm::trainings_manage, perm::questionnaires_manage, perm::certifications_manage,
        perm::plans_manage}},
      {"trainer", {perm::trainings_teach, perm::game_play}},
      {"jury_member", {}},
      {"referent",
       {perm::organisations_view, perm::outings_browse, perm::outings_book, perm::allo_register, perm::game_play}},
      {"partner_staff", {perm::organisations_view, perm::outings_browse, perm::outings_publish}},
      {"trainee", {}},
      {"volunteer", {perm::game_play}},
      {"communication", {perm::site_edit}},
      {"dpo", {perm::privacy_manage, perm::audit_read}},
      {"artist", {perm::allo_perform}},
  };
  return table;
}

// What an administrator holds: every permission but the pseudo-permissions (public, authenticated, the
// second-factor step, metrics' token) and an artist's own shows (allo.perform belongs to the artist).
const std::set<std::string>& administrator_grants() {
  static const std::set<std::string> grants = [] {
    const std::set<std::string> left_out{perm::public_access, perm::authenticated, perm::mfa_pending, perm::metrics,
                                         perm::allo_perform};
    std::set<std::string> out;
    for (const auto& p : all_permissions())
      if (!left_out.count(p)) out.insert(p);
    return out;
  }();
  return grants;
}
}  // namespace

const std::vector<std::string>& all_roles() {
  static const std::vector<std::string> roles = {
      "administrator", "coordinator", "training_staff", "trainer",       "jury_member", "referent",
      "partner_staff", "trainee",     "volunteer",      "communication", "dpo",         "artist"};
  return roles;
}

const std::vector<std::string>& all_permissions() {
  static const std::vector<std::string> perms = {perm::public_access,
                                                 perm::authenticated,
                                                 perm::mfa_pending,
                                                 perm::metrics,
                                                 perm::users_manage,
                                                 perm::organisations_view,
                                                 perm::organisations_manage,
                                                 perm::audit_read,
                                                 perm::security_manage,
                                                 perm::mailbox_read,
                                                 perm::territories_manage,
                                                 perm::partnerships_manage,
                                                 perm::outings_browse,
                                                 perm::outings_publish,
                                                 perm::outings_book,
                                                 perm::outings_manage,
                                                 perm::trainings_manage,
                                                 perm::trainings_teach,
                                                 perm::questionnaires_manage,
                                                 perm::certifications_manage,
                                                 perm::network_life_manage,
                                                 perm::site_edit,
                                                 perm::plans_manage,
                                                 perm::privacy_manage,
                                                 perm::allo_program,
                                                 perm::allo_perform,
                                                 perm::allo_register,
                                                 perm::game_edit,
                                                 perm::game_play};
  return perms;
}

bool is_known_role(const std::string& role) {
  const auto& roles = all_roles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool is_known_permission(const std::string& permission) {
  const auto& perms = all_permissions();
  return std::find(perms.begin(), perms.end(), permission) != perms.end();
}

bool role_grants(const std::string& role, const std::string& permission) {
  if (role == "administrator") return administrator_grants().count(permission) > 0;
  auto it = grants().find(role);
  return it != grants().end() && it->second.count(permission) > 0;
}

bool role_is_global(const std::string& role) {
  return role == "administrator";
}

bool Principal::has_role(const std::string& role) const {
  return std::any_of(memberships.begin(), memberships.end(), [&](const Membership& m) { return m.role == role; });
}

bool Principal::can(const std::string& permission) const {
  return std::any_of(memberships.begin(), memberships.end(),
                     [&](const Membership& m) { return role_grants(m.role, permission); });
}

bool Principal::can_in(const std::string& permission, long long organisation_id) const {
  return std::any_of(memberships.begin(), memberships.end(), [&](const Membership& m) {
    return role_grants(m.role, permission) && (role_is_global(m.role) || m.organisation_id == organisation_id);
  });
}

ActingFor Principal::acting_for(const std::string& permission) const {
  ActingFor a;
  for (const auto& m : memberships) {
    if (role_is_global(m.role) && role_grants(m.role, permission)) return ActingFor::everywhere();
    if (role_grants(m.role, permission) && !a.covers(m.organisation_id)) a.organisations.push_back(m.organisation_id);
  }
  return a;
}

}  // namespace trame
