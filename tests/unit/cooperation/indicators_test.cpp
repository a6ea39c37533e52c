#include <gtest/gtest.h>

#include <regex>

#include "cooperation/indicators/chart.hpp"
#include "cooperation/indicators/model.hpp"
#include "cooperation/indicators/series.hpp"
#include "platform/web/i18n.hpp"

using namespace trame;
using namespace trame::indicators;

namespace {

const std::string kNbsp = "\u00a0";

// Tags nest and close, attribute quotes are balanced, '&' starts an entity: the SVG and the table are
// well-formed XML.
bool well_formed(const std::string& xml, std::string& why) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '&') {
      auto semi = xml.find(';', i);
      std::string ent = semi == std::string::npos ? "" : xml.substr(i, semi - i + 1);
      if (!std::regex_match(ent, std::regex("&(amp|lt|gt|quot|apos|#[0-9]+);"))) {
        why = "bad entity at " + std::to_string(i);
        return false;
      }
      i = semi + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    auto end = xml.find('>', i);
    if (end == std::string::npos) {
      why = "unclosed tag";
      return false;
    }
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0) {
      why = "unbalanced quotes in <" + tag + ">";
      return false;
    }
    if (!tag.empty() && tag[0] == '/') {
      std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) {
        why = "mismatched </" + name + ">";
        return false;
      }
      stack.pop_back();
    } else if (!tag.empty() && tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
    i = end + 1;
  }
  if (!stack.empty()) {
    why = "unclosed <" + stack.back() + ">";
    return false;
  }
  return true;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

Point point(const std::string& period, double value) {
  Point p;
  p.period = period;
  p.value = value;
  return p;
}

Target target(const std::string& period, double value, const std::string& direction = "up") {
  Target t;
  t.period = period;
  t.value = value;
  t.direction = direction;
  return t;
}

ChartText chart_text() {
  ChartText t;
  t.title = "Évolution : Participants";
  t.description = "Participants, par mois : 3 valeurs.";
  t.value_legend = "Valeur mesurée";
  t.target_legend = "Objectif";
  t.empty = "Aucune valeur pour le moment";
  return t;
}

ChartSeries series_of(const std::vector<std::string>& periods, const std::vector<std::optional<double>>& values) {
  ChartSeries s;
  s.periods = periods;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    s.labels.push_back(periods[i]);
    s.values.push_back(values[i]);
    s.value_texts.push_back(values[i] ? format_value(*values[i]) : "");
  }
  return s;
}

}  // namespace

// ---- Periods ----

TEST(IndicatorPeriods, AcceptOnlyTheirOwnFormat) {
  EXPECT_TRUE(valid_period("2025", "year"));
  EXPECT_TRUE(valid_period("2025-03", "month"));
  EXPECT_TRUE(valid_period("2100-12", "month"));
  EXPECT_FALSE(valid_period("2025-03", "year"));
  EXPECT_FALSE(valid_period("2025", "month"));
  EXPECT_FALSE(valid_period("2025-3", "month"));
  EXPECT_FALSE(valid_period("2025-13", "month"));
  EXPECT_FALSE(valid_period("2025-00", "month"));
  EXPECT_FALSE(valid_period("1999", "year"));
  EXPECT_FALSE(valid_period(" 2025", "year"));
  EXPECT_FALSE(valid_period("03/2025", "month"));
  EXPECT_FALSE(valid_period("deux", "year"));
  EXPECT_FALSE(valid_period("2025", "week"));
  EXPECT_EQ(kind_of("2025"), "year");
  EXPECT_EQ(kind_of("2025-11"), "month");
  EXPECT_EQ(kind_of("2025/11"), "");
}

