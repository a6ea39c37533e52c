// SQL of cooperation projects: the project, its communes, members, partners and phases.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/projects/model.hpp"

namespace trame::projects {

class Repository {
 public:
  std::optional<Project> find(soci::session& sql, long long id) const;
  // The projects a person sees, newest first: the ones they are a member of, and (signed in) the
  // network and public ones; every one for all_projects (an administrator). Paginated.
  std::vector<Project> visible(soci::session& sql, long long user_id, bool all_projects, int limit, int offset) const;
  long long count_visible(soci::session& sql, long long user_id, bool all_projects) const;
  // The public projects (for anonymous visitors), newest first.
  std::vector<Project> public_projects(soci::session& sql, int limit, int offset) const;
  long long count_public(soci::session& sql) const;
  std::optional<Project> by_training_session(soci::session& sql, long long session_id) const;
  // A project by its exact title (the demo loaders find the seed's project this way).
  long long by_title(soci::session& sql, const std::string& title) const;

  long long insert(soci::session& sql, const Project& p, long long now) const;
  void update(soci::session& sql, const Project& p, long long now) const;
  void set_phase(soci::session& sql, long long id, const std::string& phase, long long now) const;

  std::vector<Commune> communes(soci::session& sql, long long project_id) const;
  void set_communes(soci::session& sql, long long project_id, const std::vector<std::string>& codes) const;
  // The communes of an EPCI, of a délégation (through its EPCI), or the codes that exist among `codes`.
  std::vector<std::string> epci_communes(soci::session& sql, const std::string& siren) const;
  std::vector<std::string> delegation_communes(soci::session& sql, long long delegation_id) const;
  std::vector<std::string> existing_communes(soci::session& sql, const std::vector<std::string>& codes) const;
  // The names of communes, by name.
  std::vector<std::string> commune_names(soci::session& sql, const std::vector<std::string>& codes) const;
  bool training_session_exists(soci::session& sql, long long session_id) const;
  // The code of the commune a person typed: its INSEE code, "Name (code)" as the form's list offers,
  // or its exact name (accents and case aside); '' when none; `ambiguous` when a name names several.
  std::string commune_code_of(soci::session& sql, const std::string& typed, bool& ambiguous) const;
  // Choices of the project's form: the communes and EPCI of the départements that have délégations
  // (every one when none has), the délégations, the directory's active organisations.
  std::vector<Choice> commune_choices(soci::session& sql) const;
  std::vector<Choice> epci_choices(soci::session& sql) const;
  std::vector<Choice> delegation_choices(soci::session& sql) const;
  std::vector<Choice> organisation_choices(soci::session& sql) const;
  // Training sessions (not cancelled), newest first, with their organiser and whether `user_id` teaches them.
  struct SessionRow {
    long long id = 0, organiser_id = 0, starts_at = 0;
    std::string title, programme;
    bool teaches = false;
  };
  std::vector<SessionRow> training_sessions(soci::session& sql, long long user_id) const;
  // "Session — Programme", '' when the session does not exist.
  std::string training_session_title(soci::session& sql, long long session_id) const;
  // The projects a person is a member of (not closed), most recently changed first.
  std::vector<MyProject> mine(soci::session& sql, long long user_id, int limit) const;
  long long count_mine(soci::session& sql, long long user_id) const;
  std::string epci_name(soci::session& sql, const std::string& siren) const;
  std::string delegation_name(soci::session& sql, long long delegation_id) const;

  std::vector<Member> members(soci::session& sql, long long project_id) const;
  std::optional<Member> member(soci::session& sql, long long member_id) const;
  // The person's role in the project, '' when not a member.
  std::string role_of(soci::session& sql, long long project_id, long long user_id) const;
  long long insert_member(soci::session& sql, const Member& m, long long now) const;
  void set_role(soci::session& sql, long long member_id, const std::string& role) const;
  void delete_member(soci::session& sql, long long member_id) const;
  long long count_facilitators(soci::session& sql, long long project_id) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;

  std::vector<Partner> partners(soci::session& sql, long long project_id) const;
  long long insert_partner(soci::session& sql, const Partner& p, long long now) const;
  void delete_partner(soci::session& sql, long long project_id, long long partner_id) const;
  bool organisation_exists(soci::session& sql, long long organisation_id) const;

  std::vector<Phase> phases_of(soci::session& sql, long long project_id) const;
  void set_phase_dates(soci::session& sql, long long project_id, const Phase& phase) const;
};

}  // namespace trame::projects
