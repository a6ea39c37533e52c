#include <set>

#include "questionnaires/answers/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/markdown.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::answers {

namespace {

using definitions::Definition;
using definitions::Question;
using web::Context;
using web::Data;
using web::flag;
using web::set_if;

// A question's bounds as the reader writes them ("2,5"), the catalogue's formatter.
std::string format_number(double d) {
  return web::format_number(d, 6, "fr");
}

http::Response render_page(Context& ctx, const std::string& view, Data data, const std::string& title,
                           int status = 200) {
  data.set("answers_css", ctx.app.asset_url("css/answers.css"));
  return ctx.render(view, data, title, status);
}

// A page with a heading and a message (already answered, thanks, expired, not open).
http::Response message_page(Context& ctx, const std::string& heading, const std::string& message, int status,
                            const std::string& questionnaire_title = {}) {
  Data data{Data::type::object};
  data.set("heading", heading);
  data.set("message", message);
  set_if(data, "questionnaire", questionnaire_title);
  if (ctx.user) data.set("mine_url", "/questionnaires/a-remplir");
  return render_page(ctx, "questionnaires/answers/message", data, heading, status);
}

http::Response state_page(Context& ctx, const std::string& state, const std::string& title) {
  if (state == "answers.errors.already_answered")
    return message_page(ctx, ctx.t("answers.already.heading"), ctx.t("answers.errors.already_answered"), 200, title);
  if (state == "answers.errors.not_open")
    return message_page(ctx, ctx.t("answers.not_open.heading"), ctx.t("answers.errors.not_open"), 409, title);
  return message_page(ctx, ctx.t("answers.expired.heading"), ctx.t("answers.errors.expired"), 410, title);
}

// ---- form ↔ values

Values page_values(const Context& ctx, const Definition& d, std::size_t section) {
  Values out;
  for (const auto& q : d.questions[section]) {
    std::string name = "q" + std::to_string(q.id);
    std::vector<std::string> v;
    if (q.kind == "matrix") {
      bool any = false;
      for (std::size_t i = 0; i < q.items.size(); ++i) {
        v.push_back(ctx.form.get(name + "_" + std::to_string(i)));
        any = any || !v.back().empty();
      }
      if (!any) v.clear();
    } else if (q.kind == "multiple" || q.kind == "single") {
      bool other = false;
      for (const auto& x : ctx.form.all(name)) {
        if (x.empty()) continue;
        if (x == kOther) {
          if (other) continue;
          other = true;
          v.push_back(std::string(kOtherPrefix) + ctx.form.get(name + "_other"));
        } else {
          v.push_back(x);
        }
      }
      // Text typed in "Autre, précisez" without ticking it: the person meant it (no script to tick it).
      std::string typed = ctx.form.get(name + "_other");
      if (!other && q.allow_other && typed.find_first_not_of(" \t\r\n") != std::string::npos &&
          (q.kind == "multiple" || v.empty()))
        v.push_back(std::string(kOtherPrefix) + typed);
    } else {
      auto x = ctx.form.get(name);
      if (q.kind == "number")
        for (auto& c : x)
          if (c == ',') c = '.';
      if (!x.empty()) v.push_back(x);
      if (!x.empty() && q.kind == "long" && q.quotable && ctx.form.get(name + "_quote") == "1")
        v.emplace_back(kQuoteConsent);
    }
    if (!v.empty()) out[q.id] = v;
  }
  return out;
}

// The id of the first field of a question (the target of the error summary's link).
std::string anchor_of(const Question& q) {
  std::string base = "f-q" + std::to_string(q.id);
  if (q.kind == "scale") return base + "-1";
  if (q.kind == "nps" || q.kind == "single" || q.kind == "multiple") return base + "-0";
  if (q.kind == "yesno") return base + "-oui";
  if (q.kind == "matrix") return base + "-0-1";
  return base;
}

std::string error_text(const Context& ctx, const Question& q, const std::string& key) {
  web::Params p;
  if (q.min_value) p.emplace_back("min", format_number(*q.min_value));
  if (q.max_value) p.emplace_back("max", format_number(*q.max_value));
  return ctx.t(key, p);
}

std::string value_label(const Context& ctx, const Question& parent, const std::string& value) {
  if (parent.kind == "yesno") {
    if (value == "oui" || value == "yes" || value == "1") return ctx.t("answers.yes");
    if (value == "non" || value == "no" || value == "0") return ctx.t("answers.no");
  }
  return value;
}

Data points(const std::string& base, const std::string& name, int lo, int hi, const std::string& current,
            const std::string& row_label_id = {}, const std::string& col_prefix = {}) {
  Data list{Data::type::list};
  for (int i = lo; i <= hi; ++i) {
    Data p{Data::type::object};
    p.set("value", std::to_string(i));
    p.set("id", base + "-" + std::to_string(i));
    p.set("name", name);
    p.set("checked", flag(current == std::to_string(i)));
    if (!row_label_id.empty()) p.set("labelledby", row_label_id + " " + col_prefix + std::to_string(i));
    list.push_back(p);
  }
  return list;
}

Data question_data(const Context& ctx, const Definition& d, std::size_t section, const Question& q,
                   const Values& values, const std::map<long long, std::string>& errors) {
  Data x{Data::type::object};
  const std::string base = "f-q" + std::to_string(q.id);
  const std::string name = "q" + std::to_string(q.id);
  x.set("id", base);
  x.set("name", name);
  x.set("label", q.label);
  set_if(x, "help", q.help);
  if (!q.help.empty()) x.set("help_id", base + "-help");
  x.set("required", flag(q.required));
  x.set("is_" + q.kind, flag(true));
  if (q.kind == "long" && q.quotable) {
    const auto found = values.find(q.id);
    const bool ticked = found != values.end() && found->second.size() > 1 && found->second[1] == kQuoteConsent;
    Data quote{Data::type::object};
    quote.set("id", base + "-quote");
    quote.set("name", name + "_quote");
    quote.set("help_id", base + "-quote-help");
    quote.set("checked", flag(ticked));
    x.set("quotable", quote);
  } else {
    x.set("quotable", flag(false));
  }
  auto it = values.find(q.id);
  std::vector<std::string> v = it == values.end() ? std::vector<std::string>{} : it->second;
  std::string first = v.empty() ? std::string() : v[0];
  if (auto e = errors.find(q.id); e != errors.end()) {
    x.set("error", e->second);
    x.set("error_id", base + "-error");
  }
  // describedby: help and error
  std::string described;
  if (!q.help.empty()) described += base + "-help";
  if (errors.count(q.id)) described += (described.empty() ? "" : " ") + base + "-error";
  set_if(x, "describedby", described);
  // The condition, when it depends on an answer of this same section (else the question is just
  // shown or not).
  if (q.show_if_question) {
    std::size_t ps = 0;
    if (const Question* parent = find_question(d, q.show_if_question, &ps); parent && ps >= section)
      x.set("condition", ctx.t("answers.condition",
                               {{"value", value_label(ctx, *parent, q.show_if_value)}, {"question", parent->label}}));
  }
  if (q.kind == "single" || q.kind == "multiple") {
    Data choices{Data::type::list};
    std::set<std::string> chosen(v.begin(), v.end());
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      Data c{Data::type::object};
      c.set("value", q.options[i]);
      c.set("id", base + "-" + std::to_string(i));
      c.set("name", name);
      c.set("checked", flag(chosen.count(q.options[i]) > 0));
      choices.push_back(c);
    }
    x.set("choices", choices);
    if (q.allow_other) {
      Data o{Data::type::object};
      o.set("id", base + "-other");
      o.set("text_id", base + "-other-text");
      o.set("name", name);
      o.set("text_name", name + "_other");
      std::string text;
      bool checked = false;
      for (const auto& s : v)
        if (s.rfind(kOtherPrefix, 0) == 0 || s == kOther) {
          checked = true;
          text = s.size() > 10 ? s.substr(10) : "";
        }
      o.set("checked", flag(checked));
      o.set("text", text);
      x.set("other", o);
    }
    if (q.options.empty() && q.allow_other) x.set("only_other", flag(true));
  } else if (q.kind == "scale") {
    x.set("points", points(base, name, 1, 5, first));
  } else if (q.kind == "nps") {
    x.set("points", points(base, name, 0, 10, first));
  } else if (q.kind == "yesno") {
    x.set("yes_checked", flag(first == "oui"));
    x.set("no_checked", flag(first == "non"));
  } else if (q.kind == "matrix") {
    Data rows{Data::type::list};
    for (std::size_t i = 0; i < q.items.size(); ++i) {
      Data r{Data::type::object};
      std::string rid = base + "-" + std::to_string(i);
      r.set("label", q.items[i]);
      r.set("row_id", rid + "-label");
      r.set("points", points(rid, name + "_" + std::to_string(i), 1, 5, i < v.size() ? v[i] : "", rid + "-label",
                             base + "-col-"));
      rows.push_back(r);
    }
    x.set("rows", rows);
    Data heads{Data::type::list};
    for (int i = 1; i <= 5; ++i) {
      Data h{Data::type::object};
      h.set("value", std::to_string(i));
      h.set("id", base + "-col-" + std::to_string(i));
      if (i == 1) set_if(h, "end_label", q.low_label);
      if (i == 5) set_if(h, "end_label", q.high_label);
      heads.push_back(h);
    }
    x.set("heads", heads);
  } else {
    x.set("value", first);
  }
  if (q.kind == "scale" || q.kind == "nps" || q.kind == "matrix") {
    set_if(x, "low_label", q.low_label);
    set_if(x, "high_label", q.high_label);
    std::string lo = q.kind == "nps" ? "0" : "1", hi = q.kind == "nps" ? "10" : "5";
    x.set("scale_hint", ctx.t("answers.scale_hint", {{"lo", lo},
                                                     {"hi", hi},
                                                     {"low", q.low_label.empty() ? lo : lo + " = " + q.low_label},
                                                     {"high", q.high_label.empty() ? hi : hi + " = " + q.high_label}}));
  }
  if (q.kind == "number") {
    auto attr = [](double v) {
      char b[64];
      std::snprintf(b, sizeof b, "%g", v);
      return std::string(b);
    };
    if (q.min_value) x.set("min_attr", attr(*q.min_value));
    if (q.max_value) x.set("max_attr", attr(*q.max_value));
    if (q.min_value && q.max_value)
      x.set("bounds",
            ctx.t("answers.bounds.both", {{"min", format_number(*q.min_value)}, {"max", format_number(*q.max_value)}}));
    else if (q.min_value) x.set("bounds", ctx.t("answers.bounds.min", {{"min", format_number(*q.min_value)}}));
    else if (q.max_value) x.set("bounds", ctx.t("answers.bounds.max", {{"max", format_number(*q.max_value)}}));
  }
  return x;
}

