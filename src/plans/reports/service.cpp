#include "plans/reports/service.hpp"

#include <algorithm>
#include <cstdio>

#include "network/organisations/repository.hpp"
#include "plans/plans/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"

namespace trame::plans::reports {

namespace {

// The key figures of the summary, in the order they are shown: the catalogue's keys, and whether each counts
// people (masked below 5).
const std::vector<std::pair<std::string, bool>>& summary_keys() {
  static const std::vector<std::pair<std::string, bool>> keys = {
      {"places_used", true},     {"people_reached", true}, {"partnerships_new", false}, {"trainings_held", false},
      {"training_hours", false}, {"events_held", false},   {"events_attendance", true}, {"volunteer_hours", false}};
  return keys;
}

bool masked(double v, bool people) {
  return people && v > 0 && v < static_cast<double>(kSmallCount);
}

std::string shown(double v, bool people) {
  return masked(v, people) ? "< 5" : plans::format_number(v);
}

docs::Cell cell(double v, bool people) {
  if (masked(v, people)) return docs::Cell("< 5");
  if (v == static_cast<double>(static_cast<long long>(v))) return docs::Cell::integer(static_cast<long long>(v));
  return docs::Cell::decimal(v, 1, plans::format_number(v));
}

// The period of the catalogue's computations, as plans::Service computes a plan's indicators.
plans::Repository::Period period_of(const std::string& from_iso, const std::string& to_iso) {
  plans::Repository::Period period;
  auto from = parse_date(from_iso), to = parse_date(to_iso);
  if (!from || !to) return period;
  period.from = day_start(*from);
  period.to = next_day_start(*to);
  period.from_iso = from_iso;
  period.to_iso = to_iso;
  period.from_week = format_local(period.from, "%G-W%V");
  period.to_week = format_local(period.to - 1, "%G-W%V");
  return period;
}

// « 2023-2024 » for a period over two years, « 2024 » for one.
std::string years_of(const Report& r) {
  std::string a = r.from_iso.substr(0, 4), b = r.to_iso.substr(0, 4);
  return a == b ? b : a + "-" + b;
}

}  // namespace

bool valid_year(long long year, long long now) {
  return year >= 2000 && year <= std::min<long long>(2100, local_date(now).year + 1);
}

std::string file_name(const Report& r, const std::string& extension) {
  std::string name = docs::pdf_file_name({"rapport activite", r.organisation, std::to_string(r.year)});
  return name.substr(0, name.size() - 4) + extension;
}

std::string Service::fr(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::optional<Report> Service::build(long long organisation_id, int year, long long now) const {
  return db_.read([&](soci::session& sql) -> std::optional<Report> {
    auto name = repo_.organisation_name(sql, organisation_id);
    if (!name) return std::nullopt;
    Report r;
    r.organisation_id = organisation_id;
    r.organisation = *name;
    r.year = year;
    r.generated_at = now;
    long long plan_id = repo_.plan_for_year(sql, organisation_id, year);
    std::optional<plans::Plan> plan = plan_id ? plans_.find(sql, plan_id) : std::nullopt;
    if (plan) {
      r.has_plan = true;
      r.plan.plan = *plan;
      r.from_iso = plan->period_from;
      r.to_iso = plan->period_to;
    } else {
      r.from_iso = std::to_string(year) + "-01-01";
      r.to_iso = std::to_string(year) + "-12-31";
    }
    const auto period = period_of(r.from_iso, r.to_iso);

    // The plan's axes, objectives and indicators, valued as the plan's page values them (one query each).
    if (plan) {
      for (const auto& a : plans_.axes(sql, plan->id)) {
        plans::AxisView av{a, {}};
        for (const auto& o : plans_.objectives(sql, a.id)) {
          plans::ObjectiveView ov{o, {}};
          for (const auto& i : plans_.indicators(sql, o.id)) {
            plans::IndicatorView iv;
            iv.indicator = i;
            iv.measures = plans_.measures(sql, i.id);
            if (i.computed()) {
              iv.value = plans_.compute(sql, i.catalogue_key, organisation_id,
                                        {i.filter_delegation_id, i.filter_programme_id, i.filter_qpv_only}, period);
            } else if (!iv.measures.empty()) {
              iv.value = iv.measures.front().value;
              iv.value_date = iv.measures.front().on_date;
            }
            iv.progress = plans::progress(iv.value, i.target, i.baseline);
            ov.indicators.push_back(std::move(iv));
          }
          av.objectives.push_back(std::move(ov));
        }
        r.plan.axes.push_back(std::move(av));
      }
    }

    // The key figures: the catalogue over the whole period, with no filter.
    for (const auto& [key, people] : summary_keys())
      r.summary.push_back({key, plans_.compute(sql, key, organisation_id, {}, period).value_or(0), people});

    // Per month (Paris months, cut to the period): places used and people reached, the catalogue's queries.
    Date d = local_date(period.from), end = local_date(period.to - 1);
    for (int y = d.year, m = d.month; y < end.year || (y == end.year && m <= end.month);) {
      char month[8];
      std::snprintf(month, sizeof month, "%04d-%02d", y, m);
      plans::Repository::Period p = period;
      p.from = std::max(period.from, month_start(y, m));
      p.to = std::min(period.to, next_month_start(y, m));
      p.from_iso = local_day(p.from);
      p.to_iso = local_day(p.to - 1);
      r.months.emplace_back(month);
      r.places_per_month.push_back(
          static_cast<long long>(plans_.compute(sql, "places_used", organisation_id, {}, p).value_or(0)));
      r.people_per_month.push_back(
          static_cast<long long>(plans_.compute(sql, "people_reached", organisation_id, {}, p).value_or(0)));
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }

    auto relais = repo_.per_relais(sql, organisation_id, period.from, period.to);
    auto programmes = repo_.per_programme(sql, organisation_id, period.from, period.to);
    auto epci = dashboards_.per_epci(sql, repo_.scope(sql, organisation_id), false, period.from, period.to);
    r.quotes = repo_.quotes(sql, organisation_id, kMaxQuotes);
    organisations::Repository organisations;
    if (auto logo = organisations.find_logo(sql, organisation_id); logo && logo->content_type == "image/png")
      r.logo_png = logo->bytes;

    // The tables of the annex (and of the workbook).
    Table indicators{"indicators",
                     {fr("reports.columns.axis"), fr("reports.columns.objective"), fr("reports.columns.indicator"),
                      fr("reports.columns.value"), fr("reports.columns.target"), fr("reports.columns.baseline"),
                      fr("reports.columns.progress"), fr("reports.columns.source")},
                     {0.8, 2.2, 2.0, 1.1, 0.9, 1.1, 1.9, 2.0},
                     {},
                     {1}};
    long long n = 0;
    for (const auto& a : r.plan.axes) {
      ++n;
      for (const auto& o : a.objectives)
        for (const auto& i : o.indicators) {
          const auto& ind = i.indicator;
          std::string source = ind.computed() ? fr("plans.catalogue." + ind.catalogue_key + ".label")
                               : i.measures.empty()
                                   ? fr("reports.indicator.no_measure")
                                   : fr("reports.indicator.manual_source", {{"source", i.measures.front().source},
                                                                            {"date", short_french_date(i.value_date)}});
          indicators.rows.push_back({docs::Cell::integer(n), o.objective.title, ind.label,
                                     i.value ? cell(*i.value, false) : docs::Cell(fr("reports.indicator.no_value")),
                                     ind.target ? cell(*ind.target, false) : docs::Cell(""),
                                     ind.baseline ? cell(*ind.baseline, false) : docs::Cell(""),
                                     i.progress ? docs::Cell::integer(*i.progress) : docs::Cell(""), source});
        }
    }
    Table summary{"summary", {fr("reports.columns.figure"), fr("reports.columns.value")}, {3, 1}, {}, {}};
    for (const auto& f : r.summary) summary.rows.push_back({fr("reports.figures." + f.key), cell(f.value, f.people)});
    Table months{"months",
                 {fr("reports.columns.month"), fr("reports.columns.places"), fr("reports.columns.people")},
                 {2, 1, 1},
                 {},
                 {}};
    for (std::size_t i = 0; i < r.months.size(); ++i)
      months.rows.push_back({r.months[i], cell(static_cast<double>(r.places_per_month[i]), true),
                             cell(static_cast<double>(r.people_per_month[i]), true)});
    Table epcis{"epci",
                {fr("reports.columns.epci"), fr("reports.columns.places_residents"), fr("reports.columns.population"),
                 fr("reports.columns.per_thousand")},
                {3, 1.3, 1.2, 1.2},
                {},
                {}};
    for (const auto& e : epci) {
      bool hidden = masked(static_cast<double>(e.places), true);
      docs::Cell rate("—");
      if (!hidden && e.population > 0) {
        double v = static_cast<double>(e.places) * 1000.0 / static_cast<double>(e.population);
        rate = docs::Cell::decimal(v, 1, web::format_number(v, 1));
      }
      epcis.rows.push_back(
          {e.name, cell(static_cast<double>(e.places), true), docs::Cell::integer(e.population), rate});
    }
    Table relais_table{"relais",
                       {fr("reports.columns.relais"), fr("reports.columns.places"), fr("reports.columns.people")},
                       {3, 1, 1},
                       {},
                       {}};
    for (const auto& l : relais)
      relais_table.rows.push_back(
          {l.name, cell(static_cast<double>(l.places), true), cell(static_cast<double>(l.people), true)});
    Table programme_table{
        "programmes",
        {fr("reports.columns.programme"), fr("reports.columns.sessions"), fr("reports.columns.hours")},
        {3, 1, 1},
        {},
        {}};
    for (const auto& l : programmes)
      programme_table.rows.push_back(
          {l.title, docs::Cell::integer(l.sessions), cell(static_cast<double>(l.minutes) / 60.0, false)});
    r.tables = {std::move(summary), std::move(indicators),   std::move(months),
                std::move(epcis),   std::move(relais_table), std::move(programme_table)};
    return r;
  });
}

namespace {

// A chart's alternative text: its title, then each label with its value as written on the bar.
std::string alt_of(const std::string& title, const std::vector<std::string>& labels,
                   const std::vector<std::string>& values) {
  std::string out = title + " : ";
  for (std::size_t i = 0; i < labels.size(); ++i) out += (i ? ", " : "") + labels[i] + " " + values[i];
  return out + ".";
}

}  // namespace

std::string Service::pdf(const Report& r, int* pages) const {
  std::string years = years_of(r);
  docs::PdfDocument doc(fr("reports.pdf.title", {{"years", years}, {"organisation", r.organisation}}));
  doc.set_author(r.organisation);
  doc.set_subject(fr("reports.pdf.subject", {{"years", years}}));
  doc.set_page_label(fr("reports.pdf.page"));
  std::string from = short_french_date(r.from_iso), to = short_french_date(r.to_iso);
  std::string today = format_local(r.generated_at, "%d/%m/%Y");

  // The cover.
  if (!r.logo_png.empty()) doc.image(r.logo_png, 72, fr("reports.pdf.logo", {{"organisation", r.organisation}}));
  doc.heading(fr("reports.pdf.cover_title", {{"years", years}}));
  doc.subheading(r.organisation);
  doc.paragraph(fr("reports.pdf.period", {{"from", from}, {"to", to}}));
  if (r.has_plan) doc.paragraph(fr("reports.pdf.plan", {{"title", r.plan.plan.title}}));
  else doc.paragraph(fr("reports.pdf.no_plan", {{"year", std::to_string(r.year)}}));
  doc.paragraph(fr("reports.pdf.generated", {{"date", today}, {"time", format_local(r.generated_at, "%H:%M")}}));
  doc.paragraph(fr("reports.pdf.data_as_of", {{"date", today}}));
  doc.page_break();

  // The key figures.
  doc.heading(fr("reports.pdf.summary"));
  doc.paragraph(fr("reports.pdf.summary_lead", {{"from", from}, {"to", to}}));
  docs::PdfTable key{{fr("reports.columns.figure"), fr("reports.columns.value")}, {3, 1}, {}};
  for (const auto& f : r.summary) key.rows.push_back({fr("reports.figures." + f.key), shown(f.value, f.people)});
  doc.table(key);
  {
    std::vector<std::string> labels, texts;
    std::vector<double> values;
    for (std::size_t i = 0; i < r.months.size(); ++i) {
      labels.push_back(fr("reports.months.m" + r.months[i].substr(5, 2)) + " " + r.months[i].substr(0, 4));
      values.push_back(static_cast<double>(r.places_per_month[i]));
      texts.push_back(shown(values.back(), true));
    }
    std::string title = fr("reports.pdf.chart_months");
    doc.bar_chart(title, labels, values, alt_of(title, labels, texts), texts);
  }

  // One chapter per axis.
  long long n = 0;
  for (const auto& a : r.plan.axes) {
    doc.page_break();
    doc.heading(fr("reports.axis_number", {{"n", std::to_string(++n)}, {"title", a.axis.title}}));
    if (!a.axis.summary.empty()) doc.paragraph(a.axis.summary);
    std::vector<std::string> labels, texts;
    std::vector<double> values;
    if (a.objectives.empty()) doc.paragraph(fr("reports.pdf.no_objective"));
    for (const auto& o : a.objectives) {
      doc.subheading(o.objective.title);
      if (!o.objective.description.empty()) doc.paragraph(o.objective.description);
      if (o.indicators.empty()) {
        doc.paragraph(fr("reports.pdf.no_indicator"));
        continue;
      }
      docs::PdfTable t{
          {fr("reports.columns.indicator"), fr("reports.columns.value"), fr("reports.columns.target"),
           fr("reports.columns.baseline"), fr("reports.columns.progress_short"), fr("reports.columns.source")},
          {1.8, 1.5, 0.8, 1.1, 1.7, 2.1},
          {}};
      for (const auto& i : o.indicators) {
        const auto& ind = i.indicator;
        std::string value = i.value ? plans::format_number(*i.value) : fr("reports.indicator.no_value");
        if (i.value && !ind.unit.empty()) value += " " + ind.unit;
        std::string source = ind.computed() ? fr("reports.indicator.computed_source",
                                                 {{"label", fr("plans.catalogue." + ind.catalogue_key + ".label")}})
                             : i.measures.empty()
                                 ? fr("reports.indicator.no_measure")
                                 : fr("reports.indicator.manual_source", {{"source", i.measures.front().source},
                                                                          {"date", short_french_date(i.value_date)}});
        t.rows.push_back({ind.label, value, ind.target ? plans::format_number(*ind.target) : "—",
                          ind.baseline ? plans::format_number(*ind.baseline) : "—",
                          i.progress ? std::to_string(*i.progress) + " %" : "—", source});
        if (i.progress) {
          labels.push_back(ind.label);
          values.push_back(static_cast<double>(*i.progress));
          texts.push_back(std::to_string(*i.progress) + " %");
        }
      }
      doc.table(t);
    }
    if (!labels.empty()) {
      std::string title = fr("reports.pdf.chart_progress");
      doc.bar_chart(title, labels, values, alt_of(title, labels, texts), texts);
    }
  }

  // The quotes.
  doc.page_break();
  doc.heading(fr("reports.pdf.quotes"));
  if (r.quotes.empty()) doc.paragraph(fr("reports.pdf.no_quote"));
  for (const auto& q : r.quotes)
    doc.paragraph(fr(q.context.empty() ? "reports.pdf.quote" : "reports.pdf.quote_context",
                     {{"text", q.text}, {"author", q.author}, {"context", q.context}}));

  // The annex: every table.
  doc.page_break();
  doc.heading(fr("reports.pdf.annex"));
  doc.paragraph(fr("reports.pdf.annex_lead"));
  for (const auto& t : r.tables) {
    doc.subheading(fr("reports.tables." + t.key));
    if (t.rows.empty()) {
      doc.paragraph(fr("reports.pdf.empty_table"));
      continue;
    }
    // The PDF leaves out the columns too wide for a page (the workbook has them all).
    auto kept = [&t](std::size_t c) { return std::find(t.pdf_skip.begin(), t.pdf_skip.end(), c) == t.pdf_skip.end(); };
    docs::PdfTable pt;
    for (std::size_t c = 0; c < t.headers.size(); ++c)
      if (kept(c)) {
        pt.headers.push_back(t.headers[c]);
        if (c < t.widths.size()) pt.widths.push_back(t.widths[c]);
      }
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (std::size_t c = 0; c < row.size(); ++c)
        if (kept(c)) cells.push_back(row[c].text());
      pt.rows.push_back(std::move(cells));
    }
    doc.table(std::move(pt));
  }
  return doc.render(pages);
}

std::unique_ptr<docs::XlsxFile> Service::xlsx(const Report& r) const {
  std::unique_ptr<docs::XlsxFile> book;
  for (const auto& t : r.tables) {
    std::string name = fr("reports.sheets." + t.key);
    if (!book) book = std::make_unique<docs::XlsxFile>(name, t.headers);
    else book->add_sheet(name, t.headers);
    for (const auto& row : t.rows) book->add_row(row);
  }
  return book;
}

}  // namespace trame::plans::reports
