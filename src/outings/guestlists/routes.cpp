#include <fstream>
#include <memory>

#include <boost/json.hpp>

#include "platform/docs/pdf.hpp"
#include "platform/docs/tabular.hpp"
#include "outings/guestlists/service.hpp"
#include "platform/web/app.hpp"

namespace trame::guestlists {

namespace {

using web::Context;
using web::Data;

const long long kPerPage = 50;

std::string base_of(long long slot_id) {
  return "/sorties/creneaux/" + std::to_string(slot_id) + "/invites";
}

using web::set_if;

// The accessibility needs of a booking, in words ("" when none).
std::string needs_text(const web::Catalogue& catalogue, const std::string& locale, const Guest& g) {
  std::string out;
  auto add = [&](bool on, const char* key) {
    if (!on) return;
    if (!out.empty()) out += ", ";
    out += catalogue.t(locale, std::string("guestlists.needs.") + key);
  };
  add(g.needs_motor, "motor");
  add(g.needs_visual, "visual");
  add(g.needs_hearing, "hearing");
  add(g.needs_mental, "mental");
  return out;
}

std::string status_text(const web::Catalogue& catalogue, const std::string& locale, const Guest& g) {
  if (g.status == "used" && g.group)
    return catalogue.t(locale, "guestlists.status.group_used",
                       {{"arrived", std::to_string(g.arrived)},
                        {"n", std::to_string(g.places)},
                        {"at", web::format_datetime(g.checked_in_at, locale)}});
  if (g.status == "used")
    return catalogue.t(locale, "guestlists.status.used", {{"at", web::format_datetime(g.checked_in_at, locale)}});
  return catalogue.t(locale, "guestlists.status." + g.status);
}

// The slot, or the error response: 404 when unknown, 403 out of the user's venues.
struct Scoped {
  std::optional<Slot> slot;
  std::optional<http::Response> denied;
};

Scoped scoped_slot(Context& ctx, Service& service) {
  Scoped s;
  s.slot = service.slot(ctx.req.int_param("id"));
  if (!s.slot) s.denied = ctx.error(404);
  else if (!service.may_manage(ctx.me(), *s.slot)) s.denied = ctx.error(403);
  return s;
}

Data totals_data(const Context& ctx, const Totals& t) {
  Data d{Data::type::object};
  d.set("expected", std::to_string(t.expected));
  d.set("present", std::to_string(t.present));
  d.set("bookings", std::to_string(t.bookings));
  d.set("summary", ctx.t("guestlists.totals.summary", {{"present", std::to_string(t.present)},
                                                       {"expected", std::to_string(t.expected)},
                                                       {"bookings", std::to_string(t.bookings)}}));
  return d;
}

Data slot_data(const Context& ctx, const Slot& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("offer_title", s.offer_title);
  d.set("venue", s.venue_name);
  d.set("starts", web::format_datetime(s.starts_at, ctx.locale));
  d.set("slot_url", "/sorties/creneaux/" + std::to_string(s.id));
  d.set("base", base_of(s.id));
  d.set("cancelled", web::flag(s.status != "open"));
  d.set("capacity", std::to_string(s.capacity));
  return d;
}

// The page: the list (paginated, or all of it for printing), the totals, the check-in form.
http::Response list_page(Context& ctx, Service& service, const Slot& slot, const std::string& error,
                         const std::string& typed, int status, bool wrong_day = false) {
  bool print = ctx.req.query_param("impression").value_or("") == "1";
  long long page = web::page_param(ctx.req);
  long long total = 0;
  std::vector<Guest> guests;
  if (print) {
    guests = service.all_guests(slot.id);
    total = static_cast<long long>(guests.size());
  } else {
    guests = service.guests(slot.id, page, kPerPage, total);
  }
  Data data = slot_data(ctx, slot);
  Data rows{Data::type::list};
  for (const auto& g : guests) {
    Data r{Data::type::object};
    r.set("id", std::to_string(g.booking_id));
    r.set("code", g.code);
    r.set("places", std::to_string(g.places));
    r.set("relais", g.relais_name);
    set_if(r, "needs", needs_text(ctx.app.catalogue, ctx.locale, g));
    r.set("status_text", status_text(ctx.app.catalogue, ctx.locale, g));
    r.set("used", web::flag(g.status == "used"));
    if (g.group) {
      // One line for the group, its headcount said in words; checked in at once from its line.
      r.set("group",
            ctx.t("guestlists.group_line", {{"n", std::to_string(g.places)}, {"staff", std::to_string(g.staff)}}));
      r.set("group_checkin", web::flag(g.status == "confirmed"));
    }
    rows.push_back(r);
  }
  data.set("guests", rows);
  data.set("empty", web::flag(total == 0));
  data.set("print", web::flag(print));
  data.set("totals", totals_data(ctx, service.totals(slot.id)));
  data.set("guestlist_css", ctx.app.asset_url("css/guestlist.css"));
  data.set("checkin_js", ctx.app.asset_url("js/checkin.js"));
  data.set("jsqr_js", "/static/vendor/jsqr/jsQR.js?v=1.4.0");
  data.set("code", typed);
  if (!print) data.set("pagination", web::pagination(ctx, page, kPerPage, total, base_of(slot.id) + "?"));
  if (!error.empty()) data.set("error", error);
  data.set("wrong_day", web::flag(wrong_day));
  auto res =
      ctx.render("outings/guestlists/list", data, ctx.t("guestlists.title_of", {{"offer", slot.offer_title}}), status);
  // The QR scanner needs the camera on this page only.
  res.set_header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  return res;
}

std::vector<std::string> export_headers(const web::Catalogue& catalogue, const std::string& locale) {
  std::vector<std::string> h;
  for (const char* key : {"code", "places", "relais", "needs", "status"})
    h.push_back(catalogue.t(locale, std::string("guestlists.columns.") + key));
  return h;
}

docs::Row export_fields(const web::Catalogue& catalogue, const std::string& locale, const Guest& g) {
  return {g.code, docs::Cell::integer(g.places), g.relais_name, needs_text(catalogue, locale, g),
          status_text(catalogue, locale, g)};
}

std::string file_name(const Slot& slot, const std::string& ext) {
  return "invites-creneau-" + std::to_string(slot.id) + "." + ext;
}

// The guest list as a PDF (a download), with the totals; the export is recorded.
http::Response guests_pdf(Context& ctx, Service& service) {
  auto s = scoped_slot(ctx, service);
  if (s.denied) return std::move(*s.denied);
  const Slot& slot = *s.slot;
  auto guests = service.all_guests(slot.id);
  Totals totals = service.totals(slot.id);
  docs::PdfDocument doc(ctx.t("guestlists.title_of", {{"offer", slot.offer_title}}));
  doc.set_page_label(ctx.t("guestlists.pdf.page"));
  doc.set_author(slot.venue_name);
  doc.set_subject(slot.offer_title + " — " + web::format_datetime(slot.starts_at, ctx.locale));
  doc.set_language(ctx.locale == "en" ? "en" : "fr-FR");
  doc.heading(ctx.t("guestlists.title"));
  doc.subheading(slot.offer_title);
  doc.paragraph(slot.venue_name + " — " + web::format_datetime(slot.starts_at, ctx.locale));
  doc.paragraph(ctx.t("guestlists.totals.summary", {{"present", std::to_string(totals.present)},
                                                    {"expected", std::to_string(totals.expected)},
                                                    {"bookings", std::to_string(totals.bookings)}}));
  docs::PdfTable table;
  table.headers = export_headers(ctx.app.catalogue, ctx.locale);
  table.widths = {2.2, 1.7, 3.5, 3.2, 2.4};
  for (const auto& g : guests) table.rows.push_back(docs::texts(export_fields(ctx.app.catalogue, ctx.locale, g)));
  if (guests.empty()) doc.paragraph(ctx.t("guestlists.empty"));
  doc.table(std::move(table));
  doc.paragraph(ctx.t("guestlists.pdf.privacy"));
  auto res = http::Response{};
  res.body = doc.render();
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(slot, "pdf") + "\"");
  service.record_export(web::actor_of(ctx), slot, "pdf", guests.size());
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/sorties/creneaux/{id:int}/invites";

