#include "cooperation/evaluation/report.hpp"

#include "platform/docs/pdf.hpp"

namespace trame::evaluation {

std::string render_report(const ReportData& d, const Translate& t) {
  const std::string year = std::to_string(d.year);
  const std::string title = t("evaluation.report.pdf_title", {{"year", year}, {"project", d.project_title}});
  docs::PdfDocument pdf(title);
  pdf.set_author(d.organisation.empty() ? "Trame" : d.organisation);
  pdf.set_subject(t("evaluation.report.subject", {{"project", d.project_title}}));
  pdf.set_language("fr-FR");
  pdf.set_page_label(t("evaluation.report.page", {}));
  pdf.heading(title);
  std::string facts;
  if (!d.question.empty()) facts += t("evaluation.report.question", {{"question", d.question}}) + "\n";
  if (!d.territory.empty()) facts += t("evaluation.report.territory", {{"territory", d.territory}}) + "\n";
  if (!d.organisation.empty()) facts += t("evaluation.report.organisation", {{"organisation", d.organisation}}) + "\n";
  facts += t("evaluation.report.phase", {{"phase", d.phase}}) + "\n";
  facts += t("evaluation.report.generated", {{"day", d.generated_on}});
  pdf.paragraph(facts);
  pdf.paragraph(t("evaluation.report.lead", {{"year", year}}));

  // 1. Indicators against their targets.
  pdf.subheading(t("evaluation.report.indicators", {}));
  if (d.indicators.empty()) {
    pdf.paragraph(t("evaluation.report.no_indicators", {}));
  } else {
    docs::PdfTable table{{t("evaluation.report.indicator", {}), t("evaluation.report.latest", {}),
                          t("evaluation.report.target", {}), t("evaluation.report.met", {})},
                         {3.6, 2.5, 2.5, 1.4},
                         d.indicators};
    pdf.table(std::move(table));
  }

  // 2. Actions done in the year.
  pdf.subheading(t("evaluation.report.actions", {{"year", year}}));
  pdf.paragraph(t("evaluation.report.actions_summary", {{"total", std::to_string(d.actions_total)},
                                                        {"done", std::to_string(d.actions_done.size())},
                                                        {"in_progress", std::to_string(d.actions_in_progress)},
                                                        {"late", std::to_string(d.actions_late)},
                                                        {"year", year}}));
  if (!d.actions_done.empty()) {
    docs::PdfTable table{
        {t("evaluation.report.action", {}), t("evaluation.report.done_on", {})}, {5, 1.9}, d.actions_done};
    pdf.table(std::move(table));
  }

  // 3. Decisions closed in the year, and the reviews due in it.
  pdf.subheading(t("evaluation.report.decisions", {{"year", year}}));
  if (d.decisions.empty()) {
    pdf.paragraph(t("evaluation.report.no_decisions", {{"year", year}}));
  } else {
    docs::PdfTable table{{t("evaluation.report.decision", {}), t("evaluation.report.closed_on", {}),
                          t("evaluation.report.outcome", {}), t("evaluation.report.review_on", {})},
                         {2.7, 1.8, 3.7, 1.8},
                         d.decisions};
    pdf.table(std::move(table));
  }
  pdf.subheading(t("evaluation.report.reviews", {{"year", year}}));
  if (d.reviews.empty()) {
    pdf.paragraph(t("evaluation.report.no_reviews", {{"year", year}}));
  } else {
    docs::PdfTable table{
        {t("evaluation.report.decision", {}), t("evaluation.report.review_on", {})}, {5, 1.9}, d.reviews};
    pdf.table(std::move(table));
  }

  // 4. The adopted criteria.
  pdf.subheading(t("evaluation.report.criteria", {}));
  if (d.criteria.empty()) {
    pdf.paragraph(t("evaluation.report.no_criteria", {}));
  } else {
    docs::PdfTable table{{t("evaluation.report.criterion", {}), t("evaluation.report.dimension", {}),
                          t("evaluation.report.criterion_indicators", {}), t("evaluation.report.adopted_by", {})},
                         {3.2, 1.7, 2.8, 2.3},
                         {}};
    for (const auto& c : d.criteria)
      table.rows.push_back({c.description.empty() ? c.title : c.title + "\n" + c.description, c.dimension,
                            c.indicators.empty() ? "—" : c.indicators, c.decision});
    pdf.table(std::move(table));
  }

  // 5. The evaluations of the cooperation at each phase.
  pdf.subheading(t("evaluation.report.phases", {}));
  if (d.phases.empty()) {
    pdf.paragraph(t("evaluation.report.no_phases", {}));
  } else {
    docs::PdfTable table{{t("evaluation.report.phase_col", {}), t("evaluation.report.launched_on", {}),
                          t("evaluation.report.responses", {}), t("evaluation.report.rate", {})},
                         {2.5, 1.7, 1.5, 1.5},
                         {}};
    for (const auto& p : d.phases)
      table.rows.push_back({p.phase, p.launched_on,
                            t("evaluation.report.answered_of",
                              {{"answered", std::to_string(p.answered)}, {"invited", std::to_string(p.invited)}}),
                            p.rate.empty() ? "—" : p.rate});
    pdf.table(std::move(table));
    for (const auto& p : d.phases) {
      if (p.guarded) {
        pdf.paragraph(t("evaluation.report.guarded", {{"phase", p.phase}}));
        continue;
      }
      if (p.means.empty()) continue;
      pdf.paragraph(t("evaluation.report.means", {{"phase", p.phase}}));
      docs::PdfTable means{{t("evaluation.report.section", {}), t("evaluation.report.mean", {})}, {5, 1.9}, {}};
      for (const auto& [section, mean] : p.means) means.rows.push_back({section, mean});
      pdf.table(std::move(means));
    }
  }
  pdf.paragraph(t("evaluation.report.method", {}));
  return pdf.render();
}

}  // namespace trame::evaluation
