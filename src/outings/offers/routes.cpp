#include <algorithm>
#include <cctype>
#include <cstdio>

#include "platform/core/calendar.hpp"
#include "platform/docs/ics.hpp"
#include "platform/docs/markdown.hpp"
#include "outings/offers/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/page_cache.hpp"
#include "platform/web/crypto.hpp"

namespace trame::offers {

namespace {

using web::Context;
using web::Data;

std::string offer_url(long long id) {
  return "/sorties/offres/" + std::to_string(id);
}
std::string slot_url(long long id) {
  return "/sorties/creneaux/" + std::to_string(id);
}
std::string allocation_url(long long id) {
  return "/sorties/contingents/" + std::to_string(id);
}

using web::set_if;

// An allocation's day rule in words, through the catalogue (calendars/rules.hpp).
std::string rule_words(const Context& ctx, const calendars::DayRule& rule) {
  return calendars::wording(rule,
                            [&ctx](const std::string& key, const web::Params& params) { return ctx.t(key, params); });
}

Data choice_list(const std::vector<Choice>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& c : list) {
    Data o{Data::type::object};
    o.set("value", c.value);
    o.set("label", c.label);
    o.set("selected", web::flag(c.value == selected));
    out.push_back(o);
  }
  return out;
}

// Accessibility of the offer as a list of labels.
Data access_list(const Context& ctx, int motor, int visual, int hearing, int mental) {
  Data list{Data::type::list};
  const std::pair<const char*, int> flags[] = {
      {"motor", motor}, {"visual", visual}, {"hearing", hearing}, {"mental", mental}};
  for (const auto& [key, on] : flags) {
    if (!on) continue;
    Data item{Data::type::object};
    item.set("label", ctx.t(std::string("outings.needs.") + key));
    list.push_back(item);
  }
  return list;
}

Data slot_data(const Context& ctx, const Slot& s, long long now) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("url", slot_url(s.id));
  d.set("ics_url", slot_url(s.id) + ".ics");
  d.set("book_url", slot_url(s.id) + "/reserver");
  if (s.group_places > 0) {
    d.set("group_url", slot_url(s.id) + "/groupe");
    d.set("group_left",
          ctx.t("outing_groups.share_left", {{"n", std::to_string(std::max(0LL, s.group_places - s.group_booked))},
                                             {"share", std::to_string(s.group_places)}}));
  }
  d.set("starts", web::format_datetime(s.starts_at, ctx.locale));
  if (s.ends_at) d.set("ends", web::format_datetime(s.ends_at, ctx.locale));
  d.set("capacity", std::to_string(s.capacity));
  d.set("booked", std::to_string(s.booked));
  d.set("left", std::to_string(s.left()));
  d.set("places_left",
        ctx.t("outings.slot.places_left", {{"n", std::to_string(s.left())}, {"capacity", std::to_string(s.capacity)}}));
  d.set("opens", web::format_datetime(s.opens_at, ctx.locale));
  d.set("closes", web::format_datetime(s.closes_at, ctx.locale));
  d.set("cancel_until", web::format_datetime(s.cancel_until, ctx.locale));
  d.set("is_draw", web::flag(s.mode == "draw"));
  if (s.mode == "draw") d.set("draw_at", web::format_datetime(s.draw_at, ctx.locale));
  set_if(d, "allocation", s.allocation_name);
  if (s.allocation_id) d.set("allocation_url", allocation_url(s.allocation_id));
  bool cancelled = s.status == "cancelled";
  d.set("cancelled", web::flag(cancelled));
  bool open = !cancelled && now >= s.opens_at && now <= s.closes_at && s.starts_at > now;
  std::string state = cancelled                             ? "cancelled"
                      : s.starts_at <= now                  ? "past"
                      : now < s.opens_at                    ? "not_open"
                      : now > s.closes_at                   ? "closed"
                      : s.mode == "draw" && s.drawn_at == 0 ? "draw"
                      : s.left() == 0                       ? "full"
                                                            : "open";
  d.set("state", ctx.t("outings.slot.states." + state));
  d.set("bookable", web::flag(open));
  d.set("full", web::flag(s.left() == 0));
  return d;
}

// The first instant after `now` at which slot_data(…, s, t) may differ from slot_data(…, s, now)
// (its open/past/not_open/closed comparisons), and at which the catalogue may drop the slot.
long long slot_changes_at(const Slot& s, long long now) {
  long long at = 4102444800LL;
  for (long long t : {s.opens_at, s.closes_at + 1, s.starts_at, s.starts_at + 1})
    if (t > now) at = std::min(at, t);
  return at;
}

