#include "trainings/agreements/document.hpp"

#include <sstream>

#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "trainings/agreements/rules.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::agreements {

namespace {

using training_documents::french_date;
using training_documents::french_hours;
using training_documents::french_typography;

std::vector<std::string> lines_of(const std::string& text, const std::string& bullet) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!trim(line).empty()) out.push_back(bullet + trim(line));
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

std::string document_title(const Agreement& a, const Text& text) {
  return text("agreements.pdf.title." + a.kind, {});
}

std::string file_name(const Agreement& a, long long version, const Text& text) {
  const std::string v = "v" + std::to_string(version);
  return docs::pdf_file_name({document_title(a, text), v, a.trainee_name, a.programme_title});
}

std::vector<std::string> foot_lines(const DocumentInput& in) {
  if (!in.legal) return {};
  return legal::document_lines(*in.legal);
}

std::vector<Section> sections(const DocumentInput& in, const Text& text) {
  const Agreement& a = in.agreement;
  const bool contract = a.kind == "contract";
  auto t = [&](const std::string& key, const web::Params& p = {}) { return text("agreements.pdf." + key, p); };
  std::vector<Section> out;
  int article = 0;
  auto next = [&](const std::string& key) {
    ++article;
    out.push_back({t("article", {{"n", std::to_string(article)}, {"title", t("articles." + key)}}), {}});
    return &out.back().paragraphs;
  };

  // The parties.
  Section parties{t("parties.title"), {}};
  std::string organisation = a.organiser_name;
  if (in.legal && !in.legal->address.empty()) organisation += ", " + in.legal->address;
  if (in.legal && !in.legal->siret.empty()) organisation += ", " + t("parties.siret", {{"siret", in.legal->siret}});
  parties.paragraphs.push_back(t("parties.organisation", {{"organisation", organisation}}));
  if (in.legal && !in.legal->nda_number.empty())
    parties.paragraphs.push_back(
        t("parties.nda", {{"number", in.legal->nda_number}, {"region", in.legal->nda_region}}));
  else parties.paragraphs.push_back(t("parties.nda_missing"));
  if (contract) {
    parties.paragraphs.push_back(t("parties.trainee", {{"name", a.party_name}, {"email", a.party_email}}));
  } else {
    parties.paragraphs.push_back(
        t("parties.party",
          {{"party", a.party_name}, {"representative", a.party_representative}, {"email", a.party_email}}));
  }
  parties.paragraphs.push_back(t(contract ? "parties.basis_contract" : "parties.basis_convention"));
  out.push_back(parties);

  auto* p = next("object");
  p->push_back(t("object.title", {{"title", a.title}}));
  p->push_back(t("object.action_type", {{"type", t("action_types." + a.action_type)}}));
  p->push_back(t("object.trainee", {{"name", a.trainee_name}}));

  p = next("objectives");
  auto objectives = lines_of(a.objectives, "• ");
  p->push_back(objectives.empty() ? t("none") : joined(objectives));

  p = next("programme");
  auto programme = lines_of(a.programme, "• ");
  p->push_back(programme.empty() ? t("none") : joined(programme));

  p = next("organisation");
  p->push_back(t("organisation.dates", {{"from", french_date(a.starts_at)}, {"to", french_date(a.ends_at)}}));
  p->push_back(t("organisation.duration", {{"hours", french_hours(a.duration_minutes)}}));
  p->push_back(t("organisation.place", {{"place", a.place.empty() ? t("none") : a.place}}));
  p->push_back(t("organisation.headcount", {{"max", std::to_string(a.max_trainees)}}));
  p->push_back(t("organisation.mode", {{"mode", t("modes." + a.mode)}}));

  p = next("sanction");
  p->push_back(t("sanction.text", {{"methods", a.sanction.empty() ? t("none") : a.sanction}}));

  if (contract) {
    p = next("trainers");
    auto trainers = lines_of(a.trainers, "• ");
    p->push_back(t("trainers.intro"));
    p->push_back(trainers.empty() ? t("none") : joined(trainers));
  }

  p = next("price");
  p->push_back(t("price.price", {{"price", enrolments::format_euros(a.price_cents)}}));
  if (in.legal) {
    std::string vat = legal::vat_mention(*in.legal);
    if (!vat.empty()) p->push_back(vat);
  }
  long long funded = 0;
  std::vector<std::string> funders;
  for (const auto& f : in.funding) {
    funded += f.amount_cents;
    funders.push_back(t("price.funding_line", {{"funder", text("enrolments.funders." + f.funder, {})},
                                               {"name", f.funder_name.empty() ? "—" : f.funder_name},
                                               {"amount", enrolments::format_euros(f.amount_cents)}}));
  }
  if (funders.empty()) {
    p->push_back(t("price.no_funding"));
  } else {
    p->push_back(t("price.funding"));
    p->push_back(joined(funders));
  }
  long long rest = a.price_cents > funded ? a.price_cents - funded : 0;
  p->push_back(t("price.rest", {{"party", a.party_name}, {"amount", enrolments::format_euros(rest)}}));

  if (contract) {
    p = next("withdrawal");
    p->push_back(t("withdrawal.period"));
    p->push_back(t("withdrawal.no_sum"));
    p->push_back(t("withdrawal.counting"));
    p = next("payment");
    long long advance = rest * a.advance_percent / 100;
    if (a.advance_percent > 0)
      p->push_back(t("payment.advance",
                     {{"percent", std::to_string(a.advance_percent)}, {"amount", enrolments::format_euros(advance)}}));
    else p->push_back(t("payment.no_advance"));
    p->push_back(t("payment.balance", {{"amount", enrolments::format_euros(rest - advance)}}));
  }

  p = next("interruption");
  if (contract) p->push_back(t("interruption.force_majeure"));
  p->push_back(t("interruption.delivered"));
  p->push_back(t("interruption.refund"));

  Section signatures{t("signatures.title"), {}};
  std::string town = in.organiser_town.empty() ? a.organiser_name : in.organiser_town;
  signatures.paragraphs.push_back(t("signatures.done_at", {{"place", town}, {"date", french_date(in.date)}}));
  signatures.paragraphs.push_back(t("signatures.organisation", {{"organisation", a.organiser_name}}));
  signatures.paragraphs.push_back(t(contract ? "signatures.trainee" : "signatures.party", {{"party", a.party_name}}));
  out.push_back(signatures);
  return out;
}

