#include "cooperation/indicators/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/core/text.hpp"

namespace trame::indicators {

namespace {

const int kWidth = 640;
const int kHeight = 350;
const int kLeft = 78;  // room for the y axis' values
const int kRight = 24;
const int kTop = 84;              // the legend (two lines)
const int kBottom = 44;           // the x axis labels
const char* kInk = "#1d2330";     // text, axes, targets (contrast 15:1 on white)
const char* kSeries = "#8a2d54";  // the measured line and its dots (contrast 8:1 on white)
const char* kGrid = "#767d8c";    // grid lines (decorative; 4.3:1 all the same)

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

// A round step for about `parts` intervals over `span`: 1, 2, 2.5 or 5 times a power of ten.
double nice_step(double span, int parts) {
  if (span <= 0) return 1;
  double raw = span / parts;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

// A tick's value as written on the axis: French decimal comma, thousands with a no-break space.
std::string tick_text(double v) {
  double r = std::round(v * 100.0) / 100.0;
  if (r == 0) r = 0;
  bool negative = r < 0;
  long long cents = std::llround(std::fabs(r) * 100.0);
  std::string whole = std::to_string(cents / 100), grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += "\u00a0";
    grouped += whole[i];
  }
  std::string out = (negative ? "-" : "") + grouped;
  long long frac = cents % 100;
  if (frac) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02lld", frac);
    std::string f = buf;
    if (f.back() == '0') f.pop_back();
    out += "," + f;
  }
  return out;
}

std::string text_at(double x, double y, const std::string& anchor, const std::string& content,
                    const std::string& cls = "chart-label") {
  return "<text class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor +
         "\" fill=\"" + kInk +
         "\" font-size=\"15\" stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">" +
         xml_escape(content) + "</text>";
}

std::string diamond(double x, double y, double r) {
  return "<polygon class=\"chart-target\" points=\"" + num(x) + "," + num(y - r) + " " + num(x + r) + "," + num(y) +
         " " + num(x) + "," + num(y + r) + " " + num(x - r) + "," + num(y) + "\" fill=\"#ffffff\" stroke=\"" + kInk +
         "\" stroke-width=\"2.5\"/>";
}

std::string dot(double x, double y) {
  return "<circle class=\"chart-point\" cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"5.5\" fill=\"" + kSeries +
         "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
}

}  // namespace

