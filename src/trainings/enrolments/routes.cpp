#include <map>

#include "platform/core/calendar.hpp"
#include "trainings/enrolments/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::enrolments {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string application_url(long long id) {
  return "/formations/candidatures/" + std::to_string(id);
}
std::string apply_url(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/candidater";
}
std::string session_list_url(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/candidatures";
}

http::Response render_page(Context& ctx, const std::string& view, Data data, const std::string& title,
                           int status = 200) {
  data.set("enrolments_css", ctx.app.asset_url("css/enrolments.css"));
  return ctx.render(view, data, title, status);
}

Data session_data(const Context& ctx, const SessionInfo& s) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("title", s.title);
  d.set("programme", s.programme_title);
  d.set("organiser", s.organiser_name);
  d.set("starts", s.starts_at ? format_local(s.starts_at, "%d/%m/%Y") : std::string("—"));
  d.set("places", ctx.t("enrolments.places",
                        {{"taken", std::to_string(s.seats_taken)}, {"max", std::to_string(s.max_trainees)}}));
  d.set("status_label", ctx.t("enrolments.session_statuses." + s.status));
  return d;
}

Data application_row(const Context& ctx, const Application& a) {
  Data d{Data::type::object};
  d.set("id", std::to_string(a.id));
  d.set("url", application_url(a.id));
  d.set("name", a.user_name);
  d.set("email", a.user_email);
  set_if(d, "phone", a.phone);
  d.set("status", a.status);
  d.set("status_label", ctx.t("enrolments.statuses." + a.status));
  d.set("sector_label", ctx.t("enrolments.sectors." + a.sector));
  set_if(d, "organisation", a.organisation_name);
  set_if(d, "job_role", a.job_role);
  d.set("requested", web::format_datetime(a.requested_at, ctx.locale));
  d.set("delay", ctx.t("enrolments.delay_days", {{"n", std::to_string(a.access_delay_days)}}));
  d.set("early", web::flag(a.early_request != 0));
  d.set("funding_label", ctx.t("enrolments.funders." + a.funding_intended));
  d.set("trainee_status_label", a.trainee_status.empty() ? ctx.t("trainee_status.unknown")
                                                         : ctx.t("trainee_status.statuses." + a.trainee_status));
  d.set("employer_type_label", a.employer_type.empty() ? ctx.t("trainee_status.unknown")
                                                       : ctx.t("trainee_status.employers." + a.employer_type));
  d.set("session", a.session_title);
  d.set("programme", a.programme_title);
  d.set("starts", a.starts_at ? format_local(a.starts_at, "%d/%m/%Y") : std::string("—"));
  return d;
}

// ---- the application form

