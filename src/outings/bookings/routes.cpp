#include <algorithm>

#include "outings/bookings/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/docs/qr.hpp"
#include "platform/web/app.hpp"

namespace trame::bookings {

namespace {

using web::Context;
using web::Data;

using web::set_if;

// The relais whose beneficiaries and bookings the person's pages list: those they act for with
// outings.book (core's ActingFor). A platform-wide role acts everywhere; its pages list the relais of
// its own memberships.
std::vector<long long> my_relais(const Context& ctx) {
  return Service::own_relais(ctx.me()).organisations;
}

// Renders a page of this module, with its stylesheet.
http::Response render_page(Context& ctx, const std::string& view, Data data, const std::string& title,
                           int status = 200) {
  data.set("bookings_css", ctx.app.asset_url("css/bookings.css"));
  return ctx.render(view, data, title, status);
}

std::string message(const Context& ctx, const Result& r) {
  return ctx.t(r.outcome.error, r.params);
}

Data slot_data(const Context& ctx, const Slot& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("title", s.offer_title);
  d.set("starts", web::format_datetime(s.starts_at, ctx.locale));
  if (s.ends_at > s.starts_at) {
    std::string starts = web::format_datetime(s.starts_at, ctx.locale),
                ends = web::format_datetime(s.ends_at, ctx.locale);
    // Same day: only the end time.
    if (starts.size() > 11 && ends.size() > 11 && starts.substr(0, 10) == ends.substr(0, 10)) ends = ends.substr(11);
    d.set("ends", ends);
  }
  d.set("venue", s.venue_name);
  set_if(d, "address", s.venue_address);
  set_if(d, "commune", s.venue_commune);
  // Places are shown one way everywhere: "9 places restantes sur 12".
  d.set("places_left", ctx.t("outings.slot.places_left", {{"n", std::to_string(std::max(0LL, s.capacity - s.booked))},
                                                          {"capacity", std::to_string(s.capacity)}}));
  d.set("capacity", std::to_string(s.capacity));
  d.set("cancel_until", web::format_datetime(s.cancel_until, ctx.locale));
  d.set("family", web::flag(s.family));
  d.set("cancelled", web::flag(s.status == "cancelled"));
  set_if(d, "cancel_reason", s.cancel_reason);
  d.set("is_draw", web::flag(s.mode == "draw"));
  if (s.mode == "draw") d.set("draw_at", web::format_datetime(s.draw_at, ctx.locale));
  Data access{Data::type::list};
  for (const auto& [on, key] : std::vector<std::pair<bool, std::string>>{{s.access_motor, "motor"},
                                                                         {s.access_visual, "visual"},
                                                                         {s.access_hearing, "hearing"},
                                                                         {s.access_mental, "mental"}}) {
    if (!on) continue;
    Data a{Data::type::object};
    a.set("label", ctx.t("bookings.access." + key));
    access.push_back(a);
  }
  d.set("accessibility", access);
  d.set("has_accessibility", web::flag(!access.is_empty_list() || !s.accessibility_details.empty()));
  set_if(d, "accessibility_details", s.accessibility_details);
  set_if(d, "getting_there", s.getting_there);
  set_if(d, "at_the_door", s.at_the_door);
  d.set("url", "/sorties/creneaux/" + std::to_string(s.id));
  return d;
}

Data booking_data(const Context& ctx, const Booking& b) {
  Data d{Data::type::object};
  d.set("id", std::to_string(b.id));
  d.set("url", "/sorties/reservations/" + std::to_string(b.id));
  d.set("code", b.code);
  // A group has no beneficiary: its line says so, with its headcount.
  d.set("beneficiary",
        b.kind == "group" ? ctx.t("outing_groups.list_label", {{"n", std::to_string(b.places)}}) : b.beneficiary_code);
  d.set("is_group", web::flag(b.kind == "group"));
  d.set("relais", b.organisation_name);
  d.set("places", std::to_string(b.places));
  d.set("companions", std::to_string(b.companions));
  d.set("status", b.status);
  d.set("status_label", ctx.t("bookings.statuses." + b.status));
  if (!b.cancel_reason.empty()) d.set("cancel_reason", ctx.t("bookings.cancel_reasons." + b.cancel_reason));
  if (!b.cancel_motive.empty()) d.set("cancel_motive", ctx.t("bookings.cancel_motives." + b.cancel_motive));
  set_if(d, "cancel_note", b.cancel_note);
  d.set("created", web::format_datetime(b.created_at, ctx.locale));
  Data needs{Data::type::list};
  for (const auto& [on, key] : std::vector<std::pair<bool, std::string>>{{b.needs_motor, "motor"},
                                                                         {b.needs_visual, "visual"},
                                                                         {b.needs_hearing, "hearing"},
                                                                         {b.needs_mental, "mental"}}) {
    if (!on) continue;
    Data a{Data::type::object};
    a.set("label", ctx.t("bookings.needs." + key));
    needs.push_back(a);
  }
  d.set("needs", needs);
  d.set("has_needs", web::flag(!needs.is_empty_list()));
  return d;
}

// A group's composition for its booking page: « Groupe — 15 personnes dont 2 accompagnateurs », the
// people by age band, the needs and, once checked in, how many came.
Data group_data(const Context& ctx, const GroupCounts& g) {
  Data d{Data::type::object};
  d.set("summary",
        ctx.t("outing_groups.summary", {{"n", std::to_string(g.headcount())}, {"staff", std::to_string(g.staff)}}));
  Data bands{Data::type::list};
  for (std::size_t i = 0; i < 6; ++i) {
    if (g.ages[i] == 0) continue;
    Data b{Data::type::object};
    b.set("label", ctx.t("bookings.age_bands." + age_bands()[i]));
    b.set("n", std::to_string(g.ages[i]));
    bands.push_back(b);
  }
  d.set("bands", bands);
  d.set("needs", std::to_string(g.needs));
  if (g.arrived > 0)
    d.set("arrived", ctx.t("outing_groups.arrived",
                           {{"arrived", std::to_string(g.arrived)}, {"n", std::to_string(g.headcount())}}));
  return d;
}

// The person picker's choices, labelled: "B-3FQR-KR — 6 à 11 ans, foyer de 3".
Data beneficiary_choices(const Context& ctx, Service& service, const Actor& actor, const std::vector<long long>& orgs,
                         long long selected) {
  Data list{Data::type::list};
  long long total = 0;
  for (const auto& b : service.beneficiaries(actor, orgs, true, 1, 500, total)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(b.id));
    o.set("label", ctx.t("bookings.picker_label", {{"code", b.code},
                                                   {"age", ctx.t("bookings.age_bands." + b.age_band)},
                                                   {"household", std::to_string(b.household_size)}}));
    o.set("selected", web::flag(b.id == selected));
    list.push_back(o);
  }
  return list;
}

// ---- the booking form

// The fields of a new person (the beneficiaries page's form, and the one inside the booking form).
void new_person_fields(Context& ctx, Service& service, Data& data, const std::vector<long long>& orgs,
                       const Beneficiary& draft) {
  Data relais{Data::type::list};
  for (long long o : orgs) {
    Data r{Data::type::object};
    r.set("value", std::to_string(o));
    r.set("label", service.organisation_name(o));
    r.set("selected", web::flag(o == draft.organisation_id));
    relais.push_back(r);
  }
  data.set("relais", relais);
  data.set("several_relais", web::flag(orgs.size() > 1));
  if (orgs.size() == 1) data.set("only_relais", std::to_string(orgs.front()));
  data.set("age_bands", web::options(ctx, age_bands(), "bookings.age_bands.", draft.age_band));
  data.set("household", std::to_string(draft.household_size));
  data.set("qpv_checked", web::flag(draft.in_qpv));
  Data communes{Data::type::list};
  if (!orgs.empty()) {
    for (const auto& c : service.communes_for(draft.organisation_id ? draft.organisation_id : orgs.front())) {
      Data o{Data::type::object};
      o.set("value", c.code);
      o.set("label", c.name + " (" + c.code + ")");
      o.set("selected", web::flag(c.code == draft.commune_code));
      communes.push_back(o);
    }
  }
  data.set("has_communes", web::flag(!communes.is_empty_list()));
  data.set("communes", communes);
  data.set("commune_code", draft.commune_code);
}

http::Response booking_form(Context& ctx, Service& service, const Slot& s, const BookingRequest& req,
                            const std::string& error, const std::string& field, int status,
                            const Beneficiary* person = nullptr, const std::string& person_error = {},
                            const std::string& person_field = {}) {
  Data data{Data::type::object};
  data.set("slot", slot_data(ctx, s));
  auto orgs = my_relais(ctx);
  // Eligibility: every relais of the user is checked; the first refusal is explained.
  std::string refusal;
  bool no_choice = false;
  std::vector<long long> eligible;
  for (long long o : orgs) {
    auto e = service.eligibility(ctx.me().id, o);
    if (e.ok) eligible.push_back(o);
    else if (refusal.empty()) refusal = ctx.t(e.error, {{"relais", service.organisation_name(o)}});
  }
  if (eligible.empty()) {
    data.set("refusal", refusal.empty() ? ctx.t("bookings.eligibility.no_relais") : refusal);
  } else {
    Data choices = beneficiary_choices(ctx, service, web::actor_of(ctx), eligible, req.beneficiary_id);
    data.set("beneficiaries", choices);
    data.set("no_beneficiary", web::flag(choices.is_empty_list()));
    no_choice = choices.is_empty_list();
    data.set("can_book", web::flag(!choices.is_empty_list()));
  }
  data.set("companions", req.companions);
  data.set("max_companions", std::to_string(service.rule("max_companions")));
  data.set("needs_motor", web::flag(req.needs_motor));
  data.set("needs_visual", web::flag(req.needs_visual));
  data.set("needs_hearing", web::flag(req.needs_hearing));
  data.set("needs_mental", web::flag(req.needs_mental));
  data.set("action", "/sorties/creneaux/" + std::to_string(s.id) + "/reserver");
  // A person created here (a second form, no JavaScript) comes back to this form, selected.
  if (!eligible.empty()) {
    Beneficiary draft;
    draft.age_band = "26-59";
    new_person_fields(ctx, service, data, eligible, person ? *person : draft);
    data.set("new_person", web::flag(true));
    data.set("new_person_open", web::flag(person != nullptr || no_choice));
    data.set("slot_id", std::to_string(s.id));
    if (!person_error.empty()) {
      data.set("person_error", person_error);
      if (!person_field.empty()) data.set("person_error_" + person_field, web::flag(true));
      set_if(data, "person_error_field", person_field);
    }
  }
  if (!error.empty()) {
    data.set("error", error);
    if (!field.empty()) {
      data.set("error_" + field, web::flag(true));
      data.set("error_field", field);
    }
  }
  return render_page(ctx, "outings/bookings/book", data, ctx.t("bookings.book_title", {{"title", s.offer_title}}),
                     status);
}

// ---- beneficiaries

http::Response beneficiaries_page(Context& ctx, Service& service, const Beneficiary& draft, const std::string& error,
                                  const std::string& field, int status) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  auto orgs = my_relais(ctx);
  long long total = 0;
  Data rows{Data::type::list};
  std::string shown = " ";  // the codes shown, for the sensitive read's entry (issue 23)
  for (const auto& b : service.beneficiaries(web::actor_of(ctx), orgs, false, page, per_page, total)) {
    shown += b.code + " ";
    Data r{Data::type::object};
    r.set("id", std::to_string(b.id));
    r.set("code", b.code);
    r.set("age_band", b.age_band);
    r.set("household", std::to_string(b.household_size));
    r.set("commune", b.commune_name.empty() ? ctx.t("bookings.beneficiaries.no_commune") : b.commune_name);
    r.set("qpv", ctx.t(b.in_qpv ? "bookings.yes" : "bookings.no"));
    r.set("relais", b.organisation_name);
    r.set("active", web::flag(b.status == "active"));
    r.set("status_label", ctx.t("bookings.beneficiaries.statuses." + b.status));
    if (b.suspended_until > store::now_seconds())
      r.set("suspended", ctx.t("bookings.beneficiaries.suspended_until",
                               {{"until", web::format_datetime(b.suspended_until, ctx.locale).substr(0, 10)}}));
    r.set("archive_url", "/sorties/beneficiaires/" + std::to_string(b.id) + "/archiver");
    r.set("held_url", "/sorties/beneficiaires/" + std::to_string(b.id) + "/ce-que-trame-conserve");  // issue 23
    rows.push_back(r);
  }
  Data data{Data::type::object};
  data.set("beneficiaries", rows);
  data.set("empty", web::flag(total == 0));
  data.set("total", std::to_string(total));
  data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties/beneficiaires?"));
  if (total > 0)
    service.record_read(web::actor_of(ctx),
                        {audit::kReadBeneficiary, "list:/sorties/beneficiaires?page=" + std::to_string(page), shown});
  new_person_fields(ctx, service, data, orgs, draft);
  if (!error.empty()) {
    data.set("error", error);
    if (!field.empty()) {
      data.set("error_" + field, web::flag(true));
      data.set("error_field", field);
    }
  }
  return render_page(ctx, "outings/bookings/beneficiaries", data, ctx.t("bookings.beneficiaries.title"), status);
}

