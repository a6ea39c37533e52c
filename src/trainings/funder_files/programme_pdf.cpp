#include "trainings/funder_files/programme_pdf.hpp"

#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::funder_files {

namespace {

using training_documents::french_typography;

// The programme's texts are Markdown (the pages render them): the PDF prints them as plain text —
// emphasis marks and heading hashes dropped, list items as bullets, links as "text (address)".
std::string plain(const std::string& markdown) {
  std::string out;
  std::size_t start = 0;
  while (start <= markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string line = markdown.substr(start, end - start);
    std::size_t lead = line.find_first_not_of(" \t");
    if (lead != std::string::npos && line[lead] == '#') {
      std::size_t text = line.find_first_not_of('#', lead);
      line = text == std::string::npos ? "" : trim(line.substr(text));
    } else if (lead != std::string::npos && line.size() > lead + 1 && (line[lead] == '-' || line[lead] == '*') &&
               line[lead + 1] == ' ') {
      line = line.substr(0, lead) + "• " + line.substr(lead + 2);
    }
    std::string clean;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if ((line[i] == '*' || line[i] == '_') && i + 1 < line.size() && line[i + 1] == line[i]) {
        ++i;
        continue;
      }
      if (line[i] == '[') {
        std::size_t close = line.find("](", i);
        std::size_t paren = close == std::string::npos ? std::string::npos : line.find(')', close);
        if (paren != std::string::npos) {
          clean += line.substr(i + 1, close - i - 1) + " (" + line.substr(close + 2, paren - close - 2) + ")";
          i = paren;
          continue;
        }
      }
      clean += line[i];
    }
    out += (start == 0 ? "" : "\n") + clean;
    start = end + 1;
  }
  return out;
}

struct Writer {
  docs::PdfDocument doc;
  const web::Catalogue& catalogue;
  std::string locale;
  Writer(const std::string& title, const web::Catalogue& c, std::string l)
      : doc(french_typography(title)), catalogue(c), locale(std::move(l)) {}
  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue.t(locale, "funder_files.programme." + key, params);
  }
  void section(const std::string& key, const std::string& body) {
    if (trim(body).empty()) return;
    doc.subheading(french_typography(t(key)));
    doc.paragraph(french_typography(plain(body)));
  }
};

}  // namespace

std::string render_programme_pdf(const web::Catalogue& catalogue, const std::string& locale, const ProgrammeInput& in) {
  const auto& p = in.programme;
  const auto& s = in.session;
  Writer w(catalogue.t(locale, "funder_files.programme.title", {{"programme", p.title}}), catalogue, locale);
  w.doc.set_page_label(w.t("page"));
  w.doc.set_author(s.organiser_name);
  w.doc.set_subject(french_typography(p.title + " — " + s.title));
  if (!s.logo_png.empty()) w.doc.image(s.logo_png);
  w.doc.paragraph(french_typography(s.organiser_name));
  w.doc.heading(french_typography(w.t("title", {{"programme", p.title}})));
  if (!trim(p.summary).empty()) w.doc.paragraph(french_typography(plain(p.summary)));
  w.doc.paragraph(french_typography(
      w.t("session", {{"session", s.title},
                      {"from", training_documents::french_date(s.starts_at)},
                      {"to", training_documents::french_date(s.ends_at)}}) +
      (s.place.empty() ? ""
                       : "\n" + w.t("place", {{"place", s.place + (s.address.empty() ? "" : ", " + s.address)}}))));
  w.section("objectives", p.objectives);
  w.section("competences", p.competences);
  w.section("audience", p.audience);
  w.section("prerequisites", p.prerequisites);
  w.section("admission", p.admission);
  std::string duration = w.t("duration_text", {{"days", std::to_string(p.duration_days)},
                                               {"hours", training_documents::french_hours(p.duration_minutes)}});
  if (in.session_minutes > 0)
    duration += "\n" + w.t("session_duration", {{"hours", training_documents::french_hours(in.session_minutes)}});
  w.section("duration", duration);
  if (!in.modules.empty()) {
    w.doc.subheading(french_typography(w.t("modules")));
    docs::PdfTable table;
    table.headers = {w.t("module_title"), w.t("module_content"), w.t("module_duration")};
    table.widths = {3, 6, 1.5};
    for (const auto& m : in.modules)
      table.rows.push_back({french_typography(plain(m.title)), french_typography(plain(m.content)),
                            m.duration_minutes > 0 ? training_documents::french_hours(m.duration_minutes) : "—"});
    w.doc.table(std::move(table));
  }
  w.section("teaching_methods", p.teaching_methods);
  w.section("evaluation_methods", p.evaluation_methods);
  std::string access = p.accessibility;
  if (!p.disability_contact.empty())
    access += (access.empty() ? "" : "\n") + w.t("disability", {{"contact", p.disability_contact}});
  w.section("accessibility", access);
  w.section("price", p.price_cents > 0 ? w.t("price_text", {{"price", enrolments::format_euros(p.price_cents)}})
                                       : w.t("price_none"));
  if (!in.legal_lines.empty()) {
    std::string lines;
    for (const auto& l : in.legal_lines) lines += (lines.empty() ? "" : "\n") + l;
    w.section("legal", lines);
  }
  w.doc.paragraph(french_typography(w.t("issued", {{"date", training_documents::french_date(in.now)}})));
  return w.doc.render();
}

}  // namespace trame::funder_files
