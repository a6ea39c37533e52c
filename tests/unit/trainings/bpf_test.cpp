// The BPF (Cerfa 10443) mapping of trainee statuses and funding lines (src/trainings/quality/bpf.hpp).
#include <gtest/gtest.h>

#include <algorithm>

#include "trainings/enrolments/model.hpp"
#include "trainings/quality/bpf.hpp"

namespace bpf = trame::quality::bpf;

TEST(Bpf, EmployeesOfPrivateEmployersAreLineA) {
  for (const char* employer : {"association", "medico_social", "private_company"})
    EXPECT_EQ(bpf::trainee_line("employee", employer, "action_formation", "opco"), "private_employees") << employer;
}

TEST(Bpf, EmployeesOfPublicEmployersOrWithoutEmployerAreOthers) {
  for (const char* employer : {"local_authority", "public_cultural", "state", "none", ""})
    EXPECT_EQ(bpf::trainee_line("employee", employer, "action_formation", "employer"), "others") << employer;
}

TEST(Bpf, ApprenticeshipOfAPrivateEmployeeIsLineB) {
  EXPECT_EQ(bpf::trainee_line("employee", "private_company", "apprentissage", "opco"), "apprentices");
  EXPECT_EQ(bpf::trainee_line("employee", "local_authority", "apprentissage", "opco"), "others");
}

TEST(Bpf, JobseekersAreLineCWhoeverFunds) {
  for (const char* funder : {"france_travail", "self", "region", ""})
    EXPECT_EQ(bpf::trainee_line("jobseeker", "none", "action_formation", funder), "jobseekers") << funder;
}

TEST(Bpf, LocalAgentsAreOthers) {
  EXPECT_EQ(bpf::trainee_line("local_agent", "local_authority", "action_formation", "self"), "others");
}

TEST(Bpf, VolunteersBoardMembersIndependentsPayingThemselvesAreLineD) {
  for (const char* status : {"volunteer", "board_member", "independent", ""}) {
    EXPECT_EQ(bpf::trainee_line(status, "association", "action_formation", "self"), "individuals") << status;
    EXPECT_EQ(bpf::trainee_line(status, "association", "action_formation", "departement"), "others") << status;
    EXPECT_EQ(bpf::trainee_line(status, "association", "action_formation", ""), "others") << status;
  }
}

TEST(Bpf, EveryStatusAndEmployerMapsToAKnownLine) {
  const auto& lines = bpf::trainee_lines();
  for (const auto& status : trame::enrolments::trainee_statuses())
    for (const auto& employer : trame::enrolments::employer_types())
      for (const auto& funder : trame::enrolments::funders())
        EXPECT_NE(
            std::find(lines.begin(), lines.end(), bpf::trainee_line(status, employer, "action_formation", funder)),
            lines.end());
}

TEST(Bpf, ProductsByFunderType) {
  EXPECT_EQ(bpf::product_line("employer", "private_company"), "c1");
  EXPECT_EQ(bpf::product_line("employer", "association"), "c1");
  EXPECT_EQ(bpf::product_line("employer", "local_authority"), "c3");
  EXPECT_EQ(bpf::product_line("employer", "state"), "c3");
  EXPECT_EQ(bpf::product_line("opco", ""), "c2h");
  EXPECT_EQ(bpf::product_line("cpf", ""), "c2e");
  EXPECT_EQ(bpf::product_line("region", ""), "c6");
  EXPECT_EQ(bpf::product_line("france_travail", ""), "c7");
  EXPECT_EQ(bpf::product_line("departement", ""), "c8");
  EXPECT_EQ(bpf::product_line("self", ""), "c9");
  EXPECT_EQ(bpf::product_line("other", ""), "c11");
  const auto& lines = bpf::product_lines();
  for (const auto& funder : trame::enrolments::funders())
    EXPECT_NE(std::find(lines.begin(), lines.end(), bpf::product_line(funder, "state")), lines.end()) << funder;
}

TEST(Bpf, PublicEmployers) {
  EXPECT_TRUE(bpf::public_employer("local_authority"));
  EXPECT_TRUE(bpf::public_employer("public_cultural"));
  EXPECT_TRUE(bpf::public_employer("state"));
  EXPECT_FALSE(bpf::public_employer("association"));
  EXPECT_FALSE(bpf::public_employer("medico_social"));
  EXPECT_FALSE(bpf::public_employer("none"));
}
