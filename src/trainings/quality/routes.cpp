#include <fstream>
#include <memory>

#include "platform/docs/tabular.hpp"
#include "trainings/quality/service.hpp"
#include "trainings/quality/bpf.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/training_documents/french.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::quality {

namespace {

using web::Context;
using web::Data;

const long long kPerPage = 30;
const std::string kRegister = "/formations/reclamations";

std::string day_of(long long t, const Context& ctx) {
  return t ? web::format_datetime(t, ctx.locale) : "";
}

Data choices_data(const std::vector<Choice>& choices, long long selected, long long parent = -1) {
  Data list{Data::type::list};
  for (const auto& c : choices) {
    if (parent >= 0 && c.parent_id != parent) continue;
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.label);
    o.set("selected", web::flag(c.id == selected));
    list.push_back(o);
  }
  return list;
}

// ---- Public complaint form ----

ComplaintInput complaint_input(const Context& ctx) {
  ComplaintInput in;
  in.organisation_id = web::parse_id(ctx.form.get("organisation"));
  in.programme_id = web::parse_id(ctx.form.get("programme"));
  in.session_id = web::parse_id(ctx.form.get("session"));
  in.kind = ctx.form.get("kind");
  in.name = ctx.form.get("name");
  in.email = ctx.form.get("email");
  in.subject = ctx.form.get("subject");
  in.body = ctx.form.get("message");
  in.user_id = ctx.user && ctx.user->id ? ctx.user->id : 0;
  return in;
}

http::Response complaint_form(Context& ctx, Service& service, const ComplaintInput& in, const std::string& error,
                              const std::string& field, int status) {
  Data data{Data::type::object};
  data.set("name", in.name);
  data.set("email", in.email);
  data.set("subject", in.subject);
  data.set("message", in.body);
  data.set("kinds", web::options(ctx, complainant_kinds(), "quality.kinds.", in.kind));
  data.set("organisers", choices_data(service.organisers(), in.organisation_id));
  data.set("programmes", choices_data(service.programmes(), in.programme_id));
  data.set("sessions", choices_data(service.sessions(), in.session_id));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  web::set_error(data, ctx, Outcome::failure(error, field));
  return ctx.render("trainings/quality/complaint_form", data, ctx.t("quality.complaint_form.title"), status);
}

// ---- Register ----

Data complaint_data(const Context& ctx, const Complaint& c, long long now) {
  Data d{Data::type::object};
  d.set("id", std::to_string(c.id));
  d.set("url", kRegister + "/" + std::to_string(c.id));
  d.set("organisation", c.organisation_name);
  web::set_if(d, "programme", c.programme_title);
  web::set_if(d, "session", c.session_title);
  d.set("kind", ctx.t("quality.kinds." + c.complainant_kind));
  d.set("complainant", c.complainant_name);
  d.set("email", c.complainant_email);
  d.set("subject", c.subject);
  d.set("body", c.body);
  d.set("status", ctx.t("quality.statuses." + c.status));
  d.set("received", day_of(c.received_at, ctx));
  web::set_if(d, "acknowledged", day_of(c.acknowledged_at, ctx));
  d.set("due", day_of(c.due_at, ctx));
  web::set_if(d, "assignee", c.assignee_name);
  web::set_if(d, "answer", c.answer);
  web::set_if(d, "answered", day_of(c.answered_at, ctx));
  web::set_if(d, "closed", day_of(c.closed_at, ctx));
  web::set_if(d, "closing_note", c.closing_note);
  d.set("overdue", web::flag(c.overdue(now)));
  d.set("open", web::flag(c.status != "answered" && c.status != "closed"));
  d.set("closable", web::flag(c.status != "closed"));
  return d;
}

ComplaintFilter filter_of(const Context& ctx) {
  ComplaintFilter f;
  std::string status = ctx.req.query_param("statut").value_or("");
  for (const auto& s : complaint_statuses())
    if (s == status) f.status = s;
  f.overdue = ctx.req.query_param("en_retard").value_or("") == "1";
  return f;
}

std::string filter_query(const ComplaintFilter& f) {
  std::string q;
  if (!f.status.empty()) q += "statut=" + f.status + "&";
  if (f.overdue) q += "en_retard=1&";
  return q;
}

