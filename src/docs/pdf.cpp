#include "docs/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace trame::docs {

namespace {

// A4 in points, and the page's frame.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48.0;
constexpr double kFooterSpace = 30.0;  // kept free above the bottom margin for "page N / M"
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin - kFooterSpace;
constexpr double kCellPad = 4.0;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard_bytes(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

LayoutPtr make_layout(cairo_t* cr, const std::string& text, const char* font, double width,
                      PangoAlignment align = PANGO_ALIGN_LEFT) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout.get(), desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), align);
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

double layout_height(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// Where the layout is on the current page, and how pages are turned.
struct Pager {
  cairo_t* cr;
  bool draw;
  int total;
  const std::string& label;
  int page = 1;
  double y = kMargin;

  void footer() {
    if (!draw) return;
    std::string text = replace_all(replace_all(label, "{n}", std::to_string(page)), "{m}", std::to_string(total));
    auto layout = make_layout(cr, text, "DejaVu Sans 8", kContentWidth, PANGO_ALIGN_RIGHT);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_move_to(cr, kMargin, kPageHeight - kMargin - layout_height(layout.get()));
    pango_cairo_show_layout(cr, layout.get());
    cairo_set_source_rgb(cr, 0, 0, 0);
  }
  void next_page() {
    footer();
    if (draw) cairo_show_page(cr);
    ++page;
    y = kMargin;
  }
  bool at_top() const { return y <= kMargin + 0.01; }
  // Turns the page when `height` does not fit (unless already at the top of a page).
  void need(double height) {
    if (y + height > kBottom && !at_top()) next_page();
  }
};

// Wrapped text, line by line, turning pages as needed.
void text_block(Pager& p, const std::string& text, const char* font, double space_after) {
  auto layout = make_layout(p.cr, text, font, kContentWidth);
  int lines = pango_layout_get_line_count(layout.get());
  for (int i = 0; i < lines; ++i) {
    PangoLayoutLine* line = pango_layout_get_line_readonly(layout.get(), i);
    PangoRectangle ink, logical;
    pango_layout_line_get_extents(line, &ink, &logical);
    double h = static_cast<double>(logical.height) / PANGO_SCALE;
    double baseline = -static_cast<double>(logical.y) / PANGO_SCALE;
    p.need(h);
    if (p.draw) {
      cairo_move_to(p.cr, kMargin, p.y + baseline);
      pango_cairo_show_layout_line(p.cr, line);
    }
    p.y += h;
  }
  p.y += space_after;
}

std::vector<double> column_widths(const PdfTable& t, std::size_t columns) {
  std::vector<double> w(columns, 1.0);
  if (t.widths.size() == columns) {
    for (std::size_t i = 0; i < columns; ++i) w[i] = t.widths[i] > 0 ? t.widths[i] : 1.0;
  }
  double sum = std::accumulate(w.begin(), w.end(), 0.0);
  for (auto& x : w) x = x / sum * kContentWidth;
  return w;
}

// One row: cells laid out, the row's height, drawn at p.y when drawing.
double row_height(cairo_t* cr, const std::vector<std::string>& cells, const std::vector<double>& widths,
                  const char* font, std::vector<LayoutPtr>& out) {
  out.clear();
  double h = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::string& text = i < cells.size() ? cells[i] : std::string();
    out.push_back(make_layout(cr, text, font, widths[i] - 2 * kCellPad));
    h = std::max(h, layout_height(out.back().get()));
  }
  return h + 2 * kCellPad;
}

