#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "platform/core/calendar.hpp"
#include "platform/docs/ics.hpp"
#include "platform/docs/markdown.hpp"
#include "trainings/programmes/access.hpp"
#include "trainings/programmes/service.hpp"
#include "trainings/legal/service.hpp"
#include "platform/web/app.hpp"

namespace trame::programmes {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 20;

std::string programme_url(long long id) {
  return "/formations/programmes/" + std::to_string(id);
}
std::string session_url(long long id) {
  return "/formations/sessions/" + std::to_string(id);
}

const Principal* me_of(const Context& ctx) {
  return ctx.user ? &*ctx.user : nullptr;
}

// The organisers the signed-in user manages (none for the public).
ActingFor manager_of(const Context& ctx) {
  return ctx.user ? ctx.user->acting_for(web::perm::trainings_manage) : ActingFor{};
}

Data lines_of(const std::string& text) {
  Data list{Data::type::list};
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty()) {
      Data item{Data::type::object};
      item.set("line", line);
      list.push_back(item);
    }
    start = end + 1;
  }
  return list;
}

// "jeudi 13 octobre 2022" from 'YYYY-MM-DD'.
std::string day_label(const Context& ctx, const std::string& day) {
  long long t = local_time(day, 12 * 60);
  if (t < 0) return day;
  int month = std::stoi(day.substr(5, 2));
  int dom = std::stoi(day.substr(8, 2));
  return ctx.t("trainings.weekdays." + format_local(t, "%u")) + " " + std::to_string(dom) + " " +
         ctx.t("trainings.months." + std::to_string(month)) + " " + day.substr(0, 4);
}

std::string hm(long long t) {
  return format_local(t, "%H:%M");
}

std::string date_of(const Context& ctx, long long t) {
  return t > 0 ? day_label(ctx, local_day(t)) : std::string();
}

Data choices_data(const std::vector<Choice>& list, long long selected) {
  Data out{Data::type::list};
  for (const auto& c : list) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.label);
    o.set("selected", web::flag(c.id == selected));
    out.push_back(o);
  }
  return out;
}

Data people_data(const std::vector<Person>& list, long long selected) {
  Data out{Data::type::list};
  for (const auto& p : list) {
    Data o{Data::type::object};
    o.set("value", std::to_string(p.id));
    o.set("label", p.name + " <" + p.email + ">");
    o.set("name", p.name);
    o.set("selected", web::flag(p.id == selected));
    out.push_back(o);
  }
  return out;
}

Data programme_data(const Context& ctx, const Programme& p) {
  Data d{Data::type::object};
  d.set("id", std::to_string(p.id));
  d.set("url", programme_url(p.id));
  d.set("title", p.title);
  d.set("organiser", p.organiser_name);
  d.set("status", p.status);
  d.set("status_label", ctx.t("trainings.programme_statuses." + p.status));
  d.set("published", web::flag(p.status == "published"));
  if (p.duration_days) d.set("days", std::to_string(p.duration_days));
  if (p.duration_minutes) d.set("hours", format_minutes(p.duration_minutes));
  d.set("price", p.price_cents ? format_price(p.price_cents) : ctx.t("trainings.free"));
  return d;
}

std::string effective_status_label(const Context& ctx, const std::string& status) {
  return ctx.t("trainings.statuses." + status);
}

Data session_summary(const Context& ctx, const Session& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("url", session_url(s.id));
  d.set("title", s.title);
  d.set("programme", s.programme_title);
  d.set("programme_url", programme_url(s.programme_id));
  d.set("status_label", effective_status_label(ctx, s.status));
  set_if(d, "delegation", s.delegation_name);
  set_if(d, "place", s.place);
  if (s.starts_at) d.set("starts", date_of(ctx, s.starts_at));
  if (s.ends_at) d.set("ends", date_of(ctx, s.ends_at));
  d.set("left", std::to_string(s.left()));
  d.set("places_left", ctx.t("trainings.session.places_left",
                             {{"n", std::to_string(s.left())}, {"max", std::to_string(s.max_trainees)}}));
  return d;
}

// Whether the public may apply now.
bool can_apply(const Session& s, long long deadline, long long now) {
  return s.status == "open" && s.left() > 0 && (deadline == 0 || now <= deadline) &&
         (s.starts_at == 0 || now < s.starts_at);
}

// ---------------------------------------------------------------- programme form

ProgrammeInput programme_input(const http::Form& f) {
  ProgrammeInput in;
  in.organiser_id = web::parse_id(f.get("organiser"));
  in.title = f.get("title");
  in.summary = f.get("summary");
  in.objectives = f.get("objectives");
  in.competences = f.get("competences");
  in.audience = f.get("audience");
  in.prerequisites = f.get("prerequisites");
  in.admission = f.get("admission");
  in.duration_days = f.get("duration_days");
  in.duration_hours = f.get("duration_hours");
  in.price = f.get("price");
  in.funding = f.all("funding");
  in.teaching_methods = f.get("teaching_methods");
  in.evaluation_methods = f.get("evaluation_methods");
  in.accessibility = f.get("accessibility");
  in.disability_referent_id = web::parse_id(f.get("disability_referent"));
  in.disability_contact = f.get("disability_contact");
  in.contacts = f.get("contacts");
  in.nature = f.get("nature");
  in.mixed_threshold = f.get("mixed_threshold");
  in.status = f.get("status");
  return in;
}

ProgrammeInput input_of(const Programme& p) {
  ProgrammeInput in;
  in.organiser_id = p.organiser_id;
  in.title = p.title;
  in.summary = p.summary;
  in.objectives = p.objectives;
  in.competences = p.competences;
  in.audience = p.audience;
  in.prerequisites = p.prerequisites;
  in.admission = p.admission;
  in.duration_days = std::to_string(p.duration_days);
  in.duration_hours = p.duration_minutes ? format_minutes(p.duration_minutes) : "";
  std::string price = std::to_string(p.price_cents / 100);
  if (p.price_cents % 100) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ",%02lld", p.price_cents % 100);
    price += buf;
  }
  in.price = price;
  std::size_t start = 0;
  while (start < p.funding.size()) {
    auto end = p.funding.find(',', start);
    if (end == std::string::npos) end = p.funding.size();
    in.funding.push_back(p.funding.substr(start, end - start));
    start = end + 1;
  }
  in.teaching_methods = p.teaching_methods;
  in.evaluation_methods = p.evaluation_methods;
  in.accessibility = p.accessibility;
  in.disability_referent_id = p.disability_referent_id;
  in.disability_contact = p.disability_contact;
  in.contacts = p.contacts;
  in.nature = p.nature;
  in.mixed_threshold = std::to_string(p.mixed_threshold);
  in.status = p.status;
  return in;
}

Data module_rows(const Context& ctx, const std::vector<Module>& modules, bool with_html) {
  Data list{Data::type::list};
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const auto& m = modules[i];
    Data d{Data::type::object};
    d.set("id", std::to_string(m.id));
    d.set("title", m.title);
    d.set("content", m.content);
    if (with_html && !m.content.empty()) d.set("content_html", docs::markdown_to_html(m.content));
    d.set("duration", m.duration_minutes ? format_minutes(m.duration_minutes) : "");
    if (m.duration_minutes) d.set("duration_label", format_minutes(m.duration_minutes));
    d.set("removable", web::flag(m.halfdays == 0));
    d.set("first", web::flag(i == 0));
    d.set("last", web::flag(i + 1 == modules.size()));
    d.set("used_label", ctx.t("trainings.modules.used", {{"n", std::to_string(m.halfdays)}}));
    list.push_back(d);
  }
  return list;
}