Data offer_data(const Context& ctx, const Offer& o) {
  Data d{Data::type::object};
  d.set("id", std::to_string(o.id));
  d.set("url", offer_url(o.id));
  d.set("title", o.title);
  d.set("category", o.category);
  d.set("category_label", ctx.t("outings.categories." + o.category));
  d.set("audience_label", ctx.t("outings.audiences." + o.audience));
  d.set("status", o.status);
  d.set("status_label", ctx.t("outings.statuses." + o.status));
  d.set("is_published", web::flag(o.status == "published"));
  d.set("venue", o.venue.name);
  d.set("venue_url", "/annuaire/structures/" + std::to_string(o.venue_id));
  set_if(d, "address", o.venue.address);
  set_if(d, "commune", o.venue.commune);
  if (o.age_min || o.age_max) {
    d.set("ages", o.age_max ? ctx.t("outings.ages_range",
                                    {{"min", std::to_string(o.age_min)}, {"max", std::to_string(o.age_max)}})
                            : ctx.t("outings.ages_from", {{"min", std::to_string(o.age_min)}}));
  }
  // The language code of the demo and the default ("fr") is shown by its name.
  set_if(d, "language", o.language == "fr" || o.language == "en" ? ctx.t("locales." + o.language) : o.language);
  d.set("family", web::flag(o.family != 0));
  d.set("on_request", web::flag(o.on_request != 0));
  d.set("request_url", "/sorties/offres/" + std::to_string(o.id) + "/demande");
  Data access = access_list(ctx, o.motor, o.visual, o.hearing, o.mental);
  d.set("has_access", web::flag(o.motor || o.visual || o.hearing || o.mental));
  d.set("access", access);
  set_if(d, "accessibility_details", o.accessibility_details);
  Data venue_access = access_list(ctx, o.venue.motor, o.venue.visual, o.venue.hearing, o.venue.mental);
  d.set("has_venue_access", web::flag(o.venue.motor || o.venue.visual || o.venue.hearing || o.venue.mental));
  d.set("venue_access", venue_access);
  set_if(d, "venue_access_note", o.venue.accessibility_note);
  // The offer's own picture, else its venue's logo (checked by its bytes when it was uploaded).
  if (!o.image_type.empty()) {
    d.set("image_url", offer_url(o.id) + "/image?v=" + std::to_string(o.updated_at));
    d.set("card_url", offer_url(o.id) + "/vignette?v=" + std::to_string(o.updated_at));
  } else if (o.venue.has_logo) {
    d.set("image_url", "/annuaire/structures/" + std::to_string(o.venue_id) + "/logo");
    d.set("image_is_logo", web::flag(true));
  }
  return d;
}

