#include <algorithm>
#include <fstream>
#include <memory>

#include "network_life/action_programmes/rules.hpp"
#include "network_life/action_programmes/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/docs/csv_download.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::action_programmes {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const std::string kBase = "/programmes";
std::string programme_url(long long id) {
  return kBase + "/" + std::to_string(id);
}
std::string edition_url(long long id) {
  return kBase + "/editions/" + std::to_string(id);
}
std::string session_url(long long id) {
  return kBase + "/seances/" + std::to_string(id);
}

const Principal* viewer(const Context& ctx) {
  return ctx.user ? static_cast<const Principal*>(&*ctx.user) : nullptr;
}

int page_of(const Context& ctx) {
  return static_cast<int>(std::min<long long>(web::page_param(ctx.req), 100000));
}

// A field's value: as typed on a refused form of `name`, else `fallback`.
std::string value(const http::Form* typed, const std::string& form, const std::string& name, const std::string& field,
                  const std::string& fallback = "") {
  return typed && form == name ? typed->get(field) : fallback;
}

void set_form_error(Data& data, const Context& ctx, const Outcome& outcome, const std::string& form) {
  if (outcome.ok || form.empty()) return;
  web::set_error(data, ctx, outcome, form);
  if (!outcome.field.empty()) data.set("error_anchor", form + "-" + outcome.field);
}

Data org_options(const std::vector<Partner>& orgs, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& o : orgs) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.organisation_id));
    d.set("label", o.name);
    d.set("selected", web::flag(std::to_string(o.organisation_id) == selected));
    out.push_back(d);
  }
  return out;
}

Data choices(const Context& ctx, const std::vector<std::string>& values, const std::string& prefix,
             const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& v : values) {
    Data d{Data::type::object};
    d.set("value", v);
    d.set("label", ctx.t(prefix + v));
    d.set("selected", web::flag(v == selected));
    out.push_back(d);
  }
  return out;
}

std::string period(const Edition& e) {
  return short_french_date(e.starts_on) + " – " + short_french_date(e.ends_on);
}

Data base(Context& ctx) {
  Data data{Data::type::object};
  data.set("css", ctx.app.asset_url("css/meetings.css"));
  data.set("list_url", kBase);
  return data;
}

// ---- /programmes

http::Response list_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(), int status = 200,
                         const http::Form* typed = nullptr) {
  auto page = service.list(page_of(ctx));
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& p : page.items) {
    Data d{Data::type::object};
    d.set("url", programme_url(p.id));
    d.set("title", p.title);
    d.set("organiser", p.organiser_name);
    d.set("description",
          p.description.size() > 300 ? p.description.substr(0, p.description.rfind(' ', 300)) + "…" : p.description);
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total, kBase + "?"));
  if (ctx.user) {
    auto orgs = service.organiser_choices(ctx.me());
    if (!orgs.empty()) {
      data.set("may_create", web::flag(true));
      std::string form = typed ? "create" : "";
      data.set("organisers", org_options(orgs, value(typed, form, "create", "organiser")));
      data.set("f_title", value(typed, form, "create", "title"));
      data.set("f_description", value(typed, form, "create", "description"));
      data.set("f_remobilisation", web::flag(value(typed, form, "create", "remobilisation") == "1"));
      data.set("open_form", web::flag(typed != nullptr));
      set_form_error(data, ctx, outcome, form);
    }
  }
  return ctx.render("network_life/action_programmes/list", data, ctx.t("action_programmes.list.title"), status);
}

// ---- /programmes/{id}

