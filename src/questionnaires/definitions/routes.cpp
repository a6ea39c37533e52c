#include <algorithm>
#include <cstdio>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/docs/markdown.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/service.hpp"
#include "platform/web/app.hpp"

namespace trame::definitions {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 20;

std::string q_url(long long id) {
  return "/questionnaires/" + std::to_string(id);
}

ActingFor scope_of(const Context& ctx) {
  return ctx.me().acting_for(web::perm::questionnaires_manage);
}

// The service's answer for the path's questionnaire (not found outside the scope, forbidden to write a
// template of the library), as a page; nullopt when allowed.
std::optional<http::Response> refuse(Context& ctx, Service& service, long long questionnaire_id, bool write) {
  Outcome o = service.access(scope_of(ctx), questionnaire_id, write);
  if (!o.ok) return ctx.refused(o);
  return std::nullopt;
}

// Whether the editor (rather than the preview) is shown: a template only to platform-wide managers.
bool writable(const Context& ctx, long long organisation_id) {
  ActingFor scope = scope_of(ctx);
  return organisation_id == 0 ? scope.all : scope.covers(organisation_id);
}

std::string number_text(const std::optional<double>& v) {
  if (!v) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", *v);
  return buf;
}

Data lines_data(const std::vector<std::string>& lines) {
  Data list{Data::type::list};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Data d{Data::type::object};
    d.set("text", lines[i]);
    d.set("index", std::to_string(i));
    list.push_back(d);
  }
  return list;
}

const Question* find_question(const Definition& d, long long id) {
  for (const auto& l : d.questions)
    for (const auto& q : l)
      if (q.id == id) return &q;
  return nullptr;
}

std::string condition_text(const Context& ctx, const Definition& d, const Question& q) {
  if (!q.show_if_question) return {};
  const Question* t = find_question(d, q.show_if_question);
  return ctx.t("questionnaires.condition_text", {{"label", t ? t->label : "?"}, {"value", q.show_if_value}});
}

// A question as the preview shows it (disabled inputs of its kind).
Data preview_question(const Context& ctx, const Definition& d, const Question& q) {
  Data x{Data::type::object};
  x.set("qid", std::to_string(q.id));
  x.set("label", q.label);
  set_if(x, "help", q.help);
  x.set("required", web::flag(q.required));
  x.set("kind_label", ctx.t("questionnaires.question_kinds." + q.kind));
  x.set("is_" + q.kind, web::flag(true));
  x.set("choices", lines_data(q.options));
  x.set("allow_other", web::flag(q.allow_other));
  x.set("matrix_items", lines_data(q.items));
  set_if(x, "low_label", q.low_label);
  set_if(x, "high_label", q.high_label);
  set_if(x, "min_value", number_text(q.min_value));
  set_if(x, "max_value", number_text(q.max_value));
  set_if(x, "condition", condition_text(ctx, d, q));
  set_if(x, "objective", q.objective);
  Data points{Data::type::list};
  int from = q.kind == "nps" ? 0 : 1, to = q.kind == "nps" ? 10 : 5;
  for (int i = from; i <= to; ++i) {
    Data p{Data::type::object};
    p.set("value", std::to_string(i));
    points.push_back(p);
  }
  x.set("points", points);
  return x;
}