http::Response programme_form(Context& ctx, Service& service, long long id, const ProgrammeInput& in,
                              const Outcome& outcome, int status) {
  ActingFor m = manager_of(ctx);
  Data data{Data::type::object};
  data.set("editing", web::flag(id != 0));
  data.set("action", id ? programme_url(id) : std::string("/formations/programmes"));
  if (id) data.set("programme_url", programme_url(id));
  std::vector<Choice> organisers;
  for (const auto& c : service.organisers(false))
    if (m.covers(c.id)) organisers.push_back(c);
  long long organiser = in.organiser_id;
  if (!organiser && organisers.size() == 1) organiser = organisers.front().id;
  data.set("organisers", choices_data(organisers, organiser));
  data.set("referents",
           people_data(organiser ? service.members(organiser) : std::vector<Person>{}, in.disability_referent_id));
  data.set("no_organiser", web::flag(organiser == 0));
  data.set("title", in.title);
  data.set("summary", in.summary);
  data.set("objectives", in.objectives);
  data.set("competences", in.competences);
  data.set("audience", in.audience);
  data.set("prerequisites", in.prerequisites);
  data.set("admission", in.admission);
  data.set("duration_days", in.duration_days);
  data.set("duration_hours", in.duration_hours);
  data.set("price", in.price);
  Data funding{Data::type::list};
  for (const auto& f : funders()) {
    Data o{Data::type::object};
    o.set("value", f);
    o.set("label", ctx.t("trainings.funders." + f));
    o.set("checked", web::flag(std::find(in.funding.begin(), in.funding.end(), f) != in.funding.end()));
    funding.push_back(o);
  }
  data.set("funding", funding);
  data.set("teaching_methods", in.teaching_methods);
  data.set("evaluation_methods", in.evaluation_methods);
  data.set("accessibility", in.accessibility);
  data.set("disability_contact", in.disability_contact);
  data.set("contacts", in.contacts);
  data.set("natures", web::options(ctx, natures(), "trainings.natures.", in.nature));
  data.set("mixed_threshold", in.mixed_threshold);
  data.set("statuses",
           web::options(ctx, {"draft", "published", "archived"}, "trainings.programme_statuses.", in.status));
  if (id) {
    data.set("modules", module_rows(ctx, service.modules(id), false));
    data.set("modules_url", programme_url(id) + "/modules");
  }
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/programme_form", data,
                    ctx.t(id ? "trainings.programme_form.edit_title" : "trainings.programme_form.new_title"), status);
}

// ---------------------------------------------------------------- session form and pages

SessionInput session_input(const http::Form& f) {
  SessionInput in;
  in.title = f.get("title");
  in.theme = f.get("theme");
  in.delegation_id = web::parse_id(f.get("delegation"));
  in.commune_code = f.get("commune_code");
  in.place = f.get("place");
  in.address = f.get("address");
  in.access = f.get("access");
  in.rules = f.get("rules");
  in.min_trainees = f.get("min_trainees");
  in.max_trainees = f.get("max_trainees");
  in.deadline = f.get("deadline");
  in.esf = f.get("esf") == "1";
  return in;
}

http::Response session_form(Context& ctx, Service& service, const Programme& p, long long id, const SessionInput& in,
                            const Outcome& outcome, int status) {
  Data data{Data::type::object};
  data.set("editing", web::flag(id != 0));
  data.set("action", id ? session_url(id) : programme_url(p.id) + "/sessions");
  data.set("back_url", id ? session_url(id) : programme_url(p.id));
  data.set("programme", p.title);
  data.set("title", in.title);
  data.set("theme", in.theme);
  data.set("delegations", choices_data(service.delegations(), in.delegation_id));
  data.set("commune_code", in.commune_code);
  data.set("place", in.place);
  data.set("address", in.address);
  data.set("access", in.access);
  data.set("rules", in.rules);
  data.set("min_trainees", in.min_trainees);
  data.set("max_trainees", in.max_trainees);
  data.set("deadline", in.deadline);
  data.set("esf", web::flag(in.esf));
  data.set("deadline_help",
           ctx.t("trainings.session_form.deadline_help", {{"n", std::to_string(service.deadline_days())}}));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/session_form", data,
                    ctx.t(id ? "trainings.session_form.edit_title" : "trainings.session_form.new_title"), status);
}

// Dates grouped by seminar, then by day.
Data schedule_data(const Context& ctx, const std::vector<HalfDay>& halfdays) {
  Data seminars{Data::type::list};
  std::vector<std::pair<long long, std::string>> order;
  std::map<long long, std::vector<const HalfDay*>> by_seminar;
  for (const auto& h : halfdays) {
    if (!by_seminar.count(h.seminar_id)) order.emplace_back(h.seminar_id, h.seminar_title);
    by_seminar[h.seminar_id].push_back(&h);
  }
  for (const auto& [sid, title] : order) {
    Data sem{Data::type::object};
    sem.set("title", sid ? title : ctx.t("trainings.session.no_seminar"));
    Data days{Data::type::list};
    std::string current;
    Data day{Data::type::object};
    Data periods{Data::type::list};
    auto flush = [&]() {
      if (current.empty()) return;
      day.set("periods", periods);
      days.push_back(day);
    };
    for (const HalfDay* h : by_seminar[sid]) {
      if (h->day != current) {
        flush();
        current = h->day;
        day = Data{Data::type::object};
        periods = Data{Data::type::list};
        day.set("label", day_label(ctx, h->day));
        day.set("iso", h->day);
      }
      Data per{Data::type::object};
      per.set("period", ctx.t("trainings.periods." + h->period));
      per.set("hours", hm(h->starts_at) + " – " + hm(h->ends_at));
      set_if(per, "module", h->module_title);
      periods.push_back(per);
    }
    flush();
    sem.set("days", days);
    seminars.push_back(sem);
  }
  return seminars;
}

Data mix_data(const Context& ctx, const Mix& mix, long long threshold) {
  Data d{Data::type::object};
  d.set("total", std::to_string(mix.total));
  d.set("empty", web::flag(mix.total == 0));
  Data rows{Data::type::list};
  const std::tuple<const char*, long long, long long> all[] = {{"social", mix.social, mix.social_pct},
                                                               {"cultural", mix.cultural, mix.cultural_pct},
                                                               {"other", mix.other, mix.other_pct}};
  for (const auto& [name, n, pct] : all) {
    Data r{Data::type::object};
    r.set("label", ctx.t(std::string("trainings.sectors.") + name));
    r.set("count", std::to_string(n));
    r.set("pct", std::to_string(pct));
    rows.push_back(r);
  }
  d.set("rows", rows);
  d.set("threshold", std::to_string(threshold));
  if (mix.unbalanced)
    d.set("warning", ctx.t("trainings.mix.warning", {{"pct", std::to_string(mix.dominant_pct)},
                                                     {"profile", ctx.t("trainings.mix.profiles." + mix.dominant)}}));
  return d;
}

std::string host_of(const std::string& public_url) {
  std::string host = public_url;
  if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  if (auto p = host.find('/'); p != std::string::npos) host = host.substr(0, p);
  return host.empty() ? "trame.local" : host;
}

