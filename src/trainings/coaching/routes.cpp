#include "trainings/coaching/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::coaching {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string session_url(long long id) {
  return "/formations/sessions/" + std::to_string(id) + "/accompagnement";
}
std::string request_url(long long id) {
  return "/formations/accompagnement/" + std::to_string(id);
}
std::string contacts_url(long long id) {
  return "/formations/sessions/" + std::to_string(id) + "/contacts-suivi";
}
std::string followup_url(long long application_id) {
  return "/formations/candidatures/" + std::to_string(application_id) + "/suivi";
}

void add_common(Context& ctx, Data& data) {
  data.set("attendance_css", ctx.app.asset_url("css/attendance.css"));
}

std::string status_label(const Context& ctx, const std::string& status) {
  return ctx.t("coaching.statuses." + status);
}

std::string appointment_text(const Context& ctx, const Request& r) {
  if (r.appointment_at == 0) return "";
  return ctx.t("coaching.request.appointment_line",
               {{"date", web::format_datetime(r.appointment_at, ctx.locale)},
                {"mode", ctx.t("coaching.modes." + r.appointment_mode)},
                {"place", r.appointment_place.empty() ? ctx.t("coaching.entries.no_place") : r.appointment_place}});
}

Data request_row(const Context& ctx, const Request& r) {
  Data d{Data::type::object};
  d.set("id", std::to_string(r.id));
  d.set("url", request_url(r.id));
  d.set("subject", r.subject);
  d.set("trainee", r.trainee_name);
  d.set("trainer", r.trainer_id ? r.trainer_name : ctx.t("coaching.form.any_trainer"));
  d.set("status", r.status);
  d.set("status_label", status_label(ctx, r.status));
  d.set("waiting", web::flag(waiting_for_staff(r.status)));
  d.set("created", format_local(r.created_at, "%d/%m/%Y"));
  set_if(d, "appointment", appointment_text(ctx, r));
  return d;
}

// Values kept on a refused form.
struct Kept {
  Outcome outcome;
  std::string form;  // request, propose, reschedule, note, close, contact
  RequestInput request;
  ProposalInput proposal;
  std::string text;
  std::string outcome_choice;
  std::string email;
  std::vector<long long> chosen;
};

void set_form_error(Context& ctx, Data& data, const Kept& k) {
  if (k.outcome.ok || k.form.empty()) return;
  data.set("error_" + k.form, ctx.t(k.outcome.error));
  if (!k.outcome.field.empty()) {
    data.set("error_field", k.outcome.field);
    data.set("invalid_" + k.outcome.field, web::flag(true));
  }
}

// ---- The coaching page of a session

http::Response session_page(Context& ctx, Service& service, long long session_id, const Kept& k, int status) {
  const long long page = web::page_param(ctx.req);
  SessionCoaching v;
  if (auto read = service.session_coaching(ctx.me(), session_id, page, v); !read.ok) return ctx.refused(read);
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("base", session_url(session_id));
  data.set("session_title", v.access.session_title);
  data.set("programme_title", v.access.programme_title);
  data.set("organiser", v.access.organiser_name);
  data.set("session_url", "/formations/sessions/" + std::to_string(session_id));
  data.set("staff", web::flag(v.staff));
  data.set("trainee", web::flag(v.trainee && !v.staff));
  data.set("may_ask", web::flag(v.may_ask));
  data.set("manager", web::flag(v.access.manager));
  data.set("contacts_url", contacts_url(session_id));
  Data list{Data::type::list};
  for (const auto& r : v.requests) list.push_back(request_row(ctx, r));
  data.set("requests", list);
  data.set("empty", web::flag(v.total == 0));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, v.total, session_url(session_id) + "?"));
  // The new request's form, values kept after a refusal.
  const bool kept = k.form == "request";
  const RequestInput in = kept ? k.request : RequestInput{};
  data.set("f_subject", in.subject);
  data.set("f_message", in.message);
  data.set("f_slots", in.preferred_slots);
  Data trainers{Data::type::list};
  {
    Data any{Data::type::object};
    any.set("value", "0");
    any.set("label", ctx.t("coaching.form.any_trainer"));
    any.set("selected", web::flag(in.trainer.empty() || in.trainer == "0"));
    trainers.push_back(any);
  }
  for (const auto& p : v.trainers) {
    Data d{Data::type::object};
    d.set("value", std::to_string(p.id));
    d.set("label", p.name);
    d.set("selected", web::flag(in.trainer == std::to_string(p.id)));
    trainers.push_back(d);
  }
  data.set("f_trainers", trainers);
  Data modes{Data::type::list};
  for (const std::string m : {"any", "visio", "phone", "onsite"}) {
    Data d{Data::type::object};
    d.set("value", m);
    d.set("label", ctx.t("coaching.preferences." + m));
    d.set("checked", web::flag((in.preferred_mode.empty() ? std::string("any") : in.preferred_mode) == m));
    modes.push_back(d);
  }
  data.set("f_modes", modes);
  set_form_error(ctx, data, k);
  return ctx.render("trainings/coaching/session", data,
                    ctx.t("coaching.session.title_of", {{"session", v.access.session_title}}), status);
}