Offer offer_from_form(const http::Form& f) {
  Offer o;
  o.venue_id = web::parse_id(f.get("venue"));
  o.title = f.get("title");
  o.category = f.get("category");
  o.description = f.get("description");
  o.audience = f.has("audience") ? f.get("audience") : "all";
  auto num = [&](const char* k) -> int {
    std::string v = f.get(k);
    if (v.empty()) return 0;
    if (v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoi(v);
  };
  o.age_min = num("age_min");
  o.age_max = num("age_max");
  o.language = f.get("language");
  o.conditions = f.get("conditions");
  o.getting_there = f.get("getting_there");
  o.at_the_door = f.get("at_the_door");
  o.family = f.get("family") == "1";
  o.on_request = f.get("on_request") == "1" ? 1 : 0;
  o.motor = f.get("motor") == "1";
  o.visual = f.get("visual") == "1";
  o.hearing = f.get("hearing") == "1";
  o.mental = f.get("mental") == "1";
  o.accessibility_details = f.get("accessibility_details");
  // The branches it is given to (docs/outings.md « Antennes »): only when the form showed them.
  o.branches_sent = f.get("branches_shown") == "1";
  for (const auto& b : f.all("branches"))
    if (long long id = web::parse_id(b); id != 0) o.branch_ids.push_back(id);
  return o;
}

http::Response offer_form(Context& ctx, Service& service, const Offer& o, const Outcome& error, int status) {
  Data data{Data::type::object};
  Editor e = service.editor(ctx.me());
  bool editing = o.id != 0;
  data.set("editing", web::flag(editing));
  data.set("action", editing ? offer_url(o.id) : std::string("/sorties/offres"));
  if (editing) data.set("offer_url", offer_url(o.id));
  auto venues = service.venue_choices(e);
  // The offer's current venue is always offered, whatever its kind.
  std::string current = std::to_string(o.venue_id);
  if (o.venue_id && std::none_of(venues.begin(), venues.end(), [&](const Choice& c) { return c.value == current; }))
    if (auto v = service.venue(o.venue_id)) venues.insert(venues.begin(), Choice{current, v->name});
  data.set("venues", choice_list(venues, current));
  data.set("title", o.title);
  data.set("categories", web::options(ctx, categories(), "outings.categories.", o.category));
  data.set("audiences", web::options(ctx, audiences(), "outings.audiences.", o.audience));
  data.set("description", o.description);
  data.set("age_min", std::to_string(std::max(0, o.age_min)));
  data.set("age_max", std::to_string(std::max(0, o.age_max)));
  data.set("language", o.language);
  data.set("conditions", o.conditions);
  data.set("getting_there", o.getting_there);
  data.set("at_the_door", o.at_the_door);
  data.set("family", web::flag(o.family));
  data.set("on_request", web::flag(o.on_request));
  data.set("motor", web::flag(o.motor));
  data.set("visual", web::flag(o.visual));
  data.set("hearing", web::flag(o.hearing));
  data.set("mental", web::flag(o.mental));
  data.set("accessibility_details", o.accessibility_details);
  if (o.venue_id) {
    if (auto v = service.venue(o.venue_id)) {
      Data venue{Data::type::object};
      venue.set("name", v->name);
      set_if(venue, "address", v->address);
      set_if(venue, "commune", v->commune);
      venue.set("access", access_list(ctx, v->motor, v->visual, v->hearing, v->mental));
      set_if(venue, "note", v->accessibility_note);
      data.set("venue", venue);
    }
  }
  // The branches it is given to: as typed, else its own (a new offer: its venue's branch). A branch the
  // editor does not give to is shown but cannot be changed.
  std::vector<long long> given = o.branch_ids;
  if (!o.branches_sent) {
    if (editing) {
      for (const auto& b : service.offer_branches(o.id)) given.push_back(b.first);
    } else if (long long venue = o.venue_id ? service.venue_branch(o.venue_id) : 0; venue != 0) {
      given.push_back(venue);
    }
  }
  Data branches{Data::type::list};
  for (const auto& [id, name] : service.active_branches()) {
    Data b{Data::type::object};
    b.set("id", std::to_string(id));
    b.set("name", name);
    b.set("checked", web::flag(std::find(given.begin(), given.end(), id) != given.end()));
    b.set("locked", web::flag(!e.gives_to(id)));
    branches.push_back(b);
  }
  data.set("has_branches", web::flag(!branches.is_empty_list()));
  data.set("branches", branches);
  data.set("error_branches", web::flag(error.field == "branches"));
  web::set_error(data, ctx, error);
  return ctx.render("outings/offers/offer_form", data,
                    editing ? ctx.t("outings.form.edit_title") : ctx.t("outings.form.new_title"), status);
}

Filter filter_from(const http::Request& req) {
  Filter f;
  f.from = req.query_param("du").value_or("");
  f.to = req.query_param("au").value_or("");
  if (day_start(f.from) < 0) f.from.clear();
  if (day_start(f.to) < 0) f.to.clear();
  f.category = req.query_param("categorie").value_or("");
  if (!one_of(f.category, categories())) f.category.clear();
  f.delegation_id = web::parse_id(req.query_param("delegation").value_or(""));
  f.commune_code = req.query_param("commune").value_or("");
  if (f.commune_code.size() > 10) f.commune_code.clear();
  for (const auto& n : needs())
    if (req.query_param(n).value_or("") == "1") f.needs.push_back(n);
  f.family = req.query_param("famille").value_or("") == "1";
  f.with_places = req.query_param("places").value_or("") == "1";
  f.text = req.query_param("q").value_or("");
  if (f.text.size() > 200) f.text.resize(200);
  return f;
}

std::string query_string(const Filter& f) {
  std::string q = "q=" + web::url_encode(f.text) + "&du=" + web::url_encode(f.from) + "&au=" + web::url_encode(f.to) +
                  "&categorie=" + web::url_encode(f.category) + "&commune=" + web::url_encode(f.commune_code);
  if (f.delegation_id) q += "&delegation=" + std::to_string(f.delegation_id);
  for (const auto& n : f.needs) q += "&" + n + "=1";
  if (f.family) q += "&famille=1";
  if (f.with_places) q += "&places=1";
  return q;
}

SlotInput slot_input(const http::Form& f) {
  return SlotInput{f.get("starts"),       f.get("ends"), f.get("capacity"), f.get("opens"),      f.get("closes"),
                   f.get("cancel_until"), f.get("mode"), f.get("draw_at"),  f.get("allocation"), f.get("group_places")};
}

http::Response slot_form(Context& ctx, Service& service, const Offer& o, long long slot_id, const SlotInput& in,
                         const Outcome& error, int status) {
  Data data{Data::type::object};
  data.set("offer", offer_data(ctx, o));
  data.set("editing", web::flag(slot_id != 0));
  data.set("action", slot_id ? slot_url(slot_id) : offer_url(o.id) + "/creneaux");
  data.set("starts", in.starts);
  data.set("ends", in.ends);
  data.set("capacity", in.capacity);
  data.set("group_places", in.group_places.empty() ? "0" : in.group_places);
  data.set("opens", in.opens);
  data.set("closes", in.closes);
  data.set("cancel_until", in.cancel_until);
  data.set("draw_at", in.draw_at);
  data.set("mode_draw", web::flag(in.mode == "draw"));
  // Allocations are the network's (outings.manage): a venue's staff sees the slot's, without changing it.
  bool can_allocate = service.editor(ctx.me()).allocations;
  data.set("can_allocate", web::flag(can_allocate));
  if (can_allocate) {
    std::vector<Choice> allocations;
    for (const auto& a : service.active_allocations()) {
      std::string label =
          ctx.t("outings.slot.allocation_choice", {{"name", a.name}, {"left", std::to_string(a.places - a.assigned)}});
      // The days it allows, when it limits them (docs/outings.md "Calendars and day rules").
      if (!a.day_rules.empty()) label += " — " + rule_words(ctx, Service::day_rule(a));
      allocations.push_back({std::to_string(a.id), label});
    }
    data.set("allocations", choice_list(allocations, in.allocation));
  } else if (long long id = web::parse_id(in.allocation)) {
    if (auto a = service.allocation(id)) data.set("allocation_name", a->name);
  }
  web::set_error(data, ctx, error);
  if (error.error == "outings.errors.calendar.day_rule") {
    // The allocation's rule in words: the one the form names, else the slot's own.
    long long allocation_id = web::parse_id(in.allocation);
    if (!allocation_id && slot_id)
      if (auto s = service.slot(slot_id)) allocation_id = s->allocation_id;
    if (auto a = allocation_id ? service.allocation(allocation_id) : std::nullopt)
      data.set("error",
               ctx.t(error.error, {{"allocation", a->name}, {"rule", rule_words(ctx, Service::day_rule(*a))}}));
  }
  return ctx.render("outings/offers/slot_form", data,
                    slot_id ? ctx.t("outings.slot.edit_title") : ctx.t("outings.slot.new_title"), status);
}

// A page needing the offer: 404 when it does not exist or is not visible to the user.
bool visible(const Context& ctx, Service& service, const Offer& o) {
  return o.status == "published" || service.editor(ctx.me()).covers(o.venue_id);
}

Data allocation_data(const Context& ctx, const Allocation& a) {
  Data d{Data::type::object};
  d.set("id", std::to_string(a.id));
  d.set("url", allocation_url(a.id));
  d.set("name", a.name);
  set_if(d, "donor", a.donor);
  set_if(d, "description", a.description);
  d.set("places", std::to_string(a.places));
  d.set("assigned", std::to_string(a.assigned));
  d.set("unassigned", std::to_string(a.places - a.assigned));
  d.set("booked", std::to_string(a.booked));
  d.set("used", std::to_string(a.used));
  d.set("no_show", std::to_string(a.no_show));
  d.set("left", std::to_string(std::max(0LL, a.assigned - a.booked - a.used - a.no_show)));
  d.set("starts_on", a.starts_on);
  d.set("ends_on", a.ends_on);
  auto show = [&](const std::string& iso) {
    return iso.size() == 10 && ctx.locale != "en" ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4)
                                                  : iso;
  };
  d.set("period", ctx.t("outings.allocations.period_value", {{"from", show(a.starts_on)}, {"to", show(a.ends_on)}}));
  d.set("status", a.status);
  d.set("status_label", ctx.t("outings.allocations.statuses." + a.status));
  d.set("active", web::flag(a.status == "active"));
  d.set("day_rule", rule_words(ctx, Service::day_rule(a)));
  d.set("branch", a.branch_id ? a.branch_name : ctx.t("outings.allocations.whole_network"));
  return d;
}

