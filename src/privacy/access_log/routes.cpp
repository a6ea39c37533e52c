// /admin/vie-privee/lectures: the sensitive reads for the data protection officer (privacy.manage and
// audit.read), filtered, paginated, exported as CSV (streamed by slices of 500).
#include <memory>

#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "privacy/access_log/service.hpp"

namespace trame::privacy::access_log {

namespace {

using web::Context;
using web::Data;

constexpr const char* kPage = "/admin/vie-privee/lectures";

FilterInput input_of(const Context& ctx) {
  FilterInput in;
  in.reader = ctx.req.query_param("lecteur").value_or("");
  in.kind = ctx.req.query_param("type").value_or("");
  in.record = ctx.req.query_param("dossier").value_or("");
  in.from = ctx.req.query_param("du").value_or("");
  in.to = ctx.req.query_param("au").value_or("");
  return in;
}

std::string query_of(const FilterInput& in) {
  return "lecteur=" + web::url_encode(in.reader) + "&type=" + web::url_encode(in.kind) +
         "&dossier=" + web::url_encode(in.record) + "&du=" + web::url_encode(in.from) + "&au=" + web::url_encode(in.to);
}

std::string kind_label(const web::Catalogue& cat, const std::string& locale, const std::string& kind) {
  return cat.t(locale, "access_log.kinds." + kind);
}

// The records a list view showed, as the DPO reads them.
std::string shown(const std::string& detail) {
  std::string out;
  for (char c : detail) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c == ' ' ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Both permissions: privacy.manage (the route's) and audit.read (the log itself).
bool allowed(const Context& ctx) {
  return ctx.me().can(web::perm::audit_read);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kPage, web::perm::privacy_manage, [&service](Context& ctx) {
    if (!allowed(ctx)) return ctx.error(403);
    FilterInput in = input_of(ctx);
    Filter f;
    Outcome parsed = parse_filter(in, f);
    const long long per_page = 50;
    long long page = web::page_param(ctx.req), total = 0;
    Data rows{Data::type::list};
    if (parsed.ok) {
      for (const auto& e : service.page(f, page, per_page, total)) {
        Data r{Data::type::object};
        r.set("at", web::format_datetime(e.at, ctx.locale));
        r.set("reader", e.actor_label.empty() ? "—" : e.actor_label);
        r.set("kind", kind_label(ctx.app.catalogue, ctx.locale, e.kind));
        r.set("subject", e.subject);
        web::set_if(r, "shown", shown(e.detail));
        r.set("ip", e.ip);
        rows.push_back(r);
      }
    }
    Data data{Data::type::object};
    data.set("entries", rows);
    data.set("empty", web::flag(total == 0));
    data.set("total", ctx.t("access_log.total", {{"count", std::to_string(total)}}));
    data.set("reader", in.reader);
    data.set("record", in.record);
    data.set("from", in.from);
    data.set("to", in.to);
    data.set("kinds", web::options(ctx, read_kinds(), "access_log.kinds.", in.kind));
    data.set("export_url", std::string(kPage) + ".csv?" + query_of(in));
    data.set("pagination", web::pagination(ctx, page, per_page, total, std::string(kPage) + "?" + query_of(in) + "&"));
    web::set_error(data, ctx, parsed);
    return ctx.render("privacy/access_log/reads", data, ctx.t("access_log.title"), parsed.ok ? 200 : 422);
  });

  app.get(std::string(kPage) + ".csv", web::perm::privacy_manage, [&service](Context& ctx) {
    if (!allowed(ctx)) return ctx.error(403);
    FilterInput in = input_of(ctx);
    Filter f;
    if (!parse_filter(in, f).ok) return ctx.error(400);
    service.audit_export(web::actor_of(ctx), in);
    struct State {
      Filter filter;
      long long before = 0;
      bool header = true, done = false;
    };
    auto state = std::make_shared<State>(State{f, 0, true, false});
    const web::Catalogue* cat = &ctx.app.catalogue;
    std::string locale = ctx.locale;
    std::string header =
        std::string(docs::kCsvBom) +
        docs::csv_line(std::vector<std::string>{ctx.t("access_log.fields.at"), ctx.t("access_log.fields.reader"),
                                                ctx.t("access_log.fields.kind"), ctx.t("access_log.fields.subject"),
                                                ctx.t("access_log.fields.shown"), ctx.t("access_log.fields.ip")});
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"lectures-sensibles.csv\"");
    res.set_header("Cache-Control", "private, no-store");
    res.next_chunk = [state, cat, locale, header, &service]() -> std::optional<std::string> {
      if (state->done) return std::nullopt;
      std::string chunk;
      if (state->header) {
        chunk = header;
        state->header = false;
      }
      const long long limit = 500;
      auto slice = service.slice(state->filter, state->before, limit);
      for (const auto& e : slice) {
        chunk += docs::csv_line(std::vector<std::string>{web::format_datetime(e.at, locale), e.actor_label,
                                                         kind_label(*cat, locale, e.kind), e.subject, shown(e.detail),
                                                         e.ip});
        state->before = e.id;
      }
      if (static_cast<long long>(slice.size()) < limit) state->done = true;
      if (chunk.empty()) return std::nullopt;
      return chunk;
    };
    return res;
  });
}

}  // namespace trame::privacy::access_log
