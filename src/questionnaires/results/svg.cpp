#include "questionnaires/results/svg.hpp"

#include "platform/core/text.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace trame::results {

namespace {

const int kWidth = 420;
const int kLeft = 2;
const int kTextWidth = 150;  // room for the value after the longest bar ("Moins de 5 réponses")
const int kRow = 46;         // label line + bar + gap
const int kBar = 16;
const std::size_t kLabelChars = 46;  // a line of label at 16px across the chart's width
const int kLine = 19;                // between two lines of a label

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

std::size_t code_points_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `n` code points of `s` (bytes), for a word longer than a whole line.
std::size_t prefix_bytes(const std::string& s, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) return i;
  return s.size();
}

// A label as lines of at most max_chars code points, broken between words (a word longer than a line,
// rare, is the only thing split): the whole label is always shown, never cut with an ellipsis.
std::vector<std::string> wrap(const std::string& label, std::size_t max_chars) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= label.size()) {
    std::size_t end = label.find(' ', start);
    if (end == std::string::npos) end = label.size();
    std::string word = label.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    while (code_points_of(word) > max_chars) {
      if (!line.empty()) lines.push_back(std::move(line)), line.clear();
      std::size_t cut = prefix_bytes(word, max_chars);
      lines.push_back(word.substr(0, cut));
      word = word.substr(cut);
    }
    if (line.empty()) line = word;
    else if (code_points_of(line) + 1 + code_points_of(word) <= max_chars) line += " " + word;
    else lines.push_back(std::exchange(line, word));
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// The label's <text>, one <tspan> per line; returns the height its extra lines add.
int label_text(std::string& out, const std::string& label, int y) {
  auto lines = wrap(label, kLabelChars);
  out += "<text class=\"chart-label\" x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 14) + "\">";
  for (std::size_t i = 0; i < lines.size(); ++i)
    out += "<tspan x=\"" + std::to_string(kLeft) + "\" dy=\"" + (i == 0 ? "0" : std::to_string(kLine)) + "\">" +
           xml_escape(lines[i]) + "</tspan>";
  out += "</text>";
  return static_cast<int>(lines.size() - 1) * kLine;
}

std::string open_svg(const std::string& id, const std::string& title, const std::string& description, int height) {
  std::string out;
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
         std::to_string(kWidth) + " " + std::to_string(height) + "\" aria-labelledby=\"" + xml_escape(id) +
         "-title\" aria-describedby=\"" + xml_escape(id) + "-desc\" focusable=\"false\">";
  out += "<title id=\"" + xml_escape(id) + "-title\">" + xml_escape(title) + "</title>";
  out += "<desc id=\"" + xml_escape(id) + "-desc\">" + xml_escape(description) + "</desc>";
  return out;
}

}  // namespace

std::string bar_chart(const std::string& id, const std::string& title, const std::string& description,
                      const std::vector<Bar>& bars, double max) {
  // Each row: its label on a line of its own, the bar below it with the value after the bar (readable
  // once scaled down to a phone's width).
  if (max <= 0)
    for (const auto& b : bars) max = std::max(max, b.value);
  int height = 6;
  for (const auto& b : bars) height += kRow + static_cast<int>(wrap(b.label, kLabelChars).size() - 1) * kLine;
  if (height < 30) height = 30;
  std::string out = open_svg(id, title, description, height);
  const double span = kWidth - kLeft - kTextWidth;
  int y = 4;
  for (const auto& b : bars) {
    double w = max > 0 ? std::max(0.0, b.value) / max * span : 0;
    out += "<g>";
    y += label_text(out, b.label, y);
    out += "<rect class=\"chart-bar\" x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 20) +
           "\" width=\"" + num(w) + "\" height=\"" + std::to_string(kBar) + "\"/>";
    out += "<text class=\"chart-value\" x=\"" + num(kLeft + w + 6) + "\" y=\"" + std::to_string(y + 20 + kBar - 3) +
           "\">" + xml_escape(b.text) + "</text>";
    out += "</g>";
    y += kRow;
  }
  out += "</svg>";
  return out;
}

namespace {

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One label or value as a Pango layout in the chart's font, wrapped between words at `width` pixels.
PangoLayout* png_text(cairo_t* cr, const std::string& text, int width) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans 20px");
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout, width * PANGO_SCALE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  return layout;
}

}  // namespace