// ---- One request

http::Response request_page(Context& ctx, Service& service, long long id, const Kept& k, int status) {
  const long long page = web::page_param(ctx.req);
  RequestView v;
  if (auto read = service.view(ctx.me(), id, page, v); !read.ok) return ctx.refused(read);
  const Request& r = v.request;
  const bool staff = v.side == Side::staff;
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("base", request_url(r.id));
  data.set("list_url", session_url(r.session_id));
  data.set("session_title", v.access.session_title);
  data.set("subject", r.subject);
  data.set("message", r.message);
  data.set("trainee", r.trainee_name);
  data.set("trainer", r.trainer_id ? r.trainer_name : ctx.t("coaching.form.any_trainer"));
  data.set("preference", ctx.t("coaching.preferences." + r.preferred_mode));
  set_if(data, "slots", r.preferred_slots);
  data.set("status", r.status);
  data.set("status_label", status_label(ctx, r.status));
  data.set("created", web::format_datetime(r.created_at, ctx.locale));
  set_if(data, "appointment", appointment_text(ctx, r));
  if (r.appointment_by) set_if(data, "appointment_by", r.appointment_by_name);
  data.set("staff", web::flag(staff));
  data.set("is_trainee", web::flag(!staff));
  if (staff && r.trainee_id != 0 && v.access.manager) data.set("followup_url", followup_url(r.application_id));
  Data entries{Data::type::list};
  for (const auto& e : v.entries) {
    Data d{Data::type::object};
    d.set("id", std::to_string(e.id));
    d.set("kind", e.kind);
    d.set("kind_label", ctx.t("coaching.entries." + e.kind));
    d.set("author", e.author_name);
    d.set("when", web::format_datetime(e.created_at, ctx.locale));
    d.set("body", e.body);
    entries.push_back(d);
  }
  data.set("entries", entries);
  data.set("no_entries", web::flag(v.entries_total == 0));
  data.set("pagination",
           web::pagination(ctx, page, Service::kEntriesPerPage, v.entries_total, request_url(r.id) + "?"));
  const Side side = v.side;
  data.set("can_propose", web::flag(refusal(r.status, Action::propose, side).empty()));
  data.set("can_answer", web::flag(refusal(r.status, Action::accept, side).empty()));
  data.set("can_note", web::flag(refusal(r.status, Action::note, side).empty()));
  data.set("can_close", web::flag(refusal(r.status, Action::resolve, side).empty()));
  data.set("closed", web::flag(closed_status(r.status)));
  // Forms, with the values kept after a refusal.
  const bool p = k.form == "propose";
  data.set("p_at", p ? k.proposal.at : "");
  Data modes{Data::type::list};
  const std::string chosen = p ? k.proposal.mode : (r.preferred_mode == "any" ? "visio" : r.preferred_mode);
  for (const std::string m : {"visio", "phone", "onsite"}) {
    Data d{Data::type::object};
    d.set("value", m);
    d.set("label", ctx.t("coaching.modes." + m));
    d.set("checked", web::flag(chosen == m));
    modes.push_back(d);
  }
  data.set("p_modes", modes);
  data.set("p_place", p ? k.proposal.place : "");
  data.set("p_message", p ? k.proposal.message : "");
  data.set("r_message", k.form == "reschedule" ? k.text : "");
  data.set("n_note", k.form == "note" ? k.text : "");
  data.set("c_note", k.form == "close" ? k.text : "");
  data.set("c_resolved", web::flag(k.form != "close" || k.outcome_choice != "no_follow_up"));
  data.set("c_dropped", web::flag(k.form == "close" && k.outcome_choice == "no_follow_up"));
  set_form_error(ctx, data, k);
  return ctx.render("trainings/coaching/request", data, ctx.t("coaching.request.title_of", {{"subject", r.subject}}),
                    status);
}

