#include "platform/docs/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <numeric>
#include <utility>
#include <cstdint>
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
constexpr double kKeepWithNext =
    72.0;  // room kept under a heading for what follows (no heading alone at a page's foot)

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard_bytes(void*, const unsigned char*, unsigned int) {
  return CAIRO_STATUS_SUCCESS;
}

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

// A chart's value: an integer without decimals, else one decimal with a comma.
std::string format_value(double v) {
  char buf[64];
  if (v == static_cast<double>(static_cast<long long>(v))) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// Where the layout is on the current page, and how pages are turned.
// The fonts of a document's text: ordinary or large print.
struct Fonts {
  const char* heading;
  const char* subheading;
  const char* body;
  const char* cell;
  const char* header_cell;
  const char* small;
  const char* small_bold;
};
constexpr Fonts kOrdinary{"DejaVu Sans Bold 18", "DejaVu Sans Bold 13", "DejaVu Sans 10",    "DejaVu Sans 9",
                          "DejaVu Sans Bold 9",  "DejaVu Sans 8",       "DejaVu Sans Bold 8"};
constexpr Fonts kLarge{"DejaVu Sans Bold 26", "DejaVu Sans Bold 20", "DejaVu Sans 16",     "DejaVu Sans 15",
                       "DejaVu Sans Bold 15", "DejaVu Sans 13",      "DejaVu Sans Bold 13"};

struct Pager {
  cairo_t* cr;
  bool draw;
  int total;
  const std::string& label;
  const Fonts& fonts = kOrdinary;
  int page = 1;
  double y = kMargin;
  std::vector<std::string>* alts = nullptr;

  void footer() {
    if (!draw) return;
    std::string text = replace_all(replace_all(label, "{n}", std::to_string(page)), "{m}", std::to_string(total));
    auto layout = make_layout(cr, text, fonts.small, kContentWidth, PANGO_ALIGN_RIGHT);
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
  // Structure tags (tagged PDF), only when drawing.
  void open(const char* tag) {
    if (draw) cairo_tag_begin(cr, tag, "");
  }
  void close(const char* tag) {
    if (draw) cairo_tag_end(cr, tag);
  }
  // Turns the page when `height` does not fit (unless already at the top of a page).
  void need(double height) {
    if (y + height > kBottom && !at_top()) next_page();
  }
  // A /Figure with its alternative text (added to the file after Cairo wrote it: with_figure_alts).
  void open_figure(const std::string& alt) {
    if (!draw) return;
    cairo_tag_begin(cr, "Figure", "");
    if (alts) alts->push_back(alt);
  }
};

// Wrapped text, line by line, turning pages as needed.
// `keep`: the height kept free below the block on its page (a heading stays with the start of what follows).
void text_block(Pager& p, const std::string& text, const char* font, double space_after, const char* tag,
                double keep = 0) {
  auto layout = make_layout(p.cr, text, font, kContentWidth);
  if (keep > 0) p.need(layout_height(layout.get()) + keep);
  p.open(tag);
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
  p.close(tag);
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

// `tagged`: the row is part of the table's structure (TR, TH or TD); a header repeated on a new page
// is drawn only.
void draw_row(Pager& p, const std::vector<LayoutPtr>& cells, const std::vector<double>& widths, double height,
              bool header, bool tagged = true) {
  if (!p.draw) return;
  cairo_t* cr = p.cr;
  if (header) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_rectangle(cr, kMargin, p.y, kContentWidth, height);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  double x = kMargin;
  const char* cell_tag = header ? "TH" : "TD";
  if (tagged) cairo_tag_begin(cr, "TR", "");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (tagged) cairo_tag_begin(cr, cell_tag, "");
    cairo_move_to(cr, x + kCellPad, p.y + kCellPad);
    pango_cairo_show_layout(cr, cells[i].get());
    if (tagged) cairo_tag_end(cr, cell_tag);
    x += widths[i];
  }
  if (tagged) cairo_tag_end(cr, "TR");
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
  double header_h = row_height(p.cr, t.headers, widths, p.fonts.header_cell, header_cells);
  bool header_tagged = false;
  auto header = [&] {
    draw_row(p, header_cells, widths, header_h, true, !header_tagged);
    header_tagged = true;
    p.y += header_h;
  };
  p.open("Table");
  bool header_on_page = false;
  if (t.rows.empty()) {
    p.need(header_h);
    header();
  }
  for (const auto& r : t.rows) {
    double h = row_height(p.cr, r, widths, p.fonts.cell, cells);
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
  p.close("Table");
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

void image_block(Pager& p, const std::string& png, double max_height, const std::string& alt) {
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return;
  PngReader reader{png};
  cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
  if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
    double w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    if (w > 0 && h > 0) {
      double scale = std::min({max_height / h, kContentWidth / w, 1.0});
      p.need(h * scale);
      p.open_figure(alt);
      if (p.draw) {
        cairo_save(p.cr);
        cairo_translate(p.cr, kMargin, p.y);
        cairo_scale(p.cr, scale, scale);
        cairo_set_source_surface(p.cr, img, 0, 0);
        // A filled rectangle, not cairo_paint: Cairo 1.16 refuses a paint inside a structure tag.
        cairo_rectangle(p.cr, 0, 0, w, h);
        cairo_fill(p.cr);
        cairo_restore(p.cr);
      }
      p.close("Figure");
      p.y += h * scale + 8;
    }
  }
  cairo_surface_destroy(img);
}

constexpr double kChartRow = 18.0;     // one bar's line
constexpr double kChartLabels = 0.38;  // the share of the width given to the labels

// A horizontal bar chart: the title, then one line per bar — its label, the bar, its value written after it.
void chart_block(Pager& p, const std::string& title, const std::vector<std::string>& labels,
                 const std::vector<double>& values, const std::vector<std::string>& shown, const std::string& alt) {
  auto heading = make_layout(p.cr, title, "DejaVu Sans Bold 10", kContentWidth);
  double title_h = layout_height(heading.get()) + 4;
  std::size_t n = std::min(labels.size(), values.size());
  double max = 0;
  for (std::size_t i = 0; i < n; ++i) max = std::max(max, values[i]);
  double label_w = kContentWidth * kChartLabels, value_w = 56.0;
  double bar_w = kContentWidth - label_w - value_w - 2 * kCellPad;
  double height = title_h + static_cast<double>(n) * kChartRow + 6;
  // The chart stays on one page when it fits on one; a longer one starts with its title and a few bars.
  p.need(height <= kBottom - kMargin ? height : title_h + 3 * kChartRow);
  p.open_figure(alt);
  if (p.draw) {
    cairo_move_to(p.cr, kMargin, p.y);
    pango_cairo_show_layout(p.cr, heading.get());
  }
  p.y += title_h;
  for (std::size_t i = 0; i < n; ++i) {
    p.need(kChartRow);
    if (p.draw) {
      cairo_t* cr = p.cr;
      auto label = make_layout(cr, labels[i], "DejaVu Sans 8", label_w - kCellPad);
      pango_layout_set_ellipsize(label.get(), PANGO_ELLIPSIZE_END);
      pango_layout_set_height(label.get(), -1);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, kMargin, p.y + (kChartRow - layout_height(label.get())) / 2);
      pango_cairo_show_layout(cr, label.get());
      double v = std::max(0.0, values[i]);
      double w = max > 0 ? v / max * bar_w : 0;
      double x = kMargin + label_w;
      cairo_set_source_rgb(cr, 0.16, 0.35, 0.6);
      cairo_rectangle(cr, x, p.y + 3, std::max(w, 0.5), kChartRow - 6);
      cairo_fill(cr);
      std::string text = i < shown.size() && !shown[i].empty() ? shown[i] : format_value(v);
      auto value = make_layout(cr, text, "DejaVu Sans Bold 8", value_w);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, x + w + kCellPad, p.y + (kChartRow - layout_height(value.get())) / 2);
      pango_cairo_show_layout(cr, value.get());
    }
    p.y += kChartRow;
  }
  // The axis the bars start from.
  if (p.draw && n > 0) {
    cairo_set_source_rgb(p.cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(p.cr, 0.75);
    cairo_move_to(p.cr, kMargin + label_w, p.y - static_cast<double>(n) * kChartRow);
    cairo_line_to(p.cr, kMargin + label_w, p.y);
    cairo_stroke(p.cr);
    cairo_set_source_rgb(p.cr, 0, 0, 0);
  }
  p.close("Figure");
  p.y += 10;
}

}  // namespace

PdfDocument::PdfDocument(std::string title) : title_(std::move(title)) {}

void PdfDocument::heading(const std::string& text) {
  blocks_.push_back({Block::Kind::heading, text, {}, 0, {}, {}});
}
void PdfDocument::subheading(const std::string& text) {
  blocks_.push_back({Block::Kind::subheading, text, {}, 0, {}, {}});
}
void PdfDocument::paragraph(const std::string& text) {
  blocks_.push_back({Block::Kind::paragraph, text, {}, 0, {}, {}});
}
void PdfDocument::table(PdfTable table) {
  blocks_.push_back({Block::Kind::table, {}, std::move(table), 0, {}, {}});
}
void PdfDocument::page_break() {
  blocks_.push_back({Block::Kind::page_break, {}, {}, 0, {}, {}});
}
void PdfDocument::image(std::string png_bytes, double max_height, std::string alt) {
  blocks_.push_back({Block::Kind::image, std::move(png_bytes), {}, max_height, {}, std::move(alt)});
}
void PdfDocument::bar_chart(const std::string& title, const std::vector<std::string>& labels,
                            const std::vector<double>& values, const std::string& alt_text,
                            const std::vector<std::string>& shown) {
  Block b{Block::Kind::chart, title, {}, 0, values, alt_text};
  b.table.headers = labels;
  b.table.rows.push_back(shown);
  blocks_.push_back(std::move(b));
}

int PdfDocument::layout(void* context, int total_pages, bool draw, std::vector<std::string>* alts) const {
  auto* cr = static_cast<cairo_t*>(context);
  Pager p{cr, draw, total_pages, page_label_, large_ ? kLarge : kOrdinary};
  p.alts = alts;
  p.open("Document");
  for (const auto& b : blocks_) {
    switch (b.kind) {
      case Block::Kind::heading: text_block(p, b.text, p.fonts.heading, 10, "H1", kKeepWithNext); break;
      case Block::Kind::subheading: text_block(p, b.text, p.fonts.subheading, 6, "H2", kKeepWithNext); break;
      case Block::Kind::paragraph: text_block(p, b.text, p.fonts.body, 6, "P"); break;
      case Block::Kind::table: table_block(p, b.table); break;
      case Block::Kind::page_break:
        if (!p.at_top()) p.next_page();
        break;
      case Block::Kind::image: image_block(p, b.text, b.height, b.alt); break;
      case Block::Kind::chart: chart_block(p, b.text, b.table.headers, b.values, b.table.rows.at(0), b.alt); break;
    }
  }
  p.close("Document");
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

std::string PdfDocument::render(int* pages) const {
  int total = page_count();
  if (pages) *pages = total;
  std::string out;
  Surface s(append_bytes, &out);
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_TITLE, title_.c_str());
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_AUTHOR, author_.empty() ? "Trame" : author_.c_str());
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_SUBJECT,
                                 subject_.empty() ? title_.c_str() : subject_.c_str());
  cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_CREATOR, "Trame");
  std::vector<std::string> alts;
  layout(s.cr, total, true, &alts);
  s.finish();
  return with_figure_alts(with_language(std::move(out), language_), alts);
}

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr int kCardColumns = 2;
constexpr int kCardRows = 4;
constexpr double kCardWidth = 90 * kMm;
constexpr double kCardHeight = 63 * kMm;
constexpr double kCardPad = 4 * kMm;
constexpr double kMarkGap = 2 * kMm;     // between the grid and a cut mark
constexpr double kMarkLength = 6 * kMm;  // a cut mark's length

