#include "platform/web/dashboard.hpp"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>

namespace trame::web {

void Dashboard::add(int order, DashboardSource source) {
  sources_.emplace_back(order, std::move(source));
  std::stable_sort(sources_.begin(), sources_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::vector<DashboardPanel> Dashboard::panels(Context& ctx) const {
  std::vector<DashboardPanel> out;
  for (const auto& [order, source] : sources_) {
    try {
      auto panel = source(ctx);
      if (!panel) continue;
      std::stable_partition(panel->items.begin(), panel->items.end(), [](const auto& i) { return i.urgent; });
      out.push_back(std::move(*panel));
    } catch (const std::exception& ex) {
      spdlog::error("dashboard panel {} failed: {}", order, ex.what());
    }
  }
  return out;
}

}  // namespace trame::web
