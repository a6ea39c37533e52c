#include "questionnaires/results/svg.hpp"

#include "platform/core/text.hpp"

#include <algorithm>
#include <cstdio>

namespace trame::results {

namespace {

const int kWidth = 420;
const int kLeft = 2;
const int kTextWidth = 150;  // room for the value after the longest bar ("Moins de 5 réponses")
const int kRow = 46;         // label line + bar + gap
const int kBar = 16;
const std::size_t kLabelChars = 48;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

// Cuts a label that would not fit the label column (the full text stays in the data table).
std::string fit(const std::string& label, std::size_t max_chars) {
  // Count UTF-8 code points.
  std::size_t chars = 0, i = 0, cut = std::string::npos;
  for (; i < label.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(label[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars - 1) cut = i;
      ++chars;
    }
  }
  if (chars <= max_chars || cut == std::string::npos) return label;
  return label.substr(0, cut) + "\u2026";
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
  int height = static_cast<int>(bars.size()) * kRow + 6;
  if (height < 30) height = 30;
  std::string out = open_svg(id, title, description, height);
  const double span = kWidth - kLeft - kTextWidth;
  int y = 4;
  for (const auto& b : bars) {
    double w = max > 0 ? std::max(0.0, b.value) / max * span : 0;
    out += "<g>";
    out += "<text class=\"chart-label\" x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 14) + "\">" +
           xml_escape(fit(b.label, kLabelChars)) + "</text>";
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

std::string paired_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<PairedBar>& rows, double max, const std::string& before_legend,
                         const std::string& after_legend) {
  if (max <= 0)
    for (const auto& r : rows) max = std::max({max, r.before, r.after});
  const int row = 20 + 2 * (kBar + 2) + 12;
  int height = static_cast<int>(rows.size()) * row + 30;
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
    out += "<text class=\"chart-label\" x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 14) + "\">" +
           xml_escape(fit(r.label, kLabelChars)) + "</text>";
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
