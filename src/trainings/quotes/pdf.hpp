// The PDF of a quote's version (A4, tagged, in French: platform/docs/pdf), with the organiser's legal lines.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "platform/web/i18n.hpp"
#include "trainings/quotes/model.hpp"

namespace trame::quotes {

using Text = std::function<std::string(const std::string& key, const web::Params& params)>;

struct PdfInput {
  const Quote& quote;
  const Version& version;
  std::string organiser_name;
  std::string trainee_name;
  std::string programme_title, session_title;
  std::string funding_label;             // "" when none
  std::string vat_mention;               // "" unless exempt
  std::vector<std::string> legal_lines;  // legal::document_lines, empty when none
};

std::string render_pdf(const PdfInput& in, const Text& text);

}  // namespace trame::quotes
