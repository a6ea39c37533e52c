// Organisations: creation and edition (audited), listing, members.
#pragma once
#include "audit/service.hpp"
#include "core/outcome.hpp"
#include "organisations/repository.hpp"
#include "store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::organisations {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}
  Outcome create(const Actor& actor, const std::string& name, const std::string& kind);
  Outcome update(const Actor& actor, long long id, const std::string& name, const std::string& kind,
                 const std::string& status);
  std::optional<Organisation> find(long long id);
  std::vector<Organisation> page(const std::string& query, long long page, long long per_page, long long& total);
  std::vector<Member> members(long long id);
  std::vector<Organisation> all_active();

 private:
  Outcome validate(const std::string& name, const std::string& kind);
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::organisations
