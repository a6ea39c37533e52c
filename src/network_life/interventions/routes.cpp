#include <algorithm>

#include "network_life/interventions/rules.hpp"
#include "network_life/interventions/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::interventions {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const std::string kBase = "/programmes/interventions";

std::string offer_url(long long id) {
  return kBase + "/" + std::to_string(id);
}
std::string request_url(long long id) {
  return kBase + "/demandes/" + std::to_string(id);
}

const Principal* who(Context& ctx) {
  return ctx.user ? static_cast<const Principal*>(&*ctx.user) : nullptr;
}

std::string minutes_label(Context& ctx, long long minutes) {
  if (minutes <= 0) return "";
  if (minutes < 60) return ctx.t("interventions.minutes", {{"n", std::to_string(minutes)}});
  std::string m = minutes % 60 ? (minutes % 60 < 10 ? "0" : "") + std::to_string(minutes % 60) : std::string("00");
  return ctx.t("interventions.hours", {{"h", std::to_string(minutes / 60)}, {"m", m}});
}

std::string day_label(const std::string& iso) {
  return short_french_date(iso);
}

Data base(Context& ctx) {
  Data data{Data::type::object};
  data.set("base_url", kBase);
  data.set("requests_url", kBase + "/demandes");
  data.set("calendar_url", kBase + "/calendrier");
  data.set("figures_url", kBase + "/bilan");
  data.set("signed_in", web::flag(ctx.user.has_value()));
  return data;
}

void set_field_error(Context& ctx, Data& data, const Outcome& outcome) {
  if (outcome.ok) return;
  web::set_error(data, ctx, outcome);
  if (!outcome.field.empty()) data.set("error_anchor", "f-" + outcome.field);
}

OfferInput offer_input(const http::Form& f) {
  return {f.get("organiser"), f.get("title"),    f.get("description"), f.get("duration"),
          f.get("audience"),  f.get("capacity"), f.get("needs"),       f.get("published") == "1"};
}

OfferInput input_of(const Offer& o) {
  return {std::to_string(o.organiser_id),
          o.title,
          o.description,
          o.duration_minutes ? std::to_string(o.duration_minutes) : "",
          o.audience,
          o.capacity ? std::to_string(o.capacity) : "",
          o.needs,
          o.published};
}

void set_offer_form(Context& ctx, Service& service, Data& data, const OfferInput& in, bool with_organiser) {
  data.set("f_title", in.title);
  data.set("f_description", in.description);
  data.set("f_duration", in.duration);
  data.set("f_audience", in.audience);
  data.set("f_capacity", in.capacity);
  data.set("f_needs", in.needs);
  data.set("f_published", web::flag(in.published));
  if (with_organiser) {
    Data orgs{Data::type::list};
    auto managed = service.managed_organisers(ctx.me());
    for (const auto& o : managed) {
      Data d{Data::type::object};
      d.set("value", std::to_string(o.id));
      d.set("label", o.name);
      d.set("selected", web::flag(std::to_string(o.id) == in.organiser));
      orgs.push_back(d);
    }
    data.set("organisers", orgs);
  }
}

Data offer_data(Context& ctx, const Offer& o) {
  Data d{Data::type::object};
  d.set("id", std::to_string(o.id));
  d.set("url", offer_url(o.id));
  d.set("title", o.title);
  d.set("organiser", o.organiser_name);
  d.set("description", o.description);
  set_if(d, "duration", minutes_label(ctx, o.duration_minutes));
  set_if(d, "audience", o.audience);
  if (o.capacity) d.set("capacity", ctx.t("interventions.offer.capacity_value", {{"n", std::to_string(o.capacity)}}));
  set_if(d, "needs", o.needs);
  d.set("unpublished", web::flag(!o.published));
  return d;
}

// ---- Catalogue

http::Response catalogue_page(Context& ctx, Service& service, const OfferInput* typed, const Outcome& outcome,
                              int status) {
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& o : service.catalogue(who(ctx))) items.push_back(offer_data(ctx, o));
  data.set("offers", items);
  data.set("empty", web::flag(items.is_empty_list()));
  bool manages = ctx.user && service.manages_any(ctx.me());
  data.set("manages", web::flag(manages));
  if (manages) {
    OfferInput blank;
    set_offer_form(ctx, service, data, typed ? *typed : blank, true);
    if (!typed) data.set("f_published", web::flag(true));
    data.set("open_form", web::flag(typed != nullptr));
  }
  set_field_error(ctx, data, outcome);
  return ctx.render("network_life/interventions/catalogue", data, ctx.t("interventions.catalogue.title"), status);
}

