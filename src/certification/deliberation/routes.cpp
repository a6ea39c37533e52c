#include "certification/deliberation/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"

namespace trame::deliberation {

namespace {

using web::Context;
using web::Data;

std::string session_deliberation_url(long long id) {
  return "/certifications/sessions/" + std::to_string(id) + "/deliberation";
}
std::string entry_url(long long id) {
  return "/certifications/entrees/" + std::to_string(id) + "/deliberation";
}

std::string result_key(const std::vector<referential::Block>& blocks, const std::vector<Decision>& decisions,
                       const std::vector<Acquired>& acquired) {
  long long validated = static_cast<long long>(acquired.size()), decided = validated;
  for (const auto& d : decisions) {
    ++decided;
    if (d.validated) ++validated;
  }
  if (decided < static_cast<long long>(blocks.size())) return "deliberation.result.pending";
  if (validated == static_cast<long long>(blocks.size())) return "deliberation.result.certified";
  return validated > 0 ? "deliberation.result.partial" : "deliberation.result.failed";
}

http::Response session_page(Context& ctx, Service& service, const Outcome& outcome, int status) {
  long long id = ctx.req.int_param("id");
  auto s = service.juries().evaluations().session(id);
  if (!s || !service.reads(ctx.me(), *s)) return ctx.error(404);
  Data data{Data::type::object};
  data.set("session_id", std::to_string(id));
  data.set("session", s->title);
  data.set("certification", s->certification_title);
  data.set("day", short_french_date(s->day));
  Data entries{Data::type::list};
  for (const auto& e : service.juries().evaluations().entries(id)) {
    auto v = service.entry_view(ctx.me(), e.id);
    if (!v) continue;
    Data d{Data::type::object};
    d.set("code", e.code);
    d.set("url", entry_url(e.id));
    d.set("grids", ctx.t("deliberation.session.grids",
                         {{"n", std::to_string(v->submitted)}, {"of", std::to_string(v->graders.size())}}));
    d.set("result", ctx.t(result_key(v->blocks, v->decisions, v->acquired)));
    entries.push_back(d);
  }
  data.set("entries", entries);
  data.set("no_entries", web::flag(entries.is_empty_list()));
  auto minutes = service.minutes(id);
  auto member = service.juries().sitting(ctx.me(), id);
  bool staff = ctx.me().acting_for(web::perm::certifications_manage).covers(s->owner_id);
  if (minutes) {
    data.set("minutes_made",
             ctx.t("deliberation.minutes.made", {{"when", format_local(minutes->made_at, "%d/%m/%Y %H:%M")}}));
    data.set("minutes_url", "/certifications/sessions/" + std::to_string(id) + "/proces-verbal.pdf");
    data.set("sha256", minutes->sha256);
    if (minutes->locked_at)
      data.set("locked",
               ctx.t("deliberation.minutes.locked", {{"when", format_local(minutes->locked_at, "%d/%m/%Y %H:%M")}}));
    Data confirmations{Data::type::list};
    bool confirmed = false;
    for (const auto& c : minutes->confirmations) {
      Data d{Data::type::object};
      d.set("name", c.name);
      d.set("when", format_local(c.confirmed_at, "%d/%m/%Y %H:%M"));
      confirmations.push_back(d);
      confirmed = confirmed || c.user_id == ctx.me().id;
    }
    data.set("confirmations", confirmations);
    data.set("can_confirm", web::flag(member && !confirmed));
    data.set("pending",
             ctx.t("deliberation.minutes.pending", {{"n", std::to_string(minutes->confirmations.size())},
                                                    {"of", std::to_string(service.juries().members(id).size())}}));
  } else {
    auto problem = service.minutes_problem(id);
    if (!problem.empty()) data.set("minutes_problem", ctx.t(problem));
    data.set("can_make", web::flag(problem.empty() && (staff || (member && member->chair))));
  }
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/deliberation/session", data,
                    ctx.t("deliberation.session.title", {{"session", s->title}}), status);
}

http::Response entry_page(Context& ctx, Service& service, long long id, const std::vector<BlockDecision>* typed,
                          const Outcome& outcome, int status) {
  auto v = service.entry_view(ctx.me(), id);
  if (!v) return ctx.error(404);
  Data data{Data::type::object};
  data.set("entry_id", std::to_string(id));
  data.set("code", v->entry.code);
  data.set("session", v->session.title);
  data.set("session_url", session_deliberation_url(v->session.id));
  data.set("grids_visible", web::flag(v->grids_visible));
  data.set("ready", web::flag(v->ready));
  data.set("progress", ctx.t("deliberation.session.grids",
                             {{"n", std::to_string(v->submitted)}, {"of", std::to_string(v->graders.size())}}));
  data.set("result", ctx.t(result_key(v->blocks, v->decisions, v->acquired)));
  Data jurors{Data::type::list};
  for (const auto& g : v->grids) {
    Data j{Data::type::object};
    j.set("name", g.juror_name);
    j.set("grid_id", std::to_string(g.grid_id));
    j.set("submitted", web::flag(g.status == "submitted"));
    j.set("status", ctx.t("juries.grid_statuses." + g.status));
    jurors.push_back(j);
  }
  data.set("jurors", jurors);
  data.set("may_reopen", web::flag(v->may_reopen));
  bool may_decide = v->may_decide && v->ready;
  data.set("may_decide", web::flag(may_decide));
  Data blocks{Data::type::list};
  for (const auto& b : v->blocks) {
    Data bd{Data::type::object};
    bd.set("id", std::to_string(b.id));
    bd.set("code", b.code);
    bd.set("title", b.title);
    auto acquired =
        std::find_if(v->acquired.begin(), v->acquired.end(), [&](const Acquired& a) { return a.block_id == b.id; });
    if (acquired != v->acquired.end())
      bd.set("acquired", ctx.t("deliberation.entry.acquired_before", {{"session", acquired->session_title}}));
    Data rows{Data::type::list};
    for (const auto& k : b.competences)
      for (const auto& c : k.criteria) {
        Data row{Data::type::object};
        row.set("title", c.title);
        row.set("modality", ctx.t("certification.modalities." + c.modality));
        Data cells{Data::type::list};
        std::string first;
        bool disagree = false;
        for (const auto& g : v->grids) {
          Data cell{Data::type::object};
          const juries::Mark* m = nullptr;
          for (const auto& x : g.marks)
            if (x.criterion_id == c.id) m = &x;
          cell.set("mark", m ? ctx.t("juries.marks." + m->mark) : ctx.t("juries.grid.no_mark"));
          cell.set("class", m ? m->mark : "none");
          if (m && !m->comment.empty()) cell.set("comment", m->comment);
          if (m) {
            if (first.empty()) first = m->mark;
            else if (m->mark != first) disagree = true;
          }
          cells.push_back(cell);
        }
        row.set("cells", cells);
        row.set("disagree", web::flag(disagree));
        rows.push_back(row);
      }
    bd.set("rows", rows);
    auto decision =
        std::find_if(v->decisions.begin(), v->decisions.end(), [&](const Decision& d) { return d.block_id == b.id; });
    std::string validated, reasons;
    if (typed) {
      for (const auto& t : *typed)
        if (t.block_id == b.id) {
          validated = t.validated;
          reasons = t.reasons;
        }
    } else if (decision != v->decisions.end()) {
      validated = decision->validated ? "1" : "0";
      reasons = decision->reasons;
    }
    if (decision != v->decisions.end())
      bd.set("decided",
             ctx.t(decision->validated ? "deliberation.decision.validated" : "deliberation.decision.not_validated") +
                 " — " + decision->reasons);
    bd.set("yes", web::flag(validated == "1"));
    bd.set("no", web::flag(validated == "0"));
    bd.set("reasons", reasons);
    bd.set("open", web::flag(acquired == v->acquired.end()));
    std::string field = "block_" + std::to_string(b.id);
    if (!outcome.ok && (outcome.field == field || outcome.field == "reasons_" + std::to_string(b.id)))
      bd.set("invalid", web::flag(true));
    blocks.push_back(bd);
  }
  data.set("blocks", blocks);
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/deliberation/entry", data,
                    ctx.t("deliberation.entry.title", {{"code", v->entry.code}}), status);
}