// `text` laid out in `width`, cut with « … » beyond `height`; returns its height.
double card_text(cairo_t* cr, const std::string& text, const char* font, double x, double y, double width,
                 double height) {
  auto layout = make_layout(cr, text, font, width);
  pango_layout_set_height(layout.get(), static_cast<int>(height * PANGO_SCALE));
  pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  double h = layout_height(layout.get());
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  return h;
}

void cut_marks(cairo_t* cr, double left, double top) {
  double right = left + kCardColumns * kCardWidth, bottom = top + kCardRows * kCardHeight;
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.5);
  for (int c = 0; c <= kCardColumns; ++c) {
    double x = left + c * kCardWidth;
    cairo_move_to(cr, x, top - kMarkGap - kMarkLength);
    cairo_line_to(cr, x, top - kMarkGap);
    cairo_move_to(cr, x, bottom + kMarkGap);
    cairo_line_to(cr, x, bottom + kMarkGap + kMarkLength);
  }
  for (int r = 0; r <= kCardRows; ++r) {
    double y = top + r * kCardHeight;
    cairo_move_to(cr, left - kMarkGap - kMarkLength, y);
    cairo_line_to(cr, left - kMarkGap, y);
    cairo_move_to(cr, right + kMarkGap, y);
    cairo_line_to(cr, right + kMarkGap + kMarkLength, y);
  }
  cairo_stroke(cr);
}