// ---- Follow-up contacts

http::Response contacts_page(Context& ctx, Service& service, long long session_id, const Kept& k, int status) {
  ContactsView v;
  const std::string email = k.form == "contact" ? k.email : ctx.req.query_param("email").value_or("");
  if (auto read = service.contacts(ctx.me(), session_id, email, v); !read.ok) return ctx.refused(read);
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("base", contacts_url(session_id));
  data.set("session_title", v.access.session_title);
  data.set("programme_title", v.access.programme_title);
  data.set("session_url", "/formations/sessions/" + std::to_string(session_id));
  data.set("email", email);
  if (!email.empty() && !v.found && k.form != "contact") data.set("not_found", ctx.t("coaching.errors.no_account"));
  if (v.found) data.set("found", v.found->name + " (" + v.found->email + ")");
  Data contacts{Data::type::list};
  for (const auto& c : v.contacts) {
    Data d{Data::type::object};
    d.set("user_id", std::to_string(c.person.id));
    d.set("name", c.person.name);
    d.set("email", c.person.email);
    set_if(d, "organisations", c.organisations);
    d.set("since", format_local(c.added_at, "%d/%m/%Y"));
    Data ts{Data::type::list};
    for (const auto& tr : c.trainees) {
      Data x{Data::type::object};
      x.set("name", tr.name);
      x.set("url", followup_url(tr.application_id));
      ts.push_back(x);
    }
    d.set("trainees", ts);
    d.set("edit_url", contacts_url(session_id) + "?email=" + web::url_encode(c.person.email) + "#nouveau-contact");
    contacts.push_back(d);
  }
  data.set("contacts", contacts);
  data.set("no_contacts", web::flag(v.contacts.empty()));
  const bool kept = k.form == "contact";
  Data trainees{Data::type::list};
  for (const auto& tr : v.trainees) {
    Data d{Data::type::object};
    d.set("id", std::to_string(tr.application_id));
    d.set("name", tr.name);
    set_if(d, "organisation", tr.organisation);
    const auto& pick = kept ? k.chosen : v.suggested;
    d.set("checked", web::flag(std::find(pick.begin(), pick.end(), tr.application_id) != pick.end()));
    trainees.push_back(d);
  }
  data.set("trainees", trainees);
  data.set("no_trainees", web::flag(v.trainees.empty()));
  set_form_error(ctx, data, k);
  return ctx.render("trainings/coaching/contacts", data,
                    ctx.t("coaching.contacts.title_of", {{"session", v.access.session_title}}), status);
}