AllocationInput allocation_input(const http::Form& f) {
  return AllocationInput{f.get("name"),    f.get("donor"),  f.get("description"), f.get("places"), f.get("starts_on"),
                         f.get("ends_on"), f.get("status"), f.all("days"),        f.get("zone"),   f.get("branch")};
}

http::Response allocation_form(Context& ctx, Service& service, long long id, const AllocationInput& in,
                               const Outcome& error, int status, const std::string& message = {}) {
  Data data{Data::type::object};
  // The branch whose relais its places are for: the head office chooses; a branch coordinator's is theirs.
  const Editor editor = service.editor(ctx.me());
  if (editor.head_office) {
    std::vector<Choice> choices{{"0", ctx.t("outings.allocations.whole_network")}};
    for (const auto& [bid, name] : service.active_branches()) choices.push_back({std::to_string(bid), name});
    data.set("choose_branch", web::flag(true));
    data.set("branches", choice_list(choices, in.branch.empty() ? "0" : in.branch));
  } else {
    for (const auto& [bid, name] : service.active_branches())
      if (editor.gives_to(bid)) data.set("branch_name", name);
  }
  data.set("action", id ? allocation_url(id) : std::string("/sorties/contingents"));
  data.set("editing", web::flag(id != 0));
  if (id) data.set("allocation_url", allocation_url(id));
  data.set("name", in.name);
  data.set("donor", in.donor);
  data.set("description", in.description);
  data.set("places", in.places);
  data.set("starts_on", in.starts_on);
  data.set("ends_on", in.ends_on);
  data.set("statuses", web::options(ctx, {"active", "closed"}, "outings.allocations.statuses.",
                                    in.status.empty() ? "active" : in.status));
  Data days{Data::type::list};
  for (const auto& k : calendars::day_kinds()) {
    Data d{Data::type::object};
    d.set("value", k);
    d.set("label", ctx.t("calendars.rule.kinds." + k, {{"zone", in.zone.empty() ? "C" : in.zone}}));
    d.set("checked", web::flag(std::find(in.days.begin(), in.days.end(), k) != in.days.end()));
    days.push_back(d);
  }
  data.set("days", days);
  Data zones{Data::type::list};
  for (const auto& z : calendars::zones()) {
    Data d{Data::type::object};
    d.set("value", z);
    d.set("label", ctx.t("calendars.zone_value", {{"zone", z}}));
    d.set("selected", web::flag(z == (in.zone.empty() ? "C" : in.zone)));
    zones.push_back(d);
  }
  data.set("zones", zones);
  web::set_error(data, ctx, error);
  if (!message.empty()) data.set("error", message);
  return ctx.render("outings/offers/allocation_form", data,
                    id ? ctx.t("outings.allocations.edit_title") : ctx.t("outings.allocations.new_title"), status);
}

http::Response allocation_page(Context& ctx, Service& service, const Allocation& a, const Outcome& error, int status) {
  Data data = allocation_data(ctx, a);
  Data targets{Data::type::list};
  for (const auto& t : service.targets(a.id)) {
    Data row{Data::type::object};
    row.set("id", std::to_string(t.id));
    row.set("name", t.name);
    row.set("kind", ctx.t(t.organisation_id ? "outings.allocations.target_structure"
                                            : "outings.allocations.target_delegation"));
    row.set("quota", t.quota ? std::to_string(t.quota) : ctx.t("outings.allocations.no_quota"));
    row.set("used", std::to_string(t.used));
    targets.push_back(row);
  }
  data.set("targets", targets);
  data.set("has_targets", web::flag(!targets.is_empty_list()));
  Data slots{Data::type::list};
  long long now = store::now_seconds();
  const long long per_page = 25;
  long long page = web::page_param(ctx.req), total = 0;
  for (const auto& s : service.allocation_slots(a.id, page, per_page, total)) slots.push_back(slot_data(ctx, s, now));
  data.set("pager", web::pagination(ctx, page, per_page, total, allocation_url(a.id) + "?"));
  data.set("slots", slots);
  data.set("has_slots", web::flag(!slots.is_empty_list()));
  data.set("structures", choice_list(service.social_choices(), ""));
  data.set("delegations", choice_list(service.delegation_choices(), ""));
  data.set("can_change", web::flag(service.editor(ctx.me()).changes_allocation(a.branch_id)));
  web::set_error(data, ctx, error);
  data.set("outings_css", ctx.app.asset_url("css/outings.css"));
  return ctx.render("outings/offers/allocation", data, a.name, status);
}