std::string bar_chart_png(const std::vector<Bar>& bars, double max) {
  // Twice the size it is drawn at (the PDF scales it down to the page's width): crisp when printed.
  const int width = 1000, bar = 30, gap = 6, after = 22, text_room = 300;
  if (max <= 0)
    for (const auto& b : bars) max = std::max(max, b.value);
  // Measured on a scratch surface first: the picture's height depends on how the labels wrap.
  cairo_surface_t* scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* measure = cairo_create(scratch);
  std::vector<int> label_heights;
  int height = 8;
  for (const auto& b : bars) {
    PangoLayout* l = png_text(measure, b.label, width - 8);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(l, &w, &h);
    g_object_unref(l);
    label_heights.push_back(h);
    height += h + gap + bar + after;
  }
  cairo_destroy(measure);
  cairo_surface_destroy(scratch);

  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, std::max(height, 40));
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  const double span = width - 8 - text_room;
  double y = 8;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    cairo_set_source_rgb(cr, 0x1d / 255.0, 0x23 / 255.0, 0x30 / 255.0);
    PangoLayout* label = png_text(cr, b.label, width - 8);
    cairo_move_to(cr, 4, y);
    pango_cairo_show_layout(cr, label);
    g_object_unref(label);
    y += label_heights[i] + gap;
    double w = max > 0 ? std::max(0.0, b.value) / max * span : 0;
    cairo_set_source_rgb(cr, 0x8a / 255.0, 0x2d / 255.0, 0x54 / 255.0);
    cairo_rectangle(cr, 4, y, w, bar);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0x1d / 255.0, 0x23 / 255.0, 0x30 / 255.0);
    PangoLayout* value = png_text(cr, b.text, 0);
    cairo_move_to(cr, 4 + w + 10, y + 2);
    pango_cairo_show_layout(cr, value);
    g_object_unref(value);
    y += bar + after;
  }
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  return png;
}

std::string paired_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<PairedBar>& rows, double max, const std::string& before_legend,
                         const std::string& after_legend) {
  if (max <= 0)
    for (const auto& r : rows) max = std::max({max, r.before, r.after});
  const int row = 20 + 2 * (kBar + 2) + 12;
  int height = 30;
  for (const auto& r : rows) height += row + static_cast<int>(wrap(r.label, kLabelChars).size() - 1) * kLine;
  std::string out = open_svg(id, title, description, height);
  out += "<g class=\"chart-legend\"><rect class=\"chart-bar chart-before\" x=\"" + std::to_string(kLeft) +
         "\" y=\"6\" width=\"14\" height=\"14\"/><text x=\"" + std::to_string(kLeft + 20) + "\" y=\"18\">" +
         xml_escape(before_legend) + "</text><rect class=\"chart-bar chart-after\" x=\"" + std::to_string(kLeft + 150) +
         "\" y=\"6\" width=\"14\" height=\"14\"/><text x=\"" + std::to_string(kLeft + 170) + "\" y=\"18\">" +
         xml_escape(after_legend) + "</text></g>";
  const double span = kWidth - kLeft - kTextWidth;
  int y = 30;
  for (const auto& r : rows) {
    out += "<g>";
    y += label_text(out, r.label, y);
    for (int k = 0; k < 2; ++k) {
      bool has = k == 0 ? r.has_before : r.has_after;
      double v = k == 0 ? r.before : r.after;
      const std::string& text = k == 0 ? r.before_text : r.after_text;
      int by = y + 20 + k * (kBar + 2);
      double w = has && max > 0 ? std::max(0.0, v) / max * span : 0;
      out += std::string("<rect class=\"chart-bar ") + (k == 0 ? "chart-before" : "chart-after") + "\" x=\"" +
             std::to_string(kLeft) + "\" y=\"" + std::to_string(by) + "\" width=\"" + num(w) + "\" height=\"" +
             std::to_string(kBar) + "\"/>";
      out += "<text class=\"chart-value\" x=\"" + num(kLeft + w + 6) + "\" y=\"" + std::to_string(by + kBar - 3) +
             "\">" + xml_escape(text) + "</text>";
    }
    out += "</g>";
    y += row;
  }
  out += "</svg>";
  return out;
}

}  // namespace trame::results
