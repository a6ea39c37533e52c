// Cooperation projects (see model.hpp). Any signed-in person may start a project and becomes its
// facilitator; facilitators run it (members, partners, phases, visibility). Who sees and does what
// in a project is decided here only (access): the other cooperation modules ask it first, and
// answer a project the person may not see exactly like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/projects/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::projects {

// The seed's project (001: Pays d'Ancenis), which the demo loaders of every cooperation module fill.
inline constexpr const char* kDemoTitle = "Liens intergénérationnels en Pays d'Ancenis";

struct ProjectForm {
  std::string title, question, summary;
  std::string territory_kind = "communes";  // communes, epci, delegation
  std::vector<std::string> communes;        // for communes: INSEE codes, "Name (code)" or exact names
  std::string epci;                         // SIREN, for epci
  long long delegation_id = 0;              // for delegation
  std::string visibility = "members";
  long long organisation_id = 0;  // the organisation that carries it: one of the creator's (0: none)
};

struct ProjectPage {
  std::vector<Project> items;
  long long total = 0;
  int page = 1, pages = 1;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // What `me` may do in project `id`; nullopt when they may not see it at all (answer 404). An
  // anonymous visitor (me.id == 0) sees a public project's summary only.
  std::optional<Access> access(const Principal& me, long long id);
  // The same inside a transaction (for services that check and write in one go).
  std::optional<Access> access(soci::session& sql, const Principal& me, long long id) const;

  // Lists' page size (the list of projects).
  static constexpr int kPageSize = 20;

  ProjectPage list(const Principal& me, int page);
  ProjectPage public_list(int page);
  Outcome create(const Actor& actor, const Principal& me, const ProjectForm& form);
  Outcome update(const Actor& actor, const Principal& me, long long id, const ProjectForm& form);
  // Moves the project to a phase (or 'closed'); facilitators only.
  Outcome set_phase(const Actor& actor, const Principal& me, long long id, const std::string& phase);
  Outcome set_phase_dates(const Actor& actor, const Principal& me, long long id, const std::vector<Phase>& dates);

  std::vector<Member> members(long long id);
  std::vector<Partner> partners(long long id);
  std::vector<Phase> phases(long long id);
  std::vector<Commune> communes(long long id);
  // The person's role in the project ('' when not a member).
  std::string role_of(long long project_id, long long user_id);
  // The project of a member row (0 when there is none): where a refused change of it is shown again.
  long long project_of_member(long long member_id);
  // Facilitators only: members, network or public (see model.hpp).
  Outcome set_visibility(const Actor& actor, const Principal& me, long long id, const std::string& visibility);
  // The lists of the project's forms.
  std::vector<Choice> commune_choices();
  std::vector<Choice> epci_choices();
  std::vector<Choice> delegation_choices();
  std::vector<Choice> organisation_choices();
  // The training sessions `me` may link project `p` to: the sessions of the project's organisation,
  // those `me` manages (trainings.manage in their organiser) or teaches.
  std::vector<Choice> session_choices(const Principal& me, const Project& p);
  // "Session — Programme" of a training session ('' when it does not exist).
  std::string training_session_title(long long session_id);
  // The projects `user_id` is a member of (not closed), most recently changed first, and how many in all.
  std::vector<MyProject> mine(long long user_id, int limit, long long& total);
  // By the e-mail address of an account; refused when already a member.
  Outcome add_member(const Actor& actor, const Principal& me, long long id, const std::string& email,
                     const std::string& role, long long organisation_id);
  // A project always keeps one facilitator at least (projects.errors.last_facilitator).
  Outcome set_role(const Actor& actor, const Principal& me, long long member_id, const std::string& role);
  Outcome remove_member(const Actor& actor, const Principal& me, long long member_id);
  Outcome add_partner(const Actor& actor, const Principal& me, long long id, long long organisation_id,
                      const std::string& contribution);
  Outcome remove_partner(const Actor& actor, const Principal& me, long long id, long long partner_id);

  // The project a training session's trainees co-build, if any (for the session's page).
  std::optional<Project> of_training_session(long long session_id);
  // Links the project to a training session (0 unlinks); facilitators only.
  Outcome link_training_session(const Actor& actor, const Principal& me, long long id, long long session_id);

  // The seed's project (kDemoTitle) with its territory, partners, members and phases.
  void load_demo(const Actor& actor);
  // The demo project's id (0 when the demo was not loaded): for the other modules' demo loaders.
  long long demo_project_id();

 private:
  std::vector<std::string> check_form(soci::session& sql, const ProjectForm& form, Project& out) const;
  std::vector<Choice> session_choices(soci::session& sql, const Principal& me, const Project& p) const;
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// The dashboard's panel « Mes projets de coopération ».
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::projects
