// An indicator's time series as an accessible SVG line chart, and the data table shown with it (pure
// functions, unit-tested). Follows questionnaires/results/svg: role="img", a <title> and a <desc>
// referenced by aria-labelledby / aria-describedby, text XML-escaped, labels never cut; the chart is a
// picture of the table beside it. Nothing relies on colour alone: measured values are dots on a solid
// line, targets are diamonds on dashed lines, both named in a legend, and every value is written.
// Colours are dark on white (contrast above 7:1 for text, above 3:1 for lines and marks).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::indicators {

struct ChartTarget {
  std::string period;  // one of the chart's periods
  double value = 0;
  std::string text;  // written beside its mark ("Objectif 2026 : 150")
};

struct ChartSeries {
  std::vector<std::string> periods;           // the x axis, in order ('2024', '2025'…)
  std::vector<std::string> labels;            // what the axis shows for each period
  std::vector<std::optional<double>> values;  // one per period; nullopt: no value (a gap)
  std::vector<std::string> value_texts;       // one per period: the value as written ("1 234")
  std::vector<ChartTarget> targets;
};

struct ChartText {
  std::string title, description;
  std::string value_legend;   // "Valeur mesurée"
  std::string target_legend;  // "Objectif"
  std::string empty;          // written when there is no value at all
};

// id: unique in the page (prefix of the title/desc ids).
std::string time_series_svg(const std::string& id, const ChartText& text, const ChartSeries& series);

struct TableRow {
  std::string period;  // the row's header (th scope="row")
  std::string value;   // '' when there is none: written as `none`
  std::string target;  // '' when there is none
  std::string note;
};

struct TableText {
  std::string caption;
  std::string period_header, value_header, target_header, note_header;
  std::string none;  // "—" or "aucune valeur"
};

// <table> with its <caption>, <th scope="col"> headers and a <th scope="row"> per period; the note
// column only when a row has a note.
std::string data_table(const std::string& id, const TableText& text, const std::vector<TableRow>& rows);

}  // namespace trame::indicators