void draw_row(Pager& p, const std::vector<LayoutPtr>& cells, const std::vector<double>& widths, double height,
              bool header) {
  if (!p.draw) return;
  cairo_t* cr = p.cr;
  if (header) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_rectangle(cr, kMargin, p.y, kContentWidth, height);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  double x = kMargin;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cairo_move_to(cr, x + kCellPad, p.y + kCellPad);
    pango_cairo_show_layout(cr, cells[i].get());
    x += widths[i];
  }
  cairo_set_line_width(cr, 0.5);
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  cairo_rectangle(cr, kMargin, p.y, kContentWidth, height);
  cairo_stroke(cr);
  x = kMargin;
  for (std::size_t i = 0; i + 1 < widths.size(); ++i) {
    x += widths[i];
    cairo_move_to(cr, x, p.y);
    cairo_line_to(cr, x, p.y + height);
    cairo_stroke(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
}

void table_block(Pager& p, const PdfTable& t) {
  std::size_t columns = t.headers.size();
  for (const auto& r : t.rows) columns = std::max(columns, r.size());
  if (columns == 0) return;
  auto widths = column_widths(t, columns);
  std::vector<LayoutPtr> header_cells, cells;
  double header_h = row_height(p.cr, t.headers, widths, "DejaVu Sans Bold 9", header_cells);
  auto header = [&] {
    draw_row(p, header_cells, widths, header_h, true);
    p.y += header_h;
  };
  bool header_on_page = false;
  if (t.rows.empty()) {
    p.need(header_h);
    header();
  }
  for (const auto& r : t.rows) {
    double h = row_height(p.cr, r, widths, "DejaVu Sans 9", cells);
    if (p.y + (header_on_page ? 0 : header_h) + h > kBottom && !p.at_top()) {
      p.next_page();
      header_on_page = false;
    }
    if (!header_on_page) {
      header();
      header_on_page = true;
    }
    draw_row(p, cells, widths, h, false);
    p.y += h;
  }
  p.y += 10;
}

// A PNG held in memory, read by cairo.
struct PngReader {
  const std::string& bytes;
  std::size_t offset = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->offset + length > r->bytes.size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->bytes.data() + r->offset, length, reinterpret_cast<char*>(data));
  r->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

void image_block(Pager& p, const std::string& png, double max_height) {
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return;
  PngReader reader{png};
  cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
  if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
    double w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    if (w > 0 && h > 0) {
      double scale = std::min({max_height / h, kContentWidth / w, 1.0});
      p.need(h * scale);
      if (p.draw) {
        cairo_save(p.cr);
        cairo_translate(p.cr, kMargin, p.y);
        cairo_scale(p.cr, scale, scale);
        cairo_set_source_surface(p.cr, img, 0, 0);
        cairo_paint(p.cr);
        cairo_restore(p.cr);
      }
      p.y += h * scale + 8;
    }
  }
  cairo_surface_destroy(img);
}

}  // namespace

PdfDocument::PdfDocument(std::string title) : title_(std::move(title)) {}

void PdfDocument::heading(const std::string& text) { blocks_.push_back({Block::Kind::heading, text, {}, 0}); }
void PdfDocument::subheading(const std::string& text) { blocks_.push_back({Block::Kind::subheading, text, {}, 0}); }
void PdfDocument::paragraph(const std::string& text) { blocks_.push_back({Block::Kind::paragraph, text, {}, 0}); }
void PdfDocument::table(PdfTable table) { blocks_.push_back({Block::Kind::table, {}, std::move(table), 0}); }
void PdfDocument::page_break() { blocks_.push_back({Block::Kind::page_break, {}, {}, 0}); }
void PdfDocument::image(std::string png_bytes, double max_height) {
  blocks_.push_back({Block::Kind::image, std::move(png_bytes), {}, max_height});
}

int PdfDocument::layout(void* context, int total_pages, bool draw) const {
  auto* cr = static_cast<cairo_t*>(context);
  Pager p{cr, draw, total_pages, page_label_};
  for (const auto& b : blocks_) {
    switch (b.kind) {
      case Block::Kind::heading:
        text_block(p, b.text, "DejaVu Sans Bold 18", 10);
        break;
      case Block::Kind::subheading:
        text_block(p, b.text, "DejaVu Sans Bold 13", 6);
        break;
      case Block::Kind::paragraph:
        text_block(p, b.text, "DejaVu Sans 10", 6);
        break;
      case Block::Kind::table:
        table_block(p, b.table);
        break;
      case Block::Kind::page_break:
        if (!p.at_top()) p.next_page();
        break;
      case Block::Kind::image:
        image_block(p, b.text, b.height);
        break;
    }
  }
  p.footer();
  if (draw) cairo_show_page(cr);
  return p.page;
}

namespace {

// A PDF surface writing to `write`, with a context; both released on destruction.
struct Surface {
  cairo_surface_t* surface;
  cairo_t* cr;
  Surface(cairo_write_func_t write, void* closure) {
    surface = cairo_pdf_surface_create_for_stream(write, closure, kPageWidth, kPageHeight);
    cr = cairo_create(surface);
  }
  ~Surface() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
  void finish() {
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface)));
  }
};

}  // namespace

int PdfDocument::page_count() const {
  Surface s(discard_bytes, nullptr);
  int pages = layout(s.cr, 0, false);
  s.finish();
  return pages;
}

std::string PdfDocument::render() const {
  int total = page_count();
  std::string out;
  Surface s(append_bytes, &out);
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_TITLE, title_.c_str());
  if (!author_.empty()) cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_AUTHOR, author_.c_str());
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_CREATOR, "Trame");
  layout(s.cr, total, true);
  s.finish();
  return out;
}

}  // namespace trame::docs