// ---- the ticket the person carries

// "samedi 12/06/2027 20:00 – 22:00": the slot's day and times as the pages show them.
std::string slot_when(const Context& ctx, const Slot& s) {
  std::string starts = web::format_datetime(s.starts_at, ctx.locale);
  if (s.ends_at <= s.starts_at) return starts;
  std::string ends = web::format_datetime(s.ends_at, ctx.locale);
  if (starts.size() > 11 && ends.size() > 11 && starts.substr(0, 10) == ends.substr(0, 10)) ends = ends.substr(11);
  return starts + " – " + ends;
}

// The ticket's lines: the outing, where and when, the code, places, what to say at the door. Nothing
// about the person (no beneficiary code, no relais, no attribute).
TicketText ticket_text(const Context& ctx, const Booking& b, const Slot& s) {
  TicketText t;
  t.title = ctx.t("bookings.ticket.title", {{"title", s.offer_title}});
  t.when = slot_when(ctx, s);
  t.venue = s.venue_name;
  t.address = s.venue_address;
  if (!s.venue_commune.empty()) t.address += (t.address.empty() ? "" : "\n") + s.venue_commune;
  t.places = ctx.t("bookings.ticket.places", {{"n", std::to_string(b.places)}});
  t.code_label = ctx.t("bookings.code");
  t.code = b.code;
  t.qr_label = ctx.t("bookings.qr_title", {{"code", b.code}});
  t.door_label = ctx.t("bookings.at_the_door");
  t.door = s.at_the_door.empty() ? ctx.t("bookings.ticket.door_default", {{"code", b.code}})
                                 : s.at_the_door + " " + ctx.t("bookings.ticket.door_code", {{"code", b.code}});
  t.access_label = ctx.t("bookings.getting_there");
  t.access = s.getting_there;
  t.footer = ctx.t("bookings.ticket.footer");
  t.author = ctx.t("bookings.ticket.author");
  return t;
}

