// Pages of a project's evaluation (docs/cooperation/evaluation.md):
//   GET  /cooperation/projets/{id}/evaluation                      criteria, phase evaluations, reports
//   POST /cooperation/projets/{id}/evaluation/criteres             propose a criterion
//   POST /cooperation/projets/{id}/evaluation/phases               launch the evaluation of a phase
//   GET  /cooperation/projets/{id}/evaluation/phases/{phase}       a phase's results (diagnostic, conception…)
//   GET  /cooperation/projets/{id}/evaluation/rapport-{year}.pdf   the yearly report
//   GET  /cooperation/projets/{id}/evaluation/criteres/{criterion}           a criterion
//   POST /cooperation/projets/{id}/evaluation/criteres/{criterion}           edit it (while proposed)
//   POST /cooperation/projets/{id}/evaluation/criteres/{criterion}/decision  adopt or reject it by a decision
#include <cmath>
#include <cstdio>
#include <regex>

#include "cooperation/evaluation/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "questionnaires/results/view.hpp"

namespace trame::evaluation {

namespace {

using web::Context;
using web::Data;

// The phases in URLs, in French.
const std::vector<std::pair<std::string, std::string>>& phase_slugs() {
  static const std::vector<std::pair<std::string, std::string>> list{{"diagnosis", "diagnostic"},
                                                                     {"design", "conception"},
                                                                     {"implementation", "mise-en-oeuvre"},
                                                                     {"evaluation", "evaluation"}};
  return list;
}
std::string slug_of(const std::string& phase) {
  for (const auto& [key, slug] : phase_slugs())
    if (key == phase) return slug;
  return phase;
}
std::string phase_of_slug(const std::string& slug) {
  for (const auto& [key, s] : phase_slugs())
    if (s == slug) return key;
  return "";
}

std::string evaluation_url(long long id) {
  return projects::url_of(id) + "/evaluation";
}
std::string criterion_url(long long project_id, long long id) {
  return evaluation_url(project_id) + "/criteres/" + std::to_string(id);
}
std::string decision_url(long long project_id, long long decision_id) {
  return projects::url_of(project_id) + "/decisions/" + std::to_string(decision_id);
}

std::string percent(double v) {
  return std::to_string(static_cast<long long>(std::llround(v))) + " %";
}

CriterionInput input_of(const Context& ctx) {
  CriterionInput in;
  in.title = ctx.form.get("title");
  in.dimension = ctx.form.get("dimension");
  in.description = ctx.form.get("description");
  in.indicators = ctx.form.all("indicators");
  return in;
}

// The form's fields (title, dimension radios, description, indicator checkboxes) with their values.
void set_form(Context& ctx, Data& data, const CriterionInput& in, const std::vector<IndicatorRow>& indicators) {
  data.set("title_value", in.title);
  data.set("description_value", in.description);
  Data dims{Data::type::list};
  for (const auto& d : dimensions()) {
    Data x{Data::type::object};
    x.set("value", d);
    x.set("label", ctx.t("evaluation.dimensions." + d));
    x.set("help", ctx.t("evaluation.dimension_help." + d));
    x.set("checked", web::flag(in.dimension == d));
    dims.push_back(x);
  }
  data.set("dimensions", dims);
  Data list{Data::type::list};
  for (const auto& r : indicators) {
    Data x{Data::type::object};
    x.set("id", std::to_string(r.id));
    x.set("label", r.label);
    x.set("checked", web::flag(std::find(in.indicators.begin(), in.indicators.end(), std::to_string(r.id)) !=
                               in.indicators.end()));
    list.push_back(x);
  }
  data.set("indicators", list);
  data.set("has_indicators", web::flag(!indicators.empty()));
}

Data indicator_data(const IndicatorRow& r, const Context& ctx) {
  Data x{Data::type::object};
  x.set("label", r.label);
  x.set("latest", r.latest.empty() ? "—" : r.latest + (r.latest_period.empty() ? "" : " (" + r.latest_period + ")"));
  x.set("target", !r.has_target ? "—" : r.target + (r.target_period.empty() ? "" : " (" + r.target_period + ")"));
  x.set("met", !r.has_target ? "—" : ctx.t(r.met ? "evaluation.report.yes" : "evaluation.report.no"));
  return x;
}

http::Response overview_page(Context& ctx, Service& service, long long id, const CriterionInput* typed,
                             const Outcome& outcome, const std::string& form, int status) {
  auto o = service.overview(ctx.me(), id, static_cast<int>(web::page_param(ctx.req)));
  if (!o) return ctx.error(404);
  Data data{Data::type::object};
  data.set("project_id", std::to_string(id));
  data.set("project", o->access.project.title);
  data.set("project_url", projects::url_of(id));
  data.set("evaluation_url", evaluation_url(id));
  Data criteria{Data::type::list};
  for (const auto& c : o->criteria) {
    Data x{Data::type::object};
    x.set("title", c.title);
    x.set("url", criterion_url(id, c.id));
    x.set("dimension", ctx.t("evaluation.dimensions." + c.dimension));
    x.set("status", ctx.t("evaluation.statuses." + c.status));
    x.set("status_class", c.status);
    x.set("proposed_by", c.proposed_by_name);
    x.set("indicators", std::to_string(c.indicator_ids.size()));
    criteria.push_back(x);
  }
  data.set("criteria", criteria);
  data.set("no_criteria", web::flag(o->criteria.empty()));
  data.set("criteria_total", std::to_string(o->total));
  data.set("pagination", web::pagination(ctx, o->page, 20, o->total, evaluation_url(id) + "?"));
  data.set("may_propose", web::flag(o->may_propose));
  data.set("may_facilitate", web::flag(o->may_facilitate));
  set_form(ctx, data, typed ? *typed : CriterionInput{}, o->indicators);

  Data phases{Data::type::list};
  Data launchable{Data::type::list};
  for (const auto& row : o->phases) {
    Data x{Data::type::object};
    x.set("phase", ctx.t("evaluation.phase_names." + row.phase));
    if (row.evaluation) {
      const auto& e = *row.evaluation;
      x.set("launched", web::flag(true));
      x.set("launched_on", format_local(e.launched_at, "%d/%m/%Y"));
      x.set("answered", ctx.t("evaluation.phases.answered",
                              {{"answered", std::to_string(e.answered)}, {"invited", std::to_string(e.invited)}}));
      x.set("rate", e.invited ? percent(100.0 * static_cast<double>(e.answered) / static_cast<double>(e.invited))
                              : std::string("—"));
      x.set("campaign_status", ctx.t("campaigns.statuses." + e.campaign_status));
      x.set("url", evaluation_url(id) + "/phases/" + slug_of(row.phase));
    } else {
      x.set("launched", web::flag(false));
      Data opt{Data::type::object};
      opt.set("value", row.phase);
      opt.set("label", ctx.t("evaluation.phase_names." + row.phase));
      opt.set("selected", web::flag(row.phase == o->access.project.phase));
      launchable.push_back(opt);
    }
    phases.push_back(x);
  }
  data.set("phases", phases);
  data.set("launchable", launchable);
  data.set("may_launch", web::flag(o->may_facilitate && !launchable.is_empty_list()));
  Data years{Data::type::list};
  for (int y : o->years) {
    Data x{Data::type::object};
    x.set("year", std::to_string(y));
    x.set("url", evaluation_url(id) + "/rapport-" + std::to_string(y) + ".pdf");
    years.push_back(x);
  }
  data.set("years", years);
  if (!outcome.ok) web::set_error(data, ctx, outcome, form);
  return ctx.render("cooperation/evaluation/overview", data,
                    ctx.t("evaluation.page.title", {{"project", o->access.project.title}}), status);
}

http::Response criterion_page(Context& ctx, Service& service, long long project_id, long long id,
                              const CriterionInput* typed, const Outcome& outcome, const std::string& form,
                              int status) {
  auto v = service.criterion(ctx.me(), project_id, id);
  if (!v) return ctx.error(404);
  const auto& c = v->criterion;
  Data data{Data::type::object};
  data.set("id", std::to_string(id));
  data.set("criterion_url", criterion_url(project_id, id));
  data.set("project", v->access.project.title);
  data.set("evaluation_url", evaluation_url(c.project_id));
  data.set("title", c.title);
  data.set("dimension", ctx.t("evaluation.dimensions." + c.dimension));
  data.set("dimension_help", ctx.t("evaluation.dimension_help." + c.dimension));
  web::set_if(data, "description", c.description);
  data.set("status", ctx.t("evaluation.statuses." + c.status));
  data.set("status_class", c.status);
  data.set("proposed", web::flag(c.status == "proposed"));
  data.set("proposed_by", c.proposed_by_name);
  data.set("proposed_on", format_local(c.created_at, "%d/%m/%Y"));
  Data indicators{Data::type::list};
  for (const auto& r : v->indicators) indicators.push_back(indicator_data(r, ctx));
  data.set("criterion_indicators", indicators);
  data.set("no_criterion_indicators", web::flag(v->indicators.empty()));
  if (c.decision_id) {
    data.set("decided", web::flag(true));
    data.set("decision_title", v->decision ? v->decision->title : "#" + std::to_string(c.decision_id));
    data.set("decision_url", decision_url(c.project_id, c.decision_id));
    if (v->decision && !v->decision->outcome_statement.empty())
      data.set("decision_outcome", v->decision->outcome_statement);
    data.set("decided_on", format_local(c.decided_at, "%d/%m/%Y"));
    data.set("decided_by", c.decided_by_name);
  }
  data.set("may_edit", web::flag(v->may_edit));
  data.set("may_decide", web::flag(v->may_decide));
  if (v->may_edit) {
    CriterionInput in;
    if (typed && form == "edit") {
      in = *typed;
    } else {
      in.title = c.title;
      in.dimension = c.dimension;
      in.description = c.description;
      for (long long i : c.indicator_ids) in.indicators.push_back(std::to_string(i));
    }
    set_form(ctx, data, in, v->project_indicators);
  }
  if (v->may_decide) {
    const long long chosen = form == "decide" ? web::parse_id(ctx.form.get("decision")) : 0;
    Data decisions{Data::type::list};
    for (const auto& d : v->closed_decisions) {
      Data x{Data::type::object};
      x.set("value", std::to_string(d.id));
      std::string label = d.title + " — " + format_local(d.closed_at, "%d/%m/%Y");
      if (!d.outcome_verdict.empty()) label += " (" + ctx.t("evaluation.verdicts." + d.outcome_verdict) + ")";
      x.set("label", label);
      x.set("selected", web::flag(d.id == chosen));
      decisions.push_back(x);
    }
    data.set("closed_decisions", decisions);
    data.set("no_closed_decisions", web::flag(v->closed_decisions.empty()));
    const std::string verdict = form == "decide" ? ctx.form.get("verdict") : "adopted";
    data.set("verdict_adopted", web::flag(verdict != "rejected"));
    data.set("verdict_rejected", web::flag(verdict == "rejected"));
    data.set("decisions_url", projects::url_of(c.project_id) + "/decisions");
  }
  if (!outcome.ok) web::set_error(data, ctx, outcome, form);
  return ctx.render("cooperation/evaluation/criterion", data, ctx.t("evaluation.criterion.title", {{"title", c.title}}),
                    status);
}

http::Response phase_page(Context& ctx, Service& service, long long id, const std::string& slug) {
  const std::string phase = phase_of_slug(slug);
  if (phase.empty()) return ctx.error(404);
  auto v = service.phase(ctx.me(), id, phase);
  if (!v) return ctx.error(404);
  const auto& e = v->evaluation;
  Data data{Data::type::object};
  data.set("project", v->access.project.title);
  data.set("evaluation_url", evaluation_url(id));
  data.set("phase", ctx.t("evaluation.phase_names." + phase));
  data.set("launched_on", format_local(e.launched_at, "%d/%m/%Y"));
  web::set_if(data, "launched_by", e.launched_by_name);
  data.set("invited", std::to_string(v->report.invited));
  data.set("answered", std::to_string(v->report.invitations_answered));
  data.set("rate", v->report.response_rate ? percent(*v->report.response_rate) : std::string("—"));
  data.set("campaign_status", ctx.t("campaigns.statuses." + e.campaign_status));
  data.set("questionnaire_title", v->report.definition.questionnaire.title);
  results::ViewOptions options;
  options.page_url = evaluation_url(id) + "/phases/" + slug;
  options.heading_level = 3;
  data.set("report_html", results::render_report(ctx, v->report, options));
  data.set("results_css", ctx.app.asset_url("css/results.css"));
  if (v->results_link)
    data.set("results_url", "/questionnaires/" + std::to_string(e.questionnaire_id) +
                                "/resultats?envoi=" + std::to_string(e.campaign_id));
  return ctx.render("cooperation/evaluation/phase", data,
                    ctx.t("evaluation.phase_page.title",
                          {{"phase", ctx.t("evaluation.phase_names." + phase)}, {"project", v->access.project.title}}));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/evaluation", web::perm::authenticated, [&service](Context& ctx) {
    return overview_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), "", 200);
  });

  app.post("/cooperation/projets/{id:int}/evaluation/criteres", web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    CriterionInput in = input_of(ctx);
    Outcome o = service.propose(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, o, "evaluation.flash.proposed", o.ok ? criterion_url(id, o.id) : evaluation_url(id),
                       [&](const Outcome& failed, int status) {
                         return overview_page(ctx, service, id, &in, failed, "propose", status);
                       });
  });

  app.post("/cooperation/projets/{id:int}/evaluation/phases", web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    const std::string phase = ctx.form.get("phase");
    Outcome o = service.launch(web::actor_of(ctx), ctx.me(), id, phase);
    const std::string label = ctx.t("evaluation.phase_names." + phase);
    return web::finish_with(ctx, o, "evaluation.flash.launched", {{"phase", label}}, evaluation_url(id) + "#phases",
                            [&](const Outcome& failed, int status) {
                              return overview_page(ctx, service, id, nullptr, failed, "launch", status);
                            });
  });

  app.get("/cooperation/projets/{id:int}/evaluation/phases/{phase}", web::perm::authenticated,
          [&service](Context& ctx) {
            return phase_page(ctx, service, ctx.req.int_param("id"), ctx.req.params.at("phase"));
          });

  // The yearly report: /cooperation/projets/{id}/evaluation/rapport-2026.pdf (other names: 404).
  app.get("/cooperation/projets/{id:int}/evaluation/{report}", web::perm::authenticated, [&service](Context& ctx) {
    static const std::regex name("rapport-(20[0-9]{2})\\.pdf");
    std::smatch m;
    const std::string file = ctx.req.params.at("report");
    if (!std::regex_match(file, m, name)) return ctx.error(404);
    const long long id = ctx.req.int_param("id");
    const int year = std::stoi(m[1].str());
    Outcome refusal;
    auto pdf = service.report_pdf(ctx.me(), id, year, &refusal);
    if (!pdf) return ctx.refused(refusal);
    http::Response res;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "inline; filename=\"rapport-evaluation-" + std::to_string(id) + "-" +
                                              std::to_string(year) + ".pdf\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(*pdf);
    return res;
  });

  app.get("/cooperation/projets/{id:int}/evaluation/criteres/{criterion:int}", web::perm::authenticated,
          [&service](Context& ctx) {
            return criterion_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("criterion"), nullptr,
                                  Outcome::success(), "", 200);
          });

  app.post("/cooperation/projets/{id:int}/evaluation/criteres/{criterion:int}", web::perm::authenticated,
           [&service](Context& ctx) {
             const long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("criterion");
             CriterionInput in = input_of(ctx);
             Outcome o = service.update(web::actor_of(ctx), ctx.me(), project_id, id, in);
             return web::finish(ctx, o, "evaluation.flash.updated", criterion_url(project_id, id),
                                [&](const Outcome& failed, int status) {
                                  return criterion_page(ctx, service, project_id, id, &in, failed, "edit", status);
                                });
           });

  app.post("/cooperation/projets/{id:int}/evaluation/criteres/{criterion:int}/decision", web::perm::authenticated,
           [&service](Context& ctx) {
             const long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("criterion");
             const std::string verdict = ctx.form.get("verdict");
             Outcome o = service.decide(web::actor_of(ctx), ctx.me(), project_id, id,
                                        web::parse_id(ctx.form.get("decision")), verdict);
             return web::finish(
                 ctx, o, verdict == "rejected" ? "evaluation.flash.rejected" : "evaluation.flash.adopted",
                 criterion_url(project_id, id), [&](const Outcome& failed, int status) {
                   return criterion_page(ctx, service, project_id, id, nullptr, failed, "decide", status);
                 });
           });
}

}  // namespace trame::evaluation