http::Response preview(Context& ctx, const Definition& d, bool can_edit) {
  Data data{Data::type::object};
  const auto& q = d.questionnaire;
  data.set("title", q.title);
  data.set("id", std::to_string(q.id));
  if (!q.description.empty()) data.set("description_html", docs::markdown_to_html(q.description));
  data.set("kind_label", ctx.t("questionnaires.kinds." + q.kind));
  data.set("anonymity", ctx.t(q.anonymous ? "questionnaires.anonymous" : "questionnaires.named"));
  data.set("version", std::to_string(q.version));
  data.set("is_template", web::flag(q.organisation_id == 0));
  if (can_edit) data.set("edit_url", q_url(q.id));
  if (q.organisation_id == 0) data.set("use_url", "/questionnaires?modele=" + std::to_string(q.id) + "#nouveau");
  Data sections{Data::type::list};
  for (std::size_t i = 0; i < d.sections.size(); ++i) {
    Data s{Data::type::object};
    s.set("section_title", d.sections[i].title);
    s.set("section_number", ctx.t("questionnaires.section_of",
                                  {{"n", std::to_string(i + 1)}, {"total", std::to_string(d.sections.size())}}));
    if (!d.sections[i].description.empty())
      s.set("section_description_html", docs::markdown_to_html(d.sections[i].description));
    Data qs{Data::type::list};
    for (const auto& x : d.questions[i])
      if (!x.archived) qs.push_back(preview_question(ctx, d, x));
    s.set("questions", qs);
    sections.push_back(s);
  }
  data.set("sections", sections);
  data.set("css", ctx.app.asset_url("css/questionnaires.css"));
  return ctx.render("questionnaires/definitions/preview", data,
                    ctx.t("questionnaires.preview.title", {{"title", q.title}}));
}

// ---------------------------------------------------------------- index

struct NewForm {
  NewInput in;
  std::string anonymous = "1";
};

http::Response index(Context& ctx, Service& service, const NewForm& form, const Outcome& failed, int status) {
  ActingFor scope = scope_of(ctx);
  std::string kind = ctx.req.query_param("type").value_or("");
  std::string st = ctx.req.query_param("statut").value_or("");
  if (!kind.empty() &&
      std::find(questionnaire_kinds().begin(), questionnaire_kinds().end(), kind) == questionnaire_kinds().end())
    kind.clear();
  if (st != "draft" && st != "published" && st != "archived") st.clear();
  long long page = web::page_param(ctx.req), total = 0;
  Data data{Data::type::object};
  Data rows{Data::type::list};
  for (const auto& l : service.list(scope, kind, st, page, kPerPage, total)) {
    Data r{Data::type::object};
    r.set("url", q_url(l.q.id));
    r.set("row_title", l.q.title);
    r.set("organisation", l.organisation);
    r.set("kind_label", ctx.t("questionnaires.kinds." + l.q.kind));
    r.set("status_label", ctx.t("questionnaires.statuses." + l.q.status));
    r.set("anonymity", ctx.t(l.q.anonymous ? "questionnaires.anonymous" : "questionnaires.named"));
    r.set("questions", std::to_string(l.questions));
    r.set("version", std::to_string(l.q.version));
    r.set("answered", web::flag(l.answered));
    rows.push_back(r);
  }
  data.set("rows", rows);
  data.set("no_rows", web::flag(total == 0));
  std::string base = "/questionnaires?";
  if (!kind.empty()) base += "type=" + web::url_encode(kind) + "&";
  if (!st.empty()) base += "statut=" + web::url_encode(st) + "&";
  data.set("pager", web::pagination(ctx, page, kPerPage, total, base));
  Data kinds_filter = web::options(ctx, questionnaire_kinds(), "questionnaires.kinds.", kind);
  data.set("kind_filter", kinds_filter);
  data.set("status_filter", web::options(ctx, {"draft", "published", "archived"}, "questionnaires.statuses.", st));
  // The library.
  long long chosen = form.in.source_id;
  if (!chosen) chosen = web::parse_id(ctx.req.query_param("modele").value_or(""));
  Data lib{Data::type::list}, sources{Data::type::list};
  for (const auto& l : service.library()) {
    Data r{Data::type::object};
    r.set("lib_title", l.q.title);
    r.set("lib_kind", ctx.t("questionnaires.kinds." + l.q.kind));
    r.set("lib_key", l.q.template_key);
    set_if(r, "lib_description", l.q.description);
    r.set("lib_questions", std::to_string(l.questions));
    r.set("lib_anonymity", ctx.t(l.q.anonymous ? "questionnaires.anonymous" : "questionnaires.named"));
    r.set("preview_url", q_url(l.q.id) + "/apercu");
    r.set("use_url", "/questionnaires?modele=" + std::to_string(l.q.id) + "#nouveau");
    lib.push_back(r);
    Data o{Data::type::object};
    o.set("value", std::to_string(l.q.id));
    o.set("label", l.q.title);
    o.set("selected", web::flag(l.q.id == chosen));
    sources.push_back(o);
  }
  data.set("library", lib);
  data.set("sources", sources);
  Data orgs{Data::type::list};
  for (const auto& c : service.organisations(scope)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.label);
    o.set("selected", web::flag(c.id == form.in.organisation_id));
    orgs.push_back(o);
  }
  data.set("organisations", orgs);
  Data progs{Data::type::list};
  for (const auto& c : service.programmes(scope)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.label);
    o.set("selected", web::flag(c.id == form.in.programme_id));
    progs.push_back(o);
  }
  data.set("programmes", progs);
  data.set("new_title", form.in.title);
  data.set("new_kinds", web::options(ctx, questionnaire_kinds(), "questionnaires.kinds.",
                                     form.in.kind.empty() ? "other" : form.in.kind));
  data.set("new_anonymous", web::flag(form.anonymous != "0"));
  web::set_error(data, ctx, failed);
  data.set("css", ctx.app.asset_url("css/questionnaires.css"));
  return ctx.render("questionnaires/definitions/index", data, ctx.t("questionnaires.index.title"), status);
}

