// SQL of the legal module (table training_legal_data: one row per training organisation).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/legal/model.hpp"

namespace trame::legal {

class Repository {
 public:
  // The organisation's legal data (nullopt when none was entered).
  std::optional<LegalData> find(soci::session& sql, long long organisation_id) const;
  // Every organisation's legal data, by organisation id.
  std::vector<LegalData> all(soci::session& sql) const;
  // The organisation's name; nullopt when there is no such organisation.
  std::optional<std::string> organisation_name(soci::session& sql, long long organisation_id) const;

  // Makes the organisation's row when it has none (left as it is otherwise).
  void ensure(soci::session& sql, long long organisation_id, long long now) const;
  // Writes the form's data to the organisation's row.
  void update(soci::session& sql, const LegalData& d, long long by, long long now) const;
  // Claims the expiry notice of the certificate ending on `valid_until`: true when this write set it
  // (not sent yet for that end day).
  bool claim_expiry_notice(soci::session& sql, long long organisation_id, const std::string& valid_until) const;
  // The e-mail addresses of the organisation's training staff and coordinators (active accounts), sorted.
  std::vector<std::string> manager_emails(soci::session& sql, long long organisation_id) const;
};

}  // namespace trame::legal
