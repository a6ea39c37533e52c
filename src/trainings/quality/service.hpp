// Quality registers: complaints, improvement actions, the Qualiopi evidence page per programme, yearly figures for the
// pedagogical and financial statement.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "trainings/quality/model.hpp"
#include "trainings/quality/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::quality {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // Registers are scoped by the organisations the user acts for with trainings.manage
  // (Principal::acting_for): a complaint of another organisation is not found.
  std::vector<Choice> organisers();
  std::vector<Choice> programmes();
  std::vector<Choice> sessions();
  std::vector<Choice> members(const ActingFor& scope);
  std::vector<Choice> complaint_choices(const ActingFor& scope);
  std::vector<Choice> dropout_choices(const ActingFor& scope);

  // Complaints.
  Outcome file_complaint(const Actor& actor, const ComplaintInput& in);
  std::vector<Complaint> complaints(const ActingFor& scope, const ComplaintFilter& f, long long offset, long long limit,
                                    long long& total);
  // Complaints still to answer in the scope: the first `limit`, nearest due date first, and the total.
  std::vector<Complaint> due_complaints(const ActingFor& scope, long long limit, long long& total);
  // The complaint when it exists and belongs to an organisation in the scope; nullopt otherwise.
  std::optional<Complaint> complaint(const ActingFor& scope, long long id);
  Outcome assign(const Actor& actor, const Complaint& c, long long user_id);
  Outcome answer(const Actor& actor, const Complaint& c, const std::string& text);
  Outcome close(const Actor& actor, const Complaint& c, const std::string& note);
  void record_export(const Actor& actor, const std::string& what, const std::string& format, long long rows);

  // Improvement actions.
  Outcome create_action(const Actor& actor, const ActingFor& scope, const ActionInput& in);
  std::optional<Action> action(const ActingFor& scope, long long id);  // nullopt outside the scope
  std::vector<Action> actions(const ActingFor& scope, long long offset, long long limit, long long& total);
  std::vector<Action> actions_of_complaint(long long complaint_id);
  Outcome update_action(const Actor& actor, const Action& a, const std::string& status, const std::string& result);

  // Qualiopi evidence (texts in `locale`) and yearly figures.
  std::optional<ProgrammeFacts> programme_facts(const ActingFor& scope, long long programme_id);  // idem
  std::vector<Indicator> indicators(const ProgrammeFacts& f, const std::string& locale);
  YearFigures year_figures(long long organisation_id, int year);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  std::string t(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params = {}) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// Training staff's complaints to answer, the nearest due date first, on /tableau-de-bord.
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::quality
