#include "cooperation/actions/service.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "cooperation/projects/repository.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/permissions.hpp"
#include "platform/core/text.hpp"

namespace trame::actions {

namespace {

constexpr int kChoicesMax = 200;  // of each kind of link target in a form
constexpr int kRootsPerPage = 10;

std::string subject(long long id) {
  return "cooperation_action:" + std::to_string(id);
}

std::string today() {
  return local_day(store::now_seconds());
}

std::map<long long, long long> parents_of(const std::vector<Action>& actions) {
  std::map<long long, long long> out;
  for (const auto& a : actions) out[a.id] = a.parent_id;
  return out;
}

std::map<long long, double> progress_of(const std::vector<Action>& actions) {
  std::vector<Node> nodes;
  nodes.reserve(actions.size());
  for (const auto& a : actions) nodes.push_back(Node{a.id, a.parent_id, a.status, a.progress, a.weight});
  return roll_up(nodes);
}

// Children of each action (0: the roots), in the order the pages show them: by start day (none
// last), then as created.
std::map<long long, std::vector<const Action*>> children_of(const std::vector<Action>& actions) {
  std::set<long long> ids;
  for (const auto& a : actions) ids.insert(a.id);
  std::map<long long, std::vector<const Action*>> out;
  for (const auto& a : actions) out[ids.count(a.parent_id) ? a.parent_id : 0].push_back(&a);
  for (auto& [_, list] : out)
    std::stable_sort(list.begin(), list.end(), [](const Action* x, const Action* y) {
      if (x->starts_on.empty() != y->starts_on.empty()) return y->starts_on.empty();
      if (x->starts_on != y->starts_on) return x->starts_on < y->starts_on;
      return x->id < y->id;
    });
  return out;
}

// The actions in tree order (each before its children).
std::vector<const Action*> tree_order(const std::vector<Action>& actions) {
  auto children = children_of(actions);
  std::vector<const Action*> out;
  std::vector<const Action*> stack;
  auto& roots = children[0];
  stack.assign(roots.rbegin(), roots.rend());
  std::set<long long> seen;
  while (!stack.empty()) {
    const Action* a = stack.back();
    stack.pop_back();
    if (!seen.insert(a->id).second) continue;
    out.push_back(a);
    auto c = children.find(a->id);
    if (c == children.end()) continue;
    stack.insert(stack.end(), c->second.rbegin(), c->second.rend());
  }
  return out;
}

Summary summary_of(const Action& a, const std::map<long long, double>& progress, const std::string& day) {
  Summary s;
  s.id = a.id;
  s.project_id = a.project_id;
  s.parent_id = a.parent_id;
  s.decision_id = a.decision_id;
  s.title = a.title;
  s.status = a.status;
  auto p = progress.find(a.id);
  s.progress = shown_progress(p == progress.end() ? a.progress : p->second);
  s.due_on = a.due_on;
  s.late = is_late(a.due_on, a.status, day);
  return s;
}

// A day typed in a form: '' stays ''; otherwise 'YYYY-MM-DD' or refused on the field.
std::string clean_day(const std::string& text, const char* field) {
  std::string t = trim(text);
  if (t.empty()) return {};
  auto d = parse_date(t);
  if (!d) refuse("actions.errors.date", field);
  return iso_date(*d);
}

bool http_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

}  // namespace

// ---- Contract

std::vector<Summary> Service::summaries_in(soci::session& sql, long long project_id) const {
  auto actions = repo_.of_project(sql, project_id);
  auto progress = progress_of(actions);
  auto parents = parents_of(actions);
  std::string day = today();
  std::vector<Summary> out;
  for (const Action* a : tree_order(actions)) {
    out.push_back(summary_of(*a, progress, day));
    out.back().level = level(parents, a->id);
  }
  return out;
}

std::vector<Summary> Service::summaries(long long project_id) {
  return db_.read([&](soci::session& sql) { return summaries_in(sql, project_id); });
}

std::vector<Summary> Service::of_decision(long long project_id, long long decision_id) {
  std::vector<Summary> out;
  if (decision_id <= 0) return out;
  for (auto& s : summaries(project_id))
    if (s.decision_id == decision_id) out.push_back(std::move(s));
  return out;
}

projects::Access Service::held(soci::session& sql, const Principal& me, long long project_id) const {
  // A no-op write on the project's row: the checks of the tree's shape below (parents, cycles) and
  // the write that follows run one at a time per project, on both engines.
  repo_.hold(sql, project_id);
  auto a = projects_.access(sql, me, project_id);
  if (!a || !a->reads()) roll_back(Outcome::not_found());
  return *a;
}

void Service::fill(soci::session& sql, long long project_id, const ActionInput& in, const Principal& me,
                   Action& x) const {
  x.title = trim(in.title);
  if (x.title.empty()) refuse("actions.errors.title", "title");
  if (code_points(x.title) > kTitleMax) refuse("actions.errors.title_long", "title");
  x.description = trim(in.description);
  if (code_points(x.description) > kDescriptionMax) refuse("actions.errors.description_long", "description");
  x.owner_id = in.owner_id ? in.owner_id : me.id;
  std::string role = x.owner_id > 0 ? project_repo_.role_of(sql, project_id, x.owner_id) : std::string();
  if (role != "facilitator" && role != "member") refuse("actions.errors.owner", "owner");
  x.starts_on = clean_day(in.starts_on, "starts_on");
  x.due_on = clean_day(in.due_on, "due_on");
  if (!x.starts_on.empty() && !x.due_on.empty() && x.due_on < x.starts_on)
    refuse("actions.errors.due_before_start", "due_on");
  if (in.weight < kWeightMin || in.weight > kWeightMax) refuse("actions.errors.weight", "weight");
  x.weight = in.weight;
}

std::optional<std::string> Service::new_parent_problem(const std::vector<Action>& actions, long long id,
                                                       long long parent_id) const {
  if (parent_id == 0) return std::nullopt;
  auto parents = parents_of(actions);
  if (parent_id < 0 || !parents.count(parent_id)) return std::string("actions.errors.parent");
  if (id && would_cycle(parents, id, parent_id)) return std::string("actions.errors.cycle");
  int below = id ? height(parents, id) : 0;
  if (level(parents, parent_id) + 1 + below > kMaxLevel) return std::string("actions.errors.too_deep");
  return std::nullopt;
}

Outcome Service::create(const Actor& actor, const Principal& me, long long project_id, const ActionInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    if (!a.contributes()) roll_back(Outcome::forbidden());
    Action x;
    x.project_id = project_id;
    x.created_by = me.id;
    fill(sql, project_id, in, me, x);
    x.parent_id = in.parent_id;
    if (auto problem = new_parent_problem(repo_.of_project(sql, project_id), 0, x.parent_id))
      refuse(*problem, "parent");
    if (in.decision_id) {
      if (in.decision_id < 0 || repo_.decision_title(sql, project_id, in.decision_id).empty())
        refuse("actions.errors.decision", "decision");
      x.decision_id = in.decision_id;
    }
    x.id = repo_.insert(sql, x, store::now_seconds());
    audit_.record(sql, actor, "cooperation.action.create", subject(x.id), x.title);
    return Outcome::success(x.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                        const ActionInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    if (!a.contributes()) roll_back(Outcome::forbidden());
    fill(sql, project_id, in, me, *x);
    if (in.parent_id != x->parent_id) {
      if (auto problem = new_parent_problem(repo_.of_project(sql, project_id), x->id, in.parent_id))
        refuse(*problem, "parent");
      x->parent_id = in.parent_id;
    }
    repo_.update(sql, *x, store::now_seconds());
    audit_.record(sql, actor, "cooperation.action.update", subject(x->id), x->title);
    return Outcome::success(x->id);
  });
}

