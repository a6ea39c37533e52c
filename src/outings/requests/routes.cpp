// Routes of group requests (docs/outings.md « Demandes de visite de groupe »): the request form of an offer
// « sur demande » (referents), the list of requests (the venue's and the relais's), a request's thread and
// the moves of either side. The service decides who may do what; a request neither side may see is a 404.
#include "outings/requests/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::outing_requests {

namespace {

using web::Context;
using web::Data;

const char* const kAgeFields[6] = {"age_0", "age_1", "age_2", "age_3", "age_4", "age_5"};

std::string request_url(long long id) {
  return "/sorties/demandes/" + std::to_string(id);
}

std::string or_zero(const std::string& typed) {
  return typed.empty() ? "0" : typed;
}

RequestInput request_input(const Context& ctx) {
  RequestInput in;
  in.organisation = ctx.form.get("organisation");
  for (int i = 1; i <= 5; ++i) in.dates.push_back(ctx.form.get("date" + std::to_string(i)));
  for (const char* f : kAgeFields) in.ages.emplace_back(ctx.form.get(f));
  in.staff = ctx.form.get("staff");
  in.needs = ctx.form.get("needs");
  in.message = ctx.form.get("message");
  return in;
}

void set_failure(Context& ctx, Data& data, const Outcome& o, const web::Params& why, const std::string& form = "") {
  if (o.ok) return;
  data.set("error", ctx.t(o.error, why));
  if (!o.field.empty()) data.set("error_" + (form.empty() ? "" : form + "_") + o.field, web::flag(true));
}

http::Response form_page(Context& ctx, Service& service, long long offer_id, const RequestInput* typed,
                         const Outcome& outcome, const web::Params& why, int status) {
  auto offer = service.requestable(offer_id);
  if (!offer) return ctx.error(404);
  Data data{Data::type::object};
  data.set("title", offer->title);
  data.set("offer_url", "/sorties/offres/" + std::to_string(offer_id));
  data.set("action", "/sorties/offres/" + std::to_string(offer_id) + "/demande");
  std::string refusal;
  long long refused_relais = 0;
  Data relais{Data::type::list};
  long long chosen = typed ? std::atoll(typed->organisation.c_str()) : 0;
  for (long long o : service.eligible_relais(ctx.me(), refusal, refused_relais)) {
    Data r{Data::type::object};
    r.set("value", std::to_string(o));
    r.set("label", service.organisation_name(o));
    r.set("selected", web::flag(o == chosen));
    relais.push_back(r);
  }
  if (relais.is_empty_list())
    data.set("refusal", refusal.empty() ? ctx.t("bookings.eligibility.no_relais")
                                        : ctx.t(refusal, {{"relais", service.organisation_name(refused_relais)}}));
  data.set("can_ask", web::flag(!relais.is_empty_list()));
  data.set("relais", relais);
  Data dates{Data::type::list};
  for (int i = 0; i < 3; ++i) {
    Data d{Data::type::object};
    d.set("name", "date" + std::to_string(i + 1));
    d.set("label", ctx.t("outing_requests.form.date", {{"n", std::to_string(i + 1)}}));
    d.set("value", typed && typed->dates.size() > static_cast<std::size_t>(i) ? typed->dates[i] : "");
    d.set("required", web::flag(i == 0));
    d.set("invalid", web::flag(!outcome.ok && outcome.field == "date" + std::to_string(i + 1)));
    dates.push_back(d);
  }
  data.set("dates", dates);
  Data bands{Data::type::list};
  for (std::size_t i = 0; i < 6; ++i) {
    Data b{Data::type::object};
    b.set("name", kAgeFields[i]);
    b.set("label", ctx.t("bookings.age_bands." + bookings::age_bands()[i]));
    b.set("value", typed && typed->ages.size() > i ? or_zero(typed->ages[i]) : "0");
    b.set("invalid", web::flag(!outcome.ok && outcome.field == kAgeFields[i]));
    bands.push_back(b);
  }
  data.set("bands", bands);
  data.set("staff", typed ? or_zero(typed->staff) : "0");
  data.set("needs", typed ? or_zero(typed->needs) : "0");
  data.set("message", typed ? typed->message : "");
  set_failure(ctx, data, outcome, why);
  return ctx.render("outings/requests/form", data, ctx.t("outing_requests.form.title", {{"title", offer->title}}),
                    status);
}

Data row_of(Context& ctx, const Request& r) {
  Data d{Data::type::object};
  d.set("id", std::to_string(r.id));
  d.set("url", request_url(r.id));
  d.set("offer", r.offer_title);
  d.set("venue", r.venue_name);
  d.set("relais", r.organisation_name);
  d.set("status", r.status);
  d.set("status_label", ctx.t("outing_requests.statuses." + r.status));
  d.set("headcount",
        ctx.t("outing_requests.headcount", {{"n", std::to_string(r.headcount())}, {"staff", std::to_string(r.staff)}}));
  std::string wanted;
  for (long long at : r.dates)
    if (at) wanted += (wanted.empty() ? "" : " ; ") + web::format_datetime(at, ctx.locale);
  d.set("wanted", wanted);
  if (r.proposed_at) d.set("proposed", web::format_datetime(r.proposed_at, ctx.locale));
  d.set("updated", web::format_datetime(r.updated_at, ctx.locale));
  return d;
}

http::Response list_page(Context& ctx, Service& service) {
  std::string status = ctx.req.query_param("etat").value_or("");
  if (!is_one_of(status, statuses())) status.clear();
  Page page = service.list(ctx.me(), status, static_cast<int>(web::page_param(ctx.req)));
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& r : page.items) items.push_back(row_of(ctx, r));
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  Data options{Data::type::list};
  std::vector<std::string> choices = {""};
  for (const auto& s : statuses()) choices.push_back(s);
  for (const auto& s : choices) {
    Data o{Data::type::object};
    o.set("value", s);
    o.set("label", s.empty() ? ctx.t("outing_requests.list.all") : ctx.t("outing_requests.statuses." + s));
    o.set("selected", web::flag(s == status));
    options.push_back(o);
  }
  data.set("filters", options);
  data.set("total", ctx.t("outing_requests.list.total", {{"n", std::to_string(page.total)}}));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total,
                                         "/sorties/demandes?" + (status.empty() ? "" : "etat=" + status + "&")));
  return ctx.render("outings/requests/list", data, ctx.t("outing_requests.list.title"));
}

