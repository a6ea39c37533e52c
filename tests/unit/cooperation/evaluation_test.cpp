// Evaluation of cooperation projects (src/cooperation/evaluation): the rule that decides a criterion
// from a decision (verdict_of), and the yearly report's PDF layout.
#include <gtest/gtest.h>

#include <string>

#include "cooperation/evaluation/model.hpp"
#include "cooperation/evaluation/report.hpp"
#include "cooperation/evaluation/starter.hpp"
#include "platform/web/i18n.hpp"

using trame::evaluation::verdict_of;

TEST(EvaluationVerdict, AClosedDecisionWithItsOutcomeDecidesAProposedCriterion) {
  // An outcome without a verdict (a chosen option, a statement): the facilitator says which.
  EXPECT_EQ(verdict_of("proposed", "closed", true, "", "adopted").status, "adopted");
  EXPECT_EQ(verdict_of("proposed", "closed", true, "", "rejected").status, "rejected");
  // An amended outcome leaves the choice too.
  EXPECT_EQ(verdict_of("proposed", "closed", true, "amended", "rejected").status, "rejected");
  // A verdict is followed.
  EXPECT_EQ(verdict_of("proposed", "closed", true, "adopted", "adopted").status, "adopted");
  EXPECT_EQ(verdict_of("proposed", "closed", true, "rejected", "rejected").status, "rejected");
}

TEST(EvaluationVerdict, RefusesOpenCancelledUndecidedAndContraryDecisions) {
  auto v = verdict_of("proposed", "open", false, "", "adopted");
  EXPECT_EQ(v.status, "");
  EXPECT_EQ(v.error, "evaluation.errors.decision_open");
  EXPECT_EQ(v.field, "decision");
  EXPECT_EQ(verdict_of("proposed", "cancelled", false, "", "adopted").error, "evaluation.errors.decision_cancelled");
  // Closed at its date, the outcome not written yet.
  EXPECT_EQ(verdict_of("proposed", "closed", false, "", "adopted").error, "evaluation.errors.decision_no_outcome");
  // The opposite of the decision's own verdict.
  v = verdict_of("proposed", "closed", true, "rejected", "adopted");
  EXPECT_EQ(v.error, "evaluation.errors.decision_rejected");
  EXPECT_EQ(v.field, "verdict");
  EXPECT_EQ(verdict_of("proposed", "closed", true, "adopted", "rejected").error, "evaluation.errors.decision_adopted");
}

TEST(EvaluationVerdict, ADecidedCriterionStaysAndTheVerdictMustBeKnown) {
  EXPECT_EQ(verdict_of("adopted", "closed", true, "", "rejected").error, "evaluation.errors.already_decided");
  EXPECT_EQ(verdict_of("rejected", "closed", true, "", "adopted").error, "evaluation.errors.already_decided");
  // The criterion's state is checked before the decision's.
  EXPECT_EQ(verdict_of("adopted", "open", false, "", "adopted").error, "evaluation.errors.already_decided");
  EXPECT_EQ(verdict_of("proposed", "closed", true, "", "").error, "evaluation.errors.verdict");
  EXPECT_EQ(verdict_of("proposed", "closed", true, "", "amended").error, "evaluation.errors.verdict");
}

TEST(EvaluationStarter, HasElevenScalesAndTwoFreeTexts) {
  EXPECT_EQ(trame::evaluation::starter_question_count(), 13);
}

TEST(EvaluationReport, RendersEverySectionAsATaggedFrenchPdf) {
  trame::web::Catalogue catalogue;
  catalogue.load("locales");
  trame::evaluation::ReportData d;
  d.year = 2026;
  d.project_title = "Liens intergénérationnels en Pays d'Ancenis";
  d.question = "Comment créer, tisser des liens intergénérationnels ?";
  d.territory = "Pays d'Ancenis";
  d.organisation = "Département de Loire-Atlantique";
  d.phase = "Mise en œuvre";
  d.generated_on = "04/12/2026";
  d.indicators = {{"Habitants de plus de 60 ans venus aux spectacles", "120 (2026)", "150 (2026)", "Non"}};
  d.actions_done = {{"Lectures à deux voix à la médiathèque", "12/03/2026"}};
  d.actions_total = 6;
  d.actions_in_progress = 3;
  d.actions_late = 1;
  d.decisions = {{"Adopter les critères d'évaluation", "15/02/2026", "Adoptée", "—"}};
  d.reviews = {{"Calendrier des temps forts", "01/09/2026"}};
  d.criteria = {{"Des générations réunies", "Les résultats de la coopération", "", "Habitants de plus de 60 ans",
                 "Adopter les critères — 16/02/2026"}};
  trame::evaluation::ReportPhase p;
  p.phase = "Diagnostic";
  p.launched_on = "10/01/2026";
  p.invited = 5;
  p.answered = 5;
  p.rate = "100 %";
  p.means = {{"Les conditions de la coopération", "4,2"}};
  d.phases.push_back(p);
  trame::evaluation::ReportPhase guarded = p;
  guarded.phase = "Conception";
  guarded.answered = 2;
  guarded.guarded = true;
  d.phases.push_back(guarded);
  std::string pdf = trame::evaluation::render_report(
      d, [&](const std::string& key, const trame::web::Params& params) { return catalogue.t("fr", key, params); });
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("/StructTreeRoot"), std::string::npos);  // tagged
  EXPECT_NE(pdf.find("/Lang"), std::string::npos);
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
}

TEST(EvaluationReport, AnEmptyYearStillGivesADocument) {
  trame::web::Catalogue catalogue;
  catalogue.load("locales");
  trame::evaluation::ReportData d;
  d.year = 2025;
  d.project_title = "Projet sans données";
  d.phase = "Diagnostic";
  d.generated_on = "01/01/2026";
  std::string pdf = trame::evaluation::render_report(
      d, [&](const std::string& key, const trame::web::Params& params) { return catalogue.t("fr", key, params); });
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
}