http::Response ics_response(Context& ctx, const std::vector<HalfDay>& halfdays, const std::string& filename,
                            const std::string& calendar_name) {
  std::string base = ctx.app.config.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string host = host_of(base);
  std::vector<docs::CalendarEvent> events;
  for (const auto& h : halfdays) {
    docs::CalendarEvent e;
    e.uid = "demi-journee-" + std::to_string(h.id) + "@" + host;
    e.starts_at = h.starts_at;
    e.ends_at = h.ends_at;
    e.stamp = store::now_seconds();
    e.sequence = docs::ics_sequence(h.session_updated_at);
    e.summary = h.programme_title + " — " + h.session_title;
    std::string description = ctx.t("trainings.periods." + h.period);
    if (!h.seminar_title.empty()) description = h.seminar_title + ", " + description;
    if (!h.module_title.empty()) description += "\n" + h.module_title;
    e.description = description;
    e.location = h.place;
    if (!h.address.empty() && h.address != h.place) e.location += (e.location.empty() ? "" : ", ") + h.address;
    e.cancelled = h.session_status == "cancelled";
    if (!base.empty()) e.url = base + session_url(h.session_id);
    events.push_back(e);
  }
  http::Response res;
  res.set_header("Content-Type", "text/calendar; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  res.body = docs::ics_calendar(events, "-//Trame//Formations//FR", calendar_name);
  return res;
}

// The halfdays page of a session (manager).
struct HalfDayForms {
  HalfDayInput one;
  HalfDaySeries series;
};

http::Response halfdays_page(Context& ctx, Service& service, const Session& s, const HalfDayForms& forms,
                             const Outcome& outcome, int status) {
  Data data{Data::type::object};
  data.set("session", session_summary(ctx, s));
  data.set("action_one", session_url(s.id) + "/demi-journees");
  data.set("action_series", session_url(s.id) + "/demi-journees/serie");
  data.set("action_seminar", session_url(s.id) + "/seminaires");
  auto seminars = service.seminars(s.id);
  auto modules = service.modules(s.programme_id);
  auto programme = service.programme(s.programme_id);
  auto sem_choices = [&](long long selected) {
    Data list{Data::type::list};
    for (const auto& x : seminars) {
      Data o{Data::type::object};
      o.set("value", std::to_string(x.id));
      o.set("label", x.title);
      o.set("selected", web::flag(x.id == selected));
      list.push_back(o);
    }
    return list;
  };
  auto mod_choices = [&](long long selected) {
    Data list{Data::type::list};
    for (const auto& x : modules) {
      Data o{Data::type::object};
      o.set("value", std::to_string(x.id));
      o.set("label", x.title);
      o.set("selected", web::flag(x.id == selected));
      list.push_back(o);
    }
    return list;
  };
  Data seminar_list{Data::type::list};
  for (const auto& x : seminars) {
    Data o{Data::type::object};
    o.set("title", x.title);
    seminar_list.push_back(o);
  }
  data.set("seminars", seminar_list);
  auto all = service.halfdays(s.id);
  long long planned = 0;
  for (const auto& h : all) planned += h.minutes;
  data.set("planned",
           ctx.t("trainings.halfdays.planned",
                 {{"planned", format_minutes(planned)},
                  {"duration", programme && programme->duration_minutes ? format_minutes(programme->duration_minutes)
                                                                        : ctx.t("trainings.halfdays.no_duration")}}));
  long long page = web::page_param(ctx.req);
  const long long per_page = 50;
  Data rows{Data::type::list};
  for (std::size_t i = static_cast<std::size_t>((page - 1) * per_page);
       i < all.size() && i < static_cast<std::size_t>(page * per_page); ++i) {
    const auto& h = all[i];
    Data r{Data::type::object};
    r.set("id", std::to_string(h.id));
    r.set("action", "/formations/demi-journees/" + std::to_string(h.id));
    r.set("delete_action", "/formations/demi-journees/" + std::to_string(h.id) + "/supprimer");
    r.set("label", day_label(ctx, h.day) + ", " + ctx.t("trainings.periods." + h.period) + " (" + hm(h.starts_at) +
                       " – " + hm(h.ends_at) + ")");
    r.set("day", h.day);
    r.set("am", web::flag(h.period == "am"));
    r.set("start", hm(h.starts_at));
    r.set("end", hm(h.ends_at));
    r.set("seminars", sem_choices(h.seminar_id));
    r.set("modules", mod_choices(h.module_id));
    r.set("editable", web::flag(h.sheet_status == "closed"));
    r.set("sheet", ctx.t("trainings.sheet_statuses." + h.sheet_status));
    rows.push_back(r);
  }
  data.set("halfdays", rows);
  data.set("empty", web::flag(all.empty()));
  data.set("pager", web::pagination(ctx, page, per_page, static_cast<long long>(all.size()),
                                    session_url(s.id) + "/demi-journees?"));
  // The add-one form.
  data.set("one_day", forms.one.day);
  data.set("one_am", web::flag(forms.one.period != "pm"));
  data.set("one_start", forms.one.start);
  data.set("one_end", forms.one.end);
  data.set("one_seminars", sem_choices(forms.one.seminar_id));
  data.set("one_modules", mod_choices(forms.one.module_id));
  // The series form.
  data.set("series_from", forms.series.from);
  data.set("series_to", forms.series.to);
  data.set("series_periods", web::options(ctx, {"both", "am", "pm"}, "trainings.series_periods.",
                                          forms.series.periods.empty() ? "both" : forms.series.periods));
  data.set("series_am_start", forms.series.am_start);
  data.set("series_am_end", forms.series.am_end);
  data.set("series_pm_start", forms.series.pm_start);
  data.set("series_pm_end", forms.series.pm_end);
  data.set("series_weekdays", web::flag(forms.series.weekdays_only));
  data.set("series_seminars", sem_choices(forms.series.seminar_id));
  data.set("series_modules", mod_choices(forms.series.module_id));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/halfdays", data, ctx.t("trainings.halfdays.title") + " — " + s.title, status);
}

HalfDayForms default_forms() {
  HalfDayForms f;
  f.one.period = "am";
  f.one.start = "09:00";
  f.one.end = "12:30";
  f.series.periods = "both";
  return f;
}

HalfDayInput halfday_input(const http::Form& f) {
  return HalfDayInput{f.get("day"),
                      f.get("period"),
                      f.get("start"),
                      f.get("end"),
                      web::parse_id(f.get("seminar")),
                      web::parse_id(f.get("module"))};
}

HalfDaySeries series_input(const http::Form& f) {
  HalfDaySeries s;
  s.from = f.get("from");
  s.to = f.get("to");
  s.periods = f.get("periods");
  s.am_start = f.get("am_start");
  s.am_end = f.get("am_end");
  s.pm_start = f.get("pm_start");
  s.pm_end = f.get("pm_end");
  s.weekdays_only = f.get("weekdays_only") == "1";
  s.seminar_id = web::parse_id(f.get("seminar"));
  s.module_id = web::parse_id(f.get("module"));
  return s;
}

// The next statuses offered to a manager.
std::vector<std::string> next_statuses(const std::string& from) {
  std::vector<std::string> out;
  for (const char* to : {"open", "confirmed", "running", "completed"})
    if (can_transition(from, to)) out.emplace_back(to);
  return out;
}

http::Response session_page(Context& ctx, Service& service, const Session& s, const SessionAccess& access,
                            const std::string& error, int status) {
  long long now = store::now_seconds();
  auto p = service.programme(s.programme_id);
  Data data = session_summary(ctx, s);
  set_if(data, "theme", s.theme);
  set_if(data, "address", s.address);
  set_if(data, "access", s.access);
  if (!s.rules.empty()) data.set("rules_html", docs::markdown_to_html(s.rules));
  data.set("organiser", s.organiser_name);
  data.set("esf", web::flag(s.esf != 0));
  data.set("min", std::to_string(s.min_trainees));
  data.set("max", std::to_string(s.max_trainees));
  data.set("status", s.status);
  data.set("cancelled", web::flag(s.status == "cancelled"));
  set_if(data, "cancel_reason", s.cancel_reason);
  long long deadline = service.deadline_of(s);
  if (deadline) data.set("deadline", format_local(deadline, "%d/%m/%Y"));
  bool open = can_apply(s, deadline, now);
  data.set("can_apply", web::flag(open));
  data.set("apply_url", session_url(s.id) + "/candidater");
  if (!open && s.status == "open") {
    data.set("closed_reason", ctx.t(s.left() == 0 ? "trainings.session.full" : "trainings.session.deadline_passed"));
  }
  auto halfdays = service.halfdays(s.id);
  data.set("schedule", schedule_data(ctx, halfdays));
  data.set("has_schedule", web::flag(!halfdays.empty()));
  data.set("ics_url", session_url(s.id) + "/agenda.ics");
  Data trainers{Data::type::list};
  for (const auto& t : service.trainers(s.id)) {
    Data d{Data::type::object};
    d.set("id", std::to_string(t.id));
    d.set("name", t.name);
    trainers.push_back(d);
  }
  data.set("trainers", trainers);
  data.set("has_trainers", web::flag(!trainers.is_empty_list()));
  const Principal* me = me_of(ctx);
  if (auto project = service.co_built_project(s.id, me ? *me : Principal{})) {
    data.set("co_built_title", project->title);
    data.set("co_built_url", project->url);
  }
  data.set("manager", web::flag(access.manager));
  data.set("staff", web::flag(access.staff()));
  if (access.manager) {
    data.set("edit_url", session_url(s.id) + "/modifier");
    data.set("halfdays_url", session_url(s.id) + "/demi-journees");
    data.set("status_action", session_url(s.id) + "/statut");
    data.set("trainer_action", session_url(s.id) + "/formateurs");
    data.set("trainer_remove_action", session_url(s.id) + "/formateurs/retirer");
    Data transitions{Data::type::list};
    for (const auto& to : next_statuses(s.status)) {
      Data t{Data::type::object};
      t.set("to", to);
      t.set("label", ctx.t("trainings.transitions." + to));
      transitions.push_back(t);
    }
    data.set("transitions", transitions);
    data.set("can_cancel", web::flag(can_transition(s.status, "cancelled")));
    long long enrolled = service.enrolled(s.id);
    data.set("enrolled", ctx.t("trainings.session.enrolled", {{"n", std::to_string(enrolled)},
                                                              {"min", std::to_string(s.min_trainees)},
                                                              {"max", std::to_string(s.max_trainees)}}));
    if (enrolled < s.min_trainees && s.status != "cancelled" && s.status != "completed")
      data.set("missing", ctx.t("trainings.session.missing", {{"n", std::to_string(s.min_trainees - enrolled)},
                                                              {"min", std::to_string(s.min_trainees)}}));
    long long threshold = p ? p->mixed_threshold : 70;
    data.set("mix", mix_data(ctx, service.mix(s.id, threshold), threshold));
    data.set("trainer_choices", people_data(service.trainer_choices(s.organiser_id), 0));
  }
  if (access.staff() || access.trainee()) {
    // The session's spaces: each link only for who may open it.
    const std::string app = std::to_string(access.application_id);
    struct Link {
      std::string url, key;
      bool shown;
    };
    const std::vector<Link> all = {
        {session_url(s.id) + "/candidatures", "applications", access.manager},
        {session_url(s.id) + "/emargement", "attendance", true},
        {session_url(s.id) + "/boite-a-outils", "toolbox", true},
        {session_url(s.id) + "/groupe", "group", true},
        {session_url(s.id) + "/documents", "documents", access.manager},
        {session_url(s.id) + "/evaluations", "evaluations", access.staff()},
        {session_url(s.id) + "/evaluations/comparaison", "comparison", access.manager},
        {session_url(s.id) + "/devis", "quotes", access.manager},
        {session_url(s.id) + "/conventions", "agreements", access.manager},
        {session_url(s.id) + "/factures", "invoices", access.manager},
        {session_url(s.id) + "/dossiers-financeurs", "funder_files", access.manager},
        {session_url(s.id) + "/objectifs", "objectives", access.staff()},
        {session_url(s.id) + "/accompagnement", "coaching", true},
        {session_url(s.id) + "/contacts-suivi", "followup_contacts", access.manager},
        {"/formations/programmes/" + std::to_string(s.programme_id) + "/anciens", "alumni", true},
        {"/formations/mes-documents", "my_documents", access.trainee() && !access.staff()},
        {"/formations/candidatures/" + app, "my_application", access.trainee() && !access.staff()},
        {"/formations/candidatures/" + app + "/suivi", "followup", access.trainee() && !access.staff()},
    };
    Data links{Data::type::list};
    for (const auto& link : all) {
      if (!link.shown) continue;
      Data l{Data::type::object};
      l.set("url", link.url);
      l.set("label", ctx.t("trainings.session.links." + link.key));
      links.push_back(l);
    }
    data.set("links", links);
    data.set("has_links", web::flag(true));
  }
  if (!error.empty()) data.set("error", error);
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/session", data, s.title + " — " + s.programme_title, status);
}

// The signed-in user's (or the public's) access to a session; nullopt when it does not exist.
std::optional<SessionAccess> access_of(Context& ctx, Service& service, long long session_id) {
  return service.access(me_of(ctx), session_id);
}

// The programme of a module (0 when it no longer exists): where a module's form comes back to.
long long programme_of_module(Service& service, long long module_id) {
  auto mod = service.module(module_id);
  return mod ? mod->programme_id : 0;
}

// ---------------------------------------------------------------- pages (one builder per route)

// The public catalogue: published programmes with their upcoming sessions, filtered and paginated.
http::Response catalogue_page(Context& ctx, Service& service) {
  CatalogueFilter f;
  f.q = ctx.req.query_param("q").value_or("");
  if (f.q.size() > 200) f.q.resize(200);
  f.organiser_id = web::parse_id(ctx.req.query_param("organisateur").value_or(""));
  f.delegation_id = web::parse_id(ctx.req.query_param("delegation").value_or(""));
  f.upcoming = ctx.req.query_param("a_venir").value_or("") == "1";
  f.now = store::now_seconds();
  long long page = web::page_param(ctx.req), total = 0;
  Data rows{Data::type::list};
  for (const auto& p : service.catalogue(f, page, kPerPage, total)) {
    Data d = programme_data(ctx, p);
    Data sessions{Data::type::list};
    for (const auto& s : service.sessions_of(p.id, true, f.now)) sessions.push_back(session_summary(ctx, s));
    d.set("sessions", sessions);
    d.set("has_sessions", web::flag(!sessions.is_empty_list()));
    rows.push_back(d);
  }
  Data data{Data::type::object};
  data.set("programmes", rows);
  data.set("empty", web::flag(total == 0));
  data.set("total", ctx.t("trainings.catalogue.total", {{"n", std::to_string(total)}}));
  data.set("q", f.q);
  data.set("organisers", choices_data(service.organisers(true), f.organiser_id));
  data.set("delegations", choices_data(service.delegations(), f.delegation_id));
  data.set("upcoming", web::flag(f.upcoming));
  std::string base = "/formations?q=" + web::url_encode(f.q) +
                     "&organisateur=" + (f.organiser_id ? std::to_string(f.organiser_id) : "") +
                     "&delegation=" + (f.delegation_id ? std::to_string(f.delegation_id) : "") +
                     (f.upcoming ? "&a_venir=1" : "") + "&";
  data.set("pager", web::pagination(ctx, page, kPerPage, total, base));
  data.set("can_manage", web::flag(ctx.user && ctx.user->can(web::perm::trainings_manage)));
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/catalogue", data, ctx.t("trainings.catalogue.title"));
}

// A programme's public page (and, for its managers, every session and the links to manage it).
Data programme_view(Context& ctx, Service& service, const Programme& p, bool manager) {
  long long now = store::now_seconds();
  Data data = programme_data(ctx, p);
  if (!p.summary.empty()) data.set("summary_html", docs::markdown_to_html(p.summary));
  data.set("objectives", lines_of(p.objectives));
  data.set("competences", lines_of(p.competences));
  data.set("audience", lines_of(p.audience));
  set_if(data, "prerequisites", p.prerequisites);
  set_if(data, "admission", p.admission);
  data.set("teaching_methods", lines_of(p.teaching_methods));
  data.set("has_teaching", web::flag(!p.teaching_methods.empty()));
  data.set("evaluation_methods", lines_of(p.evaluation_methods));
  data.set("has_evaluation", web::flag(!p.evaluation_methods.empty()));
  set_if(data, "accessibility", p.accessibility);
  set_if(data, "disability_contact", p.disability_contact);
  set_if(data, "disability_referent", p.disability_referent_name);
  data.set("contacts", lines_of(p.contacts));
  data.set("has_contacts", web::flag(!p.contacts.empty()));
  data.set("nature", ctx.t("trainings.natures." + p.nature));
  Data funding{Data::type::list};
  for (const auto& f : input_of(p).funding) {
    Data o{Data::type::object};
    o.set("label", ctx.t("trainings.funders." + f));
    funding.push_back(o);
  }
  data.set("funding", funding);
  data.set("has_funding", web::flag(!funding.is_empty_list()));
  data.set("modules", module_rows(ctx, service.modules(p.id), true));
  Data sessions{Data::type::list};
  std::vector<std::string> open_urls;  // the sessions open to applications, for the call to action
  std::string open_title;
  for (const auto& s : service.sessions_of(p.id, true, now)) {
    Data d = session_summary(ctx, s);
    long long deadline = service.deadline_of(s);
    if (deadline) d.set("deadline", format_local(deadline, "%d/%m/%Y"));
    const bool open = can_apply(s, deadline, now);
    d.set("can_apply", web::flag(open));
    d.set("apply_url", session_url(s.id) + "/candidater");
    if (open) {
      open_urls.push_back(session_url(s.id) + "/candidater");
      open_title = s.title;
    }
    sessions.push_back(d);
  }
  // "Candidater" near the top and again at the end: straight to the form when one session is open,
  // to the sessions' list when several are.
  if (!open_urls.empty()) {
    Data cta{Data::type::object};
    const bool one = open_urls.size() == 1;
    cta.set("url", one ? open_urls.front() : std::string("#sessions-title"));
    cta.set("label", one ? ctx.t("trainings.programme.apply_to", {{"session", open_title}})
                         : ctx.t("trainings.programme.apply_choose"));
    data.set("apply_cta", cta);
  }
  data.set("sessions", sessions);
  data.set("has_sessions", web::flag(!sessions.is_empty_list()));
  AccessDelay delay = service.access_delay(p.id, now);
  if (delay.median_days)
    data.set("access_delay", ctx.t("trainings.programme.access_delay_value",
                                   {{"days", std::to_string(*delay.median_days)}, {"n", std::to_string(delay.count)}}));
  Results r = service.results(p.id);
  data.set("trained", std::to_string(r.completed));
  if (r.completion_pct) {
    data.set("completion", std::to_string(*r.completion_pct) + " %");
    data.set("dropout", std::to_string(*r.dropout_pct) + " %");
  }
  data.set("computed_on", format_local(now, "%d/%m/%Y"));
  // The latest published results (results module); the placeholder stays when nothing is published.
  if (auto pr = service.published_results(p.id)) {
    Data pub{Data::type::object};
    auto pct = [&](std::optional<double> v) { return v ? web::format_percent(*v, ctx.locale) : std::string(); };
    if (pr->satisfaction)
      pub.set("satisfaction", ctx.t("results.published.satisfaction_value",
                                    {{"value", web::format_number(*pr->satisfaction, 1, ctx.locale)},
                                     {"n", std::to_string(pr->satisfaction_responses)}}));
    set_if(pub, "response_rate", pct(pr->response_rate));
    set_if(pub, "completion_rate", pct(pr->completion_rate));
    set_if(pub, "dropout_rate", pct(pr->dropout_rate));
    pub.set("trainees", std::to_string(pr->trainees));
    pub.set("computed_on",
            ctx.t("results.published.computed_on", {{"date", format_local(pr->computed_at, "%d/%m/%Y")}}));
    data.set("published_results", pub);
  }
  Data quotes{Data::type::list};
  for (const auto& q : service.public_quotes(p.id)) {
    Data item{Data::type::object};
    item.set("text", q.text);
    item.set("author", q.author);
    quotes.push_back(item);
  }
  data.set("has_quotes", web::flag(!quotes.is_empty_list()));
  data.set("quotes", quotes);
  if (auto prepared = service.prepared_certification(p.id)) {
    data.set("prepares_title", prepared->title);
    data.set("prepares_url", prepared->url);
  }
  // The organiser's legal information (legal module) and the trainers who consented (trainers module).
  if (auto legal = service.organiser_legal(p.organiser_id)) {
    Data l{Data::type::object};
    if (!legal->nda_number.empty()) {
      const auto* region = legal::region(legal->nda_region);
      l.set("nda", ctx.t("legal.programme.nda_value", {{"number", legal::format_nda(legal->nda_number)},
                                                       {"region", region ? region->label : legal->nda_region}}));
    }
    if (!legal->qualiopi_number.empty()) {
      bool ended = legal->qualiopi_valid_until < format_local(now, "%Y-%m-%d");
      l.set("qualiopi", ctx.t(ended ? "legal.programme.qualiopi_expired" : "legal.programme.qualiopi_value",
                              {{"number", legal->qualiopi_number},
                               {"certifier", legal->qualiopi_certifier},
                               {"date", short_french_date(legal->qualiopi_valid_until)}}));
      Data cats{Data::type::list};
      for (const auto& c : legal->qualiopi_categories) {
        Data o{Data::type::object};
        o.set("label", ctx.t("legal.categories." + c));
        cats.push_back(o);
      }
      l.set("categories", cats);
    }
    set_if(l, "vat", legal::vat_mention(*legal));
    data.set("legal", l);
  }
  Data trainer_list{Data::type::list};
  for (const auto& tp : service.public_trainers(p.id)) {
    Data o{Data::type::object};
    o.set("name", tp.name);
    o.set("url", "/formations/formateurs/" + std::to_string(tp.user_id));
    set_if(o, "expertise", tp.expertise);
    if (tp.years_practice > 0)
      o.set("years", ctx.t("trainers.public.years", {{"n", std::to_string(tp.years_practice)}}));
    trainer_list.push_back(o);
  }
  data.set("public_trainers", trainer_list);
  data.set("has_public_trainers", web::flag(!trainer_list.is_empty_list()));
  data.set("manager", web::flag(manager));
  if (manager) {
    data.set("legal_url", "/formations/organismes/" + std::to_string(p.organiser_id) + "/mentions-legales");
    data.set("preparation_url", "/certifications/preparations/" + std::to_string(p.id));
    data.set("edit_url", programme_url(p.id) + "/modifier");
    data.set("qualiopi_url", programme_url(p.id) + "/qualiopi");
    data.set("results_url", programme_url(p.id) + "/resultats");
    data.set("new_session_url", programme_url(p.id) + "/sessions/nouvelle");
    Data all{Data::type::list};
    auto list = service.sessions_of(p.id, false, now);
    long long page = web::page_param(ctx.req), total = static_cast<long long>(list.size());
    for (long long i = (page - 1) * kPerPage; i < total && i < page * kPerPage; ++i)
      all.push_back(session_summary(ctx, list[static_cast<std::size_t>(i)]));
    data.set("all_sessions", all);
    data.set("pager", web::pagination(ctx, page, kPerPage, total, programme_url(p.id) + "?"));
  }
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return data;
}

// Published programmes for everyone; drafts and archives only for their managers (404 otherwise).
http::Response programme_page(Context& ctx, Service& service) {
  auto p = service.programme(ctx.req.int_param("id"));
  if (!p) return ctx.error(404);
  bool manager = manages_organiser(me_of(ctx), p->organiser_id);
  if (p->status != "published" && !manager) return ctx.error(404);
  return ctx.render("trainings/programmes/programme", programme_view(ctx, service, *p, manager), p->title);
}

// The manager's space: the programmes and sessions of the organisers they manage.
http::Response manage_page(Context& ctx, Service& service) {
  ActingFor m = manager_of(ctx);
  long long page = web::page_param(ctx.req), total_p = 0, total_s = 0;
  Data programmes{Data::type::list};
  for (const auto& p : service.managed_programmes(m, page, kPerPage, total_p))
    programmes.push_back(programme_data(ctx, p));
  Data sessions{Data::type::list};
  for (const auto& s : service.managed_sessions(m, page, kPerPage, total_s))
    sessions.push_back(session_summary(ctx, s));
  Data data{Data::type::object};
  data.set("programmes", programmes);
  data.set("sessions", sessions);
  data.set("no_programmes", web::flag(total_p == 0));
  data.set("no_sessions", web::flag(total_s == 0));
  data.set("pager", web::pagination(ctx, page, kPerPage, std::max(total_p, total_s), "/formations/gestion?"));
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/manage", data, ctx.t("trainings.manage.title"));
}

// The half-days of the signed-in user (or all of them), by month or as a list.
http::Response calendar_page(Context& ctx, Service& service) {
  long long now = store::now_seconds();
  bool list_view = ctx.req.query_param("vue").value_or("") == "liste";
  bool everything = !ctx.user || ctx.req.query_param("tout").value_or("") == "1";
  CalendarScope scope;
  scope.user_id = everything ? 0 : ctx.user->id;
  std::string toggle = everything ? "" : "tout=1&";
  std::string keep = everything && ctx.user ? "tout=1&" : "";
  Data data{Data::type::object};
  data.set("signed_in", web::flag(ctx.user.has_value()));
  data.set("mine", web::flag(!everything));
  data.set("list_view", web::flag(list_view));
  data.set("toggle_url", "/formations/calendrier?" + toggle + (list_view ? "vue=liste" : ""));
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  auto item_of = [&](const HalfDay& h) {
    Data d{Data::type::object};
    d.set("url", session_url(h.session_id));
    d.set("session", h.session_title);
    d.set("programme", h.programme_title);
    d.set("period", ctx.t("trainings.periods." + h.period));
    d.set("hours", hm(h.starts_at) + " – " + hm(h.ends_at));
    d.set("day", day_label(ctx, h.day));
    set_if(d, "place", h.place);
    return d;
  };
  if (list_view) {
    scope.from = day_start(local_date(now));
    scope.to = now + 5 * 365 * 86400LL;
    long long page = web::page_param(ctx.req), total = 0;
    Data items{Data::type::list};
    for (const auto& h : service.calendar(scope, page, 25, total)) items.push_back(item_of(h));
    data.set("items", items);
    data.set("empty", web::flag(total == 0));
    data.set("pager", web::pagination(ctx, page, 25, total, "/formations/calendrier?vue=liste&" + keep));
    data.set("month_url", "/formations/calendrier" + (keep.empty() ? std::string() : "?tout=1"));
    return ctx.render("trainings/programmes/calendar", data, ctx.t("trainings.calendar.title"));
  }
  auto chosen = parse_month(ctx.req.query_param("mois").value_or(""));
  const Date today = local_date(now);
  const int year = chosen ? chosen->year : today.year, month = chosen ? chosen->month : today.month;
  auto month_param = [](int y, int m) { return iso_date(Date{y, m, 1}).substr(0, 7); };
  int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
  int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
  scope.from = month_start(year, month);
  scope.to = next_month_start(year, month);
  long long total = 0;
  auto halfdays = service.calendar(scope, 1, 500, total);
  std::map<std::string, Data> by_day;
  for (const auto& h : halfdays) {
    auto [it, inserted] = by_day.try_emplace(h.day, Data{Data::type::list});
    it->second.push_back(item_of(h));
  }
  // Weeks from the Monday on or before the 1st to the Sunday on or after the last day.
  long long t = trame::local_time(year, month, 1, 12, 0);
  while (format_local(t, "%u") != "1") t = local_time(local_day(t - 86400), 12 * 60);
  Data weeks{Data::type::list};
  std::string last = local_day(next_month_start(year, month) - 1);
  while (true) {
    Data week{Data::type::object};
    Data days{Data::type::list};
    for (int i = 0; i < 7; ++i) {
      std::string day = local_day(t);
      Data d{Data::type::object};
      d.set("number", std::to_string(std::stoi(day.substr(8, 2))));
      d.set("label", day_label(ctx, day));
      d.set("in_month", web::flag(std::stoi(day.substr(5, 2)) == month));
      d.set("today", web::flag(day == local_day(now)));
      auto it = by_day.find(day);
      d.set("items", it == by_day.end() ? Data{Data::type::list} : it->second);
      days.push_back(d);
      t = local_time(local_day(t + 86400 + 3600), 12 * 60);
    }
    week.set("days", days);
    weeks.push_back(week);
    if (local_day(t) > last) break;
  }
  data.set("weeks", weeks);
  data.set("caption", ctx.t("trainings.months." + std::to_string(month)) + " " + std::to_string(year));
  data.set("prev_url", "/formations/calendrier?" + keep + "mois=" + month_param(py, pm));
  data.set("next_url", "/formations/calendrier?" + keep + "mois=" + month_param(ny, nm));
  data.set("prev_label", ctx.t("trainings.months." + std::to_string(pm)) + " " + std::to_string(py));
  data.set("next_label", ctx.t("trainings.months." + std::to_string(nm)) + " " + std::to_string(ny));
  data.set("list_url", "/formations/calendrier?vue=liste" + (keep.empty() ? std::string() : "&tout=1"));
  data.set("toggle_url", "/formations/calendrier?" + toggle + "mois=" + month_param(year, month));
  data.set("empty", web::flag(halfdays.empty()));
  return ctx.render("trainings/programmes/calendar", data, ctx.t("trainings.calendar.title"));
}

// The page of the personal calendar feed; `token` is the new secret URL's, shown once.
http::Response agenda_page(Context& ctx, Service& service, const std::string& token) {
  Data data{Data::type::object};
  data.set("has_feed", web::flag(service.has_feed(ctx.me().id)));
  if (!token.empty()) {
    std::string base = ctx.app.config.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    data.set("feed_url", base + "/formations/agenda/" + token + ".ics");
  }
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/programmes/agenda", data, ctx.t("trainings.agenda.title"));
}

// The personal feed at its secret URL (/formations/agenda/<token>.ics).
http::Response feed_ics(Context& ctx, Service& service) {
  std::string file = ctx.req.params.count("file") ? ctx.req.params.at("file") : std::string();
  if (file.size() < 5 || !file.ends_with(".ics")) return ctx.error(404);
  long long owner = service.feed_owner(file.substr(0, file.size() - 4));
  if (!owner) return ctx.error(404);
  CalendarScope scope;
  scope.user_id = owner;
  scope.from = 0;
  scope.to = store::now_seconds() + 5 * 365 * 86400LL;
  long long total = 0;
  return ics_response(ctx, service.calendar(scope, 1, 2000, total), "formations.ics",
                      ctx.t("trainings.ics.feed_calendar"));
}

// The end of a POST on a programme's modules: back to its edit page, or the form again.
http::Response module_done(Context& ctx, Service& service, long long programme_id, const Outcome& outcome,
                           const std::string& ok_key) {
  return web::finish(ctx, outcome, ok_key, programme_url(programme_id) + "/modifier#modules",
                     [&](const Outcome& o, int status) {
                       auto p = service.programme(programme_id);
                       if (!p) return ctx.error(404);
                       return programme_form(ctx, service, p->id, input_of(*p), o, status);
                     });
}

// A session's current values for its edit form.
SessionInput input_of(const Session& s) {
  return SessionInput{s.title,
                      s.theme,
                      s.delegation_id,
                      s.commune_code,
                      s.place,
                      s.address,
                      s.access,
                      s.rules,
                      std::to_string(s.min_trainees),
                      std::to_string(s.max_trainees),
                      s.application_deadline ? local_day(s.application_deadline) : std::string(),
                      s.esf != 0};
}

// The message of a refused status change: "below the minimum" says how many trainees are missing.
std::string status_error(const Context& ctx, Service& service, const Session& s, const Outcome& o) {
  if (o.error != "trainings.errors.below_minimum") return ctx.t(o.error);
  long long enrolled = service.enrolled(s.id);
  return ctx.t("trainings.errors.below_minimum") + " " +
         ctx.t("trainings.session.missing", {{"n", std::to_string(std::max(0LL, s.min_trainees - enrolled))},
                                             {"min", std::to_string(s.min_trainees)}});
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- Public catalogue
  app.get("/formations", web::perm::public_access, [&service](Context& ctx) { return catalogue_page(ctx, service); });

  app.get("/formations/programmes/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return programme_page(ctx, service); });

  // ---- Manager space
  app.get("/formations/gestion", web::perm::trainings_manage,
          [&service](Context& ctx) { return manage_page(ctx, service); });

  // ---- Programmes
  app.get("/formations/programmes/nouveau", web::perm::trainings_manage, [&service](Context& ctx) {
    ProgrammeInput in;
    in.organiser_id = web::parse_id(ctx.req.query_param("organisateur").value_or(""));
    if (in.organiser_id && !manager_of(ctx).covers(in.organiser_id)) in.organiser_id = 0;
    return programme_form(ctx, service, 0, in, Outcome::success(), 200);
  });

  app.post("/formations/programmes", web::perm::trainings_manage, [&service](Context& ctx) {
    ProgrammeInput in = programme_input(ctx.form);
    auto outcome = service.save_programme(web::actor_of(ctx), manager_of(ctx), 0, in);
    return web::finish(ctx, outcome, "trainings.programme_form.created", programme_url(outcome.id) + "/modifier",
                       [&](const Outcome& o, int status) { return programme_form(ctx, service, 0, in, o, status); });
  });

  app.get("/formations/programmes/{id:int}/modifier", web::perm::trainings_manage, [&service](Context& ctx) {
    auto p = service.managed_programme(manager_of(ctx), ctx.req.int_param("id"));
    if (!p) return ctx.error(404);
    return programme_form(ctx, service, p->id, input_of(*p), Outcome::success(), 200);
  });

  app.post("/formations/programmes/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ProgrammeInput in = programme_input(ctx.form);
    auto outcome = service.save_programme(web::actor_of(ctx), manager_of(ctx), id, in);
    return web::finish(ctx, outcome, "trainings.programme_form.updated", programme_url(id),
                       [&](const Outcome& o, int status) { return programme_form(ctx, service, id, in, o, status); });
  });

  // ---- Modules (managed on the programme's edit page)

  app.post("/formations/programmes/{id:int}/modules", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_module(web::actor_of(ctx), manager_of(ctx), id, ctx.form.get("module_title"),
                                      ctx.form.get("module_content"), ctx.form.get("module_duration"));
    return module_done(ctx, service, id, outcome, "trainings.modules.added");
  });

  app.post("/formations/modules/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long programme_id = programme_of_module(service, id);
    auto outcome = service.update_module(web::actor_of(ctx), manager_of(ctx), id, ctx.form.get("module_title"),
                                         ctx.form.get("module_content"), ctx.form.get("module_duration"));
    return module_done(ctx, service, outcome.ok ? outcome.id : programme_id, outcome, "trainings.modules.updated");
  });

  app.post("/formations/modules/{id:int}/deplacer", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long programme_id = programme_of_module(service, id);
    auto outcome = service.move_module(web::actor_of(ctx), manager_of(ctx), id, ctx.form.get("direction") == "up");
    return module_done(ctx, service, outcome.ok ? outcome.id : programme_id, outcome, "trainings.modules.moved");
  });

  app.post("/formations/modules/{id:int}/supprimer", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long programme_id = programme_of_module(service, id);
    auto outcome = service.delete_module(web::actor_of(ctx), manager_of(ctx), id);
    return module_done(ctx, service, outcome.ok ? outcome.id : programme_id, outcome, "trainings.modules.deleted");
  });

  // ---- Sessions
  app.get("/formations/programmes/{id:int}/sessions/nouvelle", web::perm::trainings_manage, [&service](Context& ctx) {
    auto p = service.managed_programme(manager_of(ctx), ctx.req.int_param("id"));
    if (!p) return ctx.error(404);
    return session_form(ctx, service, *p, 0, SessionInput{}, Outcome::success(), 200);
  });

  app.post("/formations/programmes/{id:int}/sessions", web::perm::trainings_manage, [&service](Context& ctx) {
    auto p = service.managed_programme(manager_of(ctx), ctx.req.int_param("id"));
    if (!p) return ctx.error(404);
    SessionInput in = session_input(ctx.form);
    auto outcome = service.save_session(web::actor_of(ctx), manager_of(ctx), p->id, 0, in);
    return web::finish(ctx, outcome, "trainings.session_form.created", session_url(outcome.id) + "/demi-journees",
                       [&](const Outcome& o, int status) { return session_form(ctx, service, *p, 0, in, o, status); });
  });

  app.get("/formations/sessions/{id:int}", web::perm::public_access, [&service](Context& ctx) {
    Session s;
    SessionAccess access;
    auto o = service.visible_session(me_of(ctx), ctx.req.int_param("id"), s, access);
    if (!o.ok) return ctx.refused(o);
    return session_page(ctx, service, s, access, "", 200);
  });

  app.get("/formations/sessions/{id:int}/modifier", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto p = service.programme(s->programme_id);
    return session_form(ctx, service, *p, s->id, input_of(*s), Outcome::success(), 200);
  });

  app.post("/formations/sessions/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    SessionInput in = session_input(ctx.form);
    auto outcome = service.save_session(web::actor_of(ctx), manager_of(ctx), s->programme_id, s->id, in);
    return web::finish(ctx, outcome, "trainings.session_form.updated", session_url(s->id),
                       [&](const Outcome& o, int status) {
                         return session_form(ctx, service, *service.programme(s->programme_id), s->id, in, o, status);
                       });
  });

  app.post("/formations/sessions/{id:int}/statut", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    std::string to = ctx.form.get("status");
    auto outcome = service.change_status(web::actor_of(ctx), manager_of(ctx), s->id, to, ctx.form.get("reason"));
    return web::finish_with(ctx, outcome, "trainings.session.status_changed",
                            {{"status", ctx.t("trainings.statuses." + to)}}, session_url(s->id),
                            [&](const Outcome& o, int status) {
                              return session_page(ctx, service, *s, *access_of(ctx, service, s->id),
                                                  status_error(ctx, service, *s, o), status);
                            });
  });

  app.post("/formations/sessions/{id:int}/formateurs", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto outcome =
        service.add_trainer(web::actor_of(ctx), manager_of(ctx), s->id, web::parse_id(ctx.form.get("trainer")));
    return web::finish(ctx, outcome, "trainings.session.trainer_added", session_url(s->id) + "#formateurs",
                       [&](const Outcome& o, int status) {
                         return session_page(ctx, service, *s, *access_of(ctx, service, s->id), ctx.t(o.error), status);
                       });
  });

  app.post("/formations/sessions/{id:int}/formateurs/retirer", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto outcome =
        service.remove_trainer(web::actor_of(ctx), manager_of(ctx), s->id, web::parse_id(ctx.form.get("trainer")));
    return web::finish(ctx, outcome, "trainings.session.trainer_removed", session_url(s->id) + "#formateurs",
                       [&](const Outcome& o, int) { return ctx.refused(o); });
  });

  // ---- Half-days and seminars
  app.get("/formations/sessions/{id:int}/demi-journees", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    return halfdays_page(ctx, service, *s, default_forms(), Outcome::success(), 200);
  });

  app.post("/formations/sessions/{id:int}/demi-journees", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    HalfDayForms forms = default_forms();
    forms.one = halfday_input(ctx.form);
    auto outcome = service.add_halfday(web::actor_of(ctx), manager_of(ctx), s->id, forms.one);
    return web::finish(ctx, outcome, "trainings.halfdays.added", session_url(s->id) + "/demi-journees",
                       [&](const Outcome& o, int status) { return halfdays_page(ctx, service, *s, forms, o, status); });
  });

  app.post("/formations/sessions/{id:int}/demi-journees/serie", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    HalfDayForms forms = default_forms();
    forms.series = series_input(ctx.form);
    auto outcome = service.add_series(web::actor_of(ctx), manager_of(ctx), s->id, forms.series);
    return web::finish(ctx, outcome, "trainings.halfdays.series_added", session_url(s->id) + "/demi-journees",
                       [&](const Outcome& o, int status) { return halfdays_page(ctx, service, *s, forms, o, status); });
  });

  app.post("/formations/demi-journees/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto h = service.halfday(ctx.req.int_param("id"));
    auto s = h ? service.managed_session(manager_of(ctx), h->session_id) : std::nullopt;
    if (!s) return ctx.error(404);
    auto outcome = service.update_halfday(web::actor_of(ctx), manager_of(ctx), h->id, halfday_input(ctx.form));
    return web::finish(ctx, outcome, "trainings.halfdays.updated", session_url(h->session_id) + "/demi-journees",
                       [&](const Outcome& o, int status) {
                         return halfdays_page(ctx, service, *s, default_forms(), Outcome::failure(o.error), status);
                       });
  });

  app.post("/formations/demi-journees/{id:int}/supprimer", web::perm::trainings_manage, [&service](Context& ctx) {
    auto h = service.halfday(ctx.req.int_param("id"));
    auto s = h ? service.managed_session(manager_of(ctx), h->session_id) : std::nullopt;
    if (!s) return ctx.error(404);
    auto outcome = service.delete_halfday(web::actor_of(ctx), manager_of(ctx), h->id);
    return web::finish(ctx, outcome, "trainings.halfdays.deleted", session_url(h->session_id) + "/demi-journees",
                       [&](const Outcome& o, int status) {
                         return halfdays_page(ctx, service, *s, default_forms(), Outcome::failure(o.error), status);
                       });
  });

  app.post("/formations/sessions/{id:int}/seminaires", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(manager_of(ctx), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    auto outcome = service.add_seminar(web::actor_of(ctx), manager_of(ctx), s->id, ctx.form.get("seminar_title"));
    return web::finish(
        ctx, outcome, "trainings.halfdays.seminar_added", session_url(s->id) + "/demi-journees",
        [&](const Outcome& o, int status) { return halfdays_page(ctx, service, *s, default_forms(), o, status); });
  });

  // ---- Calendars and ICS
  app.get("/formations/calendrier", web::perm::public_access,
          [&service](Context& ctx) { return calendar_page(ctx, service); });

  app.get("/formations/sessions/{id:int}/agenda.ics", web::perm::public_access, [&service](Context& ctx) {
    Session s;
    SessionAccess access;
    auto o = service.visible_session(me_of(ctx), ctx.req.int_param("id"), s, access);
    if (!o.ok) return ctx.refused(o);
    return ics_response(ctx, service.halfdays(s.id), "session-" + std::to_string(s.id) + ".ics",
                        ctx.t("trainings.ics.session_calendar", {{"title", s.title}}));
  });

  app.get("/formations/agenda", web::perm::authenticated,
          [&service](Context& ctx) { return agenda_page(ctx, service, ""); });

  // The secret URL is shown once, in the answer to the POST that made it: only its hash is kept.
  app.post("/formations/agenda/renouveler", web::perm::authenticated, [&service](Context& ctx) {
    std::string token = service.renew_feed(web::actor_of(ctx), ctx.me().id);
    return agenda_page(ctx, service, token);
  });

  app.get("/formations/agenda/{file}", web::perm::public_access,
          [&service](Context& ctx) { return feed_ics(ctx, service); });
}

}  // namespace trame::programmes
