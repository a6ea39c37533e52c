#include "trainings/training_documents/pdfs.hpp"

#include <sstream>

#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "trainings/training_documents/french.hpp"
#include "trainings/legal/service.hpp"

namespace trame::training_documents {

namespace {

// A document being written: every text passes through the French typography.
struct Writer {
  docs::PdfDocument doc;
  const Text& text;
  Writer(const std::string& title, const Text& t, const DocumentInput& in) : doc(french_typography(title)), text(t) {
    doc.set_page_label(t("training_documents.pdf.page", {}));
    doc.set_author(in.session.organiser_name);
    doc.set_subject(french_typography(in.session.programme_title + " — " + in.session.title));
  }
  std::string t(const std::string& key, const web::Params& params = {}) const {
    return text("training_documents.pdf." + key, params);
  }
  void heading(const std::string& s) { doc.heading(french_typography(s)); }
  void subheading(const std::string& s) { doc.subheading(french_typography(s)); }
  void paragraph(const std::string& s) {
    if (!trim(s).empty()) doc.paragraph(french_typography(s));
  }
  void table(docs::PdfTable table) {
    for (auto& h : table.headers) h = french_typography(h);
    for (auto& row : table.rows)
      for (auto& cell : row) cell = french_typography(cell);
    doc.table(std::move(table));
  }
};

std::string period_range(const Writer& w, const DocumentInput& in) {
  return w.t("period", {{"from", french_date(in.session.starts_at)}, {"to", french_date(in.session.ends_at)}});
}

// The organiser's logo (PNG only: docs/pdf draws PNG) and name, then the title.
void header(Writer& w, const DocumentInput& in, const std::string& title) {
  if (!in.session.logo_png.empty()) w.doc.image(in.session.logo_png);
  w.paragraph(in.session.organiser_name);
  w.heading(title);
}

std::string nature_text(const Writer& w, const std::string& nature) {
  std::string out;
  for (const char* n : {"action_formation", "bilan", "vae", "apprentissage"}) {
    if (!out.empty()) out += "\n";
    out += (nature == n ? "☒ " : "☐ ") + w.t(std::string("nature.") + n);
  }
  return out;
}

std::string halfday_period(const Writer& w, const HalfDay& h) {
  return w.t("periods." + h.period) + " (" + french_clock(h.starts_at) + " – " + french_clock(h.ends_at) + ")";
}

std::string signature_block(const Writer& w, const DocumentInput& in) {
  // "Fait à" names the organiser's town; failing that, the session's place, then the organiser.
  std::string place = !in.session.organiser_town.empty() ? in.session.organiser_town
                      : !in.session.place.empty()        ? in.session.place
                                                         : in.session.organiser_name;
  return w.t("done_at", {{"place", place}, {"date", french_date(in.now)}}) + "\n" +
         w.t("signature", {{"name", in.signatory.empty() ? "……………………" : in.signatory}});
}

// The organiser's legal lines (legal module) at the foot of every document: name, address, SIRET, NDA,
// Qualiopi certificate, VAT, other mentions.
void legal_footer(Writer& w, const DocumentInput& in) {
  auto lines = legal::cached_document_lines(in.session.organiser_id);
  if (lines.empty()) return;
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  w.paragraph(text);
}

std::string render_convocation(const DocumentInput& in, const Text& text) {
  const SessionInfo& s = in.session;
  Writer w(text("training_documents.kinds.convocation", {}) + " — " + in.trainee.name, text, in);
  header(w, in, w.t("convocation.title"));
  w.paragraph(w.t("convocation.to", {{"name", in.trainee.name}}));
  w.paragraph(w.t("convocation.intro",
                  {{"programme", s.programme_title}, {"session", s.title}, {"organiser", s.organiser_name}}));
  w.paragraph(period_range(w, in));
  std::string current = "\x01";
  docs::PdfTable table;
  auto flush = [&]() {
    if (!table.rows.empty()) w.table(std::move(table));
    table = docs::PdfTable{};
  };
  for (const auto& h : in.halfdays) {
    if (h.seminar != current) {
      flush();
      current = h.seminar;
      w.subheading(h.seminar.empty() ? w.t("convocation.dates") : h.seminar);
      table.headers = {w.t("columns.date"), w.t("columns.period"), w.t("columns.hours")};
      table.widths = {3, 3, 1.5};
    }
    table.rows.push_back({french_day(h.day), halfday_period(w, h), french_hours(h.minutes)});
  }
  flush();
  w.subheading(w.t("convocation.place"));
  w.paragraph(s.place + (s.address.empty() ? "" : "\n" + s.address));
  if (!trim(s.access).empty()) {
    w.subheading(w.t("convocation.access"));
    w.paragraph(s.access);
  }
  if (!trim(s.rules).empty()) {
    w.subheading(w.t("convocation.rules"));
    w.paragraph(s.rules);
  }
  w.subheading(w.t("convocation.referents"));
  std::string trainers;
  for (const auto& name : s.trainers) trainers += (trainers.empty() ? "" : ", ") + name;
  w.paragraph(w.t("convocation.trainers", {{"names", trainers.empty() ? w.t("none") : trainers}}));
  w.paragraph(w.t("convocation.disability",
                  {{"contact", trim(s.disability_contact).empty() ? w.t("none") : s.disability_contact}}));
  w.paragraph(w.t("convocation.organiser", {{"organiser", s.organiser_name}}));
  w.paragraph(signature_block(w, in));
  legal_footer(w, in);
  return w.doc.render();
}

std::string render_certificate(const DocumentInput& in, const Text& text) {
  const SessionInfo& s = in.session;
  Writer w(text("training_documents.kinds.certificate", {}) + " — " + in.trainee.name, text, in);
  header(w, in, w.t("certificate.title"));
  w.paragraph(w.t("certificate.signatory",
                  {{"name", in.signatory.empty() ? "……………………" : in.signatory}, {"organiser", s.organiser_name}}));
  w.subheading(in.trainee.name);
  if (!in.trainee.organisation_name.empty())
    w.paragraph(w.t("certificate.employer", {{"organisation", in.trainee.organisation_name}}));
  w.paragraph(w.t("certificate.followed", {{"programme", s.programme_title}, {"session", s.title}}));
  w.paragraph(w.t("certificate.nature") + "\n" + nature_text(w, s.nature));
  w.paragraph(w.t("certificate.held", {{"from", french_date(s.starts_at)},
                                       {"to", french_date(s.ends_at)},
                                       {"attended", french_hours(in.attended_minutes)},
                                       {"planned", french_hours(in.planned_minutes)}}));
  w.paragraph(w.t("certificate.keep"));
  w.paragraph(signature_block(w, in));
  legal_footer(w, in);
  return w.doc.render();
}

std::string render_attestation(const DocumentInput& in, const Text& text) {
  const SessionInfo& s = in.session;
  Writer w(text("training_documents.kinds.attestation", {}) + " — " + in.trainee.name, text, in);
  header(w, in, w.t("attestation.title"));
  w.paragraph(w.t("attestation.intro", {{"organiser", s.organiser_name},
                                        {"name", in.trainee.name},
                                        {"programme", s.programme_title},
                                        {"session", s.title}}));
  w.paragraph(period_range(w, in));
  w.subheading(w.t("attestation.objectives"));
  std::string objectives;
  std::istringstream lines(s.objectives);
  for (std::string line; std::getline(lines, line);)
    if (!trim(line).empty()) objectives += (objectives.empty() ? "• " : "\n• ") + trim(line);
  w.paragraph(objectives.empty() ? w.t("none") : objectives);
  w.subheading(w.t("attestation.hours_title"));
  w.paragraph(w.t("attestation.hours",
                  {{"attended", french_hours(in.attended_minutes)}, {"planned", french_hours(in.planned_minutes)}}));
  w.subheading(w.t("attestation.evaluation_title"));
  w.paragraph(w.t("attestation.evaluation",
                  {{"methods", trim(s.evaluation_methods).empty() ? w.t("none") : trim(s.evaluation_methods)}}));
  w.paragraph(signature_block(w, in));
  legal_footer(w, in);
  return w.doc.render();
}

std::string render_hours(const DocumentInput& in, const Text& text) {
  const SessionInfo& s = in.session;
  Writer w(text("training_documents.kinds.hours_statement", {}) + " — " + in.trainee.name, text, in);
  header(w, in, w.t("hours.title"));
  w.paragraph(w.t("hours.intro", {{"name", in.trainee.name}, {"programme", s.programme_title}, {"session", s.title}}));
  w.paragraph(period_range(w, in));
  docs::PdfTable table;
  table.headers = {w.t("columns.date"), w.t("columns.period"), w.t("columns.hours"), w.t("columns.presence")};
  table.widths = {3, 3.2, 1.4, 1.8};
  for (const auto& h : in.halfdays) {
    auto it = in.attendance.find(h.id);
    std::string status = it == in.attendance.end() ? "unknown" : it->second;
    table.rows.push_back({french_day(h.day), halfday_period(w, h), french_hours(h.minutes), w.t("presence." + status)});
  }
  table.rows.push_back({w.t("hours.total"), "", french_hours(in.attended_minutes),
                        w.t("hours.of_planned", {{"planned", french_hours(in.planned_minutes)}})});
  w.table(std::move(table));
  w.paragraph(w.t("hours.total_line",
                  {{"attended", french_hours(in.attended_minutes)}, {"planned", french_hours(in.planned_minutes)}}));
  w.paragraph(signature_block(w, in));
  legal_footer(w, in);
  return w.doc.render();
}

}  // namespace

std::string render_document(const std::string& kind, const DocumentInput& in, const Text& text) {
  if (kind == "convocation") return render_convocation(in, text);
  if (kind == "certificate") return render_certificate(in, text);
  if (kind == "attestation") return render_attestation(in, text);
  return render_hours(in, text);
}

std::string document_file_name(const std::string& kind_label, const std::string& trainee, const std::string& training) {
  return docs::pdf_file_name({kind_label, trainee, training});
}

}  // namespace trame::training_documents
