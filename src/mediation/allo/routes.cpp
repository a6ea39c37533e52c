// The pages of « Allô l'Artiste ! » (/allo-artiste): the hub, an artist's shows and availabilities, the
// coordinators' shows, programme and statistics, a slot's page (listeners, report), the weekly programme in
// HTML (print stylesheet) and PDF.
#include <algorithm>

#include "mediation/allo/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"

namespace trame::mediation::allo {

namespace {

using web::Context;
using web::Data;
using web::set_if;

constexpr const char* kBase = "/allo-artiste";
constexpr std::size_t kSlotsShown = 5;  // on the artist's page; all of them on /allo-artiste/mes-creneaux

std::string base(const std::string& rest) {
  return std::string(kBase) + rest;
}

std::string slot_url(long long id) {
  return base("/creneaux/" + std::to_string(id));
}

Data language_options(const std::string& selected) {
  Data list{Data::type::list};
  for (const auto& l : languages()) {
    Data o{Data::type::object};
    o.set("value", l.code);
    o.set("label", std::string(l.name) + " (" + l.code + ")");
    o.set("selected", web::flag(selected == l.code));
    list.push_back(o);
  }
  return list;
}

Data show_data(Context& ctx, const Show& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("title", s.title);
  d.set("discipline", s.discipline);
  d.set("language", language_name(s.language));
  d.set("duration", std::to_string(s.duration_minutes));
  set_if(d, "description", s.description);
  d.set("artist", s.artist_name);
  d.set("status", ctx.t("allo.statuses." + s.status));
  d.set("proposed", web::flag(s.status == "proposed"));
  d.set("sample_url", base("/spectacles/" + std::to_string(s.id) + "/extrait"));
  d.set("sample_name", s.sample_name);
  d.set("editable", web::flag(s.status == "proposed" || s.status == "accepted"));
  d.set("edit_url", base("/spectacles/" + std::to_string(s.id) + "/modification"));
  d.set("withdraw_url", base("/spectacles/" + std::to_string(s.id) + "/retrait"));
  return d;
}

Data slot_data(Context& ctx, Service& service, const Slot& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("url", slot_url(s.id));
  d.set("when", service.when(s));
  d.set("hour", std::to_string(s.hour));
  d.set("title", s.show_title);
  d.set("discipline", s.show_discipline);
  d.set("language", language_name(s.show_language));
  d.set("duration", std::to_string(s.show_duration));
  d.set("artist", s.artist_name);
  d.set("bridge_number", s.bridge_number);
  d.set("bridge_pin", s.bridge_pin);
  d.set("places", ctx.t("allo.slot.places",
                        {{"registered", std::to_string(s.registered)}, {"capacity", std::to_string(s.capacity)}}));
  d.set("reported", web::flag(s.listeners_count >= 0));
  d.set("listeners_count", std::to_string(std::max<long long>(0, s.listeners_count)));
  set_if(d, "remarks", s.remarks);
  d.set("cancelled", web::flag(s.cancelled()));
  set_if(d, "cancel_reason", s.cancel_reason);
  return d;
}

http::Response hub_page(Context& ctx) {
  const auto& me = ctx.me();
  bool program = Service::programs(me), perform = Service::performs(me), reg = Service::registers(me);
  if (!program && !perform && !reg) return ctx.error(403);
  Data data{Data::type::object};
  data.set("programs", web::flag(program));
  data.set("performs", web::flag(perform));
  data.set("registers", web::flag(reg));
  return ctx.render("mediation/allo/hub", data, ctx.t("allo.hub.title"));
}

// ---- Artists

http::Response mine_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(), int status = 200,
                         const std::string& form = "", const ShowInput& in = {}) {
  auto page = service.my_shows(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  Data data{Data::type::object};
  Data shows{Data::type::list};
  for (const auto& s : page.items) shows.push_back(show_data(ctx, s));
  data.set("shows", shows);
  data.set("no_shows", web::flag(page.items.empty()));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total, base("/mes-spectacles?")));
  data.set("languages", language_options(in.language.empty() ? "fr" : in.language));
  data.set("f_title", in.title);
  data.set("f_discipline", in.discipline);
  data.set("f_duration", in.duration.empty() ? "18" : in.duration);
  data.set("f_description", in.description);
  Data avail{Data::type::list};
  for (const auto& a : service.my_availabilities(ctx.me())) {
    Data d{Data::type::object};
    d.set("id", std::to_string(a.id));
    d.set("label",
          ctx.t("allo.availability.item", {{"day", short_french_date(a.day)}, {"hour", std::to_string(a.hour)}}));
    avail.push_back(d);
  }
  data.set("availabilities", avail);
  data.set("no_availabilities", web::flag(avail.is_empty_list()));
  data.set("today", local_day(store::now_seconds()));
  auto slots = service.my_slots(ctx.me(), 1);
  Data my_slots{Data::type::list};
  long long now = store::now_seconds();
  for (std::size_t i = 0; i < slots.items.size() && i < kSlotsShown; ++i) {
    Data d = slot_data(ctx, service, slots.items[i]);
    d.set("past", web::flag(slots.items[i].starts_at <= now));
    my_slots.push_back(d);
  }
  data.set("slots", my_slots);
  data.set("no_slots", web::flag(my_slots.is_empty_list()));
  data.set("more_slots", web::flag(slots.total > static_cast<long long>(kSlotsShown)));
  web::set_error(data, ctx, outcome, form.empty() ? "show" : form);
  return ctx.render("mediation/allo/mine", data, ctx.t("allo.mine.title"), status);
}