// ---------------------------------------------------------------- editor

struct EditorState {
  bool has_meta = false;
  QuestionnaireInput meta;
  std::string section_title, section_description;  // the new section's form
  Outcome failed;                                  // the form's error (ok: none)
  long long error_section = 0;                     // the section whose form failed
};

http::Response editor(Context& ctx, Service& service, const Definition& d, const EditorState& st, int status) {
  const auto& q = d.questionnaire;
  bool answered = service.has_answers(q.id);
  auto answered_ids = service.answered_questions(q.id);
  std::set<long long> answered_set(answered_ids.begin(), answered_ids.end());
  QuestionnaireInput meta =
      st.has_meta ? st.meta : QuestionnaireInput{q.title, q.description, q.kind, q.status, q.anonymous};
  Data data{Data::type::object};
  data.set("id", std::to_string(q.id));
  data.set("action", q_url(q.id));
  data.set("preview_url", q_url(q.id) + "/apercu");
  data.set("q_title", meta.title);
  data.set("q_description", meta.description);
  data.set("kinds", web::options(ctx, questionnaire_kinds(), "questionnaires.kinds.", meta.kind));
  data.set("statuses", web::options(ctx, {"draft", "published", "archived"}, "questionnaires.statuses.", meta.status));
  data.set("anonymous", web::flag(meta.anonymous));
  data.set("anonymity_locked", web::flag(answered));
  data.set("answered", web::flag(answered));
  data.set("version", std::to_string(q.version));
  data.set("is_template", web::flag(q.organisation_id == 0));
  Data sections{Data::type::list};
  Data archived{Data::type::list};
  bool any_archived = false;
  for (std::size_t i = 0; i < d.sections.size(); ++i) {
    const auto& s = d.sections[i];
    Data sd{Data::type::object};
    sd.set("section_id", std::to_string(s.id));
    sd.set("section_number", std::to_string(i + 1));
    bool failed = st.error_section == s.id;
    sd.set("section_title", failed ? st.section_title : s.title);
    sd.set("section_failed", web::flag(failed));
    sd.set("section_description", failed ? st.section_description : s.description);
    sd.set("first_section", web::flag(i == 0));
    sd.set("last_section", web::flag(i + 1 == d.sections.size()));
    sd.set("section_empty", web::flag(d.questions[i].empty()));
    sd.set("add_question_url", q_url(q.id) + "/questions/nouvelle?section=" + std::to_string(s.id));
    Data qs{Data::type::list};
    std::vector<const Question*> live;
    for (const auto& x : d.questions[i]) {
      if (x.archived) {
        Data a{Data::type::object};
        a.set("a_label", x.label);
        a.set("a_kind", ctx.t("questionnaires.question_kinds." + x.kind));
        archived.push_back(a);
        any_archived = true;
      } else {
        live.push_back(&x);
      }
    }
    for (std::size_t k = 0; k < live.size(); ++k) {
      const auto& x = *live[k];
      Data qd{Data::type::object};
      qd.set("qid", std::to_string(x.id));
      qd.set("label", x.label);
      qd.set("kind_label", ctx.t("questionnaires.question_kinds." + x.kind));
      qd.set("required", web::flag(x.required));
      set_if(qd, "condition", condition_text(ctx, d, x));
      set_if(qd, "objective", x.objective);
      qd.set("has_answers", web::flag(answered_set.count(x.id) > 0));
      qd.set("first_question", web::flag(k == 0));
      qd.set("last_question", web::flag(k + 1 == live.size()));
      qd.set("edit_url", "/questionnaires/questions/" + std::to_string(x.id));
      qs.push_back(qd);
    }
    sd.set("questions", qs);
    sections.push_back(sd);
  }
  data.set("sections", sections);
  data.set("archived", archived);
  data.set("has_archived", web::flag(any_archived));
  data.set("new_section_title", st.error_section == 0 ? st.section_title : std::string());
  data.set("new_section_description", st.error_section == 0 ? st.section_description : std::string());
  Data versions{Data::type::list};
  auto history = service.versions(q.id);
  for (const auto& v : history) {
    Data vd{Data::type::object};
    vd.set("v_number", std::to_string(v.version));
    vd.set("v_summary", v.summary);
    vd.set("v_who", v.who.empty() ? ctx.t("questionnaires.versions.system") : v.who);
    vd.set("v_when", web::format_datetime(v.changed_at, ctx.locale));
    versions.push_back(vd);
  }
  data.set("versions", versions);
  data.set("has_versions", web::flag(!history.empty()));
  web::set_error(data, ctx, st.failed);
  data.set("css", ctx.app.asset_url("css/questionnaires.css"));
  return ctx.render("questionnaires/definitions/editor", data,
                    ctx.t("questionnaires.editor.title", {{"title", q.title}}), status);
}