std::string serialise_sections(const std::vector<Section>& sections) {
  std::string out;
  for (const auto& s : sections) {
    out += "## " + s.heading + "\n\n";
    for (auto para : s.paragraphs) {
      for (std::size_t at; (at = para.find("\n\n")) != std::string::npos;) para.erase(at, 1);
      if (!trim(para).empty()) out += para + "\n\n";
    }
  }
  return out;
}

std::vector<Section> parse_sections(const std::string& content) {
  std::vector<Section> out;
  std::size_t at = 0;
  while (at < content.size()) {
    std::size_t end = content.find("\n\n", at);
    std::string block = content.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? content.size() : end + 2;
    if (block.rfind("## ", 0) == 0) out.push_back({block.substr(3), {}});
    else if (!out.empty() && !trim(block).empty()) out.back().paragraphs.push_back(block);
  }
  return out;
}

std::string render_pdf(const DocumentInput& in, const Text& text) {
  const Agreement& a = in.agreement;
  docs::PdfDocument doc(french_typography(document_title(a, text) + " — " + a.trainee_name));
  doc.set_page_label(text("agreements.pdf.page", {}));
  doc.set_author(a.organiser_name);
  doc.set_subject(french_typography(a.programme_title + " — " + a.session_title));
  doc.paragraph(french_typography(a.organiser_name));
  doc.heading(french_typography(document_title(a, text)));
  doc.paragraph(french_typography(
      text("agreements.pdf.version", {{"n", std::to_string(in.version)}, {"date", french_date(in.date)}})));
  for (const auto& s : sections(in, text)) {
    doc.subheading(french_typography(s.heading));
    for (const auto& para : s.paragraphs)
      if (!trim(para).empty()) doc.paragraph(french_typography(para));
  }
  auto foot = foot_lines(in);
  if (!foot.empty()) {
    doc.subheading(french_typography(text("agreements.pdf.legal", {})));
    doc.paragraph(french_typography(joined(foot)));
  }
  return doc.render();
}

}  // namespace trame::agreements