http::Response programme_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                              int status = 200, const http::Form* typed = nullptr, const std::string& form = "") {
  auto v = service.programme(viewer(ctx), id, page_of(ctx));
  if (!v) return ctx.error(404);
  const Programme& p = v->programme;
  Data data = base(ctx);
  data.set("url", programme_url(id));
  data.set("title", p.title);
  data.set("organiser", p.organiser_name);
  data.set("description", p.description);
  data.set("remobilisation", web::flag(p.remobilisation));
  Data editions{Data::type::list};
  for (const auto& e : v->editions.items) {
    Data d{Data::type::object};
    d.set("url", edition_url(e.id));
    d.set("title", e.title);
    d.set("period", period(e));
    set_if(d, "summary", e.summary);
    editions.push_back(d);
  }
  data.set("editions", editions);
  data.set("no_editions", web::flag(editions.is_empty_list()));
  data.set("pagination",
           web::pagination(ctx, v->editions.page, Service::kPerPage, v->editions.total, programme_url(id) + "?"));
  data.set("manages", web::flag(v->manages));
  if (v->manages) {
    data.set("f_title", value(typed, form, "edit", "title", p.title));
    data.set("f_description", value(typed, form, "edit", "description", p.description));
    data.set("f_remobilisation",
             web::flag(typed && form == "edit" ? typed->get("remobilisation") == "1" : p.remobilisation));
    data.set("open_edit", web::flag(form == "edit"));
    data.set("e_title", value(typed, form, "edition", "title"));
    data.set("e_starts_on", value(typed, form, "edition", "starts_on"));
    data.set("e_ends_on", value(typed, form, "edition", "ends_on"));
    data.set("e_summary", value(typed, form, "edition", "summary"));
    data.set("open_edition", web::flag(form == "edition"));
  }
  set_form_error(data, ctx, outcome, form);
  return ctx.render("network_life/action_programmes/programme", data, p.title, status);
}

// ---- /programmes/editions/{id}

http::Response edition_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            int status = 200, const http::Form* typed = nullptr, const std::string& form = "") {
  auto v = service.edition(viewer(ctx), id, page_of(ctx));
  if (!v) return ctx.error(404);
  const Edition& e = v->edition;
  Data data = base(ctx);
  data.set("url", edition_url(id));
  data.set("programme_url", programme_url(v->programme.id));
  data.set("programme_title", v->programme.title);
  data.set("organiser", v->programme.organiser_name);
  data.set("title", e.title);
  data.set("period", period(e));
  set_if(data, "summary", e.summary);
  Data partners{Data::type::list};
  for (const auto& p : v->partners) {
    Data d{Data::type::object};
    d.set("name", p.name);
    d.set("role", p.role);
    partners.push_back(d);
  }
  data.set("partners", partners);
  data.set("no_partners", web::flag(partners.is_empty_list()));
  Data funders{Data::type::list};
  for (const auto& f : v->funders) {
    Data d{Data::type::object};
    d.set("name", f.name);
    // Amounts are for the organiser's managers and the funders' staff (the figures' readers).
    if (f.amount_euros && v->sees_amounts)
      d.set("amount", ctx.t("action_programmes.edition.amount", {{"n", std::to_string(f.amount_euros)}}));
    funders.push_back(d);
  }
  data.set("funders", funders);
  data.set("no_funders", web::flag(funders.is_empty_list()));
  Data sessions{Data::type::list};
  long long now = store::now_seconds();
  for (const auto& s : v->sessions.items) {
    Data d{Data::type::object};
    d.set("url", session_url(s.id));
    d.set("title", s.title);
    d.set("kind", ctx.t("action_programmes.kinds." + s.kind));
    d.set("when", service.when(s.starts_at, s.ends_at));
    d.set("place", s.place);
    if (v->manages || v->referent)
      d.set("places", ctx.t("action_programmes.session.places",
                            {{"taken", std::to_string(s.taken)}, {"capacity", std::to_string(s.capacity)}}));
    if (v->manages && s.starts_at <= now && !s.attendance_at)
      d.set("to_record", ctx.t("action_programmes.session.to_record"));
    sessions.push_back(d);
  }
  data.set("sessions", sessions);
  data.set("no_sessions", web::flag(sessions.is_empty_list()));
  data.set("pagination",
           web::pagination(ctx, v->sessions.page, Service::kPerPage, v->sessions.total, edition_url(id) + "?"));
  data.set("manages", web::flag(v->manages));
  data.set("participants_url", edition_url(id) + "/participants");
  data.set("sees_participants", web::flag(v->manages || v->referent));
  data.set("sees_figures", web::flag(v->sees_figures));
  data.set("figures_url", edition_url(id) + "/chiffres");
  if (v->manages) {
    auto directory = service.directory(false);
    data.set("partner_orgs", org_options(directory, value(typed, form, "partner", "organisation")));
    data.set("p_role", value(typed, form, "partner", "role"));
    data.set("funder_orgs", org_options(service.directory(true), value(typed, form, "funder", "funder")));
    data.set("f_amount", value(typed, form, "funder", "amount"));
    data.set("kinds", choices(ctx, session_kinds(), "action_programmes.kinds.", value(typed, form, "session", "kind")));
    data.set("s_title", value(typed, form, "session", "session_title"));
    data.set("s_starts", value(typed, form, "session", "starts"));
    data.set("s_ends", value(typed, form, "session", "ends"));
    data.set("s_place", value(typed, form, "session", "place"));
    data.set("s_capacity", value(typed, form, "session", "capacity"));
    data.set("open_session", web::flag(form == "session"));
  }
  set_form_error(data, ctx, outcome, form);
  return ctx.render("network_life/action_programmes/edition", data, e.title, status);
}

