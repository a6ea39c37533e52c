// Printable cards with pictures (a card game's deck). Apart from pdf.hpp, which ~30 files include, so that
// a change here rebuilds only its two users.
#pragma once
#include <string>
#include <vector>

#include "platform/docs/pdf.hpp"

namespace trame::docs {

// As card_sheet, each card drawn with `pictures[i]` (a PNG; '' or missing: none) in its cell: the right
// third of the card, from under its heading to its bottom, scaled to fit (never enlarged), centred; the
// text is laid out in the rest. A picture Cairo cannot read is left out.
std::string card_sheet(const std::string& title, const std::vector<PrintCard>& cards,
                       const std::vector<std::string>& pictures, const std::string& language = "fr-FR");

}  // namespace trame::docs