http::Response followed_page(Context& ctx, Service& service) {
  const long long page = web::page_param(ctx.req);
  FollowedPage f = service.followed(ctx.me(), page);
  Data data{Data::type::object};
  add_common(ctx, data);
  Data list{Data::type::list};
  for (const auto& x : f.items) {
    Data d{Data::type::object};
    d.set("trainee", x.trainee_name);
    d.set("url", followup_url(x.application_id));
    d.set("session", x.programme_title + " — " + x.session_title);
    d.set("organiser", x.organiser_name);
    d.set("dates", format_local(x.starts_at, "%d/%m/%Y") + " – " + format_local(x.ends_at, "%d/%m/%Y"));
    d.set("status", ctx.t("attendance.application_statuses." + x.application_status));
    list.push_back(d);
  }
  data.set("items", list);
  data.set("empty", web::flag(f.total == 0));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, f.total, "/formations/stagiaires-suivis?"));
  return ctx.render("trainings/coaching/followed", data, ctx.t("coaching.followed.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string session = "/formations/sessions/{id:int}/accompagnement";
  app.get(session, web::perm::authenticated,
          [&service](Context& ctx) { return session_page(ctx, service, ctx.req.int_param("id"), Kept{}, 200); });
  app.post(session, web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    RequestInput in{ctx.form.get("subject"), ctx.form.get("message"), ctx.form.get("trainer"),
                    ctx.form.get("preferred_mode"), ctx.form.get("preferred_slots")};
    Outcome o = service.create(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, o, "coaching.session.created", request_url(o.id), [&](const Outcome& failed, int status) {
      Kept k;
      k.outcome = failed;
      k.form = "request";
      k.request = in;
      return session_page(ctx, service, id, k, status);
    });
  });

  const std::string one = "/formations/accompagnement/{id:int}";
  app.get(one, web::perm::authenticated,
          [&service](Context& ctx) { return request_page(ctx, service, ctx.req.int_param("id"), Kept{}, 200); });

  // The forms of a request page: each refused one shows the page again with its message and values.
  auto again = [&service](Context& ctx, long long id, Kept k) {
    return [&service, &ctx, id, k](const Outcome& failed, int status) mutable {
      k.outcome = failed;
      return request_page(ctx, service, id, k, status);
    };
  };
  app.post(one + "/proposer", web::perm::authenticated, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    ProposalInput in{ctx.form.get("appointment_at"), ctx.form.get("appointment_mode"),
                     ctx.form.get("appointment_place"), ctx.form.get("proposal_message")};
    Outcome o = service.propose(web::actor_of(ctx), ctx.me(), id, in);
    Kept k;
    k.form = "propose";
    k.proposal = in;
    return web::finish(ctx, o, "coaching.request.proposed", request_url(id), again(ctx, id, k));
  });
  app.post(one + "/accepter", web::perm::authenticated, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    Outcome o = service.accept(web::actor_of(ctx), ctx.me(), id);
    Kept k;
    k.form = "answer";
    return web::finish(ctx, o, "coaching.request.accepted", request_url(id), again(ctx, id, k));
  });
  app.post(one + "/autre-horaire", web::perm::authenticated, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    const std::string text = ctx.form.get("reschedule_message");
    Outcome o = service.reschedule(web::actor_of(ctx), ctx.me(), id, text);
    Kept k;
    k.form = "reschedule";
    k.text = text;
    return web::finish(ctx, o, "coaching.request.rescheduled", request_url(id), again(ctx, id, k));
  });
  app.post(one + "/notes", web::perm::authenticated, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    const std::string text = ctx.form.get("note");
    Outcome o = service.add_note(web::actor_of(ctx), ctx.me(), id, text);
    Kept k;
    k.form = "note";
    k.text = text;
    return web::finish(ctx, o, "coaching.request.noted", request_url(id) + "#fil", again(ctx, id, k));
  });
  app.post(one + "/clore", web::perm::authenticated, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    const std::string text = ctx.form.get("close_note");
    const std::string outcome = ctx.form.get("outcome");
    Outcome o = service.close(web::actor_of(ctx), ctx.me(), id, outcome, text);
    Kept k;
    k.form = "close";
    k.text = text;
    k.outcome_choice = outcome;
    return web::finish(ctx, o, "coaching.request.closed", request_url(id), again(ctx, id, k));
  });

  const std::string contacts = "/formations/sessions/{id:int}/contacts-suivi";
  app.get(contacts, web::perm::trainings_manage,
          [&service](Context& ctx) { return contacts_page(ctx, service, ctx.req.int_param("id"), Kept{}, 200); });
  app.post(contacts, web::perm::trainings_manage, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    const std::string email = ctx.form.get("email");
    std::vector<long long> chosen;
    for (const auto& x : ctx.form.all("trainees"))
      if (long long a = web::parse_id(x)) chosen.push_back(a);
    Outcome o = service.set_contact(web::actor_of(ctx), ctx.me(), id, email, chosen);
    return web::finish(ctx, o, "coaching.contacts.saved", contacts_url(id), [&](const Outcome& failed, int status) {
      Kept k;
      k.outcome = failed;
      k.form = "contact";
      k.email = email;
      k.chosen = chosen;
      return contacts_page(ctx, service, id, k, status);
    });
  });
  app.post(contacts + "/{user:int}/retirer", web::perm::trainings_manage, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    Outcome o = service.remove_contact(web::actor_of(ctx), ctx.me(), id, ctx.req.int_param("user"));
    return web::finish(ctx, o, "coaching.contacts.removed", contacts_url(id), web::back_to(ctx, contacts_url(id)));
  });

  app.get("/formations/stagiaires-suivis", web::perm::authenticated,
          [&service](Context& ctx) { return followed_page(ctx, service); });
}