// An artist's show to edit: every field while proposed, the presentation and the sample once accepted.
http::Response show_edit_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                              int status = 200) {
  auto show = service.my_show(ctx.me(), id);
  if (!show) return ctx.error(404);
  bool posted = !outcome.ok;
  auto field = [&](const std::string& name, const std::string& value) { return posted ? ctx.form.get(name) : value; };
  Data data = show_data(ctx, *show);
  data.set("open", web::flag(show->status == "proposed"));
  data.set("locked", web::flag(show->status == "accepted"));
  data.set("languages", language_options(field("language", show->language)));
  data.set("f_title", field("title", show->title));
  data.set("f_discipline", field("discipline", show->discipline));
  data.set("f_duration", field("duration", std::to_string(show->duration_minutes)));
  data.set("f_description", field("description", show->description));
  data.set("action", base("/spectacles/" + std::to_string(id) + "/modification"));
  web::set_error(data, ctx, outcome, "show");
  return ctx.render("mediation/allo/show_edit", data, ctx.t("allo.show_edit.title", {{"title", show->title}}), status);
}

// An artist's slots, latest first, a page at a time.
http::Response slots_page(Context& ctx, Service& service) {
  auto slots = service.my_slots(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  long long now = store::now_seconds();
  Data data{Data::type::object};
  Data list{Data::type::list};
  for (const auto& s : slots.items) {
    Data d = slot_data(ctx, service, s);
    d.set("past", web::flag(s.starts_at <= now));
    list.push_back(d);
  }
  data.set("slots", list);
  data.set("no_slots", web::flag(list.is_empty_list()));
  data.set("pagination", web::pagination(ctx, slots.page, Service::kPerPage, slots.total, base("/mes-creneaux?")));
  return ctx.render("mediation/allo/my_slots", data, ctx.t("allo.my_slots.title"));
}

// ---- Coordinators

http::Response shows_page(Context& ctx, Service& service) {
  std::string status = ctx.req.query_param("etat").value_or("");
  if (status != "proposed" && status != "accepted" && status != "declined") status.clear();
  auto page = service.shows(status, static_cast<int>(web::page_param(ctx.req)));
  Data data{Data::type::object};
  Data shows{Data::type::list};
  for (const auto& s : page.items) shows.push_back(show_data(ctx, s));
  data.set("shows", shows);
  data.set("no_shows", web::flag(page.items.empty()));
  data.set("statuses", web::options(ctx, {"proposed", "accepted", "declined"}, "allo.statuses.", status));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total,
                                         base("/spectacles?" + (status.empty() ? "" : "etat=" + status + "&"))));
  return ctx.render("mediation/allo/shows", data, ctx.t("allo.shows.title"));
}

