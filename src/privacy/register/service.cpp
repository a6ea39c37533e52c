#include "privacy/register/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"
#include "privacy/register/rules.hpp"

namespace trame::privacy::register_ {

namespace {

// The DPIA's three risks (CNIL method) and the measures of the platform that answer each.
struct Risk {
  const char* key;
  std::vector<std::string> measures;
};

const std::vector<Risk>& risks() {
  static const std::vector<Risk> list = {
      {"illegitimate_access", {"argon2id", "mfa", "rate_limits", "tls", "roles", "pseudonymous", "sealed_secrets"}},
      {"unwanted_modification", {"csrf", "roles", "audit_chain"}},
      {"disappearance", {"backups", "audit_chain", "retention"}},
  };
  return list;
}

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

Register Service::build(const std::string& locale, long long now) const {
  auto values = db_.read([&](soci::session& sql) { return repo_.retention_values(sql); });
  Register r;
  r.generated_at = now;
  for (const auto& rule : processing_rules()) {
    const std::string base = "privacy_register.processings." + rule.key + ".";
    Processing p;
    p.key = rule.key;
    p.name = t(locale, base + "name");
    p.purpose = t(locale, base + "purpose");
    p.legal_basis = t(locale, base + "legal_basis");
    p.data = t(locale, base + "data");
    p.people = t(locale, base + "people");
    p.recipients = t(locale, base + "recipients");
    p.transfers = t(locale, "privacy_register.no_transfer");
    p.retention = t(locale, base + "retention", retention_parameters(rule, values));
    p.minimisation = t(locale, base + "minimisation");
    for (const auto& m : rule.measures) p.measures.push_back(t(locale, "privacy_register.measures." + m));
    r.processings.push_back(std::move(p));
  }
  return r;
}

std::vector<std::vector<std::string>> Service::csv_lines(const Register& r, const std::string& locale) const {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> header;
  for (const char* c : {"name", "purpose", "legal_basis", "data", "people", "recipients", "transfers", "retention",
                        "minimisation", "measures"})
    header.push_back(t(locale, std::string("privacy_register.fields.") + c));
  lines.push_back(std::move(header));
  for (const auto& p : r.processings)
    lines.push_back({p.name, p.purpose, p.legal_basis, p.data, p.people, p.recipients, p.transfers, p.retention,
                     p.minimisation, joined(p.measures, " ; ")});
  return lines;
}

std::string Service::dpia_pdf(const Register& r, int* pages) const {
  const std::string fr = "fr";
  auto f = [&](const std::string& key, const web::Params& params = {}) {
    return t(fr, "privacy_register.dpia." + key, params);
  };
  auto field = [&](const char* key) { return t(fr, std::string("privacy_register.fields.") + key); };
  docs::PdfDocument pdf(f("title"));
  pdf.set_subject(f("subject"));
  pdf.heading(f("title"));
  pdf.paragraph(f("generated", {{"date", short_french_date(local_day(r.generated_at))}}));

  pdf.subheading(f("context_title"));
  pdf.paragraph(f("context"));
  docs::PdfTable overview{{field("name"), field("purpose"), field("legal_basis")}, {2, 4, 3}, {}};
  for (const auto& p : r.processings) overview.rows.push_back({p.name, p.purpose, p.legal_basis});
  pdf.table(std::move(overview));

  pdf.page_break();
  pdf.subheading(f("description_title"));
  for (const auto& p : r.processings) {
    pdf.subheading(p.name);
    pdf.paragraph(field("purpose") + " : " + p.purpose);
    pdf.paragraph(field("data") + " : " + p.data);
    pdf.paragraph(field("people") + " : " + p.people);
    pdf.paragraph(field("recipients") + " : " + p.recipients);
    pdf.paragraph(field("transfers") + " : " + p.transfers);
  }

  pdf.page_break();
  pdf.subheading(f("necessity_title"));
  pdf.paragraph(f("necessity"));
  docs::PdfTable necessity{
      {field("name"), field("legal_basis"), field("minimisation"), field("retention")}, {2, 2.5, 3, 3}, {}};
  for (const auto& p : r.processings) necessity.rows.push_back({p.name, p.legal_basis, p.minimisation, p.retention});
  pdf.table(std::move(necessity));

  pdf.subheading(f("risks_title"));
  pdf.paragraph(f("risks_intro"));
  docs::PdfTable table{{f("risk"), f("impacts"), f("threats"), f("measures")}, {2, 3, 3, 4}, {}};
  for (const auto& risk : risks()) {
    std::vector<std::string> measures;
    for (const auto& m : risk.measures) measures.push_back(t(fr, "privacy_register.measures." + m));
    const std::string base = std::string("risks.") + risk.key + ".";
    table.rows.push_back({f(base + "name"), f(base + "impacts"), f(base + "threats"), joined(measures, "\n")});
  }
  pdf.table(std::move(table));

  pdf.subheading(f("signoff_title"));
  pdf.paragraph(f("signoff"));
  docs::PdfTable signoff{{f("signoff_field"), f("signoff_value")}, {2, 5}, {}};
  for (const char* k : {"dpo_name", "dpo_opinion", "dpo_date", "dpo_signature", "controller_decision"})
    signoff.rows.push_back({f(std::string("signoff_fields.") + k), ""});
  pdf.table(std::move(signoff));
  return pdf.render(pages);
}

}  // namespace trame::privacy::register_