// A card's picture (a PNG) in the box (x, y, w, h), scaled to fit, never enlarged, centred.
void card_picture(cairo_t* cr, const std::string& png, double x, double y, double w, double h) {
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || w <= 0 || h <= 0) return;
  PngReader reader{png};
  cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
  if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    if (iw > 0 && ih > 0) {
      double scale = std::min({w / iw, h / ih, 1.0});
      double dx = x + (w - iw * scale) / 2, dy = y + (h - ih * scale) / 2;
      cairo_save(cr);
      cairo_translate(cr, dx, dy);
      cairo_scale(cr, scale, scale);
      cairo_set_source_surface(cr, img, 0, 0);
      cairo_rectangle(cr, 0, 0, iw, ih);
      cairo_fill(cr);
      cairo_restore(cr);
    }
  }
  cairo_surface_destroy(img);
}

}  // namespace

std::string card_sheet(const std::string& title, const std::vector<PrintCard>& cards,
                       const std::vector<std::string>& pictures, const std::string& language) {
  std::string out;
  {
    Surface s(append_bytes, &out);
    cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_AUTHOR, "Trame");
    cairo_pdf_surface_set_metadata(s.surface, CAIRO_PDF_METADATA_CREATOR, "Trame");
    cairo_t* cr = s.cr;
    double left = (kPageWidth - kCardColumns * kCardWidth) / 2;
    double top = (kPageHeight - kCardRows * kCardHeight) / 2;
    std::size_t per_page = static_cast<std::size_t>(kCardColumns) * kCardRows;
    std::size_t pages = std::max<std::size_t>(1, (cards.size() + per_page - 1) / per_page);
    for (std::size_t page = 0; page < pages; ++page) {
      cut_marks(cr, left, top);
      for (std::size_t i = page * per_page; i < std::min(cards.size(), (page + 1) * per_page); ++i) {
        std::size_t k = i - page * per_page;
        double x = left + static_cast<double>(k % kCardColumns) * kCardWidth;
        std::size_t row = k / kCardColumns;
        double y = top + static_cast<double>(row) * kCardHeight;
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(cr, 0.3);
        cairo_rectangle(cr, x, y, kCardWidth, kCardHeight);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        double inner = kCardWidth - 2 * kCardPad;
        double cy = y + kCardPad;
        double bottom = y + kCardHeight - kCardPad;
        cy += card_text(cr, cards[i].heading, "DejaVu Sans Bold 10", x + kCardPad, cy, inner, 30) + 4;
        // A picture takes the right third, under the heading; the text the rest.
        double text_width = inner;
        if (i < pictures.size() && !pictures[i].empty()) {
          double picture_width = inner / 3;
          card_picture(cr, pictures[i], x + kCardPad + inner - picture_width, cy, picture_width, bottom - cy);
          cairo_set_source_rgb(cr, 0, 0, 0);
          text_width = inner - picture_width - kCardPad / 2;
        }
        cy += card_text(cr, cards[i].text, "DejaVu Sans 11", x + kCardPad, cy, text_width, (bottom - cy) * 0.6) + 6;
        card_text(cr, cards[i].footer, "DejaVu Sans 8.5", x + kCardPad, cy, text_width, bottom - cy);
      }
      cairo_show_page(cr);
    }
    s.finish();
  }
  return with_language(std::move(out), language);
}