std::vector<BlockDecision> decisions_input(const http::Form& f) {
  std::vector<BlockDecision> out;
  for (const auto& id : f.all("block")) {
    long long block = web::parse_id(id);
    if (block) out.push_back(BlockDecision{block, f.get("validated_" + id), f.get("reasons_" + id)});
  }
  return out;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/certifications/sessions/{id:int}/deliberation", web::perm::authenticated,
          [&service](Context& ctx) { return session_page(ctx, service, Outcome::success(), 200); });
  app.get("/certifications/entrees/{id:int}/deliberation", web::perm::authenticated, [&service](Context& ctx) {
    return entry_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), 200);
  });
  app.post("/certifications/entrees/{id:int}/decisions", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto in = decisions_input(ctx.form);
    auto outcome = service.decide(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "deliberation.entry.decided", entry_url(id),
                       [&](const Outcome& o, int status) { return entry_page(ctx, service, id, &in, o, status); });
  });
  // The chair reopens a submitted grid, with a reason (juries::Service::reopen): from the entry's page.
  app.post("/certifications/grilles/{id:int}/rouvrir", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome =
        service.juries().reopen(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), ctx.form.get("reason"));
    long long entry = web::parse_id(ctx.form.get("entry"));
    return web::finish(
        ctx, outcome, "juries.grid.reopened_done", entry_url(outcome.id),
        [&](const Outcome& o, int status) { return entry_page(ctx, service, entry, nullptr, o, status); });
  });
  app.post("/certifications/sessions/{id:int}/proces-verbal", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.make_minutes(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "deliberation.minutes.made_done", session_deliberation_url(id),
                       [&](const Outcome& o, int status) { return session_page(ctx, service, o, status); });
  });
  app.post("/certifications/sessions/{id:int}/proces-verbal/confirmer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.confirm(web::actor_of(ctx), ctx.me(), id);
             return web::finish(ctx, outcome, "deliberation.minutes.confirmed", session_deliberation_url(id),
                                [&](const Outcome& o, int status) { return session_page(ctx, service, o, status); });
           });
  app.get("/certifications/sessions/{id:int}/proces-verbal.pdf", web::perm::authenticated, [&service](Context& ctx) {
    auto pdf = service.minutes_pdf(ctx.me(), ctx.req.int_param("id"));
    if (!pdf) return ctx.error(404);
    http::Response res;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition",
                   "inline; filename=\"proces-verbal-" + std::to_string(ctx.req.int_param("id")) + ".pdf\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(*pdf);
    return res;
  });
}

}  // namespace trame::deliberation
