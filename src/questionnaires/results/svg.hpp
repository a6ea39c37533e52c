// Server-side bar charts. On pages, SVG, accessible: role="img", a <title> and a <desc> referenced by
// aria-labelledby / aria-describedby. In the PDF report, the same chart as a PNG picture. Every chart is
// shown WITH a data table beside it; the chart itself is a picture of that table. Labels wrap between
// words onto as many lines as they need: never cut.
#pragma once
#include <string>
#include <vector>

namespace trame::results {

struct Bar {
  std::string label;  // left of the bar
  double value = 0;   // its length (against max)
  std::string text;   // written after the bar ("3 (60 %)")
};

// Horizontal bars, one per row. id: unique in the page (prefix of the title/desc ids). max <= 0: the
// largest value. Text is XML-escaped.
std::string bar_chart(const std::string& id, const std::string& title, const std::string& description,
                      const std::vector<Bar>& bars, double max = 0);

// The same horizontal bars as a PNG picture (Cairo and Pango, DejaVu Sans), for the PDF report.
std::string bar_chart_png(const std::vector<Bar>& bars, double max = 0);

// Two bars per row (before / after), for the before/after comparison; legend texts given.
struct PairedBar {
  std::string label;
  double before = 0, after = 0;
  bool has_before = false, has_after = false;
  std::string before_text, after_text;
};
std::string paired_chart(const std::string& id, const std::string& title, const std::string& description,
                         const std::vector<PairedBar>& rows, double max, const std::string& before_legend,
                         const std::string& after_legend);

}  // namespace trame::results
