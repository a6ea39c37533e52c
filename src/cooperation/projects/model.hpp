// A cooperation project: a territorial project that social and cultural actors run together
// (docs/cooperation.md). Its members hold one of three roles; what a person may do in a project
// follows from that role and from the project's visibility, decided in one place (Access).
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace trame::projects {

inline const std::vector<std::string>& roles() {
  static const std::vector<std::string> list = {"facilitator", "member", "observer"};
  return list;
}
inline const std::vector<std::string>& phases() {
  static const std::vector<std::string> list = {"diagnosis", "design", "implementation", "evaluation"};
  return list;
}
inline const std::vector<std::string>& visibilities() {
  static const std::vector<std::string> list = {"members", "network", "public"};
  return list;
}

// A project's home page; every cooperation page of a project is under it.
inline std::string url_of(long long project_id) {
  return "/cooperation/projets/" + std::to_string(project_id);
}

struct Project {
  long long id = 0;
  std::string title, question, summary;
  std::string territory_kind = "communes";  // communes, epci, delegation
  std::string territory_ref;                // the EPCI's SIREN or the délégation's id
  std::string territory_label;              // what the pages show
  std::string visibility = "members";       // members, network, public
  std::string phase = "diagnosis";          // diagnosis, design, implementation, evaluation, closed
  long long organisation_id = 0;
  std::string organisation_name;
  long long training_session_id = 0;
  long long created_by = 0;
  long long created_at = 0, updated_at = 0;
};

struct Member {
  long long id = 0, project_id = 0, user_id = 0;
  std::string name, email;
  std::string role;  // facilitator, member, observer
  long long organisation_id = 0;
  std::string organisation_name;
};

struct Partner {
  long long id = 0, project_id = 0, organisation_id = 0;
  std::string name, kind;  // the organisation's name and kind in the directory
  std::string contribution;
};

struct Phase {
  std::string kind;                // diagnosis, design, implementation, evaluation
  std::string starts_on, ends_on;  // ISO days, '' when not set
};

// One choice of a form's list (a commune, an EPCI, a délégation, an organisation, a training session).
struct Choice {
  std::string value, label;
};

// A project of a person's, with their role in it (for their dashboard).
struct MyProject {
  Project project;
  std::string role;
};

struct Commune {
  std::string code, name;
  long long population = 0;
};

// Where phase `kind` stands while the project is in `current` (a phase, or "closed"): "done" before
// the current phase (every phase once the project is closed), "current", or "upcoming" after it.
inline std::string phase_state(const std::string& current, const std::string& kind) {
  if (current == "closed") return "done";
  const auto& all = phases();
  auto at = std::find(all.begin(), all.end(), current), of = std::find(all.begin(), all.end(), kind);
  if (of == at) return "current";
  return of < at ? "done" : "upcoming";
}

// Whether a project still has a facilitator after one member's role goes from `role` to `next` ('' when
// the member is removed), given the number of its facilitators before the change.
inline bool keeps_a_facilitator(const std::string& role, const std::string& next, long long facilitators) {
  if (role != "facilitator" || next == "facilitator") return true;
  return facilitators > 1;
}

// The communes a person typed in one field: split on commas, semicolons and line breaks, each one
// trimmed of spaces, the empty ones dropped ("44003, Ligné;\nOudon (44115)" → 3 entries).
inline std::vector<std::string> split_communes(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    auto first = current.find_first_not_of(" \t");
    auto last = current.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(current.substr(first, last - first + 1));
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || c == '\n' || c == '\r') flush();
    else current += c;
  }
  flush();
  return out;
}

// What one person may do in one project. Built by projects::Service::access, the one place that
// decides it; every cooperation module asks it before reading or changing a project's things.
struct Access {
  Project project;
  std::string role;           // facilitator, member, observer; '' when not a member
  bool admin = false;         // an administrator reads every project and may facilitate it
  bool summary_only = false;  // an anonymous visitor of a public project: the summary, nothing else

  bool member() const { return !role.empty(); }
  // Reads everything of the project (not only its public summary).
  bool reads() const { return !summary_only; }
  // Writes the diagnosis, votes, owns actions, proposes criteria.
  // (Members only: an administrator reads and facilitates, but never votes or writes in a group's name.)
  bool contributes() const { return role == "facilitator" || role == "member"; }
  // Runs the project: members, phases, meetings, decisions, contributions of inhabitants.
  bool facilitates() const { return role == "facilitator" || admin; }
};

}  // namespace trame::projects