// The ticket as a PDF download, named after the outing and its day (never the person).
http::Response ticket_download(Context& ctx, const TicketAccess& access, const std::string& format) {
  if (!access.outcome.ok) return ctx.refused(access.outcome);
  if (format != "a6.pdf" && format != "telephone.pdf") return ctx.error(404);
  http::Response res;
  res.status = 200;
  res.body = ticket_pdf(ticket_text(ctx, access.booking, access.slot),
                        format == "a6.pdf" ? TicketFormat::a6 : TicketFormat::phone);
  res.set_header("Content-Type", "application/pdf");
  // A person's ticket: kept by no cache, indexed by no engine (the platform's Referrer-Policy, same-origin,
  // already keeps its link from other sites).
  res.set_header("Cache-Control", "private, no-store");
  res.set_header("X-Robots-Tag", "noindex");
  const std::string day = local_day(access.slot.starts_at);
  std::string name = format == "a6.pdf" ? docs::pdf_file_name({"billet", access.slot.offer_title, day})
                                        : docs::pdf_file_name({"billet", access.slot.offer_title, day, "telephone"});
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return res;
}

// The ticket's page through the signed link (no account): the same lines, the QR, the downloads.
http::Response ticket_page(Context& ctx, const TicketAccess& access, const std::string& token) {
  if (!access.outcome.ok) return ctx.refused(access.outcome);
  const auto& b = access.booking;
  const auto& s = access.slot;
  TicketText text = ticket_text(ctx, b, s);
  Data data{Data::type::object};
  data.set("title", text.title);
  data.set("when", text.when);
  data.set("venue", text.venue);
  set_if(data, "address", s.venue_address);
  set_if(data, "commune", s.venue_commune);
  data.set("places", text.places);
  data.set("code", b.code);
  data.set("door", text.door);
  set_if(data, "getting_there", s.getting_there);
  std::string qr = docs::qr_svg(b.code, text.qr_label, 6);
  if (!qr.empty()) data.set("qr", qr);
  data.set("pdf_a6", "/sorties/billets/" + token + "/a6.pdf");
  data.set("pdf_phone", "/sorties/billets/" + token + "/telephone.pdf");
  auto res = render_page(ctx, "outings/bookings/ticket", data, text.title);
  res.set_header("Cache-Control", "private, no-store");
  res.set_header("X-Robots-Tag", "noindex");
  return res;
}