// Whether a question is on the page of its section: hidden when its condition depends on an answer
// of an earlier section that does not match; shown (with its condition explained) when it depends on
// this section.
bool on_page(const Definition& d, std::size_t section, const Question& q, const Values& values) {
  if (!q.show_if_question) return true;
  std::size_t ps = 0;
  const Question* parent = find_question(d, q.show_if_question, &ps);
  if (!parent) return true;
  if (ps < section) return is_shown(d, q, values);
  return on_page(d, section, *parent, values);
}

// The section to resume at: the first one without any answer or with a required answer missing.
std::size_t resume_section(const Definition& d, const Values& values) {
  for (std::size_t s = 0; s < d.questions.size(); ++s) {
    bool any_shown = false, any_answered = false, missing = false;
    for (const auto& q : d.questions[s]) {
      if (!is_shown(d, q, values)) continue;
      any_shown = true;
      if (has_answer(q, values)) any_answered = true;
      else if (q.required) missing = true;
    }
    if (missing || (any_shown && !any_answered)) return s;
  }
  return d.sections.empty() ? 0 : d.sections.size() - 1;
}

struct Flow {
  Invitation inv;
  Definition def;
  Draft draft;
  bool changed = false;  // the questionnaire changed version since the draft was saved
  std::string base_url;
};

