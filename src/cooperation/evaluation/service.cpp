#include "cooperation/evaluation/service.hpp"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "cooperation/evaluation/starter.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "questionnaires/definitions/repository.hpp"
#include "questionnaires/results/service.hpp"

namespace trame::evaluation {

namespace {

constexpr int kPerPage = 20;
constexpr long long kDay = 86400;
// A phase evaluation's sending stays open this many days (its reminders: 3 and 7 days after).
constexpr long long kOpenDays = 30;

std::string subject(long long criterion_id) {
  return "cooperation_criterion:" + std::to_string(criterion_id);
}

int year_of(long long t) {
  return std::stoi(format_local(t, "%Y"));
}

// "3,8": one decimal, French comma.
std::string decimal(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  std::string s = buffer;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// A value as people read it: whole numbers without decimals, others with at most two, French comma.
std::string number(double v) {
  char buffer[48];
  const bool whole = std::fabs(v - std::round(v)) < 1e-9;
  std::snprintf(buffer, sizeof buffer, "%.2f", whole ? std::round(v) : v);
  std::string s = buffer;
  std::string decimals = s.substr(s.find('.') + 1);
  std::string integer = s.substr(0, s.find('.'));
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  // Thousands grouped by a narrow no-break space, as French writes them (67 349).
  std::string grouped;
  const bool negative = !integer.empty() && integer[0] == '-';
  if (negative) integer.erase(0, 1);
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += "\u202f";
    grouped += integer[i];
  }
  return (negative ? "-" : "") + grouped + (decimals.empty() ? "" : "," + decimals);
}

}  // namespace

// ---- Pure rule -------------------------------------------------------------------------------------

Verdict verdict_of(const std::string& criterion_status, const std::string& decision_status, bool outcome_written,
                   const std::string& decision_verdict, const std::string& asked) {
  if (criterion_status != "proposed") return {"", "evaluation.errors.already_decided", ""};
  if (asked != "adopted" && asked != "rejected") return {"", "evaluation.errors.verdict", "verdict"};
  if (decision_status == "open") return {"", "evaluation.errors.decision_open", "decision"};
  if (decision_status != "closed") return {"", "evaluation.errors.decision_cancelled", "decision"};
  if (!outcome_written) return {"", "evaluation.errors.decision_no_outcome", "decision"};
  if ((decision_verdict == "adopted" || decision_verdict == "rejected") && decision_verdict != asked)
    return {
        "",
        decision_verdict == "adopted" ? "evaluation.errors.decision_adopted" : "evaluation.errors.decision_rejected",
        "verdict"};
  return {asked, "", ""};
}

// ---- Service ---------------------------------------------------------------------------------------

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::vector<IndicatorRow> Service::indicator_rows(long long project_id) {
  std::vector<IndicatorRow> out;
  for (const auto& s : indicators_.summaries(project_id)) {
    IndicatorRow r;
    r.id = s.id;
    r.label = s.label;
    r.unit = s.unit;
    if (s.latest_value) {
      r.latest = number(*s.latest_value) + (s.unit.empty() ? "" : " " + s.unit);
      r.latest_period = s.latest_period;
    }
    if (s.target_value) {
      r.has_target = true;
      r.target = number(*s.target_value) + (s.unit.empty() ? "" : " " + s.unit);
      r.target_period = s.target_period;
      r.met = s.met;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<int> Service::years_of(const projects::Project& p) const {
  std::vector<int> out;
  const int last = year_of(store::now_seconds());
  const int first = std::min(last, p.created_at > 0 ? year_of(p.created_at) : last);
  for (int y = last; y >= first; --y) out.push_back(y);
  return out;
}

std::optional<Overview> Service::overview(const Principal& me, long long project_id, int page) {
  auto a = projects_.access(me, project_id);
  if (!a || !a->reads()) return std::nullopt;
  Overview o;
  o.access = *a;
  db_.read([&](soci::session& sql) {
    o.total = repo_.count_criteria(sql, project_id);
    o.pages = std::max<int>(1, static_cast<int>((o.total + kPerPage - 1) / kPerPage));
    o.page = std::clamp(page, 1, o.pages);
    o.criteria = repo_.criteria(sql, project_id, kPerPage, static_cast<long long>(o.page - 1) * kPerPage);
    auto launched = repo_.phase_evaluations(sql, project_id);
    for (const auto& phase : evaluated_phases()) {
      PhaseRow row;
      row.phase = phase;
      for (const auto& e : launched)
        if (e.phase == phase) row.evaluation = e;
      o.phases.push_back(std::move(row));
    }
  });
  o.indicators = indicator_rows(project_id);
  o.may_propose = a->contributes();
  o.may_facilitate = a->facilitates();
  o.years = years_of(a->project);
  return o;
}

std::optional<CriterionView> Service::criterion(const Principal& me, long long project_id, long long criterion_id) {
  auto c = db_.read([&](soci::session& sql) { return repo_.criterion(sql, criterion_id); });
  if (!c || c->project_id != project_id) return std::nullopt;
  auto a = projects_.access(me, c->project_id);
  if (!a || !a->reads()) return std::nullopt;
  CriterionView v;
  v.access = *a;
  v.criterion = *c;
  v.project_indicators = indicator_rows(c->project_id);
  for (const auto& row : v.project_indicators)
    if (std::find(c->indicator_ids.begin(), c->indicator_ids.end(), row.id) != c->indicator_ids.end())
      v.indicators.push_back(row);
  if (c->decision_id) v.decision = decisions_.summary(c->project_id, c->decision_id);
  const bool proposed = c->status == "proposed";
  v.may_edit = proposed && (a->facilitates() || (a->contributes() && c->proposed_by == me.id));
  v.may_decide = proposed && a->facilitates();
  if (v.may_decide)
    for (const auto& d : decisions_.summaries(c->project_id))
      if (d.status == "closed" && d.decided_by_id != 0) v.closed_decisions.push_back(d);
  return v;
}

Criterion Service::checked(long long project_id, const CriterionInput& in, std::vector<long long>& indicator_ids) {
  Criterion c;
  c.project_id = project_id;
  c.title = trim(in.title);
  c.dimension = trim(in.dimension);
  c.description = trim(in.description);
  if (c.title.empty()) refuse("evaluation.errors.title", "title");
  if (code_points(c.title) > kTitleMax) refuse("evaluation.errors.title_long", "title");
  if (!is_one_of(c.dimension, dimensions())) refuse("evaluation.errors.dimension", "dimension");
  if (code_points(c.description) > kDescriptionMax) refuse("evaluation.errors.description_long", "description");
  std::set<long long> known;
  for (const auto& s : indicators_.summaries(project_id)) known.insert(s.id);
  std::set<long long> chosen;
  for (const auto& text : in.indicators) {
    const std::string v = trim(text);
    if (v.empty()) continue;
    long long id = 0;
    if (v.size() > 18 || !std::all_of(v.begin(), v.end(), [](unsigned char ch) { return std::isdigit(ch); }))
      refuse("evaluation.errors.indicator", "indicators");
    id = std::stoll(v);
    if (!known.count(id)) refuse("evaluation.errors.indicator", "indicators");
    chosen.insert(id);
  }
  if (chosen.size() > kIndicatorsMax) refuse("evaluation.errors.indicators_many", "indicators");
  indicator_ids.assign(chosen.begin(), chosen.end());
  return c;
}

Outcome Service::propose(const Actor& actor, const Principal& me, long long project_id, const CriterionInput& in) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) roll_back(Outcome::not_found());
    if (!a->contributes()) roll_back(Outcome::forbidden("evaluation.errors.propose_who"));
    std::vector<long long> ids;
    Criterion c = checked(project_id, in, ids);
    c.proposed_by = me.id;
    c.id = repo_.insert_criterion(sql, c, now);
    repo_.set_indicators(sql, c.id, ids);
    audit_.record(sql, actor, "evaluation.criterion.propose", subject(c.id), c.title);
    return Outcome::success(c.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long project_id, long long criterion_id,
                        const CriterionInput& in) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto existing = repo_.criterion(sql, criterion_id);
    if (!existing || existing->project_id != project_id) roll_back(Outcome::not_found());
    auto a = projects_.access(sql, me, existing->project_id);
    if (!a || !a->reads()) roll_back(Outcome::not_found());
    const bool mine = a->contributes() && existing->proposed_by == me.id;
    if (!a->facilitates() && !mine) roll_back(Outcome::forbidden("evaluation.errors.edit_who"));
    if (existing->status != "proposed") roll_back(Outcome::conflict("evaluation.errors.already_decided"));
    std::vector<long long> ids;
    Criterion c = checked(existing->project_id, in, ids);
    c.id = criterion_id;
    if (!repo_.update_criterion(sql, c, now)) roll_back(Outcome::conflict("evaluation.errors.already_decided"));
    repo_.set_indicators(sql, criterion_id, ids);
    audit_.record(sql, actor, "evaluation.criterion.update", subject(criterion_id), c.title);
    return Outcome::success(criterion_id);
  });
}

