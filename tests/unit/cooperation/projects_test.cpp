// Cooperation projects' pure rules: where each phase stands for the project's current phase (and once
// it is closed), the last facilitator kept through role changes and removals, and the communes typed
// in one field split into entries.
#include <gtest/gtest.h>

#include "cooperation/projects/model.hpp"

using namespace trame::projects;

TEST(ProjectPhases, StateFollowsTheCurrentPhase) {
  EXPECT_EQ(phase_state("diagnosis", "diagnosis"), "current");
  EXPECT_EQ(phase_state("diagnosis", "design"), "upcoming");
  EXPECT_EQ(phase_state("diagnosis", "evaluation"), "upcoming");
  EXPECT_EQ(phase_state("implementation", "diagnosis"), "done");
  EXPECT_EQ(phase_state("implementation", "design"), "done");
  EXPECT_EQ(phase_state("implementation", "implementation"), "current");
  EXPECT_EQ(phase_state("implementation", "evaluation"), "upcoming");
  EXPECT_EQ(phase_state("evaluation", "diagnosis"), "done");
  for (const auto& kind : phases()) EXPECT_EQ(phase_state("closed", kind), "done") << kind;
}

TEST(ProjectMembers, TheLastFacilitatorIsKept) {
  // The only facilitator may be neither demoted nor removed.
  EXPECT_FALSE(keeps_a_facilitator("facilitator", "member", 1));
  EXPECT_FALSE(keeps_a_facilitator("facilitator", "observer", 1));
  EXPECT_FALSE(keeps_a_facilitator("facilitator", "", 1));
  // With another facilitator, they may.
  EXPECT_TRUE(keeps_a_facilitator("facilitator", "member", 2));
  EXPECT_TRUE(keeps_a_facilitator("facilitator", "", 2));
  // Staying facilitator, or changing another member, always keeps one.
  EXPECT_TRUE(keeps_a_facilitator("facilitator", "facilitator", 1));
  EXPECT_TRUE(keeps_a_facilitator("member", "observer", 1));
  EXPECT_TRUE(keeps_a_facilitator("observer", "", 1));
  EXPECT_TRUE(keeps_a_facilitator("member", "facilitator", 1));
}

TEST(ProjectTerritory, CommunesTypedInOneField) {
  EXPECT_EQ(split_communes("44003, Ligné;\nOudon (44115)"),
            (std::vector<std::string>{"44003", "Ligné", "Oudon (44115)"}));
  EXPECT_EQ(split_communes("  44003  ,, ;\r\n  "), (std::vector<std::string>{"44003"}));
  EXPECT_TRUE(split_communes("").empty());
  EXPECT_TRUE(split_communes(" , ; \n").empty());
  // A name with spaces and hyphens stays one entry.
  EXPECT_EQ(split_communes("Vallons-de-l'Erdre, Loireauxence"),
            (std::vector<std::string>{"Vallons-de-l'Erdre", "Loireauxence"}));
}
