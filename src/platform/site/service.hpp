#pragma once
#include "platform/site/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::site {

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  Figures figures();

 private:
  store::Database& db_;
  Repository repo_;
};

// The home page and the dashboard, whose panels the domains add to `dashboard`.
void register_routes(web::App& app, Service& service, const web::Dashboard& dashboard);

}  // namespace trame::site
