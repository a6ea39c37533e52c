// SQL of the sitemap: the public objects of the domains search engines are told about. Only what an
// anonymous visitor may open is listed (the same conditions as those domains' public pages).
#pragma once
#include <vector>

#include <soci/soci.h>

#include "website/seo/model.hpp"

namespace trame::website::seo {

class Repository {
 public:
  // Published training programmes (/formations/programmes/{id}).
  std::vector<Published> published_programmes(soci::session& sql);
  // Sessions of published programmes, cancelled ones left out (/formations/sessions/{id}).
  std::vector<Published> public_sessions(soci::session& sql);
  // Published certifications (/certifications/{id} and their results, /certifications/{id}/chiffres).
  std::vector<Published> published_certifications(soci::session& sql);
};

}  // namespace trame::website::seo