// ---- /programmes/editions/{id}/participants

http::Response participants_page(Context& ctx, Service& service, long long id,
                                 const Outcome& outcome = Outcome::success(), int status = 200,
                                 const http::Form* typed = nullptr, const std::string& form = "") {
  ParticipantsView v;
  auto seen = service.participants(ctx.me(), id, page_of(ctx), v);
  if (!seen.ok) return ctx.refused(seen);
  Data data = base(ctx);
  data.set("url", edition_url(id) + "/participants");
  data.set("edition_url", edition_url(id));
  data.set("edition_title", v.edition.title);
  data.set("programme_url", programme_url(v.programme.id));
  data.set("programme_title", v.programme.title);
  data.set("manages", web::flag(v.manages));
  bool outcomes = v.manages && v.programme.remobilisation;
  data.set("outcomes", web::flag(v.programme.remobilisation));
  data.set("may_record_outcomes", web::flag(outcomes));
  Data rows{Data::type::list};
  for (const auto& p : v.participants.items) {
    Data d{Data::type::object};
    d.set("id", std::to_string(p.id));
    d.set("code", p.code);
    d.set("relais", p.relais_name);
    d.set("kind", ctx.t("action_programmes.participant_kinds." + p.kind));
    d.set("size", p.kind == "household"
                      ? ctx.t("action_programmes.participants.size",
                              {{"adults", std::to_string(p.adults)}, {"children", std::to_string(p.children)}})
                      : std::string("—"));
    d.set("sessions", std::to_string(p.sessions));
    d.set("outcome", p.outcome.empty() ? ctx.t("action_programmes.outcomes.none_yet")
                                       : ctx.t("action_programmes.categories." + p.outcome));
    if (outcomes) {
      std::string selected = typed && form == "outcome" && typed->get("participant") == std::to_string(p.id)
                                 ? typed->get("category")
                                 : p.outcome;
      d.set("categories", choices(ctx, outcome_categories(), "action_programmes.categories.", selected));
    }
    rows.push_back(d);
  }
  data.set("participants", rows);
  data.set("no_participants", web::flag(rows.is_empty_list()));
  data.set("pagination", web::pagination(ctx, v.participants.page, Service::kPerPage, v.participants.total,
                                         edition_url(id) + "/participants?"));
  if (v.referent) {
    data.set("referent", web::flag(true));
    Data people{Data::type::list};
    std::string selected = value(typed, form, "participant", "beneficiary");
    for (const auto& b : service.beneficiaries_of(ctx.me())) {
      Data d{Data::type::object};
      d.set("value", std::to_string(b.id));
      d.set("label", b.code + " — " + b.organisation_name);
      d.set("selected", web::flag(std::to_string(b.id) == selected));
      people.push_back(d);
    }
    data.set("beneficiaries", people);
    data.set("no_beneficiaries", web::flag(people.is_empty_list()));
    data.set("participant_kinds", choices(ctx, participant_kinds(), "action_programmes.participant_kinds.",
                                          value(typed, form, "participant", "kind", "household")));
    data.set("p_adults", value(typed, form, "participant", "adults", "1"));
    data.set("p_children", value(typed, form, "participant", "children", "0"));
  }
  set_form_error(data, ctx, outcome, form);
  return ctx.render("network_life/action_programmes/participants", data,
                    ctx.t("action_programmes.participants.title", {{"edition", v.edition.title}}), status);
}