http::Response apply_form(Context& ctx, Service& service, const SessionInfo& s, const ApplicationInput& in,
                          const std::string& error, const std::string& field, int status) {
  Data data{Data::type::object};
  data.set("session", session_data(ctx, s));
  data.set("action", apply_url(s.id));
  bool anonymous = !ctx.user.has_value();
  data.set("anonymous", web::flag(anonymous));
  if (ctx.req.query_param("envoyee").value_or("") == "1") {
    data.set("sent", web::flag(true));
    return render_page(ctx, "trainings/enrolments/apply", data, ctx.t("enrolments.apply.title", {{"session", s.title}}),
                       status);
  }
  // A closed session says so at once (the POST checks again, inside its transaction).
  if (status == 200) {
    if (auto closed = service.closed_reason(s.id); !closed.empty()) {
      data.set("closed", ctx.t(closed));
      return render_page(ctx, "trainings/enrolments/apply", data,
                         ctx.t("enrolments.apply.title", {{"session", s.title}}), status);
    }
    auto access = ctx.user ? service.access(&ctx.me(), s.id) : std::nullopt;
    if (access && access->application_id && access->application_status != "withdrawn" &&
        access->application_status != "refused") {
      data.set("existing_url", application_url(access->application_id));
      return render_page(ctx, "trainings/enrolments/apply", data,
                         ctx.t("enrolments.apply.title", {{"session", s.title}}), status);
    }
  }
  data.set("show_form", web::flag(true));
  data.set("name", in.name);
  data.set("email", in.email);
  data.set("phone", in.phone);
  // "Connectez-vous" comes back to this form once signed in (the login checks it is a path of this site).
  data.set("sign_in_url", "/connexion?suivant=" + web::url_encode(apply_url(s.id), "/"));
  data.set("sectors", web::options(ctx, sectors(), "enrolments.sectors.", in.sector));
  Data orgs{Data::type::list};
  for (const auto& [id, name] : service.organisations()) {
    Data o{Data::type::object};
    o.set("value", std::to_string(id));
    o.set("label", name);
    o.set("selected", web::flag(std::to_string(id) == in.organisation));
    orgs.push_back(o);
  }
  data.set("organisations", orgs);
  data.set("organisation_name", in.organisation_name);
  data.set("job_role", in.job_role);
  data.set("motivation", in.motivation);
  data.set("project", in.project);
  data.set("funders", web::options(ctx, funders(), "enrolments.funders.", in.funding));
  data.set("trainee_statuses", web::options(ctx, trainee_statuses(), "trainee_status.statuses.", in.trainee_status));
  data.set("employer_types", web::options(ctx, employer_types(), "trainee_status.employers.", in.employer_type));
  data.set("adaptation", in.adaptation);
  const std::string cpf_days = std::to_string(service.cpf_working_days());
  data.set("funding_help", ctx.t("enrolments.apply.funding_help", {{"n", cpf_days}}));
  if (!error.empty()) {
    web::set_error(data, ctx, Outcome::failure(error, field));
    data.set("error", ctx.t(error, {{"n", cpf_days}}));
  }
  return render_page(ctx, "trainings/enrolments/apply", data, ctx.t("enrolments.apply.title", {{"session", s.title}}),
                     status);
}

ApplicationInput input_from_form(const http::Form& f) {
  ApplicationInput in;
  in.sector = f.get("sector");
  in.organisation = f.get("organisation");
  in.organisation_name = f.get("organisation_name");
  in.job_role = f.get("job_role");
  in.motivation = f.get("motivation");
  in.project = f.get("project");
  in.funding = f.get("funding");
  in.adaptation = f.get("adaptation");
  in.name = f.get("name");
  in.email = f.get("email");
  in.phone = f.get("phone");
  in.trainee_status = f.get("trainee_status");
  in.employer_type = f.get("employer_type");
  return in;
}

// ---- the application page (applicant and organiser)

struct PageState {
  std::string form;  // which form the error belongs to: interview, notes-<id>, decision, funding, line-<id>, withdraw
  std::string error, field;
  InterviewInput interview;
  FundingInput funding;
  std::string decision, reason;
  std::string trainee_status, employer_type;  // the status form as typed
};

Data funding_options(const Context& ctx, const std::string& selected) {
  return web::options(ctx, funders(), "enrolments.funders.", selected);
}

Data line_data(const Context& ctx, const FundingLine& l, bool manager, long long attended) {
  Data d{Data::type::object};
  d.set("id", std::to_string(l.id));
  d.set("action", "/formations/financements/" + std::to_string(l.id));
  d.set("funder_label", ctx.t("enrolments.funders." + l.funder));
  set_if(d, "funder_name", l.funder_name);
  d.set("amount", format_euros(l.amount_cents));
  d.set("hours", l.minutes_covered ? format_hours(l.minutes_covered) : ctx.t("enrolments.funding.whole_session"));
  set_if(d, "agreement_ref", l.agreement_ref);
  d.set("status_label", ctx.t("enrolments.funding_statuses." + l.status));
  d.set("due", format_euros(l.due_cents));
  d.set("attended", format_hours(attended));
  if (manager) {
    d.set("funders", funding_options(ctx, l.funder));
    d.set("statuses", web::options(ctx, funding_statuses(), "enrolments.funding_statuses.", l.status));
    d.set("amount_input", std::to_string(l.amount_cents / 100) +
                              (l.amount_cents % 100 ? "," + std::string(l.amount_cents % 100 < 10 ? "0" : "") +
                                                          std::to_string(l.amount_cents % 100)
                                                    : ""));
    d.set("hours_input", l.minutes_covered
                             ? std::to_string(l.minutes_covered / 60) +
                                   (l.minutes_covered % 60 ? "h" + std::to_string(l.minutes_covered % 60) : "")
                             : "");
    d.set("funder_name_input", l.funder_name);
    d.set("agreement_ref_input", l.agreement_ref);
  }
  return d;
}

