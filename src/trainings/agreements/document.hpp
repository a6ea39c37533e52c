// The text of an agreement or a contract per the Code du travail (L6353-1 to L6353-7, L6354-1), as sections
// that the PDF (tagged, French typography, the organisation's legal lines at the foot) and the signing page
// both print. Texts come from the catalogue (agreements.pdf.*) through the Text function.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/web/i18n.hpp"
#include "trainings/agreements/model.hpp"
#include "trainings/legal/model.hpp"

namespace trame::agreements {

using Text = std::function<std::string(const std::string& key, const web::Params& params)>;

struct DocumentInput {
  const Agreement& agreement;
  std::optional<legal::LegalData> legal;
  std::vector<Funding> funding;
  std::string organiser_town;
  long long version = 0;
  long long date = 0;  // the version's date
};

std::string document_title(const Agreement& a, const Text& text);
std::vector<Section> sections(const DocumentInput& in, const Text& text);
// The legal lines printed at the foot (empty when the organisation entered no legal data).
std::vector<std::string> foot_lines(const DocumentInput& in);
// The sections as a version keeps them ('## ' heading lines, paragraphs separated by a blank line), and back.
std::string serialise_sections(const std::vector<Section>& sections);
std::vector<Section> parse_sections(const std::string& content);
std::string render_pdf(const DocumentInput& in, const Text& text);
// e.g. "convention-de-formation-v2-camille-martin-pouvoir-d-agir.pdf"
std::string file_name(const Agreement& a, long long version, const Text& text);

}  // namespace trame::agreements