Outcome Service::move(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                      long long parent_id) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    if (!a.contributes()) roll_back(Outcome::forbidden());
    if (parent_id == x->parent_id) return Outcome::success(x->id);
    // Read after the hold: a move committed meanwhile by someone else is seen here.
    if (auto problem = new_parent_problem(repo_.of_project(sql, project_id), x->id, parent_id))
      refuse(*problem, "parent");
    repo_.set_parent(sql, x->id, parent_id, store::now_seconds());
    audit_.record(sql, actor, "cooperation.action.move", subject(x->id),
                  "parent " + std::to_string(x->parent_id) + " -> " + std::to_string(parent_id));
    return Outcome::success(x->id);
  });
}

Outcome Service::set_status(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                            const std::string& status, int progress) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    bool owner = a.contributes() && x->owner_id == me.id;
    if (!owner && !a.facilitates()) roll_back(Outcome::forbidden());
    if (!is_one_of(status, statuses())) refuse("actions.errors.status", "status");
    if (!transition_allowed(x->status, status)) refuse("actions.errors.transition_from_" + x->status, "status");
    if (progress != kKeepProgress && (progress < 0 || progress > 100)) refuse("actions.errors.progress", "progress");
    bool leaf = true;
    for (const auto& other : repo_.of_project(sql, project_id))
      if (other.parent_id == x->id) leaf = false;
    // A parent's progress is its children's: what it holds is kept (it counts again if they are all
    // cancelled). A leaf done is at 100.
    int stored = x->progress;
    if (leaf && progress != kKeepProgress) stored = progress;
    if (leaf && status == "done") stored = 100;
    std::string done_on = status == "done" ? (x->status == "done" ? x->done_on : today()) : std::string();
    repo_.set_status(sql, x->id, status, stored, done_on, store::now_seconds());
    audit_.record(sql, actor, "cooperation.action.status", subject(x->id),
                  x->status + " -> " + status + " (" + std::to_string(stored) + "%)");
    return Outcome::success(x->id);
  });
}