Data interview_data(const Context& ctx, const Interview& i, bool manager, bool applicant) {
  Data d{Data::type::object};
  d.set("id", std::to_string(i.id));
  d.set("when", web::format_datetime(i.scheduled_at, ctx.locale));
  d.set("minutes", std::to_string(i.minutes));
  d.set("place", i.place);
  d.set("status_label", ctx.t("enrolments.interview.statuses." + i.status));
  d.set("answer_action", "/formations/entretiens/" + std::to_string(i.id) + "/reponse");
  d.set("notes_action", "/formations/entretiens/" + std::to_string(i.id) + "/notes");
  d.set("can_answer", web::flag(applicant && i.status == "proposed"));
  bool open = i.status == "proposed" || i.status == "confirmed" || i.status == "done";
  d.set("can_note", web::flag(manager && open));
  if (manager) {
    d.set("note_motivation", i.note_motivation);
    d.set("note_project", i.note_project);
    d.set("note_availability", i.note_availability);
    d.set("note_funding", i.note_funding);
    d.set("adaptation_yes", web::flag(i.note_adaptation == "yes"));
    d.set("adaptation_no", web::flag(i.note_adaptation == "no"));
    d.set("recommendations",
          web::options(ctx, recommendations(), "enrolments.interview.recommendations.", i.recommendation));
    if (i.status == "done") {
      d.set("done", web::flag(true));
      if (!i.recommendation.empty())
        d.set("recommendation_label", ctx.t("enrolments.interview.recommendations." + i.recommendation));
      if (!i.note_adaptation.empty())
        d.set("adaptation_label", ctx.t("enrolments.interview.adaptation_" + i.note_adaptation));
    }
  }
  return d;
}

// Whether the signed-in user may see the application: its applicant, a manager of its session, the
// programme's disability referent. Anyone else gets 404, as for an id that does not exist.
bool sees(Context& ctx, Service& service, const Application& a) {
  if (a.user_id == ctx.me().id) return true;
  auto access = service.access(&ctx.me(), a.session_id);
  return access && (access->manager || access->disability_referent(ctx.me().id));
}