std::vector<std::string> export_headers(const Context& ctx) {
  std::vector<std::string> h;
  for (const char* k :
       {"number", "received", "organisation", "programme", "session", "kind", "complainant", "email", "subject", "body",
        "status", "assignee", "due", "answered", "answer", "closed", "closing_note", "overdue"})
    h.push_back(ctx.t(std::string("quality.columns.") + k));
  return h;
}

// One row of the register's export (the catalogue outlives the request, unlike the Context).
docs::Row export_fields(const web::Catalogue& cat, const std::string& locale, const Complaint& c, long long now) {
  auto day = [&](long long t) { return docs::Cell::date_time(t, t ? web::format_datetime(t, locale) : std::string()); };
  return {docs::Cell::integer(c.id),
          day(c.received_at),
          c.organisation_name,
          c.programme_title,
          c.session_title,
          cat.t(locale, "quality.kinds." + c.complainant_kind),
          c.complainant_name,
          c.complainant_email,
          c.subject,
          c.body,
          cat.t(locale, "quality.statuses." + c.status),
          c.assignee_name,
          day(c.due_at),
          day(c.answered_at),
          c.answer,
          day(c.closed_at),
          c.closing_note,
          c.overdue(now) ? cat.t(locale, "quality.yes") : ""};
}

std::string decimal_hours(long long minutes) {
  std::string out = std::to_string(minutes / 60);
  long long rest = minutes % 60;
  if (rest) {
    std::string frac = std::to_string(rest * 100 / 60);
    if (frac.size() < 2) frac = "0" + frac;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

// Streams every complaint of the scope, 200 at a time, through `line` (CSV) or into `book` (XLSX).
template <class Emit>
long long each_complaint(Service& service, const ActingFor& scope, const ComplaintFilter& f, Emit emit) {
  long long offset = 0, total = 0, rows = 0;
  for (;;) {
    auto page = service.complaints(scope, f, offset, 200, total);
    for (const auto& c : page) {
      emit(c);
      ++rows;
    }
    if (page.size() < 200) break;
    offset += 200;
  }
  return rows;
}

http::Response stream_file(const std::shared_ptr<docs::XlsxFile>& book, const std::string& name) {
  auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
  http::Response res;
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.next_chunk = [book, file]() -> std::optional<std::string> {
    std::string piece(64 * 1024, '\0');
    file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(file->gcount()));
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

struct Scoped {
  std::optional<Complaint> complaint;
  std::optional<http::Response> denied;
};

Scoped scoped_complaint(Context& ctx, Service& service) {
  Scoped s;
  s.complaint = service.complaint(ctx.me().acting_for(web::perm::trainings_manage), ctx.req.int_param("id"));
  if (!s.complaint) s.denied = ctx.error(404);
  return s;
}

http::Response complaint_page(Context& ctx, Service& service, const Complaint& c, const std::string& error,
                              const std::string& field, int status) {
  long long now = store::now_seconds();
  Data data = complaint_data(ctx, c, now);
  data.set("members",
           choices_data(service.members(ActingFor::only({c.organisation_id})), c.assigned_to, c.organisation_id));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  Data linked{Data::type::list};
  auto actions = service.actions_of_complaint(c.id);
  for (const auto& a : actions) {
    Data d{Data::type::object};
    d.set("title", a.title);
    d.set("status", ctx.t("quality.action_statuses." + a.status));
    web::set_if(d, "due_on", a.due_on);
    web::set_if(d, "result", a.result);
    linked.push_back(d);
  }
  data.set("actions", linked);
  data.set("has_actions", web::flag(!actions.empty()));
  data.set("typed_answer", ctx.form.get("answer"));
  data.set("typed_note", ctx.form.get("note"));
  web::set_error(data, ctx, Outcome::failure(error, field));
  return ctx.render("trainings/quality/complaint", data,
                    ctx.t("quality.complaint.title_of", {{"number", std::to_string(c.id)}}), status);
}

http::Response complaint_action(Context& ctx, Service& service, const std::string& which) {
  auto s = scoped_complaint(ctx, service);
  if (s.denied) return std::move(*s.denied);
  Actor actor = web::actor_of(ctx);
  Outcome o = which == "assign"   ? service.assign(actor, *s.complaint, web::parse_id(ctx.form.get("assignee")))
              : which == "answer" ? service.answer(actor, *s.complaint, ctx.form.get("answer"))
                                  : service.close(actor, *s.complaint, ctx.form.get("note"));
  return web::finish(ctx, o, "quality.complaint.done_" + which, kRegister + "/" + std::to_string(s.complaint->id),
                     [&](const Outcome& failed, int status) {
                       return complaint_page(ctx, service, *s.complaint, failed.error, failed.field, status);
                     });
}

// ---- Improvement actions ----

ActionInput action_input(const Context& ctx) {
  ActionInput in;
  in.organisation_id = web::parse_id(ctx.form.get("organisation"));
  in.programme_id = web::parse_id(ctx.form.get("programme"));
  in.source = ctx.form.get("source");
  in.complaint_id = web::parse_id(ctx.form.get("complaint"));
  in.application_id = web::parse_id(ctx.form.get("application"));
  in.title = ctx.form.get("title");
  in.description = ctx.form.get("description");
  in.owner_id = web::parse_id(ctx.form.get("owner"));
  in.due_on = ctx.form.get("due_on");
  return in;
}

http::Response actions_page(Context& ctx, Service& service, const ActionInput& in, const std::string& error,
                            const std::string& field, int status) {
  ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto list = service.actions(scope, (page - 1) * kPerPage, kPerPage, total);
  std::string today = local_day(store::now_seconds());
  Data data{Data::type::object};
  Data rows{Data::type::list};
  for (const auto& a : list) {
    Data r{Data::type::object};
    r.set("id", std::to_string(a.id));
    r.set("title", a.title);
    web::set_if(r, "description", a.description);
    r.set("organisation", a.organisation_name);
    web::set_if(r, "programme", a.programme_title);
    r.set("source", ctx.t("quality.sources." + a.source));
    if (a.complaint_id) r.set("complaint_url", kRegister + "/" + std::to_string(a.complaint_id));
    web::set_if(r, "complaint", a.complaint_subject);
    web::set_if(r, "trainee", a.trainee_name);
    web::set_if(r, "owner", a.owner_name);
    web::set_if(r, "due_on", a.due_on);
    r.set("status", ctx.t("quality.action_statuses." + a.status));
    r.set("statuses", web::options(ctx, action_statuses(), "quality.action_statuses.", a.status));
    r.set("result", a.result);
    r.set("overdue", web::flag(a.status == "open" && !a.due_on.empty() && a.due_on < today));
    rows.push_back(r);
  }
  std::vector<Choice> orgs;
  for (const auto& o : service.organisers())
    if (scope.covers(o.id)) orgs.push_back(o);
  data.set("actions", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, "/formations/actions?"));
  data.set("organisers", choices_data(orgs, in.organisation_id));
  std::vector<Choice> programmes;
  for (const auto& p : service.programmes())
    if (scope.covers(p.parent_id)) programmes.push_back(p);
  data.set("programmes", choices_data(programmes, in.programme_id));
  data.set("sources",
           web::options(ctx, action_sources(), "quality.sources.", in.source.empty() ? "complaint" : in.source));
  data.set("complaints", choices_data(service.complaint_choices(scope), in.complaint_id));
  data.set("dropouts", choices_data(service.dropout_choices(scope), in.application_id));
  data.set("members", choices_data(service.members(scope), in.owner_id));
  data.set("title", in.title);
  data.set("description", in.description);
  data.set("due_on", in.due_on);
  data.set("css", ctx.app.asset_url("css/quality.css"));
  web::set_error(data, ctx, Outcome::failure(error, field));
  return ctx.render("trainings/quality/actions", data, ctx.t("quality.actions.title"), status);
}

// ---- Yearly figures ----

struct BilanQuery {
  int year = 0;
  long long organisation_id = 0;
};

BilanQuery bilan_query(const Context& ctx, Service& service) {
  BilanQuery q;
  std::string y = ctx.req.query_param("annee").value_or("");
  q.year = (y.size() == 4 && std::all_of(y.begin(), y.end(), ::isdigit)) ? std::stoi(y) : 0;
  if (q.year < 2000 || q.year > 2100) q.year = std::stoi(local_day(store::now_seconds()).substr(0, 4));
  q.organisation_id = web::parse_id(ctx.req.query_param("organisme").value_or(""));
  ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
  if (q.organisation_id == 0)
    for (const auto& o : service.organisers())
      if (scope.covers(o.id)) {
        q.organisation_id = o.id;
        break;
      }
  return q;
}

// The rules of the BPF mapping, one sentence each (page and XLSX).
const std::vector<std::string>& bpf_mapping_keys() {
  static const std::vector<std::string> v = {"employee_private", "employee_public", "apprentice",
                                             "jobseeker",        "local_agent",     "others",
                                             "unknown",          "products",        "products_employer"};
  return v;
}

std::string funder_label(const Context& ctx, const std::string& key) {
  return ctx.t("quality.bilan.funders." + key);
}

// The BPF's F-1 lines, the statuses and the C lines of the year, for the page.
void bpf_data(const Context& ctx, const YearFigures& y, Data& fig) {
  auto rows = [&](const std::vector<FigureRow>& in, const std::string& prefix) {
    Data list{Data::type::list};
    for (const auto& r : in) {
      Data d{Data::type::object};
      d.set("key", r.key);
      d.set("label", ctx.t(prefix + r.key));
      d.set("trainees", std::to_string(r.trainees));
      d.set("hours", training_documents::french_hours(r.minutes));
      list.push_back(d);
    }
    return list;
  };
  fig.set("by_bpf_line", rows(y.by_bpf_line, "trainee_status.bpf.lines."));
  fig.set("by_status", rows(y.by_status, "trainee_status.statuses."));
  Data products{Data::type::list};
  for (const auto& p : y.products) {
    Data d{Data::type::object};
    d.set("key", p.key);
    d.set("label", ctx.t("trainee_status.bpf.products." + p.key));
    d.set("amount", enrolments::format_euros(p.cents));
    products.push_back(d);
  }
  fig.set("products", products);
  fig.set("products_total", enrolments::format_euros(y.products_cents));
  Data mapping{Data::type::list};
  for (const auto& key : bpf_mapping_keys()) {
    Data d{Data::type::object};
    d.set("text", ctx.t("trainee_status.bpf.mapping." + key));
    mapping.push_back(d);
  }
  fig.set("mapping", mapping);
}

// The public form and the register of complaints, with its exports.
void complaint_routes(web::App& app, Service& service) {
  app.get(kRegister + "/nouvelle", web::perm::public_access, [&service](Context& ctx) {
    // After filing (Post/Redirect/Get): the number, nothing else about the complaint.
    long long filed = web::parse_id(ctx.req.query_param("envoyee").value_or(""));
    if (filed != 0) {
      Data data{Data::type::object};
      data.set("number", std::to_string(filed));
      data.set("css", ctx.app.asset_url("css/quality.css"));
      return ctx.render("trainings/quality/complaint_filed", data, ctx.t("quality.complaint_form.filed_title"));
    }
    ComplaintInput in;
    if (ctx.user && ctx.user->id) {
      in.name = ctx.user->name;
      in.email = ctx.user->email;
    }
    in.kind = "trainee";
    in.organisation_id = web::parse_id(ctx.req.query_param("organisme").value_or(""));
    in.programme_id = web::parse_id(ctx.req.query_param("programme").value_or(""));
    in.session_id = web::parse_id(ctx.req.query_param("session").value_or(""));
    return complaint_form(ctx, service, in, "", "", 200);
  });

  app.post(kRegister + "/nouvelle", web::perm::public_access, [&service](Context& ctx) {
    ComplaintInput in = complaint_input(ctx);
    Outcome o = service.file_complaint(web::actor_of(ctx), in);
    // No flash: the form's page says it was received (?envoyee=<number>).
    return web::finish(ctx, o, "", kRegister + "/nouvelle?envoyee=" + std::to_string(o.id),
                       [&](const Outcome& failed, int status) {
                         return complaint_form(ctx, service, in, failed.error, failed.field, status);
                       });
  });

  app.get(kRegister, web::perm::trainings_manage, [&service](Context& ctx) {
    ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    ComplaintFilter f = filter_of(ctx);
    long long page = web::page_param(ctx.req);
    long long total = 0;
    long long now = store::now_seconds();
    auto list = service.complaints(scope, f, (page - 1) * kPerPage, kPerPage, total);
    Data data{Data::type::object};
    Data rows{Data::type::list};
    for (const auto& c : list) rows.push_back(complaint_data(ctx, c, now));
    data.set("complaints", rows);
    data.set("empty", web::flag(total == 0));
    data.set("statuses", web::options(ctx, complaint_statuses(), "quality.statuses.", f.status));
    data.set("overdue_only", web::flag(f.overdue));
    data.set("query", filter_query(f));
    data.set("pagination", web::pagination(ctx, page, kPerPage, total, kRegister + "?" + filter_query(f)));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/quality/complaints", data, ctx.t("quality.register.title"));
  });

  // The register as CSV: pages of 200 complaints are read and written as the client reads.
  app.get(kRegister + ".csv", web::perm::trainings_manage, [&service](Context& ctx) {
    struct State {
      ActingFor scope;
      ComplaintFilter filter;
      long long now = 0;
      long long offset = 0;
      bool header = true;
      bool done = false;
    };
    auto state = std::make_shared<State>();
    state->scope = ctx.me().acting_for(web::perm::trainings_manage);
    state->filter = filter_of(ctx);
    state->now = store::now_seconds();
    long long total = 0;
    service.complaints(state->scope, state->filter, 0, 1, total);
    service.record_export(web::actor_of(ctx), "complaints", "csv", total);
    const web::Catalogue* cat = &ctx.app.catalogue;
    std::string locale = ctx.locale;
    std::string header = std::string(docs::kCsvBom) + docs::csv_line(export_headers(ctx));
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"reclamations.csv\"");
    res.next_chunk = [state, cat, locale, header, &service]() -> std::optional<std::string> {
      if (state->done) return std::nullopt;
      std::string chunk;
      if (state->header) {
        chunk = header;
        state->header = false;
      }
      long long total = 0;
      auto page = service.complaints(state->scope, state->filter, state->offset, 200, total);
      for (const auto& c : page) chunk += docs::csv_line(export_fields(*cat, locale, c, state->now));
      state->offset += 200;
      if (page.size() < 200) state->done = true;
      if (chunk.empty()) return std::nullopt;
      return chunk;
    };
    return res;
  });

  app.get(kRegister + ".xlsx", web::perm::trainings_manage, [&service](Context& ctx) {
    ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    ComplaintFilter f = filter_of(ctx);
    long long now = store::now_seconds();
    auto book = std::make_shared<docs::XlsxFile>(ctx.t("quality.register.sheet"), export_headers(ctx));
    long long rows = each_complaint(service, scope, f, [&](const Complaint& one) {
      book->add_row(export_fields(ctx.app.catalogue, ctx.locale, one, now));
    });
    service.record_export(web::actor_of(ctx), "complaints", "xlsx", rows);
    return stream_file(book, "reclamations.xlsx");
  });

  app.get(kRegister + "/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = scoped_complaint(ctx, service);
    if (s.denied) return std::move(*s.denied);
    return complaint_page(ctx, service, *s.complaint, "", "", 200);
  });
  app.post(kRegister + "/{id:int}/assigner", web::perm::trainings_manage,
           [&service](Context& ctx) { return complaint_action(ctx, service, "assign"); });
  app.post(kRegister + "/{id:int}/repondre", web::perm::trainings_manage,
           [&service](Context& ctx) { return complaint_action(ctx, service, "answer"); });
  app.post(kRegister + "/{id:int}/clore", web::perm::trainings_manage,
           [&service](Context& ctx) { return complaint_action(ctx, service, "close"); });
}

