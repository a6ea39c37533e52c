// Questionnaires: validation of questions (options, matrix items, bounds) and the condition rules
// (an earlier live question of a closed kind, a value it can take), and the library: the six
// templates created idempotently, a copy for a programme with its objectives expanded.
#include <gtest/gtest.h>

#include <filesystem>

#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/service.hpp"
#include "questionnaires/definitions/templates.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;
using namespace trame::definitions;

namespace {

Question make(long long id, long long section, int position, const std::string& kind, const std::string& label) {
  Question q;
  q.id = id;
  q.questionnaire_id = 1;
  q.section_id = section;
  q.position = position;
  q.kind = kind;
  q.label = label;
  return q;
}

// Section 10: 1 single (A/B), 2 yesno, 3 scale; section 20: 4 short, 5 nps.
Definition sample() {
  Definition d;
  d.questionnaire.id = 1;
  Section s1, s2;
  s1.id = 10;
  s1.position = 1;
  s2.id = 20;
  s2.position = 2;
  d.sections = {s1, s2};
  auto single = make(1, 10, 1, "single", "Profil");
  single.options = {"Social", "Culturel"};
  d.questions = {{single, make(2, 10, 2, "yesno", "Première ?"), make(3, 10, 3, "scale", "Niveau")},
                 {make(4, 20, 1, "short", "Fonction"), make(5, 20, 2, "nps", "Recommandation")}};
  return d;
}

QuestionInput input(long long section, const std::string& kind, const std::string& label) {
  QuestionInput in;
  in.section_id = section;
  in.kind = kind;
  in.label = label;
  return in;
}

}  // namespace

TEST(QuestionnaireRules, ClosedKindsAndConditionValues) {
  for (const char* k : {"single", "yesno", "scale", "nps"}) EXPECT_TRUE(is_closed_kind(k)) << k;
  for (const char* k : {"multiple", "short", "long", "number", "date", "matrix"}) EXPECT_FALSE(is_closed_kind(k)) << k;
  auto d = sample();
  const auto& single = d.questions[0][0];
  EXPECT_TRUE(condition_value_ok(single, "Social"));
  EXPECT_TRUE(condition_value_ok(single, " Culturel "));
  EXPECT_FALSE(condition_value_ok(single, "Autre"));
  EXPECT_TRUE(condition_value_ok(d.questions[0][1], "oui"));
  EXPECT_TRUE(condition_value_ok(d.questions[0][1], "Non"));
  EXPECT_FALSE(condition_value_ok(d.questions[0][1], "peut-être"));
  EXPECT_TRUE(condition_value_ok(d.questions[0][2], "1"));
  EXPECT_TRUE(condition_value_ok(d.questions[0][2], "5"));
  EXPECT_FALSE(condition_value_ok(d.questions[0][2], "0"));
  EXPECT_FALSE(condition_value_ok(d.questions[0][2], "6"));
  EXPECT_FALSE(condition_value_ok(d.questions[0][2], "2,5"));
  EXPECT_TRUE(condition_value_ok(d.questions[1][1], "0"));
  EXPECT_TRUE(condition_value_ok(d.questions[1][1], "10"));
  EXPECT_FALSE(condition_value_ok(d.questions[1][1], "11"));
  EXPECT_FALSE(condition_value_ok(d.questions[1][0], "x"));
}

