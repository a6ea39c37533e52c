// The yearly evaluation report of a cooperation project as a PDF (platform/docs/pdf: tagged, French,
// Title and Author in its metadata): the project, its indicators against their targets, the actions
// done in the year, the decisions closed in the year and the reviews due in it, the adopted criteria
// with their indicators and decisions, and the evaluations of the cooperation at each phase. The
// content is gathered by the service (report_data); the layout here is pure (unit-tested).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "platform/web/i18n.hpp"

namespace trame::evaluation {

struct ReportCriterion {
  std::string title, dimension;  // dimension: its label
  std::string description;
  std::string indicators;  // the labels, joined
  std::string decision;    // the decision's title and closing day
};

struct ReportPhase {
  std::string phase;        // its label
  std::string launched_on;  // dd/mm/yyyy
  long long invited = 0, answered = 0;
  std::string rate;      // "60 %", '' when nobody was invited
  bool guarded = false;  // fewer responses than the results' guard: no means
  // The mean (1–5) of the agreement scales of each section of the questionnaire: (section, "3,8").
  std::vector<std::pair<std::string, std::string>> means;
};

struct ReportData {
  int year = 0;
  std::string project_title, question, territory, organisation, phase, generated_on;
  // Indicator, latest value (period), target (period), met (Oui / Non / —).
  std::vector<std::vector<std::string>> indicators;
  // Actions done in the year: title, done on.
  std::vector<std::vector<std::string>> actions_done;
  long long actions_total = 0, actions_late = 0, actions_in_progress = 0;
  // Decisions closed in the year: title, closed on, outcome, review day.
  std::vector<std::vector<std::string>> decisions;
  // Reviews due in the year: title, review day.
  std::vector<std::vector<std::string>> reviews;
  std::vector<ReportCriterion> criteria;
  std::vector<ReportPhase> phases;
};

using Translate = std::function<std::string(const std::string& key, const web::Params& params)>;

// The PDF's bytes (starts with %PDF).
std::string render_report(const ReportData& data, const Translate& t);

}  // namespace trame::evaluation