Outcome Service::decide(const Actor& actor, const Principal& me, long long project_id, long long criterion_id,
                        long long decision_id, const std::string& verdict) {
  auto c = db_.read([&](soci::session& sql) { return repo_.criterion(sql, criterion_id); });
  if (!c || c->project_id != project_id) return Outcome::not_found();
  auto a = projects_.access(me, c->project_id);
  if (!a || !a->reads()) return Outcome::not_found();
  if (!a->facilitates()) return Outcome::forbidden("evaluation.errors.decide_who");
  if (c->status != "proposed") return Outcome::conflict("evaluation.errors.already_decided");
  if (decision_id <= 0) return Outcome::failure("evaluation.errors.decision_missing", "decision");
  // Another project's decision (or none with that id) is not this project's: the same answer.
  auto d = decisions_.summary(c->project_id, decision_id);
  if (!d || d->project_id != c->project_id)
    return Outcome::failure("evaluation.errors.decision_not_in_project", "decision");
  Verdict v = verdict_of(c->status, d->status, d->decided_by_id != 0, d->outcome_verdict, verdict);
  if (!v.error.empty()) return Outcome::failure(v.error, v.field);
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    if (!repo_.decide(sql, criterion_id, v.status, decision_id, me.id, now))
      roll_back(Outcome::conflict("evaluation.errors.already_decided"));
    audit_.record(sql, actor, "evaluation.criterion." + std::string(v.status == "adopted" ? "adopt" : "reject"),
                  subject(criterion_id), "decision:" + std::to_string(decision_id));
    return Outcome::success(criterion_id);
  });
}