// ---- the confirmation page

// The booking's page; `email` and `failed` are the ticket's e-mail form sent again after a refusal.
http::Response booking_page(Context& ctx, Service& service, const Booking& b, const Slot& s,
                            const std::string& email = "", const Outcome& failed = Outcome::success(),
                            int status = 200) {
  Data data = booking_data(ctx, b);
  data.set("slot", slot_data(ctx, s));
  if (b.kind == "group") {
    if (auto g = service.find_group(b.id)) data.set("group", group_data(ctx, *g));
  }
  bool is_referent = ctx.me().can_in(web::perm::outings_book, b.organisation_id);
  bool active = b.status == "confirmed" || b.status == "used";
  if (active) {
    std::string qr = docs::qr_svg(b.code, ctx.t("bookings.qr_title", {{"code", b.code}}), 6);
    if (!qr.empty()) data.set("qr", qr);
  }
  data.set("active", web::flag(active));
  if (active) {
    data.set("ticket_a6", "/sorties/reservations/" + std::to_string(b.id) + "/billet/a6.pdf");
    data.set("ticket_phone", "/sorties/reservations/" + std::to_string(b.id) + "/billet/telephone.pdf");
    // The link to hand over: it opens the ticket without an account until the day after the outing.
    if (is_referent && b.status == "confirmed") {
      const std::string link = service.ticket_link(b, s);
      data.set("ticket_link", link);
      data.set("ticket_link_help",
               ctx.t("bookings.ticket.link_help",
                     {{"until", web::format_datetime(ticket_link_expiry(s.starts_at) - 60, ctx.locale)}}));
      // Handing the ticket to the person's own phone or address, typed now and stored nowhere: only
      // before the outing (a past or cancelled booking has nothing to send).
      if (s.starts_at > store::now_seconds()) {
        const std::string sms = ticket_sms(ctx.app.catalogue, ctx.locale, ticket_text(ctx, b, s), s.offer_title, link);
        data.set("send_ticket", web::flag(true));
        data.set("sms_text", sms);
        data.set("sms_href", "sms:?&body=" + web::url_encode(sms));
        data.set("ticket_email", email);
        data.set("ticket_js", ctx.app.asset_url("js/ticket.js"));
        if (!failed.ok) web::set_error(data, ctx, failed, "ticket_mail");
      }
    }
  }
  data.set("confirmed", web::flag(b.status == "confirmed"));
  data.set("waiting", web::flag(b.status == "waiting"));
  data.set("requested", web::flag(b.status == "requested"));
  data.set("offered", web::flag(b.status == "offered"));
  if (b.status == "offered" && b.offer_expires_at > 0)
    data.set("offered_until",
             ctx.t("bookings.offered_until", {{"until", web::format_datetime(b.offer_expires_at, ctx.locale)}}));
  long long now = store::now_seconds();
  bool past = s.starts_at <= now;
  data.set("can_cancel", web::flag(is_referent && !past &&
                                   (b.status == "requested" || b.status == "waiting" || b.status == "offered" ||
                                    b.status == "confirmed")));
  data.set("late_cancel", web::flag(b.status == "confirmed" && now > s.cancel_until));
  data.set("can_mark", web::flag(is_referent && past && b.status == "confirmed"));
  data.set("can_undo", web::flag(is_referent && (b.status == "used" || b.status == "no_show")));
  data.set("is_referent", web::flag(is_referent));
  Data events{Data::type::list};
  if (is_referent || ctx.me().can(web::perm::outings_manage)) {
    for (const auto& e : service.booking_events(b.id)) {
      Data r{Data::type::object};
      r.set("at", web::format_datetime(e.at, ctx.locale));
      r.set("to", ctx.t("bookings.statuses." + e.to_status));
      if (!e.reason.empty()) r.set("reason", ctx.t("bookings.cancel_reasons." + e.reason));
      events.push_back(r);
    }
  }
  data.set("events", events);
  data.set("has_events", web::flag(!events.is_empty_list()));
  return render_page(ctx, "outings/bookings/booking", data, ctx.t("bookings.booking_title", {{"code", b.code}}),
                     status);
}

