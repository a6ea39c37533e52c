// The SQL of the certificate holders' follow-up (holders.cpp), a second repository of the campaigns module.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

namespace trame::campaigns {

// A certificate whose holder is due the follow-up questionnaire.
struct Due {
  long long certificate_id = 0;
  long long certification_id = 0;
  long long owner_id = 0;
  long long user_id = 0;
  std::string certification_title, name, email;
};

class HoldersRepository {
 public:
  // Certificates issued in [from, to], not revoked, not followed up, whose certifier has a published
  // questionnaire of kind 'holders', with their holder (an enabled account with an address); at most limit.
  std::vector<Due> due_certificates(soci::session& sql, long long from, long long to, long long limit) const;
  // The certifier's published questionnaire of kind 'holders' (the last changed), 0 when none.
  long long holders_questionnaire(soci::session& sql, long long organisation_id) const;
  // The holders' sending of the certification for the month, 0 when none yet.
  long long month_campaign(soci::session& sql, long long certification_id, const std::string& month) const;
  void insert_month_campaign(soci::session& sql, long long certification_id, const std::string& month,
                             long long campaign_id) const;
  // The conditional insert that follows a certificate up once: false when it already was.
  bool claim_followup(soci::session& sql, long long certificate_id, long long campaign_id, long long now) const;
  // The competence blocks of the certification's current version, as "BC01 — title", in order.
  std::vector<std::string> block_labels(soci::session& sql, long long certification_id) const;
  // The first certification owned by the organisation of that name (demo data): {id, owner}, {0, 0} when none.
  std::pair<long long, long long> first_certification_of(soci::session& sql, const std::string& owner_name) const;
};

}  // namespace trame::campaigns
