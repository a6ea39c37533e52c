// HTML of a results report, for the results pages and for other modules' pages (impact studies).
#pragma once
#include <string>

#include "questionnaires/results/model.hpp"
#include "platform/web/app.hpp"

namespace trame::results {

struct ViewOptions {
  // Where the cross-tabulation form sends its GET (the page showing the report) and the hidden fields
  // it must keep (e.g. {{"etude", "3"}}).
  std::string page_url;
  std::vector<std::pair<std::string, std::string>> keep;
  // Base of the "all free texts" links ('' : no link, the texts beyond the first ones are not listed);
  // the question id and "?...page=" are appended by the view.
  std::string texts_url;    // e.g. "/questionnaires/12/resultats/textes/"
  std::string texts_query;  // e.g. "envoi=4&" (kept on those links)
  int heading_level = 2;    // h2 for the question sections (h3 when embedded under an h2)
};

// What a stored value is called (choices as they are, "Autre", Oui/Non, months, labelled scale ends).
std::string value_label(const web::Context& ctx, const definitions::Question& q, const Count& c);

// The report as HTML (charts + data tables, guard messages, cross-tabulation select and tables).
// Link the stylesheet css/results.css in the embedding page: ctx.app.asset_url("css/results.css").
std::string render_report(web::Context& ctx, const Report& report, const ViewOptions& options);

}  // namespace trame::results