// ---- /programmes/seances/{id}

http::Response session_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            int status = 200, const http::Form* typed = nullptr, const std::string& form = "") {
  auto v = service.session(viewer(ctx), id, page_of(ctx));
  if (!v) return ctx.error(404);
  const Session& s = v->session;
  long long now = store::now_seconds();
  Data data = base(ctx);
  data.set("url", session_url(id));
  data.set("edition_url", edition_url(v->edition.id));
  data.set("edition_title", v->edition.title);
  data.set("programme_url", programme_url(v->programme.id));
  data.set("programme_title", v->programme.title);
  data.set("title", s.title);
  data.set("kind", ctx.t("action_programmes.kinds." + s.kind));
  data.set("when", service.when(s.starts_at, s.ends_at));
  data.set("place", s.place);
  data.set("capacity", std::to_string(s.capacity));
  bool inside = v->manages || v->referent;
  data.set("inside", web::flag(inside));
  if (inside) {
    data.set("places", ctx.t("action_programmes.session.places",
                             {{"taken", std::to_string(s.taken)}, {"capacity", std::to_string(s.capacity)}}));
    Data rows{Data::type::list};
    for (const auto& r : v->registrations.items) {
      Data d{Data::type::object};
      d.set("code", r.code);
      d.set("relais", r.relais_name);
      d.set("places", std::to_string(r.places));
      d.set("presence", s.attendance_at ? ctx.t(r.present ? "action_programmes.attendance.present"
                                                          : "action_programmes.attendance.absent")
                                        : ctx.t("action_programmes.attendance.not_recorded"));
      rows.push_back(d);
    }
    data.set("registrations", rows);
    data.set("no_registrations", web::flag(rows.is_empty_list()));
    data.set("pagination", web::pagination(ctx, v->registrations.page, Service::kPerPage, v->registrations.total,
                                           session_url(id) + "?"));
    bool open = s.starts_at > now;
    data.set("may_register", web::flag(open));
    data.set("started", web::flag(!open));
    Data registrable{Data::type::list};
    std::string selected = value(typed, form, "register", "participant");
    for (const auto& p : v->registrable) {
      Data d{Data::type::object};
      d.set("value", std::to_string(p.id));
      d.set("label", ctx.t("action_programmes.session.registrable",
                           {{"code", p.code}, {"relais", p.relais_name}, {"n", std::to_string(p.places())}}));
      d.set("selected", web::flag(std::to_string(p.id) == selected));
      registrable.push_back(d);
    }
    data.set("registrable", registrable);
    data.set("no_registrable", web::flag(registrable.is_empty_list()));
  }
  if (v->manages) {
    data.set("manages", web::flag(true));
    data.set("attendance_open", web::flag(s.starts_at <= now));
    if (s.attendance_at) data.set("attendance_when", web::format_datetime(s.attendance_at, ctx.locale));
    bool retyped = typed && form == "attendance";
    auto present = retyped ? typed->all("present") : std::vector<std::string>{};
    Data rows{Data::type::list};
    for (const auto& r : v->attendance) {
      Data d{Data::type::object};
      d.set("id", std::to_string(r.id));
      d.set("code", r.code);
      d.set("relais", r.relais_name);
      bool checked = retyped ? std::find(present.begin(), present.end(), std::to_string(r.id)) != present.end()
                             : (s.attendance_at ? r.present : true);
      d.set("checked", web::flag(checked));
      rows.push_back(d);
    }
    data.set("attendance", rows);
    data.set("no_attendance_rows", web::flag(rows.is_empty_list()));
  }
  set_form_error(data, ctx, outcome, form);
  return ctx.render("network_life/action_programmes/session", data, s.title, status);
}

