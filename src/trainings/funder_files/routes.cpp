#include <memory>
#include <utility>

#include "platform/docs/file_type.hpp"
#include "platform/docs/zip.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/enrolments/model.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/funder_files/service.hpp"

namespace trame::funder_files {

namespace {

using web::Context;
using web::Data;

std::string base_of(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/dossiers-financeurs";
}

bool known_funder(const std::string& funder) {
  for (const auto& f : enrolments::funders())
    if (f == funder) return true;
  return false;
}

Data row_of(Context& ctx, Service& service, const Manifest& m) {
  Data r{Data::type::object};
  const auto& l = m.line;
  r.set("trainee", l.trainee_name);
  r.set("application", std::to_string(l.application_id));
  r.set("funder_code", l.funder);
  r.set("funder", ctx.t("enrolments.funders." + l.funder));
  web::set_if(r, "funder_name", l.funder_name);
  if (l.line_status.empty()) {
    r.set("line_status", ctx.t("funder_files.no_line"));
  } else {
    r.set("line_status", ctx.t("enrolments.funding_statuses." + l.line_status));
    r.set("amount", enrolments::format_euros(l.amount_cents));
    r.set("due", enrolments::format_euros(l.due_cents));
  }
  r.set("url", base_of(m.session_id) + "/" + std::to_string(l.application_id) + "/" + l.funder + ".zip");
  Data present{Data::type::list};
  for (const auto& e : m.entries) {
    Data o{Data::type::object};
    o.set("name", e.name);
    o.set("sha256", e.sha256);
    present.push_back(o);
  }
  r.set("present", present);
  r.set("present_count", std::to_string(m.entries.size()));
  Data missing{Data::type::list};
  for (const auto& x : m.missing) {
    Data o{Data::type::object};
    o.set("text", service.missing_text(x));
    missing.push_back(o);
  }
  r.set("missing", missing);
  r.set("complete", web::flag(m.missing.empty()));
  return r;
}

// The archive written entry by entry as the response's chunks: the summary first, then each file,
// a stored document read from the database only when its turn comes; then the central directory.
struct Stream {
  Service& service;
  Manifest manifest;
  std::string buffer;
  docs::ZipWriter zip;
  std::size_t next = 0;
  bool summary_done = false;
  bool done = false;
  Stream(Service& s, Manifest m)
      : service(s), manifest(std::move(m)), zip([this](std::string_view bytes) { buffer.append(bytes); }) {}

  std::optional<std::string> chunk() {
    if (done) return std::nullopt;
    if (!summary_done) {
      zip.add(Service::summary_name(), service.summary(manifest), manifest.built_at);
      summary_done = true;
    } else if (next < manifest.entries.size()) {
      auto& e = manifest.entries[next++];
      std::string data = service.bytes_of(e);
      e.data.clear();
      e.data.shrink_to_fit();
      zip.add(e.name, data, e.created_at > 0 ? e.created_at : manifest.built_at);
    } else {
      zip.finish();
      done = true;
    }
    return std::exchange(buffer, std::string());
  }
};

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/formations/sessions/{id:int}/dossiers-financeurs";

  app.get(base, web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.managed(ctx.me(), ctx.req.int_param("id"));
    if (!a) return ctx.error(404);  // another organiser's session: as if missing
    long long page = web::page_param(ctx.req);
    long long total = 0;
    auto rows = service.overview(a->session_id, page, total);
    Data data{Data::type::object};
    data.set("session_title", a->session_title);
    data.set("programme_title", a->programme_title);
    data.set("organiser", a->organiser_name);
    data.set("session_url", "/formations/sessions/" + std::to_string(a->session_id));
    Data list{Data::type::list};
    for (const auto& m : rows) list.push_back(row_of(ctx, service, m));
    data.set("rows", list);
    data.set("empty", web::flag(total == 0));
    data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, base_of(a->session_id) + "?"));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/funder_files/session", data,
                      ctx.t("funder_files.title_of", {{"session", a->session_title}}), 200);
  });

  // The ZIP of one trainee and funder: ".../{application}/{funder}.zip".
  app.get(base + "/{application:int}/{file}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto it = ctx.req.params.find("file");
    std::string file = it == ctx.req.params.end() ? "" : it->second;
    const std::string suffix = ".zip";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
      return ctx.error(404);
    std::string funder = file.substr(0, file.size() - suffix.size());
    if (!known_funder(funder)) return ctx.error(404);
    auto m = service.manifest(ctx.me(), ctx.req.int_param("id"), ctx.req.int_param("application"), funder);
    if (!m) return ctx.error(404);
    service.record_download(web::actor_of(ctx), *m);
    http::Response res;
    res.set_header("Content-Type", "application/zip");
    res.set_header("Content-Disposition", docs::attachment_disposition(m->archive_name));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    auto stream = std::make_shared<Stream>(service, std::move(*m));
    res.next_chunk = [stream]() { return stream->chunk(); };
    return res;
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::funder_files
