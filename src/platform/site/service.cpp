#include "platform/site/service.hpp"

namespace trame::site {

Figures Service::figures() {
  return db_.read([&](soci::session& sql) { return repo_.figures(sql, store::now_seconds()); });
}

}  // namespace trame::site