  app.get(base, web::perm::outings_publish, [&service](Context& ctx) {
    auto s = scoped_slot(ctx, service);
    if (s.denied) return std::move(*s.denied);
    return list_page(ctx, service, *s.slot, "", "", 200);
  });

  // Check-in at the door by booking code: confirmed → used. Works without JavaScript.
  app.post(base, web::perm::outings_publish, [&service](Context& ctx) {
    auto s = scoped_slot(ctx, service);
    if (s.denied) return std::move(*s.denied);
    std::string typed = ctx.form.get("code");
    if (typed.size() > 64) typed.resize(64);
    std::string arrived = ctx.form.get("arrived");
    if (arrived.size() > 16) arrived.resize(16);
    CheckIn r = service.check_in(web::actor_of(ctx), *s.slot, typed, service.scope(ctx.me()),
                                 ctx.form.get("override_day") == "1", arrived);
    web::Params params{{"code", r.code},
                       {"places", std::to_string(r.places)},
                       {"arrived", std::to_string(r.arrived)},
                       {"at", web::format_datetime(r.checked_in_at, ctx.locale)},
                       {"day", web::format_datetime(s.slot->starts_at, ctx.locale).substr(0, 10)}};
    return web::finish_with(ctx, r.outcome, r.group ? "guestlists.checkin.group_done" : "guestlists.checkin.done",
                            params, base_of(s.slot->id), [&](const Outcome& failed, int status) {
                              return list_page(ctx, service, *s.slot, ctx.t(failed.error, params), typed, status,
                                               r.wrong_day);
                            });
  });

