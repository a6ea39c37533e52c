// Evaluation during the course (issue 18): the objectives typed for a session, the mid-course date,
// and the expansion of a questionnaire copied for a session (its objectives, its trainers).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "questionnaires/campaigns/service.hpp"
#include "questionnaires/definitions/templates.hpp"
#include "questionnaires/objectives/service.hpp"

using trame::campaigns::HalfDaySlot;
using trame::campaigns::mid_course_at;
using trame::definitions::expand_for_session;
using trame::definitions::is_objective_key;
using trame::definitions::Question;
using trame::objectives::parse_objectives;

TEST(ObjectivesParse, LinesTrimmedEmptyDroppedInOrder) {
  auto list = parse_objectives("  Premier objectif \r\n\n\tDeuxième objectif\n   \nTroisième");
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, (std::vector<std::string>{"Premier objectif", "Deuxième objectif", "Troisième"}));
  auto empty = parse_objectives(" \n \n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(ObjectivesParse, RefusesDuplicatesTooManyTooLong) {
  std::string error;
  EXPECT_FALSE(parse_objectives("Un\nDeux\nUn", &error));
  EXPECT_EQ(error, "objectives.errors.twice");
  std::string many;
  for (int i = 1; i <= 13; ++i) many += "Objectif " + std::to_string(i) + "\n";
  EXPECT_FALSE(parse_objectives(many, &error));
  EXPECT_EQ(error, "objectives.errors.many");
  std::string twelve;
  for (int i = 1; i <= 12; ++i) twelve += "Objectif " + std::to_string(i) + "\n";
  EXPECT_TRUE(parse_objectives(twelve));
  // 300 characters (accented letters count once) pass, 301 do not.
  std::string ok;
  for (int i = 0; i < 300; ++i) ok += "é";
  EXPECT_TRUE(parse_objectives(ok));
  EXPECT_FALSE(parse_objectives(ok + "e", &error));
  EXPECT_EQ(error, "objectives.errors.long");
}

TEST(ObjectivesMidCourse, EndOfTheFirstSeminarWithTwoOrMore) {
  // Seminar 7: two half-days; seminar 9: two half-days.
  std::vector<HalfDaySlot> h{{7, 100, 200}, {7, 300, 400}, {9, 1000, 1100}, {9, 1200, 1300}};
  EXPECT_EQ(mid_course_at(h, 100, 1300), 400);
}

TEST(ObjectivesMidCourse, MiddleHalfDayWithoutSeminars) {
  std::vector<HalfDaySlot> four{{0, 100, 200}, {0, 300, 400}, {0, 500, 600}, {0, 700, 800}};
  EXPECT_EQ(mid_course_at(four, 100, 800), 400);  // the 2nd of 4
  std::vector<HalfDaySlot> three{{0, 100, 200}, {0, 300, 400}, {0, 500, 600}};
  EXPECT_EQ(mid_course_at(three, 100, 600), 400);  // the 2nd of 3
  std::vector<HalfDaySlot> one_seminar{{5, 100, 200}, {5, 300, 400}};
  EXPECT_EQ(mid_course_at(one_seminar, 100, 400), 200);  // one seminar: the middle half-day
  std::vector<HalfDaySlot> one{{0, 100, 200}};
  EXPECT_EQ(mid_course_at(one, 100, 200), 200);
  EXPECT_EQ(mid_course_at({}, 100, 300), 200);  // no half-days: the middle of the session
}

TEST(ObjectivesExpansion, ObjectiveKeys) {
  EXPECT_TRUE(is_objective_key("obj-*"));
  EXPECT_TRUE(is_objective_key("obj-1"));
  EXPECT_TRUE(is_objective_key("obj-12"));
  EXPECT_FALSE(is_objective_key("obj-"));
  EXPECT_FALSE(is_objective_key("obj-1a"));
  EXPECT_FALSE(is_objective_key("trn-1"));
  EXPECT_FALSE(is_objective_key(""));
}

namespace {
Question q(long long id, const std::string& label, const std::string& objective = "") {
  Question x;
  x.id = id;
  x.kind = "scale";
  x.label = label;
  x.objective = objective;
  x.help = "aide";
  return x;
}
}  // namespace

TEST(ObjectivesExpansion, SessionObjectivesReplaceTheProgrammes) {
  // A programme's copy: obj-1, obj-2, obj-3 expanded from the programme, then another question.
  std::vector<Question> section{q(1, "P1", "obj-1"), q(2, "P2", "obj-2"), q(3, "P3", "obj-3"), q(4, "Autre")};
  std::map<long long, long long> dropped;
  auto out = expand_for_session(section, {"S1", "S2"}, {}, &dropped);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].label, "S1");
  EXPECT_EQ(out[0].objective, "obj-1");
  EXPECT_EQ(out[0].id, 1);
  EXPECT_TRUE(out[0].help.empty());
  EXPECT_EQ(out[1].label, "S2");
  EXPECT_EQ(out[1].objective, "obj-2");
  EXPECT_EQ(out[1].id, 1);
  EXPECT_EQ(out[2].label, "Autre");
  EXPECT_EQ(dropped.at(2), 1);
  EXPECT_EQ(dropped.at(3), 1);
  // The placeholder itself is expanded the same way.
  auto placeholder = expand_for_session({q(9, "Mon niveau", "obj-*")}, {"A", "B", "C"}, {}, nullptr);
  ASSERT_EQ(placeholder.size(), 3u);
  EXPECT_EQ(placeholder[2].objective, "obj-3");
}

TEST(ObjectivesExpansion, TrainersPlaceholderOneQuestionEach) {
  std::vector<Question> section{q(5, "Vos formateurs", "trn-*"), q(6, "Commentaire")};
  auto out = expand_for_session(section, {}, {"Alice Martin", "Bruno Petit"}, nullptr);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].label, "Alice Martin");
  EXPECT_EQ(out[0].objective, "trn-1");
  EXPECT_EQ(out[1].label, "Bruno Petit");
  EXPECT_EQ(out[1].objective, "trn-2");
  EXPECT_EQ(out[2].label, "Commentaire");
  // Nothing to expand: the section as it is (objectives kept when the session has none).
  auto same = expand_for_session({q(1, "P1", "obj-1"), q(5, "Vos formateurs", "trn-*")}, {}, {}, nullptr);
  ASSERT_EQ(same.size(), 2u);
  EXPECT_EQ(same[0].objective, "obj-1");
  EXPECT_EQ(same[1].objective, "trn-*");
}