Outcome Service::remove(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                        bool reattach) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    if (!a.facilitates()) roll_back(Outcome::forbidden());
    bool has_children = false;
    for (const auto& other : repo_.of_project(sql, project_id))
      if (other.parent_id == x->id) has_children = true;
    long long now = store::now_seconds();
    if (has_children) {
      if (!reattach) refuse("actions.errors.has_children", "reattach");
      // One level up: the tree gets shallower, never deeper.
      repo_.reattach_children(sql, x->id, x->parent_id, now);
    }
    repo_.remove(sql, x->id);
    audit_.record(sql, actor, "cooperation.action.delete", subject(x->id), x->title);
    return Outcome::success(x->parent_id);
  });
}

Outcome Service::add_link(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                          const LinkInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    if (!a.contributes()) roll_back(Outcome::forbidden());
    if (!is_one_of(in.kind, link_kinds())) refuse("actions.errors.link_kind", "kind");
    Link l;
    l.action_id = x->id;
    l.kind = in.kind;
    if (in.kind == "url") {
      l.label = trim(in.label);
      l.url = trim(in.url);
      if (l.label.empty()) refuse("actions.errors.link_label", "label");
      if (code_points(l.label) > kLinkLabelMax) refuse("actions.errors.link_label_long", "label");
      if (!http_url(l.url) || l.url.size() > kUrlMax || l.url.find_first_of(" \t\r\n\"<>") != std::string::npos)
        refuse("actions.errors.link_url", "url");
    } else {
      // Only what the person can see: published offers (for those who browse outings), sessions of
      // published programmes, meetings of this project.
      if (in.kind == "offer" && !me.can(perm::outings_browse)) refuse("actions.errors.link_target", "target");
      auto c = repo_.choice(sql, in.kind, in.target_id, project_id);
      if (!c) refuse("actions.errors.link_target", "target");
      l.target_id = c->id;
      l.label = c->label;
    }
    for (const auto& existing : repo_.links(sql, x->id))
      if (existing.kind == l.kind && (l.kind == "url" ? existing.url == l.url : existing.target_id == l.target_id))
        refuse("actions.errors.link_duplicate", l.kind == "url" ? "url" : "target");
    l.id = repo_.insert_link(sql, l, me.id, store::now_seconds());
    audit_.record(sql, actor, "cooperation.action.link", subject(x->id), l.kind + " " + l.label);
    return Outcome::success(x->id);
  });
}

Outcome Service::remove_link(const Actor& actor, const Principal& me, long long project_id, long long action_id,
                             long long link_id) {
  return db_.attempt([&](soci::session& sql) {
    auto a = held(sql, me, project_id);
    auto x = repo_.find(sql, project_id, action_id);
    if (!x) roll_back(Outcome::not_found());
    if (!a.contributes()) roll_back(Outcome::forbidden());
    if (!repo_.remove_link(sql, x->id, link_id)) roll_back(Outcome::not_found());
    audit_.record(sql, actor, "cooperation.action.unlink", subject(x->id), std::to_string(link_id));
    return Outcome::success(x->id);
  });
}

// ---- Periodic work

long long Service::run_due(long long) {
  return 0;
}

// ---- Pages

