// Answering a questionnaire: one page per section, conditions, drafts, validation, tokens used once, anonymity.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/service.hpp"
#include "core/outcome.hpp"
#include "mail/service.hpp"
#include "store/database.hpp"
#include "answers/model.hpp"
#include "answers/repository.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::answers {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::answers