Outcome Service::launch(const Actor& actor, const Principal& me, long long project_id, const std::string& phase) {
  const long long now = store::now_seconds();
  try {
    return db_.attempt([&](soci::session& sql) {
      auto a = projects_.access(sql, me, project_id);
      if (!a || !a->reads()) roll_back(Outcome::not_found());
      if (!a->facilitates()) roll_back(Outcome::forbidden("evaluation.errors.launch_who"));
      if (!is_one_of(phase, evaluated_phases())) refuse("evaluation.errors.phase", "phase");
      if (repo_.phase_evaluation(sql, project_id, phase))
        roll_back(Outcome::conflict("evaluation.errors.already_launched", "phase"));
      // Who answers: the project's facilitators and members (observers watch, they do not cooperate).
      std::vector<campaigns::Recipient> people;
      for (const auto& m : projects_repo_.members(sql, project_id)) {
        if ((m.role != "facilitator" && m.role != "member") || m.email.empty()) continue;
        campaigns::Recipient r;
        r.user_id = m.user_id;
        r.email = m.email;
        r.name = m.name;
        people.push_back(std::move(r));
      }
      if (people.empty()) refuse("evaluation.errors.nobody", "phase");
      // The project's questionnaire: the one its earlier phases used (unless archived since), else a
      // copy of the starter owned by the project's organisation (or the launcher's first one).
      long long questionnaire = repo_.project_questionnaire(sql, project_id);
      if (questionnaire && repo_.questionnaire_status(sql, questionnaire) == "archived") questionnaire = 0;
      if (!questionnaire) {
        long long owner = a->project.organisation_id;
        if (!owner) owner = repo_.first_organisation(sql, me.id);
        if (!owner) refuse("evaluation.errors.no_organisation", "phase");
        questionnaire = create_starter_questionnaire(sql, owner, a->project.title, actor.id, now);
        audit_.record(sql, actor, "questionnaires.create", "questionnaire:" + std::to_string(questionnaire),
                      "évaluation de la coopération, projet " + std::to_string(project_id));
      }
      auto q = definitions::select_questionnaire(sql, questionnaire);
      campaigns::Campaign c;
      c.questionnaire_id = questionnaire;
      c.organisation_id = q ? q->organisation_id : 0;
      c.title = t("evaluation.phases.campaign_title",
                  {{"phase", t("evaluation.phase_names." + phase)}, {"project", a->project.title}});
      if (code_points(c.title) > 200)
        c.title = t("evaluation.phases.campaign_title_short", {{"phase", t("evaluation.phase_names." + phase)}});
      c.audience = "project";
      c.closes_at = local_time(local_date(now + kOpenDays * kDay), "23:59") + 60;
      c.reminder_days = "3,7";
      PhaseEvaluation e;
      e.project_id = project_id;
      e.phase = phase;
      e.questionnaire_id = questionnaire;
      e.campaign_id = campaigns_.send_to(sql, actor, c, people, now);
      e.launched_by = me.id;
      e.id = repo_.insert_phase_evaluation(sql, e, now);
      audit_.record(
          sql, actor, "evaluation.phase.launch", "cooperation_project:" + std::to_string(project_id),
          phase + ", envoi " + std::to_string(e.campaign_id) + ", " + std::to_string(people.size()) + " invitation(s)");
      return Outcome::success(e.campaign_id);
    });
  } catch (const std::exception& ex) {
    // Two launches of the same phase at once: the unique key keeps one; the other is told so.
    if (store::is_unique_violation(ex)) return Outcome::conflict("evaluation.errors.already_launched", "phase");
    throw;
  }
}