// Cancelling asks for confirmation and why: the referent's page of the booking's cancellation.
http::Response cancel_page(Context& ctx, Service& service, long long id, const std::string& motive,
                           const std::string& note, const Outcome& failed, int status) {
  auto b = service.find_booking(id);
  auto s = b ? service.find_slot(b->slot_id) : std::nullopt;
  if (!b || !s || !ctx.me().acting_for(web::perm::outings_book).covers(b->organisation_id)) return ctx.error(404);
  Data data = booking_data(ctx, *b);
  data.set("slot", slot_data(ctx, *s));
  data.set("motives", web::options(ctx, cancel_motives(), "bookings.cancel_motives.", motive));
  data.set("note", note);
  data.set("note_max", std::to_string(kCancelNoteMax));
  const long long now = store::now_seconds();
  data.set("late_cancel", web::flag(b->status == "confirmed" && now > s->cancel_until));
  // Nothing left to cancel: say why instead of offering the form.
  std::string closed;
  if (b->status == "cancelled") closed = "bookings.errors.already_cancelled";
  else if (!is_one_of(b->status, {"requested", "waiting", "offered", "confirmed"}))
    closed = "bookings.errors.transition";
  else if (s->starts_at <= now) closed = "bookings.errors.cancel_past";
  if (!closed.empty()) data.set("closed", ctx.t(closed));
  if (!failed.ok && !failed.error.empty()) web::set_error(data, ctx, failed);
  return render_page(ctx, "outings/bookings/cancel", data, ctx.t("bookings.cancel_form.title", {{"code", b->code}}),
                     status);
}

// The rules of the network, as saved or as typed: the instance's defaults (branch 0), or a branch's
// overrides beside them (docs/outings.md « Antennes »), each rule saying where its value comes from.
http::Response rules_page(Context& ctx, Service& service, long long branch_id, const std::string& error,
                          const std::string& field, const std::vector<std::pair<std::string, std::string>>& typed,
                          int status) {
  const auto scope = service.network_scope(ctx.me());
  const auto branches = service.rule_branches(scope);
  std::string branch_name;
  for (const auto& [id, name] : branches)
    if (id == branch_id) branch_name = name;
  if (branch_id != 0 && branch_name.empty()) return ctx.error(404);
  const auto own = branch_id != 0 ? service.branch_overrides(branch_id) : std::map<std::string, long long>{};
  Data rows{Data::type::list};
  for (const auto& r : rules()) {
    Data d{Data::type::object};
    d.set("key", r.key);
    d.set("label", ctx.t(std::string("bookings.rules.") + r.key));
    d.set("help", ctx.t(std::string("bookings.rules.help.") + r.key));
    d.set("min", std::to_string(r.min));
    d.set("max", std::to_string(r.max));
    const std::string fallback = std::to_string(service.rule(r.key));
    std::string value = fallback;
    if (branch_id != 0) {
      auto it = own.find(r.key);
      value = it == own.end() ? "" : std::to_string(it->second);
      d.set("origin",
            ctx.t(it == own.end() ? "bookings.rules.branch.origin_default" : "bookings.rules.branch.origin_own"));
      d.set("default_note", ctx.t("bookings.rules.branch.default_value", {{"value", fallback}}));
      d.set("shown", it == own.end() ? fallback : value);
    }
    for (const auto& [k, v] : typed)
      if (k == r.key) value = v;
    d.set("value", value);
    d.set("invalid", web::flag(field == r.key));
    rows.push_back(d);
  }
  Data data{Data::type::object};
  data.set("rules", rows);
  const bool can_change =
      branch_id != 0 ? Service::may_set_branch_rules(scope, branch_id) : Service::may_set_rules(scope);
  data.set("can_change", web::flag(can_change));
  if (branch_id != 0) {
    data.set("branch", web::flag(true));
    data.set("branch_id", std::to_string(branch_id));
    data.set("branch_title", ctx.t("bookings.rules.branch.title", {{"name", branch_name}}));
  }
  if (!branches.empty()) {
    Data options{Data::type::list};
    if (scope.everywhere) {
      Data o{Data::type::object};
      o.set("value", "");
      o.set("label", ctx.t("bookings.rules.branch.defaults"));
      o.set("selected", web::flag(branch_id == 0));
      options.push_back(o);
    }
    for (const auto& [id, name] : branches) {
      Data o{Data::type::object};
      o.set("value", std::to_string(id));
      o.set("label", name);
      o.set("selected", web::flag(id == branch_id));
      options.push_back(o);
    }
    data.set("branch_options", options);
    data.set("has_branches", web::flag(true));
  }
  if (!error.empty()) {
    data.set("error", error);
    set_if(data, "error_field", field);
  }
  return render_page(ctx, "outings/bookings/rules", data, ctx.t("bookings.rules.title"), status);
}