// The referents' catalogue: published offers with upcoming open slots. It is the referents' most
// visited page: its view is kept per filter, page, language and rights while the catalogue's data
// version, read from the database first on every request (any instance's change moves it), has not
// moved and until the first instant at which the time alone would change it (catalogue_valid_until),
// so that it is always exactly what the database holds (issue 22).
http::Response catalogue_page(Context& ctx, Service& service) {
  static web::PageCache catalogue_cache(1);
  const long long per_page = 20;
  long long page = web::page_param(ctx.req);
  Filter f = filter_from(ctx.req);
  long long now = store::now_seconds();
  f.now = now;
  const std::string title = ctx.t("outings.catalogue.title");
  const bool can_publish = ctx.me().can(web::perm::outings_publish);
  const bool can_manage = ctx.me().can(web::perm::outings_manage);
  // A referent sees the offers open to their relais' branch (docs/outings.md « Antennes »).
  const bool referent = !can_publish && !can_manage && ctx.me().can(web::perm::outings_book);
  const Service::CatalogueState state = service.catalogue_state(referent ? ctx.me().id : 0);
  if (referent) f.branch_id = state.branch_id;
  const std::string key = ctx.locale + (can_publish ? "|p" : "|-") + (can_manage ? "m|" : "-|") + std::to_string(page) +
                          "|" + query_string(f) + "|" + std::to_string(f.branch_id);
  const auto generation = static_cast<unsigned long long>(state.version);
  if (auto html = catalogue_cache.get(key, generation, now)) return ctx.page(*html, title);
  long long total = 0;
  Data offers{Data::type::list};
  // Read before the page's data: a slot starting meanwhile only makes the view expire sooner.
  long long until = service.next_open_slot_start(now);
  for (const auto& e : service.catalogue(f, page, per_page, total, state.version)) {
    Data d = offer_data(ctx, e.offer);
    Data slots{Data::type::list};
    for (const auto& s : e.slots) {
      slots.push_back(slot_data(ctx, s, now));
      until = std::min(until, slot_changes_at(s, now));
    }
    d.set("slots", slots);
    offers.push_back(d);
  }
  Data data{Data::type::object};
  data.set("offers", offers);
  data.set("empty", web::flag(total == 0));
  data.set("q", f.text);
  data.set("from", f.from);
  data.set("to", f.to);
  data.set("categories", web::options(ctx, categories(), "outings.categories.", f.category));
  data.set("delegations", choice_list(service.delegation_choices(state.version),
                                      f.delegation_id ? std::to_string(f.delegation_id) : ""));
  data.set("communes", choice_list(service.communes_with_offers(state.version), f.commune_code));
  Data need_list{Data::type::list};
  for (const auto& n : needs()) {
    Data item{Data::type::object};
    item.set("value", n);
    item.set("label", ctx.t("outings.needs." + n));
    item.set("checked", web::flag(std::find(f.needs.begin(), f.needs.end(), n) != f.needs.end()));
    need_list.push_back(item);
  }
  data.set("needs", need_list);
  data.set("family", web::flag(f.family));
  data.set("with_places", web::flag(f.with_places));
  // The filters stay folded under "Filtrer" unless one of them is in use (the text search stays out).
  const long long filters = (f.from.empty() ? 0 : 1) + (f.to.empty() ? 0 : 1) + (f.category.empty() ? 0 : 1) +
                            (f.delegation_id ? 1 : 0) + (f.commune_code.empty() ? 0 : 1) +
                            static_cast<long long>(f.needs.size()) + (f.family ? 1 : 0) + (f.with_places ? 1 : 0);
  data.set("filtering", web::flag(filters > 0));
  data.set("filter_count", std::to_string(filters));
  data.set("total", ctx.t("outings.catalogue.total", {{"n", std::to_string(total)}}));
  data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties?" + query_string(f) + "&"));
  data.set("can_publish", web::flag(can_publish));
  data.set("can_manage", web::flag(can_manage));
  data.set("outings_css", ctx.app.asset_url("css/outings.css"));
  std::string html = ctx.render_content("outings/offers/catalogue", data);
  catalogue_cache.put_until(key, generation, now, until, html);
  return ctx.page(html, title);
}

// An offer's page: its slots (referents see the upcoming open ones, the venue all of them), its
// status changes and picture for the venue, the published quotes.
http::Response offer_page(Context& ctx, Service& service, const Offer& o) {
  long long now = store::now_seconds();
  Data data = offer_data(ctx, o);
  if (!o.description.empty()) data.set("description_html", docs::markdown_to_html(o.description));
  set_if(data, "conditions", o.conditions);
  set_if(data, "getting_there", o.getting_there);
  set_if(data, "at_the_door", o.at_the_door);
  bool can_edit = service.editor(ctx.me()).covers(o.venue_id);
  data.set("can_edit", web::flag(can_edit));
  // The branches it is given to (docs/outings.md « Antennes »): none, open to every relais.
  std::string given;
  for (const auto& b : service.offer_branches(o.id)) given += (given.empty() ? "" : ", ") + b.second;
  data.set("given_to", given.empty() ? ctx.t("branches.offer.open_to_all") : given);
  data.set("can_book", web::flag(ctx.me().can(web::perm::outings_book) && o.status == "published"));
  Data slots{Data::type::list};
  const long long per_page = 25;
  long long page = web::page_param(ctx.req), total = 0;
  for (const auto& s : service.slots(o.id, !can_edit, page, per_page, total)) slots.push_back(slot_data(ctx, s, now));
  data.set("slots", slots);
  data.set("pager", web::pagination(ctx, page, per_page, total, offer_url(o.id) + "?"));
  data.set("has_slots", web::flag(!slots.is_empty_list()));
  if (can_edit) {
    Data transitions{Data::type::list};
    for (const auto& to : offer_statuses()) {
      if (to == o.status) continue;
      Data t{Data::type::object};
      t.set("to", to);
      t.set("label", ctx.t("outings.transitions." + to));
      transitions.push_back(t);
    }
    data.set("transitions", transitions);
    data.set("max_image_mb", std::to_string(Service::kMaxImageBytes / (1024 * 1024)));
  }
  Data quotes{Data::type::list};
  for (const auto& q : service.quotes(o.id)) {
    Data row{Data::type::object};
    row.set("quote", q.quote);
    row.set("reaction", ctx.t("outings.reactions." + q.reaction));
    quotes.push_back(row);
  }
  data.set("quotes", quotes);
  data.set("has_quotes", web::flag(!quotes.is_empty_list()));
  data.set("outings_css", ctx.app.asset_url("css/outings.css"));
  return ctx.render("outings/offers/offer", data, o.title);
}

