#include "outings/bookings/ticket.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"

namespace trame::bookings {

namespace {

// Page sizes in points: A6 (105 × 148 mm) and a phone-sized page (9:19.5, about 95 × 206 mm).
struct PageSize {
  double width, height, margin;
};
PageSize page_size(TicketFormat format) {
  return format == TicketFormat::a6 ? PageSize{297.64, 419.53, 20.0} : PageSize{270.0, 585.0, 18.0};
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

// Draws the ticket from the top (or only measures it when !draw); returns the height used. `scale`
// shrinks every font when the text does not fit the page.
class Writer {
 public:
  Writer(cairo_t* cr, const PageSize& page, double scale, bool draw)
      : cr_(cr), page_(page), scale_(scale), draw_(draw), y_(page.margin) {}

  // Lines break between words (or inside a word too long for the line), never inside `whole`: the
  // booking code stays on one line wherever it appears (a code cut at its hyphen reads as two).
  void text(const std::string& text, double size, bool bold, const char* tag, double after = 4,
            const std::string& whole = {}) {
    if (text.empty()) return;
    LayoutPtr layout(pango_cairo_create_layout(cr_));
    std::string font = std::string("DejaVu Sans") + (bold ? " Bold " : " ") + std::to_string(size * scale_);
    PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
    pango_layout_set_font_description(layout.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout.get(), static_cast<int>((page_.width - 2 * page_.margin) * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    if (!whole.empty()) {
      PangoAttrList* attrs = pango_attr_list_new();
      for (auto at = text.find(whole); at != std::string::npos; at = text.find(whole, at + whole.size())) {
        PangoAttribute* keep = pango_attr_allow_breaks_new(FALSE);
        keep->start_index = static_cast<guint>(at);
        keep->end_index = static_cast<guint>(at + whole.size());
        pango_attr_list_insert(attrs, keep);
      }
      pango_layout_set_attributes(layout.get(), attrs);
      pango_attr_list_unref(attrs);
    }
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    if (draw_) {
      cairo_tag_begin(cr_, tag, "");
      cairo_move_to(cr_, page_.margin, y_);
      pango_cairo_show_layout(cr_, layout.get());
      cairo_tag_end(cr_, tag);
    }
    y_ += static_cast<double>(h) / PANGO_SCALE + after * scale_;
  }

  // The QR code of `data`, centred, `side` points wide (with its quiet zone).
  void qr(const std::string& data, double side) {
    side *= scale_;
    QRcode* code = QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M);
    if (!code) return;
    const int quiet = 2;
    const double module = side / (code->width + 2 * quiet);
    const double x0 = (page_.width - side) / 2;
    if (draw_) {
      cairo_tag_begin(cr_, "Figure", "");
      cairo_set_source_rgb(cr_, 0, 0, 0);
      for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
          if (code->data[y * code->width + x] & 1)
            cairo_rectangle(cr_, x0 + (x + quiet) * module, y_ + (y + quiet) * module, module, module);
      cairo_fill(cr_);
      cairo_tag_end(cr_, "Figure");
    }
    QRcode_free(code);
    y_ += side + 4 * scale_;
  }

  void rule() {
    if (draw_) {
      cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, page_.margin, y_);
      cairo_line_to(cr_, page_.width - page_.margin, y_);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
    }
    y_ += 6 * scale_;
  }

  double y() const { return y_; }

 private:
  cairo_t* cr_;
  PageSize page_;
  double scale_;
  bool draw_;
  double y_;
};

// The ticket's content, top to bottom: what and when, the code and its QR (what the door checks),
// then where, how to get there and what to say.
double lay_out(cairo_t* cr, const TicketText& t, const PageSize& page, double scale, bool draw) {
  Writer w(cr, page, scale, draw);
  if (draw) cairo_tag_begin(cr, "Document", "");
  w.text(t.title, 14, true, "H1", 6);
  w.text(t.when, 11, true, "P", 2);
  w.text(t.places, 10, false, "P", 6);
  w.qr(t.code, std::min(page.width - 2 * page.margin, 150.0));
  w.text(t.code_label + " : " + t.code, 13, true, "P", 6, t.code);
  w.rule();
  w.text(t.venue, 10, true, "P", 1);
  w.text(t.address, 10, false, "P", 6);
  if (!t.access.empty()) w.text(t.access_label + " : " + t.access, 8.5, false, "P", 4);
  w.text(t.door_label + " : " + t.door, 8.5, false, "P", 4, t.code);
  w.text(t.footer, 7.5, false, "P", 0);
  if (draw) cairo_tag_end(cr, "Document");
  return w.y() + page.margin;
}

}  // namespace

std::string ticket_pdf(const TicketText& text, TicketFormat format) {
  const PageSize page = page_size(format);
  // The largest scale at which everything fits on the one page.
  double scale = 1.0;
  {
    cairo_surface_t* probe = cairo_pdf_surface_create_for_stream(nullptr, nullptr, page.width, page.height);
    cairo_t* cr = cairo_create(probe);
    for (int i = 0; i < 8 && lay_out(cr, text, page, scale, false) > page.height; ++i) scale *= 0.9;
    cairo_destroy(cr);
    cairo_surface_destroy(probe);
  }
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &out, page.width, page.height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, text.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                 text.author.empty() ? "Trame" : text.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, text.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Trame");
  cairo_t* cr = cairo_create(surface);
  lay_out(cr, text, page, scale, true);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
  return docs::with_language(std::move(out), "fr-FR");
}

std::string ticket_sms(const web::Catalogue& catalogue, const std::string& locale, const TicketText& text,
                       const std::string& outing, const std::string& link) {
  // One line for the place: "Théâtre Quartier Libre, 12 rue de la République, Ancenis".
  std::string where = text.venue;
  std::size_t from = 0;
  while (from < text.address.size()) {
    std::size_t end = text.address.find('\n', from);
    if (end == std::string::npos) end = text.address.size();
    std::string line = text.address.substr(from, end - from);
    if (!line.empty()) where += (where.empty() ? "" : ", ") + line;
    from = end + 1;
  }
  return catalogue.t(locale, "bookings.ticket.sms.text",
                     {{"outing", outing},
                      {"when", text.when},
                      {"where", where},
                      {"places", text.places},
                      {"code", text.code},
                      {"link", link}});
}

namespace {
constexpr const char* kTicketContext = "ticketln";

std::string mac_of(const web::DerivedKey& key, long long booking_id, const std::string& code, long long expires) {
  return web::hmac_sha256_hex(key.bytes, "ticket;" + key.id + ";" + std::to_string(booking_id) + ";" + code + ";" +
                                             std::to_string(expires))
      .substr(0, 32);
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

std::string ticket_token(const web::SecretKeys& keys, long long booking_id, const std::string& code,
                         long long expires) {
  auto key = keys.current(kTicketContext);
  return std::to_string(booking_id) + "." + std::to_string(expires) + "." + key.id + "." +
         mac_of(key, booking_id, code, expires);
}

std::optional<TicketToken> parse_ticket_token(const std::string& token) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot = token.find('.'); parts.size() < 4; dot = token.find('.', start)) {
    parts.push_back(token.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 4 || !all_digits(parts[0]) || !all_digits(parts[1]) || parts[2].size() != 8 ||
      parts[3].size() != 32)
    return std::nullopt;
  return TicketToken{std::stoll(parts[0]), std::stoll(parts[1]), parts[2], parts[3]};
}

bool ticket_token_valid(const web::SecretKeys& keys, const TicketToken& token, const std::string& code) {
  auto key = keys.find(kTicketContext, token.key_id);
  if (!key) return false;
  return web::constant_time_equal(mac_of(*key, token.booking_id, code, token.expires), token.mac);
}

long long ticket_link_expiry(long long starts_at) {
  return next_day_start(local_date(next_day_start(local_date(starts_at))));
}

}  // namespace trame::bookings
