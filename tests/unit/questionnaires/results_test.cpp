#include <gtest/gtest.h>

#include <regex>

#include "questionnaires/results/service.hpp"
#include "questionnaires/results/stats.hpp"
#include "questionnaires/results/svg.hpp"

using namespace trame;
using namespace trame::results;

namespace {

// A small XML well-formedness check: tags nest and close, attributes are quoted, '&' starts an entity,
// no '<' inside text or attributes.
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
    if (tag.find('<') != std::string::npos) {
      why = "'<' inside a tag";
      return false;
    }
    // Quotes balanced in attributes.
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
      std::string name = tag.substr(0, tag.find_first_of(" \t\n"));
      stack.push_back(name);
    }
    i = end + 1;
  }
  if (!stack.empty()) {
    why = "unclosed <" + stack.back() + ">";
    return false;
  }
  return true;
}

definitions::Question question(const std::string& kind) {
  definitions::Question q;
  q.id = 7;
  q.kind = kind;
  q.label = "Question";
  return q;
}

std::vector<AnswerRow> rows_of(const std::vector<double>& values, long long question_id = 7) {
  std::vector<AnswerRow> out;
  long long r = 100;
  for (double v : values) {
    AnswerRow a;
    a.response_id = r++;
    a.question_id = question_id;
    a.value = format_number(v, 2, "en");
    a.number = v;
    out.push_back(a);
  }
  return out;
}

std::vector<const AnswerRow*> ptrs(const std::vector<AnswerRow>& rows) {
  std::vector<const AnswerRow*> out;
  for (const auto& r : rows) out.push_back(&r);
  return out;
}

}  // namespace

