#include "certification/referential/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"

namespace trame::referential {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 20;

std::string certification_url(long long id) {
  return "/certifications/" + std::to_string(id);
}
std::string edit_url(long long id) {
  return certification_url(id) + "/modifier";
}

// The organisations the signed-in person manages certifications for (none for the public).
ActingFor managed_by(const Context& ctx) {
  return ctx.user ? ctx.user->acting_for(web::perm::certifications_manage) : ActingFor{};
}

// "28 mars 2024" from 'YYYY-MM-DD'.
std::string day_label(const Context& ctx, const std::string& day) {
  auto d = parse_date(day);
  if (!d) return day;
  return std::to_string(d->day) + " " + ctx.t("trainings.months." + std::to_string(d->month)) + " " +
         std::to_string(d->year);
}

Data version_data(const Context& ctx, const Certification& c, const Version& v) {
  Data d{Data::type::object};
  d.set("id", std::to_string(c.id));
  d.set("url", certification_url(c.id));
  d.set("title", v.title);
  d.set("owner", c.owner_name);
  d.set("status", c.status);
  d.set("status_label", ctx.t("certification.statuses." + c.status));
  d.set("published", web::flag(c.status == "published"));
  d.set("register_label", ctx.t("certification.registers." + v.register_));
  set_if(d, "registration_number", v.registration_number);
  if (!v.decision_date.empty()) d.set("decision_date", day_label(ctx, v.decision_date));
  if (!v.validity_end.empty()) d.set("validity_end", day_label(ctx, v.validity_end));
  d.set("version", std::to_string(v.number));
  return d;
}

Data lines_of(const std::string& text) {
  Data list{Data::type::list};
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = trim(text.substr(start, end - start));
    if (!line.empty()) {
      Data item{Data::type::object};
      item.set("line", line);
      list.push_back(item);
    }
    start = end + 1;
  }
  return list;
}

// Blocks → competences → criteria, with the modalities' labels and what the edit forms need.
Data tree_data(const Context& ctx, const std::vector<Block>& blocks) {
  Data list{Data::type::list};
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    Data bd{Data::type::object};
    bd.set("id", std::to_string(b.id));
    bd.set("code", b.code);
    bd.set("title", b.title);
    set_if(bd, "description", b.description);
    bd.set("first", web::flag(i == 0));
    bd.set("last", web::flag(i + 1 == blocks.size()));
    bd.set("delete_label", ctx.t("certification.blocks.delete", {{"code", b.code}}));
    Data competences{Data::type::list};
    for (const auto& k : b.competences) {
      Data kd{Data::type::object};
      kd.set("id", std::to_string(k.id));
      kd.set("title", k.title);
      Data criteria{Data::type::list};
      for (const auto& r : k.criteria) {
        Data rd{Data::type::object};
        rd.set("id", std::to_string(r.id));
        rd.set("title", r.title);
        rd.set("modality_label", ctx.t("certification.modalities." + r.modality));
        rd.set("modalities", web::options(ctx, modalities(), "certification.modalities.", r.modality));
        criteria.push_back(rd);
      }
      kd.set("criteria", criteria);
      kd.set("no_criteria", web::flag(k.criteria.empty()));
      kd.set("modalities", web::options(ctx, modalities(), "certification.modalities.", ""));
      competences.push_back(kd);
    }
    bd.set("competences", competences);
    bd.set("no_competences", web::flag(b.competences.empty()));
    list.push_back(bd);
  }
  return list;
}

// The public table: each programme's modules (rows) × the competences (columns, grouped by block).
Data preparation_data(const Context& ctx, const std::vector<Block>& blocks, const std::vector<PreparedBy>& by) {
  Data out{Data::type::list};
  for (const auto& p : by) {
    Data pd{Data::type::object};
    pd.set("programme", p.programme_title);
    pd.set("organiser", p.organiser_name);
    pd.set("url", "/formations/programmes/" + std::to_string(p.programme_id));
    Data header{Data::type::list};
    for (const auto& b : blocks)
      for (std::size_t i = 0; i < b.competences.size(); ++i) {
        const auto& k = b.competences[i];
        Data h{Data::type::object};
        h.set("code", b.code + "." + std::to_string(i + 1));
        h.set("title", k.title);
        header.push_back(h);
      }
    pd.set("competences", header);
    Data rows{Data::type::list};
    for (const auto& m : p.modules) {
      Data row{Data::type::object};
      row.set("module", m.title);
      Data cells{Data::type::list};
      for (const auto& b : blocks)
        for (const auto& k : b.competences) {
          Data cell{Data::type::object};
          bool yes = std::find(m.competences.begin(), m.competences.end(), k.id) != m.competences.end();
          cell.set("prepares", web::flag(yes));
          cell.set("label", yes ? ctx.t("certification.preparation.yes") : ctx.t("certification.preparation.no"));
          cells.push_back(cell);
        }
      row.set("cells", cells);
      rows.push_back(row);
    }
    pd.set("rows", rows);
    out.push_back(pd);
  }
  return out;
}

