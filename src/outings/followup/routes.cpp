#include <ctime>
#include "platform/core/calendar.hpp"
#include <memory>

#include "platform/docs/tabular.hpp"
#include "outings/followup/service.hpp"
#include "platform/web/app.hpp"
#include "platform/docs/csv_download.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::followup {

namespace {

using web::Context;
using web::Data;

std::vector<long long> orgs_with(const Context& ctx, const char* perm) {
  std::vector<long long> ids;
  for (const auto& m : ctx.me().memberships)
    if (ctx.me().can_in(perm, m.organisation_id) && std::find(ids.begin(), ids.end(), m.organisation_id) == ids.end())
      ids.push_back(m.organisation_id);
  return ids;
}

// Who a booking is for: the beneficiary's code, or for a group (no beneficiary) its headcount.
std::string who(const Context& ctx, const BookingLine& b) {
  if (!b.beneficiary_code.empty()) return b.beneficiary_code;
  return ctx.t("outing_groups.list_label", {{"n", std::to_string(b.places)}});
}

Data booking_data(const Context& ctx, const BookingLine& b) {
  Data d{Data::type::object};
  d.set("id", std::to_string(b.id));
  d.set("code", b.code);
  d.set("url", "/sorties/reservations/" + std::to_string(b.id));
  d.set("status", ctx.t("queue.statuses." + b.status));
  d.set("beneficiary", who(ctx, b));
  d.set("title", b.title);
  d.set("slot_url", "/sorties/creneaux/" + std::to_string(b.slot_id));
  d.set("date", web::format_datetime(b.starts_at, ctx.locale));
  d.set("places", std::to_string(b.places));
  d.set("organisation", b.organisation_name);
  if (b.status == "offered" && b.offer_expires_at)
    d.set("expires", web::format_datetime(b.offer_expires_at, ctx.locale));
  if (!b.reaction.empty()) d.set("reaction", ctx.t("followup.reactions." + b.reaction));
  if (b.status == "used" && b.reaction.empty())
    d.set("feedback_url", "/sorties/reservations/" + std::to_string(b.id) + "/avis");
  return d;
}

Data bookings_data(const Context& ctx, const std::vector<BookingLine>& list) {
  Data rows{Data::type::list};
  for (const auto& b : list) rows.push_back(booking_data(ctx, b));
  return rows;
}

std::string show_day(const Context& ctx, long long t) {
  return web::format_datetime(t, ctx.locale).substr(0, 10);
}

struct Period {
  long long from = 0, to = 0;
  std::string from_iso, to_iso;
  bool invalid = false;
};

Period period_of(const http::Request& req) {
  long long now = store::now_seconds();
  Period p;
  p.from = day_start(local_day(now - 84 * 86400));
  p.to = day_start(local_day(now + 29 * 86400));
  auto du = req.query_param("du").value_or("");
  auto au = req.query_param("au").value_or("");
  if (!du.empty()) {
    long long t = day_start(du);
    if (t < 0) p.invalid = true;
    else p.from = t;
  }
  if (!au.empty()) {
    long long t = day_start(au);
    if (t < 0) p.invalid = true;
    else p.to = t + 86400;  // the day included
  }
  if (p.to <= p.from || p.to - p.from > 3 * 366 * 86400LL) {
    p.invalid = p.invalid || !du.empty() || !au.empty();
    p.from = day_start(local_day(now - 84 * 86400));
    p.to = day_start(local_day(now + 29 * 86400));
  }
  p.from_iso = local_day(p.from);
  p.to_iso = local_day(p.to - 86400);
  return p;
}

std::string rate(long long part, long long whole) {
  if (whole <= 0) return "—";
  long long tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " %";
}

std::string line_label(const Context& ctx, const std::string& dimension, const StatLine& l) {
  if (dimension == "week") {
    long long start = 345600 + std::stoll(l.key) * 604800;
    return ctx.t("followup.week_of", {{"date", show_day(ctx, start + 43200)}});
  }
  if (dimension == "category") return ctx.t("followup.categories." + l.key);
  if (l.key.empty())
    return ctx.t(dimension == "allocation" ? "followup.no_allocation"
                 : dimension == "branch"   ? "followup.no_branch"
                                           : "followup.no_delegation");
  return l.label;
}

Data stat_rows(const Context& ctx, const std::string& dimension, const std::vector<StatLine>& lines) {
  Data rows{Data::type::list};
  for (const auto& l : lines) {
    Data r{Data::type::object};
    r.set("label", line_label(ctx, dimension, l));
    r.set("offered", std::to_string(l.offered));
    r.set("booked", std::to_string(l.booked));
    r.set("used", std::to_string(l.used));
    r.set("no_show", std::to_string(l.no_show));
    r.set("lost", std::to_string(l.lost));
    r.set("no_show_rate", rate(l.no_show, l.used + l.no_show));
    rows.push_back(r);
  }
  return rows;
}

Data qpv_row(const Context& ctx, const std::string& label, const QpvLine& l) {
  Data r{Data::type::object};
  r.set("label", label);
  // Groups under 5 outings are not shown (aggregated figures only, no small groups).
  if (l.outings < 5) {
    r.set("hidden", web::flag(true));
  } else {
    r.set("outings", std::to_string(l.outings));
    r.set("share", rate(l.in_qpv, l.outings));
  }
  return r;
}

http::Response feedback_page(Context& ctx, const BookingScope& b, const std::optional<Feedback>& f,
                             const std::string& reaction, const std::string& quote, bool consent,
                             const std::string& error, const std::string& field, int status) {
  Data data{Data::type::object};
  data.set("id", std::to_string(b.booking_id));
  data.set("code", b.code);
  data.set("title", b.title);
  data.set("date", web::format_datetime(b.starts_at, ctx.locale));
  data.set("open", web::flag(b.status == "used"));
  data.set("reactions", web::options(ctx, reactions(), "followup.reactions.", reaction));
  data.set("quote", quote);
  data.set("consent", web::flag(consent));
  data.set("max", std::to_string(kQuoteMax));
  if (f) data.set("recorded", web::flag(true));
  if (!error.empty()) {
    data.set("error", ctx.t(error));
    data.set("error_field", field.empty() ? "reaction-liked" : (field == "reaction" ? "reaction-liked" : field));
    if (!field.empty()) data.set("error_" + field, web::flag(true));
  }
  return ctx.render("outings/followup/feedback", data, ctx.t("followup.feedback_title"), status);
}

// The network's dashboard over a period: totals, by week, category, délégation, pool and partner (paginated), QPV.
http::Response pilotage_page(Context& ctx, Service& service) {
  Period p = period_of(ctx.req);
  long long now = store::now_seconds();
  auto s = service.stats(p.from, p.to, now);
  Data data{Data::type::object};
  data.set("du", p.from_iso);
  data.set("au", p.to_iso);
  if (p.invalid) data.set("period_error", ctx.t("followup.errors.period"));
  data.set("offered", std::to_string(s.total.offered));
  data.set("booked", std::to_string(s.total.booked));
  data.set("used", std::to_string(s.total.used));
  data.set("lost", std::to_string(s.total.lost));
  data.set("no_show_rate", rate(s.total.no_show, s.total.used + s.total.no_show));
  data.set("by_week", stat_rows(ctx, "week", s.by_week));
  data.set("by_category", stat_rows(ctx, "category", s.by_category));
  data.set("by_delegation", stat_rows(ctx, "delegation", s.by_delegation));
  data.set("by_allocation", stat_rows(ctx, "allocation", s.by_allocation));
  data.set("by_branch", stat_rows(ctx, "branch", s.by_branch));
  data.set("has_branches", web::flag(!s.by_branch.empty()));
  // Partners paginate (the other groupings are bounded: weeks of the period, categories, délégations, pools).
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  std::vector<StatLine> partners(s.by_partner.begin() + std::min<long long>(s.by_partner.size(), (page - 1) * per_page),
                                 s.by_partner.begin() + std::min<long long>(s.by_partner.size(), page * per_page));
  data.set("by_partner", stat_rows(ctx, "partner", partners));
  data.set("partner_pagination", web::pagination(ctx, page, per_page, static_cast<long long>(s.by_partner.size()),
                                                 "/sorties/pilotage?du=" + p.from_iso + "&au=" + p.to_iso + "&"));
  data.set("unused", stat_rows(ctx, "partner",
                               std::vector<StatLine>(
                                   s.unused_partners.begin(),
                                   s.unused_partners.begin() + std::min<std::size_t>(s.unused_partners.size(), 20))));
  data.set("has_unused", web::flag(!s.unused_partners.empty()));
  data.set("qpv_total", qpv_row(ctx, ctx.t("followup.all"), s.qpv_total));
  Data qpv{Data::type::list};
  for (const auto& l : s.qpv_by_category) qpv.push_back(qpv_row(ctx, ctx.t("followup.categories." + l.key), l));
  data.set("qpv", qpv);
  data.set("csv_url", "/sorties/pilotage.csv?du=" + p.from_iso + "&au=" + p.to_iso);
  return ctx.render("outings/followup/pilotage", data, ctx.t("followup.pilotage_title"));
}

// The dashboard's figures as CSV (a download), streamed in pieces.
http::Response pilotage_csv(Context& ctx, Service& service) {
  Period p = period_of(ctx.req);
  auto s = std::make_shared<Stats>(service.stats(p.from, p.to, store::now_seconds()));
  service.audit_export(web::actor_of(ctx), p.from, p.to);
  // Rows are labelled now (the context does not outlive the handler), then streamed in pieces.
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>();
  lines->push_back({ctx.t("followup.csv.dimension"), ctx.t("followup.csv.group"), ctx.t("followup.offered"),
                    ctx.t("followup.booked"), ctx.t("followup.used"), ctx.t("followup.no_show"),
                    ctx.t("followup.lost")});
  auto add = [&](const std::string& dimension, const std::vector<StatLine>& list) {
    for (const auto& l : list)
      lines->push_back({ctx.t("followup.dimensions." + dimension), line_label(ctx, dimension, l),
                        std::to_string(l.offered), std::to_string(l.booked), std::to_string(l.used),
                        std::to_string(l.no_show), std::to_string(l.lost)});
  };
  add("week", s->by_week);
  add("category", s->by_category);
  add("delegation", s->by_delegation);
  add("partner", s->by_partner);
  add("allocation", s->by_allocation);
  add("branch", s->by_branch);
  return docs::csv_download(lines, "pilotage-sorties.csv");
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // The referent's dashboard: upcoming outings, answers pending, and links to the people followed and
  // the structure's history.
  app.get("/sorties/tableau-de-bord", web::perm::outings_book, [&service](Context& ctx) {
    const long long per_page = 20;
    long long page = web::page_param(ctx.req);
    long long now = store::now_seconds();
    auto d = service.referent_dashboard(ctx.me().id, now, page, per_page);
    Data data{Data::type::object};
    data.set("upcoming", bookings_data(ctx, d.upcoming));
    data.set("no_upcoming", web::flag(d.upcoming.empty()));
    data.set("pagination", web::pagination(ctx, page, per_page, d.upcoming_total, "/sorties/tableau-de-bord?"));
    data.set("to_accept", bookings_data(ctx, d.to_accept));
    data.set("has_to_accept", web::flag(!d.to_accept.empty()));
    data.set("to_feedback", bookings_data(ctx, d.to_feedback));
    data.set("has_to_feedback", web::flag(!d.to_feedback.empty()));
    data.set("to_feedback_total", std::to_string(d.to_feedback_total));
    data.set("to_record", bookings_data(ctx, d.to_record));
    data.set("has_to_record", web::flag(!d.to_record.empty()));
    data.set("to_record_total", std::to_string(d.to_record_total));
    data.set("nothing_pending", web::flag(d.to_accept.empty() && d.to_feedback.empty() && d.to_record.empty()));
    return ctx.render("outings/followup/dashboard", data, ctx.t("followup.dashboard_title"));
  });

  app.get("/sorties/tableau-de-bord/personnes", web::perm::outings_book, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    std::string shown = " ";  // the codes shown, for the sensitive read's entry (issue 23)
    for (const auto& p : service.people(ctx.me().id, store::now_seconds(), page, per_page, total)) {
      shown += p.code + " ";
      Data r{Data::type::object};
      r.set("code", p.code);
      r.set("age_band", p.age_band);
      r.set("outings", std::to_string(p.outings));
      r.set("upcoming", std::to_string(p.upcoming));
      rows.push_back(r);
    }
    Data data{Data::type::object};
    data.set("people", rows);
    data.set("empty", web::flag(total == 0));
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/sorties/tableau-de-bord/personnes?"));
    if (total > 0)
      service.record_read(
          web::actor_of(ctx),
          {audit::kReadBeneficiary, "list:/sorties/tableau-de-bord/personnes?page=" + std::to_string(page), shown});
    return ctx.render("outings/followup/people", data, ctx.t("followup.people_title"));
  });