TEST(Results, MeanAndMedian) {
  EXPECT_FALSE(mean({}).has_value());
  EXPECT_FALSE(median({}).has_value());
  EXPECT_DOUBLE_EQ(*mean({1, 2, 3, 4}), 2.5);
  EXPECT_DOUBLE_EQ(*median({5, 1, 3}), 3);
  EXPECT_DOUBLE_EQ(*median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(*median({7}), 7);
  Stats s = stats_of({2, 5, 4, 4});
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(*s.mean, 3.75);
  EXPECT_DOUBLE_EQ(*s.median, 4);
  EXPECT_DOUBLE_EQ(*s.min, 2);
  EXPECT_DOUBLE_EQ(*s.max, 5);
}

TEST(Results, RecommendationScore) {
  // 3 promoters (9, 10, 9), 2 passives (7, 8), 5 detractors (0..6): 30 % − 50 % = −20.
  Nps n = nps_of({9, 10, 9, 7, 8, 0, 3, 6, 6, 5});
  EXPECT_EQ(n.promoters, 3);
  EXPECT_EQ(n.passives, 2);
  EXPECT_EQ(n.detractors, 5);
  EXPECT_EQ(n.total, 10);
  EXPECT_DOUBLE_EQ(*n.score, -20);
  EXPECT_DOUBLE_EQ(*nps_of({10, 10}).score, 100);
  EXPECT_DOUBLE_EQ(*nps_of({6}).score, -100);
  EXPECT_FALSE(nps_of({}).score.has_value());
  EXPECT_EQ(nps_of({11, -1}).total, 0) << "out of scale values are ignored";
}

TEST(Results, FrenchNumbers) {
  EXPECT_EQ(format_number(3.6364, 2), "3,64");
  EXPECT_EQ(format_number(4.0, 2), "4");
  EXPECT_EQ(format_number(4.25, 1, "en"), "4.3");
  EXPECT_EQ(format_number(-0.001, 2), "0");
  EXPECT_EQ(format_percent(91.67), "92\u00a0%");
  EXPECT_DOUBLE_EQ(percent(1, 4), 25);
  EXPECT_DOUBLE_EQ(percent(1, 0), 0);
}

TEST(Results, LowResponseGuard) {
  EXPECT_TRUE(guarded(0));
  EXPECT_TRUE(guarded(4));
  EXPECT_FALSE(guarded(5));
  EXPECT_FALSE(guarded(120));
  // One small group among shown ones: the smallest shown group is hidden too (else total − others).
  std::vector<Group> groups(3);
  groups[0].value = "social", groups[0].responses = 9;
  groups[1].value = "cultural", groups[1].responses = 6;
  groups[2].value = "other", groups[2].responses = 2;
  for (auto& g : groups) g.guarded = guarded(g.responses);
  apply_complementary_guard(groups);
  EXPECT_FALSE(groups[0].guarded);
  EXPECT_TRUE(groups[1].guarded);
  EXPECT_TRUE(groups[1].complementary);
  EXPECT_TRUE(groups[2].guarded);
  EXPECT_FALSE(groups[2].complementary);
  // Two small groups: they already hide each other.
  std::vector<Group> two(3);
  two[0].responses = 9, two[1].responses = 3, two[2].responses = 2;
  for (auto& g : two) g.guarded = guarded(g.responses);
  apply_complementary_guard(two);
  EXPECT_FALSE(two[0].guarded);
  // Nothing small: nothing hidden.
  std::vector<Group> big(2);
  big[0].responses = 5, big[1].responses = 7;
  apply_complementary_guard(big);
  EXPECT_FALSE(big[0].guarded || big[1].guarded);
}

TEST(Results, ScaleQuestion) {
  auto rows = rows_of({5, 4, 4, 3, 5, 2});
  QuestionResult r = compute_question(question("scale"), ptrs(rows));
  EXPECT_EQ(r.answered, 6);
  ASSERT_EQ(r.counts.size(), 5u);
  EXPECT_EQ(r.counts[0].value, "1");
  EXPECT_EQ(r.counts[0].count, 0);
  EXPECT_EQ(r.counts[3].count, 2);  // two 4s
  EXPECT_NEAR(r.counts[3].percent, 33.333, 0.001);
  EXPECT_NEAR(*r.stats.mean, 23.0 / 6, 1e-12);
  EXPECT_DOUBLE_EQ(*r.stats.median, 4);
}

TEST(Results, ChoicesMatrixAndTexts) {
  auto single = question("single");
  single.options = {"Social", "Culturel"};
  single.allow_other = true;
  std::vector<AnswerRow> rows(3);
  rows[0].response_id = 1, rows[0].value = "Social";
  rows[1].response_id = 2, rows[1].value = "__other__", rows[1].other_text = "Insertion";
  rows[2].response_id = 3, rows[2].value = "Social";
  for (auto& a : rows) a.question_id = 7;
  QuestionResult r = compute_question(single, ptrs(rows));
  ASSERT_EQ(r.counts.size(), 3u);
  EXPECT_EQ(r.counts[0].count, 2);
  EXPECT_EQ(r.counts[2].value, "__other__");
  EXPECT_EQ(r.counts[2].count, 1);
  ASSERT_EQ(r.texts.size(), 1u);
  EXPECT_EQ(r.texts[0], "Insertion");

  auto matrix = question("matrix");
  matrix.items = {"Contenus", "Animation"};
  std::vector<AnswerRow> m;
  for (int resp = 0; resp < 3; ++resp)
    for (int item = 0; item < 2; ++item) {
      AnswerRow a;
      a.response_id = resp;
      a.question_id = 7;
      a.item = item;
      a.number = item == 0 ? 3 + resp : 5;
      m.push_back(a);
    }
  QuestionResult mr = compute_question(matrix, ptrs(m));
  ASSERT_EQ(mr.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*mr.rows[0].stats.mean, 4);
  EXPECT_DOUBLE_EQ(*mr.rows[1].stats.median, 5);
  EXPECT_EQ(mr.rows[0].answered, 3);
}

TEST(Results, SvgChartIsWellFormedAndAccessible) {
  std::vector<Bar> bars{{"Très <satisfait> & \"ravi\"", 3, "3 (60 %)"},
                        {"Pas du tout", 0, "0 (0 %)"},
                        {"Un libellé très long qui ne tiendrait pas dans la colonne des libellés", 2, "2 (40 %)"}};
  std::string svg = bar_chart("q12-chart", "Répartition : « Satisfaction » & co", "Diagramme en barres.", bars);
  std::string why;
  EXPECT_TRUE(well_formed(svg, why)) << why << "\n" << svg;
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"q12-chart-title\""), std::string::npos);
  EXPECT_NE(svg.find("aria-describedby=\"q12-chart-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"q12-chart-title\">Répartition : « Satisfaction » &amp; co</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("Très &lt;satisfait&gt; &amp; &quot;ravi&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<satisfait>"), std::string::npos);
  // A long label wraps between words onto a second line: every word shown whole, nothing cut.
  EXPECT_EQ(svg.find("\u2026"), std::string::npos);
  EXPECT_NE(svg.find(">Un libellé très long qui ne tiendrait pas dans</tspan>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("dy=\"19\">la colonne des libellés</tspan>"), std::string::npos) << svg;
  // The PDF report's picture of the same chart is a PNG.
  std::string png = bar_chart_png(bars);
  EXPECT_EQ(png.rfind("\x89PNG\r\n\x1a\n", 0), 0u);

  std::vector<PairedBar> rows(2);
  rows[0].label = "Animer", rows[0].before = 2, rows[0].after = 4, rows[0].has_before = rows[0].has_after = true;
  rows[1].label = "Acteurs", rows[1].before = 3, rows[1].has_before = true, rows[1].after_text = "Moins de 5 réponses";
  std::string paired = paired_chart("cmp", "Avant / après", "Moyennes.", rows, 5, "Avant", "Après");
  EXPECT_TRUE(well_formed(paired, why)) << why;
  EXPECT_NE(paired.find("<title id=\"cmp-title\">"), std::string::npos);
}

TEST(Results, SatisfactionRule) {
  auto q = question("scale");
  q.label = "Satisfaction globale de la formation";
  EXPECT_TRUE(is_satisfaction_question(q));
  q.label = "SATISFACTION GLOBALE";
  EXPECT_TRUE(is_satisfaction_question(q));
  q.label = "Qualité des supports";
  EXPECT_FALSE(is_satisfaction_question(q));
  auto y = question("yesno");
  y.label = "Satisfaction globale ?";
  EXPECT_FALSE(is_satisfaction_question(y));
}
