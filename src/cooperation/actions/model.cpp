#include "cooperation/actions/model.hpp"

#include <stdexcept>
#include <unordered_map>

namespace trame::actions {

std::map<long long, double> roll_up(const std::vector<Node>& nodes) {
  std::unordered_map<long long, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].weight < 1) throw std::invalid_argument("actions: a weight below 1");
    index.emplace(nodes[i].id, i);
  }
  std::vector<std::vector<std::size_t>> children(nodes.size());
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto p = nodes[i].parent_id == 0 ? index.end() : index.find(nodes[i].parent_id);
    if (p == index.end()) roots.push_back(i);
    else children[p->second].push_back(i);
  }
  std::vector<double> value(nodes.size(), 0.0);
  std::vector<bool> seen(nodes.size(), false);
  std::size_t done = 0;
  // Post-order without recursion: a node is computed once all its children are.
  std::vector<std::pair<std::size_t, bool>> stack;
  for (auto r : roots) {
    stack.emplace_back(r, false);
    while (!stack.empty()) {
      auto [i, expanded] = stack.back();
      stack.pop_back();
      if (!expanded) {
        if (seen[i]) continue;
        seen[i] = true;
        stack.emplace_back(i, true);
        for (auto c : children[i]) stack.emplace_back(c, false);
        continue;
      }
      double sum = 0, weights = 0;
      for (auto c : children[i]) {
        if (nodes[c].status == "cancelled") continue;
        sum += value[c] * nodes[c].weight;
        weights += nodes[c].weight;
      }
      if (weights > 0) value[i] = sum / weights;
      else value[i] = nodes[i].status == "done" ? 100.0 : std::clamp(nodes[i].progress, 0, 100);
      ++done;
    }
  }
  // Nodes never reached from a root hang on a cycle of parents.
  if (done != nodes.size()) throw std::invalid_argument("actions: a cycle of parents");
  std::map<long long, double> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) out[nodes[i].id] = value[i];
  return out;
}

bool would_cycle(const std::map<long long, long long>& parents, long long id, long long new_parent) {
  if (new_parent == 0) return false;
  long long current = new_parent;
  // Walking up from the new parent: meeting the action means the new parent is below it (or is it).
  for (std::size_t steps = 0; steps <= parents.size() + 1; ++steps) {
    if (current == id) return true;
    auto p = parents.find(current);
    if (p == parents.end() || p->second == 0) return false;
    current = p->second;
  }
  return true;  // the existing parents already loop: refuse rather than make it worse
}

int level(const std::map<long long, long long>& parents, long long id) {
  int n = 0;
  long long current = id;
  while (n <= kMaxLevel) {
    auto p = parents.find(current);
    if (p == parents.end() || p->second == 0) return n;
    current = p->second;
    ++n;
  }
  return kMaxLevel + 1;
}

int height(const std::map<long long, long long>& parents, long long id) {
  // Breadth-first by levels below id.
  std::vector<long long> frontier = {id};
  int h = 0;
  while (h <= kMaxLevel) {
    std::vector<long long> next;
    for (const auto& [child, parent] : parents)
      if (std::find(frontier.begin(), frontier.end(), parent) != frontier.end() && child != id) next.push_back(child);
    if (next.empty()) return h;
    frontier = std::move(next);
    ++h;
  }
  return kMaxLevel + 1;
}

}  // namespace trame::actions