  app.get("/sorties/tableau-de-bord/historique", web::perm::outings_book, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    auto orgs = orgs_with(ctx, web::perm::outings_book);
    auto list = service.history(orgs, page, per_page, total);
    std::string shown = " ";  // the beneficiaries' codes shown, for the sensitive read's entry (issue 23)
    for (const auto& b : list)
      if (!b.beneficiary_code.empty() && shown.find(" " + b.beneficiary_code + " ") == std::string::npos)
        shown += b.beneficiary_code + " ";
    if (total > 0)
      service.record_read(
          web::actor_of(ctx),
          {audit::kReadBeneficiary, "list:/sorties/tableau-de-bord/historique?page=" + std::to_string(page), shown});
    Data data{Data::type::object};
    data.set("bookings", bookings_data(ctx, list));
    data.set("empty", web::flag(total == 0));
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/sorties/tableau-de-bord/historique?"));
    return ctx.render("outings/followup/history", data, ctx.t("followup.history_title"));
  });

  // Feedback after the outing, by the relais that booked.
  app.get("/sorties/reservations/{id:int}/avis", web::perm::outings_book, [&service](Context& ctx) {
    // Another relais's booking answers like one that does not exist.
    auto b = service.booking_of(ctx.me().acting_for(web::perm::outings_book), ctx.req.int_param("id"));
    if (!b) return ctx.error(404);
    auto f = service.feedback(b->booking_id);
    return feedback_page(ctx, *b, f, f ? f->reaction : "", f ? f->quote : "", f && f->quote_consent, "", "", 200);
  });

  app.post("/sorties/reservations/{id:int}/avis", web::perm::outings_book, [&service](Context& ctx) {
    auto relais = ctx.me().acting_for(web::perm::outings_book);
    auto b = service.booking_of(relais, ctx.req.int_param("id"));
    if (!b) return ctx.error(404);
    std::string reaction = ctx.form.get("reaction");
    std::string quote = ctx.form.get("quote");
    bool consent = ctx.form.get("consent") == "1";
    auto outcome = service.record_feedback(web::actor_of(ctx), relais, b->booking_id, reaction, quote, consent);
    return web::finish(
        ctx, outcome, "followup.feedback_saved", "/sorties/tableau-de-bord", [&](const Outcome& failed, int status) {
          return feedback_page(ctx, *b, std::nullopt, reaction, quote, consent, failed.error, failed.field, status);
        });
  });

  // Consented quotes: the coordinator sees all, a venue's staff those of its offers; both may publish.
  app.get("/sorties/temoignages", web::perm::outings_browse, [&service](Context& ctx) {
    bool all = false;
    auto venues = service.quote_venues(service.quote_scope(ctx.me()), all);
    if (!all && venues.empty()) return ctx.error(403);
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& q : service.consented_quotes(all ? std::vector<long long>{} : venues, page, per_page, total)) {
      Data r{Data::type::object};
      r.set("id", std::to_string(q.booking_id));
      r.set("title", q.title);
      r.set("offer_url", "/sorties/offres/" + std::to_string(q.offer_id));
      r.set("reaction", ctx.t("followup.reactions." + q.reaction));
      r.set("quote", q.quote);
      r.set("date", show_day(ctx, q.recorded_at));
      r.set("published", web::flag(q.published));
      rows.push_back(r);
    }
    Data data{Data::type::object};
    data.set("quotes", rows);
    data.set("empty", web::flag(total == 0));
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/sorties/temoignages?"));
    return ctx.render("outings/followup/quotes", data, ctx.t("followup.quotes_title"));
  });

  app.post("/sorties/temoignages/{id:int}", web::perm::outings_browse, [&service](Context& ctx) {
    bool publish = ctx.form.get("publish") == "1";
    auto outcome =
        service.publish_quote(web::actor_of(ctx), ctx.req.int_param("id"), publish, service.quote_scope(ctx.me()));
    return web::finish(ctx, outcome, publish ? "followup.quote_published" : "followup.quote_withdrawn",
                       "/sorties/temoignages", web::back_to(ctx, "/sorties/temoignages"));
  });

  // The network's dashboard.
  app.get("/sorties/pilotage", web::perm::outings_manage,
          [&service](Context& ctx) { return pilotage_page(ctx, service); });

  app.get("/sorties/pilotage.csv", web::perm::outings_manage,
          [&service](Context& ctx) { return pilotage_csv(ctx, service); });
}