// A slot's page, for referents and the venue.
http::Response slot_page(Context& ctx, Service& service, const Slot& s, const Offer& o) {
  Data data = slot_data(ctx, s, store::now_seconds());
  data.set("offer", offer_data(ctx, o));
  set_if(data, "getting_there", o.getting_there);
  set_if(data, "at_the_door", o.at_the_door);
  set_if(data, "conditions", o.conditions);
  bool can_edit = service.editor(ctx.me()).covers(o.venue_id);
  data.set("can_edit", web::flag(can_edit && s.status == "open"));
  data.set("can_manage_slot", web::flag(can_edit));
  data.set("can_book", web::flag(ctx.me().can(web::perm::outings_book) && o.status == "published"));
  data.set("outings_css", ctx.app.asset_url("css/outings.css"));
  return ctx.render("outings/offers/slot", data, o.title + " — " + web::format_datetime(s.starts_at, ctx.locale));
}

// The slot as an iCalendar event (a download).
http::Response slot_ics(Context& ctx, const Slot& s, const Offer& o) {
  std::string base = ctx.app.config.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string host = base;
  if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  if (auto p = host.find('/'); p != std::string::npos) host = host.substr(0, p);
  if (host.empty()) host = "trame.local";
  docs::CalendarEvent e;
  e.uid = "creneau-" + std::to_string(s.id) + "@" + host;
  e.starts_at = s.starts_at;
  e.ends_at = s.ends_at;
  e.stamp = s.updated_at;
  e.sequence = docs::ics_sequence(s.updated_at);
  e.cancelled = s.status == "cancelled";
  e.summary = (s.status == "cancelled" ? ctx.t("outings.slot.ics_cancelled") + " " : std::string()) + o.title;
  std::string description = ctx.t("outings.categories." + o.category);
  if (!o.at_the_door.empty()) description += "\n" + ctx.t("outings.at_the_door") + " : " + o.at_the_door;
  if (!o.getting_there.empty()) description += "\n" + ctx.t("outings.getting_there") + " : " + o.getting_there;
  e.description = description;
  e.location = o.venue.name;
  if (!o.venue.address.empty()) e.location += ", " + o.venue.address;
  if (!o.venue.commune.empty()) e.location += ", " + o.venue.commune;
  if (!base.empty()) e.url = base + slot_url(s.id);
  http::Response res;
  res.set_header("Content-Type", "text/calendar; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"creneau-" + std::to_string(s.id) + ".ics\"");
  res.body = docs::ics_calendar({e}, "-//Trame//Sorties//FR", ctx.t("outings.slot.ics_calendar", {{"title", o.title}}));
  return res;
}

// The form of a slot as it is saved.
SlotInput input_of(const Slot& s) {
  return SlotInput{local_input(s.starts_at),
                   local_input(s.ends_at),
                   std::to_string(s.capacity),
                   local_input(s.opens_at),
                   local_input(s.closes_at),
                   local_input(s.cancel_until),
                   s.mode,
                   local_input(s.draw_at),
                   s.allocation_id ? std::to_string(s.allocation_id) : "",
                   std::to_string(s.group_places)};
}

