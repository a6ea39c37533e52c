// First install without the demo: on a database with no account, creates the owner organisation
// and its first administrator in one transaction, for `trame init` and the first-run page. Once an
// account exists, every use is refused ("setup.errors.already_installed") and the page is gone.
#pragma once
#include <mutex>
#include <string>

#include "platform/accounts/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "network/organisations/service.hpp"
#include "app/setup/model.hpp"
#include "app/setup/repository.hpp"
#include "platform/store/database.hpp"
#include "network/territory/service.hpp"

namespace trame::web {
class App;
}

namespace trame::setup {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, organisations::Service& organisations,
          accounts::Service& accounts, territory::Service& territory)
      : db_(db), audit_(audit), organisations_(organisations), accounts_(accounts), territory_(territory) {}

  // Whether an account exists (then there is nothing to install).
  bool installed();

  // The first-run page's one-time token, made at start when nothing is installed (empty otherwise).
  // The page opens from the server's own machine (a direct loopback request, no proxy in between) or
  // with this token; its use ends with the install.
  std::string open_first_run();
  bool may_use_first_run(bool direct_loopback, const std::string& token);

  // Creates the organisation and the administrator, or nothing: a failure is a catalogue key with
  // the field at fault ("setup.errors.*", "organisations.errors.*", "accounts.errors.*").
  Outcome install(const Actor& actor, Installation in, Installed& done);

 private:
  Outcome find_commune(const std::string& wanted, std::string& code, std::string& name);

  store::Database& db_;
  audit::Service& audit_;
  organisations::Service& organisations_;
  accounts::Service& accounts_;
  territory::Service& territory_;
  Repository repo_;
  std::mutex token_mutex_;
  std::string first_run_token_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::setup
