// A certification's referential: what it certifies (blocks of competences, each competence assessed
// by criteria, each criterion by one evaluation modality), who delivers it, and its versions. A
// version is edited in place until a registration is made on it; after that an edit makes the next
// version (a copy of everything, then the change), and the locked one stays readable.
#pragma once
#include <string>
#include <vector>

namespace trame::referential {

inline const std::vector<std::string>& registers() {
  static const std::vector<std::string> r = {"rs", "rncp"};  // répertoire spécifique, RNCP
  return r;
}

// What evaluates a criterion: the situational exercise, the oral defence before the jury, the
// written report.
inline const std::vector<std::string>& modalities() {
  static const std::vector<std::string> m = {"exercise", "defence", "report"};
  return m;
}

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"draft", "published", "archived"};
  return s;
}

struct Certification {
  long long id = 0;
  long long owner_id = 0;
  std::string owner_name;  // read only
  std::string status = "draft";
  long long current_version = 1;
  long long updated_at = 0;
};

// The description of one version (the form's fields are the editable ones).
struct Version {
  long long id = 0;
  long long certification_id = 0;
  long long number = 1;
  std::string title;
  std::string register_ = "rs";
  std::string registration_number;
  std::string decision_date;  // 'YYYY-MM-DD'
  std::string validity_end;   // 'YYYY-MM-DD'
  std::string summary, audience, prerequisites, modalities, equivalences;
  long long created_at = 0;
  long long locked_at = 0;  // the first registration on it; 0 while editable
};

struct Criterion {
  long long id = 0;
  long long competence_id = 0;
  long long position = 0;
  std::string title;
  std::string modality;
};

struct Competence {
  long long id = 0;
  long long block_id = 0;
  long long position = 0;
  std::string title;
  std::vector<Criterion> criteria;
};

struct Block {
  long long id = 0;
  long long version_id = 0;
  long long position = 0;
  std::string code, title, description;
  std::vector<Competence> competences;
};

// A version with its blocks, competences and criteria, in their order.
struct Referential {
  Certification certification;
  Version version;
  std::vector<Block> blocks;
};

// Where an element of the tree sits: its certification and version (what an edit needs to know
// whether to make a new version first).
struct Place {
  long long certification_id = 0;
  long long owner_id = 0;
  long long version_id = 0;
  long long version_number = 0;
  long long locked_at = 0;
  long long current_version = 0;
};

// A programme that prepares a certification, and which of its modules prepare which competences.
struct PreparedBy {
  long long programme_id = 0;
  std::string programme_title, organiser_name;
  struct Module {
    long long id = 0;
    std::string title;
    std::vector<long long> competences;  // of the certification's current version
  };
  std::vector<Module> modules;
};

struct Choice {
  long long id = 0;
  std::string label;
};

// A certification is published only when it says what it is registered as and what it assesses:
// the first failing rule's catalogue key, or "" when it may be published.
std::string publish_problem(const Referential& r);
// 'YYYY-MM-DD' of a real day, or empty.
bool valid_day(const std::string& text);

}  // namespace trame::referential