// The allocation's page again with the error of one of its forms (a target added or removed).
std::function<http::Response(const Outcome&, int)> allocation_again(Context& ctx, Service& service, long long id) {
  return [&ctx, &service, id](const Outcome& failed, int status) {
    auto a = service.allocation(id);
    if (!a) return ctx.error(404);
    return allocation_page(ctx, service, *a, failed, status);
  };
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/sorties", web::perm::outings_browse, [&service](Context& ctx) { return catalogue_page(ctx, service); });

  // The offers a partner's staff (own venue) or a coordinator (all) can edit, in every status.
  app.get("/sorties/offres", web::perm::outings_publish, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& o : service.editable_offers(service.editor(ctx.me()), page, per_page, total))
      rows.push_back(offer_data(ctx, o));
    Data data{Data::type::object};
    data.set("offers", rows);
    data.set("empty", web::flag(total == 0));
    data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties/offres?"));
    return ctx.render("outings/offers/offers", data, ctx.t("outings.offers.title"));
  });

  app.get("/sorties/offres/nouvelle", web::perm::outings_publish, [&service](Context& ctx) {
    Offer o;
    Editor e = service.editor(ctx.me());
    o.venue_id = web::parse_id(ctx.req.query_param("lieu").value_or(""));
    if (!o.venue_id && !e.venues.all && e.venues.organisations.size() == 1) o.venue_id = e.venues.organisations.front();
    if (o.venue_id && !e.covers(o.venue_id)) o.venue_id = 0;
    // Accessibility prefilled from the venue's directory entry.
    if (o.venue_id) {
      if (auto v = service.venue(o.venue_id)) {
        o.motor = v->motor;
        o.visual = v->visual;
        o.hearing = v->hearing;
        o.mental = v->mental;
        o.accessibility_details = v->accessibility_note;
      }
    }
    return offer_form(ctx, service, o, {}, 200);
  });

  app.post("/sorties/offres", web::perm::outings_publish, [&service](Context& ctx) {
    Offer o = offer_from_form(ctx.form);
    auto outcome = service.save_offer(web::actor_of(ctx), service.editor(ctx.me()), o);
    return web::finish(ctx, outcome, "outings.offers.created", offer_url(outcome.id),
                       [&](const Outcome& failed, int status) { return offer_form(ctx, service, o, failed, status); });
  });

  app.get("/sorties/offres/{id:int}", web::perm::outings_browse, [&service](Context& ctx) {
    auto o = service.offer(ctx.req.int_param("id"));
    if (!o || !visible(ctx, service, *o)) return ctx.error(404);
    return offer_page(ctx, service, *o);
  });

  app.get("/sorties/offres/{id:int}/modifier", web::perm::outings_publish, [&service](Context& ctx) {
    auto o = service.offer(ctx.req.int_param("id"));
    if (!o) return ctx.error(404);
    if (auto mine = Service::access(service.editor(ctx.me()), *o); !mine.ok) return ctx.refused(mine);
    return offer_form(ctx, service, *o, {}, 200);
  });

  app.post("/sorties/offres/{id:int}", web::perm::outings_publish, [&service](Context& ctx) {
    Offer o = offer_from_form(ctx.form);
    o.id = ctx.req.int_param("id");
    auto outcome = service.save_offer(web::actor_of(ctx), service.editor(ctx.me()), o);
    return web::finish(ctx, outcome, "outings.offers.updated", offer_url(o.id),
                       [&](const Outcome& failed, int status) { return offer_form(ctx, service, o, failed, status); });
  });

  app.post("/sorties/offres/{id:int}/statut", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string to = ctx.form.get("status");
    auto outcome = service.set_status(web::actor_of(ctx), service.editor(ctx.me()), id, to);
    return web::finish_with(ctx, outcome, "outings.offers.status_changed",
                            {{"status", ctx.t("outings.statuses." + to)}}, offer_url(id),
                            web::back_to(ctx, offer_url(id)));
  });

  app.post("/sorties/offres/{id:int}/image", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const http::Part* file = ctx.file("image");
    auto outcome =
        service.set_image(web::actor_of(ctx), service.editor(ctx.me()), id, file ? file->data : std::string());
    return web::finish(ctx, outcome, "outings.offers.image_saved", offer_url(id), web::back_to(ctx, offer_url(id)));
  });

  app.get("/sorties/offres/{id:int}/image", web::perm::outings_browse, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.offer(id);
    if (!o || !visible(ctx, service, *o)) return ctx.error(404);
    auto img = service.image(id);
    if (!img) return ctx.error(404);
    std::string sha256 = web::sha256_hex(img->bytes);
    return web::stored_picture(ctx, img->content_type, std::move(img->bytes), sha256, 300);
  });

  // The catalogue card's rendition (640 × 360, 16:9): the picture's rules; the URL carries ?v=updated_at,
  // so it may be kept a day.
  app.get("/sorties/offres/{id:int}/vignette", web::perm::outings_browse, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.offer(id);
    if (!o || !visible(ctx, service, *o)) return ctx.error(404);
    auto img = service.card(id);
    if (!img) return ctx.error(404);
    std::string sha256 = web::sha256_hex(img->bytes);
    return web::stored_picture(ctx, img->content_type, std::move(img->bytes), sha256, 86400);
  });

  app.get("/sorties/offres/{id:int}/creneaux/nouveau", web::perm::outings_publish, [&service](Context& ctx) {
    auto o = service.offer(ctx.req.int_param("id"));
    if (!o) return ctx.error(404);
    if (auto mine = Service::access(service.editor(ctx.me()), *o); !mine.ok) return ctx.refused(mine);
    SlotInput in;
    in.capacity = "10";
    in.mode = "first_come";
    return slot_form(ctx, service, *o, 0, in, {}, 200);
  });

  app.post("/sorties/offres/{id:int}/creneaux", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    SlotInput in = slot_input(ctx.form);
    auto outcome = service.save_slot(web::actor_of(ctx), service.editor(ctx.me()), id, 0, in);
    return web::finish(ctx, outcome, "outings.slot.created", offer_url(id), [&](const Outcome& failed, int status) {
      return slot_form(ctx, service, *service.offer(id), 0, in, failed, status);
    });
  });

  app.get("/sorties/creneaux/{id:int}", web::perm::outings_browse, [&service](Context& ctx) {
    auto s = service.slot(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto o = service.offer(s->offer_id);
    if (!o || !visible(ctx, service, *o)) return ctx.error(404);
    return slot_page(ctx, service, *s, *o);
  });

  app.get("/sorties/creneaux/{id:int}/modifier", web::perm::outings_publish, [&service](Context& ctx) {
    auto s = service.slot(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto o = service.offer(s->offer_id);
    if (!o) return ctx.error(404);
    if (auto mine = Service::access(service.editor(ctx.me()), *o); !mine.ok) return ctx.refused(mine);
    return slot_form(ctx, service, *o, s->id, input_of(*s), {}, 200);
  });

  app.post("/sorties/creneaux/{id:int}", web::perm::outings_publish, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto s = service.slot(id);
    if (!s) return ctx.error(404);
    SlotInput in = slot_input(ctx.form);
    // Only a network-wide editor moves a slot in or out of an allocation (save_slot keeps it otherwise).
    auto outcome = service.save_slot(web::actor_of(ctx), service.editor(ctx.me()), s->offer_id, id, in);
    return web::finish(ctx, outcome, "outings.slot.updated", slot_url(id), [&](const Outcome& failed, int status) {
      return slot_form(ctx, service, *service.offer(s->offer_id), id, in, failed, status);
    });
  });

  // /sorties/creneaux/{id}.ics: the slot as an iCalendar event (the router's parameters are whole segments).
  app.get("/sorties/creneaux/{file}", web::perm::outings_browse, [&service](Context& ctx) {
    std::string file = ctx.req.params.count("file") ? ctx.req.params.at("file") : std::string();
    if (file.size() < 5 || file.substr(file.size() - 4) != ".ics") return ctx.error(404);
    long long id = web::parse_id(file.substr(0, file.size() - 4));
    auto s = id ? service.slot(id) : std::nullopt;
    if (!s) return ctx.error(404);
    auto o = service.offer(s->offer_id);
    if (!o || !visible(ctx, service, *o)) return ctx.error(404);
    return slot_ics(ctx, *s, *o);
  });

  // Allocations: coordinators and administrators.
  app.get("/sorties/contingents", web::perm::outings_manage, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    const Editor editor = service.editor(ctx.me());
    for (const auto& a : service.allocations(editor, page, per_page, total)) {
      Data row = allocation_data(ctx, a);
      row.set("can_change", web::flag(editor.changes_allocation(a.branch_id)));
      rows.push_back(row);
    }
    Data data{Data::type::object};
    data.set("allocations", rows);
    data.set("can_change", web::flag(editor.allocations));
    data.set("empty", web::flag(total == 0));
    data.set("pager", web::pagination(ctx, page, per_page, total, "/sorties/contingents?"));
    return ctx.render("outings/offers/allocations", data, ctx.t("outings.allocations.title"));
  });

  app.get("/sorties/contingents/nouveau", web::perm::outings_manage, [&service](Context& ctx) {
    AllocationInput in;
    in.status = "active";
    return allocation_form(ctx, service, 0, in, {}, 200);
  });

  app.post("/sorties/contingents", web::perm::outings_manage, [&service](Context& ctx) {
    AllocationInput in = allocation_input(ctx.form);
    auto outcome = service.save_allocation(web::actor_of(ctx), service.editor(ctx.me()), 0, in);
    return web::finish(
        ctx, outcome, "outings.allocations.created", allocation_url(outcome.id),
        [&](const Outcome& failed, int status) { return allocation_form(ctx, service, 0, in, failed, status); });
  });

  app.get("/sorties/contingents/{id:int}", web::perm::outings_manage, [&service](Context& ctx) {
    auto a = service.allocation(ctx.req.int_param("id"));
    if (!a || !service.editor(ctx.me()).sees_allocation(a->branch_id)) return ctx.error(404);
    return allocation_page(ctx, service, *a, {}, 200);
  });

  app.get("/sorties/contingents/{id:int}/modifier", web::perm::outings_manage, [&service](Context& ctx) {
    auto a = service.allocation(ctx.req.int_param("id"));
    if (!a || !service.editor(ctx.me()).sees_allocation(a->branch_id)) return ctx.error(404);
    AllocationInput in{a->name,        a->donor,
                       a->description, std::to_string(a->places),
                       a->starts_on,   a->ends_on,
                       a->status,      Service::day_rule(*a).kinds,
                       a->zone,        std::to_string(a->branch_id)};
    return allocation_form(ctx, service, a->id, in, {}, 200);
  });

  app.post("/sorties/contingents/{id:int}", web::perm::outings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    AllocationInput in = allocation_input(ctx.form);
    auto outcome = service.save_allocation(web::actor_of(ctx), service.editor(ctx.me()), id, in);
    return web::finish(ctx, outcome, "outings.allocations.updated", allocation_url(id),
                       [&](const Outcome& failed, int status) {
                         std::string message;
                         if (failed.error == "outings.errors.calendar.slots_outside") {
                           // The first slots the new rule would refuse, by date.
                           std::string slots;
                           for (const auto& s : service.slots_outside(id, in, 3))
                             slots += (slots.empty() ? "" : ", ") + web::format_datetime(s.starts_at, ctx.locale);
                           message = ctx.t(failed.error, {{"slots", slots}});
                         }
                         return allocation_form(ctx, service, id, in, failed, status, message);
                       });
  });

  app.post("/sorties/contingents/{id:int}/cibles", web::perm::outings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long organisation = web::parse_id(ctx.form.get("organisation"));
    long long delegation = web::parse_id(ctx.form.get("delegation"));
    auto outcome = service.add_target(web::actor_of(ctx), service.editor(ctx.me()), id, organisation, delegation,
                                      ctx.form.get("quota"));
    return web::finish(ctx, outcome, "outings.allocations.target_added", allocation_url(id),
                       allocation_again(ctx, service, id));
  });

  app.post("/sorties/contingents/{id:int}/cibles/{target:int}/retirer", web::perm::outings_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto removed =
                 service.remove_target(web::actor_of(ctx), service.editor(ctx.me()), id, ctx.req.int_param("target"));
             return web::finish_with(
                 ctx, removed.outcome,
                 removed.now_open ? "outings.allocations.target_removed_open" : "outings.allocations.target_removed",
                 {{"name", removed.name}}, allocation_url(id), allocation_again(ctx, service, id));
           });
}

}  // namespace trame::offers