http::Response application_page(Context& ctx, Service& service, const Application& a, const PageState& st = {},
                                int status = 200) {
  auto access = service.access(&ctx.me(), a.session_id);
  auto s = service.session(a.session_id);
  if (!access || !s) return ctx.error(404);
  bool applicant = a.user_id == ctx.me().id;
  bool manager = access->manager;
  bool referent = access->disability_referent(ctx.me().id);
  if (!applicant && !manager && !referent) return ctx.error(404);  // see sees()
  Data data = application_row(ctx, a);
  data.set("session_info", session_data(ctx, *s));
  data.set("applicant", web::flag(applicant));
  data.set("manager", web::flag(manager));
  if (manager) data.set("list_url", session_list_url(a.session_id));
  // Enrolled: the individual follow-up (and, for managers, dropouts and contacts) lives in attendance.
  if (a.status == "admitted" || a.status == "confirmed" || a.status == "completed" || a.status == "dropped_out")
    data.set("followup_url", application_url(a.id) + "/suivi");
  set_if(data, "motivation", a.motivation);
  set_if(data, "project", a.project);
  set_if(data, "decision_reason", a.decision_reason);
  if (a.decided_at) data.set("decided", web::format_datetime(a.decided_at, ctx.locale));
  // The adaptation request: its author and the programme's disability referent, nobody else.
  if ((referent || applicant) && !a.adaptation_request.empty()) data.set("adaptation", a.adaptation_request);
  // Sensitive reads (issue 23): someone other than the applicant reads the application, the
  // disability referent reads the adaptation request. The applicant's own reads are not logged.
  if (!applicant) {
    const std::string subject = "application:" + std::to_string(a.id);
    service.record_read(web::actor_of(ctx), {audit::kReadApplication, subject, {}});
    if (referent && !a.adaptation_request.empty())
      service.record_read(web::actor_of(ctx), {audit::kReadAdaptation, subject, {}});
  }
  data.set("can_withdraw", web::flag(applicant && withdrawable(a.status)));
  data.set("withdraw_action", application_url(a.id) + "/retrait");
  data.set("can_confirm", web::flag(applicant && a.status == "admitted"));
  data.set("confirm_action", application_url(a.id) + "/confirmation");
  Data interviews{Data::type::list};
  for (const auto& i : service.interviews_of(a.id)) interviews.push_back(interview_data(ctx, i, manager, applicant));
  data.set("interviews", interviews);
  data.set("has_interviews", web::flag(!interviews.is_empty_list()));
  bool undecided = a.status == "submitted" || a.status == "interview" || a.status == "waiting";
  if (manager && (a.status == "submitted" || a.status == "interview")) {
    data.set("can_propose", web::flag(true));
    data.set("interview_action", application_url(a.id) + "/entretiens");
    data.set("i_scheduled", st.interview.scheduled);
    data.set("i_minutes", st.interview.minutes.empty() ? std::string("30") : st.interview.minutes);
    data.set("i_place", st.interview.place);
  }
  if (manager && undecided) {
    data.set("can_decide", web::flag(true));
    data.set("decision_action", application_url(a.id) + "/decision");
    std::vector<std::string> choices = {"admitted", "refused"};
    if (a.status != "waiting") choices.insert(choices.begin() + 1, "waiting");
    // No preset choice: a decision is a deliberate act (the empty first option is required).
    data.set("decisions", web::options(ctx, choices, "enrolments.decisions.", st.decision));
    data.set("reason", st.reason);
  }
  if (manager) {
    data.set("status_action", application_url(a.id) + "/statut-stagiaire");
    const bool typed = st.form == "trainee_status";
    data.set("trainee_statuses", web::options(ctx, trainee_statuses(), "trainee_status.statuses.",
                                              typed ? st.trainee_status : a.trainee_status));
    data.set("employer_types", web::options(ctx, employer_types(), "trainee_status.employers.",
                                            typed ? st.employer_type : a.employer_type));
  }
  long long attended = service.attended_minutes(a.id);
  Data lines{Data::type::list};
  for (const auto& l : service.lines_of(a.id)) {
    Data d = line_data(ctx, l, manager, attended);
    if (manager && st.form == "line-" + std::to_string(l.id)) {  // the line sent with an error: as typed, its form open
      d.set("funders", funding_options(ctx, st.funding.funder));
      d.set("statuses", web::options(ctx, funding_statuses(), "enrolments.funding_statuses.", st.funding.status));
      d.set("amount_input", st.funding.amount);
      d.set("hours_input", st.funding.hours);
      d.set("funder_name_input", st.funding.funder_name);
      d.set("agreement_ref_input", st.funding.agreement_ref);
      d.set("open", web::flag(true));
    }
    lines.push_back(d);
  }
  data.set("lines", lines);
  data.set("has_lines", web::flag(!lines.is_empty_list()));
  data.set("attended", format_hours(attended));
  data.set("planned", format_hours(service.planned_minutes(a.session_id)));
  data.set("price", format_euros(s->price_cents));
  bool funded = a.status != "withdrawn" && a.status != "refused";
  data.set("show_funding", web::flag(manager || !lines.is_empty_list()));
  if (manager && funded) {
    data.set("can_fund", web::flag(true));
    data.set("funding_action", application_url(a.id) + "/financements");
    data.set("new_funders", funding_options(ctx, st.form == "funding" ? st.funding.funder : a.funding_intended));
    data.set("new_statuses", web::options(ctx, funding_statuses(), "enrolments.funding_statuses.",
                                          st.form == "funding" ? st.funding.status : "requested"));
    if (st.form == "funding") {
      data.set("f_funder_name", st.funding.funder_name);
      data.set("f_amount", st.funding.amount);
      data.set("f_hours", st.funding.hours);
      data.set("f_agreement_ref", st.funding.agreement_ref);
    }
  }
  if (!st.error.empty()) {
    web::set_error(data, ctx, Outcome::failure(st.error, st.field));
    data.set("error_form", st.form);
  }
  return render_page(ctx, "trainings/enrolments/application", data,
                     ctx.t("enrolments.application.title", {{"name", a.user_name}}), status);
}