http::Response list_page(Context& ctx, Service& service) {
  ActingFor m = managed_by(ctx);
  long long page = web::page_param(ctx.req), total = 0;
  Data items{Data::type::list};
  for (const auto& r : service.page(m, page, kPerPage, total))
    items.push_back(version_data(ctx, r.certification, r.version));
  Data data{Data::type::object};
  data.set("items", items);
  data.set("empty", web::flag(total == 0));
  data.set("can_create", web::flag(!m.none()));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, "/certifications?"));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/referential/list", data, ctx.t("certification.list.title"));
}

http::Response certification_page(Context& ctx, Service& service, long long version) {
  ActingFor m = managed_by(ctx);
  long long id = ctx.req.int_param("id");
  auto r = service.referential(m, id, version);
  if (!r) return ctx.error(404);
  const auto& v = r->version;
  Data data = version_data(ctx, r->certification, v);
  bool current = v.number == r->certification.current_version;
  data.set("current", web::flag(current));
  if (!current)
    data.set("old_version",
             ctx.t("certification.page.old_version",
                   {{"n", std::to_string(v.number)}, {"current", std::to_string(r->certification.current_version)}}));
  if (!v.summary.empty()) data.set("summary_html", docs::markdown_to_html(v.summary));
  set_if(data, "audience", v.audience);
  set_if(data, "prerequisites", v.prerequisites);
  data.set("modalities_lines", lines_of(v.modalities));
  set_if(data, "equivalences", v.equivalences);
  data.set("blocks", tree_data(ctx, r->blocks));
  data.set("no_blocks", web::flag(r->blocks.empty()));
  auto by = service.prepared_by(id);
  data.set("prepared", preparation_data(ctx, r->blocks, by));
  data.set("no_prepared", web::flag(by.empty()));
  data.set("can_manage", web::flag(m.covers(r->certification.owner_id)));
  data.set("edit_url", edit_url(id));
  data.set("candidates_url", certification_url(id) + "/candidats");
  data.set("sessions_url", certification_url(id) + "/sessions");
  data.set("figures_url", certification_url(id) + "/chiffres");
  data.set("register_url", certification_url(id) + "/inscription");
  Data versions{Data::type::list};
  auto all = service.versions(id);
  for (const auto& other : all) {
    if (other.number == v.number) continue;
    Data o{Data::type::object};
    o.set("url", certification_url(id) + (other.number == r->certification.current_version
                                              ? std::string()
                                              : "/versions/" + std::to_string(other.number)));
    o.set("label", ctx.t("certification.page.version_link",
                         {{"n", std::to_string(other.number)}, {"date", format_local(other.created_at, "%d/%m/%Y")}}));
    versions.push_back(o);
  }
  data.set("versions", versions);
  data.set("has_versions", web::flag(all.size() > 1));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/referential/certification", data, v.title);
}

CertificationInput certification_input(const http::Form& f) {
  CertificationInput in;
  in.owner_id = web::parse_id(f.get("owner"));
  in.title = f.get("title");
  in.register_ = f.get("register");
  in.registration_number = f.get("registration_number");
  in.decision_date = f.get("decision_date");
  in.validity_end = f.get("validity_end");
  in.summary = f.get("summary");
  in.audience = f.get("audience");
  in.prerequisites = f.get("prerequisites");
  in.modalities = f.get("modalities");
  in.equivalences = f.get("equivalences");
  return in;
}

