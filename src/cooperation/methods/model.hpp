// The shared library of facilitation methods (docs/cooperation/methods.md): how a group works
// together (cercle de connaissances, world café, arpentage…), written by trainers and facilitators,
// and where each method was used (a cooperation project, a training half-day).
#pragma once
#include <string>
#include <vector>

namespace trame::methods {

// public: anyone reads it, anonymous visitors too; network: signed-in people only.
inline const std::vector<std::string>& visibilities() {
  static const std::vector<std::string> list = {"public", "network"};
  return list;
}

struct Method {
  long long id = 0;
  std::string title, purpose;
  long long duration_min = 0, duration_max = 0;  // minutes
  long long group_min = 0, group_max = 0;        // people
  std::string materials;                         // one item per line
  std::vector<std::string> steps;                // in order
  std::string variants;                          // free text, paragraphs
  std::vector<std::string> tags;
  std::string visibility = "public";
  bool starter = false;      // one of the starter entries every installation has (migration 0037)
  long long created_by = 0;  // 0: the starter library
  long long updated_by = 0;
  std::string author_name, editor_name;  // '' for the starter library
  long long created_at = 0, updated_at = 0;
};

// What a list or a select shows of a method.
struct MethodChoice {
  long long id = 0;
  std::string title;
};

// A training half-day one may record a use in.
struct HalfDayChoice {
  long long id = 0;
  std::string day, period, session_title;
};

// One use of a method: in a cooperation project (project_id) or in a training half-day (halfday_id).
struct Use {
  long long id = 0, method_id = 0;
  long long project_id = 0, halfday_id = 0;
  long long session_id = 0;  // the half-day's session
  std::string used_on;       // ISO day
  std::string note;
  long long recorded_by = 0;
  std::string recorded_by_name;
  long long created_at = 0;
  std::string place_title;  // the project's or the session's title (as stored; the service masks it)
};

}  // namespace trame::methods