http::Response slot_form_page(Context& ctx, Service& service, const SlotInput& in, const Outcome& outcome, int status) {
  Data data{Data::type::object};
  auto date = parse_date(in.day);
  int hour = parse_hour(in.hour);
  data.set("f_day", in.day);
  Data hours{Data::type::list};
  for (int h : kHours) {
    Data o{Data::type::object};
    o.set("value", std::to_string(h));
    o.set("selected", web::flag(h == hour));
    hours.push_back(o);
  }
  data.set("hours", hours);
  bool chosen = date && hour;
  data.set("chosen", web::flag(chosen));
  if (chosen) {
    std::string day = iso_date(*date);
    data.set("day_label", short_french_date(day));
    data.set("hour_value", std::to_string(hour));
    data.set("day_value", day);
    Data shows{Data::type::list};
    for (const auto& s : service.candidates(day, hour)) {
      Data o{Data::type::object};
      o.set("value", std::to_string(s.id));
      o.set("label", s.title + " — " + s.artist_name + " (" + language_name(s.language) + ")");
      o.set("selected", web::flag(std::to_string(s.id) == in.show));
      shows.push_back(o);
    }
    data.set("shows", shows);
    data.set("no_candidates", web::flag(shows.is_empty_list()));
  }
  data.set("f_bridge_number", in.bridge_number);
  data.set("f_bridge_pin", in.bridge_pin);
  data.set("f_capacity", in.capacity.empty() ? std::to_string(kDefaultCapacity) : in.capacity);
  web::set_error(data, ctx, outcome);
  return ctx.render("mediation/allo/slot_form", data, ctx.t("allo.slot_form.title"), status);
}

Data week_data(Context& ctx, Service& service, const Week& w, bool program) {
  Data data{Data::type::object};
  data.set("from", short_french_date(w.monday));
  data.set("to", short_french_date(w.sunday));
  data.set("previous", base("/programme?semaine=" + add_days(w.monday, -7)));
  data.set("next", base("/programme?semaine=" + add_days(w.monday, 7)));
  data.set("pdf_url", base("/programme/pdf?semaine=" + w.monday));
  data.set("programs", web::flag(program));
  static const std::array<const char*, 7> days = {"lundi",    "mardi",  "mercredi", "jeudi",
                                                  "vendredi", "samedi", "dimanche"};
  Data list{Data::type::list};
  long long now = store::now_seconds();
  for (std::size_t i = 0; i < w.days.size(); ++i) {
    Data day{Data::type::object};
    day.set("label", std::string(days[i]) + " " + short_french_date(w.days[i]));
    Data slots{Data::type::list};
    for (int h : kHours) {
      // A cancelled slot stays (« Annulée »); its hour is free to programme again.
      bool live = false;
      for (const auto& s : w.slots) {
        if (s.day != w.days[i] || s.hour != h) continue;
        slots.push_back(slot_data(ctx, service, s));
        live = live || !s.cancelled();
      }
      if (!live && program &&
          local_time(std::stoi(w.days[i].substr(0, 4)), std::stoi(w.days[i].substr(5, 2)),
                     std::stoi(w.days[i].substr(8, 2)), h, 0) > now) {
        Data free{Data::type::object};
        free.set("hour", std::to_string(h));
        free.set("free", web::flag(true));
        free.set("new_url", base("/creneaux/nouveau?jour=" + w.days[i] + "&heure=" + std::to_string(h)));
        slots.push_back(free);
      }
    }
    day.set("slots", slots);
    day.set("empty", web::flag(slots.is_empty_list()));
    list.push_back(day);
  }
  data.set("days", list);
  return data;
}

http::Response programme_page(Context& ctx, Service& service) {
  Week w = service.week(ctx.req.query_param("semaine").value_or(""));
  Data data = week_data(ctx, service, w, Service::programs(ctx.me()));
  return ctx.render("mediation/allo/programme", data,
                    ctx.t("allo.programme.title", {{"from", short_french_date(w.monday)}}));
}