CertificationInput input_of(const Certification& c, const Version& v) {
  return CertificationInput{c.owner_id,      v.title,        v.register_,   v.registration_number,
                            v.decision_date, v.validity_end, v.summary,     v.audience,
                            v.prerequisites, v.modalities,   v.equivalences};
}

// The description form (new, or on the edit page with the blocks and the publication).
http::Response certification_form(Context& ctx, Service& service, const std::optional<Referential>& r,
                                  const CertificationInput& in, const Outcome& outcome, int status) {
  ActingFor m = managed_by(ctx);
  Data data{Data::type::object};
  bool editing = r.has_value();
  data.set("editing", web::flag(editing));
  data.set("action", editing ? certification_url(r->certification.id) : std::string("/certifications"));
  Data owners{Data::type::list};
  for (const auto& o : service.owners(m)) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.label);
    d.set("selected", web::flag(o.id == in.owner_id));
    owners.push_back(d);
  }
  data.set("owners", owners);
  data.set("title", in.title);
  data.set("registers", web::options(ctx, registers(), "certification.registers.", in.register_));
  data.set("registration_number", in.registration_number);
  data.set("decision_date", in.decision_date);
  data.set("validity_end", in.validity_end);
  data.set("summary", in.summary);
  data.set("audience", in.audience);
  data.set("prerequisites", in.prerequisites);
  data.set("modalities", in.modalities);
  data.set("equivalences", in.equivalences);
  web::set_error(data, ctx, outcome);
  if (editing) {
    const auto& c = r->certification;
    data.set("id", std::to_string(c.id));
    data.set("page_url", certification_url(c.id));
    data.set("owner", c.owner_name);
    data.set("status_label", ctx.t("certification.statuses." + c.status));
    data.set("version", std::to_string(r->version.number));
    if (r->version.locked_at)
      data.set("locked", ctx.t("certification.edit.locked", {{"n", std::to_string(r->version.number)},
                                                             {"next", std::to_string(r->version.number + 1)}}));
    data.set("blocks", tree_data(ctx, r->blocks));
    data.set("no_blocks", web::flag(r->blocks.empty()));
    data.set("modalities_choices", web::options(ctx, modalities(), "certification.modalities.", ""));
    data.set("can_publish", web::flag(c.status != "published"));
    data.set("can_unpublish", web::flag(c.status == "published"));
    data.set("can_archive", web::flag(c.status == "published"));
    if (c.status != "published") {
      auto problem = publish_problem(*r);
      if (!problem.empty()) data.set("publish_problem", ctx.t(problem));
    }
  }
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/referential/certification_form", data,
                    editing ? ctx.t("certification.edit.title", {{"title", r->version.title}})
                            : ctx.t("certification.edit.new_title"),
                    status);
}

http::Response edit_page(Context& ctx, Service& service) {
  auto r = service.managed(managed_by(ctx), ctx.req.int_param("id"));
  if (!r) return ctx.error(404);
  return certification_form(ctx, service, r, input_of(r->certification, r->version), Outcome::success(), 200);
}

// A refused change of the tree or of the status: the edit page again, with the message (422 for
// invalid input, like the description form), or 404 when one does not manage the certification.
web::FormAgain edit_page_again(Context& ctx, Service& service, long long certification_id) {
  return [&ctx, &service, certification_id](const Outcome& failed, int status) {
    auto r = certification_id ? service.managed(managed_by(ctx), certification_id) : std::nullopt;
    if (!r) return ctx.error(404);
    // The message names no field of the description form (the tree's forms repeat per element).
    Outcome shown = failed;
    shown.field.clear();
    return certification_form(ctx, service, r, input_of(r->certification, r->version), shown, status);
  };
}

// After a change of the tree: back to the edit page, at the blocks.
http::Response tree_done(Context& ctx, Service& service, long long certification_id, const Outcome& outcome,
                         const std::string& done) {
  return web::finish(ctx, outcome, done, edit_url(outcome.id) + "#blocs",
                     edit_page_again(ctx, service, certification_id));
}

Block block_input(const http::Form& f) {
  Block b;
  b.code = f.get("block_code");
  b.title = f.get("block_title");
  b.description = f.get("block_description");
  return b;
}

Criterion criterion_input(const http::Form& f) {
  Criterion c;
  c.title = f.get("criterion_title");
  c.modality = f.get("criterion_modality");
  return c;
}