namespace {

// "9 places restantes sur 12": places are shown one way everywhere.
std::string places_left(const Context& ctx, long long capacity, long long booked) {
  return ctx.t("outings.slot.places_left",
               {{"n", std::to_string(std::max(0LL, capacity - booked))}, {"capacity", std::to_string(capacity)}});
}

// The organisations where the person works as a venue's staff (partner_staff).
std::vector<long long> own_venues(const Principal& me) {
  std::vector<long long> ids;
  for (const auto& m : me.memberships)
    if (m.role == "partner_staff" && std::find(ids.begin(), ids.end(), m.organisation_id) == ids.end())
      ids.push_back(m.organisation_id);
  return ids;
}

constexpr long long kPanelItems = 5;

// A referent: their next outings (date, places) and, first, what they have to do (answer a place
// offered, record attendance of an outing over).
std::optional<web::DashboardPanel> referent_panel(Context& ctx, Service& service) {
  if (!ctx.me().has_role("referent")) return std::nullopt;
  long long now = store::now_seconds();
  auto d = service.referent_dashboard(ctx.me().id, now, 1, kPanelItems);
  web::DashboardPanel p;
  p.key = "outings-next";
  p.title = ctx.t("followup.panels.referent_title");
  p.empty = ctx.t("followup.panels.referent_empty");
  for (const auto& b : d.to_accept) {
    if (p.items.size() >= static_cast<std::size_t>(kPanelItems)) break;
    web::DashboardItem i;
    i.label = ctx.t("followup.panels.to_accept", {{"title", b.title}, {"code", who(ctx, b)}});
    i.url = "/sorties/reservations/" + std::to_string(b.id);
    i.when = ctx.t("followup.panels.answer_before", {{"until", web::format_datetime(b.offer_expires_at, ctx.locale)}});
    i.urgent = true;
    p.items.push_back(i);
  }
  for (const auto& b : d.to_record) {
    if (p.items.size() >= static_cast<std::size_t>(kPanelItems) + 2) break;
    web::DashboardItem i;
    i.label = ctx.t("followup.panels.to_record", {{"title", b.title}, {"code", who(ctx, b)}});
    i.url = "/sorties/reservations/" + std::to_string(b.id);
    i.when = web::format_datetime(b.starts_at, ctx.locale);
    i.urgent = true;
    p.items.push_back(i);
  }
  for (const auto& b : d.upcoming) {
    web::DashboardItem i;
    i.label = b.title;
    i.url = "/sorties/reservations/" + std::to_string(b.id);
    i.when = web::format_datetime(b.starts_at, ctx.locale);
    i.detail = ctx.t(
        "followup.panels.booking_detail",
        {{"places", std::to_string(b.places)}, {"code", who(ctx, b)}, {"status", ctx.t("queue.statuses." + b.status)}});
    p.items.push_back(i);
  }
  if (d.upcoming.empty()) {
    web::DashboardItem none;
    none.label = ctx.t("followup.panels.referent_empty");
    p.items.push_back(none);
  }
  // The day's first action is one tap away: booking another outing.
  web::DashboardItem book;
  book.label = ctx.t("followup.panels.book");
  book.url = "/sorties";
  p.items.push_back(book);
  if (d.upcoming_total > static_cast<long long>(d.upcoming.size())) p.count = d.upcoming_total;
  p.more_url = "/sorties/tableau-de-bord";
  p.more_label = ctx.t("followup.panels.referent_more");
  return p;
}

// A venue's staff: the next slots of their venues with booked and remaining places, to the guest list.
std::optional<web::DashboardPanel> venue_panel(Context& ctx, Service& service) {
  auto venues = own_venues(ctx.me());
  if (venues.empty()) return std::nullopt;
  auto slots = service.venue_slots(venues, store::now_seconds(), kPanelItems);
  web::DashboardPanel p;
  p.key = "outings-venue";
  p.title = ctx.t("followup.panels.venue_title");
  p.empty = ctx.t("followup.panels.venue_empty");
  for (const auto& s : slots.slots) {
    web::DashboardItem i;
    i.label = s.title;
    i.url = "/sorties/creneaux/" + std::to_string(s.id) + "/invites";
    i.when = web::format_datetime(s.starts_at, ctx.locale);
    i.detail = ctx.t("followup.panels.slot_detail",
                     {{"booked", std::to_string(s.booked)}, {"left", places_left(ctx, s.capacity, s.booked)}});
    p.items.push_back(i);
  }
  if (slots.total > static_cast<long long>(slots.slots.size())) p.count = slots.total;
  p.more_url = "/sorties/offres";
  p.more_label = ctx.t("followup.panels.venue_more");
  return p;
}

// A coordinator: slots about to pass with places nobody booked, outings whose attendance is overdue.
std::optional<web::DashboardPanel> coordinator_panel(Context& ctx, Service& service) {
  if (!ctx.me().has_role("coordinator") && !ctx.me().is_admin()) return std::nullopt;
  auto a = service.alerts(ctx.me(), store::now_seconds(), kPanelItems);
  web::DashboardPanel p;
  p.key = "outings-alerts";
  p.title = ctx.t("followup.panels.alerts_title");
  p.empty = ctx.t("followup.panels.alerts_empty");
  for (const auto& s : a.overdue.slots) {
    web::DashboardItem i;
    i.label = ctx.t("followup.panels.overdue", {{"title", s.title}, {"n", std::to_string(s.to_record)}});
    i.url = "/sorties/creneaux/" + std::to_string(s.id) + "/invites";
    i.when = web::format_datetime(s.starts_at, ctx.locale);
    i.urgent = true;
    p.items.push_back(i);
  }
  for (const auto& s : a.unused.slots) {
    web::DashboardItem i;
    i.label = ctx.t("followup.panels.unused", {{"title", s.title}});
    i.url = "/sorties/creneaux/" + std::to_string(s.id);
    i.when = web::format_datetime(s.starts_at, ctx.locale);
    i.detail = places_left(ctx, s.capacity, s.booked);
    p.items.push_back(i);
  }
  long long total = a.overdue.total + a.unused.total;
  if (total > static_cast<long long>(p.items.size())) p.count = total;
  p.more_url = "/sorties/pilotage";
  p.more_label = ctx.t("followup.panels.alerts_more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(100, [&service](Context& ctx) { return referent_panel(ctx, service); });
  dashboard.add(110, [&service](Context& ctx) { return venue_panel(ctx, service); });
  dashboard.add(120, [&service](Context& ctx) { return coordinator_panel(ctx, service); });
}

}  // namespace trame::followup