// The referents of the relais within the coordinator's scope, with their onboarding date.
http::Response referents_page(Context& ctx, Service& service) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& r : service.referents(page, per_page, total, service.network_scope(ctx.me()))) {
    Data d{Data::type::object};
    d.set("id", std::to_string(r.membership_id));
    d.set("name", r.name);
    d.set("email", r.email);
    d.set("relais", r.organisation_name);
    d.set("onboarded_on", r.onboarded_on);
    set_if(d, "onboarded", r.onboarded_on);
    d.set("action", "/sorties/referents/" + std::to_string(r.membership_id));
    rows.push_back(d);
  }
  Data data{Data::type::object};
  data.set("referents", rows);
  data.set("empty", web::flag(total == 0));
  data.set("today", partnerships::today_iso());
  data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties/referents?"));
  return render_page(ctx, "outings/bookings/referents", data, ctx.t("bookings.referents.title"));
}

// The relais's bookings, newest first.
http::Response bookings_page(Context& ctx, Service& service) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& b : service.bookings_of(my_relais(ctx), page, per_page, total)) {
    Data d = booking_data(ctx, b);
    if (auto s = service.find_slot(b.slot_id)) {
      d.set("title", s->offer_title);
      d.set("starts", web::format_datetime(s->starts_at, ctx.locale));
    }
    rows.push_back(d);
  }
  Data data{Data::type::object};
  data.set("bookings", rows);
  data.set("empty", web::flag(total == 0));
  data.set("total", std::to_string(total));
  data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties/reservations?"));
  return render_page(ctx, "outings/bookings/list", data, ctx.t("bookings.list_title"));
}

// A new beneficiary as the form sends it (the person's first relais when the form names none).
Beneficiary beneficiary_from(const http::Form& form, const std::vector<long long>& orgs) {
  Beneficiary b;
  b.organisation_id =
      form.has("organisation") ? web::parse_id(form.get("organisation")) : (orgs.empty() ? 0 : orgs.front());
  b.age_band = form.get("age_band");
  std::string household = form.get("household_size");
  b.household_size =
      (household.empty() || household.size() > 3 || household.find_first_not_of("0123456789") != std::string::npos)
          ? 0
          : std::stoll(household);
  b.commune_code = form.get("commune");
  b.in_qpv = form.get("in_qpv") == "1";
  return b;
}

BookingRequest booking_request(const Context& ctx) {
  BookingRequest req;
  req.slot_id = ctx.req.int_param("id");
  req.beneficiary_id = web::parse_id(ctx.form.get("beneficiary"));
  req.companions = ctx.form.has("companions") ? ctx.form.get("companions") : "0";
  req.needs_motor = ctx.form.get("needs_motor") == "1";
  req.needs_visual = ctx.form.get("needs_visual") == "1";
  req.needs_hearing = ctx.form.get("needs_hearing") == "1";
  req.needs_mental = ctx.form.get("needs_mental") == "1";
  req.relais = ctx.me().acting_for(web::perm::outings_book);
  req.submission = ctx.submission;
  return req;
}

// A forged or unknown slot: a French answer, nothing booked.
http::Response unknown_slot(Context& ctx) {
  Data d{Data::type::object};
  d.set("error", ctx.t("bookings.errors.unknown_slot"));
  return render_page(ctx, "outings/bookings/refused", d, ctx.t("bookings.refused_title"), 404);
}

// The end of a booking: the same form sent twice goes to the list; a slot that does not exist or is
// not published gets its own page; a booking not yet confirmed (waiting list, draw, request) is
// announced as information rather than success.
http::Response booked(Context& ctx, Service& service, const BookingRequest& req, const Result& result) {
  if (result.outcome.code == Failure::conflict) {
    ctx.flash("info", ctx.t("flash.already_submitted"));
    return ctx.redirect("/sorties/reservations");
  }
  if (result.outcome.code == Failure::not_found) return unknown_slot(ctx);
  return web::finish_with(
      ctx, result.outcome, "bookings.result." + result.status, {},
      "/sorties/reservations/" + std::to_string(result.outcome.id),
      [&](const Outcome& failed, int status) {
        // The slot is read here only when the form must be shown again.
        auto s = service.find_slot(req.slot_id);
        if (!s || s->offer_status != "published") return unknown_slot(ctx);
        return booking_form(ctx, service, *s, req, ctx.t(failed.error, result.params), failed.field, status);
      },
      result.status == "confirmed" ? "success" : "info");
}