// ---- Figures

struct FigureLine {
  std::string key;
  long long value;
};

std::vector<FigureLine> figure_lines(const Figures& f) {
  std::vector<FigureLine> out = {{"participants", f.participants},
                                 {"households", f.households},
                                 {"persons", f.persons},
                                 {"people", f.people},
                                 {"sessions", f.sessions},
                                 {"sessions_held", f.sessions_held},
                                 {"registrations_held", f.registrations_held},
                                 {"present", f.present}};
  return out;
}

http::Response figures_page(Context& ctx, Service& service, long long id) {
  FiguresView v;
  auto seen = service.figures(ctx.me(), id, v);
  if (!seen.ok) return ctx.refused(seen);
  Data data = base(ctx);
  data.set("edition_url", edition_url(id));
  data.set("edition_title", v.edition.title);
  data.set("programme_url", programme_url(v.programme.id));
  data.set("programme_title", v.programme.title);
  data.set("period", period(v.edition));
  data.set("exact", web::flag(v.exact));
  Data rows{Data::type::list};
  for (const auto& l : figure_lines(v.figures)) {
    Data d{Data::type::object};
    d.set("label", ctx.t("action_programmes.figures." + l.key));
    d.set("value", shown_count(l.value, v.exact));
    rows.push_back(d);
  }
  Data rate{Data::type::object};
  rate.set("label", ctx.t("action_programmes.figures.rate"));
  rate.set("value", attendance_rate(v.figures.present, v.figures.registrations_held, v.exact));
  rows.push_back(rate);
  data.set("rows", rows);
  data.set("remobilisation", web::flag(v.programme.remobilisation));
  Data outcomes{Data::type::list};
  for (const auto& c : outcome_categories()) {
    Data d{Data::type::object};
    d.set("label", ctx.t("action_programmes.categories." + c));
    d.set("value", shown_count(v.figures.outcomes[c], v.exact));
    outcomes.push_back(d);
  }
  data.set("outcomes", outcomes);
  data.set("csv_url", edition_url(id) + "/chiffres.csv");
  data.set("xlsx_url", edition_url(id) + "/chiffres.xlsx");
  return ctx.render("network_life/action_programmes/figures", data,
                    ctx.t("action_programmes.figures.title", {{"edition", v.edition.title}}));
}

// The figures as rows (indicator, value) for the exports: masked for funders and partners.
std::vector<std::vector<std::string>> figure_rows(Context& ctx, const FiguresView& v) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({ctx.t("action_programmes.figures.programme"), v.programme.title});
  rows.push_back({ctx.t("action_programmes.figures.edition"), v.edition.title});
  rows.push_back({ctx.t("action_programmes.figures.period"), period(v.edition)});
  for (const auto& l : figure_lines(v.figures))
    rows.push_back({ctx.t("action_programmes.figures." + l.key), shown_count(l.value, v.exact)});
  rows.push_back({ctx.t("action_programmes.figures.rate"),
                  attendance_rate(v.figures.present, v.figures.registrations_held, v.exact)});
  if (v.programme.remobilisation)
    for (const auto& c : outcome_categories())
      rows.push_back(
          {ctx.t("action_programmes.figures.outcome", {{"category", ctx.t("action_programmes.categories." + c)}}),
           shown_count(v.figures.outcomes.at(c), v.exact)});
  return rows;
}