std::optional<PhaseView> Service::phase(const Principal& me, long long project_id, const std::string& phase) {
  auto a = projects_.access(me, project_id);
  if (!a || !a->reads()) return std::nullopt;
  if (!is_one_of(phase, evaluated_phases())) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<PhaseView> {
    auto e = repo_.phase_evaluation(sql, project_id, phase);
    if (!e) return std::nullopt;
    PhaseView v;
    v.access = *a;
    v.evaluation = *e;
    results::Filter f;
    f.questionnaire_id = e->questionnaire_id;
    f.campaign_ids = {e->campaign_id};
    v.report = results::build_report(sql, f);
    v.results_link = me.can_in(perm::questionnaires_manage, v.report.definition.questionnaire.organisation_id);
    return v;
  });
}

ReportData Service::report_data(const projects::Access& access, int year) {
  const auto& p = access.project;
  const long long now = store::now_seconds();
  const std::string y = std::to_string(year);
  ReportData d;
  d.year = year;
  d.project_title = p.title;
  d.question = p.question;
  d.territory = p.territory_label;
  d.organisation = p.organisation_name;
  d.phase = t("evaluation.phase_names." + p.phase);
  d.generated_on = format_local(now, "%d/%m/%Y");

  std::map<long long, std::string> indicator_labels;
  for (const auto& r : indicator_rows(p.id)) {
    indicator_labels[r.id] = r.label;
    std::string latest =
        r.latest.empty() ? "—" : r.latest + (r.latest_period.empty() ? "" : " (" + r.latest_period + ")");
    std::string target = !r.has_target ? "—" : r.target + (r.target_period.empty() ? "" : " (" + r.target_period + ")");
    std::string met = !r.has_target ? "—" : t(r.met ? "evaluation.report.yes" : "evaluation.report.no");
    d.indicators.push_back({r.label, latest, target, met});
  }

  auto actions = actions_.summaries(p.id);
  std::map<long long, std::string> done_on;
  db_.read([&](soci::session& sql) {
    for (auto& [id, day] : repo_.actions_done_on(sql, p.id)) done_on[id] = day;
  });
  d.actions_total = static_cast<long long>(actions.size());
  for (const auto& a : actions) {
    if (a.late) ++d.actions_late;
    if (a.status == "in_progress") ++d.actions_in_progress;
    if (a.status != "done") continue;
    auto it = done_on.find(a.id);
    if (it == done_on.end() || it->second.rfind(y, 0) != 0) continue;
    d.actions_done.push_back({a.title, short_french_date(it->second)});
  }

  std::map<long long, std::string> decision_titles;
  for (const auto& dec : decisions_.summaries(p.id)) {
    decision_titles[dec.id] = dec.title;
    if (!dec.review_on.empty() && dec.review_on.rfind(y, 0) == 0 && dec.status == "closed")
      d.reviews.push_back({dec.title, short_french_date(dec.review_on)});
    if (dec.status != "closed" || dec.closed_at == 0 || year_of(dec.closed_at) != year) continue;
    std::string outcome = dec.outcome_statement;
    if (!dec.outcome_option.empty())
      outcome += (outcome.empty() ? "" : "\n") + t("evaluation.report.chosen", {{"option", dec.outcome_option}});
    if (!dec.outcome_verdict.empty())
      outcome += (outcome.empty() ? "" : "\n") + t("evaluation.verdicts." + dec.outcome_verdict);
    if (outcome.empty()) outcome = t("evaluation.report.no_outcome");
    d.decisions.push_back({dec.title, format_local(dec.closed_at, "%d/%m/%Y"), outcome,
                           dec.review_on.empty() ? "—" : short_french_date(dec.review_on)});
  }
  std::sort(d.reviews.begin(), d.reviews.end(), [](const auto& a, const auto& b) { return a[1] < b[1]; });

  db_.read([&](soci::session& sql) {
    for (const auto& c : repo_.adopted(sql, p.id)) {
      ReportCriterion rc;
      rc.title = c.title;
      rc.dimension = t("evaluation.dimension_short." + c.dimension);
      rc.description = c.description;
      for (long long id : c.indicator_ids) {
        auto it = indicator_labels.find(id);
        if (it == indicator_labels.end()) continue;
        rc.indicators += (rc.indicators.empty() ? "" : ", ") + it->second;
      }
      auto title = decision_titles.find(c.decision_id);
      rc.decision =
          (title == decision_titles.end() ? "" : title->second + " — ") + format_local(c.decided_at, "%d/%m/%Y");
      d.criteria.push_back(std::move(rc));
    }
    for (const auto& e : repo_.phase_evaluations(sql, p.id)) {
      if (year_of(e.launched_at) > year) continue;
      ReportPhase rp;
      rp.phase = t("evaluation.phase_names." + e.phase);
      rp.launched_on = format_local(e.launched_at, "%d/%m/%Y");
      results::Filter f;
      f.questionnaire_id = e.questionnaire_id;
      f.campaign_ids = {e.campaign_id};
      auto report = results::build_report(sql, f);
      rp.invited = report.invited;
      rp.answered = report.invitations_answered;
      if (report.response_rate) rp.rate = number(std::round(*report.response_rate)) + " %";
      rp.guarded = report.guarded;
      if (!report.guarded) {
        for (const auto& section : report.definition.sections) {
          double sum = 0;
          int n = 0;
          for (const auto& qr : report.questions)
            if (qr.question.section_id == section.id && qr.question.kind == "scale" && qr.stats.mean) {
              sum += *qr.stats.mean;
              ++n;
            }
          if (n) rp.means.emplace_back(section.title, decimal(sum / n));
        }
      }
      d.phases.push_back(std::move(rp));
    }
  });
  return d;
}

std::optional<std::string> Service::report_pdf(const Principal& me, long long project_id, int year, Outcome* refusal) {
  auto fail = [&](Outcome o) -> std::optional<std::string> {
    if (refusal) *refusal = std::move(o);
    return std::nullopt;
  };
  auto a = projects_.access(me, project_id);
  if (!a || !a->reads()) return fail(Outcome::not_found());
  if (!a->facilitates()) return fail(Outcome::forbidden("evaluation.errors.report_who"));
  auto years = years_of(a->project);
  if (std::find(years.begin(), years.end(), year) == years.end()) return fail(Outcome::not_found());
  ReportData d = report_data(*a, year);
  return render_report(d, [this](const std::string& key, const web::Params& params) { return t(key, params); });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::evaluation
