#include "trainings/quotes/pdf.hpp"

#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::quotes {

using training_documents::french_date;
using training_documents::french_day;
using training_documents::french_typography;

std::string render_pdf(const PdfInput& in, const Text& text) {
  auto t = [&](const std::string& key, const web::Params& p = {}) {
    return french_typography(text("quotes.pdf." + key, p));
  };
  const Version& v = in.version;
  docs::PdfDocument doc(t("title", {{"number", in.quote.number}, {"version", std::to_string(v.version)}}));
  doc.set_page_label(text("quotes.pdf.page", {}));
  doc.set_author(in.organiser_name);
  doc.set_subject(french_typography(in.programme_title + " — " + in.session_title));
  doc.paragraph(french_typography(in.organiser_name));
  doc.heading(t("title", {{"number", in.quote.number}, {"version", std::to_string(v.version)}}));
  doc.paragraph(t("dated", {{"date", french_date(v.created_at)}}) + "\n" +
                t("valid_until", {{"date", french_day(v.valid_until)}}));
  doc.subheading(t("party"));
  std::string party = french_typography(v.party_name);
  if (!trim(v.party_address).empty()) party += "\n" + french_typography(v.party_address);
  party += "\n" + v.party_email;
  doc.paragraph(party);
  doc.paragraph(t("trainee", {{"name", in.trainee_name}}));
  doc.subheading(t("lines"));
  docs::PdfTable table;
  table.headers = {t("columns.label"), t("columns.unit_price"), t("columns.quantity"), t("columns.amount")};
  table.widths = {5, 2, 1.6, 2};
  for (const auto& l : v.lines) {
    std::string label = french_typography(l.label);
    if (!l.detail.empty()) label += "\n" + french_typography(l.detail);
    table.rows.push_back({label, enrolments::format_euros(l.unit_price_cents), std::to_string(l.quantity),
                          enrolments::format_euros(l.total_cents)});
  }
  doc.table(std::move(table));
  docs::PdfTable totals;
  totals.headers = {t("columns.total"), t("columns.amount")};
  totals.widths = {7, 3};
  if (v.vat_exempt || v.totals.vat_cents == 0) {
    totals.rows.push_back({t("net_total"), enrolments::format_euros(v.totals.net_cents)});
  } else {
    totals.rows.push_back({t("net_excl_vat"), enrolments::format_euros(v.totals.net_cents)});
    totals.rows.push_back(
        {t("vat", {{"rate", rate_text(v.vat_rate_per_mille)}}), enrolments::format_euros(v.totals.vat_cents)});
  }
  totals.rows.push_back({t("to_pay"), enrolments::format_euros(v.totals.total_cents)});
  doc.table(std::move(totals));
  if (!in.vat_mention.empty()) doc.paragraph(french_typography(in.vat_mention));
  if (!in.funding_label.empty()) doc.paragraph(t("funding", {{"funder", in.funding_label}}));
  doc.paragraph(t("acceptance", {{"date", french_day(v.valid_until)}}));
  doc.paragraph(t("signature"));
  if (!in.legal_lines.empty()) {
    doc.subheading(t("legal"));
    std::string lines;
    for (const auto& l : in.legal_lines) lines += (lines.empty() ? "" : "\n") + french_typography(l);
    doc.paragraph(lines);
  }
  return doc.render();
}

}  // namespace trame::quotes
