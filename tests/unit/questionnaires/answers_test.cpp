// The answering rules: conditions, validation of every kind of question, ISO weeks, random ids, drafts.
#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

#include "questionnaires/answers/service.hpp"
#include "questionnaires/answers/submit.hpp"

using namespace trame::answers;
using trame::definitions::Definition;
using trame::definitions::Question;

namespace {

Question make(long long id, const std::string& kind, bool required = false) {
  Question q;
  q.id = id;
  q.kind = kind;
  q.label = "Q" + std::to_string(id);
  q.required = required;
  return q;
}

// Two sections: 1 yesno (required), 2 short shown if 1 = oui (same section); 3 scale (required)
// shown if 1 = non (earlier section), 4 matrix of 2 items.
Definition definition() {
  Definition d;
  d.questionnaire.id = 1;
  d.questionnaire.version = 1;
  d.sections.resize(2);
  d.sections[0].id = 10;
  d.sections[1].id = 11;
  d.questions.resize(2);
  auto yes = make(1, "yesno", true);
  auto why = make(2, "short");
  why.show_if_question = 1;
  why.show_if_value = "oui";
  auto scale = make(3, "scale", true);
  scale.show_if_question = 1;
  scale.show_if_value = "non";
  auto matrix = make(4, "matrix", true);
  matrix.items = {"A", "B"};
  d.questions[0] = {yes, why};
  d.questions[1] = {scale, matrix};
  return d;
}

}  // namespace

TEST(AnswersRules, ValuesOfEveryKind) {
  auto single = make(1, "single");
  single.options = {"Social", "Culturel"};
  EXPECT_FALSE(check_value(single, {"Social"}));
  EXPECT_EQ(check_value(single, {"Piraterie"}), "answers.errors.bad_choice");
  EXPECT_EQ(check_value(single, {"Social", "Culturel"}), "answers.errors.bad_choice");
  EXPECT_EQ(check_value(single, {"__other__:Insertion"}), "answers.errors.bad_choice");  // no "other" allowed
  single.allow_other = true;
  EXPECT_FALSE(check_value(single, {"__other__:Insertion"}));
  EXPECT_EQ(check_value(single, {"__other__:  "}), "answers.errors.other_missing");
  auto multiple = make(2, "multiple");
  multiple.options = {"A", "B"};
  EXPECT_FALSE(check_value(multiple, {"A", "B"}));
  EXPECT_EQ(check_value(multiple, {"A", "A"}), "answers.errors.bad_choice");
  auto scale = make(3, "scale");
  for (auto v : {"1", "3", "5"}) EXPECT_FALSE(check_value(scale, {v})) << v;
  for (auto v : {"0", "6", "3.5", "01", "-1", "x"})
    EXPECT_EQ(check_value(scale, {v}), "answers.errors.out_of_scale") << v;
  auto nps = make(4, "nps");
  EXPECT_FALSE(check_value(nps, {"0"}));
  EXPECT_FALSE(check_value(nps, {"10"}));
  EXPECT_EQ(check_value(nps, {"11"}), "answers.errors.out_of_scale");
  auto yesno = make(5, "yesno");
  EXPECT_FALSE(check_value(yesno, {"non"}));
  EXPECT_EQ(check_value(yesno, {"peut-être"}), "answers.errors.bad_choice");
  auto number = make(6, "number");
  number.min_value = 0;
  number.max_value = 10;
  EXPECT_FALSE(check_value(number, {"3,5"}));
  EXPECT_EQ(check_value(number, {"-1"}), "answers.errors.below_min");
  EXPECT_EQ(check_value(number, {"11"}), "answers.errors.above_max");
  EXPECT_EQ(check_value(number, {"douze"}), "answers.errors.not_a_number");
  auto date = make(7, "date");
  EXPECT_FALSE(check_value(date, {"2027-02-28"}));
  EXPECT_EQ(check_value(date, {"2027-02-30"}), "answers.errors.bad_date");
  EXPECT_EQ(check_value(date, {"15/03/2027"}), "answers.errors.bad_date");
  auto matrix = make(8, "matrix");
  matrix.items = {"A", "B"};
  EXPECT_FALSE(check_value(matrix, {"1", "5"}));
  EXPECT_EQ(check_value(matrix, {"1", "9"}), "answers.errors.out_of_scale");
  EXPECT_EQ(check_value(matrix, {"1", "2", "3"}), "answers.errors.out_of_scale");
  auto text = make(9, "short");
  EXPECT_EQ(check_value(text, {std::string(501, 'a')}), "answers.errors.too_long");
}

TEST(AnswersRules, ConditionsAndRequiredAnswers) {
  auto d = definition();
  Values v{{1, {"oui"}}, {2, {"Parce que"}}, {3, {"4"}}};
  EXPECT_TRUE(is_shown(d, d.questions[0][1], v));
  EXPECT_FALSE(is_shown(d, d.questions[1][0], v));
  // The hidden scale is neither required nor kept; the matrix is required and half answered.
  v[4] = {"2", ""};
  auto errors = validate(d, v);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].question_id, 4);
  EXPECT_EQ(errors[0].section, 1u);
  EXPECT_EQ(errors[0].key, "answers.errors.matrix_incomplete");
  v[4] = {"2", "3"};
  EXPECT_TRUE(validate(d, v).empty());
  auto kept = clean(d, v);
  EXPECT_EQ(kept.count(3), 0u);
  EXPECT_EQ(kept.count(2), 1u);
  // "non": the same-section answer is dropped, the scale becomes required.
  v[1] = {"non"};
  errors = validate(d, v);
  ASSERT_EQ(errors.size(), 0u);  // the scale has "4"
  EXPECT_EQ(clean(d, v).count(2), 0u);
  v.erase(3);
  errors = validate(d, v, 1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].key, "answers.errors.required");
  EXPECT_TRUE(validate(d, v, 0).empty());
}

TEST(AnswersRules, KeepValidAfterAChange) {
  auto d = definition();
  Values v{{1, {"oui"}}, {99, {"archivée"}}, {4, {"7", "1"}}};
  int dropped = 0;
  auto kept = keep_valid(d, v, &dropped);
  EXPECT_EQ(dropped, 2);
  EXPECT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept.count(1), 1u);
}

TEST(AnswersRules, NumbersWeeksAndIds) {
  EXPECT_EQ(parse_number("3,5"), 3.5);
  EXPECT_EQ(parse_number(" -2 "), -2);
  EXPECT_FALSE(parse_number("1e9"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("."));
  // Noon UTC keeps the local (Paris) day.
  EXPECT_EQ(iso_week(1798718400), "2026-W53");  // 2026-12-31 (Thursday)
  EXPECT_EQ(iso_week(1798804800), "2026-W53");  // 2027-01-01 (Friday): still the last week of 2026
  EXPECT_EQ(iso_week(1799236800), "2027-W01");  // 2027-01-06
  ASSERT_EQ(sodium_init() >= 0, true);
  std::set<long long> ids;
  for (int i = 0; i < 1000; ++i) {
    long long id = random_id();
    EXPECT_GT(id, 0);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(AnswersDraft, RoundTrip) {
  Draft d;
  d.version = 3;
  d.section = 1;
  d.values = {{12, {"a", "__other__:b \"c\""}}, {13, {"5", "", "4"}}};
  auto back = Service::parse_draft(Service::draft_json(d));
  EXPECT_TRUE(back.exists);
  EXPECT_EQ(back.version, 3);
  EXPECT_EQ(back.section, 1);
  EXPECT_EQ(back.values, d.values);
  EXPECT_FALSE(Service::parse_draft("not json").exists);
}
