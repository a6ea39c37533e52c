#include <charconv>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "website/quotes/service.hpp"

namespace trame::website::quotes {

namespace {

using web::Context;
using web::Data;

const char* kBase = "/admin/citations";

std::string quote_url(long long id) {
  return std::string(kBase) + "/" + std::to_string(id);
}

std::string status_of(const Quote& q) {
  if (q.withdrawn()) return "withdrawn";
  return q.published ? "published" : "draft";
}

Data choice(const std::string& value, const std::string& label, bool selected) {
  Data o{Data::type::object};
  o.set("value", value);
  o.set("label", label);
  o.set("selected", web::flag(selected));
  return o;
}

Data programme_choices(const Context& ctx, Service& service, long long selected) {
  Data list{Data::type::list};
  list.push_back(choice("0", ctx.t("citations.no_programme"), selected == 0));
  for (const auto& p : service.programmes()) list.push_back(choice(std::to_string(p.id), p.title, p.id == selected));
  return list;
}

Data quote_row(const Context& ctx, const Quote& q) {
  Data row{Data::type::object};
  row.set("id", std::to_string(q.id));
  row.set("url", quote_url(q.id));
  row.set("text", q.text);
  row.set("author", q.author);
  row.set("consent_on", short_french_date(q.consent_on));
  row.set("consent_how", q.consent_how);
  web::set_if(row, "page_slug", q.page_slug);
  web::set_if(row, "programme", q.programme_title);
  row.set("status", ctx.t("citations.statuses." + status_of(q)));
  row.set("status_key", status_of(q));
  row.set("source", ctx.t("citations.sources." + q.source));
  row.set("position", std::to_string(q.position));
  return row;
}

QuoteInput input_of(const Context& ctx) {
  QuoteInput in;
  in.text = ctx.form.get("text");
  in.author = ctx.form.get("author");
  in.consent_on = ctx.form.get("consent_on");
  in.consent_how = ctx.form.get("consent_how");
  in.page_slug = ctx.form.get("page_slug");
  in.programme_id = web::parse_id(ctx.form.get("programme"));
  std::string position = ctx.form.get("position");
  in.position = position.empty() ? 0 : web::parse_id(position);
  if (!position.empty() && in.position == 0 && position != "0") in.position = -1;  // not a number: refused
  return in;
}

// The form of a new quote (id 0) or of an existing one, with its status and actions.
http::Response form_page(Context& ctx, Service& service, long long id, const QuoteInput& in, const Outcome& failed,
                         int status) {
  Data data{Data::type::object};
  std::optional<Quote> q = id ? service.find(id) : std::nullopt;
  if (id && !q) return ctx.error(404);
  data.set("action", id ? quote_url(id) : std::string(kBase));
  data.set("text", in.text);
  data.set("author", in.author);
  data.set("consent_on", in.consent_on);
  data.set("consent_how", in.consent_how);
  data.set("page_slug", in.page_slug);
  data.set("position", in.position ? std::to_string(in.position) : std::string());
  data.set("programmes", programme_choices(ctx, service, in.programme_id));
  data.set("today", local_day(store::now_seconds()));
  if (q) {
    data.set("editing", web::flag(true));
    data.set("quote", quote_row(ctx, *q));
    data.set("withdrawn", web::flag(q->withdrawn()));
    data.set("published", web::flag(q->published));
    data.set("publish_url", quote_url(id) + "/publier");
    data.set("unpublish_url", quote_url(id) + "/depublier");
    data.set("withdraw_url", quote_url(id) + "/retirer");
  }
  web::set_error(data, ctx, failed);
  return ctx.render("website/quotes/form", data,
                    q ? ctx.t("citations.edit_title", {{"author", q->author}}) : ctx.t("citations.new"), status);
}

QuoteInput input_from(const Quote& q) {
  return QuoteInput{q.text, q.author, q.consent_on, q.consent_how, q.page_slug, q.programme_id, q.position};
}

http::Response index_page(Context& ctx, Service& service) {
  Filter filter;
  filter.page_slug = ctx.req.query_param("fiche").value_or("");
  filter.programme_id = web::parse_id(ctx.req.query_param("programme").value_or(""));
  filter.status = ctx.req.query_param("statut").value_or("");
  if (!is_one_of(filter.status, {"", "published", "draft", "withdrawn"})) filter.status.clear();
  long long page = web::page_param(ctx.req);
  auto result = service.list(filter, page);
  Data rows{Data::type::list};
  for (const auto& q : result.items) rows.push_back(quote_row(ctx, q));
  Data data{Data::type::object};
  data.set("quotes", rows);
  data.set("empty", web::flag(result.total == 0));
  Data slugs{Data::type::list};
  slugs.push_back(choice("", ctx.t("citations.all_pages"), filter.page_slug.empty()));
  for (const auto& s : service.slugs()) slugs.push_back(choice(s, s, s == filter.page_slug));
  data.set("slugs", slugs);
  Data programmes{Data::type::list};
  programmes.push_back(choice("0", ctx.t("citations.all_programmes"), filter.programme_id == 0));
  for (const auto& p : service.programmes())
    programmes.push_back(choice(std::to_string(p.id), p.title, p.id == filter.programme_id));
  data.set("programmes", programmes);
  Data statuses{Data::type::list};
  for (const char* s : {"", "published", "draft", "withdrawn"})
    statuses.push_back(
        choice(s, ctx.t(std::string("citations.filter_statuses.") + (*s ? s : "all")), filter.status == s));
  data.set("statuses", statuses);
  std::string base = std::string(kBase) + "?fiche=" + web::url_encode(filter.page_slug) +
                     "&programme=" + std::to_string(filter.programme_id) + "&statut=" + filter.status + "&";
  data.set("pager", web::pagination(ctx, page, Service::kPerPage, result.total, base));
  return ctx.render("website/quotes/index", data, ctx.t("citations.title"));
}

http::Response outings_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  auto result = service.outing_quotes(page);
  Data rows{Data::type::list};
  for (const auto& item : result.items) {
    Data row{Data::type::object};
    row.set("text", item.quote.quote);
    row.set("relais", item.quote.relais);
    row.set("offer", item.quote.offer_title);
    row.set("recorded_on", short_french_date(local_day(item.quote.recorded_at)));
    row.set("picked", web::flag(item.picked));
    row.set("pick_url", std::string(kBase) + "/sorties/" + std::to_string(item.quote.booking_id));
    rows.push_back(row);
  }
  Data data{Data::type::object};
  data.set("quotes", rows);
  data.set("empty", web::flag(result.total == 0));
  data.set("pager", web::pagination(ctx, page, Service::kPerPage, result.total, std::string(kBase) + "/sorties?"));
  return ctx.render("website/quotes/outings", data, ctx.t("citations.outings_title"));
}

http::Response trainings_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  auto result = service.training_answers(page);
  Data rows{Data::type::list};
  for (const auto& item : result.items) {
    Data row{Data::type::object};
    row.set("text", item.answer.text);
    row.set("questionnaire", item.answer.questionnaire);
    web::set_if(row, "programme", item.answer.programme);
    row.set("consent_on", short_french_date(monday_of(item.answer.week)));
    row.set("picked", web::flag(item.picked));
    row.set("answer", std::to_string(item.answer.answer_id));
    rows.push_back(row);
  }
  Data data{Data::type::object};
  data.set("quotes", rows);
  data.set("empty", web::flag(result.total == 0));
  data.set("pager", web::pagination(ctx, page, Service::kPerPage, result.total, std::string(kBase) + "/formations?"));
  return ctx.render("website/quotes/trainings", data, ctx.t("citations.trainings_title"));
}