namespace {

// Trainers and managers: the requests waiting for an answer.
std::optional<web::DashboardPanel> waiting_panel(Context& ctx, Service& service) {
  if (!ctx.user) return std::nullopt;
  const auto& me = ctx.me();
  if (!me.has_role("trainer") && me.acting_for(web::perm::trainings_manage).none()) return std::nullopt;
  long long total = 0;
  auto items = service.waiting_for(me, 5, total);
  if (total == 0) return std::nullopt;
  web::DashboardPanel p;
  p.key = "trainings-coaching";
  p.title = ctx.t("coaching.panel.title");
  p.empty = ctx.t("coaching.panel.empty");
  for (const auto& w : items) {
    web::DashboardItem i;
    i.label = ctx.t("coaching.panel.item", {{"trainee", w.trainee_name}, {"subject", w.subject}});
    i.url = request_url(w.id);
    i.detail = w.session_title + " — " + ctx.t("coaching.statuses." + w.status);
    i.when = ctx.t("coaching.panel.since", {{"date", format_local(w.created_at, "%d/%m/%Y")}});
    i.urgent = w.status == "open";
    p.items.push_back(i);
  }
  if (total > static_cast<long long>(items.size())) p.count = total;
  return p;
}

// A follow-up contact: the trainees they follow, and the link to « Mes stagiaires suivis ».
std::optional<web::DashboardPanel> followed_panel(Context& ctx, Service& service) {
  if (!ctx.user) return std::nullopt;
  const FollowedPage f = service.followed(ctx.me(), 1);
  if (f.total == 0) return std::nullopt;
  web::DashboardPanel p;
  p.key = "trainings-followed";
  p.title = ctx.t("coaching.followed.title");
  p.empty = ctx.t("coaching.followed.empty");
  for (const auto& x : f.items) {
    if (p.items.size() == 5) break;
    web::DashboardItem i;
    i.label = x.trainee_name;
    i.url = followup_url(x.application_id);
    i.detail = x.programme_title + " — " + x.session_title;
    p.items.push_back(i);
  }
  if (f.total > static_cast<long long>(p.items.size())) p.count = f.total;
  p.more_url = "/formations/stagiaires-suivis";
  p.more_label = ctx.t("coaching.followed.more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(215, [&service](Context& ctx) { return waiting_panel(ctx, service); });
  dashboard.add(225, [&service](Context& ctx) { return followed_panel(ctx, service); });
}

}  // namespace trame::coaching
