// The pure rules of the referential: what a certification needs before it is published, and the
// dates of its registration.
#include <gtest/gtest.h>

#include "certification/referential/model.hpp"

using namespace trame::referential;

namespace {

// A referential that may be published: registered, dated, one block with one competence assessed
// by one criterion.
Referential publishable() {
  Referential r;
  r.version.title = "Construire une coopération culturelle territoriale";
  r.version.registration_number = "RS5001";
  r.version.decision_date = "2024-03-28";
  Block b;
  b.code = "BC01";
  b.title = "Analyser";
  Competence k;
  k.title = "Effectuer une analyse partagée";
  k.criteria.push_back(Criterion{1, 1, 1, "Les acteurs sont identifiés", "exercise"});
  b.competences.push_back(k);
  r.blocks.push_back(b);
  return r;
}

}  // namespace

TEST(ReferentialValidDay, RealDaysOnly) {
  EXPECT_TRUE(valid_day("2024-03-28"));
  EXPECT_TRUE(valid_day("2024-02-29"));  // leap year
  EXPECT_TRUE(valid_day("2029-12-31"));
  EXPECT_FALSE(valid_day("2023-02-29"));
  EXPECT_FALSE(valid_day("2024-04-31"));
  EXPECT_FALSE(valid_day("2024-13-01"));
  EXPECT_FALSE(valid_day("2024-00-10"));
  EXPECT_FALSE(valid_day("2024-01-00"));
  EXPECT_FALSE(valid_day("28/03/2024"));
  EXPECT_FALSE(valid_day("2024-3-28"));
  EXPECT_FALSE(valid_day(" 2024-03-28"));  // exactly ten characters, no spaces around
  EXPECT_FALSE(valid_day("2024-03-28 "));
  EXPECT_FALSE(valid_day("2024-03-2x"));
  EXPECT_FALSE(valid_day(""));
}

TEST(ReferentialPublishProblem, NothingWhenComplete) {
  EXPECT_EQ(publish_problem(publishable()), "");
}

TEST(ReferentialPublishProblem, NeedsARegistrationNumber) {
  auto r = publishable();
  r.version.registration_number = "";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_registration");
  r.version.registration_number = "   ";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_registration");
}

TEST(ReferentialPublishProblem, NeedsARealDecisionDate) {
  auto r = publishable();
  r.version.decision_date = "";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_decision");
  r.version.decision_date = "2024-02-30";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_decision");
}

TEST(ReferentialPublishProblem, NeedsBlocksCompetencesAndCriteria) {
  auto r = publishable();
  r.blocks.clear();
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_blocks");

  r = publishable();
  Block empty;
  empty.code = "BC02";
  r.blocks.push_back(empty);
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_competences");

  r = publishable();
  Competence unassessed;
  unassessed.title = "Définir une problématique";
  r.blocks[0].competences.push_back(unassessed);
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_criteria");
}

TEST(ReferentialPublishProblem, TheFirstFailingRuleIsNamed) {
  Referential r;  // nothing at all
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_registration");
  r.version.registration_number = "RNCP12345";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_decision");
  r.version.decision_date = "2024-03-28";
  EXPECT_EQ(publish_problem(r), "certification.errors.publish_blocks");
}

TEST(ReferentialModel, ModalitiesRegistersStatuses) {
  EXPECT_EQ(modalities(), (std::vector<std::string>{"exercise", "defence", "report"}));
  EXPECT_EQ(registers(), (std::vector<std::string>{"rs", "rncp"}));
  EXPECT_EQ(statuses(), (std::vector<std::string>{"draft", "published", "archived"}));
}