// An answer's id: answers have random 63-bit ids (up to 19 digits, longer than a path's {id:int}).
long long answer_id_of(const std::string& text) {
  long long id = 0;
  if (text.empty() || text.size() > 19) return 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() && id > 0 ? id : 0;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::site_edit, [&service](Context& ctx) { return index_page(ctx, service); });

  app.get("/admin/citations/nouvelle", web::perm::site_edit,
          [&service](Context& ctx) { return form_page(ctx, service, 0, QuoteInput{}, Outcome::success(), 200); });

  app.post(kBase, web::perm::site_edit, [&service](Context& ctx) {
    QuoteInput in = input_of(ctx);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(
        ctx, outcome, "citations.created", quote_url(outcome.id),
        [&](const Outcome& failed, int status) { return form_page(ctx, service, 0, in, failed, status); });
  });

  app.get("/admin/citations/{id:int}", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto q = service.find(id);
    if (!q) return ctx.error(404);
    return form_page(ctx, service, id, input_from(*q), Outcome::success(), 200);
  });

  app.post("/admin/citations/{id:int}", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    QuoteInput in = input_of(ctx);
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "citations.updated", quote_url(id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, id, in, failed, status);
    });
  });

  for (const auto& [suffix, published] : {std::pair<const char*, bool>{"publier", true}, {"depublier", false}}) {
    const bool to = published;
    app.post(std::string("/admin/citations/{id:int}/") + suffix, web::perm::site_edit, [&service, to](Context& ctx) {
      long long id = ctx.req.int_param("id");
      auto outcome = service.publish(web::actor_of(ctx), ctx.me(), id, to);
      return web::finish(ctx, outcome, to ? "citations.published" : "citations.unpublished", quote_url(id),
                         web::back_to(ctx, quote_url(id)));
    });
  }

  app.post("/admin/citations/{id:int}/retirer", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.withdraw(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "citations.withdrawn", quote_url(id), web::back_to(ctx, quote_url(id)));
  });

  app.get("/admin/citations/sorties", web::perm::site_edit,
          [&service](Context& ctx) { return outings_page(ctx, service); });

  app.get("/admin/citations/formations", web::perm::site_edit,
          [&service](Context& ctx) { return trainings_page(ctx, service); });

  app.post("/admin/citations/formations", web::perm::site_edit, [&service](Context& ctx) {
    auto outcome = service.pick_training(web::actor_of(ctx), ctx.me(), answer_id_of(ctx.form.get("answer")));
    const std::string back = std::string(kBase) + "/formations";
    return web::finish(ctx, outcome, "citations.picked", quote_url(outcome.id), web::back_to(ctx, back));
  });

  app.post("/admin/citations/sorties/{booking:int}", web::perm::site_edit, [&service](Context& ctx) {
    auto outcome = service.pick_outing(web::actor_of(ctx), ctx.me(), ctx.req.int_param("booking"));
    const std::string back = std::string(kBase) + "/sorties";
    return web::finish(ctx, outcome, "citations.picked", quote_url(outcome.id), web::back_to(ctx, back));
  });
}

}  // namespace trame::website::quotes
