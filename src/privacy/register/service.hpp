// The processing register (docs/privacy.md « Register »): generated on each request from the modules'
// processings (rules.cpp) and the retention settings, so that a changed setting changes the register at
// once; exported as a streamed CSV and as the DPIA's support document (PDF) with the DPO's sign-off left
// blank. Who: privacy.manage (administrators, the data protection officer).
#pragma once
#include <string>
#include <vector>

#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "privacy/register/model.hpp"
#include "privacy/register/repository.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::privacy::register_ {

class Service {
 public:
  Service(store::Database& db, const web::Catalogue& catalogue) : db_(db), catalogue_(catalogue) {}

  // The register now, its texts in `locale`.
  Register build(const std::string& locale, long long now) const;
  // The CSV's lines: a header, then one line per processing (measures joined by « ; »).
  std::vector<std::vector<std::string>> csv_lines(const Register& r, const std::string& locale) const;
  // The DPIA support document (PDF bytes), in French; `pages`: its page count.
  std::string dpia_pdf(const Register& r, int* pages = nullptr) const;

 private:
  std::string t(const std::string& locale, const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t(locale, key, params);
  }
  store::Database& db_;
  const web::Catalogue& catalogue_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::privacy::register_