PageState state_for(const std::string& form) {
  PageState st;
  st.form = form;
  return st;
}

// The id (after "e-") of the field at fault in the form the error belongs to.
std::string anchor_of(const std::string& form, const std::string& field) {
  if (field.empty()) return field;
  if (form == "withdraw") return "withdraw-reason";
  auto dash = form.find('-');
  if (dash == std::string::npos) return field;
  const std::string id = form.substr(dash + 1);
  static const std::map<std::string, std::string> notes = {{"note_adaptation", "nad-y-"}, {"recommendation", "rec-"}};
  static const std::map<std::string, std::string> line = {{"funder", "lf-"},        {"funder_name", "ln-"},
                                                          {"amount", "la-"},        {"hours", "lh-"},
                                                          {"agreement_ref", "lr-"}, {"status", "ls-"}};
  const auto& map = form.rfind("notes-", 0) == 0 ? notes : line;
  auto it = map.find(field);
  return it == map.end() ? std::string() : it->second + id;
}

// After a POST on the application page: back to it, or the page again with the error.
http::Response after(Context& ctx, Service& service, long long application_id, const Outcome& o, PageState st,
                     const std::string& success_key) {
  return web::finish(ctx, o, success_key, application_url(application_id), [&](const Outcome& failed, int status) {
    auto a = service.application(application_id);
    if (!a) return ctx.error(404);
    st.error = failed.error;
    st.field = anchor_of(st.form, failed.field);
    return application_page(ctx, service, *a, st, status);
  });
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- applying
  app.get("/formations/sessions/{id:int}/candidater", web::perm::public_access, [&service](Context& ctx) {
    auto s = service.session(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    ApplicationInput in;
    if (ctx.user) in.name = ctx.me().name;
    return apply_form(ctx, service, *s, in, "", "", 200);
  });

  app.post("/formations/sessions/{id:int}/candidater", web::perm::public_access, [&service](Context& ctx) {
    auto s = service.session(ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    ApplicationInput in = input_from_form(ctx.form);
    long long user_id = ctx.user ? ctx.me().id : 0;
    auto o = service.apply(web::actor_of(ctx), s->id, user_id, in);
    // Signed out: the same answer whether or not the address already has an account (its owner is e-mailed).
    const bool signed_out = user_id == 0;
    return web::finish(ctx, o, signed_out ? "enrolments.apply.sent_new_account" : "enrolments.apply.sent",
                       signed_out ? apply_url(s->id) + "?envoyee=1" : application_url(o.id),
                       [&](const Outcome& failed, int status) {
                         return apply_form(ctx, service, *s, in, failed.error, failed.field, status);
                       });
  });

  // ---- the applicant's space
  app.get("/formations/candidatures", web::perm::authenticated, [&service](Context& ctx) {
    const long long per_page = 20;
    long long page = web::page_param(ctx.req), total = 0;
    Data rows{Data::type::list};
    for (const auto& a : service.applications_of_user(ctx.me().id, page, per_page, total))
      rows.push_back(application_row(ctx, a));
    Data data{Data::type::object};
    data.set("applications", rows);
    data.set("empty", web::flag(total == 0));
    data.set("pager", web::pagination(ctx, page, per_page, total, "/formations/candidatures?"));
    return render_page(ctx, "trainings/enrolments/mine", data, ctx.t("enrolments.mine.title"));
  });

  app.get("/formations/candidatures/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto a = service.application(ctx.req.int_param("id"));
    if (!a) return ctx.error(404);
    return application_page(ctx, service, *a);
  });

  app.post("/formations/candidatures/{id:int}/retrait", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto a = service.application(id); !a || !sees(ctx, service, *a)) return ctx.error(404);
    auto o = service.withdraw(web::actor_of(ctx), id, ctx.form.get("reason"));
    return after(ctx, service, id, o, state_for("withdraw"), "enrolments.flash.withdrawn");
  });

  app.post("/formations/candidatures/{id:int}/confirmation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (auto a = service.application(id); !a || !sees(ctx, service, *a)) return ctx.error(404);
    auto o = service.confirm(web::actor_of(ctx), id);
    return after(ctx, service, id, o, state_for("confirm"), "enrolments.flash.confirmed");
  });

  app.post("/formations/entretiens/{id:int}/reponse", web::perm::authenticated, [&service](Context& ctx) {
    auto i = service.interview(ctx.req.int_param("id"));
    auto a = i ? service.application(i->application_id) : std::nullopt;
    if (!a || !sees(ctx, service, *a)) return ctx.error(404);
    std::string answer = ctx.form.get("answer");
    if (answer != "confirm" && answer != "decline") return ctx.error(400);
    auto o = service.answer_interview(web::actor_of(ctx), i->id, answer == "confirm");
    return after(ctx, service, i->application_id, o, state_for("answer"),
                 answer == "confirm" ? "enrolments.flash.interview_confirmed" : "enrolments.flash.interview_declined");
  });

  // ---- the organiser
  app.get("/formations/sessions/{id:int}/candidatures", web::perm::trainings_manage, [&service](Context& ctx) {
    long long session_id = ctx.req.int_param("id");
    auto access = service.access(&ctx.me(), session_id);
    if (!access || !access->manager) return ctx.error(404);
    auto s = service.session(session_id);
    std::string status = ctx.req.query_param("statut").value_or("");
    if (!status.empty() &&
        std::find(application_statuses().begin(), application_statuses().end(), status) == application_statuses().end())
      status.clear();
    const long long per_page = 25;
    long long page = web::page_param(ctx.req), total = 0;
    Data rows{Data::type::list};
    std::string shown = " ";  // the applications shown, for the sensitive read's entry (issue 23)
    for (const auto& a : service.applications_of_session(session_id, status, page, per_page, total)) {
      rows.push_back(application_row(ctx, a));
      shown += "application:" + std::to_string(a.id) + " ";
    }
    if (total > 0)
      service.record_read(
          web::actor_of(ctx),
          {audit::kReadApplication,
           "list:" + session_list_url(session_id) + "?statut=" + status + "&page=" + std::to_string(page), shown});
    std::map<std::string, long long> counts;
    for (const auto& c : service.status_counts(session_id)) counts[c.status] = c.count;
    Data count_list{Data::type::list};
    for (const auto& st : application_statuses()) {
      Data c{Data::type::object};
      c.set("label", ctx.t("enrolments.statuses." + st));
      c.set("count", std::to_string(counts[st]));
      c.set("url", session_list_url(session_id) + "?statut=" + st);
      count_list.push_back(c);
    }
    Data data{Data::type::object};
    data.set("session", session_data(ctx, *s));
    data.set("counts", count_list);
    data.set("applications", rows);
    data.set("empty", web::flag(total == 0));
    data.set("action", session_list_url(session_id));
    data.set("statuses", web::options(ctx, application_statuses(), "enrolments.statuses.", status));
    std::string base = session_list_url(session_id) + "?" + (status.empty() ? "" : "statut=" + status + "&");
    data.set("pager", web::pagination(ctx, page, per_page, total, base));
    return render_page(ctx, "trainings/enrolments/session", data,
                       ctx.t("enrolments.session.title", {{"session", s->title}}));
  });

  app.post("/formations/candidatures/{id:int}/entretiens", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    PageState st = state_for("interview");
    st.interview = {ctx.form.get("scheduled"), ctx.form.get("minutes"), ctx.form.get("place")};
    auto o = service.propose_interview(web::actor_of(ctx), ctx.me(), id, st.interview);
    return after(ctx, service, id, o, st, "enrolments.flash.interview_proposed");
  });

  app.post("/formations/entretiens/{id:int}/notes", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto i = service.interview(id);
    const long long application_id = i ? i->application_id : 0;
    InterviewNotes n{ctx.form.get("note_motivation"),   ctx.form.get("note_project"),
                     ctx.form.get("note_availability"), ctx.form.get("note_funding"),
                     ctx.form.get("note_adaptation"),   ctx.form.get("recommendation")};
    auto o = service.record_notes(web::actor_of(ctx), ctx.me(), id, n);
    return after(ctx, service, application_id, o, state_for("notes-" + std::to_string(id)),
                 "enrolments.flash.notes_saved");
  });

  app.post("/formations/candidatures/{id:int}/decision", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    PageState st = state_for("decision");
    st.decision = ctx.form.get("decision");
    st.reason = ctx.form.get("reason");
    auto o = service.decide(web::actor_of(ctx), ctx.me(), id, st.decision, st.reason);
    return after(ctx, service, id, o, st, "enrolments.flash.decided");
  });

  app.post("/formations/candidatures/{id:int}/statut-stagiaire", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    PageState st = state_for("trainee_status");
    st.trainee_status = ctx.form.get("trainee_status");
    st.employer_type = ctx.form.get("employer_type");
    auto o = service.set_trainee_status(web::actor_of(ctx), ctx.me(), id, st.trainee_status, st.employer_type);
    return after(ctx, service, id, o, st, "trainee_status.flash.saved");
  });

  app.post("/formations/candidatures/{id:int}/financements", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    PageState st = state_for("funding");
    st.funding = {ctx.form.get("funder"), ctx.form.get("funder_name"),   ctx.form.get("amount"),
                  ctx.form.get("hours"),  ctx.form.get("agreement_ref"), ctx.form.get("status")};
    auto o = service.save_line(web::actor_of(ctx), ctx.me(), id, 0, st.funding);
    return after(ctx, service, id, o, st, "enrolments.flash.funding_saved");
  });

  app.post("/formations/financements/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto l = service.line(id);
    const long long application_id = l ? l->application_id : 0;
    PageState st = state_for("line-" + std::to_string(id));
    st.funding = {ctx.form.get("funder"), ctx.form.get("funder_name"),   ctx.form.get("amount"),
                  ctx.form.get("hours"),  ctx.form.get("agreement_ref"), ctx.form.get("status")};
    auto o = service.save_line(web::actor_of(ctx), ctx.me(), application_id, id, st.funding);
    return after(ctx, service, application_id, o, st, "enrolments.flash.funding_saved");
  });
}

namespace {

// Training staff: the applications waiting for a decision in the sessions they manage.
std::optional<web::DashboardPanel> staff_panel(Context& ctx, Service& service) {
  if (!ctx.user || ctx.me().acting_for(web::perm::trainings_manage).none()) return std::nullopt;
  long long total = 0;
  const auto first = service.to_handle(ctx.me(), 5, total);
  web::DashboardPanel p;
  p.key = "trainings-applications";
  p.title = ctx.t("enrolments.panels.title");
  p.empty = ctx.t("enrolments.panels.empty");
  for (const auto& a : first) {
    web::DashboardItem i;
    i.label = a.user_name + " — " + ctx.t("enrolments.statuses." + a.status);
    i.url = application_url(a.id);
    i.detail = a.programme_title + " — " + a.session_title;
    i.when = ctx.t("enrolments.panels.requested", {{"date", web::format_datetime(a.requested_at, ctx.locale)}});
    p.items.push_back(i);
  }
  p.count = total;
  p.more_url = "/formations/gestion";
  p.more_label = ctx.t("enrolments.panels.more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(210, [&service](Context& ctx) { return staff_panel(ctx, service); });
}

}  // namespace trame::enrolments
