// Support requests' records (docs/network_life/support_requests.md): the request, its follow-up entries,
// and an organisation to choose.
#pragma once
#include <string>

namespace trame::support_requests {

struct Request {
  long long id = 0, organiser_id = 0, relais_id = 0, requested_by = 0;
  std::string organiser_name, relais_name, requested_by_name;
  std::string subject, context, audience, wished_period;
  std::string status;  // requested, scheduled, closed
  long long appointment_at = 0;
  std::string appointment_place;
  bool appointment_online = false;
  std::string notes;  // internal
  std::string outcome, summary;
  long long created_at = 0, updated_at = 0, closed_at = 0;
};

struct Followup {
  std::string body, name;
  long long written_at = 0;
};

struct Choice {
  long long id = 0;
  std::string name;
};

}  // namespace trame::support_requests