std::optional<TreeView> Service::tree(const Principal& me, long long project_id, const TreeFilter& filter) {
  return db_.read([&](soci::session& sql) -> std::optional<TreeView> {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) return std::nullopt;
    TreeView view;
    view.access = *a;
    view.may_create = a->contributes();
    auto actions = repo_.of_project(sql, project_id);
    auto progress = progress_of(actions);
    auto children = children_of(actions);
    std::map<long long, std::vector<Link>> links;
    for (auto& l : repo_.links_of_project(sql, project_id)) links[l.action_id].push_back(std::move(l));
    std::string day = today();
    view.total_actions = static_cast<long long>(actions.size());
    for (const auto& x : actions)
      if (is_late(x.due_on, x.status, day)) ++view.late_actions;
    auto matches = [&](const Action& x) {
      return (!filter.late || is_late(x.due_on, x.status, day)) && (!filter.mine || x.owner_id == me.id);
    };
    // Builds an item and its subtree; nullopt when nothing in it matches the filter. The depth is
    // bounded (kMaxLevel), so is the recursion.
    std::function<std::optional<TreeItem>(const Action&, int)> build = [&](const Action& x,
                                                                           int depth) -> std::optional<TreeItem> {
      TreeItem item;
      item.action = x;
      item.progress = shown_progress(progress[x.id]);
      item.late = is_late(x.due_on, x.status, day);
      item.matches = matches(x);
      item.depth = depth;
      item.links = links[x.id];
      if (depth <= kMaxLevel + 1)
        if (auto c = children.find(x.id); c != children.end())
          for (const Action* child : c->second)
            if (auto sub = build(*child, depth + 1)) item.children.push_back(std::move(*sub));
      if (!item.matches && item.children.empty()) return std::nullopt;
      return item;
    };
    std::vector<TreeItem> roots;
    for (const Action* r : children[0])
      if (auto item = build(*r, 0)) roots.push_back(std::move(*item));
    view.total_roots = static_cast<long long>(roots.size());
    view.pages = std::max(1, static_cast<int>((roots.size() + kRootsPerPage - 1) / kRootsPerPage));
    view.page = std::clamp(filter.page, 1, view.pages);
    std::size_t from = static_cast<std::size_t>(view.page - 1) * kRootsPerPage;
    for (std::size_t i = from; i < roots.size() && i < from + kRootsPerPage; ++i)
      view.roots.push_back(std::move(roots[i]));
    return view;
  });
}

std::optional<ActionView> Service::view(const Principal& me, long long project_id, long long action_id) {
  return db_.read([&](soci::session& sql) -> std::optional<ActionView> {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) return std::nullopt;
    auto actions = repo_.of_project(sql, project_id);
    auto it = std::find_if(actions.begin(), actions.end(), [&](const Action& x) { return x.id == action_id; });
    if (it == actions.end()) return std::nullopt;
    auto progress = progress_of(actions);
    std::string day = today();
    ActionView v;
    v.access = *a;
    v.action = *it;
    v.progress = shown_progress(progress[it->id]);
    v.late = is_late(it->due_on, it->status, day);
    for (const auto& x : actions) {
      if (x.id == it->parent_id) v.parent_title = x.title;
      if (x.parent_id == it->id) v.children.push_back(summary_of(x, progress, day));
    }
    v.leaf = v.children.empty();
    v.links = repo_.links(sql, it->id);
    v.decision_title = repo_.decision_title(sql, project_id, it->decision_id);
    v.may_update = a->contributes();
    v.may_set_status = a->facilitates() || (a->contributes() && it->owner_id == me.id);
    v.may_delete = a->facilitates();
    return v;
  });
}

std::vector<LinkChoice> Service::link_choices(soci::session& sql, const Principal& me, long long project_id) const {
  std::vector<LinkChoice> out;
  if (me.can(perm::outings_browse))
    for (const auto& c : repo_.offers(sql, kChoicesMax)) out.push_back({"offer", c.id, c.label});
  for (const auto& c : repo_.sessions(sql, kChoicesMax)) out.push_back({"session", c.id, c.label});
  for (const auto& c : repo_.meetings(sql, project_id, kChoicesMax)) out.push_back({"meeting", c.id, c.label});
  return out;
}

std::optional<FormChoices> Service::choices(const Principal& me, long long project_id, long long action_id) {
  return db_.read([&](soci::session& sql) -> std::optional<FormChoices> {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) return std::nullopt;
    FormChoices out;
    for (const auto& m : project_repo_.members(sql, project_id))
      if (m.role == "facilitator" || m.role == "member") out.owners.push_back(m);
    auto actions = repo_.of_project(sql, project_id);
    auto parents = parents_of(actions);
    int below = action_id ? height(parents, action_id) : 0;
    for (auto& s : summaries_in(sql, project_id)) {
      if (action_id && (s.id == action_id || would_cycle(parents, action_id, s.id))) continue;
      if (level(parents, s.id) + 1 + below > kMaxLevel) continue;
      out.parents.push_back(std::move(s));
    }
    out.links = link_choices(sql, me, project_id);
    return out;
  });
}

}  // namespace trame::actions
