// Impact studies of the ticketing network: questionnaire, relais, period, answers for pseudonymous people, restitution.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/impact/model.hpp"
#include "questionnaires/impact/repository.hpp"
#include "questionnaires/results/model.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::impact {

// Answering for a beneficiary: the one-time token of the invitation to follow (Q2's answering pages).
struct AnswerStart {
  Outcome outcome;
  std::string token;
  bool resumed = false;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, std::string public_url)
      : db_(db), audit_(audit), public_url_(std::move(public_url)) {}

  std::optional<Study> find(long long id);
  // The studies run by organisations `managed` covers, the open ones of relais the user is a referent
  // of, the published ones of networks / relais the user is a member of.
  std::vector<Study> list(const ActingFor& managed, const std::vector<long long>& referent_of,
                          const std::vector<long long>& member_of, long long page, long long per_page,
                          long long& total);
  std::vector<Choice> relais_of(long long study_id);
  std::vector<Choice> relais_candidates(const std::string& q);
  std::vector<Choice> organisations_by_id(const std::vector<long long>& ids);
  std::vector<Choice> network_candidates();
  std::vector<Choice> impact_questionnaires(const ActingFor& scope);
  bool has_template();
  std::optional<QuestionnaireInfo> questionnaire(long long id);

  // `scope`: the organisations the manager acts for (ctx.me().acting_for(perm::questionnaires_manage)).
  // A study of another organisation answers not_found, like one that does not exist.
  // Validates and creates a draft study (copying the library's impact template when asked); an
  // organisation outside the scope is refused as the form's "organisation" field.
  Outcome create(const Actor& actor, const ActingFor& scope, StudyInput in);
  // Changes a draft or open study: title, description, period, relais (a relais where answers were
  // started stays); the questionnaire only while a draft. The organisation never changes.
  Outcome update(const Actor& actor, const ActingFor& scope, long long id, StudyInput in);
  // draft/closed → open (creates the study's campaign once), open → closed, open/closed → published.
  Outcome open(const Actor& actor, const ActingFor& scope, long long id);
  Outcome close(const Actor& actor, const ActingFor& scope, long long id);
  Outcome publish(const Actor& actor, const ActingFor& scope, long long id);
  Outcome save_restitution(const Actor& actor, const ActingFor& scope, long long id, const std::string& text);

  // A referent starts (or resumes) the questionnaire for one of their beneficiaries. referent_of: the
  // organisations where the user is a referent.
  AnswerStart start_answer(const Actor& actor, const std::vector<long long>& referent_of, long long study_id,
                           long long beneficiary_id);
  std::vector<BeneficiaryChoice> beneficiaries_for(const std::vector<long long>& orgs, long long campaign_id);

  std::vector<RelaisProgress> progress(const Study& s);
  long long responses(const Study& s);
  std::vector<Figure> figures(const Study& s);
  // The results module's report of the study's responses (low-response guard included), cross-tabulated
  // by one attribute of the responses ('organisation': per relais; '' none).
  results::Report report(const Study& s, const std::string& cross_by);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  store::Database& db_;
  audit::Service& audit_;
  std::string public_url_;
  Repository repo_;
};

// Last second of a local day (Europe/Paris) 'YYYY-MM-DD' (calendar's parse_date); 0 when not a date.
long long end_of_day(const std::string& d);
// The coarse facts copied from an invitation to its response (cross-tabulation): JSON
// {"organisation":"<relais id>","delegation":"<name>" (when known),"age_band":"<band>"}.
std::string invitation_attributes(long long relais, const std::string& delegation, const std::string& age_band);
// 'YYYY-Www' (ISO week) of a unix time, local.
std::string iso_week(long long t);

void register_routes(web::App& app, Service& service);

}  // namespace trame::impact
