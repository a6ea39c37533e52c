// The onboarding's rows: a relais's referents and history, the relais with none, the grown-old onboardings.
#pragma once
#include <string>
#include <vector>

namespace trame::onboarding {

// A referent of a relais, with their latest onboarding (workshop attended) and the gate's date.
struct Referent {
  long long user_id = 0;
  std::string name, email;
  std::string onboarded_on;  // the gate's date (memberships.onboarded_on; may come from the manual date)
  std::string workshop_day;  // the latest atelier attended ('' when none)
  long long event_id = 0;    // that atelier's event
};

// One onboarding of the relais's history.
struct HistoryRow {
  std::string name;
  std::string day;
  long long event_id = 0;
};

struct RelaisView {
  long long id = 0;
  std::string name;
  bool manages = false;
  std::vector<Referent> referents;  // every referent of the relais (onboarded or not)
  std::vector<HistoryRow> history;  // this page of the history, newest first
  long long history_total = 0;
};

struct RelaisRow {
  long long id = 0;
  std::string name;
  long long referents = 0;  // how many referent memberships it has
};

struct OldRow {
  long long user_id = 0, relais_id = 0;
  std::string name, relais_name, onboarded_on;
};

template <class T>
struct Page {
  std::vector<T> items;
  long long total = 0;
};

}  // namespace trame::onboarding
