#include "trainings/invoices/pdf.hpp"

#include "platform/docs/pdf.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::invoices {

using training_documents::french_date;
using training_documents::french_day;
using training_documents::french_hours;
using training_documents::french_typography;

std::string file_name_of(const std::string& kind, const std::string& number) {
  return (kind == "credit_note" ? "avoir-" : "facture-") + number + ".pdf";
}

std::string render_pdf(const PdfInput& in, const Text& text) {
  const Invoice& i = in.invoice;
  const bool credit = i.kind == "credit_note";
  auto t = [&](const std::string& key, const web::Params& p = {}) { return text("invoices.pdf." + key, p); };
  const std::string title = t(credit ? "credit_title" : "title", {{"number", i.number}});
  docs::PdfDocument doc(french_typography(title));
  doc.set_page_label(t("page"));
  doc.set_author(in.seller_name);
  doc.set_subject(french_typography(in.programme_title + " — " + in.session_title));
  auto para = [&](const std::string& s) {
    if (!s.empty()) doc.paragraph(french_typography(s));
  };
  doc.paragraph(french_typography(in.seller_name));
  doc.heading(french_typography(title));
  para(t("issued", {{"date", french_day(i.issued_on)}}));
  if (credit)
    para(t("cancels", {{"number", in.credited_number}, {"date", french_day(in.credited_issued_on)}}) +
         (i.reason.empty() ? "" : "\n" + t("reason", {{"reason", i.reason}})));
  doc.subheading(french_typography(t("seller")));
  std::string seller = in.seller_name;
  if (in.legal) {
    if (!in.legal->address.empty()) seller += "\n" + in.legal->address;
    if (!in.legal->siret.empty()) seller += "\n" + t("siret", {{"siret", in.legal->siret}});
    if (!in.legal->vat_exempt && !in.legal->vat_number.empty())
      seller += "\n" + t("vat_number", {{"number", in.legal->vat_number}});
  }
  para(seller);
  doc.subheading(french_typography(t("buyer")));
  para(i.buyer_name + (i.buyer_address.empty() ? "" : "\n" + i.buyer_address));
  doc.subheading(french_typography(t("training")));
  para(t("training_line", {{"programme", in.programme_title}, {"session", in.session_title}}));
  para(t("dates", {{"from", french_date(in.starts_at)}, {"to", french_date(in.ends_at)}}));
  para(t("trainee", {{"name", in.trainee_name}}));
  if (i.funding_line_id != 0)
    para(t("hours_attended", {{"attended", french_hours(i.minutes)}, {"planned", french_hours(in.planned_minutes)}}));
  else para(t("hours_planned", {{"planned", french_hours(in.planned_minutes)}}));
  if (!in.agreement_ref.empty()) para(t("agreement_ref", {{"ref", in.agreement_ref}}));

  docs::PdfTable table;
  table.headers = {t("col.designation"), t("col.quantity"), t("col.unit"), t("col.total")};
  table.widths = {4.6, 1.6, 2, 2};
  const std::string designation =
      t(i.funding_line_id != 0 ? "designation_funder" : "designation_rest", {{"programme", in.programme_title}});
  table.rows.push_back(
      {designation, "1", enrolments::format_euros(i.total_ht_cents), enrolments::format_euros(i.total_ht_cents)});
  table.rows.push_back({t("total_ht"), "", "", enrolments::format_euros(i.total_ht_cents)});
  if (i.vat_per_mille > 0) {
    table.rows.push_back(
        {t("vat", {{"rate", std::to_string(i.vat_per_mille / 10) + "," + std::to_string(i.vat_per_mille % 10)}}), "",
         "", enrolments::format_euros(i.vat_cents)});
  } else {
    table.rows.push_back({t("vat_zero"), "", "", enrolments::format_euros(0)});
  }
  table.rows.push_back({t(credit ? "total_credit" : "total_ttc"), "", "", enrolments::format_euros(i.total_ttc_cents)});
  for (auto& h : table.headers) h = french_typography(h);
  for (auto& row : table.rows)
    for (auto& cell : row) cell = french_typography(cell);
  doc.table(std::move(table));
  if (i.vat_per_mille == 0) para(in.vat_mention);
  if (!credit) {
    doc.subheading(french_typography(t("terms")));
    para(t("due", {{"date", french_day(i.due_on)}}));
    para(t("penalties"));
    if (i.professional) para(t("indemnity"));
    para(t("no_discount"));
  }
  if (!in.legal_lines.empty()) {
    std::string lines;
    for (const auto& l : in.legal_lines) lines += (lines.empty() ? "" : "\n") + l;
    para(lines);
  }
  return doc.render();
}

}  // namespace trame::invoices
