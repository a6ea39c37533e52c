#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "questionnaires/impact/service.hpp"
#include "questionnaires/results/svg.hpp"
#include "questionnaires/results/view.hpp"
#include "platform/web/app.hpp"

namespace trame::impact {

namespace {

using web::Context;
using web::Data;
using web::set_if;

constexpr long long kMinGroup = 5;  // the low-response guard of the results (results::kMinGroup)

// 'YYYY-MM-DD' → 'DD/MM/YYYY' (French pages); anything else as it is.
std::string day_label(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return d;
  return d.substr(8, 2) + "/" + d.substr(5, 2) + "/" + d.substr(0, 4);
}

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

// Organisations where the user holds a role.
std::vector<long long> orgs_with_role(const Context& ctx, const std::string& role) {
  std::vector<long long> out;
  for (const auto& m : ctx.me().memberships)
    if ((role.empty() || m.role == role) && std::find(out.begin(), out.end(), m.organisation_id) == out.end())
      out.push_back(m.organisation_id);
  return out;
}

ActingFor scope_of(const Context& ctx) {
  return ctx.me().acting_for(web::perm::questionnaires_manage);
}

bool manages(const Context& ctx, const Study& s) {
  return scope_of(ctx).covers(s.organisation_id);
}

// The relais of the study where the user is a referent.
std::vector<long long> referent_relais(const Context& ctx, Service& service, const Study& s) {
  std::vector<long long> out;
  auto mine = orgs_with_role(ctx, "referent");
  for (const auto& r : service.relais_of(s.id))
    if (std::find(mine.begin(), mine.end(), r.id) != mine.end()) out.push_back(r.id);
  return out;
}

// Members of the network or of one of the study's relais.
bool network_member(const Context& ctx, Service& service, const Study& s) {
  auto mine = orgs_with_role(ctx, "");
  if (std::find(mine.begin(), mine.end(), s.organisation_id) != mine.end()) return true;
  for (const auto& r : service.relais_of(s.id))
    if (std::find(mine.begin(), mine.end(), r.id) != mine.end()) return true;
  return false;
}

// Whether the user sees the study at all: its managers, the referents of its relais (once out of
// draft), the members of its network and relais once published. Outside: 404 on every route.
bool visible(const Context& ctx, Service& service, const Study& s) {
  if (manages(ctx, s)) return true;
  if (s.status != "draft" && !referent_relais(ctx, service, s).empty()) return true;
  return s.status == "published" && network_member(ctx, service, s);
}

http::Response render_page(Context& ctx, const std::string& view, Data data, const std::string& title,
                           int status = 200) {
  data.set("impact_css", ctx.app.asset_url("css/impact.css"));
  return ctx.render(view, data, title, status);
}

Data study_summary(const Context& ctx, const Study& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("url", "/questionnaires/etudes/" + std::to_string(s.id));
  d.set("title", s.title);
  d.set("organisation", s.organisation_name);
  d.set("starts_on", s.starts_on);
  d.set("ends_on", s.ends_on);
  d.set("period", ctx.t("impact.period_value", {{"from", day_label(s.starts_on)}, {"to", day_label(s.ends_on)}}));
  d.set("status", s.status);
  d.set("status_label", ctx.t("impact.statuses." + s.status));
  d.set("relais_count", std::to_string(s.relais_count));
  d.set("published", web::flag(s.status == "published"));
  d.set("restitution_url", "/questionnaires/etudes/" + std::to_string(s.id) + "/restitution");
  return d;
}

std::string value_label(const Context& ctx, const Figure& f, const std::string& v) {
  if (v == "__other__") return ctx.t("impact.figures.other");
  if (f.kind == "yesno") return ctx.t(v == "oui" ? "impact.figures.yes" : "impact.figures.no");
  return v;
}

// Key figures with the low-response guard: nothing broken down under kMinGroup responses.
Data figures_data(const Context& ctx, Service& service, const Study& s, long long responses) {
  Data list{Data::type::list};
  if (responses < kMinGroup) return list;
  int n = 0;
  for (const auto& f : service.figures(s)) {
    ++n;
    Data q{Data::type::object};
    std::string id = "impact-fig-" + std::to_string(f.question_id);
    q.set("id", id);
    q.set("label", f.label);
    q.set("answered", std::to_string(f.answered));
    if (f.has_mean) q.set("mean", fmt1(f.mean));
    Data rows{Data::type::list};
    // The results' one bar chart: labels wrap between words, never cut.
    std::vector<results::Bar> bars;
    for (const auto& [v, c] : f.counts) {
      Data r{Data::type::object};
      std::string label = value_label(ctx, f, v);
      r.set("label", label);
      r.set("count", std::to_string(c));
      double pct = f.answered ? 100.0 * static_cast<double>(c) / static_cast<double>(f.answered) : 0.0;
      r.set("percent", fmt1(pct));
      rows.push_back(r);
      bars.push_back(results::Bar{label, static_cast<double>(c), std::to_string(c) + " (" + fmt1(pct) + " %)"});
    }
    std::string svg = results::bar_chart(id + "-chart", ctx.t("impact.figures.chart_title", {{"label", f.label}}),
                                         ctx.t("results.chart.desc", {{"n", std::to_string(f.answered)}}), bars);
    q.set("svg", svg);
    q.set("rows", rows);
    list.push_back(q);
  }
  return list;
}

// ---- the creation form

struct FormState {
  StudyInput in;
  std::string q;                   // relais search
  const Study* editing = nullptr;  // the study changed (nullptr: a new one)
};

http::Response study_form(Context& ctx, Service& service, const FormState& f, const Outcome& failed, int status) {
  Data data{Data::type::object};
  const ActingFor scope = scope_of(ctx);
  Data networks{Data::type::list};
  std::vector<long long> network_ids;
  for (const auto& o : service.network_candidates()) {
    if (!scope.covers(o.id)) continue;
    network_ids.push_back(o.id);
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.label);
    d.set("selected", web::flag(o.id == f.in.organisation_id));
    networks.push_back(d);
  }
  for (long long m : scope.organisations)
    if (std::find(network_ids.begin(), network_ids.end(), m) == network_ids.end()) {
      for (const auto& o : service.organisations_by_id({m})) {
        Data d{Data::type::object};
        d.set("value", std::to_string(o.id));
        d.set("label", o.label);
        d.set("selected", web::flag(o.id == f.in.organisation_id));
        networks.push_back(d);
        network_ids.push_back(o.id);
      }
    }
  data.set("networks", networks);
  if (f.editing) {
    data.set("editing", web::flag(true));
    data.set("action", "/questionnaires/etudes/" + std::to_string(f.editing->id) + "/modifier");
    data.set("network_name", f.editing->organisation_name);
    data.set("study_url", "/questionnaires/etudes/" + std::to_string(f.editing->id));
    if (f.editing->status != "draft") {
      data.set("questionnaire_fixed", f.editing->questionnaire_title);
      data.set("questionnaire_id", std::to_string(f.editing->questionnaire_id));
    }
  } else {
    data.set("action", "/questionnaires/etudes");
  }
  data.set("title", f.in.title);
  data.set("description", f.in.description);
  data.set("starts_on", f.in.starts_on);
  data.set("ends_on", f.in.ends_on);
  Data questionnaires{Data::type::list};
  if (service.has_template()) {
    Data d{Data::type::object};
    d.set("value", "modele");
    d.set("label", ctx.t("impact.form.from_template"));
    d.set("selected", web::flag(f.in.questionnaire == "modele"));
    questionnaires.push_back(d);
  }
  for (const auto& q :
       service.impact_questionnaires(scope.all ? ActingFor::everywhere() : ActingFor::only(network_ids))) {
    Data d{Data::type::object};
    d.set("value", std::to_string(q.id));
    d.set("label", q.label + " — " + q.extra);
    d.set("selected", web::flag(std::to_string(q.id) == f.in.questionnaire));
    questionnaires.push_back(d);
  }
  data.set("questionnaires", questionnaires);
  data.set("no_questionnaire", web::flag(questionnaires.is_empty_list()));
  // Relais: those already chosen stay checked; the search adds candidates.
  Data relais{Data::type::list};
  std::vector<long long> shown;
  for (const auto& o : service.organisations_by_id(f.in.relais)) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.label);
    d.set("checked", web::flag(true));
    relais.push_back(d);
    shown.push_back(o.id);
  }
  auto candidates = service.relais_candidates(f.q);
  for (const auto& o : candidates) {
    if (std::find(shown.begin(), shown.end(), o.id) != shown.end()) continue;
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.extra.empty() ? o.label : o.label + " (" + o.extra + ")");
    d.set("checked", web::flag(false));
    relais.push_back(d);
  }
  data.set("relais", relais);
  data.set("no_relais", web::flag(relais.is_empty_list()));
  data.set("q", f.q);
  web::set_error(data, ctx, failed);
  return render_page(ctx, "questionnaires/impact/form", data,
                     ctx.t(f.editing ? "impact.more.edit_title" : "impact.form.title"), status);
}