http::Response slot_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                         int status = 200, const std::string& form = "") {
  auto v = service.slot_view(ctx.me(), id);
  if (!v) return ctx.error(404);
  Data data = slot_data(ctx, service, v->slot);
  data.set("programs", web::flag(v->programs));
  data.set("registers", web::flag(v->registers));
  data.set("performs", web::flag(v->performs));
  data.set("may_report", web::flag(v->may_report));
  set_if(data, "refusal", v->refusal.empty() ? "" : ctx.t(v->refusal));
  data.set("open", web::flag(v->registers && v->refusal.empty()));
  data.set("languages", language_options(ctx.form.get("language").empty() ? "fr" : ctx.form.get("language")));
  Data relais{Data::type::list};
  for (const auto& r : v->relais) {
    Data o{Data::type::object};
    o.set("value", std::to_string(r.id));
    o.set("label", r.label);
    relais.push_back(o);
  }
  data.set("relais", relais);
  data.set("several_relais", web::flag(v->relais.size() > 1));
  Data mine{Data::type::list};
  for (const auto& l : v->mine) {
    Data d{Data::type::object};
    d.set("id", std::to_string(l.id));
    d.set("code", l.code);
    d.set("language", language_name(l.language));
    d.set("relais", l.organisation_name);
    d.set("cancel_url", slot_url(id) + "/auditeurs/" + std::to_string(l.id) + "/annulation");
    d.set("may_cancel", web::flag(v->refusal != "allo.errors.slot_started"));
    mine.push_back(d);
  }
  data.set("mine", mine);
  data.set("has_mine", web::flag(!mine.is_empty_list()));
  if (v->slot.cancelled())
    data.set("cancel_reason_text", ctx.t("allo.slot.cancelled_reason", {{"reason", v->slot.cancel_reason}}));
  data.set("may_change", web::flag(v->may_change));
  if (v->may_change) {
    bool posted = form == "change";
    std::string chosen = posted ? ctx.form.get("show") : std::to_string(v->slot.show_id);
    Data shows{Data::type::list};
    for (const auto& c : v->candidates) {
      Data o{Data::type::object};
      o.set("value", std::to_string(c.id));
      o.set("label", c.title + " — " + c.artist_name + " (" + language_name(c.language) + ")");
      o.set("selected", web::flag(std::to_string(c.id) == chosen));
      shows.push_back(o);
    }
    data.set("candidates", shows);
    data.set("f_bridge_number", posted ? ctx.form.get("bridge_number") : v->slot.bridge_number);
    data.set("f_bridge_pin", posted ? ctx.form.get("bridge_pin") : v->slot.bridge_pin);
    data.set("f_capacity", posted ? ctx.form.get("capacity") : std::to_string(v->slot.capacity));
    data.set("f_reason", ctx.form.get("reason"));
  }
  data.set("f_count", ctx.form.get("count"));
  data.set("f_remarks", ctx.form.get("remarks"));
  web::set_error(data, ctx, outcome, form.empty() ? "register" : form);
  return ctx.render("mediation/allo/slot", data, v->slot.show_title + " — " + service.when(v->slot), status);
}

http::Response stats_page(Context& ctx, Service& service) {
  std::string from = ctx.req.query_param("du").value_or("");
  std::string to = ctx.req.query_param("au").value_or("");
  std::string today = local_day(store::now_seconds());
  if (!parse_date(from)) from = today.substr(0, 4) + "-01-01";
  if (!parse_date(to)) to = today.substr(0, 4) + "-12-31";
  Stats st = service.stats(from, to);
  auto lines = [&](const std::vector<StatLine>& in, bool month) {
    Data list{Data::type::list};
    for (const auto& l : in) {
      Data d{Data::type::object};
      d.set("label", month ? l.key.substr(5, 2) + "/" + l.key.substr(0, 4) : l.label);
      d.set("slots", std::to_string(l.slots));
      d.set("registered", guarded(l.registered));
      d.set("reported", guarded(l.reported));
      list.push_back(d);
    }
    return list;
  };
  Data data{Data::type::object};
  data.set("from", from);
  data.set("to", to);
  data.set("months", lines(st.months, true));
  data.set("languages", lines(st.languages, false));
  data.set("relais", lines(st.relais, false));
  data.set("no_months", web::flag(st.months.empty()));
  data.set("no_languages", web::flag(st.languages.empty()));
  data.set("no_relais", web::flag(st.relais.empty()));
  return ctx.render("mediation/allo/stats", data, ctx.t("allo.stats.title"));
}