TEST(QuestionnaireRules, ParsesNumbers) {
  EXPECT_EQ(parse_number("12"), 12.0);
  EXPECT_EQ(parse_number("-3,5"), -3.5);
  EXPECT_EQ(parse_number(" 4.25 "), 4.25);
  EXPECT_FALSE(parse_number("dix"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("1e400"));
}

TEST(QuestionnaireRules, ValidatesEveryKind) {
  auto d = sample();
  Question out;
  auto in = input(10, "single", "Choix");
  in.options = "Seul";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.options_min");
  in.options = "A\nA";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.options_duplicate");
  in.options = "A\n\n B \n";
  in.allow_other = true;
  ASSERT_TRUE(build_question(d, 0, in, out).ok);
  EXPECT_EQ(out.options, (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(out.allow_other);
  EXPECT_EQ(out.position, 4);

  in = input(20, "matrix", "Matrice");
  in.items = "Une";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.items_min");
  in.items = "Une\nDeux";
  in.options = "ignorées\nici";
  ASSERT_TRUE(build_question(d, 0, in, out).ok);
  EXPECT_TRUE(out.options.empty());

  in = input(20, "number", "Nombre");
  in.min_value = "10";
  in.max_value = "2";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.min_max");
  in.max_value = "abc";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.number_invalid");
  in.max_value = "10";
  ASSERT_TRUE(build_question(d, 0, in, out).ok);
  EXPECT_EQ(out.min_value, 10.0);
  EXPECT_EQ(out.max_value, 10.0);

  EXPECT_EQ(build_question(d, 0, input(20, "essay", "X"), out).error, "questionnaires.errors.kind_invalid");
  EXPECT_EQ(build_question(d, 0, input(20, "short", "  "), out).error, "questionnaires.errors.label");
  EXPECT_EQ(build_question(d, 0, input(99, "short", "X"), out).error, "questionnaires.errors.section_invalid");
}

TEST(QuestionnaireRules, ConditionsPointToAnEarlierClosedQuestion) {
  auto d = sample();
  Question out;
  auto in = input(20, "short", "Lequel ?");
  in.show_if_question = 2;
  in.show_if_value = "OUI";
  ASSERT_TRUE(build_question(d, 0, in, out).ok);
  EXPECT_EQ(out.show_if_value, "oui");
  in.show_if_value = "";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.condition_value");
  in.show_if_value = "peut-être";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.condition_value");
  // Not a closed kind.
  in.show_if_question = 4;
  in.show_if_value = "x";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.condition_kind");
  // Forward: question 2 (section 10) may not depend on question 5 (section 20), nor on itself.
  auto edit = input(10, "yesno", "Première ?");
  edit.show_if_question = 5;
  edit.show_if_value = "9";
  EXPECT_EQ(build_question(d, 2, edit, out).error, "questionnaires.errors.condition_forward");
  edit.show_if_question = 2;
  edit.show_if_value = "oui";
  EXPECT_EQ(build_question(d, 2, edit, out).error, "questionnaires.errors.condition_forward");
  // But on the earlier single choice, yes.
  edit.show_if_question = 1;
  edit.show_if_value = "Social";
  EXPECT_TRUE(build_question(d, 2, edit, out).ok);
  // An unknown or archived target.
  in.show_if_question = 77;
  in.show_if_value = "1";
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.condition_forward");
  d.questions[0][2].archived = true;
  in.show_if_question = 3;
  EXPECT_EQ(build_question(d, 0, in, out).error, "questionnaires.errors.condition_forward");
}

TEST(QuestionnaireRules, ChangesMayNotBreakDependentConditions) {
  auto d = sample();
  d.questions[1][0].show_if_question = 2;  // "Fonction" shows if "Première ?" = oui
  d.questions[1][0].show_if_value = "oui";
  EXPECT_EQ(first_condition_error(d), "");
  Question out;
  // The target turned into a text question, or moved after its dependent.
  EXPECT_EQ(build_question(d, 2, input(10, "short", "Première ?"), out).error, "questionnaires.errors.dependents");
  EXPECT_EQ(build_question(d, 2, input(20, "yesno", "Première ?"), out).error, "questionnaires.errors.dependents");
  EXPECT_TRUE(build_question(d, 2, input(10, "yesno", "Première fois ?"), out).ok);
  // Sections swapped: the dependent would come first.
  std::swap(d.sections[0], d.sections[1]);
  std::swap(d.questions[0], d.questions[1]);
  long long culprit = 0;
  EXPECT_EQ(first_condition_error(d, &culprit), "questionnaires.errors.condition_forward");
  EXPECT_EQ(culprit, 4);
}

class QuestionnaireLibrary : public ::testing::Test {
 protected:
  void SetUp() override {
    web::init_crypto();
    path_ = std::filesystem::temp_directory_path() / ("trame-unit-q-" + web::random_token(6) + ".db");
    db_ = std::make_unique<store::Database>(store::DatabaseUrl::parse("sqlite:" + path_.string()), 2);
    store::migrate(*db_, "migrations");
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(QuestionnaireLibrary, TemplatesAreIdempotentAndCopiesExpandObjectives) {
  db_->write([](soci::session& sql) {
    ensure_templates(sql, 1000);
    ensure_templates(sql, 2000);
  });
  db_->write([](soci::session& sql) {
    long long n = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaires WHERE is_template = 1", soci::into(n);
    EXPECT_EQ(n, 8);  // with the mid-course (« Évaluation à chaud ») template of issue 18
    for (const auto& k : template_keys()) {
      long long id = template_id(sql, k);
      ASSERT_GT(id, 0) << k;
      auto d = load_definition(sql, id, false);
      ASSERT_TRUE(d);
      EXPECT_EQ(d->questionnaire.kind, k == "midcourse" ? std::string("other") : k);
      EXPECT_EQ(first_condition_error(*d), "") << k;
    }
    auto sat = load_definition(sql, template_id(sql, "satisfaction"), false);
    bool overall = false, matrix = false, nps = false;
    for (const auto& l : sat->questions)
      for (const auto& q : l) {
        overall = overall || (q.label == "Satisfaction globale" && q.kind == "scale");
        matrix = matrix || (q.kind == "matrix" && q.items.size() == 5);
        nps = nps || q.kind == "nps";
      }
    EXPECT_TRUE(overall && matrix && nps);
    // A programme with three objectives: positioning gets three keyed scale questions.
    sql << "INSERT INTO organisations (name, kind, created_at) VALUES ('Org', 'training', 0)";
    long long org = 0;
    sql << "SELECT id FROM organisations WHERE name = 'Org'", soci::into(org);
    long long prog = 0;
    sql << "INSERT INTO training_programmes (organiser_id, title, objectives, created_at, updated_at) VALUES "
           "(:o, 'Prog', 'Objectif un\n\nObjectif deux\nObjectif trois', 0, 0) RETURNING id",
        soci::into(prog), soci::use(org);
    long long copy = copy_questionnaire(sql, template_id(sql, "positioning"), org, prog, 0, 3000);
    auto d = load_definition(sql, copy, false);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->questionnaire.title, "Positionnement — Prog");
    EXPECT_EQ(d->questionnaire.status, "draft");
    EXPECT_EQ(d->questionnaire.organisation_id, org);
    EXPECT_FALSE(d->questionnaire.is_template);
    EXPECT_EQ(d->questionnaire.source_id, template_id(sql, "positioning"));
    std::vector<std::string> keys, labels;
    for (const auto& q : d->questions[0])
      if (!q.objective.empty()) {
        keys.push_back(q.objective);
        labels.push_back(q.label);
        EXPECT_EQ(q.kind, "scale");
      }
    EXPECT_EQ(keys, (std::vector<std::string>{"obj-1", "obj-2", "obj-3"}));
    EXPECT_EQ(labels, (std::vector<std::string>{"Objectif un", "Objectif deux", "Objectif trois"}));
    // The condition was remapped to the copy's own question.
    EXPECT_EQ(first_condition_error(*d), "");
    long long conditional = 0;
    for (const auto& q : d->questions[0])
      if (q.show_if_question) {
        ++conditional;
        bool own = false;
        for (const auto& x : d->questions[0]) own = own || x.id == q.show_if_question;
        EXPECT_TRUE(own);
      }
    EXPECT_EQ(conditional, 1);
    // Without a programme, the placeholder stays one general question without a key.
    auto plain = load_definition(sql, copy_questionnaire(sql, template_id(sql, "followup"), org, 0, 0, 3000), false);
    for (const auto& l : plain->questions)
      for (const auto& q : l) EXPECT_NE(q.objective, kObjectivePlaceholder);
    // The holders' template copied for a certification: one keyed question per competence block; copied
    // by hand, one general question without a key.
    auto holders = load_definition(
        sql, copy_for_blocks(sql, template_id(sql, "holders"), org, {"BC01 — Analyser", "BC02 — Concevoir"}, 0, 3000),
        false);
    ASSERT_TRUE(holders);
    EXPECT_EQ(holders->questionnaire.kind, "holders");
    std::vector<std::string> block_keys, block_labels;
    for (const auto& l : holders->questions)
      for (const auto& q : l)
        if (!q.objective.empty()) {
          block_keys.push_back(q.objective);
          block_labels.push_back(q.label);
        }
    EXPECT_EQ(block_keys, (std::vector<std::string>{"blk-1", "blk-2"}));
    EXPECT_EQ(block_labels, (std::vector<std::string>{"BC01 — Analyser", "BC02 — Concevoir"}));
    auto by_hand = load_definition(sql, copy_questionnaire(sql, template_id(sql, "holders"), org, 0, 0, 3000), false);
    for (const auto& l : by_hand->questions)
      for (const auto& q : l) EXPECT_EQ(q.objective, "");
  });
}
