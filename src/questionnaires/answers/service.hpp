// Answering a questionnaire: one page per section, conditions, drafts, validation, tokens used once, anonymity.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/answers/model.hpp"
#include "questionnaires/answers/repository.hpp"
#include "questionnaires/answers/submit.hpp"
#include "questionnaires/definitions/model.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::answers {

// A draft between two pages or two visits.
struct Draft {
  bool exists = false;
  int version = 0;  // the questionnaire's version when it was saved
  int section = 0;  // 0-based: the last section shown
  Values values;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, std::string public_url)
      : db_(db), audit_(audit), public_url_(std::move(public_url)) {}

  std::optional<Invitation> by_token(const std::string& token);
  // Answers whose respondents agreed to be quoted, for the public site's editors (website/quotes).
  std::vector<ConsentedAnswer> consented_answers(long long page, long long per_page, long long& total);
  std::optional<ConsentedAnswer> consented_answer(long long answer_id);
  // An invitation of `me` (nullopt: none, or another person's: the same answer).
  std::optional<Invitation> by_id(const Principal& me, long long id);
  // The invitation one already holds (by its token or as its person), as it is now.
  std::optional<Invitation> reload(const Invitation& held);
  std::optional<definitions::Definition> definition(long long questionnaire_id);
  // "" when the invitation can be answered now, else the catalogue key: answers.errors.already_answered,
  // answers.errors.expired, answers.errors.not_open.
  static std::string state(const Invitation& inv, long long now);
  Draft draft(long long invitation_id);
  void save_draft(long long invitation_id, const Draft& draft);
  // Submits (one transaction). Named questionnaires get an audit entry; anonymous ones none.
  Outcome submit(const Actor& actor, long long invitation_id, const Values& values);
  std::vector<ToAnswer> mine(long long user_id, long long page, long long per_page, long long& total);
  // The first `limit` questionnaires the person has still to fill (open campaigns), and how many in all.
  std::vector<ToAnswer> to_fill(long long user_id, long long limit, long long& total);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

  static std::string draft_json(const Draft& d);
  static Draft parse_draft(const std::string& json);

 private:
  store::Database& db_;
  audit::Service& audit_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// The dashboard's panel of the questionnaires the person has to fill (none when there is none).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::answers