EditorState failed_state(const Outcome& o) {
  EditorState st;
  st.failed = o;
  st.failed.field.clear();
  return st;
}

http::Response editor_for(Context& ctx, Service& service, long long id, const EditorState& st, int status) {
  auto d = service.definition(id, true);
  if (!d) return ctx.error(404);
  return editor(ctx, service, *d, st, status);
}

// ---------------------------------------------------------------- question form

QuestionInput question_input(const http::Form& f) {
  QuestionInput in;
  in.section_id = web::parse_id(f.get("section_id"));
  in.kind = f.get("kind");
  in.label = f.get("label");
  in.help = f.get("help");
  in.required = f.get("required") == "1";
  in.options = f.get("options");
  in.allow_other = f.get("allow_other") == "1";
  in.items = f.get("items");
  in.low_label = f.get("low_label");
  in.high_label = f.get("high_label");
  in.min_value = f.get("min_value");
  in.max_value = f.get("max_value");
  in.show_if_question = web::parse_id(f.get("show_if_question"));
  in.show_if_value = f.get("show_if_value");
  in.objective = f.get("objective");
  in.quotable = f.get("quotable") == "1";
  return in;
}

QuestionInput input_of(const Question& q) {
  QuestionInput in;
  in.section_id = q.section_id;
  in.kind = q.kind;
  in.label = q.label;
  in.help = q.help;
  in.required = q.required;
  in.options = join_lines(q.options);
  in.allow_other = q.allow_other;
  in.items = join_lines(q.items);
  in.low_label = q.low_label;
  in.high_label = q.high_label;
  in.min_value = number_text(q.min_value);
  in.max_value = number_text(q.max_value);
  in.show_if_question = q.show_if_question;
  in.show_if_value = q.show_if_value;
  in.objective = q.objective;
  in.quotable = q.quotable;
  return in;
}