http::Response section_page(Context& ctx, const Flow& f, std::size_t section, const std::vector<FieldError>& errs,
                            int status, bool saved = false) {
  const auto& d = f.def;
  Data data{Data::type::object};
  data.set("title", d.questionnaire.title);
  data.set("action", f.base_url);
  data.set("section_number", std::to_string(section + 1));
  data.set("section_count", std::to_string(d.sections.size()));
  const std::string progress =
      ctx.t("answers.progress", {{"n", std::to_string(section + 1)}, {"total", std::to_string(d.sections.size())}});
  data.set("progress", progress);
  const auto& s = d.sections[section];
  data.set("section_title", s.title);
  if (!s.description.empty()) data.set("section_description", docs::markdown_to_html(s.description));
  if (section == 0 && !d.questionnaire.description.empty())
    data.set("description", docs::markdown_to_html(d.questionnaire.description));
  data.set("anonymous", flag(d.questionnaire.anonymous));
  data.set("first", flag(section == 0));
  data.set("last", flag(section + 1 == d.sections.size()));
  data.set("saved", flag(saved));
  data.set("changed", flag(f.changed));
  std::map<long long, std::string> errors;
  Data summary{Data::type::list};
  for (const auto& e : errs) {
    const Question* q = find_question(d, e.question_id);
    if (!q || e.section != section) continue;
    std::string text = error_text(ctx, *q, e.key);
    errors[q->id] = text;
    Data item{Data::type::object};
    item.set("href", "#" + anchor_of(*q));
    item.set("text", q->label + " : " + text);
    summary.push_back(item);
  }
  if (!errors.empty()) {
    data.set("errors", summary);
    data.set("error_count", ctx.t(errors.size() == 1 ? "answers.error_one" : "answers.error_many",
                                  {{"n", std::to_string(errors.size())}}));
  }
  Data questions{Data::type::list};
  int n = 0;
  for (const auto& q : d.questions[section]) {
    if (!on_page(d, section, q, f.draft.values)) continue;
    questions.push_back(question_data(ctx, d, section, q, f.draft.values, errors));
    ++n;
  }
  data.set("questions", questions);
  data.set("empty", flag(n == 0));
  std::string title = ctx.t("answers.page_title", {{"title", d.questionnaire.title}, {"progress", progress}});
  if (!errors.empty()) title = ctx.t("answers.error_title", {{"title", title}});
  return render_page(ctx, "questionnaires/answers/section", data, title, status);
}