std::string export_name(const FiguresView& v, const char* ext) {
  std::string name = "chiffres-edition-" + std::to_string(v.edition.id) + "." + ext;
  return name;
}

http::Response figures_csv(Context& ctx, Service& service, long long id) {
  FiguresView v;
  auto seen = service.figures(ctx.me(), id, v);
  if (!seen.ok) return ctx.refused(seen);
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>();
  lines->push_back({ctx.t("action_programmes.figures.indicator"), ctx.t("action_programmes.figures.value")});
  for (auto& r : figure_rows(ctx, v)) lines->push_back(std::move(r));
  http::Response res = docs::csv_download(lines, export_name(v, "csv"));
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

http::Response figures_xlsx(Context& ctx, Service& service, long long id) {
  FiguresView v;
  auto seen = service.figures(ctx.me(), id, v);
  if (!seen.ok) return ctx.refused(seen);
  auto book = std::make_shared<docs::XlsxFile>(
      ctx.t("action_programmes.figures.sheet"),
      std::vector<std::string>{ctx.t("action_programmes.figures.indicator"), ctx.t("action_programmes.figures.value")});
  for (const auto& r : figure_rows(ctx, v)) {
    const std::string& cell = r[1];
    bool number = !cell.empty() && cell.find_first_not_of("0123456789") == std::string::npos;
    book->add_row(docs::Row{docs::Cell(r[0]), number ? docs::Cell::integer(std::stoll(cell)) : docs::Cell(cell)});
  }
  auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
  http::Response res;
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition", "attachment; filename=\"" + export_name(v, "xlsx") + "\"");
  res.set_header("Cache-Control", "private, no-store");
  res.next_chunk = [book, file]() -> std::optional<std::string> {
    std::string piece(64 * 1024, '\0');
    file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(file->gcount()));
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

web::FormAgain again_programme(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return programme_page(ctx, service, id, o, status, &ctx.form, form);
  };
}
web::FormAgain again_edition(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return edition_page(ctx, service, id, o, status, &ctx.form, form);
  };
}
web::FormAgain again_participants(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return participants_page(ctx, service, id, o, status, &ctx.form, form);
  };
}
web::FormAgain again_session(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return session_page(ctx, service, id, o, status, &ctx.form, form);
  };
}

