// The PDF of an invoice or a credit note (French, tagged): seller's legal data, buyer, the training, amounts,
// VAT, due date and the payment terms of the Code de commerce (L441-9, L441-10).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/web/i18n.hpp"
#include "trainings/invoices/model.hpp"
#include "trainings/legal/model.hpp"

namespace trame::invoices {

using Text = std::function<std::string(const std::string& key, const web::Params& params)>;

struct PdfInput {
  Invoice invoice;
  std::optional<legal::LegalData> legal;
  std::vector<std::string> legal_lines;  // legal::document_lines
  std::string vat_mention;               // legal::vat_mention (or ours when no legal data)
  std::string seller_name;
  std::string trainee_name;
  std::string programme_title, session_title;
  long long starts_at = 0, ends_at = 0;
  long long planned_minutes = 0;
  std::string agreement_ref;       // the funder's reference (prise en charge)
  std::string credited_number;     // a credit note: the invoice it cancels
  std::string credited_issued_on;  // its date
};

std::string render_pdf(const PdfInput& in, const Text& text);
// "facture-F2027-0001.pdf", "avoir-A2027-0001.pdf"
std::string file_name_of(const std::string& kind, const std::string& number);

}  // namespace trame::invoices
