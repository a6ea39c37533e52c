// Partnerships of the network: a link between two organisations of the directory (usually the
// network's organiser and a relais, a cultural or sport partner, a funder…), with its dates, the
// ethical charter the partner signed, a contact person, a status and its history.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

namespace trame::partnerships {

// social_relay: a relais social (its referents book invitations once the charter is signed).
inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"social_relay", "cultural", "sport", "funder", "co_organiser"};
  return k;
}

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"proposed", "active", "ended"};
  return s;
}

// The statuses a partnership may move to from `from`: proposed → active → ended; a proposal that
// comes to nothing may be ended directly. Nothing leaves "ended", and nothing goes back.
inline std::vector<std::string> next_statuses(const std::string& from) {
  if (from == "proposed") return {"active", "ended"};
  if (from == "active") return {"ended"};
  return {};
}

inline bool transition_allowed(const std::string& from, const std::string& to) {
  auto next = next_statuses(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

struct Partnership {
  long long id = 0;
  long long organisation_id = 0;  // the carrying side: the network's organiser, or a first organisation
  std::string organisation_name;  // read only
  long long partner_id = 0;       // the partner (the relais, for a social_relay partnership)
  std::string partner_name;       // read only
  std::string kind;
  std::string status = "proposed";
  std::string start_date;                // 'YYYY-MM-DD'
  std::string end_date;                  // 'YYYY-MM-DD' or empty
  std::string charter_signed_on;         // 'YYYY-MM-DD' or empty: the partner signed the network's ethical charter
  long long charter_recorded_by = 0;     // user id of who recorded the signature
  std::string charter_recorded_by_name;  // read only
  std::string contact_name;
  std::string contact_email;
  std::string notes;
  long long created_at = 0;
  long long updated_at = 0;
};

// One line of a partnership's history.
struct Event {
  long long id = 0;
  long long partnership_id = 0;
  long long at = 0;
  long long actor_id = 0;
  std::string actor_name;  // the user's name, or the label recorded (e-mail, "démo")
  std::string action;      // created, updated, status_changed, charter_signed
  std::string from_status;
  std::string to_status;
  std::string detail;  // updated: comma-separated field keys; charter_signed: the date
  std::string note;    // the comment given with a status change
};

// Filters of the list; empty or 0 means "any".
struct Filter {
  std::string status;
  std::string kind;
  std::string text;               // organisation name (either side), accent- and case-insensitive
  long long organisation_id = 0;  // either side
};

struct OrganisationChoice {
  long long id = 0;
  std::string name;
  std::string commune;  // the commune's name, or empty
};

// A document attached to a partnership (signed agreement, charter…). Never hard-deleted.
struct Document {
  long long id = 0;
  long long partnership_id = 0;
  std::string file_name;
  std::string content_type;
  long long size = 0;
  std::string bytes;  // only when downloading
  std::string sha256;
  long long uploaded_at = 0;
  long long uploaded_by = 0;
  std::string uploaded_by_name;  // read only
  int deleted = 0;
};

struct DelegationCount {
  long long delegation_id = 0;  // 0: the partner's délégation is not known (no commune, or not grouped)
  std::string delegation_name;
  long long count = 0;
};

// New social-relay partnerships of a year: those started that year and established (active or
// ended), against the yearly target; proposals of the year are counted apart.
struct YearlyCount {
  int year = 0;
  long long target = 0;
  long long count = 0;
  long long proposed = 0;
  std::vector<DelegationCount> by_delegation;
};

}  // namespace trame::partnerships