// Improvement actions.
void action_routes(web::App& app, Service& service) {
  app.get("/formations/actions", web::perm::trainings_manage, [&service](Context& ctx) {
    ActionInput in;
    in.source = ctx.req.query_param("source").value_or("complaint");
    in.complaint_id = web::parse_id(ctx.req.query_param("reclamation").value_or(""));
    return actions_page(ctx, service, in, "", "", 200);
  });

  app.post("/formations/actions", web::perm::trainings_manage, [&service](Context& ctx) {
    ActionInput in = action_input(ctx);
    Outcome o = service.create_action(web::actor_of(ctx), ctx.me().acting_for(web::perm::trainings_manage), in);
    return web::finish(ctx, o, "quality.actions.created", "/formations/actions",
                       [&](const Outcome& failed, int status) {
                         return actions_page(ctx, service, in, failed.error, failed.field, status);
                       });
  });

  app.post("/formations/actions/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.action(ctx.me().acting_for(web::perm::trainings_manage), ctx.req.int_param("id"));
    if (!a) return ctx.error(404);
    Outcome o = service.update_action(web::actor_of(ctx), *a, ctx.form.get("status"), ctx.form.get("result"));
    return web::finish(ctx, o, "quality.actions.updated", "/formations/actions",
                       [&](const Outcome& failed, int status) {
                         return actions_page(ctx, service, ActionInput{}, failed.error, "", status);
                       });
  });
}

