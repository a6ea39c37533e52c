#include <algorithm>
#include <cstdio>

#include "cooperation/decisions/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"

namespace trame::decisions {

namespace {

using web::Context;
using web::Data;

std::string list_url(long long project_id) {
  return projects::url_of(project_id) + "/decisions";
}
std::string decision_url(long long project_id, long long id) {
  return list_url(project_id) + "/" + std::to_string(id);
}

std::string css(Context& ctx) {
  return ctx.app.asset_url("css/decisions.css");
}

std::string n(long long v) {
  return std::to_string(v);
}

std::string one_decimal(const Context& ctx, double v) {
  return web::format_number(v, 1, ctx.locale);
}

// An answer of the ballot form: a whole number, or -1 when typed but not one (the rule then says
// what is wrong with it), or nothing (nullopt) when left empty.
std::optional<long long> number(const std::string& raw) {
  std::string text = trim(raw);
  if (text.empty()) return std::nullopt;
  if (text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(text);
}

long long answer_value(const std::string& a) {
  if (a == "yes") return rules::kYes;
  if (a == "maybe") return rules::kMaybe;
  if (a == "no") return rules::kNo;
  return -1;
}
const char* answer_key(long long v) {
  return v == rules::kYes ? "yes" : v == rules::kMaybe ? "maybe" : "no";
}

// The ballot as the form sent it.
rules::Ballot ballot_input(const http::Form& f, const Type& t, const std::vector<Option>& options) {
  rules::Ballot b;
  b.stance = f.get("stance");
  b.reason = f.get("reason");
  b.harm = f.get("harm");
  for (const auto& o : options) {
    std::string id = n(o.id);
    if (t.rule == "dot_vote") {
      if (auto v = number(f.get("points_" + id))) b.values.push_back(Value{o.id, *v});
    } else if (t.rule == "score") {
      if (auto v = number(f.get("score_" + id))) b.values.push_back(Value{o.id, *v});
    } else if (t.rule == "ranked_choice") {
      if (auto v = number(f.get("rank_" + id))) b.values.push_back(Value{o.id, *v == 0 ? -1 : *v});
    } else if (t.rule == "time_poll") {
      std::string a = f.get("slot_" + id);
      if (!a.empty()) b.values.push_back(Value{o.id, answer_value(a)});
    }
  }
  return b;
}

std::optional<long long> value_in(const std::vector<Value>& values, long long option_id) {
  for (const auto& v : values)
    if (v.option_id == option_id) return v.value;
  return std::nullopt;
}

std::string position_label(const Context& ctx, const std::string& p) {
  return ctx.t("decisions.positions." + p);
}

std::string slot_label(const Context& ctx, const Option& o) {
  return o.starts_at ? web::format_datetime(o.starts_at, ctx.locale) : o.label;
}

// A ballot's content in words (for named results): its position, or its values per option.
std::string ballot_words(const Context& ctx, const DecisionView& v, const Ballot& b) {
  if (!v.type.uses_options) return position_label(ctx, b.stance);
  std::string out;
  for (const auto& o : v.options) {
    auto value = value_in(b.values, o.id);
    std::string part;
    if (v.type.rule == "dot_vote") {
      if (value) part = ctx.t("decisions.results.points_of", {{"option", o.label}, {"n", n(*value)}});
    } else if (v.type.rule == "score") {
      if (value) part = o.label + " : " + n(*value);
    } else if (v.type.rule == "ranked_choice") {
      if (value) part = n(*value) + ". " + o.label;
    } else if (value) {
      part = slot_label(ctx, o) + " : " + position_label(ctx, answer_key(*value));
    }
    if (!part.empty()) out += (out.empty() ? "" : " ; ") + part;
  }
  return out;
}

// The parameters a message may quote.
web::Params message_params(const Decision& d, const Type& t) {
  return {{"allowance", n(d.allowance)}, {"n", n(d.rank_count)}, {"max", n(t.max_value > 0 ? t.max_value : 5)}};
}

void set_message(Data& data, Context& ctx, const Outcome& outcome, const std::string& form, const Decision& d,
                 const Type& t) {
  if (outcome.ok || outcome.error.empty()) return;
  web::set_error(data, ctx, outcome, form);
  data.set("error", ctx.t(outcome.error, message_params(d, t)));
  if (!outcome.field.empty()) data.set("error_field", outcome.field);
}

// ---------------------------------------------------------------- list

http::Response list_page(Context& ctx, Service& service, long long project_id) {
  std::string state = ctx.req.query_param("etat").value_or("") == "closes" ? "closed" : "open";
  auto page = service.list(ctx.me(), project_id, state, static_cast<int>(web::page_param(ctx.req)));
  if (!page) return ctx.error(404);
  Data data{Data::type::object};
  data.set("project_title", page->access.project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("may_open", web::flag(page->access.facilitates()));
  data.set("new_url", list_url(project_id) + "/nouvelle");
  Data filters{Data::type::list};
  for (const auto& [key, label] : {std::pair<std::string, std::string>{"open", "decisions.list.open"},
                                   std::pair<std::string, std::string>{"closed", "decisions.list.closed"}}) {
    Data f{Data::type::object};
    f.set("label", ctx.t(label));
    f.set("url", list_url(project_id) + (key == "closed" ? "?etat=closes" : ""));
    f.set("current", web::flag(key == state));
    filters.push_back(f);
  }
  data.set("filters", filters);
  data.set("closed", web::flag(state == "closed"));
  Data items{Data::type::list};
  for (const auto& d : page->items) {
    Data item{Data::type::object};
    item.set("title", d.title);
    item.set("url", decision_url(project_id, d.id));
    item.set("type", ctx.t("decisions.types." + d.type + ".name"));
    item.set("closes", web::format_datetime(d.closes_at, ctx.locale));
    if (d.status == "cancelled") item.set("state", ctx.t("decisions.statuses.cancelled"));
    else if (d.awaiting_outcome()) item.set("state", ctx.t("decisions.statuses.awaiting"));
    else if (d.status == "closed") item.set("state", ctx.t("decisions.statuses.decided"));
    else item.set("state", ctx.t("decisions.statuses.open"));
    item.set("when", web::format_datetime(d.closed_at      ? d.closed_at
                                          : d.cancelled_at ? d.cancelled_at
                                                           : d.closes_at,
                                          ctx.locale));
    items.push_back(item);
  }
  data.set("items", items);
  data.set("empty", web::flag(page->items.empty()));
  std::string base = list_url(project_id) + (state == "closed" ? "?etat=closes&" : "?");
  data.set("pagination", web::pagination(ctx, page->page, 20, page->total, base));
  data.set("css", css(ctx));
  return ctx.render("cooperation/decisions/list", data,
                    ctx.t("decisions.list.title", {{"project", page->access.project.title}}));
}

// ---------------------------------------------------------------- new decision

http::Response new_page(Context& ctx, Service& service, long long project_id, const DecisionForm* typed,
                        const Outcome& outcome, int status) {
  auto access = service.access(ctx.me(), project_id);
  if (!access || !access->reads()) return ctx.error(404);
  if (!access->facilitates()) return ctx.error(403, ctx.t("decisions.errors.facilitators_only"));
  Data data{Data::type::object};
  data.set("project_title", access->project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("list_url", list_url(project_id));
  data.set("new_url", list_url(project_id) + "/nouvelle");
  data.set("action", list_url(project_id));
  std::string code = typed ? typed->type : ctx.req.query_param("type").value_or("");
  auto type = code.empty() ? std::nullopt : service.type(code);
  Data types{Data::type::list};
  for (const auto& t : service.types()) {
    Data d{Data::type::object};
    d.set("code", t.code);
    d.set("name", ctx.t("decisions.types." + t.code + ".name"));
    d.set("help", ctx.t("decisions.types." + t.code + ".help"));
    d.set("checked", web::flag(type && type->code == t.code));
    types.push_back(d);
  }
  data.set("types", types);
  web::set_error(data, ctx, outcome);
  if (!type) {
    data.set("choosing", web::flag(true));
    return ctx.render("cooperation/decisions/new", data,
                      ctx.t("decisions.new.title", {{"project", access->project.title}}), status);
  }
  DecisionForm form;
  if (typed) form = *typed;
  data.set("type", type->code);
  data.set("type_name", ctx.t("decisions.types." + type->code + ".name"));
  data.set("type_help", ctx.t("decisions.types." + type->code + ".help"));
  data.set("title", form.title);
  data.set("details", form.details);
  data.set("closes_at", form.closes_at.empty() ? local_input(store::now_seconds() + 7 * 86400) : form.closes_at);
  data.set("reasons", web::options(ctx, reason_modes(), "decisions.reasons.",
                                   form.reasons.empty() ? type->default_reasons : form.reasons));
  data.set("quorum_kinds", web::options(ctx, quorum_kinds(), "decisions.quorum_kinds.", form.quorum_kind));
  if (form.quorum_value) data.set("quorum_value", n(form.quorum_value));
  data.set("anonymous", web::flag(form.anonymous));
  data.set("uses_options", web::flag(type->uses_options));
  data.set("time_poll", web::flag(type->rule == "time_poll"));
  data.set("dot_vote", web::flag(type->rule == "dot_vote"));
  data.set("ranked", web::flag(type->rule == "ranked_choice"));
  data.set("allowance", n(form.allowance ? form.allowance : type->max_value));
  data.set("rank_count", n(form.rank_count ? form.rank_count : 3));
  Data options{Data::type::list};
  std::size_t count = std::max<std::size_t>(6, form.options.size() + 2);
  for (std::size_t i = 0; i < count; ++i) {
    Data o{Data::type::object};
    o.set("index", n(static_cast<long long>(i) + 1));
    o.set("value", i < form.options.size() ? form.options[i] : std::string());
    options.push_back(o);
  }
  data.set("options", options);
  auto meetings = service.meetings(project_id);
  Data meeting_options{Data::type::list};
  for (const auto& [id, title] : meetings) {
    Data m{Data::type::object};
    m.set("value", n(id));
    m.set("label", title);
    m.set("selected", web::flag(form.meeting_id == id));
    meeting_options.push_back(m);
  }
  data.set("meetings", meeting_options);
  data.set("has_meetings", web::flag(!meetings.empty()));
  data.set("css", css(ctx));
  return ctx.render("cooperation/decisions/new", data,
                    ctx.t("decisions.new.title", {{"project", access->project.title}}), status);
}

DecisionForm decision_form(const http::Form& f) {
  DecisionForm form;
  form.type = f.get("type");
  form.title = f.get("title");
  form.details = f.get("details");
  form.reasons = f.get("reasons");
  form.closes_at = f.get("closes_at");
  form.quorum_kind = f.get("quorum_kind");
  auto q = number(f.get("quorum_value"));
  form.quorum_value = q ? *q : 0;
  form.anonymous = f.get("anonymous") == "1";
  auto a = number(f.get("allowance"));
  form.allowance = a ? *a : 0;
  auto r = number(f.get("rank_count"));
  form.rank_count = r ? *r : 0;
  form.meeting_id = web::parse_id(f.get("meeting_id"));
  form.options = f.all("option");
  // Keep what was typed for the form again, but not the trailing blanks.
  while (!form.options.empty() && trim(form.options.back()).empty()) form.options.pop_back();
  return form;
}

// ---------------------------------------------------------------- decision page

struct Typed {
  const rules::Ballot* ballot = nullptr;
  const OutcomeForm* outcome = nullptr;
  const actions::ActionInput* action = nullptr;
};

Data ballot_form(Context& ctx, const DecisionView& v, const Typed& typed, const Outcome& outcome) {
  Data f{Data::type::object};
  const auto& d = v.decision;
  // What the form shows: what was just typed, or the ballot given.
  rules::Ballot current;
  if (typed.ballot) {
    current = *typed.ballot;
  } else if (v.mine) {
    current.stance = v.mine->stance;
    current.reason = v.mine->reason;
    current.harm = v.mine->harm;
    current.values = v.mine->values;
  }
  bool vote_error = !outcome.ok && typed.ballot;
  auto invalid = [&](const std::string& field) { return vote_error && outcome.field == field; };
  Data positions{Data::type::list};
  for (const auto& p : v.type.positions) {
    if (v.type.uses_options) break;
    Data o{Data::type::object};
    o.set("value", p);
    o.set("label", position_label(ctx, p));
    o.set("help", ctx.t("decisions.position_help." + p));
    o.set("checked", web::flag(current.stance == p));
    positions.push_back(o);
  }
  f.set("positions", positions);
  f.set("stance_invalid", web::flag(invalid("stance")));
  f.set("stances", web::flag(!v.type.uses_options));
  f.set("consent", web::flag(v.type.rule == "consent"));
  f.set("advice", web::flag(v.type.rule == "advice"));
  f.set("harm", current.harm);
  f.set("harm_invalid", web::flag(invalid("harm")));
  f.set("reason", current.reason);
  f.set("reason_invalid", web::flag(invalid("reason")));
  bool asks_reason = v.type.rule == "advice" || d.reasons != "never";
  f.set("asks_reason", web::flag(asks_reason));
  f.set("reason_label", ctx.t(v.type.rule == "advice" ? "decisions.vote.advice" : "decisions.vote.reason"));
  f.set("reason_help",
        ctx.t(v.type.rule == "advice" ? "decisions.vote.advice_help" : "decisions.reasons_help." + d.reasons));
  f.set("dot_vote", web::flag(v.type.rule == "dot_vote"));
  f.set("score", web::flag(v.type.rule == "score"));
  f.set("ranked", web::flag(v.type.rule == "ranked_choice"));
  f.set("time_poll", web::flag(v.type.rule == "time_poll"));
  auto params = message_params(d, v.type);
  f.set("points_legend", ctx.t("decisions.vote.points_legend", params));
  f.set("points_invalid", web::flag(invalid("points")));
  f.set("score_legend", ctx.t("decisions.vote.score_legend", params));
  f.set("ranking_legend", ctx.t("decisions.vote.ranking_legend", params));
  f.set("ranking_invalid", web::flag(invalid("ranking")));
  long long max_score = v.type.max_value > 0 ? v.type.max_value : 5;
  Data options{Data::type::list};
  for (const auto& o : v.options) {
    Data item{Data::type::object};
    std::string id = n(o.id);
    auto value = value_in(current.values, o.id);
    item.set("id", id);
    item.set("label", slot_label(ctx, o));
    item.set("value", value && *value >= 0 ? n(*value) : std::string());
    item.set("allowance", n(d.allowance));
    bool bad = invalid("points_" + id) || invalid("score_" + id) || invalid("rank_" + id) || invalid("slot_" + id);
    item.set("invalid", web::flag(bad));
    Data scale{Data::type::list};
    if (v.type.rule == "score")
      for (long long s = 0; s <= max_score; ++s) {
        Data c{Data::type::object};
        c.set("value", n(s));
        c.set("checked", web::flag(value && *value == s));
        scale.push_back(c);
      }
    if (v.type.rule == "ranked_choice")
      for (long long r = 1; r <= d.rank_count; ++r) {
        Data c{Data::type::object};
        c.set("value", n(r));
        c.set("selected", web::flag(value && *value == r));
        scale.push_back(c);
      }
    if (v.type.rule == "time_poll")
      for (const char* a : {"yes", "maybe", "no"}) {
        Data c{Data::type::object};
        c.set("value", a);
        c.set("label", position_label(ctx, a));
        c.set("checked", web::flag(value && *value == answer_value(a)));
        scale.push_back(c);
      }
    item.set("scale", scale);
    options.push_back(item);
  }
  f.set("options", options);
  f.set("action", decision_url(d.project_id, d.id) + "/vote");
  f.set("changing", web::flag(v.mine.has_value()));
  return f;
}

Data results(Context& ctx, const DecisionView& v) {
  Data r{Data::type::object};
  const auto& t = v.tally;
  r.set("indication", ctx.t("decisions.indications." + t.indication));
  r.set("ballots", ctx.t("decisions.results.ballots", {{"n", n(t.ballots)}, {"eligible", n(t.eligible)}}));
  if (v.decision.quorum_kind != "none")
    r.set("quorum", ctx.t(t.quorum_reached ? "decisions.results.quorum_reached" : "decisions.results.quorum_missed",
                          {{"needed", n(t.quorum_needed)}}));
  r.set("quorum_missed", web::flag(!t.quorum_reached));
  r.set("stances", web::flag(!v.type.uses_options));
  Data positions{Data::type::list};
  for (const auto& p : t.positions) {
    Data d{Data::type::object};
    d.set("label", position_label(ctx, p.stance));
    d.set("count", n(p.count));
    positions.push_back(d);
  }
  r.set("positions", positions);
  if (v.type.rule == "consent") {
    r.set("objection_count",
          ctx.t("decisions.results.objections", {{"n", n(t.objections)}, {"resolved", n(t.resolved_objections)}}));
  }
  r.set("dot_vote", web::flag(v.type.rule == "dot_vote"));
  r.set("score", web::flag(v.type.rule == "score"));
  r.set("ranked", web::flag(v.type.rule == "ranked_choice"));
  r.set("time_poll", web::flag(v.type.rule == "time_poll"));
  r.set("total_heading", ctx.t("decisions.results.total_" + v.type.rule));
  Data options{Data::type::list};
  for (const auto& o : t.options) {
    Data d{Data::type::object};
    for (const auto& opt : v.options)
      if (opt.id == o.option_id) d.set("label", slot_label(ctx, opt));
    d.set("total", v.type.rule == "score" ? one_decimal(ctx, o.average) : n(o.total));
    d.set("maybe", n(o.maybe));
    d.set("no", n(o.no));
    d.set("firsts", n(o.firsts));
    d.set("place", t.ballots ? n(o.place) : std::string("—"));
    d.set("leader", web::flag(t.ballots && o.place == 1));
    options.push_back(d);
  }
  r.set("options", options);
  r.set("has_options", web::flag(!t.options.empty()));
  return r;
}

http::Response decision_page(Context& ctx, Service& service, long long project_id, long long id, const Typed& typed,
                             const Outcome& outcome, const std::string& form, int status) {
  auto v = service.view(ctx.me(), project_id, id);
  if (!v) return ctx.error(404);
  const auto& d = v->decision;
  Data data{Data::type::object};
  data.set("project_title", v->access.project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("list_url", list_url(project_id));
  data.set("title", d.title);
  data.set("type_name", ctx.t("decisions.types." + d.type + ".name"));
  data.set("type_help", ctx.t("decisions.types." + d.type + ".help"));
  if (!d.details.empty()) data.set("details_html", docs::markdown_to_html(d.details));
  data.set("opened_by", ctx.t("decisions.page.opened_by",
                              {{"name", d.opened_by_name}, {"when", web::format_datetime(d.created_at, ctx.locale)}}));
  data.set("closes", ctx.t(d.open() ? "decisions.page.closes" : "decisions.page.closed_on",
                           {{"when", web::format_datetime(d.open() ? d.closes_at : d.closed_at, ctx.locale)}}));
  data.set("anonymous", web::flag(d.anonymous));
  data.set("reasons_rule", ctx.t("decisions.reasons_help." + d.reasons));
  if (d.quorum_kind != "none")
    data.set("quorum_rule", ctx.t("decisions.quorum_rule." + d.quorum_kind, {{"value", n(d.quorum_value)}}));
  if (!v->meeting_title.empty()) data.set("meeting", v->meeting_title);
  data.set("is_open", web::flag(d.open()));
  data.set("cancelled", web::flag(d.status == "cancelled"));
  data.set("awaiting", web::flag(d.awaiting_outcome()));
  bool past_time = d.open() && store::now_seconds() >= d.closes_at;
  data.set("past_time", web::flag(past_time));
  data.set("observer", web::flag(d.open() && !v->access.contributes()));
  data.set("may_vote", web::flag(v->may_vote));
  if (v->may_vote) data.set("ballot", ballot_form(ctx, *v, typed, outcome));
  data.set("voted", web::flag(v->mine.has_value()));
  data.set("show_results", web::flag(v->show_results));
  data.set("results_hidden", web::flag(!v->show_results));
  if (v->show_results) {
    data.set("results", results(ctx, *v));
    Data ballots{Data::type::list};
    Data objections{Data::type::list};
    for (const auto& b : v->ballots) {
      Data item{Data::type::object};
      if (!d.anonymous) item.set("name", b.voter_name);
      item.set("content", ballot_words(ctx, *v, b));
      web::set_if(item, "reason", b.reason);
      web::set_if(item, "harm", b.harm);
      bool unresolved = b.stance == "object" && !b.resolved_at;
      item.set("resolved", web::flag(b.stance == "object" && b.resolved_at));
      if (!d.anonymous || !b.reason.empty() || !b.harm.empty()) ballots.push_back(item);
      if (v->type.rule == "consent" && b.stance == "object") {
        Data o{Data::type::object};
        o.set("harm", b.harm);
        if (!d.anonymous) o.set("name", b.voter_name);
        o.set("resolved", web::flag(!unresolved));
        o.set("may_resolve", web::flag(unresolved && d.open() && v->access.facilitates() && b.id));
        o.set("resolve_url", decision_url(project_id, id) + "/objections/" + n(b.id) + "/levee");
        objections.push_back(o);
      }
    }
    data.set("ballots", ballots);
    data.set("has_ballots", web::flag(!ballots.is_empty_list()));
    data.set("objections", objections);
    data.set("has_objections", web::flag(!objections.is_empty_list()));
  }
  // The outcome.
  bool decided = d.decided_at != 0;
  data.set("decided", web::flag(decided));
  if (decided) {
    data.set("statement", d.outcome_statement);
    if (!v->chosen_option.empty()) data.set("chosen", v->chosen_option);
    if (!d.outcome_verdict.empty()) data.set("verdict", ctx.t("decisions.verdicts." + d.outcome_verdict));
    data.set("decided_by",
             ctx.t("decisions.outcome.decided_by",
                   {{"name", d.decided_by_name}, {"when", web::format_datetime(d.decided_at, ctx.locale)}}));
    if (!d.review_on.empty())
      data.set("review", ctx.t("decisions.outcome.review", {{"day", short_french_date(d.review_on)}}));
  }
  data.set("may_close", web::flag(v->may_close));
  if (v->may_close) {
    Data c{Data::type::object};
    OutcomeForm of;
    if (typed.outcome) of = *typed.outcome;
    c.set("action", decision_url(project_id, id) + "/fermer");
    c.set("statement", of.statement);
    c.set("review_on", of.review_on);
    c.set("min_review", local_day(store::now_seconds() + 86400));
    c.set("uses_options", web::flag(v->type.uses_options));
    Data choices{Data::type::list};
    for (const auto& o : v->options) {
      Data item{Data::type::object};
      item.set("value", n(o.id));
      item.set("label", slot_label(ctx, o));
      bool lead = std::find(v->tally.leaders.begin(), v->tally.leaders.end(), o.id) != v->tally.leaders.end();
      if (lead) item.set("label", slot_label(ctx, o) + " " + ctx.t("decisions.outcome.leading"));
      item.set("selected", web::flag(of.option_id == o.id));
      choices.push_back(item);
    }
    c.set("choices", choices);
    c.set("verdicts", web::options(ctx, verdicts(), "decisions.verdicts.", of.verdict));
    c.set("submit", ctx.t(d.open() ? "decisions.outcome.close" : "decisions.outcome.save"));
    data.set("close", c);
  }
  data.set("may_cancel", web::flag(v->may_cancel));
  data.set("cancel_url", decision_url(project_id, id) + "/annuler");
  // Actions started by the decision.
  Data linked{Data::type::list};
  for (const auto& a : v->actions) {
    Data item{Data::type::object};
    item.set("title", a.title);
    item.set("url", projects::url_of(project_id) + "/actions/" + n(a.id));
    item.set("status", ctx.t("decisions.action_statuses." + a.status));
    item.set("progress", n(a.progress));
    item.set("late", web::flag(a.late));
    linked.push_back(item);
  }
  data.set("actions", linked);
  data.set("has_actions", web::flag(!linked.is_empty_list()));
  data.set("may_start_action", web::flag(decided && v->access.contributes()));
  data.set("action_url", decision_url(project_id, id) + "/actions");
  if (typed.action) {
    data.set("action_title", typed.action->title);
    data.set("action_description", typed.action->description);
    data.set("action_due_on", typed.action->due_on);
  }
  if (!outcome.ok) set_message(data, ctx, outcome, form, d, v->type);
  data.set("css", css(ctx));
  return ctx.render("cooperation/decisions/decision", data, ctx.t("decisions.page.title", {{"title", d.title}}),
                    status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/decisions", web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/cooperation/projets/{id:int}/decisions/nouvelle", web::perm::authenticated, [&service](Context& ctx) {
    return new_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), 200);
  });
  app.post("/cooperation/projets/{id:int}/decisions", web::perm::authenticated, [&service](Context& ctx) {
    long long project_id = ctx.req.int_param("id");
    auto form = decision_form(ctx.form);
    auto outcome = service.open(web::actor_of(ctx), ctx.me(), project_id, form);
    return web::finish(
        ctx, outcome, "decisions.new.opened", decision_url(project_id, outcome.id),
        [&](const Outcome& o, int status) { return new_page(ctx, service, project_id, &form, o, status); });
  });
  app.get("/cooperation/projets/{id:int}/decisions/{decision:int}", web::perm::authenticated, [&service](Context& ctx) {
    return decision_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("decision"), Typed{},
                         Outcome::success(), "", 200);
  });
  app.post("/cooperation/projets/{id:int}/decisions/{decision:int}/vote", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("decision");
             auto v = service.view(ctx.me(), project_id, id);
             if (!v) return ctx.error(404);
             auto ballot = ballot_input(ctx.form, v->type, v->options);
             auto outcome = service.vote(web::actor_of(ctx), ctx.me(), project_id, id, ballot);
             return web::finish(ctx, outcome, v->mine ? "decisions.vote.changed" : "decisions.vote.saved",
                                decision_url(project_id, id) + "#results", [&](const Outcome& o, int status) {
                                  Typed typed;
                                  typed.ballot = &ballot;
                                  return decision_page(ctx, service, project_id, id, typed, o, "vote", status);
                                });
           });
  app.post("/cooperation/projets/{id:int}/decisions/{decision:int}/fermer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("decision");
             OutcomeForm form;
             form.statement = ctx.form.get("statement");
             form.option_id = web::parse_id(ctx.form.get("option_id"));
             form.verdict = ctx.form.get("verdict");
             form.review_on = ctx.form.get("review_on");
             auto outcome = service.close(web::actor_of(ctx), ctx.me(), project_id, id, form);
             return web::finish(ctx, outcome, "decisions.outcome.saved", decision_url(project_id, id),
                                [&](const Outcome& o, int status) {
                                  Typed typed;
                                  typed.outcome = &form;
                                  return decision_page(ctx, service, project_id, id, typed, o, "close", status);
                                });
           });
  app.post("/cooperation/projets/{id:int}/decisions/{decision:int}/annuler", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("decision");
             auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), project_id, id);
             return web::finish(ctx, outcome, "decisions.page.cancelled", decision_url(project_id, id),
                                web::back_to(ctx, decision_url(project_id, id)));
           });
  app.post("/cooperation/projets/{id:int}/decisions/{decision:int}/objections/{ballot:int}/levee",
           web::perm::authenticated, [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("decision");
             auto outcome =
                 service.resolve_objection(web::actor_of(ctx), ctx.me(), project_id, id, ctx.req.int_param("ballot"));
             return web::finish(ctx, outcome, "decisions.page.resolved", decision_url(project_id, id) + "#objections",
                                web::back_to(ctx, decision_url(project_id, id)));
           });
  app.post("/cooperation/projets/{id:int}/decisions/{decision:int}/actions", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), id = ctx.req.int_param("decision");
             actions::ActionInput input;
             input.title = ctx.form.get("title");
             input.description = ctx.form.get("description");
             input.due_on = ctx.form.get("due_on");
             auto outcome = service.start_action(web::actor_of(ctx), ctx.me(), project_id, id, input);
             return web::finish(ctx, outcome, "decisions.actions.started", decision_url(project_id, id) + "#actions",
                                [&](const Outcome& o, int status) {
                                  Typed typed;
                                  typed.action = &input;
                                  return decision_page(ctx, service, project_id, id, typed, o, "action", status);
                                });
           });
}

}  // namespace trame::decisions
