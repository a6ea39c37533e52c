// The signed-in person's dashboard is made of panels that each domain contributes: its tasks and
// next dates for that person (a referent's next outings, a trainee's sheet to sign, staff's
// applications to handle…). The platform only lays them out; it knows no domain. A source returns
// no panel when the person has nothing to do there or no role in that domain, so that each role
// lands on its own work and sees nothing it cannot use.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trame::web {

class Context;

// One line of a panel: a task or a date, with where to act on it.
struct DashboardItem {
  std::string label;    // what to do or what happens ("Feuille à signer : Accueillir…")
  std::string url;      // where to do it; empty for a line that is only information
  std::string detail;   // one short line under it ("3 places restantes sur 12")
  std::string when;     // a date already formatted for the reader ("mardi 9 mars 2027, 14:00")
  bool urgent = false;  // overdue or due soon: shown first and marked
};

struct DashboardPanel {
  std::string key;    // stable id, used for the section's id ("outings-next")
  std::string title;  // already translated
  std::vector<DashboardItem> items;
  std::string empty;       // already translated: shown when items is empty ("Aucune sortie prévue.")
  std::string more_url;    // the page with the whole list, if any
  std::string more_label;  // its link text
  long long count = -1;    // the whole list's size when items holds only the first ones (-1: items is all)
};

using DashboardSource = std::function<std::optional<DashboardPanel>(Context&)>;

class Dashboard {
 public:
  // `order` sorts panels (smaller first): 100 outings, 200 trainings, 300 questionnaires, 400 network.
  void add(int order, DashboardSource source);
  // The panels for the current user, in order; sources that return nothing are left out. A source
  // that throws is logged and left out: one domain's failure does not take the dashboard down.
  std::vector<DashboardPanel> panels(Context& ctx) const;

 private:
  std::vector<std::pair<int, DashboardSource>> sources_;
};

}  // namespace trame::web
