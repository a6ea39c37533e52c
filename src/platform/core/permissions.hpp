// Roles and permissions, and the person who acts with them (Principal). Deny by default: a route
// names one permission; a person holds it through the roles of their memberships. Which objects
// they may act on is decided by the services, which receive the Principal (or the ActingFor it
// gives for a permission): a job, the command line or a new route cannot forget the check.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/outcome.hpp"

namespace trame {

namespace perm {
inline constexpr const char* public_access = "public";         // anyone, signed in or not
inline constexpr const char* authenticated = "authenticated";  // any signed-in user
inline constexpr const char* mfa_pending = "mfa.pending";      // password given, code awaited
inline constexpr const char* metrics = "metrics";              // loopback or bearer token
inline constexpr const char* users_manage = "users.manage";
inline constexpr const char* organisations_view = "organisations.view";
inline constexpr const char* organisations_manage = "organisations.manage";
inline constexpr const char* audit_read = "audit.read";
inline constexpr const char* security_manage = "security.manage";
inline constexpr const char* mailbox_read = "mailbox.read";
inline constexpr const char* territories_manage = "territories.manage";
inline constexpr const char* partnerships_manage = "partnerships.manage";
inline constexpr const char* outings_browse = "outings.browse";    // the catalogue of invitations
inline constexpr const char* outings_publish = "outings.publish";  // offers, slots, guest lists of own venue
inline constexpr const char* outings_book = "outings.book";        // beneficiaries and bookings of own relais
inline constexpr const char* outings_manage = "outings.manage";    // the network: allocations, rules, draws, any venue
inline constexpr const char* trainings_manage =
    "trainings.manage";  // programmes, sessions, admission, registers of own organiser
inline constexpr const char* trainings_teach =
    "trainings.teach";  // attendance, follow-up, toolbox of sessions one teaches
inline constexpr const char* questionnaires_manage =
    "questionnaires.manage";  // questionnaires, sendings, results, studies of own organisation
inline constexpr const char* certifications_manage =
    "certifications.manage";  // certifications (referential, candidates, sessions, juries) of own certifier
inline constexpr const char* network_life_manage =
    "network_life.manage";  // events, action programmes, members, volunteers, newsletters of own organisation
inline constexpr const char* site_edit = "site.edit";        // the public site: pages, quotes, home page, legal pages
inline constexpr const char* plans_manage = "plans.manage";  // plans, indicators and reports of own organisation
inline constexpr const char* privacy_manage =
    "privacy.manage";  // retention, people's requests, the processing register, the log of sensitive reads
// Mediation tools (issue 24): « Allô l'Artiste ! » phone shows and the « Par Ici la Sortie » game.
inline constexpr const char* allo_program = "allo.program";    // the programme: slots, bridges, shows, statistics
inline constexpr const char* allo_perform = "allo.perform";    // an artist's shows, availabilities, slot reports
inline constexpr const char* allo_register = "allo.register";  // a referent's listeners registered for a slot
inline constexpr const char* game_edit = "game.edit";          // the game's decks (cards, versions, printable deck)
inline constexpr const char* game_play = "game.play";          // running a game as its mediator
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

// The organisations a person may act for with one permission: every organisation (a platform-wide
// role) or a list. The one type services take to scope what they list and what they change (it
// replaces the per-module Manager, Editor and Scope types). The délégation-aware scope of the
// directory (organisations::Scope) is a different thing: it limits coordinators by territory.
struct ActingFor {
  bool all = false;
  std::vector<long long> organisations;

  static ActingFor everywhere() { return ActingFor{true, {}}; }
  static ActingFor only(std::vector<long long> ids) { return ActingFor{false, std::move(ids)}; }
  bool covers(long long organisation_id) const {
    return all || std::find(organisations.begin(), organisations.end(), organisation_id) != organisations.end();
  }
  bool none() const { return !all && organisations.empty(); }
};

// Who acts: the signed-in person and their roles in organisations. Services take this (never the
// web layer's CurrentUser, which adds the session).
struct Principal {
  long long id = 0;
  std::string email;
  std::string name;
  std::vector<Membership> memberships;

  bool has_role(const std::string& role) const;
  bool can(const std::string& permission) const;
  bool can_in(const std::string& permission, long long organisation_id) const;
  bool is_admin() const { return has_role("administrator"); }
  // The organisations where this person holds the permission (all of them for a platform-wide role).
  ActingFor acting_for(const std::string& permission) const;
  // The audit log's view of this person (ip: where the request came from).
  Actor actor(std::string ip = {}) const { return Actor{id, email, std::move(ip)}; }
};

}  // namespace trame
