#include "questionnaires/results/view.hpp"

#include "questionnaires/results/service.hpp"
#include "questionnaires/results/stats.hpp"
#include "questionnaires/results/svg.hpp"

namespace trame::results {

namespace {

using web::Context;
using web::Data;

const std::size_t kTextsShown = 10;

std::string num(const Context& ctx, std::optional<double> v, int decimals = 2) {
  return v ? format_number(*v, decimals, ctx.locale) : std::string();
}

std::string pct(const Context& ctx, double v) {
  return format_percent(v, ctx.locale);
}

Data stats_data(const Context& ctx, const Stats& s) {
  Data d{Data::type::object};
  d.set("n", std::to_string(s.n));
  d.set("mean", num(ctx, s.mean));
  d.set("median", num(ctx, s.median));
  d.set("min", num(ctx, s.min));
  d.set("max", num(ctx, s.max));
  return d;
}

// A distribution: the chart and its table.
Data distribution_data(const Context& ctx, const definitions::Question& q, const std::vector<Count>& counts,
                       const std::string& id, const std::string& title, long long answered) {
  Data d{Data::type::object};
  std::vector<Bar> bars;
  Data rows{Data::type::list};
  for (const auto& c : counts) {
    std::string label = value_label(ctx, q, c);
    std::string text = std::to_string(c.count) + " (" + pct(ctx, c.percent) + ")";
    bars.push_back(Bar{label, static_cast<double>(c.count), text});
    Data r{Data::type::object};
    r.set("label", label);
    r.set("count", std::to_string(c.count));
    r.set("percent", pct(ctx, c.percent));
    rows.push_back(r);
  }
  std::string desc = ctx.t("results.chart.desc", {{"n", std::to_string(answered)}});
  d.set("svg", bar_chart(id, title, desc, bars));
  d.set("caption", title);
  d.set("rows", rows);
  d.set("multiple_note", web::flag(q.kind == "multiple"));
  return d;
}

std::string attribute_label(const Context& ctx, const Report& report, const std::string& key) {
  for (const auto& k : known_attribute_order())
    if (k == key) return ctx.t("results.attributes." + key);
  // A column of a sending's CSV: its header as typed.
  if (auto it = report.attribute_titles.find(key); it != report.attribute_titles.end()) return it->second;
  return key;
}

std::string group_label(const Context& ctx, const std::string& key, const Group& g) {
  if (g.value.empty()) return ctx.t("results.crosstab.unspecified");
  if (key == "sector" && (g.value == "social" || g.value == "cultural" || g.value == "other"))
    return ctx.t("results.sectors." + g.value);
  return g.label.empty() ? g.value : g.label;
}

// The cross-tabulation of one question (index qi of the report's questions); nullopt for free texts.
std::optional<Data> crosstab_data(const Context& ctx, const Report& report, std::size_t qi) {
  const auto& q = report.questions[qi].question;
  if (q.kind == "short" || q.kind == "long") return std::nullopt;
  Data d{Data::type::object};
  Data headers{Data::type::list};
  auto header = [&](const std::string& label) {
    Data h{Data::type::object};
    h.set("label", label);
    headers.push_back(h);
  };
  bool numeric = q.kind == "number";
  bool matrix = q.kind == "matrix";
  bool scaled = q.kind == "scale" || q.kind == "nps";
  header(ctx.t("results.crosstab.responses"));
  if (numeric) {
    header(ctx.t("results.stats.mean"));
    header(ctx.t("results.stats.median"));
  } else if (matrix) {
    for (const auto& item : q.items) header(ctx.t("results.crosstab.mean_of", {{"item", item}}));
  } else {
    for (const auto& c : report.questions[qi].counts) header(value_label(ctx, q, c));
    if (scaled) {
      header(ctx.t("results.stats.mean"));
      header(ctx.t("results.stats.median"));
    }
  }
  long long columns = 0;
  Data rows{Data::type::list};
  for (const auto& g : report.groups) {
    Data r{Data::type::object};
    r.set("label", group_label(ctx, report.filter.cross_by, g));
    r.set("responses", std::to_string(g.responses));
    r.set("responses_label", ctx.t("results.crosstab.responses_count", {{"n", std::to_string(g.responses)}}));
    r.set("guarded", web::flag(g.guarded));
    r.set("complementary", web::flag(g.complementary));
    Data cells{Data::type::list};
    auto cell = [&](const std::string& v) {
      Data c{Data::type::object};
      c.set("value", v);
      cells.push_back(c);
    };
    if (!g.guarded && qi < g.questions.size()) {
      const auto& gq = g.questions[qi];
      if (numeric) {
        cell(num(ctx, gq.stats.mean));
        cell(num(ctx, gq.stats.median));
      } else if (matrix) {
        for (const auto& row : gq.rows) cell(num(ctx, row.stats.mean));
      } else {
        // Align on the whole set's values (a group may lack some).
        for (const auto& c : report.questions[qi].counts) {
          long long n = 0;
          double p = 0;
          for (const auto& gc : gq.counts)
            if (gc.value == c.value) {
              n = gc.count;
              p = gc.percent;
            }
          cell(std::to_string(n) + " (" + pct(ctx, p) + ")");
        }
        if (scaled) {
          cell(num(ctx, gq.stats.mean));
          cell(num(ctx, gq.stats.median));
        }
      }
    }
    r.set("cells", cells);
    rows.push_back(r);
  }
  if (numeric) columns = 2;
  else if (matrix) columns = static_cast<long long>(q.items.size());
  else columns = static_cast<long long>(report.questions[qi].counts.size()) + (scaled ? 2 : 0);
  d.set("colspan", std::to_string(std::max(1LL, columns)));
  d.set("headers", headers);
  d.set("rows", rows);
  d.set("caption", ctx.t("results.crosstab.caption",
                         {{"question", q.label}, {"attribute", attribute_label(ctx, report, report.filter.cross_by)}}));
  return d;
}

}  // namespace

// What a stored value is called on screen.
std::string value_label(const Context& ctx, const definitions::Question& q, const Count& c) {
  if (c.value == "__other__") return ctx.t("results.other");
  if (q.kind == "yesno") {
    if (c.value == "oui") return ctx.t("results.yes");
    if (c.value == "non") return ctx.t("results.no");
  }
  if (q.kind == "date" && c.value.size() == 7) {
    int month = std::atoi(c.value.substr(5, 2).c_str());
    if (month >= 1 && month <= 12)
      return ctx.t("results.months.m" + std::to_string(month)) + " " + c.value.substr(0, 4);
  }
  if (q.kind == "scale" || q.kind == "matrix" || q.kind == "nps") {
    bool low = (q.kind == "nps" && c.value == "0") || (q.kind != "nps" && c.value == "1");
    bool high = (q.kind == "nps" && c.value == "10") || (q.kind != "nps" && c.value == "5");
    if (low && !q.low_label.empty()) return c.value + " — " + q.low_label;
    if (high && !q.high_label.empty()) return c.value + " — " + q.high_label;
  }
  return c.label;
}

std::string render_report(web::Context& ctx, const Report& report, const ViewOptions& options) {
  Data data{Data::type::object};
  const std::string h = std::to_string(options.heading_level);
  const std::string h_sub = std::to_string(options.heading_level + 1);
  data.set("h", h);
  data.set("h_sub", h_sub);
  data.set("responses", std::to_string(report.responses));
  data.set("invited", std::to_string(report.invited));
  data.set("answered", std::to_string(report.invitations_answered));
  if (report.response_rate) data.set("rate", pct(ctx, *report.response_rate));
  data.set("has_invited", web::flag(report.invited > 0));
  data.set("guarded", web::flag(report.guarded));
  data.set("empty", web::flag(report.responses == 0));

  // Cross-tabulation form.
  if (!report.guarded && !report.attribute_keys.empty()) {
    Data form{Data::type::object};
    form.set("action", options.page_url);
    Data keep{Data::type::list};
    for (const auto& [k, v] : options.keep) {
      Data f{Data::type::object};
      f.set("name", k);
      f.set("value", v);
      keep.push_back(f);
    }
    form.set("keep", keep);
    Data keys{Data::type::list};
    for (const auto& k : report.attribute_keys) {
      Data o{Data::type::object};
      o.set("value", k);
      o.set("label", attribute_label(ctx, report, k));
      o.set("selected", web::flag(k == report.filter.cross_by));
      keys.push_back(o);
    }
    form.set("keys", keys);
    data.set("crosstab_form", form);
  }
  if (!report.groups.empty()) {
    data.set("cross_by", attribute_label(ctx, report, report.filter.cross_by));
    Data groups{Data::type::list};
    for (const auto& g : report.groups) {
      Data r{Data::type::object};
      r.set("label", group_label(ctx, report.filter.cross_by, g));
      r.set("responses", std::to_string(g.responses));
      r.set("guarded", web::flag(g.guarded));
      r.set("complementary", web::flag(g.complementary));
      groups.push_back(r);
    }
    data.set("groups", groups);
    data.set("has_groups", web::flag(true));
  }

  Data questions{Data::type::list};
  for (std::size_t qi = 0; qi < report.questions.size(); ++qi) {
    const auto& r = report.questions[qi];
    const auto& q = r.question;
    Data d{Data::type::object};
    std::string id = "q" + std::to_string(q.id);
    d.set("id", id);
    d.set("label", q.label);
    d.set("kind", ctx.t("results.kinds." + q.kind));
    d.set("archived", web::flag(q.archived));
    d.set("answered", ctx.t("results.question.answered", {{"n", std::to_string(r.answered)}}));
    d.set("h", h);
    d.set("h_sub", h_sub);
    bool has_counts = !r.counts.empty() && (q.kind != "date" || r.answered > 0);
    if (has_counts && q.kind != "matrix")
      d.set("distribution", distribution_data(ctx, q, r.counts, id + "-chart",
                                              ctx.t("results.chart.title", {{"question", q.label}}), r.answered));
    if (q.kind == "scale" || q.kind == "nps" || q.kind == "number") {
      if (r.stats.n > 0) d.set("stats", stats_data(ctx, r.stats));
    }
    if (r.nps && r.nps->total > 0) {
      Data n{Data::type::object};
      n.set("score", format_number(*r.nps->score, 0, ctx.locale));
      n.set("promoters", std::to_string(r.nps->promoters));
      n.set("passives", std::to_string(r.nps->passives));
      n.set("detractors", std::to_string(r.nps->detractors));
      n.set("total", std::to_string(r.nps->total));
      d.set("nps", n);
    }
    if (q.kind == "matrix" && !r.rows.empty()) {
      Data m{Data::type::object};
      std::vector<Bar> bars;
      Data rows{Data::type::list};
      Data value_headers{Data::type::list};
      for (const auto& c : r.rows.front().counts) {
        Data hd{Data::type::object};
        hd.set("label", value_label(ctx, q, c));
        value_headers.push_back(hd);
      }
      for (const auto& row : r.rows) {
        bars.push_back(Bar{row.item, row.stats.mean.value_or(0),
                           row.stats.mean ? format_number(*row.stats.mean, 2, ctx.locale) : "—"});
        Data rr{Data::type::object};
        rr.set("item", row.item);
        Data cells{Data::type::list};
        for (const auto& c : row.counts) {
          Data cell{Data::type::object};
          cell.set("value", std::to_string(c.count) + " (" + pct(ctx, c.percent) + ")");
          cells.push_back(cell);
        }
        rr.set("cells", cells);
        rr.set("mean", num(ctx, row.stats.mean));
        rr.set("median", num(ctx, row.stats.median));
        rr.set("n", std::to_string(row.answered));
        rows.push_back(rr);
      }
      std::string title = ctx.t("results.chart.matrix_title", {{"question", q.label}});
      m.set("svg", bar_chart(id + "-chart", title, ctx.t("results.chart.matrix_desc"), bars, 5));
      m.set("caption", title);
      m.set("value_headers", value_headers);
      m.set("rows", rows);
      d.set("matrix", m);
    }
    if (!r.texts.empty()) {
      Data texts{Data::type::list};
      for (std::size_t i = 0; i < r.texts.size() && i < kTextsShown; ++i) {
        Data t{Data::type::object};
        t.set("text", r.texts[i]);
        texts.push_back(t);
      }
      d.set("texts", texts);
      d.set("has_texts", web::flag(true));
      d.set("texts_count", ctx.t("results.texts.count", {{"n", std::to_string(r.texts.size())}}));
      if (r.texts.size() > kTextsShown && !options.texts_url.empty())
        d.set("more_texts_url", options.texts_url + std::to_string(q.id) + "?" + options.texts_query);
      if (r.texts.size() > kTextsShown)
        d.set("more_texts", ctx.t("results.texts.more", {{"n", std::to_string(r.texts.size())}}));
    }
    if (!report.groups.empty())
      if (auto c = crosstab_data(ctx, report, qi)) d.set("crosstab", *c);
    questions.push_back(d);
  }
  data.set("questions", questions);
  return ctx.render_content("questionnaires/results/report", data);
}

}  // namespace trame::results