FormState read_form(const Context& ctx) {
  FormState f;
  f.in.organisation_id = web::parse_id(ctx.form.get("organisation"));
  f.in.title = ctx.form.get("title");
  f.in.description = ctx.form.get("description");
  f.in.questionnaire = ctx.form.get("questionnaire");
  f.in.starts_on = ctx.form.get("starts_on");
  f.in.ends_on = ctx.form.get("ends_on");
  for (const auto& v : ctx.form.all("relais")) {
    long long id = web::parse_id(v);
    if (id && std::find(f.in.relais.begin(), f.in.relais.end(), id) == f.in.relais.end()) f.in.relais.push_back(id);
  }
  f.q = ctx.form.get("q");
  if (f.q.size() > 100) f.q.resize(100);
  return f;
}

// ---- the study page

http::Response study_page(Context& ctx, Service& service, const Study& s, const Outcome& failed, long long selected,
                          int status) {
  Data data = study_summary(ctx, s);
  bool manager = manages(ctx, s);
  auto mine = referent_relais(ctx, service, s);
  if (!s.description.empty()) data.set("description_html", docs::markdown_to_html(s.description));
  data.set("questionnaire", s.questionnaire_title);
  data.set("anonymous", web::flag(s.anonymous));
  Data relais{Data::type::list};
  for (const auto& r : service.relais_of(s.id)) {
    Data d{Data::type::object};
    d.set("name", r.label);
    relais.push_back(d);
  }
  data.set("relais", relais);
  data.set("manager", web::flag(manager));
  data.set("is_open", web::flag(s.status == "open"));
  long long responses = service.responses(s);
  if (manager) {
    data.set("questionnaire_url", "/questionnaires/" + std::to_string(s.questionnaire_id));
    data.set("can_open", web::flag(s.status == "draft" || s.status == "closed"));
    data.set("can_edit", web::flag(s.status == "draft" || s.status == "open"));
    data.set("can_close", web::flag(s.status == "open"));
    data.set("can_publish", web::flag(s.status == "open" || s.status == "closed"));
    Data progress{Data::type::list};
    long long started = 0, answered = 0;
    for (const auto& p : service.progress(s)) {
      Data d{Data::type::object};
      d.set("name", p.name);
      d.set("started", std::to_string(p.started));
      d.set("answered", std::to_string(p.answered));
      started += p.started;
      answered += p.answered;
      progress.push_back(d);
    }
    data.set("progress", progress);
    data.set("started_total", std::to_string(started));
    data.set("answered_total", std::to_string(answered));
    data.set("responses", std::to_string(responses));
    data.set("guarded", web::flag(responses < kMinGroup));
    data.set("min_group", std::to_string(kMinGroup));
    // The results module's report: charts with data tables, the guard of 5, per relais by default.
    std::string cross_by = "organisation";
    if (auto c = ctx.req.query_param("croiser")) cross_by = c->size() <= 40 ? *c : "";
    auto report = service.report(s, cross_by);
    results::ViewOptions options;
    options.page_url = "/questionnaires/etudes/" + std::to_string(s.id);
    options.heading_level = 3;
    if (s.campaign_id) {
      options.texts_url = "/questionnaires/" + std::to_string(s.questionnaire_id) + "/resultats/textes/";
      options.texts_query = "envoi=" + std::to_string(s.campaign_id) + "&";
    }
    data.set("report_html", results::render_report(ctx, report, options));
    data.set("results_css", ctx.app.asset_url("css/results.css"));
    if (s.campaign_id)
      data.set("results_url", "/questionnaires/" + std::to_string(s.questionnaire_id) +
                                  "/resultats?envoi=" + std::to_string(s.campaign_id));
    data.set("restitution", s.restitution);
  }
  if (!mine.empty()) {
    data.set("referent", web::flag(true));
    std::string today = local_day(store::now_seconds());
    bool in_period = s.status == "open" && today >= s.starts_on && today <= s.ends_on;
    data.set("can_answer", web::flag(in_period));
    if (!in_period)
      data.set("closed_message", ctx.t(s.status != "open" ? "impact.answer.not_open"
                                                          : (today < s.starts_on ? "impact.answer.not_started"
                                                                                 : "impact.answer.period_over")));
    Data people{Data::type::list};
    for (const auto& b : service.beneficiaries_for(mine, s.campaign_id)) {
      Data d{Data::type::object};
      d.set("value", std::to_string(b.id));
      std::string label = b.code + " — " + ctx.t("impact.answer.age", {{"band", b.age_band}});
      if (mine.size() > 1) label += " — " + b.relais;
      if (b.answered) label += " — " + ctx.t("impact.answer.done");
      else if (b.invitation_id) label += " — " + ctx.t("impact.answer.in_progress");
      d.set("label", label);
      d.set("disabled", web::flag(b.answered));
      d.set("selected", web::flag(b.id == selected));
      people.push_back(d);
    }
    data.set("people", people);
    data.set("no_people", web::flag(people.is_empty_list()));
  }
  web::set_error(data, ctx, failed);
  return render_page(ctx, "questionnaires/impact/study", data, s.title, status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/questionnaires/etudes", web::perm::authenticated, [&service](Context& ctx) {
    const long long per_page = 20;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    auto studies =
        service.list(scope_of(ctx), orgs_with_role(ctx, "referent"), orgs_with_role(ctx, ""), page, per_page, total);
    Data rows{Data::type::list};
    for (const auto& s : studies) {
      Data d = study_summary(ctx, s);
      bool manager = manages(ctx, s);
      d.set("open_link", web::flag(manager || s.status == "open"));
      rows.push_back(d);
    }
    Data data{Data::type::object};
    data.set("studies", rows);
    data.set("empty", web::flag(total == 0));
    data.set("total", std::to_string(total));
    data.set("can_create", web::flag(ctx.me().can(web::perm::questionnaires_manage)));
    data.set("pager", web::pagination(ctx, page, per_page, total, "/questionnaires/etudes?"));
    return render_page(ctx, "questionnaires/impact/list", data, ctx.t("impact.list.title"));
  });

  app.get("/questionnaires/etudes/nouvelle", web::perm::questionnaires_manage, [&service](Context& ctx) {
    FormState f;
    auto managed = scope_of(ctx);
    if (!managed.organisations.empty()) f.in.organisation_id = managed.organisations.front();
    f.in.questionnaire = service.has_template() ? "modele" : "";
    f.in.title = ctx.t("impact.form.default_title");
    if (auto q = ctx.req.query_param("q")) f.q = q->substr(0, 100);
    return study_form(ctx, service, f, Outcome{}, 200);
  });

  app.post("/questionnaires/etudes", web::perm::questionnaires_manage, [&service](Context& ctx) {
    FormState f = read_form(ctx);
    if (ctx.form.has("search")) return study_form(ctx, service, f, Outcome{}, 200);
    if (f.in.questionnaire != "modele" && !f.in.questionnaire.empty()) {
      auto q = service.questionnaire(web::parse_id(f.in.questionnaire));
      if (q && q->organisation_id && !scope_of(ctx).covers(q->organisation_id)) return ctx.error(403);
    }
    auto outcome = service.create(web::actor_of(ctx), scope_of(ctx), f.in);
    return web::finish(ctx, outcome, "impact.created", "/questionnaires/etudes/" + std::to_string(outcome.id),
                       [&](const Outcome& failed, int status) { return study_form(ctx, service, f, failed, status); });
  });

  app.get("/questionnaires/etudes/{id:int}/modifier", web::perm::questionnaires_manage, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s || !manages(ctx, *s)) return ctx.error(404);
    if (s->status != "draft" && s->status != "open")
      return study_page(ctx, service, *s, Outcome::failure("impact.more.not_editable"), 0, 422);
    FormState f;
    f.editing = &*s;
    f.in.organisation_id = s->organisation_id;
    f.in.title = s->title;
    f.in.description = s->description;
    f.in.questionnaire = std::to_string(s->questionnaire_id);
    f.in.starts_on = s->starts_on;
    f.in.ends_on = s->ends_on;
    for (const auto& r : service.relais_of(s->id)) f.in.relais.push_back(r.id);
    return study_form(ctx, service, f, Outcome{}, 200);
  });

  app.post("/questionnaires/etudes/{id:int}/modifier", web::perm::questionnaires_manage, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s || !manages(ctx, *s)) return ctx.error(404);
    FormState f = read_form(ctx);
    f.editing = &*s;
    f.in.organisation_id = s->organisation_id;
    if (s->status != "draft") f.in.questionnaire = std::to_string(s->questionnaire_id);
    if (ctx.form.has("search")) return study_form(ctx, service, f, Outcome{}, 200);
    if (f.in.questionnaire != "modele" && !f.in.questionnaire.empty()) {
      auto q = service.questionnaire(web::parse_id(f.in.questionnaire));
      if (q && q->organisation_id && !scope_of(ctx).covers(q->organisation_id)) return ctx.error(403);
    }
    auto outcome = service.update(web::actor_of(ctx), scope_of(ctx), s->id, f.in);
    return web::finish(ctx, outcome, "impact.more.updated", "/questionnaires/etudes/" + std::to_string(s->id),
                       [&](const Outcome& failed, int status) {
                         if (failed.field.empty()) return study_page(ctx, service, *s, failed, 0, status);
                         return study_form(ctx, service, f, failed, status);
                       });
  });

  app.get("/questionnaires/etudes/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    if (!manages(ctx, *s)) {
      bool referent = !referent_relais(ctx, service, *s).empty();
      if (s->status == "published" && network_member(ctx, service, *s) && (!referent))
        return ctx.redirect("/questionnaires/etudes/" + std::to_string(s->id) + "/restitution");
      if (!referent || s->status == "draft") return ctx.error(404);  // outside what the user may see
    }
    return study_page(ctx, service, *s, Outcome{}, 0, 200);
  });

  auto status_action = [&service](const char* name,
                                  Outcome (Service::*action)(const Actor&, const ActingFor&, long long),
                                  const char* done_key) {
    return [&service, name, action, done_key](Context& ctx) {
      (void)name;
      auto s = service.find(ctx.req.int_param("id"));
      if (!s || !manages(ctx, *s)) return ctx.error(404);
      auto outcome = (service.*action)(web::actor_of(ctx), scope_of(ctx), s->id);
      return web::finish(
          ctx, outcome, done_key, "/questionnaires/etudes/" + std::to_string(s->id),
          [&](const Outcome& failed, int status) { return study_page(ctx, service, *s, failed, 0, status); });
    };
  };
  app.post("/questionnaires/etudes/{id:int}/ouvrir", web::perm::questionnaires_manage,
           status_action("open", &Service::open, "impact.opened"));
  app.post("/questionnaires/etudes/{id:int}/cloturer", web::perm::questionnaires_manage,
           status_action("close", &Service::close, "impact.closed"));
  app.post("/questionnaires/etudes/{id:int}/publier", web::perm::questionnaires_manage,
           status_action("publish", &Service::publish, "impact.published"));

  app.post("/questionnaires/etudes/{id:int}/restitution", web::perm::questionnaires_manage, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s || !manages(ctx, *s)) return ctx.error(404);
    std::string text = ctx.form.get("restitution");
    auto outcome = service.save_restitution(web::actor_of(ctx), scope_of(ctx), s->id, text);
    return web::finish(ctx, outcome, "impact.restitution_saved",
                       "/questionnaires/etudes/" + std::to_string(s->id) + "#restitution-title",
                       [&](const Outcome& failed, int status) {
                         Study kept = *s;
                         kept.restitution = text;
                         return study_page(ctx, service, kept, failed, 0, status);
                       });
  });

  app.get("/questionnaires/etudes/{id:int}/restitution", web::perm::authenticated, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    bool manager = manages(ctx, *s);
    if (!manager && (s->status != "published" || !network_member(ctx, service, *s)))
      return ctx.error(visible(ctx, service, *s) ? 403 : 404);
    Data data = study_summary(ctx, *s);
    if (!s->restitution.empty()) data.set("restitution_html", docs::markdown_to_html(s->restitution));
    if (s->published_at) data.set("published_at", web::format_datetime(s->published_at, ctx.locale));
    data.set("preview", web::flag(s->status != "published"));
    long long responses = service.responses(*s);
    data.set("responses", std::to_string(responses));
    data.set("guarded", web::flag(responses < kMinGroup));
    data.set("min_group", std::to_string(kMinGroup));
    Data figures = figures_data(ctx, service, *s, responses);
    data.set("results_css", ctx.app.asset_url("css/results.css"));
    data.set("figures", figures);
    data.set("has_figures", web::flag(!figures.is_empty_list()));
    data.set("manager", web::flag(manager));
    return render_page(ctx, "questionnaires/impact/restitution", data,
                       ctx.t("impact.restitution.title", {{"title", s->title}}));
  });

  app.post("/questionnaires/etudes/{id:int}/repondre", web::perm::authenticated, [&service](Context& ctx) {
    auto s = service.find(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto mine = referent_relais(ctx, service, *s);
    if (mine.empty()) return ctx.error(visible(ctx, service, *s) ? 403 : 404);
    long long beneficiary = web::parse_id(ctx.form.get("beneficiary"));
    auto started = service.start_answer(web::actor_of(ctx), mine, s->id, beneficiary);
    if (started.outcome.denied()) return ctx.refused(started.outcome);
    if (!started.outcome.ok)
      return study_page(ctx, service, *s, started.outcome, beneficiary, web::status_of(started.outcome));
    return ctx.redirect("/questionnaires/repondre/" + started.token);
  });
}

}  // namespace trame::impact
