#include "questionnaires/definitions/definition.hpp"

#include "questionnaires/definitions/repository.hpp"

#include <sstream>

namespace trame::definitions {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto b = line.find_first_not_of(" \t\r");
    auto e = line.find_last_not_of(" \t\r");
    if (b == std::string::npos) continue;
    out.push_back(line.substr(b, e - b + 1));
  }
  return out;
}

std::optional<Definition> load_definition(soci::session& sql, long long questionnaire_id, bool include_archived) {
  auto questionnaire = select_questionnaire(sql, questionnaire_id);
  if (!questionnaire) return std::nullopt;
  Definition d;
  d.questionnaire = *questionnaire;
  d.sections = select_sections(sql, questionnaire_id);
  d.questions.resize(d.sections.size());
  for (auto& x : select_questions(sql, questionnaire_id)) {
    if (x.archived && !include_archived) continue;
    for (std::size_t i = 0; i < d.sections.size(); ++i)
      if (d.sections[i].id == x.section_id) d.questions[i].push_back(x);
  }
  return d;
}

}  // namespace trame::definitions
