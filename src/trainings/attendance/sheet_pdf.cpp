#include "trainings/attendance/sheet_pdf.hpp"

#include "trainings/attendance/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/legal/service.hpp"

namespace trame::attendance {

namespace {

std::string how_recorded(const web::Catalogue& c, const std::string& locale, const Line& l) {
  if (l.status.empty()) return c.t(locale, "attendance.pdf.not_recorded");
  if (l.signature == "self")
    return c.t(locale, "attendance.pdf.signed",
               {{"date", format_local(l.signed_at, "%d/%m/%Y")}, {"time", format_local(l.signed_at, "%H:%M")}});
  return c.t(locale, "attendance.pdf.marked");
}

}  // namespace

std::string sheet_file_name(const Halfday& h) {
  return "emargement-" + h.day + "-" + (h.period == "am" ? "matin" : "apres-midi") + ".pdf";
}

std::string render_sheet_pdf(const web::Catalogue& c, const std::string& locale, const SessionInfo& s, const Halfday& h,
                             const std::vector<Line>& lines, const std::vector<Correction>& corrections) {
  const std::string title = c.t(locale, "attendance.pdf.title");
  docs::PdfDocument doc(title + " — " + s.title + " — " + format_local(h.starts_at, "%d/%m/%Y"));
  doc.set_page_label(c.t(locale, "attendance.pdf.page"));
  doc.set_author(s.organiser_name);
  doc.set_subject(s.title);
  doc.set_language(locale == "en" ? "en" : "fr-FR");
  doc.heading(title);
  doc.subheading(s.organiser_name);
  std::string trainers;
  for (const auto& t : s.trainers) trainers += (trainers.empty() ? "" : ", ") + t;
  std::string place = s.place;
  if (!s.address.empty()) place += (place.empty() ? "" : ", ") + s.address;
  std::string info = c.t(locale, "attendance.pdf.programme", {{"title", s.programme_title}}) + "\n" +
                     c.t(locale, "attendance.pdf.session", {{"title", s.title}}) + "\n" +
                     c.t(locale, "attendance.pdf.halfday",
                         {{"date", format_local(h.starts_at, "%d/%m/%Y")},
                          {"period", c.t(locale, "attendance.periods." + h.period)},
                          {"from", format_local(h.starts_at, "%H:%M")},
                          {"to", format_local(h.ends_at, "%H:%M")},
                          {"hours", hours_text(h.minutes)}});
  if (!h.module_title.empty()) info += "\n" + c.t(locale, "attendance.pdf.module", {{"title", h.module_title}});
  if (!place.empty()) info += "\n" + c.t(locale, "attendance.pdf.place", {{"place", place}});
  if (!trainers.empty()) info += "\n" + c.t(locale, "attendance.pdf.trainers", {{"names", trainers}});
  doc.paragraph(info);

  docs::PdfTable table;
  table.headers = {c.t(locale, "attendance.columns.trainee"), c.t(locale, "attendance.columns.status"),
                   c.t(locale, "attendance.columns.signature")};
  table.widths = {4, 2, 5};
  for (const auto& l : lines)
    table.rows.push_back(
        {l.name, l.status.empty() ? "—" : c.t(locale, "attendance.statuses." + l.status), how_recorded(c, locale, l)});
  if (lines.empty()) doc.paragraph(c.t(locale, "attendance.sheet.empty"));
  else doc.table(std::move(table));

  if (h.sheet_status == "locked")
    doc.paragraph(c.t(locale, "attendance.pdf.countersigned",
                      {{"name", h.countersigned_name},
                       {"date", format_local(h.countersigned_at, "%d/%m/%Y")},
                       {"time", format_local(h.countersigned_at, "%H:%M")}}));
  else doc.paragraph(c.t(locale, "attendance.pdf.not_countersigned"));

  if (!corrections.empty()) {
    doc.subheading(c.t(locale, "attendance.corrections.title"));
    for (const auto& k : corrections)
      doc.paragraph(c.t(locale, "attendance.corrections.line",
                        {{"trainee", k.trainee_name},
                         {"old", k.old_status.empty() ? "—" : c.t(locale, "attendance.statuses." + k.old_status)},
                         {"new", c.t(locale, "attendance.statuses." + k.new_status)},
                         {"by", k.corrected_by_name},
                         {"at", format_local(k.corrected_at, "%d/%m/%Y %H:%M")},
                         {"reason", k.reason}}));
  }
  // The organiser's legal lines (legal module), as on every document.
  std::string legal_text;
  for (const auto& line : legal::cached_document_lines_by_name(s.organiser_name))
    legal_text += (legal_text.empty() ? "" : "\n") + line;
  if (!legal_text.empty()) doc.paragraph(legal_text);
  return doc.render();
}

}  // namespace trame::attendance