// The request form's fields (the offer's page).
void set_request_form(Context& ctx, Service& service, Data& data, const RequestInput& in) {
  auto mine = Service::requester_organisations(ctx.me());
  Data orgs{Data::type::list};
  for (const auto& o : mine) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.name);
    d.set("selected", web::flag(std::to_string(o.id) == in.requester_org));
    orgs.push_back(d);
  }
  data.set("requester_orgs", orgs);
  data.set("several_orgs", web::flag(mine.size() > 1));
  if (mine.size() == 1) data.set("only_org", std::to_string(mine.front().id));
  data.set("f_date1", in.date1);
  data.set("f_date2", in.date2);
  data.set("f_date3", in.date3);
  data.set("min_date", local_day(store::now_seconds() + 86400));
  data.set("audiences", web::options(ctx, audiences(), "interventions.audiences.", in.audience));
  data.set("f_expected_count", in.expected_count);
  std::string place = in.place_org.empty() && !mine.empty() ? std::to_string(mine.front().id) : in.place_org;
  Data places{Data::type::list};
  for (const auto& o : service.directory()) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.name);
    d.set("selected", web::flag(std::to_string(o.id) == place));
    places.push_back(d);
  }
  data.set("places", places);
  data.set("f_place_address", in.place_address);
  data.set("f_neighbourhood", in.neighbourhood);
  data.set("f_priority_area", web::flag(in.priority_area));
  data.set("f_contact_name", in.contact_name.empty() && ctx.user ? ctx.me().name : in.contact_name);
  data.set("f_contact_email", in.contact_email.empty() && ctx.user ? ctx.me().email : in.contact_email);
  data.set("f_contact_phone", in.contact_phone);
  data.set("f_message", in.message);
}

RequestInput request_input(const http::Form& f) {
  RequestInput in;
  in.requester_org = f.get("requester_org");
  in.date1 = f.get("date1");
  in.date2 = f.get("date2");
  in.date3 = f.get("date3");
  in.audience = f.get("audience");
  in.expected_count = f.get("expected_count");
  in.place_org = f.get("place_org");
  in.place_address = f.get("place_address");
  in.neighbourhood = f.get("neighbourhood");
  in.priority_area = f.get("priority_area") == "1";
  in.contact_name = f.get("contact_name");
  in.contact_email = f.get("contact_email");
  in.contact_phone = f.get("contact_phone");
  in.message = f.get("message");
  return in;
}

http::Response offer_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                          int status = 200, const std::string& form = "") {
  auto o = service.offer(who(ctx), id);
  if (!o) return ctx.error(404);
  Data data = base(ctx);
  Data d = offer_data(ctx, *o);
  data.set("offer", d);
  data.set("url", offer_url(id));
  bool manages = ctx.user && Service::may_manage(ctx.me(), o->organiser_id);
  data.set("manages", web::flag(manages));
  if (manages) {
    OfferInput in = form == "offer" ? offer_input(ctx.form) : input_of(*o);
    set_offer_form(ctx, service, data, in, false);
    data.set("open_edit", web::flag(form == "offer"));
  }
  bool may_request = ctx.user && o->published && !Service::requester_organisations(ctx.me()).empty();
  data.set("may_request", web::flag(may_request));
  data.set("sign_in_url", "/connexion?next=" + web::url_encode(offer_url(id)));
  if (may_request) set_request_form(ctx, service, data, form == "request" ? request_input(ctx.form) : RequestInput{});
  if (!outcome.ok) {
    if (form == "offer") web::set_error(data, ctx, outcome);
    else web::set_error(data, ctx, outcome, form);
    if (!outcome.field.empty()) data.set("error_anchor", "f-" + outcome.field);
  }
  return ctx.render("network_life/interventions/offer", data, o->title, status);
}

// ---- Requests