std::string time_series_svg(const std::string& id, const ChartText& text, const ChartSeries& series) {
  const std::size_t n = series.periods.size();
  std::string out;
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart indicator-chart\" role=\"img\" viewBox=\"0 0 " +
         std::to_string(kWidth) + " " + std::to_string(kHeight) + "\" aria-labelledby=\"" + xml_escape(id) +
         "-title\" aria-describedby=\"" + xml_escape(id) + "-desc\" focusable=\"false\">";
  out += "<title id=\"" + xml_escape(id) + "-title\">" + xml_escape(text.title) + "</title>";
  out += "<desc id=\"" + xml_escape(id) + "-desc\">" + xml_escape(text.description) + "</desc>";
  out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(kWidth) + "\" height=\"" + std::to_string(kHeight) +
         "\" fill=\"#ffffff\"/>";

  // The legend: a dot on a solid line for measured values, a diamond on a dashed line for targets.
  out += "<g class=\"chart-legend\">";
  out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"20\" x2=\"" + std::to_string(kLeft + 36) +
         "\" y2=\"20\" stroke=\"" + kSeries + "\" stroke-width=\"3\"/>" + dot(kLeft + 18, 20);
  out += text_at(kLeft + 44, 25, "start", text.value_legend);
  out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"48\" x2=\"" + std::to_string(kLeft + 36) +
         "\" y2=\"48\" stroke=\"" + kInk + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>" +
         diamond(kLeft + 18, 48, 7);
  out += text_at(kLeft + 44, 53, "start", text.target_legend);
  out += "</g>";

  bool any = false;
  double lo = 0, hi = 0;
  for (const auto& v : series.values)
    if (v) {
      lo = any ? std::min(lo, *v) : std::min(0.0, *v);
      hi = any ? std::max(hi, *v) : std::max(0.0, *v);
      any = true;
    }
  for (const auto& t : series.targets) {
    lo = std::min(lo, t.value);
    hi = std::max(hi, t.value);
  }
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  if (n == 0 || (!any && series.targets.empty())) {
    out += text_at(kWidth / 2.0, kTop + plot_h / 2, "middle", text.empty);
    out += "</svg>";
    return out;
  }
  double step = nice_step(hi - lo, 4);
  double axis_lo = std::floor(lo / step) * step, axis_hi = std::ceil(hi / step) * step;
  if (axis_hi <= axis_lo) axis_hi = axis_lo + step;
  auto y_of = [&](double v) { return kTop + plot_h - (v - axis_lo) / (axis_hi - axis_lo) * plot_h; };
  // One period: its dot in the middle; several: spread across the plot's width.
  auto x_of = [&](std::size_t i) {
    return n == 1 ? kLeft + plot_w / 2 : kLeft + 12 + (plot_w - 24) * static_cast<double>(i) / (n - 1);
  };

  // Grid and y axis values.
  out += "<g class=\"chart-axis\">";
  for (double v = axis_lo; v <= axis_hi + step / 2; v += step) {
    double y = y_of(v);
    out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(kLeft + plot_w) + "\" y2=\"" +
           num(y) + "\" stroke=\"" + kGrid + "\" stroke-width=\"" + (std::fabs(v) < step / 2 ? "1.5" : "0.5") + "\"/>";
    out += text_at(kLeft - 8, y + 5, "end", tick_text(v));
  }
  out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" + std::to_string(kLeft) +
         "\" y2=\"" + num(kTop + plot_h) + "\" stroke=\"" + kInk + "\" stroke-width=\"1.5\"/>";
  // x axis labels: all of them up to 12 periods (8 for months, whose labels are longer), else one in k
  // and always the last.
  std::size_t widest = 0;
  for (const auto& l : series.labels) widest = std::max(widest, code_points(l));
  std::size_t room = widest > 5 ? 7 : 12;
  std::size_t every = n <= room ? 1 : (n + room - 1) / room;
  for (std::size_t i = 0; i < n; ++i) {
    bool shown = i % every == 0 || i + 1 == n;
    if (i + 1 != n && (n - 1 - i) < every && every > 1) shown = false;  // too close to the last one
    if (!shown) continue;
    std::string label = i < series.labels.size() ? series.labels[i] : series.periods[i];
    out += "<line x1=\"" + num(x_of(i)) + "\" y1=\"" + num(kTop + plot_h) + "\" x2=\"" + num(x_of(i)) + "\" y2=\"" +
           num(kTop + plot_h + 6) + "\" stroke=\"" + kInk + "\" stroke-width=\"1.5\"/>";
    out += text_at(x_of(i), kTop + plot_h + 26, "middle", label);
  }
  out += "</g>";

  // Targets: a dashed line from the y axis to the target's period, a diamond there, and its text.
  out += "<g class=\"chart-targets\">";
  for (const auto& t : series.targets) {
    auto it = std::find(series.periods.begin(), series.periods.end(), t.period);
    if (it == series.periods.end()) continue;
    std::size_t i = static_cast<std::size_t>(it - series.periods.begin());
    double x = x_of(i), y = y_of(t.value);
    out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y) +
           "\" stroke=\"" + kInk + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>";
    out += diamond(x, y, 8);
    // Its value beside it (the legend says what a diamond is; the table has the full target).
    bool right_edge = x > kLeft + plot_w - 60;
    out += text_at(right_edge ? x - 13 : x + 13, y + 5, right_edge ? "end" : "start", t.text, "chart-value");
  }
  out += "</g>";

  // The measured series: solid line segments between consecutive values (a missing period is a gap).
  out += "<g class=\"chart-series\">";
  std::string path;
  for (std::size_t i = 0; i < n; ++i) {
    if (!series.values[i]) {
      if (path.find(' ') != std::string::npos)  // two points at least
        out += "<polyline points=\"" + path + "\" fill=\"none\" stroke=\"" + kSeries +
               "\" stroke-width=\"3\" stroke-linejoin=\"round\"/>";
      path.clear();
      continue;
    }
    if (!path.empty()) path += " ";
    path += num(x_of(i)) + "," + num(y_of(*series.values[i]));
  }
  if (path.find(' ') != std::string::npos)
    out += "<polyline points=\"" + path + "\" fill=\"none\" stroke=\"" + kSeries +
           "\" stroke-width=\"3\" stroke-linejoin=\"round\"/>";
  // Dots, and each value written above its dot when there is room (the table has them all).
  std::size_t valued = 0;
  for (const auto& v : series.values)
    if (v) ++valued;
  for (std::size_t i = 0; i < n; ++i) {
    if (!series.values[i]) continue;
    double x = x_of(i), y = y_of(*series.values[i]);
    out += dot(x, y);
    if (valued <= 12 && i < series.value_texts.size())
      out += text_at(x, y - 12, "middle", series.value_texts[i], "chart-value");
  }
  out += "</g></svg>";
  return out;
}

std::string data_table(const std::string& id, const TableText& text, const std::vector<TableRow>& rows) {
  bool notes = std::any_of(rows.begin(), rows.end(), [](const TableRow& r) { return !r.note.empty(); });
  bool targets = std::any_of(rows.begin(), rows.end(), [](const TableRow& r) { return !r.target.empty(); });
  std::string out = "<table class=\"results-table indicator-table\" id=\"" + xml_escape(id) + "\">";
  out += "<caption>" + xml_escape(text.caption) + "</caption>";
  out += "<thead><tr><th scope=\"col\">" + xml_escape(text.period_header) + "</th><th scope=\"col\">" +
         xml_escape(text.value_header) + "</th>";
  if (targets) out += "<th scope=\"col\">" + xml_escape(text.target_header) + "</th>";
  if (notes) out += "<th scope=\"col\">" + xml_escape(text.note_header) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr><th scope=\"row\">" + xml_escape(r.period) + "</th><td>" +
           xml_escape(r.value.empty() ? text.none : r.value) + "</td>";
    if (targets) out += "<td>" + xml_escape(r.target) + "</td>";
    if (notes) out += "<td>" + xml_escape(r.note) + "</td>";
    out += "</tr>";
  }
  out += "</tbody></table>";
  return out;
}

}  // namespace trame::indicators