// The programme's organiser says which certification it prepares, and which module prepares which
// competence (a checkbox per module × competence).
http::Response preparation_page(Context& ctx, Service& service, const Outcome& outcome, int status) {
  ActingFor organisers = ctx.me().acting_for(web::perm::trainings_manage);
  long long programme_id = ctx.req.int_param("id");
  auto p = service.programmes().managed_programme(organisers, programme_id);
  if (!p) return ctx.error(404);
  long long chosen = service.prepared_certification(programme_id);
  if (auto asked = ctx.req.query_param("certification")) chosen = web::parse_id(*asked);
  Data data{Data::type::object};
  data.set("programme", p->title);
  data.set("programme_url", "/formations/programmes/" + std::to_string(p->id));
  data.set("action", "/certifications/preparations/" + std::to_string(p->id));
  Data choices{Data::type::list};
  for (const auto& c : service.published_choices()) {
    Data d{Data::type::object};
    d.set("value", std::to_string(c.id));
    d.set("label", c.label);
    d.set("selected", web::flag(c.id == chosen));
    choices.push_back(d);
  }
  data.set("certifications", choices);
  data.set("none_selected", web::flag(chosen == 0));
  if (chosen) {
    auto r = service.referential(ActingFor{}, chosen);
    if (r) {
      std::vector<std::pair<long long, long long>> linked;  // (module, competence)
      for (const auto& by : service.prepared_by(chosen))
        if (by.programme_id == programme_id)
          for (const auto& m : by.modules)
            for (long long k : m.competences) linked.emplace_back(m.id, k);
      data.set("chosen", std::to_string(chosen));
      data.set("chosen_title", r->version.title);
      Data modules{Data::type::list};
      for (const auto& m : service.programmes().modules(programme_id)) {
        Data md{Data::type::object};
        md.set("id", std::to_string(m.id));
        md.set("title", m.title);
        Data blocks{Data::type::list};
        for (const auto& b : r->blocks) {
          Data bd{Data::type::object};
          bd.set("code", b.code);
          bd.set("title", b.title);
          Data competences{Data::type::list};
          for (const auto& k : b.competences) {
            Data kd{Data::type::object};
            kd.set("value", std::to_string(m.id) + "-" + std::to_string(k.id));
            kd.set("title", k.title);
            kd.set("checked",
                   web::flag(std::find(linked.begin(), linked.end(), std::pair{m.id, k.id}) != linked.end()));
            competences.push_back(kd);
          }
          bd.set("competences", competences);
          blocks.push_back(bd);
        }
        md.set("blocks", blocks);
        modules.push_back(md);
      }
      data.set("modules", modules);
      data.set("no_modules", web::flag(modules.is_empty_list()));
    }
  }
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/referential/preparation", data,
                    ctx.t("certification.preparation.title", {{"programme", p->title}}), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/certifications", web::perm::public_access, [&service](Context& ctx) { return list_page(ctx, service); });

  app.get("/certifications/nouvelle", web::perm::certifications_manage, [&service](Context& ctx) {
    CertificationInput in;
    auto owners = service.owners(managed_by(ctx));
    if (owners.size() == 1) in.owner_id = owners.front().id;
    return certification_form(ctx, service, std::nullopt, in, Outcome::success(), 200);
  });

  app.post("/certifications", web::perm::certifications_manage, [&service](Context& ctx) {
    CertificationInput in = certification_input(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), managed_by(ctx), in);
    return web::finish(
        ctx, outcome, "certification.edit.created", edit_url(outcome.id) + "#blocs",
        [&](const Outcome& o, int status) { return certification_form(ctx, service, std::nullopt, in, o, status); });
  });

  app.get("/certifications/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return certification_page(ctx, service, 0); });

  app.get("/certifications/{id:int}/versions/{number:int}", web::perm::public_access,
          [&service](Context& ctx) { return certification_page(ctx, service, ctx.req.int_param("number")); });

  app.get("/certifications/{id:int}/modifier", web::perm::certifications_manage,
          [&service](Context& ctx) { return edit_page(ctx, service); });

  app.post("/certifications/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    CertificationInput in = certification_input(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), managed_by(ctx), id, in);
    return web::finish(ctx, outcome, "certification.edit.updated", certification_url(id),
                       [&](const Outcome& o, int status) {
                         auto r = service.managed(managed_by(ctx), id);
                         if (!r) return ctx.error(404);
                         return certification_form(ctx, service, r, in, o, status);
                       });
  });

  app.post("/certifications/{id:int}/statut", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string status = ctx.form.get("status");
    auto outcome = service.set_status(web::actor_of(ctx), managed_by(ctx), id, status);
    return web::finish(ctx, outcome,
                       "certification.edit.status_done." + (is_one_of(status, statuses()) ? status : "draft"),
                       certification_url(id), edit_page_again(ctx, service, id));
  });

  // ---- Blocks, competences, criteria (on the edit page)
  app.post("/certifications/{id:int}/blocs", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_block(web::actor_of(ctx), managed_by(ctx), id, block_input(ctx.form));
    return tree_done(ctx, service, id, outcome, "certification.blocks.added");
  });
  app.post("/certifications/blocs/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.update_block(web::actor_of(ctx), managed_by(ctx), id, block_input(ctx.form));
    return tree_done(ctx, service, service.certification_of("block", id), outcome, "certification.blocks.updated");
  });
  app.post("/certifications/blocs/{id:int}/deplacer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.move_block(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("direction") == "up");
    return tree_done(ctx, service, service.certification_of("block", id), outcome, "certification.blocks.moved");
  });
  app.post("/certifications/blocs/{id:int}/supprimer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long certification = service.certification_of("block", id);
    auto outcome = service.delete_block(web::actor_of(ctx), managed_by(ctx), id);
    return tree_done(ctx, service, certification, outcome, "certification.blocks.deleted");
  });
  app.post("/certifications/blocs/{id:int}/competences", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_competence(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("competence_title"));
    return tree_done(ctx, service, service.certification_of("block", id), outcome, "certification.competences.added");
  });
  app.post("/certifications/competences/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.update_competence(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("competence_title"));
    return tree_done(ctx, service, service.certification_of("competence", id), outcome,
                     "certification.competences.updated");
  });
  app.post("/certifications/competences/{id:int}/supprimer", web::perm::certifications_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             long long certification = service.certification_of("competence", id);
             auto outcome = service.delete_competence(web::actor_of(ctx), managed_by(ctx), id);
             return tree_done(ctx, service, certification, outcome, "certification.competences.deleted");
           });
  app.post("/certifications/competences/{id:int}/criteres", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_criterion(web::actor_of(ctx), managed_by(ctx), id, criterion_input(ctx.form));
    return tree_done(ctx, service, service.certification_of("competence", id), outcome, "certification.criteria.added");
  });
  app.post("/certifications/criteres/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.update_criterion(web::actor_of(ctx), managed_by(ctx), id, criterion_input(ctx.form));
    return tree_done(ctx, service, service.certification_of("criterion", id), outcome,
                     "certification.criteria.updated");
  });
  app.post("/certifications/criteres/{id:int}/supprimer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long certification = service.certification_of("criterion", id);
    auto outcome = service.delete_criterion(web::actor_of(ctx), managed_by(ctx), id);
    return tree_done(ctx, service, certification, outcome, "certification.criteria.deleted");
  });

  // ---- What a programme prepares (its organiser)
  app.get("/certifications/preparations/{id:int}", web::perm::trainings_manage,
          [&service](Context& ctx) { return preparation_page(ctx, service, Outcome::success(), 200); });
  app.post("/certifications/preparations/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    long long programme_id = ctx.req.int_param("id");
    long long certification = web::parse_id(ctx.form.get("certification"));
    std::vector<std::pair<long long, long long>> links;
    for (const auto& value : ctx.form.all("links")) {
      auto dash = value.find('-');
      long long module = dash == std::string::npos ? 0 : web::parse_id(value.substr(0, dash));
      long long competence = dash == std::string::npos ? 0 : web::parse_id(value.substr(dash + 1));
      links.emplace_back(module, competence);
    }
    auto outcome = service.set_preparation(web::actor_of(ctx), ctx.me().acting_for(web::perm::trainings_manage),
                                           programme_id, certification, links);
    return web::finish(ctx, outcome, "certification.preparation.saved",
                       "/certifications/preparations/" + std::to_string(programme_id),
                       [&](const Outcome& o, int status) { return preparation_page(ctx, service, o, status); });
  });
}

}  // namespace trame::referential