std::size_t section_param(const std::string& text, const Definition& d, std::size_t fallback) {
  long long n = web::parse_id(text);
  if (n < 1) return fallback;
  if (static_cast<std::size_t>(n) > d.sections.size()) return d.sections.size() - 1;
  return static_cast<std::size_t>(n - 1);
}

http::Response flow(Context& ctx, Service& svc, const Invitation& inv, const std::string& base_url) {
  long long now = store::now_seconds();
  auto def = svc.definition(inv.questionnaire_id);
  if (!def) return ctx.error(404, ctx.t("answers.errors.not_found"));
  const std::string& qtitle = def->questionnaire.title;
  std::string state = Service::state(inv, now);
  if (!state.empty()) {
    if (state == "answers.errors.already_answered" && ctx.req.method == "GET" &&
        ctx.req.query_param("merci").value_or("") == "1")
      return message_page(ctx, ctx.t("answers.thanks.heading"),
                          ctx.t(def->questionnaire.anonymous ? "answers.thanks.anonymous" : "answers.thanks.named"),
                          200, qtitle);
    return state_page(ctx, state, qtitle);
  }
  if (def->sections.empty())
    return message_page(ctx, ctx.t("answers.empty.heading"), ctx.t("answers.empty.message"), 200, qtitle);
  Flow f{inv, *def, svc.draft(inv.id), false, base_url};
  if (f.draft.exists && f.draft.version != def->questionnaire.version) {
    f.draft.values = keep_valid(*def, f.draft.values);
    f.changed = true;
  }
  if (ctx.req.method == "GET") {
    std::size_t section = section_param(ctx.req.query_param("section").value_or(""), *def,
                                        f.draft.exists ? resume_section(*def, f.draft.values) : 0);
    return section_page(ctx, f, section, {}, 200, ctx.req.query_param("enregistre").value_or("") == "1");
  }
  // POST: the page's answers go into the draft first (nothing is ever lost), then the button.
  std::size_t section = section_param(ctx.form.get("section"), *def, 0);
  for (const auto& q : def->questions[section]) f.draft.values.erase(q.id);
  for (auto& [id, v] : page_values(ctx, *def, section)) f.draft.values[id] = v;
  f.draft.version = def->questionnaire.version;
  f.draft.section = static_cast<int>(section);
  const std::string action = ctx.form.get("action");
  svc.save_draft(inv.id, f.draft);
  f.changed = false;
  if (action == "previous") {
    std::size_t to = section == 0 ? 0 : section - 1;
    return ctx.redirect(base_url + "?section=" + std::to_string(to + 1));
  }
  if (action == "next") {
    auto errs = validate(*def, f.draft.values, static_cast<int>(section));
    if (!errs.empty()) return section_page(ctx, f, section, errs, 422);
    std::size_t to = std::min(section + 1, def->sections.size() - 1);
    return ctx.redirect(base_url + "?section=" + std::to_string(to + 1));
  }
  if (action == "send") {
    auto errs = validate(*def, f.draft.values);
    if (!errs.empty()) {
      // Answered meanwhile from another tab or device (its draft is gone with the submission).
      if (auto now_inv = svc.reload(inv); now_inv && now_inv->answered)
        return state_page(ctx, "answers.errors.already_answered", qtitle);
      return section_page(ctx, f, errs.front().section, errs, 422);
    }
    Outcome o = svc.submit(web::actor_of(ctx), inv.id, f.draft.values);
    const bool study = inv.audience == "study" && inv.study_id;
    return web::finish(ctx, o, study ? "answers.thanks.study" : "",
                       study ? "/questionnaires/etudes/" + std::to_string(inv.study_id) : base_url + "?merci=1",
                       [&](const Outcome& failed, int status) {
                         if (failed.code == Failure::conflict)
                           return state_page(ctx, failed.error, qtitle);  // answered, expired, not open
                         const Question* q =
                             find_question(*def, web::parse_id(failed.field.size() > 1 ? failed.field.substr(1) : ""));
                         std::vector<FieldError> one;
                         if (q) one.push_back({q->id, static_cast<std::size_t>(failed.id), failed.error});
                         return section_page(ctx, f, q ? static_cast<std::size_t>(failed.id) : section, one, status);
                       });
  }
  // "save" (and anything else): back to the same page, saying so.
  return ctx.redirect(base_url + "?section=" + std::to_string(section + 1) + "&enregistre=1");
}

