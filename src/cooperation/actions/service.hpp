// Actions of a cooperation project (see model.hpp): a tree with owner, dates, status and progress
// rolled up from the children, linked to what implements each action (an outings offer, a training
// session, a meeting of the project or a free link). Who may do what follows projects::Access:
// members who contribute create and update actions and their links; the action's owner or a
// facilitator changes its status and progress; facilitators delete; observers read. A project the
// person may not see answers like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/actions/model.hpp"
#include "cooperation/actions/repository.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::actions {

// ---- Contract for the other cooperation modules (decisions, evaluation)

// One action as the other modules see it; progress is the rolled-up one (0–100), late as on the page.
struct Summary {
  long long id = 0, project_id = 0, parent_id = 0, decision_id = 0;
  std::string title, status;
  int progress = 0;
  std::string due_on;  // ISO day, '' when not set
  bool late = false;
  int level = 0;  // 0: a root (summaries lists the tree in order: the level gives the indentation)
};

// What a person enters to create (or update) an action. owner_id 0: the person creating it.
// parent_id 0: a root. decision_id: the decision that starts it (0: none; set on creation only).
struct ActionInput {
  std::string title, description;
  long long owner_id = 0, parent_id = 0, decision_id = 0;
  std::string starts_on, due_on;  // ISO days, '' when not set
  int weight = 1;
};

// ---- Pages

struct LinkInput {
  std::string kind;  // offer, session, meeting, url
  long long target_id = 0;
  std::string label, url;  // for url
};

// Something a person may link an action to (what they can see).
struct LinkChoice {
  std::string kind;
  long long id = 0;
  std::string label;
};

struct TreeFilter {
  bool late = false;  // only the late actions (and the actions above them)
  bool mine = false;  // only the person's actions (and the actions above them)
  int page = 1;       // of the roots
};

struct TreeItem {
  Action action;
  int progress = 0;  // rolled up
  bool late = false;
  bool matches = true;  // false: shown only because an action below it matches the filter
  int depth = 0;        // 0 for a root
  std::vector<Link> links;
  std::vector<TreeItem> children;
};

struct TreeView {
  projects::Access access;
  std::vector<TreeItem> roots;  // this page's roots, with their whole (filtered) subtree
  long long total_roots = 0, total_actions = 0, late_actions = 0;
  int page = 1, pages = 1;
  bool may_create = false;
};

struct ActionView {
  projects::Access access;
  Action action;
  int progress = 0;
  bool late = false;
  bool leaf = true;
  std::string parent_title;
  std::vector<Summary> children;
  std::vector<Link> links;
  std::string decision_title;   // when decision_id is set and the decisions table has it
  bool may_update = false;      // title, dates, owner, parent, links (members who contribute)
  bool may_set_status = false;  // its owner or a facilitator
  bool may_delete = false;      // facilitators
};

// The form's choices: the members who may own an action, the possible parents, what may be linked.
struct FormChoices {
  std::vector<projects::Member> owners;  // facilitators and members (not observers)
  std::vector<Summary> parents;          // every action of the project but the one and its descendants
  std::vector<LinkChoice> links;         // offers, sessions and meetings the person can see
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects) {}

  // ---- Contract
  // Every action of the project, parents before children (tree order), with rolled-up progress.
  // No access check: the caller has checked the project's access.
  std::vector<Summary> summaries(long long project_id);
  // The actions a decision started.
  std::vector<Summary> of_decision(long long project_id, long long decision_id);
  // Creates an action (members who contribute). Refused in French with the field: empty or long
  // title, unknown owner (not a facilitator or member of the project), parent not in the project,
  // due day before start day, weight outside 1–100, decision not of the project. Outcome id: the action's.
  Outcome create(const Actor& actor, const Principal& me, long long project_id, const ActionInput& in);

  // ---- Pages
  std::optional<TreeView> tree(const Principal& me, long long project_id, const TreeFilter& filter);
  std::optional<ActionView> view(const Principal& me, long long project_id, long long action_id);
  // nullopt when the person may not see the project; action_id 0 for a new action.
  std::optional<FormChoices> choices(const Principal& me, long long project_id, long long action_id);
  std::optional<projects::Access> access(const Principal& me, long long project_id) {
    return projects_.access(me, project_id);
  }

  // Title, description, owner, dates, weight and parent (members who contribute). The parent is
  // checked like move's.
  Outcome update(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                 const ActionInput& in);
  // Puts the action under another parent (0: a root). Refused (actions.errors.cycle) when the new
  // parent is the action itself or one of its descendants, checked inside the write transaction
  // with the project's actions held, so that two moves at once never make a cycle together.
  Outcome move(const Actor& actor, const Principal& me, long long project_id, long long action_id, long long parent_id);
  // Status (transition table in model.hpp) and, on a leaf, progress 0–100 (its owner or a
  // facilitator); kKeepProgress keeps it. done sets done_on and a leaf's progress to 100.
  Outcome set_status(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                     const std::string& status, int progress);
  // Facilitators. An action with children is refused unless reattach: its children then go to its parent.
  Outcome remove(const Actor& actor, const Principal& me, long long project_id, long long action_id, bool reattach);
  Outcome add_link(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                   const LinkInput& in);
  Outcome remove_link(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                      long long link_id);

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (none yet); returns how many things it did.
  long long run_due(long long now);

  const web::Catalogue& catalogue() const { return catalogue_; }

 private:
  // Checks what a person entered (title, description, owner, dates, weight) and copies it into x;
  // refuses with the field at fault. Parent and decision are checked by the callers.
  void fill(soci::session& sql, long long project_id, const ActionInput& in, const Principal& me, Action& x) const;
  // The person's access to the project inside a write, its tree held until the transaction ends;
  // rolls back with 404 when they may not read the project.
  projects::Access held(soci::session& sql, const Principal& me, long long project_id) const;
  std::vector<Summary> summaries_in(soci::session& sql, long long project_id) const;
  std::vector<LinkChoice> link_choices(soci::session& sql, const Principal& me, long long project_id) const;
  std::optional<std::string> new_parent_problem(const std::vector<Action>& actions, long long id,
                                                long long parent_id) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  Repository repo_;
  projects::Repository project_repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::actions
