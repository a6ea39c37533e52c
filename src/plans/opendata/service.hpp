// Open data per commune and month (public, docs/plans.md « Open data »). Computed on each request from the
// figures kept by triggers with the bookings (no cache: always exact): one query over the slots, one over
// the people per commune and month.
#pragma once
#include <vector>

#include "plans/opendata/model.hpp"
#include "plans/opendata/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Sitemap;
}  // namespace trame::web

namespace trame::plans::opendata {

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  // Every month (oldest first) and commune (by INSEE code) with at least one used booking.
  std::vector<CommuneMonth> dataset();

 private:
  store::Database& db_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// /donnees-ouvertes in /sitemap.xml (the CSV is linked from it).
void register_sitemap(web::Sitemap& sitemap);

}  // namespace trame::plans::opendata