http::Response question_form(Context& ctx, Service& service, const Definition& d, long long question_id,
                             const QuestionInput& in, const Outcome& failed, int status) {
  const auto& q = d.questionnaire;
  Data data{Data::type::object};
  data.set("editing", web::flag(question_id != 0));
  data.set("action",
           question_id ? "/questionnaires/questions/" + std::to_string(question_id) : q_url(q.id) + "/questions");
  data.set("back_url", q_url(q.id));
  data.set("questionnaire_title", q.title);
  Data sections{Data::type::list};
  for (const auto& s : d.sections) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s.id));
    o.set("label", s.title);
    o.set("selected", web::flag(s.id == in.section_id));
    sections.push_back(o);
  }
  data.set("sections", sections);
  data.set("kinds",
           web::options(ctx, question_kinds(), "questionnaires.question_kinds.", in.kind.empty() ? "single" : in.kind));
  data.set("label", in.label);
  data.set("help", in.help);
  data.set("required", web::flag(in.required));
  data.set("options", in.options);
  data.set("allow_other", web::flag(in.allow_other));
  data.set("quotable", web::flag(in.quotable));
  data.set("items", in.items);
  data.set("low_label", in.low_label);
  data.set("high_label", in.high_label);
  data.set("min_value", in.min_value);
  data.set("max_value", in.max_value);
  data.set("show_if_value", in.show_if_value);
  data.set("objective", in.objective);
  // Conditions: the live closed questions placed before this one (every closed one for a new question).
  Data targets{Data::type::list};
  bool before = true;
  for (const auto& l : d.questions)
    for (const auto& x : l) {
      if (x.id == question_id && question_id) before = false;
      if (!before || x.archived || !is_closed_kind(x.kind)) continue;
      Data o{Data::type::object};
      o.set("value", std::to_string(x.id));
      o.set("label", x.label);
      o.set("selected", web::flag(x.id == in.show_if_question));
      targets.push_back(o);
    }
  data.set("targets", targets);
  if (question_id) {
    auto answered = service.answered_questions(q.id);
    data.set("kind_locked", web::flag(std::find(answered.begin(), answered.end(), question_id) != answered.end()));
  }
  data.set("answered", web::flag(service.has_answers(q.id)));
  web::set_error(data, ctx, failed);
  data.set("css", ctx.app.asset_url("css/questionnaires.css"));
  return ctx.render(
      "questionnaires/definitions/question_form", data,
      ctx.t(question_id ? "questionnaires.question_form.edit_title" : "questionnaires.question_form.new_title"),
      status);
}

