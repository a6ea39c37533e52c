// Questionnaires and their library of templates: sections, questions of every kind, conditions, versions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/definitions/model.hpp"
#include "questionnaires/definitions/repository.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::definitions {

// ---------------------------------------------------------------- pure rules (unit-tested)

const std::vector<std::string>& question_kinds();
const std::vector<std::string>& questionnaire_kinds();
// Kinds a condition may point to: single, yesno, scale, nps.
bool is_closed_kind(const std::string& kind);
// Whether a closed question can take this value (a choice label, 'oui'/'non', 1-5, 0-10).
bool condition_value_ok(const Question& target, const std::string& value);
// "12", "-3,5", "4.25" → a number; nullopt when not a number.
std::optional<double> parse_number(const std::string& text);
// The catalogue key of the first broken condition of q within d (questions in order: sections, then
// positions): it must point to an EARLIER live question of a closed kind and a value it can take. "" when fine.
std::string condition_error(const Definition& d, const Question& q);
// Every live question of d: its first broken condition ("" when none); culprit gets the question's id.
std::string first_condition_error(const Definition& d, long long* culprit = nullptr);

// What the question form sends.
struct QuestionInput {
  long long section_id = 0;
  std::string kind, label, help;
  bool required = false;
  std::string options;
  bool allow_other = false;
  std::string items, low_label, high_label, min_value, max_value;
  long long show_if_question = 0;
  std::string show_if_value, objective;
  bool quotable = false;  // long only: the respondent may consent to be quoted on the public site
};

// Validates the input for question `id` (0: a new one, appended to its section) and builds it. On
// failure the outcome names the catalogue key and the field. `d` holds every question (archived too).
Outcome build_question(const Definition& d, long long id, const QuestionInput& in, Question& out);

struct QuestionnaireInput {
  std::string title, description, kind, status;
  bool anonymous = true;
};

struct NewInput {
  long long organisation_id = 0;
  long long source_id = 0;     // a template or another questionnaire (0: blank)
  long long programme_id = 0;  // objectives (positioning, follow-up)
  std::string title, kind;
  bool anonymous = true;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, const web::Catalogue& catalogue, std::string public_url)
      : db_(db), audit_(audit), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  long long run_due(long long now);
  void load_demo(const Actor& actor);

  std::vector<Listed> list(const ActingFor& scope, const std::string& kind, const std::string& status, long long page,
                           long long per_page, long long& total);
  std::vector<Listed> library();
  std::optional<Definition> definition(long long id, bool include_archived = true);
  bool has_answers(long long questionnaire_id);
  std::vector<long long> answered_questions(long long questionnaire_id);
  std::vector<VersionEntry> versions(long long questionnaire_id);
  std::vector<Choice> organisations(const ActingFor& scope);
  std::vector<Choice> programmes(const ActingFor& scope);
  // The questionnaire a section / question belongs to (0: none).
  long long questionnaire_of_section(long long section_id);
  long long questionnaire_of_question(long long question_id);
  // The organisation owning a questionnaire (0: a template of the library); nullopt when absent.
  std::optional<long long> owner(long long questionnaire_id);

  // What the managers acting for `scope` (ctx.me().acting_for(perm::questionnaires_manage)) may do with a
  // questionnaire: not_found when it does not exist or belongs to an organisation outside the scope (the
  // same answer, so that an id reveals nothing); the library's templates (organisation 0) are read by
  // every manager and written by platform-wide ones only (forbidden otherwise). Every change below
  // checks it first, before its input.
  Outcome access(const ActingFor& scope, long long questionnaire_id, bool write);

  Outcome create(const Actor& actor, const ActingFor& scope, const NewInput& in);
  Outcome save(const Actor& actor, const ActingFor& scope, long long id, const QuestionnaireInput& in);
  Outcome add_section(const Actor& actor, const ActingFor& scope, long long questionnaire_id, const std::string& title,
                      const std::string& description);
  Outcome save_section(const Actor& actor, const ActingFor& scope, long long section_id, const std::string& title,
                       const std::string& description);
  Outcome move_section(const Actor& actor, const ActingFor& scope, long long section_id, bool up);
  Outcome remove_section(const Actor& actor, const ActingFor& scope, long long section_id);
  Outcome add_question(const Actor& actor, const ActingFor& scope, long long questionnaire_id, const QuestionInput& in);
  Outcome save_question(const Actor& actor, const ActingFor& scope, long long question_id, const QuestionInput& in);
  Outcome move_question(const Actor& actor, const ActingFor& scope, long long question_id, bool up);
  // Archived when the questionnaire has answers (answers kept), deleted otherwise.
  Outcome remove_question(const Actor& actor, const ActingFor& scope, long long question_id);

 private:
  std::string fr(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params = {}) const;
  // After a change: a new version when answers exist, else just the update time.
  void changed(soci::session& sql, const Actor& actor, long long questionnaire_id, bool answered,
               const std::string& summary, long long now);
  // The end of moving a section or a question (`what`: "section" or "question") once swapped in `d`:
  // refused when a condition would then point to a later question, else the new order (`ids`) saved,
  // the version's summary naming it (`name`) and the audit line.
  Outcome moved(soci::session& sql, const Actor& actor, const Definition& d, long long questionnaire_id,
                const std::string& what, long long id, const std::string& name, const std::vector<long long>& ids,
                long long now);

  store::Database& db_;
  audit::Service& audit_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// Whether a manager of a training session may read a questionnaire narrowed to that session
// (results' ?session=): only a questionnaire sent in the session — never another organisation's
// questionnaire picked by its id. Inside a read or write.
bool readable_for_session(soci::session& sql, long long questionnaire_id, long long session_id, bool session_manager);

void register_routes(web::App& app, Service& service);

}  // namespace trame::definitions
