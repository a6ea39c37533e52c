#include "questionnaires/definitions/definition.hpp"

#include "platform/store/row.hpp"

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

namespace {

using store::as_double;
using store::as_id;
using store::as_text;

}  // namespace

std::optional<Definition> load_definition(soci::session& sql, long long questionnaire_id, bool include_archived) {
  Definition d;
  auto& q = d.questionnaire;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, organisation_id, title, description, kind, anonymous, "
                        "is_template, template_key, source_id, programme_id, version, status, "
                        "created_at, updated_at FROM questionnaires WHERE id = :id",
         soci::use(questionnaire_id));
    bool found = false;
    for (const auto& r : rows) {
      found = true;
      q.id = as_id(r, 0);
      q.organisation_id = as_id(r, 1);
      q.title = as_text(r, 2);
      q.description = as_text(r, 3);
      q.kind = as_text(r, 4);
      q.anonymous = as_id(r, 5) != 0;
      q.is_template = as_id(r, 6) != 0;
      q.template_key = as_text(r, 7);
      q.source_id = as_id(r, 8);
      q.programme_id = as_id(r, 9);
      q.version = static_cast<int>(as_id(r, 10));
      q.status = as_text(r, 11);
      q.created_at = as_id(r, 12);
      q.updated_at = as_id(r, 13);
    }
    if (!found) return std::nullopt;
  }
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, position, title, description FROM questionnaire_sections "
                        "WHERE questionnaire_id = :id ORDER BY position, id",
         soci::use(questionnaire_id));
    for (const auto& r : rows) {
      Section s;
      s.id = as_id(r, 0);
      s.questionnaire_id = questionnaire_id;
      s.position = static_cast<int>(as_id(r, 1));
      s.title = as_text(r, 2);
      s.description = as_text(r, 3);
      d.sections.push_back(s);
    }
  }
  d.questions.resize(d.sections.size());
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, section_id, position, kind, label, help, required, options, "
                      "allow_other, items, low_label, high_label, min_value, max_value, "
                      "show_if_question, show_if_value, objective, archived "
                      "FROM questionnaire_questions WHERE questionnaire_id = :id "
                      "ORDER BY position, id",
       soci::use(questionnaire_id));
  for (const auto& r : rows) {
    Question x;
    x.id = as_id(r, 0);
    x.questionnaire_id = questionnaire_id;
    x.section_id = as_id(r, 1);
    x.position = static_cast<int>(as_id(r, 2));
    x.kind = as_text(r, 3);
    x.label = as_text(r, 4);
    x.help = as_text(r, 5);
    x.required = as_id(r, 6) != 0;
    x.options = split_lines(as_text(r, 7));
    x.allow_other = as_id(r, 8) != 0;
    x.items = split_lines(as_text(r, 9));
    x.low_label = as_text(r, 10);
    x.high_label = as_text(r, 11);
    x.min_value = as_double(r, 12);
    x.max_value = as_double(r, 13);
    x.show_if_question = as_id(r, 14);
    x.show_if_value = as_text(r, 15);
    x.objective = as_text(r, 16);
    x.archived = as_id(r, 17) != 0;
    if (x.archived && !include_archived) continue;
    for (std::size_t i = 0; i < d.sections.size(); ++i)
      if (d.sections[i].id == x.section_id) d.questions[i].push_back(x);
  }
  return d;
}

}  // namespace trame::definitions