// The Qualiopi evidence of a programme and the yearly figures.
void evidence_routes(web::App& app, Service& service) {
  app.get("/formations/programmes/{id:int}/qualiopi", web::perm::trainings_manage, [&service](Context& ctx) {
    auto f = service.programme_facts(ctx.me().acting_for(web::perm::trainings_manage), ctx.req.int_param("id"));
    if (!f) return ctx.error(404);
    Data data{Data::type::object};
    data.set("programme", f->title);
    data.set("organiser", f->organiser_name);
    data.set("programme_id", std::to_string(f->id));
    Data list{Data::type::list};
    for (const auto& i : service.indicators(*f, ctx.locale)) {
      Data d{Data::type::object};
      d.set("number", i.number);
      d.set("title", ctx.t(i.title_key));
      Data held{Data::type::list}, missing{Data::type::list};
      for (const auto& h : i.held) held.push_back(Data(h));
      for (const auto& m : i.missing) missing.push_back(Data(m));
      d.set("held", held);
      d.set("missing", missing);
      d.set("has_held", web::flag(!i.held.empty()));
      d.set("has_missing", web::flag(!i.missing.empty()));
      // Satisfaction (2) and appraisals (30) come from the questionnaires module.
      d.set("questionnaires", web::flag(i.number == "2" || i.number == "30"));
      list.push_back(d);
    }
    data.set("indicators", list);
    Data sessions{Data::type::list};
    for (const auto& one : f->sessions) {
      Data d{Data::type::object};
      d.set("title", one.title);
      d.set("status", ctx.t("quality.qualiopi.session_statuses." + one.status));
      d.set("documents", "/formations/sessions/" + std::to_string(one.id) + "/documents");
      d.set("attendance", "/formations/sessions/" + std::to_string(one.id) + "/emargement");
      d.set("trainees", std::to_string(one.trainees));
      sessions.push_back(d);
    }
    data.set("sessions", sessions);
    data.set("has_sessions", web::flag(!f->sessions.empty()));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/quality/qualiopi", data,
                      ctx.t("quality.qualiopi.title_of", {{"programme", f->title}}));
  });

  app.get("/formations/bilan", web::perm::trainings_manage, [&service](Context& ctx) {
    BilanQuery q = bilan_query(ctx, service);
    ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    if (q.organisation_id != 0 && !scope.covers(q.organisation_id)) return ctx.error(403);
    Data data{Data::type::object};
    std::vector<Choice> orgs;
    for (const auto& o : service.organisers())
      if (scope.covers(o.id)) orgs.push_back(o);
    data.set("organisers", choices_data(orgs, q.organisation_id));
    data.set("year", std::to_string(q.year));
    if (q.organisation_id != 0) {
      YearFigures y = service.year_figures(q.organisation_id, q.year);
      Data fig{Data::type::object};
      fig.set("organisation", y.organisation_name);
      fig.set("trainees", std::to_string(y.trainees));
      fig.set("hours", training_documents::french_hours(y.minutes));
      Data fl{Data::type::list};
      for (const auto& r : y.by_funder) {
        Data d{Data::type::object};
        d.set("label", funder_label(ctx, r.key));
        d.set("trainees", std::to_string(r.trainees));
        d.set("hours", training_documents::french_hours(r.minutes));
        fl.push_back(d);
      }
      Data nl{Data::type::list};
      for (const auto& r : y.by_nature) {
        Data d{Data::type::object};
        d.set("label", ctx.t("quality.bilan.natures." + r.key));
        d.set("trainees", std::to_string(r.trainees));
        d.set("hours", training_documents::french_hours(r.minutes));
        nl.push_back(d);
      }
      fig.set("by_funder", fl);
      fig.set("by_nature", nl);
      bpf_data(ctx, y, fig);
      fig.set("xlsx", "/formations/bilan.xlsx?annee=" + std::to_string(q.year) +
                          "&organisme=" + std::to_string(q.organisation_id));
      data.set("figures", fig);
    }
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/quality/bilan", data, ctx.t("quality.bilan.title"));
  });

  app.get("/formations/bilan.xlsx", web::perm::trainings_manage, [&service](Context& ctx) {
    BilanQuery q = bilan_query(ctx, service);
    if (q.organisation_id == 0) return ctx.error(404);
    if (!ctx.me().acting_for(web::perm::trainings_manage).covers(q.organisation_id)) return ctx.error(403);
    YearFigures y = service.year_figures(q.organisation_id, q.year);
    std::vector<std::string> headers = {ctx.t("quality.bilan.columns.section"), ctx.t("quality.bilan.columns.label"),
                                        ctx.t("quality.bilan.columns.trainees"), ctx.t("quality.bilan.columns.hours"),
                                        ctx.t("trainee_status.bpf.amount")};
    auto book = std::make_shared<docs::XlsxFile>(ctx.t("quality.bilan.sheet"), headers);
    auto hours = [](long long minutes) { return docs::Cell::decimal(minutes / 60.0, 2, decimal_hours(minutes)); };
    book->add_row({ctx.t("quality.bilan.total"), y.organisation_name + " " + std::to_string(y.year),
                   docs::Cell::integer(y.trainees), hours(y.minutes)});
    for (const auto& r : y.by_funder)
      book->add_row({ctx.t("quality.bilan.by_funder"), funder_label(ctx, r.key), docs::Cell::integer(r.trainees),
                     hours(r.minutes)});
    for (const auto& r : y.by_nature)
      book->add_row({ctx.t("quality.bilan.by_nature"), ctx.t("quality.bilan.natures." + r.key),
                     docs::Cell::integer(r.trainees), hours(r.minutes)});
    for (const auto& r : y.by_bpf_line)
      book->add_row({ctx.t("trainee_status.bpf.by_line"), ctx.t("trainee_status.bpf.lines." + r.key),
                     docs::Cell::integer(r.trainees), hours(r.minutes)});
    for (const auto& r : y.by_status)
      book->add_row({ctx.t("trainee_status.bpf.by_status"), ctx.t("trainee_status.statuses." + r.key),
                     docs::Cell::integer(r.trainees), hours(r.minutes)});
    for (const auto& p : y.products)
      book->add_row({ctx.t("trainee_status.bpf.by_product"), ctx.t("trainee_status.bpf.products." + p.key), "", "",
                     docs::Cell::decimal(p.cents / 100.0, 2, enrolments::format_euros(p.cents))});
    for (const auto& key : bpf_mapping_keys())
      book->add_row(
          {ctx.t("trainee_status.bpf.mapping_title"), ctx.t("trainee_status.bpf.mapping." + key), "", "", ""});
    service.record_export(web::actor_of(ctx), "bilan", "xlsx", static_cast<long long>(y.by_funder.size()));
    return stream_file(book, "bilan-" + std::to_string(y.year) + ".xlsx");
  });
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  complaint_routes(app, service);
  action_routes(app, service);
  evidence_routes(app, service);
}

namespace {

// Training staff: complaints still to answer, the nearest due date first (overdue ones marked).
std::optional<web::DashboardPanel> complaints_panel(Context& ctx, Service& service) {
  if (!ctx.user) return std::nullopt;
  const ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
  if (scope.none()) return std::nullopt;
  long long total = 0;
  const auto first = service.due_complaints(scope, 5, total);
  const long long now = store::now_seconds();
  web::DashboardPanel p;
  p.key = "trainings-complaints";
  p.title = ctx.t("quality.panels.title");
  p.empty = ctx.t("quality.panels.empty");
  for (const auto& c : first) {
    web::DashboardItem i;
    i.label = c.subject;
    i.url = kRegister + "/" + std::to_string(c.id);
    i.detail = c.organisation_name;
    i.when = ctx.t("quality.panels.due", {{"date", format_local(c.due_at, "%d/%m/%Y")}});
    i.urgent = c.due_at < now + 3 * 86400;
    p.items.push_back(i);
  }
  p.count = total;
  p.more_url = kRegister;
  p.more_label = ctx.t("quality.panels.more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(230, [&service](Context& ctx) { return complaints_panel(ctx, service); });
}

}  // namespace trame::quality
