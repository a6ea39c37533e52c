// Routes of the waiting list and of draws: the referent answers an offered place (accept/decline),
// the coordinator or the venue sees a draw's seed and ranking and re-verifies it.
#include "outings/bookings/queue.hpp"
#include "platform/web/app.hpp"

namespace trame::bookings {

namespace {

using web::Context;
using web::Data;

using OfferInfo = QueueBooking;
using SlotInfo = QueueSlot;

bool can_see_draw(Queue& queue, const Context& ctx, const SlotInfo& s) {
  return queue.may_see_draw(ctx.me(), s.venue_id, s.partner_id);
}

http::Response answer_page(Context& ctx, const OfferInfo& b, bool accept) {
  Data data{Data::type::object};
  data.set("code", b.code);
  data.set("title", b.title);
  data.set("date", web::format_datetime(b.starts_at, ctx.locale));
  data.set("places", std::to_string(b.places));
  data.set("booking_url", "/sorties/reservations/" + std::to_string(b.id));
  data.set("action", "/sorties/reservations/" + std::to_string(b.id) + (accept ? "/accepter" : "/refuser"));
  bool open = b.status == "offered" && b.offer_expires_at > store::now_seconds();
  data.set("open", web::flag(open));
  if (open) data.set("expires", web::format_datetime(b.offer_expires_at, ctx.locale));
  data.set("accept", web::flag(accept));
  return ctx.render("outings/followup/answer", data, ctx.t(accept ? "queue.accept_title" : "queue.decline_title"));
}

void register_answer(web::App& app, Queue& queue, bool accept) {
  std::string path = std::string("/sorties/reservations/{id:int}/") + (accept ? "accepter" : "refuser");
  app.get(path, web::perm::outings_book, [&queue, accept](Context& ctx) {
    auto b = queue.booking(ctx.req.int_param("id"));
    // Another relais's booking answers like one that does not exist.
    if (!b || !ctx.me().can_in(web::perm::outings_book, b->organisation_id)) return ctx.error(404);
    return answer_page(ctx, *b, accept);
  });
  app.post(path, web::perm::outings_book, [&queue, accept](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto relais = ctx.me().acting_for(web::perm::outings_book);
    auto outcome =
        accept ? queue.accept(web::actor_of(ctx), relais, id) : queue.decline(web::actor_of(ctx), relais, id);
    return web::finish(
        ctx, outcome, accept ? "queue.accepted" : "queue.declined", "/sorties/tableau-de-bord",
        web::back_to(ctx, "/sorties/reservations/" + std::to_string(id) + (accept ? "/accepter" : "/refuser")));
  });
}

// A draw's record: seed, rule, ranking by booking code, and a recomputation anyone can check.
http::Response draw_page(Context& ctx, Queue& queue) {
  auto s = queue.slot(ctx.req.int_param("id"));
  if (!s || s->mode != "draw") return ctx.error(404);
  // The slot is in the catalogue: seen, but its draw's record is the venue's and the network's.
  if (!can_see_draw(queue, ctx, *s)) return ctx.error(403);
  Data data{Data::type::object};
  data.set("slot_id", std::to_string(s->id));
  data.set("title", s->title);
  data.set("offer_url", "/sorties/offres/" + std::to_string(s->offer_id));
  data.set("slot_url", "/sorties/creneaux/" + std::to_string(s->id));
  data.set("date", web::format_datetime(s->starts_at, ctx.locale));
  data.set("capacity", std::to_string(s->capacity));
  data.set("draw_at", web::format_datetime(s->draw_at, ctx.locale));
  long long now = store::now_seconds();
  if (s->drawn_at) {
    data.set("drawn", web::flag(true));
    data.set("drawn_at", web::format_datetime(s->drawn_at, ctx.locale));
    data.set("seed", s->seed);
    auto recorded = queue.draw_ranking(s->id);
    // Recomputed from the seed and the recorded prior outings, independently of the stored ranks.
    auto recomputed = recorded;
    order_draw(s->seed, recomputed);
    bool same = recomputed.size() == recorded.size();
    for (std::size_t i = 0; same && i < recorded.size(); ++i)
      same = recorded[i].booking_id == recomputed[i].booking_id && recorded[i].rank == recomputed[i].rank;
    Data rows{Data::type::list};
    for (const auto& e : recomputed) {
      Data row{Data::type::object};
      row.set("rank", std::to_string(e.rank));
      row.set("code", e.code);
      row.set("number", std::to_string(e.booking_id));
      row.set("prior", std::to_string(e.prior_outings));
      row.set("places", std::to_string(e.places));
      row.set("key", e.key.substr(0, 16));
      row.set("status", ctx.t("queue.statuses." + e.status));
      rows.push_back(row);
    }
    data.set("ranking", rows);
    data.set("empty", web::flag(recorded.empty()));
    if (ctx.req.query_param("verifier")) {
      data.set("verified", web::flag(true));
      data.set("verify_ok", web::flag(same));
    }
  } else {
    data.set("can_run", web::flag(queue.may_run_draw(ctx.me(), s->venue_id, s->partner_id) && s->draw_at <= now &&
                                  s->status == "open"));
  }
  return ctx.render("outings/followup/draw", data, ctx.t("queue.draw_title", {{"title", s->title}}));
}

}  // namespace

void register_queue_routes(web::App& app, Queue& queue) {
  register_answer(app, queue, true);
  register_answer(app, queue, false);

  // A draw's record: seed, rule, ranking by booking code, and a recomputation anyone can check.
  app.get("/sorties/creneaux/{id:int}/tirage", web::perm::outings_browse,
          [&queue](Context& ctx) { return draw_page(ctx, queue); });

  app.post("/sorties/creneaux/{id:int}/tirage", web::perm::outings_manage, [&queue](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = queue.draw(web::actor_of(ctx), id, queue.network_scope(ctx.me()));
    std::string page = "/sorties/creneaux/" + std::to_string(id) + "/tirage";
    return web::finish(ctx, outcome, "queue.drawn", page, web::back_to(ctx, page));
  });
}

}  // namespace trame::bookings
