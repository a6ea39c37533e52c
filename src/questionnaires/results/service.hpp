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

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "questionnaires/results/model.hpp"
#include "questionnaires/results/repository.hpp"

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

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  Report report(const Filter& filter);
  Comparison comparison(long long session_id, long long programme_id);

  // Computes and inserts a programme_results row (published). Outcome.id: the row.
  Outcome publish_programme(const Actor& actor, long long programme_id);
  // Computes the figures without storing them.
  ProgrammeResults compute_programme(soci::session& sql, long long programme_id, long long now);
  std::optional<ProgrammeResults> latest(long long programme_id);
  std::vector<ProgrammeResults> history(long long programme_id);

  // Audit of an export (csv, xlsx, pdf) of a questionnaire's responses: no response or person named.
  void record_export(const Actor& actor, long long questionnaire_id, const std::string& format, long long rows);

  store::Database& db() { return db_; }
  Repository& repo() { return repo_; }

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the trainings' and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::results
