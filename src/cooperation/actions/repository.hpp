// SQL of cooperation actions (cooperation_actions) and their links (cooperation_action_links).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/actions/model.hpp"

namespace trame::actions {

// Something an action may be linked to: its id and title.
struct Choice {
  long long id = 0;
  std::string label;
};

class Repository {
 public:
  // Every action of a project, by id (owner's name filled).
  std::vector<Action> of_project(soci::session& sql, long long project_id) const;
  std::optional<Action> find(soci::session& sql, long long project_id, long long id) const;
  // Holds the project's action tree until the transaction ends (a no-op write on the project's row):
  // the writes that check the tree's shape (parents) run one at a time per project.
  void hold(soci::session& sql, long long project_id) const;

  long long insert(soci::session& sql, const Action& a, long long now) const;
  void update(soci::session& sql, const Action& a, long long now) const;
  void set_parent(soci::session& sql, long long id, long long parent_id, long long now) const;
  void set_status(soci::session& sql, long long id, const std::string& status, int progress, const std::string& done_on,
                  long long now) const;
  // Moves every child of `id` to `parent_id`.
  void reattach_children(soci::session& sql, long long id, long long parent_id, long long now) const;
  void remove(soci::session& sql, long long id) const;

  std::vector<Link> links_of_project(soci::session& sql, long long project_id) const;
  std::vector<Link> links(soci::session& sql, long long action_id) const;
  long long insert_link(soci::session& sql, const Link& l, long long created_by, long long now) const;
  // Deletes the link if it is the action's; whether it was.
  bool remove_link(soci::session& sql, long long action_id, long long link_id) const;

  // Whether a table exists (the meetings and decisions modules' tables, created by later migrations).
  bool table_exists(soci::session& sql, const std::string& table) const;
  // The decision's title when it is one of the project's ('' otherwise, or without the table).
  std::string decision_title(soci::session& sql, long long project_id, long long decision_id) const;

  // What a person may link an action to: the published outings offers (by title), the sessions of
  // published training programmes (newest first), the project's meetings not cancelled (when the
  // meetings module's table exists). At most `limit` of each.
  std::vector<Choice> offers(soci::session& sql, int limit) const;
  std::vector<Choice> sessions(soci::session& sql, int limit) const;
  std::vector<Choice> meetings(soci::session& sql, long long project_id, int limit) const;
  // One of those by kind and id, when it is one a person may link (nullopt otherwise).
  std::optional<Choice> choice(soci::session& sql, const std::string& kind, long long id, long long project_id) const;
};

}  // namespace trame::actions