http::Response download(std::string bytes, const std::string& type, const std::string& name) {
  http::Response res;
  res.body = std::move(bytes);
  res.set_header("Content-Type", type);
  res.set_header("Content-Disposition", docs::attachment_disposition(name));
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

// A show's fields as the proposal and edit forms send them (the sample is a file).
ShowInput show_input(Context& ctx) {
  const http::Part* file = ctx.file("sample");
  return {ctx.form.get("title"),
          ctx.form.get("discipline"),
          ctx.form.get("language"),
          ctx.form.get("duration"),
          ctx.form.get("description"),
          file && file->filename ? *file->filename : std::string(),
          file ? file->data : std::string()};
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::authenticated, [](Context& ctx) { return hub_page(ctx); });

  // Artists.
  app.get(base("/mes-spectacles"), web::perm::allo_perform,
          [&service](Context& ctx) { return mine_page(ctx, service); });
  app.get(base("/mes-creneaux"), web::perm::allo_perform,
          [&service](Context& ctx) { return slots_page(ctx, service); });
  app.post(base("/spectacles/nouveau"), web::perm::allo_perform, [&service](Context& ctx) {
    ShowInput in = show_input(ctx);
    auto outcome = service.propose(web::actor_of(ctx), ctx.me(), in);
    in.sample_bytes.clear();
    return web::finish(ctx, outcome, "allo.mine.proposed", base("/mes-spectacles"),
                       [&](const Outcome& o, int status) { return mine_page(ctx, service, o, status, "show", in); });
  });
  app.get(base("/spectacles/{id:int}/modification"), web::perm::allo_perform,
          [&service](Context& ctx) { return show_edit_page(ctx, service, ctx.req.int_param("id")); });
  app.post(base("/spectacles/{id:int}/modification"), web::perm::allo_perform, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ShowInput in = show_input(ctx);
    auto outcome = service.edit_show(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "allo.show_edit.saved", base("/mes-spectacles"),
                       [&](const Outcome& o, int status) { return show_edit_page(ctx, service, id, o, status); });
  });
  app.post(base("/spectacles/{id:int}/retrait"), web::perm::allo_perform, [&service](Context& ctx) {
    auto outcome = service.withdraw_show(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "allo.show_edit.withdrawn", base("/mes-spectacles"),
                       [&](const Outcome& o, int status) { return mine_page(ctx, service, o, status, "withdraw"); });
  });
  app.post(base("/disponibilites"), web::perm::allo_perform, [&service](Context& ctx) {
    auto outcome = service.add_availability(web::actor_of(ctx), ctx.me(), ctx.form.get("day"), ctx.form.all("hours"));
    return web::finish(
        ctx, outcome, "allo.availability.added", base("/mes-spectacles#disponibilites"),
        [&](const Outcome& o, int status) { return mine_page(ctx, service, o, status, "availability"); });
  });
  app.post(base("/disponibilites/{id:int}/suppression"), web::perm::allo_perform, [&service](Context& ctx) {
    auto outcome = service.remove_availability(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "allo.availability.removed", base("/mes-spectacles#disponibilites"),
                       web::back_to(ctx, base("/mes-spectacles")));
  });
  app.get(base("/spectacles/{id:int}/extrait"), web::perm::authenticated, [&service](Context& ctx) {
    auto found = service.sample(ctx.me(), ctx.req.int_param("id"));
    if (!found) return ctx.error(404);
    return download(std::move(found->second), found->first.sample_type, found->first.sample_name);
  });

  // Coordinators.
  app.get(base("/spectacles"), web::perm::allo_program, [&service](Context& ctx) { return shows_page(ctx, service); });
  app.post(base("/spectacles/{id:int}/decision"), web::perm::allo_program, [&service](Context& ctx) {
    auto outcome = service.decide(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), ctx.form.get("decision"));
    return web::finish(ctx, outcome, "allo.shows.decided", base("/spectacles"), web::back_to(ctx, base("/spectacles")));
  });
  app.get(base("/creneaux/nouveau"), web::perm::allo_program, [&service](Context& ctx) {
    SlotInput in;
    in.day = ctx.req.query_param("jour").value_or("");
    in.hour = ctx.req.query_param("heure").value_or("");
    return slot_form_page(ctx, service, in, Outcome::success(), 200);
  });
  app.post(base("/creneaux/nouveau"), web::perm::allo_program, [&service](Context& ctx) {
    SlotInput in{ctx.form.get("day"),           ctx.form.get("hour"),       ctx.form.get("show"),
                 ctx.form.get("bridge_number"), ctx.form.get("bridge_pin"), ctx.form.get("capacity")};
    auto outcome = service.create_slot(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "allo.slot_form.created", slot_url(outcome.id),
                       [&](const Outcome& o, int status) { return slot_form_page(ctx, service, in, o, status); });
  });
  app.post(base("/creneaux/{id:int}/annulation"), web::perm::allo_program, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.cancel_slot(web::actor_of(ctx), ctx.me(), id, ctx.form.get("reason"));
    return web::finish(ctx, outcome, "allo.slot.slot_cancelled", slot_url(id),
                       [&](const Outcome& o, int status) { return slot_page(ctx, service, id, o, status, "cancel"); });
  });
  app.post(base("/creneaux/{id:int}/modification"), web::perm::allo_program, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    SlotInput in{"",
                 "",
                 ctx.form.get("show"),
                 ctx.form.get("bridge_number"),
                 ctx.form.get("bridge_pin"),
                 ctx.form.get("capacity")};
    auto outcome = service.edit_slot(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "allo.slot.changed", slot_url(id),
                       [&](const Outcome& o, int status) { return slot_page(ctx, service, id, o, status, "change"); });
  });
  app.get(base("/statistiques"), web::perm::allo_program,
          [&service](Context& ctx) { return stats_page(ctx, service); });

  // The programme (referents, coordinators).
  app.get(base("/programme"), web::perm::allo_register,
          [&service](Context& ctx) { return programme_page(ctx, service); });
  app.get(base("/programme/pdf"), web::perm::allo_register, [&service](Context& ctx) {
    Week w = service.week(ctx.req.query_param("semaine").value_or(""));
    return download(service.programme_pdf(w), "application/pdf",
                    docs::pdf_file_name({"allo-artiste", "programme", w.monday}));
  });

  // A slot: its listeners (referents), its report (the artist).
  app.get(base("/creneaux/{id:int}"), web::perm::authenticated,
          [&service](Context& ctx) { return slot_page(ctx, service, ctx.req.int_param("id")); });
  app.post(base("/creneaux/{id:int}/auditeurs"), web::perm::allo_register, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.register_listener(web::actor_of(ctx), ctx.me(), id, ctx.form.get("language"), ctx.form.get("relais"));
    std::string code;
    if (outcome.ok)
      if (auto l = service.listener(outcome.id)) code = l->code;
    return web::finish_with(ctx, outcome, "allo.slot.registered", {{"code", code}}, slot_url(id) + "#auditeurs",
                            [&](const Outcome& o, int status) { return slot_page(ctx, service, id, o, status); });
  });
  app.post(base("/creneaux/{id:int}/auditeurs/{listener:int}/annulation"), web::perm::allo_register,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.cancel_listener(web::actor_of(ctx), ctx.me(), id, ctx.req.int_param("listener"));
             return web::finish(ctx, outcome, "allo.slot.cancelled", slot_url(id) + "#auditeurs",
                                web::back_to(ctx, slot_url(id)));
           });
  app.post(base("/creneaux/{id:int}/compte-rendu"), web::perm::allo_perform, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.report(web::actor_of(ctx), ctx.me(), id, ctx.form.get("count"), ctx.form.get("remarks"));
    return web::finish(ctx, outcome, "allo.slot.reported", slot_url(id),
                       [&](const Outcome& o, int status) { return slot_page(ctx, service, id, o, status, "report"); });
  });
}

}  // namespace trame::mediation::allo