  // Undo a wrong check-in: used → confirmed.
  app.post(base + "/{booking:int}/annuler-entree", web::perm::outings_publish, [&service](Context& ctx) {
    auto s = scoped_slot(ctx, service);
    if (s.denied) return std::move(*s.denied);
    auto outcome = service.undo(web::actor_of(ctx), *s.slot, ctx.req.int_param("booking"), service.scope(ctx.me()));
    return web::finish(ctx, outcome, "guestlists.undo.done", base_of(s.slot->id),
                       web::back_to(ctx, base_of(s.slot->id)));
  });

  // The live count, polled by static/js/checkin.js.
  app.get(base + "/compte", web::perm::outings_publish, [&service](Context& ctx) {
    auto s = scoped_slot(ctx, service);
    if (s.denied) return std::move(*s.denied);
    Totals t = service.totals(s.slot->id);
    boost::json::object body{
        {"expected", t.expected},
        {"present", t.present},
        {"bookings", t.bookings},
        {"present_bookings", t.present_bookings},
        {"summary", ctx.t("guestlists.totals.summary", {{"present", std::to_string(t.present)},
                                                        {"expected", std::to_string(t.expected)},
                                                        {"bookings", std::to_string(t.bookings)}})}};
    auto res = http::Response::json(boost::json::serialize(body));
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  app.get(base + ".pdf", web::perm::outings_publish, [&service](Context& ctx) { return guests_pdf(ctx, service); });

  app.get(base + ".xlsx", web::perm::outings_publish, [&service](Context& ctx) {
    auto s = scoped_slot(ctx, service);
    if (s.denied) return std::move(*s.denied);
    const Slot& slot = *s.slot;
    auto guests = service.all_guests(slot.id);
    // libxlsxwriter writes the workbook (constant memory) to a temporary file, which is streamed.
    auto book =
        std::make_shared<docs::XlsxFile>(ctx.t("guestlists.sheet"), export_headers(ctx.app.catalogue, ctx.locale));
    for (const auto& g : guests) book->add_row(export_fields(ctx.app.catalogue, ctx.locale, g));
    auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
    service.record_export(web::actor_of(ctx), slot, "xlsx", guests.size());
    http::Response res;
    res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(slot, "xlsx") + "\"");
    res.next_chunk = [book, file]() -> std::optional<std::string> {
      std::string piece(64 * 1024, '\0');
      file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
      piece.resize(static_cast<std::size_t>(file->gcount()));
      if (piece.empty()) return std::nullopt;
      return piece;
    };
    return res;
  });
}

}  // namespace trame::guestlists