http::Response request_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            const web::Params& why = {}, int status = 200, const std::string& form = "") {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Request& r = v->request;
  Data data{Data::type::object};
  data.set("url", request_url(id));
  data.set("r", row_of(ctx, r));
  data.set("offer_url", "/sorties/offres/" + std::to_string(r.offer_id));
  Data people{Data::type::list};
  for (std::size_t i = 0; i < 6; ++i) {
    if (!r.ages[i]) continue;
    Data p{Data::type::object};
    p.set("label", ctx.t("bookings.age_bands." + bookings::age_bands()[i]));
    p.set("n", std::to_string(r.ages[i]));
    people.push_back(p);
  }
  data.set("people", people);
  data.set("staff", std::to_string(r.staff));
  data.set("needs", std::to_string(r.needs));
  if (!r.decline_reason.empty()) data.set("decline_reason", r.decline_reason);
  if (r.booking_id) data.set("booking_url", "/sorties/reservations/" + std::to_string(r.booking_id));
  if (r.slot_id) data.set("slot_url", "/sorties/creneaux/" + std::to_string(r.slot_id));
  Data thread{Data::type::list};
  for (const auto& m : v->thread) {
    Data line{Data::type::object};
    line.set("who", ctx.t("outing_requests.sides." + m.side,
                          {{"name", m.side == "venue" ? r.venue_name : r.organisation_name}}));
    line.set("kind", ctx.t("outing_requests.kinds." + m.kind));
    line.set("body", m.body);
    line.set("at", web::format_datetime(m.created_at, ctx.locale));
    thread.push_back(line);
  }
  data.set("thread", thread);
  const bool open = is_open(r.status);
  data.set("may_write", web::flag(open));
  data.set("venue_side", web::flag(open && v->venue_side));
  data.set("relais_side", web::flag(open && v->relais_side));
  data.set("may_take_proposal", web::flag(open && v->relais_side && r.status == "proposed"));
  Data choices{Data::type::list};
  for (int i = 0; i < 3; ++i) {
    if (!r.dates[i]) continue;
    Data c{Data::type::object};
    c.set("value", std::to_string(i + 1));
    c.set("label", web::format_datetime(r.dates[i], ctx.locale));
    choices.push_back(c);
  }
  data.set("choices", choices);
  set_failure(ctx, data, outcome, why, form);
  return ctx.render("outings/requests/request", data,
                    ctx.t("outing_requests.request.title", {{"id", std::to_string(id)}}), status);
}

