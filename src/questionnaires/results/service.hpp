// Results of questionnaires: rates, distributions (SVG charts with data tables), cross-tabulation,
// before/after, exports, published results of programmes.
//
// For other modules (impact studies): build a report of any set of responses with
//   results::Report r = results::build_report(sql, filter);   // Filter: questionnaire + campaigns/session/study...
// and render it inside your own page with results::render_report(ctx, r, options) (src/results/view.hpp):
// the same charts, tables, low-response guard and cross-tabulation as /questionnaires/{id}/resultats.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include <map>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/results/model.hpp"
#include "questionnaires/results/repository.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::results {

// The report of the responses `filter` selects: rate (from invitation counts only), responses, per
// question distributions / stats / NPS / free texts, cross-tabulation groups; the low-response guard
// applied to the whole set and to every group. Throws nothing for an unknown questionnaire: the report's
// definition.questionnaire.id is then 0.
Report build_report(soci::session& sql, const Filter& filter);

// Before/after on the same objectives: the 'positioning' vs the 'followup' campaigns of a session
// (session_id != 0) or of every session of a programme (programme_id != 0).
Comparison build_comparison(soci::session& sql, long long session_id, long long programme_id);

// What the programme's public page shows: the latest published programme_results row.
std::optional<ProgrammeResults> latest_programme_results(soci::session& sql, long long programme_id);

// The attribute keys the cross-tabulation knows (labelled in the catalogue), in display order.
std::vector<std::string> known_attribute_order();
// Publication rule: scale questions whose label starts with "Satisfaction globale" (case of ASCII
// letters ignored); a questionnaire of kind 'satisfaction' without one uses its first scale question.
bool is_satisfaction_question(const definitions::Question& q);
ProgrammeResults compute_programme_results(soci::session& sql, long long programme_id, long long now);
// One question's result over some answers (pure; unit-tested).
QuestionResult compute_question(const definitions::Question& q, const std::vector<const AnswerRow*>& rows);

// What a person may read of a questionnaire's results (Service::reading): the questionnaire, the
// responses (filter), the titles of the narrowing, and whether every response (not only a sending's
// or a session's).
struct Reading {
  definitions::Questionnaire questionnaire;
  Filter filter;
  std::string campaign_title;
  std::string session_title;
  bool whole = false;
};

// The columns of a raw export: questions in order, attributes (ids named), campaign titles.
struct ExportLayout {
  definitions::Definition definition;
  bool named = false;
  bool codes = false;
  std::vector<std::string> attribute_keys;
  std::map<std::string, std::map<std::string, std::string>> attribute_labels;  // ids → names
  std::map<std::string, std::string> attribute_titles;  // key → header typed in a sending's CSV
  std::map<long long, std::string> campaigns;
  std::optional<std::vector<long long>> campaign_ids;
  std::vector<const definitions::Question*> questions;  // in order (into definition)
};

// A page of raw responses and their answers.
struct ResponsePage {
  std::vector<ResponseRow> responses;
  std::vector<AnswerRow> answers;
};

struct ProgrammeRef {
  long long id = 0;
  std::string title;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, std::string public_url)
      : db_(db), audit_(audit), public_url_(std::move(public_url)) {}

  // Who may read: questionnaires.manage in the questionnaire's organisation (administrators
  // everywhere), or, narrowed to a sending (campaign_id) or a session (session_id): questionnaires.manage
  // in the sending's organisation or managing its training session. not_found when the questionnaire,
  // the sending or the session does not exist (or the sending is another questionnaire's), and when
  // `me` may read none of it (the same answer, so that an id reveals nothing).
  Outcome reading(const Principal& me, long long questionnaire_id, long long campaign_id, long long session_id,
                  Reading& out);
  Report report(const Filter& filter);
  // The titles of a questionnaire's sendings (narrowing links, exports).
  std::vector<std::pair<long long, std::string>> campaign_titles(long long questionnaire_id);
  long long count_responses(const Filter& filter);
  ExportLayout export_layout(const Reading& reading);
  // Responses in id order from offset (at most limit), with their answers.
  ResponsePage responses(const ExportLayout& layout, long long offset, long long limit);
  // The session as `me` sees it (manager, trainer…); nullopt when it does not exist.
  std::optional<programmes::SessionAccess> session_access(const Principal& me, long long session_id);
  // A programme whose results `me` manages (trainings.manage in its organiser); not_found otherwise.
  Outcome programme(const Principal& me, long long programme_id, ProgrammeRef& out);
  Comparison comparison(long long session_id, long long programme_id);

  // Computes and inserts a programme_results row (published). Outcome.id: the row.
  Outcome publish_programme(const Actor& actor, long long programme_id);
  // Computes the figures without storing them.
  ProgrammeResults preview_programme(long long programme_id);
  std::optional<ProgrammeResults> latest(long long programme_id);
  std::vector<ProgrammeResults> history(long long programme_id);

  // Audit of an export (csv, xlsx, pdf) of a questionnaire's responses: no response or person named.
  void record_export(const Actor& actor, long long questionnaire_id, const std::string& format, long long rows);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  store::Database& db_;
  audit::Service& audit_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::results