Data request_row(Context& ctx, Service& service, const Request& r) {
  Data d{Data::type::object};
  d.set("url", request_url(r.id));
  d.set("id", std::to_string(r.id));
  d.set("offer", r.offer_title);
  d.set("requester", r.requester_org_name);
  d.set("place", r.place_org_name);
  d.set("status", r.status);
  d.set("status_label", ctx.t("interventions.statuses." + r.status));
  if (r.starts_at) d.set("when", service.when(r.starts_at, r.ends_at));
  std::string wanted;
  for (const auto& x : r.wanted_dates()) wanted += (wanted.empty() ? "" : ", ") + day_label(x);
  d.set("wanted", wanted);
  d.set("audience", ctx.t("interventions.audiences." + r.audience));
  d.set("expected", std::to_string(r.expected_count));
  if (r.status == "done") d.set("participants", std::to_string(r.participants()));
  return d;
}

http::Response requests_page(Context& ctx, Service& service) {
  std::string filter = ctx.req.query_param("etat").value_or("");
  if (!is_one_of(filter, statuses())) filter.clear();
  auto page = service.list(ctx.me(), filter, static_cast<int>(web::page_param(ctx.req)));
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& r : page.items) items.push_back(request_row(ctx, service, r));
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  std::vector<std::string> choices = {""};
  for (const auto& s : statuses()) choices.push_back(s);
  Data options{Data::type::list};
  for (const auto& s : choices) {
    Data o{Data::type::object};
    o.set("value", s);
    o.set("label", s.empty() ? ctx.t("interventions.requests.all") : ctx.t("interventions.statuses." + s));
    o.set("selected", web::flag(s == filter));
    options.push_back(o);
  }
  data.set("filters", options);
  data.set("total", ctx.t("interventions.requests.total", {{"n", std::to_string(page.total)}}));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total,
                                         kBase + "/demandes?" + (filter.empty() ? "" : "etat=" + filter + "&")));
  data.set("manages", web::flag(service.manages_any(ctx.me())));
  return ctx.render("network_life/interventions/requests", data, ctx.t("interventions.requests.title"));
}

http::Response calendar_page(Context& ctx, Service& service) {
  bool past = ctx.req.query_param("passees").value_or("") == "1";
  auto page = service.calendar(ctx.me(), past, static_cast<int>(web::page_param(ctx.req)));
  Data data = base(ctx);
  Data items{Data::type::list};
  std::string month;
  for (const auto& r : page.items) {
    Data d = request_row(ctx, service, r);
    std::string m = format_local(r.starts_at, "%Y-%m");
    if (m != month) {
      month = m;
      d.set("month",
            ctx.t("interventions.months.m" + format_local(r.starts_at, "%m")) + " " + format_local(r.starts_at, "%Y"));
    }
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("past", web::flag(past));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total,
                                         kBase + "/calendrier?" + (past ? "passees=1&" : "")));
  return ctx.render("network_life/interventions/calendar", data, ctx.t("interventions.calendar.title"));
}

