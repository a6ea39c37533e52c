// The yearly activity report of an organisation (docs/plans.md « Yearly report »): a tagged PDF (cover,
// key figures, one chapter per axis of the plan, consented quotes, annex of tables) and an XLSX with one
// sheet per table, made from the plan whose period ends in the year and from the plans' catalogue of
// computed indicators (the same queries as the plan's page). Who may download it: plans.manage in the
// organisation (administrators everywhere), as the plans; the CLI `trame report yearly` makes both files.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "plans/dashboards/repository.hpp"
#include "plans/plans/repository.hpp"
#include "plans/reports/model.hpp"
#include "plans/reports/repository.hpp"
#include "platform/core/permissions.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::plans::reports {

// The years a report may be asked for: 2000 to next year (Paris time of `now`).
bool valid_year(long long year, long long now);
// « rapport-activite-<organisation>-<year>.pdf » (or `extension`, e.g. ".xlsx").
std::string file_name(const Report& r, const std::string& extension);

class Service {
 public:
  Service(store::Database& db, const web::Catalogue& catalogue) : db_(db), catalogue_(catalogue) {}

  // Whether `me` may have the report of this organisation (plans.manage there; nullopt-free check).
  static bool may_read(const Principal& me, long long organisation_id) {
    return me.can_in(perm::plans_manage, organisation_id);
  }
  // The report of the organisation for the year, computed now (nullopt: no such organisation). The year
  // must be valid (valid_year). No access check: the caller checks (may_read; the CLI is the operator).
  std::optional<Report> build(long long organisation_id, int year, long long now) const;
  // The PDF's bytes; `pages`: its page count.
  std::string pdf(const Report& r, int* pages = nullptr) const;
  // The workbook, one sheet per table (the key figures, the indicators, then the annex's tables); the
  // caller closes it.
  std::unique_ptr<docs::XlsxFile> xlsx(const Report& r) const;
  std::string fr(const std::string& key, const web::Params& params = {}) const;

 private:
  store::Database& db_;
  const web::Catalogue& catalogue_;
  Repository repo_;
  plans::Repository plans_;
  mutable dashboards::Repository dashboards_;
};

void register_routes(web::App& app, Service& service);
// The demo's season 2023-2024 of a relais of Cultures du Cœur 94 (demo.cpp); does nothing when it exists.
void load_demo(store::Database& db);

}  // namespace trame::plans::reports
