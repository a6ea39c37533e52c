#include <algorithm>
#include <cstdio>

#include "plans/dashboards/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"

namespace trame::plans::dashboards {

namespace {

using web::Context;
using web::Data;

constexpr int kChartWidth = 640, kChartHeight = 220, kChartTop = 20, kChartBottom = 40;

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string per_thousand(long long places, long long population) {
  if (population <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 1000.0 * static_cast<double>(places) / static_cast<double>(population));
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// The monthly series as an SVG bar chart (its figures are also in a table beside it): each bar carries
// its value as text, so that nothing is said by colour alone. A masked value draws no bar.
Data chart(const Context& ctx, const Block& b, const std::string& id) {
  bool people = b.audience != "training";
  long long max = 1;
  for (const auto& m : b.series) max = std::max(max, m.value);
  int n = std::max<int>(1, static_cast<int>(b.series.size()));
  int slot = kChartWidth / n, bar = std::max(4, slot * 2 / 3);
  int usable = kChartHeight - kChartTop - kChartBottom;
  Data bars{Data::type::list};
  Data rows{Data::type::list};
  for (int i = 0; i < static_cast<int>(b.series.size()); ++i) {
    const auto& m = b.series[static_cast<std::size_t>(i)];
    bool masked = people && m.value > 0 && m.value < kSmallCount;
    long long h = masked ? 0 : m.value * usable / max;
    int x = i * slot + (slot - bar) / 2;
    Data d{Data::type::object};
    d.set("x", std::to_string(x));
    d.set("y", std::to_string(kChartTop + usable - h));
    d.set("width", std::to_string(bar));
    d.set("height", std::to_string(h));
    d.set("label_x", std::to_string(x + bar / 2));
    d.set("label_y", std::to_string(kChartTop + usable - h - 4));
    d.set("month_y", std::to_string(kChartHeight - kChartBottom + 16));
    d.set("month", m.month.substr(5));
    d.set("value", shown(m.value, people));
    bars.push_back(d);
    Data r{Data::type::object};
    r.set("month", m.month);
    r.set("value", shown(m.value, people));
    rows.push_back(r);
  }
  Data c{Data::type::object};
  c.set("id", id);
  c.set("title", ctx.t("dashboards.series." + b.audience));
  c.set("width", std::to_string(kChartWidth));
  c.set("height", std::to_string(kChartHeight));
  c.set("bars", bars);
  c.set("rows", rows);
  return c;
}

http::Response page(Context& ctx, Service& service) {
  Period p = parse_period(ctx.req.query_param("du").value_or(""), ctx.req.query_param("au").value_or(""),
                          store::now_seconds());
  auto blocks = service.blocks(ctx.me(), p);
  if (blocks.empty()) return ctx.error(403);
  Data list{Data::type::list};
  for (const auto& b : blocks) {
    Data block{Data::type::object};
    block.set("id", b.audience);
    block.set("title", ctx.t("dashboards.audiences." + b.audience));
    if (!b.scope_names.empty()) block.set("scope", join(b.scope_names));
    Data figures{Data::type::list};
    for (const auto& f : b.figures) {
      Data row{Data::type::object};
      row.set("key", f.key);
      row.set("label", ctx.t("dashboards.figures." + f.key));
      row.set("value", shown(f, f.value));
      row.set("previous", shown(f, f.previous));
      std::string c = change(f);
      row.set("change", c.empty() ? std::string("—") : c);
      if (!f.url.empty()) row.set("url", f.url);
      figures.push_back(row);
    }
    block.set("figures", figures);
    if (!b.series.empty()) block.set("chart", chart(ctx, b, "chart-" + b.audience));
    if (b.audience == "network" || b.audience == "delegation") {
      Data epci{Data::type::list};
      for (const auto& e : b.epci) {
        Data row{Data::type::object};
        row.set("name", e.name);
        row.set("siren", e.siren);
        row.set("places", shown(e.places, true));
        row.set("population", std::to_string(e.population));
        bool masked = e.places > 0 && e.places < kSmallCount;
        row.set("per_thousand", masked ? std::string("—") : per_thousand(e.places, e.population));
        epci.push_back(row);
      }
      block.set("epci", epci);
      block.set("has_epci", web::flag(true));
      block.set("no_epci", web::flag(b.epci.empty()));
    }
    list.push_back(block);
  }
  Data data{Data::type::object};
  data.set("blocks", list);
  data.set("du", p.from_iso);
  data.set("au", p.to_iso);
  data.set("previous", ctx.t("dashboards.previous_period", {{"from", short_french_date(p.previous_from_iso)},
                                                            {"to", short_french_date(p.previous_to_iso)}}));
  if (p.invalid) data.set("period_error", ctx.t("dashboards.errors.period"));
  return ctx.render("plans/dashboards/index", data, ctx.t("dashboards.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/rapports", web::perm::authenticated, [&service](Context& ctx) { return page(ctx, service); });
}

}  // namespace trame::plans::dashboards
