#pragma once
#include "platform/site/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::site {

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  Figures figures();

 private:
  store::Database& db_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::site