ProgrammeInput programme_input(const http::Form& f) {
  return {f.get("title"), f.get("description"), f.get("remobilisation"), f.get("organiser")};
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::public_access, [&service](Context& ctx) { return list_page(ctx, service); });
  app.post(kBase, web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.create_programme(web::actor_of(ctx), ctx.me(), programme_input(ctx.form));
    return web::finish(ctx, outcome, "action_programmes.list.created", programme_url(outcome.id),
                       [&](const Outcome& o, int status) { return list_page(ctx, service, o, status, &ctx.form); });
  });
  app.get(kBase + "/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return programme_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.update_programme(web::actor_of(ctx), ctx.me(), id, programme_input(ctx.form));
    return web::finish(ctx, outcome, "action_programmes.programme.updated", programme_url(id),
                       again_programme(ctx, service, id, "edit"));
  });
  app.post(kBase + "/{id:int}/editions", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    EditionInput in{ctx.form.get("title"), ctx.form.get("starts_on"), ctx.form.get("ends_on"), ctx.form.get("summary")};
    auto outcome = service.add_edition(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "action_programmes.programme.edition_added", edition_url(outcome.id),
                       again_programme(ctx, service, id, "edition"));
  });
  app.get(kBase + "/editions/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return edition_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/editions/{id:int}/partenaires", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.put_partner(web::actor_of(ctx), ctx.me(), id, ctx.form.get("organisation"), ctx.form.get("role"));
    return web::finish(ctx, outcome, "action_programmes.edition.partner_saved", edition_url(id) + "#partenaires",
                       again_edition(ctx, service, id, "partner"));
  });
  app.post(kBase + "/editions/{id:int}/financeurs", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.put_funder(web::actor_of(ctx), ctx.me(), id, ctx.form.get("funder"), ctx.form.get("amount"));
    return web::finish(ctx, outcome, "action_programmes.edition.funder_saved", edition_url(id) + "#financeurs",
                       again_edition(ctx, service, id, "funder"));
  });
  app.post(kBase + "/editions/{id:int}/seances", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    SessionInput in{ctx.form.get("kind"), ctx.form.get("session_title"), ctx.form.get("starts"),
                    ctx.form.get("ends"), ctx.form.get("place"),         ctx.form.get("capacity")};
    auto outcome = service.add_session(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "action_programmes.edition.session_added", session_url(outcome.id),
                       again_edition(ctx, service, id, "session"));
  });
  app.get(kBase + "/editions/{id:int}/participants", web::perm::authenticated,
          [&service](Context& ctx) { return participants_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/editions/{id:int}/participants", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ParticipantInput in{ctx.form.get("beneficiary"), ctx.form.get("kind"), ctx.form.get("adults"),
                        ctx.form.get("children")};
    auto outcome = service.add_participant(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "action_programmes.participants.added", edition_url(id) + "/participants",
                       again_participants(ctx, service, id, "participant"));
  });
  app.post(kBase + "/editions/{id:int}/resultats", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.record_outcome(web::actor_of(ctx), ctx.me(), id, ctx.form.get("participant"), ctx.form.get("category"));
    return web::finish(ctx, outcome, "action_programmes.outcomes.saved", edition_url(id) + "/participants",
                       again_participants(ctx, service, id, "outcome"));
  });
  app.get(kBase + "/editions/{id:int}/chiffres", web::perm::authenticated,
          [&service](Context& ctx) { return figures_page(ctx, service, ctx.req.int_param("id")); });
  app.get(kBase + "/editions/{id:int}/chiffres.csv", web::perm::authenticated,
          [&service](Context& ctx) { return figures_csv(ctx, service, ctx.req.int_param("id")); });
  app.get(kBase + "/editions/{id:int}/chiffres.xlsx", web::perm::authenticated,
          [&service](Context& ctx) { return figures_xlsx(ctx, service, ctx.req.int_param("id")); });
  app.get(kBase + "/seances/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return session_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/seances/{id:int}/inscriptions", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.register_participant(web::actor_of(ctx), ctx.me(), id, ctx.form.get("participant"));
    return web::finish(ctx, outcome, "action_programmes.session.registered", session_url(id) + "#inscrits",
                       again_session(ctx, service, id, "register"));
  });
  app.post(kBase + "/seances/{id:int}/presences", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.record_attendance(web::actor_of(ctx), ctx.me(), id, ctx.form.all("present"));
    return web::finish(ctx, outcome, "action_programmes.attendance.saved", session_url(id) + "#presences",
                       again_session(ctx, service, id, "attendance"));
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(450, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    const Principal& me = ctx.me();
    bool referent = !bookings::Service::own_relais(me).none();
    bool manager = me.is_admin() || !me.acting_for(perm::network_life_manage).none();
    if (!referent && !manager) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "action-programmes";
    panel.title = ctx.t("action_programmes.dashboard.title");
    panel.empty = ctx.t("action_programmes.dashboard.empty");
    panel.more_url = kBase;
    panel.more_label = ctx.t("action_programmes.dashboard.more");
    if (referent)
      for (const auto& s : service.upcoming_for_referent(me, 5))
        panel.items.push_back({ctx.t("action_programmes.dashboard.upcoming", {{"title", s.title}}), session_url(s.id),
                               s.place, service.when(s.starts_at, s.ends_at), false});
    if (manager)
      for (const auto& s : service.without_attendance(me, 5))
        panel.items.push_back({ctx.t("action_programmes.dashboard.to_record", {{"title", s.title}}),
                               session_url(s.id) + "#presences", s.place, service.when(s.starts_at, s.ends_at), true});
    return panel;
  });
}

}  // namespace trame::action_programmes