http::Response mine_page(Context& ctx, Service& svc) {
  const long long per_page = 20;
  long long page = web::page_param(ctx.req), total = 0;
  auto list = svc.mine(ctx.me().id, page, per_page, total);
  Data rows{Data::type::list};
  for (const auto& t : list) {
    Data r{Data::type::object};
    r.set("url", "/questionnaires/invitations/" + std::to_string(t.invitation_id));
    r.set("title", t.questionnaire_title);
    r.set("campaign", t.campaign_title);
    r.set("answered", flag(t.answered));
    r.set("draft", flag(t.has_draft && !t.answered));
    // closes_at is the start of the day after the last one (as the invitation e-mail says).
    if (t.closes_at)
      r.set("closes", ctx.t("answers.mine.closes", {{"date", format_local(t.closes_at - 1, "%d/%m/%Y")}}));
    rows.push_back(r);
  }
  Data data{Data::type::object};
  data.set("rows", rows);
  data.set("empty", flag(list.empty()));
  data.set("pagination", web::pagination(ctx, page, per_page, total, "/questionnaires/a-remplir?"));
  return render_page(ctx, "questionnaires/answers/mine", data, ctx.t("answers.mine.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  auto by_token = [&service](Context& ctx) -> http::Response {
    auto inv = service.by_token(ctx.req.params.at("token"));
    if (!inv) return ctx.error(404, ctx.t("answers.errors.not_found"));
    return flow(ctx, service, *inv, "/questionnaires/repondre/" + web::url_encode(ctx.req.params.at("token")));
  };
  app.get("/questionnaires/repondre/{token}", web::perm::public_access, by_token);
  app.post("/questionnaires/repondre/{token}", web::perm::public_access, by_token);

  auto by_id = [&service](Context& ctx) -> http::Response {
    auto inv = service.by_id(ctx.me(), web::parse_id(ctx.req.params.at("id")));
    if (!inv) return ctx.error(404, ctx.t("answers.errors.not_found"));
    return flow(ctx, service, *inv, "/questionnaires/invitations/" + std::to_string(inv->id));
  };
  app.get("/questionnaires/invitations/{id:int}", web::perm::authenticated, by_id);
  app.post("/questionnaires/invitations/{id:int}", web::perm::authenticated, by_id);

  app.get("/questionnaires/a-remplir", web::perm::authenticated,
          [&service](Context& ctx) { return mine_page(ctx, service); });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  // Whoever is invited to a questionnaire of an open campaign: the first five still to fill, in the
  // order of "Questionnaires à remplir", which lists them all.
  dashboard.add(300, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    long long total = 0;
    auto list = service.to_fill(ctx.me().id, 5, total);
    if (total == 0) return std::nullopt;
    const long long now = store::now_seconds();
    web::DashboardPanel panel;
    panel.key = "questionnaires-to-fill";
    panel.title = ctx.t("answers.dashboard.title");
    panel.empty = ctx.t("answers.mine.empty");
    for (const auto& t : list) {
      web::DashboardItem item;
      item.label = t.questionnaire_title;
      item.url = "/questionnaires/invitations/" + std::to_string(t.invitation_id);
      item.detail = t.campaign_title + (t.has_draft ? " · " + ctx.t("answers.mine.draft") : "");
      if (t.closes_at) item.when = ctx.t("answers.mine.closes", {{"date", format_local(t.closes_at - 1, "%d/%m/%Y")}});
      item.urgent = t.closes_at && t.closes_at - now < 3 * 86400;
      panel.items.push_back(std::move(item));
    }
    if (total > static_cast<long long>(list.size())) panel.count = total;
    panel.more_url = "/questionnaires/a-remplir";
    panel.more_label = ctx.t("answers.dashboard.more", {{"count", std::to_string(total)}});
    return panel;
  });
}

}  // namespace trame::answers