http::Response request_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            int status = 200, const std::string& form = "") {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Request& r = v->request;
  long long now = store::now_seconds();
  bool typed = !outcome.ok;
  auto typed_or = [&](const std::string& f, const std::string& field, const std::string& fallback) {
    return typed && form == f ? ctx.form.get(field) : fallback;
  };
  Data data = base(ctx);
  data.set("url", request_url(id));
  Data row = request_row(ctx, service, r);
  data.set("r", row);
  data.set("offer_url", offer_url(r.offer_id));
  data.set("organiser", r.organiser_name);
  data.set("place_address", r.place_address);
  set_if(data, "neighbourhood", r.neighbourhood);
  set_if(data, "commune", r.commune_name);
  data.set("priority_area", web::flag(r.priority_area));
  data.set("contact_name", r.contact_name);
  data.set("contact_email", r.contact_email);
  set_if(data, "contact_phone", r.contact_phone);
  set_if(data, "message", r.message);
  data.set("created", web::format_datetime(r.created_at, ctx.locale));
  set_if(data, "decline_reason", r.decline_reason);
  set_if(data, "decision_note", r.decision_note);
  set_if(data, "cancel_reason", r.cancel_reason);
  data.set("manages", web::flag(v->manages));
  data.set("requester", web::flag(v->requester));
  data.set("is_accepted", web::flag(r.status == "accepted"));

  bool started = r.starts_at > 0 && r.starts_at <= now;
  // Decide (managers, requested).
  bool may_decide_now = v->manages && may_decide(r.status);
  data.set("may_decide", web::flag(may_decide_now));
  if (may_decide_now) {
    std::string chosen = typed_or("accept", "date", "");
    Data dates{Data::type::list};
    for (const auto& x : r.wanted_dates()) {
      Data d{Data::type::object};
      d.set("value", x);
      d.set("label", day_label(x));
      d.set("past", web::flag(x <= local_day(now)));
      d.set("checked", web::flag(chosen == x));
      dates.push_back(d);
    }
    data.set("wanted_dates", dates);
    data.set("other_checked", web::flag(chosen == "other"));
    data.set("f_other_date", typed_or("accept", "other_date", ""));
    data.set("f_starts", typed_or("accept", "starts", "14:00"));
    data.set("f_ends", typed_or("accept", "ends", "16:00"));
    data.set("f_note", typed_or("accept", "note", ""));
    data.set("f_reason", typed_or("decline", "reason", ""));
    data.set("min_date", local_day(now + 86400));
  }
  data.set("may_confirm", web::flag(v->requester && may_confirm(r.status) && r.starts_at > now));
  bool cancellable = may_cancel(r.status) && !started;
  data.set("may_cancel", web::flag(cancellable));
  data.set("f_cancel_reason", typed_or("cancel", "cancel_reason", ""));
  // Attendance (managers, after the start).
  bool may_attend = v->manages && may_record_attendance(r.status) && started;
  data.set("may_attend", web::flag(may_attend));
  data.set("not_started", web::flag(v->manages && r.status == "scheduled" && !started));
  data.set("done", web::flag(r.status == "done"));
  Data counts{Data::type::list};
  const long long values[] = {r.attended_children, r.attended_youth, r.attended_adults, r.attended_seniors};
  for (std::size_t i = 0; i < attendance_categories().size(); ++i) {
    const auto& c = attendance_categories()[i];
    Data d{Data::type::object};
    d.set("key", c);
    d.set("label", ctx.t("interventions.categories." + c));
    d.set("count", std::to_string(values[i]));
    d.set("value", typed_or("attendance", "count_" + c, r.status == "done" ? std::to_string(values[i]) : ""));
    d.set("invalid", web::flag(typed && form == "attendance" && outcome.field == "count_" + c));
    counts.push_back(d);
  }
  data.set("counts", counts);
  data.set("participants", std::to_string(r.participants()));
  // Feedback.
  set_if(data, "team_feedback", r.team_feedback);
  data.set("may_feedback", web::flag(v->manages && r.status == "done"));
  data.set("f_feedback", typed_or("feedback", "feedback", r.team_feedback));
  if (r.satisfaction) data.set("satisfaction", std::to_string(r.satisfaction));
  set_if(data, "satisfaction_comment", r.satisfaction_comment);
  bool may_rate = v->requester && r.status == "done";
  data.set("may_rate", web::flag(may_rate));
  if (may_rate) {
    std::string chosen = typed_or("satisfaction", "satisfaction", r.satisfaction ? std::to_string(r.satisfaction) : "");
    Data scale{Data::type::list};
    for (int i = 1; i <= 5; ++i) {
      Data d{Data::type::object};
      d.set("value", std::to_string(i));
      d.set("label", ctx.t("interventions.satisfaction.s" + std::to_string(i)));
      d.set("checked", web::flag(chosen == std::to_string(i)));
      scale.push_back(d);
    }
    data.set("scale", scale);
    data.set("f_comment", typed_or("satisfaction", "comment", r.satisfaction_comment));
  }
  if (!outcome.ok) {
    web::set_error(data, ctx, outcome, form);
    if (!outcome.field.empty()) data.set("error_anchor", "f-" + outcome.field);
  }
  return ctx.render("network_life/interventions/request", data,
                    ctx.t("interventions.request.title", {{"id", std::to_string(id)}, {"offer", r.offer_title}}),
                    status);
}

web::FormAgain again(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return request_page(ctx, service, id, o, status, form);
  };
}

