// Text helpers shared by services: search folding and small validations of user input.
#pragma once
#include <string>
#include <string_view>

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
// A SIRET: 14 digits whose Luhn checksum is valid.
bool valid_siret(std::string_view siret);

}  // namespace trame