// The question form again after a refused save, with the questionnaire as it is now.
http::Response question_form_for(Context& ctx, Service& service, long long questionnaire_id, long long question_id,
                                 const QuestionInput& in, const Outcome& failed, int status) {
  auto d = service.definition(questionnaire_id, true);
  if (!d) return ctx.error(404);
  return question_form(ctx, service, *d, question_id, in, failed, status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const auto perm = web::perm::questionnaires_manage;

  app.get("/questionnaires", perm, [&service](Context& ctx) { return index(ctx, service, NewForm{}, Outcome{}, 200); });

  app.post("/questionnaires", perm, [&service](Context& ctx) {
    NewForm form;
    form.in.organisation_id = web::parse_id(ctx.form.get("organisation"));
    form.in.source_id = web::parse_id(ctx.form.get("source"));
    form.in.programme_id = web::parse_id(ctx.form.get("programme"));
    form.in.title = ctx.form.get("title");
    form.in.kind = ctx.form.get("kind");
    form.anonymous = ctx.form.get("anonymous");
    form.in.anonymous = form.anonymous != "0";
    auto outcome = service.create(web::actor_of(ctx), scope_of(ctx), form.in);
    return web::finish(ctx, outcome, "questionnaires.index.created", q_url(outcome.id),
                       [&](const Outcome& failed, int status) { return index(ctx, service, form, failed, status); });
  });

  app.get("/questionnaires/{id:int}", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, false)) return *refused;
    auto d = service.definition(id, true);
    if (!d) return ctx.error(404);
    if (!writable(ctx, d->questionnaire.organisation_id)) return preview(ctx, *d, false);
    return editor(ctx, service, *d, EditorState{}, 200);
  });

  app.post("/questionnaires/{id:int}", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    EditorState st;
    st.has_meta = true;
    st.meta.title = ctx.form.get("title");
    st.meta.description = ctx.form.get("description");
    st.meta.kind = ctx.form.get("kind");
    st.meta.status = ctx.form.get("status");
    st.meta.anonymous = ctx.form.get("anonymous") != "0";
    auto outcome = service.save(web::actor_of(ctx), scope_of(ctx), id, st.meta);
    return web::finish(ctx, outcome, "questionnaires.editor.saved", q_url(id), [&](const Outcome& failed, int status) {
      st.failed = failed;
      return editor_for(ctx, service, id, st, status);
    });
  });

  app.get("/questionnaires/{id:int}/apercu", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, false)) return *refused;
    auto d = service.definition(id, false);
    if (!d) return ctx.error(404);
    return preview(ctx, *d, writable(ctx, d->questionnaire.organisation_id));
  });

  app.post("/questionnaires/{id:int}/sections", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    EditorState st;
    st.section_title = ctx.form.get("section_title");
    st.section_description = ctx.form.get("section_description");
    auto outcome = service.add_section(web::actor_of(ctx), scope_of(ctx), id, st.section_title, st.section_description);
    return web::finish(ctx, outcome, "questionnaires.editor.section_added",
                       q_url(id) + "#section-" + std::to_string(outcome.id), [&](const Outcome& failed, int status) {
                         st.failed = failed;
                         return editor_for(ctx, service, id, st, status);
                       });
  });

  app.post("/questionnaires/sections/{id:int}", perm, [&service](Context& ctx) {
    long long sid = ctx.req.int_param("id");
    long long qid = service.questionnaire_of_section(sid);
    if (auto refused = refuse(ctx, service, qid, true)) return *refused;
    EditorState st;
    st.error_section = sid;
    st.section_title = ctx.form.get("section_title");
    st.section_description = ctx.form.get("section_description");
    auto outcome =
        service.save_section(web::actor_of(ctx), scope_of(ctx), sid, st.section_title, st.section_description);
    return web::finish(ctx, outcome, "questionnaires.editor.section_saved",
                       q_url(qid) + "#section-" + std::to_string(sid), [&](const Outcome& failed, int status) {
                         st.failed = failed;
                         st.failed.field = "section-" + std::to_string(sid);
                         return editor_for(ctx, service, qid, st, status);
                       });
  });

  app.post("/questionnaires/sections/{id:int}/deplacer", perm, [&service](Context& ctx) {
    long long sid = ctx.req.int_param("id");
    long long qid = service.questionnaire_of_section(sid);
    if (auto refused = refuse(ctx, service, qid, true)) return *refused;
    std::string direction = ctx.form.get("direction");
    if (direction != "up" && direction != "down")
      return editor_for(ctx, service, qid, failed_state(Outcome::failure("questionnaires.errors.direction")), 422);
    auto outcome = service.move_section(web::actor_of(ctx), scope_of(ctx), sid, direction == "up");
    return web::finish(
        ctx, outcome, "", q_url(qid) + "#section-" + std::to_string(sid),
        [&](const Outcome& failed, int status) { return editor_for(ctx, service, qid, failed_state(failed), status); });
  });

  app.post("/questionnaires/sections/{id:int}/supprimer", perm, [&service](Context& ctx) {
    long long sid = ctx.req.int_param("id");
    long long qid = service.questionnaire_of_section(sid);
    if (auto refused = refuse(ctx, service, qid, true)) return *refused;
    auto outcome = service.remove_section(web::actor_of(ctx), scope_of(ctx), sid);
    return web::finish(
        ctx, outcome, "questionnaires.editor.section_removed", q_url(qid),
        [&](const Outcome& failed, int status) { return editor_for(ctx, service, qid, failed_state(failed), status); });
  });

  app.get("/questionnaires/{id:int}/questions/nouvelle", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    auto d = service.definition(id, true);
    if (!d) return ctx.error(404);
    QuestionInput in;
    in.section_id = web::parse_id(ctx.req.query_param("section").value_or(""));
    if (!in.section_id && !d->sections.empty()) in.section_id = d->sections.back().id;
    in.kind = ctx.req.query_param("type").value_or("single");
    return question_form(ctx, service, *d, 0, in, Outcome{}, 200);
  });

  app.post("/questionnaires/{id:int}/questions", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    QuestionInput in = question_input(ctx.form);
    auto outcome = service.add_question(web::actor_of(ctx), scope_of(ctx), id, in);
    return web::finish(
        ctx, outcome, "questionnaires.question_form.added", q_url(id) + "#question-" + std::to_string(outcome.id),
        [&](const Outcome& failed, int status) { return question_form_for(ctx, service, id, 0, in, failed, status); });
  });

  app.get("/questionnaires/questions/{id:int}", perm, [&service](Context& ctx) {
    long long qid = ctx.req.int_param("id");
    long long id = service.questionnaire_of_question(qid);
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    auto d = service.definition(id, true);
    if (!d) return ctx.error(404);
    const Question* q = find_question(*d, qid);
    if (!q || q->archived) return ctx.error(404);
    return question_form(ctx, service, *d, qid, input_of(*q), Outcome{}, 200);
  });

  app.post("/questionnaires/questions/{id:int}", perm, [&service](Context& ctx) {
    long long qid = ctx.req.int_param("id");
    long long id = service.questionnaire_of_question(qid);
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    QuestionInput in = question_input(ctx.form);
    auto outcome = service.save_question(web::actor_of(ctx), scope_of(ctx), qid, in);
    return web::finish(ctx, outcome, "questionnaires.question_form.saved",
                       q_url(id) + "#question-" + std::to_string(qid), [&](const Outcome& failed, int status) {
                         return question_form_for(ctx, service, id, qid, in, failed, status);
                       });
  });

  app.post("/questionnaires/questions/{id:int}/deplacer", perm, [&service](Context& ctx) {
    long long qid = ctx.req.int_param("id");
    long long id = service.questionnaire_of_question(qid);
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    std::string direction = ctx.form.get("direction");
    if (direction != "up" && direction != "down")
      return editor_for(ctx, service, id, failed_state(Outcome::failure("questionnaires.errors.direction")), 422);
    auto outcome = service.move_question(web::actor_of(ctx), scope_of(ctx), qid, direction == "up");
    return web::finish(
        ctx, outcome, "", q_url(id) + "#question-" + std::to_string(qid),
        [&](const Outcome& failed, int status) { return editor_for(ctx, service, id, failed_state(failed), status); });
  });

  app.post("/questionnaires/questions/{id:int}/supprimer", perm, [&service](Context& ctx) {
    long long qid = ctx.req.int_param("id");
    long long id = service.questionnaire_of_question(qid);
    if (auto refused = refuse(ctx, service, id, true)) return *refused;
    auto outcome = service.remove_question(web::actor_of(ctx), scope_of(ctx), qid);
    return web::finish(
        ctx, outcome, "questionnaires.editor.question_removed", q_url(id),
        [&](const Outcome& failed, int status) { return editor_for(ctx, service, id, failed_state(failed), status); });
  });
}

}  // namespace trame::definitions