http::Response figures_page(Context& ctx, Service& service) {
  auto managed = service.managed_organisers(ctx.me());
  if (managed.empty()) return ctx.refused(Outcome::forbidden("interventions.errors.managers_only"));
  long long organiser = web::parse_id(ctx.req.query_param("organisation").value_or(""));
  if (!organiser) {
    // The first managed organiser that offers something (administrators: every organisation).
    for (const auto& o : service.catalogue(&ctx.me()))
      if (Service::may_manage(ctx.me(), o.organiser_id)) {
        organiser = o.organiser_id;
        break;
      }
    if (!organiser) organiser = managed.front().id;
  }
  std::string year_text = ctx.req.query_param("annee").value_or("");
  int year = year_text.empty() ? std::stoi(format_local(store::now_seconds(), "%Y"))
                               : static_cast<int>(parse_count(year_text, 9999));
  YearFigures f;
  auto outcome = service.figures(ctx.me(), organiser, year, f);
  if (!outcome.ok) return ctx.refused(outcome);
  Data data = base(ctx);
  std::string name;
  for (const auto& o : managed)
    if (o.id == organiser) name = o.name;
  data.set("organiser", name);
  data.set("organiser_id", std::to_string(organiser));
  data.set("year", std::to_string(year));
  data.set("previous_url",
           kBase + "/bilan?organisation=" + std::to_string(organiser) + "&annee=" + std::to_string(year - 1));
  data.set("next_url",
           kBase + "/bilan?organisation=" + std::to_string(organiser) + "&annee=" + std::to_string(year + 1));
  data.set("previous_year", std::to_string(year - 1));
  data.set("next_year", std::to_string(year + 1));
  data.set("done", std::to_string(f.done));
  data.set("participants", std::to_string(f.participants));
  data.set("children", std::to_string(f.children));
  data.set("youth", std::to_string(f.youth));
  data.set("adults", std::to_string(f.adults));
  data.set("seniors", std::to_string(f.seniors));
  data.set("in_priority_areas", std::to_string(f.in_priority_areas));
  data.set("requests", std::to_string(f.requests));
  data.set("declined", std::to_string(f.declined));
  data.set("cancelled", std::to_string(f.cancelled));
  if (f.satisfaction_count) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", f.satisfaction_average);
    std::string avg = buf;
    std::replace(avg.begin(), avg.end(), '.', ',');
    data.set("satisfaction", ctx.t("interventions.figures.satisfaction_value",
                                   {{"avg", avg}, {"n", std::to_string(f.satisfaction_count)}}));
  }
  auto list = [](const std::vector<std::string>& v) {
    Data l{Data::type::list};
    for (const auto& x : v) {
      Data d{Data::type::object};
      d.set("name", x);
      l.push_back(d);
    }
    return l;
  };
  data.set("communes", list(f.communes));
  data.set("no_communes", web::flag(f.communes.empty()));
  data.set("neighbourhoods", list(f.neighbourhoods));
  data.set("no_neighbourhoods", web::flag(f.neighbourhoods.empty()));
  Data orgs{Data::type::list};
  if (managed.size() > 1 && managed.size() <= 300)
    for (const auto& o : managed) {
      Data d{Data::type::object};
      d.set("value", std::to_string(o.id));
      d.set("label", o.name);
      d.set("selected", web::flag(o.id == organiser));
      orgs.push_back(d);
    }
  data.set("organisers", orgs);
  data.set("choose_organiser", web::flag(!orgs.is_empty_list()));
  return ctx.render("network_life/interventions/figures", data,
                    ctx.t("interventions.figures.title", {{"year", std::to_string(year)}}));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::public_access,
          [&service](Context& ctx) { return catalogue_page(ctx, service, nullptr, Outcome::success(), 200); });
  app.post(kBase, web::perm::authenticated, [&service](Context& ctx) {
    OfferInput in = offer_input(ctx.form);
    auto outcome = service.create_offer(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "interventions.offer.created", offer_url(outcome.id),
                       [&](const Outcome& o, int status) { return catalogue_page(ctx, service, &in, o, status); });
  });
  app.get(kBase + "/demandes", web::perm::authenticated,
          [&service](Context& ctx) { return requests_page(ctx, service); });
  app.get(kBase + "/calendrier", web::perm::authenticated,
          [&service](Context& ctx) { return calendar_page(ctx, service); });
  app.get(kBase + "/bilan", web::perm::authenticated, [&service](Context& ctx) { return figures_page(ctx, service); });
  app.get(kBase + "/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return offer_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.update_offer(web::actor_of(ctx), ctx.me(), id, offer_input(ctx.form));
    return web::finish(ctx, outcome, "interventions.offer.updated", offer_url(id),
                       [&](const Outcome& o, int status) { return offer_page(ctx, service, id, o, status, "offer"); });
  });
  app.post(kBase + "/{id:int}/demandes", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.create_request(web::actor_of(ctx), ctx.me(), id, request_input(ctx.form));
    return web::finish(
        ctx, outcome, "interventions.request.created", request_url(outcome.id),
        [&](const Outcome& o, int status) { return offer_page(ctx, service, id, o, status, "request"); });
  });
  app.get(kBase + "/demandes/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return request_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/demandes/{id:int}/acceptation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    AcceptInput in{ctx.form.get("date"), ctx.form.get("other_date"), ctx.form.get("starts"), ctx.form.get("ends"),
                   ctx.form.get("note")};
    auto outcome = service.accept(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "interventions.request.accepted_done", request_url(id),
                       again(ctx, service, id, "accept"));
  });
  app.post(kBase + "/demandes/{id:int}/refus", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.decline(web::actor_of(ctx), ctx.me(), id, ctx.form.get("reason"));
    return web::finish(ctx, outcome, "interventions.request.declined_done", request_url(id),
                       again(ctx, service, id, "decline"));
  });
  app.post(kBase + "/demandes/{id:int}/confirmation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.confirm(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "interventions.request.confirmed_done", request_url(id),
                       again(ctx, service, id, "confirm"));
  });
  app.post(kBase + "/demandes/{id:int}/annulation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), id, ctx.form.get("cancel_reason"));
    return web::finish(ctx, outcome, "interventions.request.cancelled_done", request_url(id),
                       again(ctx, service, id, "cancel"));
  });
  app.post(kBase + "/demandes/{id:int}/presences", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    AttendanceInput in{ctx.form.get("count_children"), ctx.form.get("count_youth"), ctx.form.get("count_adults"),
                       ctx.form.get("count_seniors")};
    auto outcome = service.record_attendance(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "interventions.attendance.saved", request_url(id) + "#bilan",
                       again(ctx, service, id, "attendance"));
  });
  app.post(kBase + "/demandes/{id:int}/retour-equipe", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.team_feedback(web::actor_of(ctx), ctx.me(), id, ctx.form.get("feedback"));
    return web::finish(ctx, outcome, "interventions.feedback.saved", request_url(id) + "#bilan",
                       again(ctx, service, id, "feedback"));
  });
  app.post(kBase + "/demandes/{id:int}/satisfaction", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.satisfaction(web::actor_of(ctx), ctx.me(), id, ctx.form.get("satisfaction"), ctx.form.get("comment"));
    return web::finish(ctx, outcome, "interventions.satisfaction.saved", request_url(id) + "#bilan",
                       again(ctx, service, id, "satisfaction"));
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(430, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    long long total = 0;
    auto waiting = service.awaiting(ctx.me(), 5, total);
    if (waiting.empty()) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "interventions-awaiting";
    panel.title = ctx.t("interventions.dashboard.awaiting");
    panel.empty = ctx.t("interventions.dashboard.awaiting_empty");
    panel.more_url = kBase + "/demandes?etat=requested";
    panel.more_label = ctx.t("interventions.dashboard.awaiting_more");
    if (total > static_cast<long long>(waiting.size())) panel.count = total;
    for (const auto& r : waiting) {
      std::string wanted;
      for (const auto& x : r.wanted_dates()) wanted += (wanted.empty() ? "" : ", ") + day_label(x);
      panel.items.push_back({ctx.t("interventions.dashboard.awaiting_item",
                                   {{"offer", r.offer_title}, {"requester", r.requester_org_name}}),
                             request_url(r.id), ctx.t("interventions.dashboard.wanted", {{"dates", wanted}}), "",
                             !r.date1.empty() && r.date1 <= local_day(store::now_seconds() + 14 * 86400)});
    }
    return panel;
  });
  dashboard.add(431, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    auto next = service.next_for(ctx.me());
    if (!next) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "interventions-next";
    panel.title = ctx.t("interventions.dashboard.next");
    panel.empty = ctx.t("interventions.dashboard.next_empty");
    panel.more_url = kBase + "/calendrier";
    panel.more_label = ctx.t("interventions.dashboard.next_more");
    panel.items.push_back(
        {next->offer_title, request_url(next->id),
         next->status == "accepted" ? ctx.t("interventions.dashboard.to_confirm") : next->place_org_name,
         service.when(next->starts_at, next->ends_at), next->status == "accepted"});
    return panel;
  });
}

}  // namespace trame::interventions