TEST(IndicatorPeriods, FollowEachOtherAcrossYears) {
  EXPECT_EQ(next_period("2025"), "2026");
  EXPECT_EQ(next_period("2025-11"), "2025-12");
  EXPECT_EQ(next_period("2025-12"), "2026-01");
  EXPECT_EQ(period_steps("2025-11", "2026-02"), 3);
  EXPECT_EQ(period_steps("2026-02", "2025-11"), -3);
  EXPECT_EQ(period_steps("2020", "2026"), 6);
  EXPECT_EQ(periods_between("2025-11", "2026-02"),
            (std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"}));
  EXPECT_TRUE(periods_between("2026", "2025").empty());
  EXPECT_TRUE(periods_between("2026", "2026-01").empty());
  // Beyond the limit, the most recent periods are kept.
  EXPECT_EQ(periods_between("2000", "2026", 3), (std::vector<std::string>{"2024", "2025", "2026"}));
  EXPECT_EQ(periods_between("2020-01", "2026-12").size(), 84u);
}

TEST(IndicatorPeriods, SpanTheirDays) {
  EXPECT_LT(period_start("2025-03"), period_end("2025-03"));
  EXPECT_EQ(period_end("2025-03"), period_start("2025-04"));
  EXPECT_EQ(period_end("2025-12"), period_start("2026-01"));
  EXPECT_EQ(period_start("2025"), period_start("2025-01"));
  EXPECT_EQ(period_end("2025"), period_start("2026"));
  EXPECT_EQ(period_of("month", period_start("2025-03") + 3600), "2025-03");
  EXPECT_EQ(period_of("year", period_end("2025") - 1), "2025");
  EXPECT_EQ(period_of("month", period_end("2025-03")), "2025-04");
}

// ---- Values ----

TEST(IndicatorValues, ParseWhatPeopleType) {
  EXPECT_EQ(parse_value("1234"), 1234);
  EXPECT_EQ(parse_value(" 1 234,5 "), 1234.5);
  EXPECT_EQ(parse_value("1" + kNbsp + "234"), 1234);
  EXPECT_EQ(parse_value("1\u202f234"), 1234);
  EXPECT_EQ(parse_value("12.5"), 12.5);
  EXPECT_EQ(parse_value("-3"), -3);
  EXPECT_EQ(parse_value("+7"), 7);
  EXPECT_EQ(parse_value("0,25"), 0.25);
}

TEST(IndicatorValues, RefuseWhatIsNotANumber) {
  for (const char* bad :
       {"",    "   ", "abc",    "12 %",  "12%", "1,2,3", "1.2.3", ",5",   "5,",        "1e5",
        "NaN", "inf", "1  234", "12 ,5", "- 3", "--3",   "3-",    "0x10", "1 234,5 6", "10000000000000"})
    EXPECT_FALSE(parse_value(bad).has_value()) << bad;
}

TEST(IndicatorValues, AreWrittenInFrench) {
  EXPECT_EQ(format_value(1234.5), "1" + kNbsp + "234,5");
  EXPECT_EQ(format_value(1234567), "1" + kNbsp + "234" + kNbsp + "567");
  EXPECT_EQ(format_value(-1234567), "-1" + kNbsp + "234" + kNbsp + "567");
  EXPECT_EQ(format_value(4.25), "4,25");
  EXPECT_EQ(format_value(4.2), "4,2");
  EXPECT_EQ(format_value(4.204), "4,2");
  EXPECT_EQ(format_value(999), "999");
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(-0.004), "0");
}

// ---- Targets ----

TEST(IndicatorTargets, MetWhenTheLastValueBeforeItsPeriodReachesIt) {
  std::vector<Point> points = {point("2025", 80), point("2026", 120)};
  auto c = check_target(points, target("2026", 100), "2026");
  EXPECT_EQ(c.status, "met");
  EXPECT_EQ(c.value, 120);
  EXPECT_EQ(c.period, "2026");
  // Met early: a later target already reached.
  EXPECT_EQ(check_target(points, target("2028", 110), "2026").status, "met");
  // A point after the target's period does not count for it.
  EXPECT_EQ(check_target({point("2024", 50), point("2026", 200)}, target("2025", 100), "2026").status, "not_met");
}

TEST(IndicatorTargets, NotMetOnceItsPeriodIsOver) {
  std::vector<Point> points = {point("2025-01", 10), point("2025-06", 30)};
  auto c = check_target(points, target("2025-06", 40), "2025-07");
  EXPECT_EQ(c.status, "not_met");
  EXPECT_EQ(c.value, 30);
}

TEST(IndicatorTargets, OnTrackWhenTheTrendReachesItInTime) {
  // +2 a month from 29 (October) to 31 (November): 45 by June.
  std::vector<Point> points = {point("2026-10", 29), point("2026-11", 31)};
  EXPECT_EQ(check_target(points, target("2027-06", 40), "2026-12").status, "on_track");
  EXPECT_EQ(check_target(points, target("2027-06", 50), "2026-12").status, "off_track");
  // The current period is not over: still ahead, judged by the trend.
  EXPECT_EQ(check_target(points, target("2026-12", 32), "2026-12").status, "on_track");
  EXPECT_EQ(check_target(points, target("2026-12", 40), "2026-12").status, "off_track");
  // A single value that does not reach it: no trend, behind.
  EXPECT_EQ(check_target({point("2026-11", 31)}, target("2027-06", 40), "2026-12").status, "off_track");
  // Flat or falling: behind.
  EXPECT_EQ(check_target({point("2024", 0), point("2025", 0), point("2026", 0)}, target("2027", 24), "2026").status,
            "off_track");
}

TEST(IndicatorTargets, DownwardTargetsAreMetAtOrBelow) {
  std::vector<Point> points = {point("2025", 12), point("2026", 9)};
  EXPECT_EQ(check_target(points, target("2026", 10, "down"), "2026").status, "met");
  EXPECT_EQ(check_target(points, target("2026", 9, "down"), "2026").status, "met");
  EXPECT_EQ(check_target(points, target("2026", 8, "down"), "2027").status, "not_met");
  // Falling by 3 a year: 6 in 2027.
  EXPECT_EQ(check_target(points, target("2027", 6, "down"), "2026").status, "on_track");
  EXPECT_EQ(check_target(points, target("2027", 5, "down"), "2026").status, "off_track");
}

TEST(IndicatorTargets, NoDataWithoutAPointUpToItsPeriod) {
  EXPECT_EQ(check_target({}, target("2026", 10), "2026").status, "no_data");
  auto c = check_target({point("2027", 50)}, target("2026", 10), "2027");
  EXPECT_EQ(c.status, "no_data");
  EXPECT_FALSE(c.value.has_value());
}

TEST(IndicatorTargets, TheCurrentOneIsTheFirstNotOver) {
  std::vector<Target> targets = {target("2027", 3), target("2025", 1), target("2026", 2)};
  EXPECT_EQ(current_target(targets, "2026")->period, "2026");
  EXPECT_EQ(current_target(targets, "2024")->period, "2025");
  EXPECT_EQ(current_target(targets, "2030")->period, "2027");
  EXPECT_EQ(current_target({}, "2026"), nullptr);
}

// ---- The catalogue ----

TEST(IndicatorCatalogue, KeysAreUniqueAndSaidInBothLocales) {
  web::Catalogue locales;
  locales.load("locales");
  std::set<std::string> keys;
  for (const auto& e : catalogue()) {
    EXPECT_TRUE(keys.insert(e.key).second) << e.key;
    for (const char* part : {"label", "unit", "how"})
      for (const char* locale : {"fr", "en"})
        EXPECT_TRUE(locales.has(locale, "indicators.catalogue." + e.key + "." + part)) << locale << " " << e.key;
  }
  for (const char* key : {"population", "outings_booked", "outings_used", "organisations_cultural",
                          "organisations_social", "trainings_held", "trainees", "training_satisfaction"})
    EXPECT_NE(catalogue_entry(key), nullptr) << key;
  EXPECT_FALSE(catalogue_entry("population")->history);
  EXPECT_FALSE(catalogue_entry("organisations_social")->history);
  EXPECT_TRUE(catalogue_entry("outings_booked")->history);
  EXPECT_EQ(catalogue_entry("manual"), nullptr);
  EXPECT_EQ(catalogue_entry(""), nullptr);
}

// ---- The chart ----

TEST(IndicatorChart, IsAnAccessibleWellFormedPicture) {
  auto s = series_of({"2025-10", "2025-11", "2025-12"}, {14, 18, 12});
  s.targets.push_back({"2025-12", 25, "Objectif 12/2025 : 25"});
  std::string svg = time_series_svg("ind-7", chart_text(), s);
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why;
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"ind-7-title\""), std::string::npos);
  EXPECT_NE(svg.find("aria-describedby=\"ind-7-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"ind-7-title\">Évolution : Participants</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"ind-7-desc\">Participants, par mois : 3 valeurs.</desc>"), std::string::npos);
  EXPECT_NE(svg.find("focusable=\"false\""), std::string::npos);
  // Every value is a dot and is written; the legend names both marks.
  EXPECT_EQ(occurrences(svg, "class=\"chart-point\""), 3u + 1u);  // + the legend's dot
  for (const char* v : {">14<", ">18<", ">12<", ">Valeur mesurée<", ">Objectif<", ">Objectif 12/2025 : 25<"})
    EXPECT_NE(svg.find(v), std::string::npos) << v;
  // Targets are not told by colour alone: a diamond on a dashed line.
  EXPECT_GE(occurrences(svg, "stroke-dasharray"), 2u);
  EXPECT_EQ(occurrences(svg, "class=\"chart-target\""), 2u);  // the legend's and the target's
  // Every period's label is on the axis.
  for (const char* p : {">2025-10<", ">2025-11<", ">2025-12<"}) EXPECT_NE(svg.find(p), std::string::npos) << p;
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(IndicatorChart, EscapesTextAndLeavesGapsForMissingPeriods) {
  auto s = series_of({"2025", "2026", "2027", "2028"}, {5, std::nullopt, 7, 8});
  ChartText text = chart_text();
  text.title = "Ateliers <lecture> & \"spectacle\"";
  std::string svg = time_series_svg("a\"b", text, s);
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why;
  EXPECT_NE(svg.find("Ateliers &lt;lecture&gt; &amp; &quot;spectacle&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<lecture>"), std::string::npos);
  // 2025 alone (no segment), then 2027–2028: one line, three dots.
  EXPECT_EQ(occurrences(svg, "<polyline"), 1u);
  EXPECT_EQ(occurrences(svg, "class=\"chart-point\""), 3u + 1u);
}

