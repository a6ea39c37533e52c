// The parchemin: the PDF of a certificate (platform/docs/pdf: tagged, French, Title and Author), and
// its QR code drawn as a PNG (Cairo), since PDF documents draw PNG pictures only.
#include <cairo.h>
#include <qrencode.h>

#include "certification/certificates/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"

namespace trame::certificates {

namespace {

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string qr_png(const std::string& text, int module_px) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return {};
  const int quiet = 4;
  const int size = (code->width + 2 * quiet) * module_px;
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        cairo_rectangle(cr, (x + quiet) * module_px, (y + quiet) * module_px, module_px, module_px);
  cairo_fill(cr);
  QRcode_free(code);
  cairo_destroy(cr);
  std::string png;
  cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  return status == CAIRO_STATUS_SUCCESS ? png : std::string();
}

std::string Service::render_pdf(const Parchment& p) const {
  const Certificate& c = p.certificate;
  auto day = [this](const std::string& iso) {
    auto d = parse_date(iso);
    if (!d) return iso;
    return std::to_string(d->day) + " " + t("trainings.months." + std::to_string(d->month)) + " " +
           std::to_string(d->year);
  };
  web::Params params = {{"certification", c.certification_title},
                        {"certifier", c.owner_name},
                        {"holder", c.holder_name},
                        {"number", c.registration_number},
                        {"decision", day(c.decision_date)},
                        {"date", day(local_day(c.issued_at))},
                        {"day", day(c.session_day)},
                        {"validity_end", day(c.validity_end)},
                        {"url", p.url},
                        {"code", p.code}};
  docs::PdfDocument doc(t("certificates.pdf.title", params));
  doc.set_author(c.owner_name);
  doc.set_subject(t("certificates.pdf.subject", params));
  doc.set_language("fr-FR");
  doc.heading(t("certificates.pdf.heading"));
  doc.paragraph(t("certificates.pdf.certifies", params));
  doc.subheading(c.holder_name);
  doc.paragraph(t(c.complete ? "certificates.pdf.complete" : "certificates.pdf.partial", params));
  if (!c.registration_number.empty())
    doc.paragraph(t("certificates.pdf.registered." + (c.register_ == "rncp" ? std::string("rncp") : "rs"), params));
  docs::PdfTable table;
  table.headers = {t("certificates.pdf.block_code"), t("certificates.pdf.block_title")};
  table.widths = {1, 5};
  for (const auto& b : p.acquired) table.rows.push_back({b.code, b.title});
  doc.subheading(t(c.complete ? "certificates.pdf.blocks_all" : "certificates.pdf.blocks_partial"));
  doc.table(table);
  doc.paragraph(t("certificates.pdf.issued", params));
  if (!c.complete && !c.validity_end.empty()) doc.paragraph(t("certificates.pdf.kept", params));
  doc.paragraph(t("certificates.pdf.verify", params));
  std::string png = qr_png(p.url, 4);
  if (!png.empty()) doc.image(png, 180);
  return doc.render();
}

}  // namespace trame::certificates
