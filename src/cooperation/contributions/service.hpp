// Inhabitants' contributions (model.hpp). Who may do what comes from projects::Access: whoever reads
// the project reads its contributions; facilitators record, correct and delete them
// (Access::facilitates); members link them to diagnosis sections and decisions (Access::contributes).
// A project (or contribution) the person may not see answers like a missing id (404).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cooperation/contributions/model.hpp"
#include "cooperation/contributions/repository.hpp"
#include "cooperation/decisions/service.hpp"
#include "cooperation/diagnosis/service.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::contributions {

struct ContributionPage {
  projects::Access access;
  std::vector<Contribution> items;
  long long total = 0;
  int page = 1, pages = 1;
  std::vector<diagnosis::SectionSummary> sections;  // for the filter
};

struct ContributionView {
  projects::Access access;
  Contribution contribution;
  std::vector<SectionLink> sections;                       // linked, with their titles
  std::vector<DecisionLink> decisions;                     // linked, with their titles and status
  std::vector<diagnosis::SectionSummary> section_choices;  // the project's sections not linked yet
  std::vector<decisions::Summary> decision_choices;        // the project's decisions not linked yet
};

class Service {
 public:
  static constexpr int kPerPage = 20;

  // Registers with the diagnosis the list of a section's linked contributions (its page shows them).
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects, diagnosis::Service& diagnosis,
          decisions::Service& decisions);

  Outcome list(const Principal& me, long long project_id, const Filter& filter, int page, ContributionPage& out);
  Outcome view(const Principal& me, long long project_id, long long id, ContributionView& out);
  // Facilitators only. Refused (invalid): a kind not in kinds(), a number of people that is not a
  // whole number from 1 to kMaxPeople, no place, a day that is not one or is after today, no text.
  Outcome create(const Actor& actor, const Principal& me, long long project_id, const ContributionForm& form);
  Outcome update(const Actor& actor, const Principal& me, long long project_id, long long id,
                 const ContributionForm& form);
  Outcome remove(const Actor& actor, const Principal& me, long long project_id, long long id);
  // Members: a section or decision of the same project (else invalid: the form's choice was not one).
  Outcome link_section(const Actor& actor, const Principal& me, long long project_id, long long id,
                       long long section_id);
  Outcome unlink_section(const Actor& actor, const Principal& me, long long project_id, long long id,
                         long long section_id);
  Outcome link_decision(const Actor& actor, const Principal& me, long long project_id, long long id,
                        long long decision_id);
  Outcome unlink_decision(const Actor& actor, const Principal& me, long long project_id, long long id,
                          long long decision_id);

  // A section's linked contributions, for the diagnosis' section page (the newest 20).
  std::vector<diagnosis::LinkedContribution> linked_to_section(long long project_id, long long section_id);

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  // The form checked into a contribution (refuses with the field at fault).
  Contribution checked(const ContributionForm& form, long long today_start) const;
  Outcome link_change(const Actor& actor, const Principal& me, long long project_id, long long id,
                      const std::string& action, const std::function<bool(soci::session&)>& change);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  diagnosis::Service& diagnosis_;
  decisions::Service& decisions_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::contributions
