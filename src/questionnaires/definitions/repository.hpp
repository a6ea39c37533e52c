// SQL of the questionnaires module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/definitions/model.hpp"

namespace trame::definitions {

// A questionnaire as listed (with its organisation's name and counts).
struct Listed {
  Questionnaire q;
  std::string organisation;
  long long questions = 0;
  bool answered = false;
};

struct VersionEntry {
  int version = 0;
  std::string summary;
  std::string who;
  long long changed_at = 0;
};

struct Choice {
  long long id = 0;
  std::string label;
  long long organisation_id = 0;
};

// Plain SQL, shared by the service and the template library.
long long insert_questionnaire(soci::session& sql, const Questionnaire& q, long long actor_id, long long now);
long long insert_section(soci::session& sql, long long questionnaire_id, int position, const std::string& title,
                         const std::string& description);
long long insert_question(soci::session& sql, const Question& q, long long now);
std::string join_lines(const std::vector<std::string>& lines);
// The questionnaire row with this id; nullopt when absent.
std::optional<Questionnaire> select_questionnaire(soci::session& sql, long long questionnaire_id);
// The sections of a questionnaire, by position then id.
std::vector<Section> select_sections(soci::session& sql, long long questionnaire_id);
// Every question of a questionnaire, archived ones included, by position then id; options and
// items split into lines.
std::vector<Question> select_questions(soci::session& sql, long long questionnaire_id);
// The id of the shipped template with this key (0 when absent).
long long select_template_id(soci::session& sql, const std::string& key);
// Whether the questionnaire has a section of this title; the highest section position (0 when none).
bool has_section_titled(soci::session& sql, long long questionnaire_id, const std::string& title);
int last_section_position(soci::session& sql, long long questionnaire_id);
// Attaches a questionnaire to a training session, published.
void publish_for_session(soci::session& sql, long long questionnaire_id, long long session_id);
// A training programme's title and objectives (one per line, empty when NULL) for a copy made
// for it; nullopt when the programme does not exist.
struct ProgrammeObjectives {
  std::string title;
  std::string objectives;
};
std::optional<ProgrammeObjectives> select_programme_objectives(soci::session& sql, long long programme_id);

class Repository {
 public:
  // The questions of a questionnaire that have at least one answer.
  std::vector<long long> answered_questions(soci::session& sql, long long questionnaire_id);
  void set_title(soci::session& sql, long long questionnaire_id, const std::string& title);
  void publish(soci::session& sql, long long questionnaire_id);
  // The demo's owners: an organisation by name, its programme by title (0: none).
  long long organisation_by_name(soci::session& sql, const std::string& name);
  long long programme_by_title(soci::session& sql, long long organiser_id, const std::string& title);
  // organisations: the scope (empty and all = false: nothing).
  std::vector<Listed> list(soci::session& sql, bool all, const std::vector<long long>& organisations,
                           const std::string& kind, const std::string& status, long long page, long long per_page,
                           long long& total);
  std::vector<Listed> library(soci::session& sql);
  bool has_answers(soci::session& sql, long long questionnaire_id);
  bool question_has_answers(soci::session& sql, long long question_id);
  // The questionnaire a section or a question belongs to (0 when absent).
  long long questionnaire_of_section(soci::session& sql, long long section_id);
  long long questionnaire_of_question(soci::session& sql, long long question_id);
  long long organisation_of(soci::session& sql, long long questionnaire_id, bool& found);
  // Whether the questionnaire was sent in the training session (a sending of it targets the session).
  bool sent_in_session(soci::session& sql, long long questionnaire_id, long long session_id);
  std::vector<VersionEntry> versions(soci::session& sql, long long questionnaire_id);
  // Bumps the version and records what changed.
  void bump_version(soci::session& sql, long long questionnaire_id, const std::string& summary, long long actor_id,
                    long long now);
  std::vector<Choice> organisations(soci::session& sql, bool all, const std::vector<long long>& ids);
  std::vector<Choice> programmes(soci::session& sql, bool all, const std::vector<long long>& organisations);
  long long programme_organisation(soci::session& sql, long long programme_id);
  void update_questionnaire(soci::session& sql, const Questionnaire& q, long long now);
  void update_section(soci::session& sql, long long id, const std::string& title, const std::string& description);
  void update_question(soci::session& sql, const Question& q, long long now);
  void set_section_positions(soci::session& sql, const std::vector<long long>& ids);
  void set_question_positions(soci::session& sql, const std::vector<long long>& ids);
  long long questions_in_section(soci::session& sql, long long section_id);
  void delete_section(soci::session& sql, long long id);
  void delete_question(soci::session& sql, long long id);
  void archive_question(soci::session& sql, long long id, long long now);
  void touch(soci::session& sql, long long questionnaire_id, long long now);
  long long demo_copy(soci::session& sql, long long organisation_id, long long source_id, long long programme_id);
};

}  // namespace trame::definitions
