// Plain data of the legal module: what a training organisation must print on its documents, and the
// pure rules of its form (tests/unit/trainings/legal_test.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::legal {

struct LegalData {
  long long organisation_id = 0;
  std::string organisation_name;
  std::string address;  // one line: street, postcode, town
  std::string siret;
  std::string nda_number;  // numéro de déclaration d'activité (11 digits)
  std::string nda_region;  // the préfecture de région that registered it
  std::string qualiopi_number, qualiopi_certifier;
  std::string qualiopi_valid_until;              // ISO day, "" when no certificate
  std::vector<std::string> qualiopi_categories;  // actions_formation, bilans, vae, apprentissage
  bool vat_exempt = true;                        // article 261-4-4° a du CGI
  std::string vat_number;                        // intracommunity number when not exempt
  long long vat_rate_per_mille = 200;            // 200 = 20 % when not exempt
  std::string legal_mentions;                    // free text printed at the foot (capital, RCS…)
  long long updated_at = 0;
};

// The form, as typed.
struct LegalInput {
  std::string address, siret, nda_number, nda_region, qualiopi_number, qualiopi_certifier, qualiopi_valid_until;
  std::vector<std::string> qualiopi_categories;
  std::string vat_exempt;  // "1" exempt, "0" not
  std::string vat_number, vat_rate, legal_mentions;
};

// An organisation whose Qualiopi certificate ends within kExpiryWarningDays (or has ended).
struct Expiring {
  long long organisation_id = 0;
  std::string organisation_name, qualiopi_number, valid_until;
  long long days_left = 0;  // negative: expired that many days ago
};

inline constexpr long long kExpiryWarningDays = 60;

// ---- Pure rules

// The préfectures de région (key, label, the two first digits of an NDA they register).
struct Region {
  const char* key;
  const char* label;
  const char* code;
};
const std::vector<Region>& regions();
const Region* region(std::string_view key);
// The Qualiopi action categories (key, label as printed on documents).
const std::vector<std::pair<std::string, std::string>>& categories();
std::string category_label(std::string_view key);

// Digits of a number typed with blanks, dots or dashes ("93 13 19858 13" → "93131985813"); the text
// as it is when anything else is in it.
std::string digits_of(std::string_view text);
// An NDA: 11 digits.
bool valid_nda(std::string_view digits);
// The NDA's two first digits belong to that région.
bool nda_matches_region(std::string_view digits, std::string_view region_key);
// "93 13 19858 13".
std::string format_nda(std::string_view digits);
// "889 269 676 00033".
std::string format_siret(std::string_view digits);
// An intracommunity VAT number, upper case without blanks: FR + 2-digit key + 9-digit SIREN whose
// key is (12 + 3 × (SIREN mod 97)) mod 97; another member state: 2 letters and 2 to 13 letters or digits.
std::string normalise_vat_number(std::string_view text);
bool valid_vat_number(std::string_view normalised);
// A French VAT number's SIREN (its 9 last digits), "" for another member state.
std::string vat_siren(std::string_view normalised);
// A rate typed in percent ("20", "5,5", "2.1") → per mille (200, 55, 21); -1 when not a rate in ]0, 100].
long long parse_vat_rate(std::string_view text);
// "20 %", "5,5 %".
std::string format_rate(long long per_mille);
// Days from `today` to `until` (both ISO days); 0 when either is not a day.
long long days_between(const std::string& today, const std::string& until);

}  // namespace trame::legal