TEST(IndicatorChart, SaysSoWhenThereIsNoValue) {
  std::string svg = time_series_svg("e", chart_text(), ChartSeries{});
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why;
  EXPECT_NE(svg.find("Aucune valeur pour le moment"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
}

TEST(IndicatorChart, ThinsLongAxesButKeepsTheLastPeriodAndEveryValueInTheTable) {
  std::vector<std::string> periods = periods_between("2024-01", "2025-12");
  std::vector<std::optional<double>> values;
  for (std::size_t i = 0; i < periods.size(); ++i) values.push_back(static_cast<double>(i * 3));
  std::string svg = time_series_svg("long", chart_text(), series_of(periods, values));
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why;
  std::size_t labels = 0;
  for (const auto& p : periods)
    if (svg.find(">" + p + "<") != std::string::npos) ++labels;
  EXPECT_LE(labels, 8u);
  EXPECT_GE(labels, 4u);
  EXPECT_NE(svg.find(">2025-12<"), std::string::npos);
  // 24 values: the dots are drawn, the values are left to the table.
  EXPECT_EQ(occurrences(svg, "class=\"chart-point\""), 24u + 1u);
  EXPECT_EQ(occurrences(svg, "class=\"chart-value\""), 0u);
}

TEST(IndicatorChart, NegativeValuesAndFlatSeriesStayInTheFrame) {
  std::string svg = time_series_svg("neg", chart_text(), series_of({"2025", "2026"}, {-4, 6}));
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why;
  EXPECT_NE(svg.find(">-4<"), std::string::npos);
  std::string flat = time_series_svg("flat", chart_text(), series_of({"2025", "2026"}, {0, 0}));
  EXPECT_TRUE(well_formed(flat, why)) << why;
  EXPECT_EQ(flat.find("nan"), std::string::npos);
  // Every coordinate is inside the 640 × 340 picture.
  std::regex coordinate("(?:cx|cy|x|y|x1|x2|y1|y2)=\"(-?[0-9.]+)\"");
  for (const auto& text : {svg, flat})
    for (auto it = std::sregex_iterator(text.begin(), text.end(), coordinate); it != std::sregex_iterator(); ++it) {
      double v = std::stod((*it)[1]);
      EXPECT_GE(v, 0);
      EXPECT_LE(v, 640);
    }
}

// ---- The table ----

TEST(IndicatorTable, HasItsCaptionAndHeaders) {
  TableText text;
  text.caption = "Valeurs de l'indicateur « Participants » par période";
  text.period_header = "Période";
  text.value_header = "Valeur (participants)";
  text.target_header = "Objectif";
  text.note_header = "Remarque";
  text.none = "aucune valeur";
  std::vector<TableRow> rows = {{"octobre 2025", "14 participants", "", "Premier <atelier>"},
                                {"novembre 2025", "", "Au moins 25 participants en novembre 2025", ""}};
  std::string html = data_table("t1", text, rows);
  std::string why;
  EXPECT_TRUE(well_formed(html, why)) << why;
  EXPECT_NE(html.find("<caption>Valeurs de l&#39;indicateur « Participants » par période</caption>"),
            std::string::npos);
  EXPECT_EQ(occurrences(html, "<th scope=\"col\">"), 4u);
  EXPECT_EQ(occurrences(html, "<th scope=\"row\">"), 2u);
  EXPECT_NE(html.find("<td>aucune valeur</td>"), std::string::npos);
  EXPECT_NE(html.find("Premier &lt;atelier&gt;"), std::string::npos);
  // Without targets nor notes, only the period and value columns.
  std::string plain = data_table("t2", text, {{"2025", "3", "", ""}});
  EXPECT_EQ(occurrences(plain, "<th scope=\"col\">"), 2u);
}
