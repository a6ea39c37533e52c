// Routes of group bookings (docs/outings.md « Sorties de groupe »): a referent books places for a group
// of their relais on a slot with a group share (counts by age band, staff, needs; no names). The
// booking's page, cancellation and ticket are the person's (routes.cpp): a group booking is a booking.
#include <algorithm>

#include "outings/bookings/service.hpp"
#include "platform/web/app.hpp"

namespace trame::bookings {

namespace {

using web::Context;
using web::Data;

const char* const kAgeFields[6] = {"age_0", "age_1", "age_2", "age_3", "age_4", "age_5"};

GroupRequest group_request(const Context& ctx) {
  GroupRequest req;
  req.slot_id = ctx.req.int_param("id");
  req.organisation_id = web::parse_id(ctx.form.get("organisation"));
  for (std::size_t i = 0; i < 6; ++i) req.ages[i] = ctx.form.get(kAgeFields[i]);
  req.staff = ctx.form.get("staff");
  req.needs = ctx.form.get("needs");
  req.needs_motor = ctx.form.get("needs_motor") == "1";
  req.needs_visual = ctx.form.get("needs_visual") == "1";
  req.needs_hearing = ctx.form.get("needs_hearing") == "1";
  req.needs_mental = ctx.form.get("needs_mental") == "1";
  req.relais = ctx.me().acting_for(web::perm::outings_book);
  req.submission = ctx.submission;
  return req;
}

std::string or_zero(const std::string& typed) {
  return typed.empty() ? "0" : typed;
}

http::Response group_form(Context& ctx, Service& service, const Slot& s, const GroupRequest& req,
                          const std::string& error, const std::string& field, int status) {
  Data data{Data::type::object};
  data.set("bookings_css", ctx.app.asset_url("css/bookings.css"));
  data.set("title", s.offer_title);
  data.set("starts", web::format_datetime(s.starts_at, ctx.locale));
  data.set("venue", s.venue_name);
  data.set("places_left",
           ctx.t("outings.slot.places_left", {{"n", std::to_string(std::max(0LL, s.capacity - s.booked))},
                                              {"capacity", std::to_string(s.capacity)}}));
  data.set("group_left",
           ctx.t("outing_groups.share_left", {{"n", std::to_string(std::max(0LL, s.group_places - s.group_booked))},
                                              {"share", std::to_string(s.group_places)}}));
  data.set("slot_url", "/sorties/creneaux/" + std::to_string(s.id));
  data.set("action", "/sorties/creneaux/" + std::to_string(s.id) + "/groupe");
  // The relais the person may book for (charter signed, onboarded); the first refusal is explained.
  std::string refusal;
  Data relais{Data::type::list};
  for (long long o : Service::own_relais(ctx.me()).organisations) {
    auto e = service.eligibility(ctx.me().id, o);
    if (!e.ok) {
      if (refusal.empty()) refusal = ctx.t(e.error, {{"relais", service.organisation_name(o)}});
      continue;
    }
    Data r{Data::type::object};
    r.set("value", std::to_string(o));
    r.set("label", service.organisation_name(o));
    r.set("selected", web::flag(o == req.organisation_id));
    relais.push_back(r);
  }
  const bool no_groups = s.group_places <= 0;
  if (no_groups) data.set("refusal", ctx.t("outing_groups.errors.no_groups"));
  else if (relais.is_empty_list())
    data.set("refusal", refusal.empty() ? ctx.t("bookings.eligibility.no_relais") : refusal);
  data.set("can_book", web::flag(!no_groups && !relais.is_empty_list()));
  data.set("relais", relais);
  Data bands{Data::type::list};
  for (std::size_t i = 0; i < 6; ++i) {
    Data b{Data::type::object};
    b.set("name", kAgeFields[i]);
    b.set("label", ctx.t("bookings.age_bands." + age_bands()[i]));
    b.set("value", or_zero(req.ages[i]));
    b.set("invalid", web::flag(field == kAgeFields[i]));
    bands.push_back(b);
  }
  data.set("bands", bands);
  data.set("staff", or_zero(req.staff));
  data.set("needs", or_zero(req.needs));
  data.set("needs_motor", web::flag(req.needs_motor));
  data.set("needs_visual", web::flag(req.needs_visual));
  data.set("needs_hearing", web::flag(req.needs_hearing));
  data.set("needs_mental", web::flag(req.needs_mental));
  if (!error.empty()) {
    data.set("error", error);
    if (!field.empty()) {
      data.set("error_" + field, web::flag(true));
      data.set("error_field", field);
    }
  }
  return ctx.render("outings/bookings/group", data, ctx.t("outing_groups.book_title", {{"title", s.offer_title}}),
                    status);
}

}  // namespace

void register_group_routes(web::App& app, Service& service) {
  app.get("/sorties/creneaux/{id:int}/groupe", web::perm::outings_book, [&service](Context& ctx) {
    auto s = service.find_slot(ctx.req.int_param("id"));
    if (!s || s->offer_status != "published") return ctx.error(404);
    GroupRequest req;
    req.slot_id = s->id;
    return group_form(ctx, service, *s, req, "", "", 200);
  });

  app.post(
      "/sorties/creneaux/{id:int}/groupe", web::perm::outings_book,
      [&service](Context& ctx) {
        GroupRequest req = group_request(ctx);
        Result r = service.book_group(web::actor_of(ctx), req);
        if (r.outcome.code == Failure::conflict) {
          ctx.flash("info", ctx.t("flash.already_submitted"));
          return ctx.redirect("/sorties/reservations");
        }
        if (r.outcome.code == Failure::not_found) return ctx.error(404);
        return web::finish_with(
            ctx, r.outcome, "outing_groups.booked", {}, "/sorties/reservations/" + std::to_string(r.outcome.id),
            [&](const Outcome& failed, int status) {
              auto s = service.find_slot(req.slot_id);
              if (!s || s->offer_status != "published") return ctx.error(404);
              return group_form(ctx, service, *s, req, ctx.t(failed.error, r.params), failed.field, status);
            });
      },
      web::RouteOptions{.submission_in_handler = true});
}

}  // namespace trame::bookings
