// An organisation (structure) of the network: what the directory knows about it, and the
// people who belong to it.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::organisations {

inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"social",   "cultural",  "sport",  "leisure",
                                             "training", "certifier", "funder", "authority"};
  return k;
}

inline const std::vector<std::string>& sectors() {
  static const std::vector<std::string> s = {"social", "culturel", "sport", "formation", "institution"};
  return s;
}

// The sector an organisation of a kind belongs to when none is given.
inline std::string default_sector(const std::string& kind) {
  if (kind == "social") return "social";
  if (kind == "cultural" || kind == "leisure") return "culturel";
  if (kind == "sport") return "sport";
  if (kind == "training" || kind == "certifier") return "formation";
  return "institution";
}

struct Accessibility {
  int motor = 0;
  int visual = 0;
  int hearing = 0;
  int mental = 0;
  std::string note;  // how, in a sentence
};

struct Organisation {
  long long id = 0;
  std::string name;
  std::string kind;
  std::string status = "active";  // active, archived (never deleted)
  long long created_at = 0;
  long long member_count = 0;
  std::string sector;
  std::string subtype;  // CCAS, théâtre, médiathèque…
  std::string siret;
  std::string address;
  std::string commune_code;
  std::string commune_name;     // read only
  long long delegation_id = 0;  // read only, through the commune's EPCI
  std::string delegation_name;  // read only
  std::string website;
  std::string phone;
  std::string public_email;
  std::string description;  // markdown
  Accessibility accessibility;
  std::string opening_hours;
  int public_listing = 0;
  std::string provenance = "manual";
  // WGS 84 decimal degrees, both set or both empty; shown on the directory's map.
  std::optional<double> latitude;
  std::optional<double> longitude;
  // The priority neighbourhood (QPV) it is located in: one of its commune's, or empty.
  std::string priority_area_code;
  std::string priority_area_name;  // read only
};

struct Logo {
  std::string content_type;  // image/png, image/jpeg, image/webp
  std::string bytes;
  std::string sha256;
  long long updated_at = 0;
};

struct Member {
  long long user_id = 0;
  std::string name;
  std::string email;
  std::string role;
  int disabled = 0;
};

// Filters of a directory search; empty means "any".
struct Search {
  std::string text;
  std::string kind;
  std::string sector;
  long long delegation_id = 0;
  std::string commune_code;
  std::string epci_siren;
  std::string status = "active";
  bool motor = false, visual = false, hearing = false, mental = false;
  bool public_only = false;
  bool with_coordinates = false;  // only organisations placed on the map
  std::string priority_area;      // '' any, "*" located in a QPV, else a QPV code
  std::string partnership;        // '' any, active, proposed, ended (has one such), none (has none)
};

// A commune the directory's filter may mean: its INSEE code, name and département code.
struct CommuneChoice {
  std::string code;
  std::string name;
  std::string departement;
};

// What a coordinator should look at in their scope: relais (social organisations) without an active
// referent, organisations not placed on the map, partnerships proposed and not yet decided. Each
// list holds the first few; the counts are the whole.
struct NetworkAlerts {
  std::vector<Organisation> relais_without_referent;
  long long relais_without_referent_count = 0;
  std::vector<Organisation> not_placed;
  long long not_placed_count = 0;
  long long proposed_partnerships = 0;
};

inline const std::vector<std::string>& partnership_filters() {
  static const std::vector<std::string> f = {"active", "proposed", "ended", "none"};
  return f;
}

}  // namespace trame::organisations