// The venue's page of a slot's actions (cancel it, add places).
std::string slot_actions_url(long long id) {
  return "/sorties/creneaux/" + std::to_string(id) + "/annuler";
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- beneficiaries: the referent's relais only
  app.get("/sorties/beneficiaires", web::perm::outings_book, [&service](Context& ctx) {
    Beneficiary draft;
    draft.age_band = "26-59";
    return beneficiaries_page(ctx, service, draft, "", "", 200);
  });

  app.post("/sorties/beneficiaires", web::perm::outings_book, [&service](Context& ctx) {
    ActingFor relais = Service::own_relais(ctx.me());
    Beneficiary b = beneficiary_from(ctx.form, relais.organisations);
    // Sent from a booking form (the slot's id): back to that form, the new person selected.
    const long long slot_id = web::parse_id(ctx.form.get("slot"));
    auto slot = slot_id ? service.find_slot(slot_id) : std::nullopt;
    if (slot && slot->offer_status != "published") slot.reset();
    auto outcome = service.create_beneficiary(web::actor_of(ctx), relais, b);
    auto created = outcome.ok ? service.find_beneficiary(outcome.id) : std::nullopt;
    const std::string next = slot ? "/sorties/creneaux/" + std::to_string(slot->id) +
                                        "/reserver?beneficiaire=" + std::to_string(outcome.id) + "#k-beneficiary"
                                  : "/sorties/beneficiaires";
    return web::finish_with(ctx, outcome, "bookings.beneficiaries.created", {{"code", created ? created->code : ""}},
                            next, [&](const Outcome& failed, int status) {
                              if (slot) {
                                BookingRequest req;
                                req.slot_id = slot->id;
                                return booking_form(ctx, service, *slot, req, "", "", status, &b, ctx.t(failed.error),
                                                    failed.field);
                              }
                              return beneficiaries_page(ctx, service, b, ctx.t(failed.error), failed.field, status);
                            });
  });

  app.post("/sorties/beneficiaires/{id:int}/archiver", web::perm::outings_book, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.archive_beneficiary(web::actor_of(ctx), ctx.me().acting_for(web::perm::outings_book), id);
    auto b = outcome.ok ? service.find_beneficiary(id) : std::nullopt;
    return web::finish_with(ctx, outcome, "bookings.beneficiaries.archived", {{"code", b ? b->code : ""}},
                            "/sorties/beneficiaires", web::back_to(ctx, "/sorties/beneficiaires"));
  });

  // ---- referents' onboarding (coordinators)
  app.get("/sorties/referents", web::perm::outings_manage,
          [&service](Context& ctx) { return referents_page(ctx, service); });

  app.post("/sorties/referents/{id:int}", web::perm::outings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto r = service.record_onboarding(web::actor_of(ctx), id, ctx.form.get("onboarded_on"),
                                       service.network_scope(ctx.me()));
    return web::finish(ctx, r.outcome, "bookings.referents.saved", "/sorties/referents",
                       web::back_to(ctx, "/sorties/referents", r.params));
  });

  // ---- rules of the network
  // ?antenne=ID: that branch's overrides; a branch coordinator without it sees their own branch's.
  app.get("/sorties/regles", web::perm::outings_manage, [&service](Context& ctx) {
    long long branch_id = web::parse_id(ctx.req.query_param("antenne").value_or(""));
    if (!ctx.req.query_param("antenne")) {
      const auto scope = service.network_scope(ctx.me());
      if (!scope.everywhere && scope.delegations.empty() && scope.branches.size() == 1) branch_id = scope.branches[0];
    }
    return rules_page(ctx, service, branch_id, "", "", {}, 200);
  });

  app.post("/sorties/regles", web::perm::outings_manage, [&service](Context& ctx) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& r : rules())
      if (ctx.form.has(r.key)) values.emplace_back(r.key, ctx.form.get(r.key));
    auto result = service.set_rules(web::actor_of(ctx), values, service.network_scope(ctx.me()));
    return web::finish(ctx, result.outcome, "bookings.rules.saved", "/sorties/regles",
                       [&](const Outcome& failed, int status) {
                         return rules_page(ctx, service, 0, message(ctx, result), failed.field, values, status);
                       });
  });

  // A branch's overrides: an empty field takes the rule back to the network's default.
  app.post("/sorties/regles/antennes/{id:int}", web::perm::outings_manage, [&service](Context& ctx) {
    const long long branch_id = ctx.req.int_param("id");
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& r : rules())
      if (ctx.form.has(r.key)) values.emplace_back(r.key, ctx.form.get(r.key));
    auto result = service.set_branch_rules(web::actor_of(ctx), branch_id, values, service.network_scope(ctx.me()));
    return web::finish(ctx, result.outcome, "bookings.rules.saved",
                       "/sorties/regles?antenne=" + std::to_string(branch_id), [&](const Outcome& failed, int status) {
                         return rules_page(ctx, service, branch_id, message(ctx, result), failed.field, values, status);
                       });
  });

  // ---- booking a slot
  app.get("/sorties/creneaux/{id:int}/reserver", web::perm::outings_book, [&service](Context& ctx) {
    auto s = service.find_slot(ctx.req.int_param("id"));
    if (!s || s->offer_status != "published") return ctx.error(404);
    BookingRequest req;
    req.slot_id = s->id;
    req.beneficiary_id = web::parse_id(ctx.req.query_param("beneficiaire").value_or(""));
    return booking_form(ctx, service, *s, req, "", "", 200);
  });

  app.post(
      "/sorties/creneaux/{id:int}/reserver", web::perm::outings_book,
      [&service](Context& ctx) {
        BookingRequest req = booking_request(ctx);
        // The slot and the beneficiary are read and checked by book() itself.
        return booked(ctx, service, req, service.book(web::actor_of(ctx), req));
      },
      web::RouteOptions{.submission_in_handler = true});

  // ---- the relais's bookings
  app.get("/sorties/reservations", web::perm::outings_book,
          [&service](Context& ctx) { return bookings_page(ctx, service); });

  app.get("/sorties/reservations/{id:int}", web::perm::outings_browse, [&service](Context& ctx) {
    auto b = service.find_booking(ctx.req.int_param("id"));
    if (!b) return ctx.error(404);
    auto s = service.find_slot(b->slot_id);
    if (!s || !service.may_see_booking(ctx.me(), *b, *s)) return ctx.error(404);
    return booking_page(ctx, service, *b, *s);
  });

  auto booking_action = [](Context& ctx, auto&& act) {
    long long id = ctx.req.int_param("id");
    std::string page = "/sorties/reservations/" + std::to_string(id);
    // The service checks the booking is one of the person's relais (else not found).
    Result r = act(web::actor_of(ctx), ctx.me().acting_for(web::perm::outings_book), id);
    return web::finish_with(ctx, r.outcome, "bookings.done." + r.status, r.params, page,
                            web::back_to(ctx, page, r.params));
  };

  app.get("/sorties/reservations/{id:int}/annuler", web::perm::outings_book, [&service](Context& ctx) {
    return cancel_page(ctx, service, ctx.req.int_param("id"), "", "", Outcome::success(), 200);
  });

  app.post("/sorties/reservations/{id:int}/annuler", web::perm::outings_book, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string page = "/sorties/reservations/" + std::to_string(id);
    const std::string motive = ctx.form.get("motive"), note = ctx.form.get("note");
    Result r = service.cancel(web::actor_of(ctx), ctx.me().acting_for(web::perm::outings_book), id, motive, note);
    return web::finish_with(ctx, r.outcome, "bookings.done." + r.status, r.params, page,
                            [&](const Outcome& failed, int status) {
                              if (!failed.field.empty())
                                return cancel_page(ctx, service, id, motive, note, failed, status);
                              return web::back_to(ctx, page, r.params)(failed, status);
                            });
  });

  app.post(
      "/sorties/reservations/{id:int}/presence", web::perm::outings_book, [&service, booking_action](Context& ctx) {
        std::string mark = ctx.form.get("mark");
        return booking_action(
            ctx, [&](const Actor& a, const ActingFor& r, long long id) { return service.attendance(a, r, id, mark); });
      });

  app.post("/sorties/reservations/{id:int}/presence/annuler", web::perm::outings_book,
           [&service, booking_action](Context& ctx) {
             return booking_action(ctx, [&](const Actor& a, const ActingFor& r, long long id) {
               return service.undo_attendance(a, r, id);
             });
           });

  // ---- the ticket sent by e-mail to the person's own address, typed now and stored nowhere
  app.post("/sorties/reservations/{id:int}/billet-par-courriel", web::perm::outings_book, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string page = "/sorties/reservations/" + std::to_string(id);
    const std::string email = ctx.form.get("email");
    Result r = service.send_ticket(web::actor_of(ctx), ctx.me().acting_for(web::perm::outings_book), id, email);
    return web::finish(ctx, r.outcome, "bookings.ticket.send.sent", page, [&](const Outcome& failed, int status) {
      // Nothing left to send (cancelled, started): the booking's page says why.
      if (failed.field.empty()) return web::back_to(ctx, page)(failed, status);
      auto b = service.find_booking(id);
      auto s = b ? service.find_slot(b->slot_id) : std::nullopt;
      if (!b || !s) return ctx.error(404);
      // The form again, with the address typed (in this answer only) to be corrected.
      return booking_page(ctx, service, *b, *s, email, failed, status);
    });
  });

  // ---- the ticket: signed in (whoever may see the booking), or through the signed link (no account)
  app.get("/sorties/reservations/{id:int}/billet/{format}", web::perm::outings_browse, [&service](Context& ctx) {
    return ticket_download(ctx, service.ticket(ctx.me(), ctx.req.int_param("id")), ctx.req.params.at("format"));
  });

  app.get("/sorties/billets/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    return ticket_page(ctx, service.ticket_by_link(token), token);
  });

  app.get("/sorties/billets/{token}/{format}", web::perm::public_access, [&service](Context& ctx) {
    return ticket_download(ctx, service.ticket_by_link(ctx.req.params.at("token")), ctx.req.params.at("format"));
  });

  // ---- the venue's actions on a slot: cancel it, add places
  app.get("/sorties/creneaux/{id:int}/annuler", web::perm::outings_publish, [&service](Context& ctx) {
    auto s = service.find_slot(ctx.req.int_param("id"));
    if (!s || !service.may_manage_slot(ctx.me(), *s)) return ctx.error(404);
    Data data{Data::type::object};
    data.set("slot", slot_data(ctx, *s));
    data.set("open", web::flag(s->status == "open" && s->starts_at > store::now_seconds()));
    return render_page(ctx, "outings/bookings/slot_actions", data,
                       ctx.t("bookings.slot.title", {{"title", s->offer_title}}));
  });

  app.post("/sorties/creneaux/{id:int}/annuler", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto s = service.find_slot(id);
    if (!s || !service.may_manage_slot(ctx.me(), *s)) return ctx.error(404);
    auto r = service.cancel_slot(web::actor_of(ctx), id, ctx.form.get("reason"), service.slot_scope(ctx.me()));
    return web::finish_with(ctx, r.outcome, "bookings.slot.cancelled", r.params, slot_actions_url(id),
                            web::back_to(ctx, slot_actions_url(id), r.params));
  });

  app.post("/sorties/creneaux/{id:int}/places", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto s = service.find_slot(id);
    if (!s || !service.may_manage_slot(ctx.me(), *s)) return ctx.error(404);
    auto r = service.add_places(web::actor_of(ctx), id, ctx.form.get("places"), service.slot_scope(ctx.me()));
    return web::finish_with(ctx, r.outcome, "bookings.slot.places_added", r.params, slot_actions_url(id),
                            web::back_to(ctx, slot_actions_url(id), r.params));
  });

  register_group_routes(app, service);
}

}  // namespace trame::bookings