namespace {

// The first integer after `key` in `text` (from `from`), or -1.
long long number_after(const std::string& text, const std::string& key, std::size_t from = 0) {
  std::size_t at = text.find(key, from);
  if (at == std::string::npos) return -1;
  at += key.size();
  while (at < text.size() && (text[at] == ' ' || text[at] == '\r' || text[at] == '\n')) ++at;
  long long n = -1;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') n = (n < 0 ? 0 : n * 10) + (text[at++] - '0');
  return n;
}

// A PDF literal string: ( ) and backslash escaped.
std::string pdf_literal(std::string_view text) {
  std::string out = "(";
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

}  // namespace

namespace {

// The trailer of the last section of a PDF as Cairo writes it.
struct Trailer {
  long long size = -1, root = -1, info = -1, prev = -1;
  bool ok() const { return size > 0 && root > 0 && prev > 0; }
};

Trailer trailer_of(const std::string& pdf) {
  Trailer t;
  std::size_t trailer = pdf.rfind("trailer");
  std::size_t startxref = pdf.rfind("startxref");
  if (trailer == std::string::npos || startxref == std::string::npos || startxref < trailer) return t;
  t.size = number_after(pdf, "/Size", trailer);
  t.root = number_after(pdf, "/Root", trailer);
  t.info = number_after(pdf, "/Info", trailer);
  t.prev = number_after(pdf, "startxref", startxref);
  return t;
}

// The dictionary of object `obj` without its closing ">>" ("<< ... "), from "N 0 obj\n<< ... >>\nendobj";
// empty when not found.
std::string dictionary_of(const std::string& pdf, long long obj) {
  std::string head = "\n" + std::to_string(obj) + " 0 obj";
  std::size_t at = pdf.find(head);
  if (at == std::string::npos) return {};
  std::size_t open = pdf.find("<<", at), end = pdf.find("endobj", at);
  if (open == std::string::npos || end == std::string::npos || open > end) return {};
  std::size_t close = pdf.rfind(">>", end);
  if (close == std::string::npos || close < open) return {};
  return pdf.substr(open, close - open);
}

// Appends an incremental update replacing objects (number → full new dictionary) and its xref section.
std::string append_update(std::string pdf, const Trailer& t,
                          const std::vector<std::pair<long long, std::string>>& objs) {
  if (pdf.back() != '\n') pdf += '\n';
  std::vector<std::pair<long long, std::size_t>> offsets;
  for (const auto& [obj, dict] : objs) {
    offsets.emplace_back(obj, pdf.size());
    pdf += std::to_string(obj) + " 0 obj\n" + dict + "\nendobj\n";
  }
  std::sort(offsets.begin(), offsets.end());
  std::size_t xref = pdf.size();
  // The free head entry (object 0) first, as readers expect a section to start at 0.
  pdf += "xref\n0 1\n0000000000 65535 f \n";
  for (const auto& [obj, at] : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", at);
    pdf += std::to_string(obj) + " 1\n" + entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(t.size) + " /Root " + std::to_string(t.root) + " 0 R" +
         (t.info > 0 ? " /Info " + std::to_string(t.info) + " 0 R" : std::string()) + " /Prev " +
         std::to_string(t.prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// A PDF text string in UTF-16BE with its byte-order mark, as hexadecimal (any language, no escaping).
std::string pdf_text_string(std::string_view utf8) {
  std::string out = "<FEFF";
  char hex[8];
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0 && i + 3 < utf8.size() + 0) {
      cp = ((c & 0x07u) << 18) | ((utf8[i + 1] & 0x3Fu) << 12) | ((utf8[i + 2] & 0x3Fu) << 6) | (utf8[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < utf8.size()) {
      cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < utf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu);
      len = 2;
    } else if (c >= 0x80) {
      cp = 0xFFFD;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(0xD800 + (cp >> 10)));
      out += hex;
      cp = 0xDC00 + (cp & 0x3FF);
    }
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
    out += hex;
  }
  return out + ">";
}

}  // namespace

std::string with_language(std::string pdf, std::string_view language) {
  Trailer t = trailer_of(pdf);
  if (!t.ok()) return pdf;
  std::string dict = dictionary_of(pdf, t.root);
  if (dict.find("/Type /Catalog") == std::string::npos || dict.find("/Lang") != std::string::npos) return pdf;
  dict += "   /Lang " + pdf_literal(language) + "\n   /ViewerPreferences << /DisplayDocTitle true >>\n>>";
  return append_update(std::move(pdf), t, {{t.root, dict}});
}

std::string with_figure_alts(std::string pdf, const std::vector<std::string>& alts) {
  if (std::all_of(alts.begin(), alts.end(), [](const std::string& a) { return a.empty(); })) return pdf;
  Trailer t = trailer_of(pdf);
  if (!t.ok()) return pdf;
  // The /Figure structure elements, in the order of the file: "N 0 obj\n<< /Type /StructElem\n   /S /Figure".
  std::vector<long long> figures;
  for (std::size_t at = pdf.find("/S /Figure"); at != std::string::npos; at = pdf.find("/S /Figure", at + 1)) {
    std::size_t after = at + 10;
    if (after < pdf.size() && std::isalnum(static_cast<unsigned char>(pdf[after]))) continue;
    std::size_t obj = pdf.rfind(" 0 obj", at);
    if (obj == std::string::npos || pdf.find("/Type /StructElem", obj) > at) continue;
    std::size_t line = pdf.rfind('\n', obj);
    line = line == std::string::npos ? 0 : line + 1;
    std::string number = pdf.substr(line, obj - line);
    if (number.empty() || number.size() > 12 || number.find_first_not_of("0123456789") != std::string::npos) continue;
    figures.push_back(std::stoll(number));
  }
  if (figures.size() < alts.size()) return pdf;
  std::vector<std::pair<long long, std::string>> objs;
  for (std::size_t i = 0; i < alts.size(); ++i) {
    if (alts[i].empty()) continue;
    std::string dict = dictionary_of(pdf, figures[i]);
    if (dict.empty() || dict.find("/Alt") != std::string::npos) continue;
    objs.emplace_back(figures[i], dict + "   /Alt " + pdf_text_string(alts[i]) + "\n>>");
  }
  if (objs.empty()) return pdf;
  return append_update(std::move(pdf), t, objs);
}

std::string pdf_file_name(std::initializer_list<std::string_view> parts) {
  // Latin letters with diacritics (UTF-8, two bytes) → their base letter.
  static const std::pair<const char*, const char*> folds[] = {
      {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"},  {"ã", "a"},  {"ç", "c"},  {"é", "e"}, {"è", "e"}, {"ê", "e"},
      {"ë", "e"}, {"î", "i"}, {"ï", "i"}, {"í", "i"},  {"ô", "o"},  {"ö", "o"},  {"ó", "o"}, {"ù", "u"}, {"û", "u"},
      {"ü", "u"}, {"ú", "u"}, {"ÿ", "y"}, {"ñ", "n"},  {"œ", "oe"}, {"æ", "ae"}, {"À", "a"}, {"Â", "a"}, {"Ä", "a"},
      {"Ç", "c"}, {"É", "e"}, {"È", "e"}, {"Ê", "e"},  {"Ë", "e"},  {"Î", "i"},  {"Ï", "i"}, {"Ô", "o"}, {"Ö", "o"},
      {"Ù", "u"}, {"Û", "u"}, {"Ü", "u"}, {"Œ", "oe"}, {"Æ", "ae"}};
  std::string name;
  for (std::string_view part : parts) {
    std::string slug;
    bool dash = false;
    for (std::size_t i = 0; i < part.size() && slug.size() < 60;) {
      unsigned char c = static_cast<unsigned char>(part[i]);
      std::string piece;
      std::size_t len = 1;
      if (std::isalnum(c) && c < 0x80) {
        piece = static_cast<char>(std::tolower(c));
      } else if (c >= 0x80) {
        len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        for (const auto& [from, to] : folds)
          if (part.substr(i, std::strlen(from)) == from) {
            piece = to;
            len = std::strlen(from);
            break;
          }
      }
      i += len;
      if (piece.empty()) {
        dash = !slug.empty();
        continue;
      }
      if (dash) slug += '-';
      dash = false;
      slug += piece;
    }
    if (slug.empty()) continue;
    name += (name.empty() ? "" : "-") + slug;
  }
  return (name.empty() ? std::string("document") : name) + ".pdf";
}

}  // namespace trame::docs
