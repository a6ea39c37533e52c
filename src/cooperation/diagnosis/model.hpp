// The shared diagnosis of a cooperation project: sections (context, resources, needs, inhabitants'
// voices, existing initiatives, and any a facilitator adds) written together in markdown. Every save
// is a new revision, kept with who wrote it and when; a section's `revision` is the number of its
// latest one (0: never written). A save names the revision it started from and is written only if
// that is still the latest (docs/cooperation/diagnosis.md, "the merge rule").
#pragma once
#include <string>
#include <vector>

namespace trame::diagnosis {

// The sections every project starts with, in this order (their titles come from the catalogue,
// diagnosis.defaults.<key>; a facilitator may rename them).
inline const std::vector<std::string>& default_keys() {
  static const std::vector<std::string> list = {"context", "resources", "needs", "voices", "initiatives"};
  return list;
}

// A section's body is at most this many characters, its title this many.
inline constexpr std::size_t kMaxBody = 100000;
inline constexpr std::size_t kMaxTitle = 200;

struct Section {
  long long id = 0, project_id = 0;
  std::string key;  // one of default_keys(), '' for a section a facilitator added
  std::string title;
  long long position = 0;
  long long revision = 0;  // the latest revision's number, 0 when never written
  std::string body;        // the latest revision's text
  long long updated_at = 0;
  long long updated_by = 0;
  std::string updated_by_name;
};

struct Revision {
  long long id = 0, section_id = 0;
  long long number = 0;  // 1, 2, 3… within the section
  std::string body;
  long long author_id = 0;
  std::string author_name;
  long long created_at = 0;
};

}  // namespace trame::diagnosis