web::FormAgain again(Context& ctx, Service& service, long long id, const web::Params& why, const std::string& form) {
  return [&ctx, &service, id, why, form](const Outcome& o, int status) {
    return request_page(ctx, service, id, o, why, status, form);
  };
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/sorties/offres/{id:int}/demande", web::perm::outings_book, [&service](Context& ctx) {
    return form_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), {}, 200);
  });
  app.post("/sorties/offres/{id:int}/demande", web::perm::outings_book, [&service](Context& ctx) {
    long long offer_id = ctx.req.int_param("id");
    RequestInput in = request_input(ctx);
    web::Params why;
    Outcome o = service.create(web::actor_of(ctx), ctx.me(), offer_id, in, why);
    return web::finish(ctx, o, "outing_requests.flash.sent", request_url(o.id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, offer_id, &in, failed, why, status);
    });
  });
  app.get("/sorties/demandes", web::perm::outings_browse, [&service](Context& ctx) { return list_page(ctx, service); });
  app.get("/sorties/demandes/{id:int}", web::perm::outings_browse,
          [&service](Context& ctx) { return request_page(ctx, service, ctx.req.int_param("id")); });
  app.post("/sorties/demandes/{id:int}/message", web::perm::outings_browse, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.message(web::actor_of(ctx), ctx.me(), id, ctx.form.get("body"));
    return web::finish(ctx, o, "outing_requests.flash.message", request_url(id),
                       again(ctx, service, id, {}, "message"));
  });
  app.post("/sorties/demandes/{id:int}/proposition", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.propose(web::actor_of(ctx), ctx.me(), id, ctx.form.get("proposed"), ctx.form.get("note"));
    return web::finish(ctx, o, "outing_requests.flash.proposed", request_url(id),
                       again(ctx, service, id, {}, "propose"));
  });
  app.post("/sorties/demandes/{id:int}/acceptation", web::perm::outings_browse, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    web::Params why;
    Outcome o = service.accept(web::actor_of(ctx), ctx.me(), id, ctx.form.get("choice"), why);
    return web::finish(ctx, o, "outing_requests.flash.accepted", request_url(id),
                       again(ctx, service, id, why, "accept"));
  });
  app.post("/sorties/demandes/{id:int}/refus", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.decline(web::actor_of(ctx), ctx.me(), id, ctx.form.get("reason"));
    return web::finish(ctx, o, "outing_requests.flash.declined", request_url(id),
                       again(ctx, service, id, {}, "decline"));
  });
  app.post("/sorties/demandes/{id:int}/retrait", web::perm::outings_book, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.withdraw(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, o, "outing_requests.flash.withdrawn", request_url(id),
                       again(ctx, service, id, {}, "withdraw"));
  });
}

}  // namespace trame::outing_requests
