// Text helpers shared by services: search folding and small validations of user input.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame {

// Lower case without accents, punctuation turned into spaces, runs of spaces collapsed:
// "Théâtre Quartier-Libre" → "theatre quartier libre". Used for accent-insensitive search.
std::string fold_for_search(std::string_view text);
// The number of characters (Unicode code points) of UTF-8 text: what a length limit shown to people counts.
std::size_t code_points(std::string_view text);
// Leading and trailing blanks removed.
std::string trim(std::string_view text);
// An e-mail address worth sending to: one '@', a dot in the domain, no blanks or brackets, ≤ 254 bytes.
bool plausible_email(std::string_view email);
// A web address worth linking to: http:// or https://, a host after it, no blanks, control characters,
// quotes or angle brackets.
bool plausible_web_address(std::string_view url);
// A SIRET: 14 digits whose Luhn checksum is valid.
bool valid_siret(std::string_view siret);
// The one escaper of text put in XML, SVG or HTML built by hand (templates escape by themselves):
// & < > " ' as entities; control characters XML 1.0 forbids become spaces.
std::string xml_escape(std::string_view text);
// Whether value is one of the allowed values (a choice sent by a form: a kind, a status, a role).
bool is_one_of(std::string_view value, const std::vector<std::string>& allowed);

}  // namespace trame
