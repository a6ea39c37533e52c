#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <boost/json.hpp>

#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/docs/tabular.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/service.hpp"
#include "questionnaires/results/service.hpp"

#include <algorithm>
#include "questionnaires/results/stats.hpp"
#include "questionnaires/results/svg.hpp"
#include "questionnaires/results/view.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/web/app.hpp"

namespace trame::results {

namespace {

using web::Context;
using web::Data;

const long long kTextsPerPage = 50;
const long long kExportPage = 200;

std::string q_url(long long id) {
  return "/questionnaires/" + std::to_string(id) + "/resultats";
}
std::string css(Context& ctx) {
  return ctx.app.asset_url("css/results.css");
}

// ---- Who may read the results of a questionnaire ----

// The reading of the path's questionnaire (?envoi=, ?session= narrow it), or the refusal's page.
std::optional<http::Response> read_access(Context& ctx, Service& service, Reading& a) {
  Outcome o =
      service.reading(ctx.me(), ctx.req.int_param("id"), web::parse_id(ctx.req.query_param("envoi").value_or("")),
                      web::parse_id(ctx.req.query_param("session").value_or("")), a);
  if (!o.ok) return ctx.refused(o);
  return std::nullopt;
}

// The query string that keeps the narrowing (for links): "envoi=3&session=4&".
std::string scope_query(const Filter& f) {
  std::string q;
  for (long long c : f.campaign_ids) q += "envoi=" + std::to_string(c) + "&";
  if (f.session_id) q += "session=" + std::to_string(f.session_id) + "&";
  return q;
}

std::vector<std::pair<std::string, std::string>> scope_fields(const Filter& f) {
  std::vector<std::pair<std::string, std::string>> out;
  for (long long c : f.campaign_ids) out.emplace_back("envoi", std::to_string(c));
  if (f.session_id) out.emplace_back("session", std::to_string(f.session_id));
  return out;
}

std::string cross_by_of(const Context& ctx) {
  std::string v = ctx.req.query_param("croiser").value_or("");
  if (v.size() > 40) return "";
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return "";
  return v;
}

void set_scope(Context& ctx, Data& data, const Reading& a) {
  web::set_if(data, "campaign", a.campaign_title);
  web::set_if(data, "session", a.session_title);
  std::string query = scope_query(a.filter);
  data.set("csv_url",
           q_url(a.questionnaire.id) + ".csv" + (query.empty() ? "" : "?" + query.substr(0, query.size() - 1)));
  data.set("xlsx_url",
           q_url(a.questionnaire.id) + ".xlsx" + (query.empty() ? "" : "?" + query.substr(0, query.size() - 1)));
  data.set("pdf_url",
           q_url(a.questionnaire.id) + ".pdf" + (query.empty() ? "" : "?" + query.substr(0, query.size() - 1)));
  data.set("results_url", q_url(a.questionnaire.id) + (query.empty() ? "" : "?" + query.substr(0, query.size() - 1)));
  data.set("anonymous", web::flag(a.questionnaire.anonymous));
  data.set("css", css(ctx));
}

// ---- Exports ----

std::string display_value(const web::Catalogue& cat, const std::string& locale, const AnswerRow& a) {
  if (a.value == "__other__") {
    std::string other = cat.t(locale, "results.other");
    return a.other_text.empty() ? other : other + " : " + a.other_text;
  }
  return a.value;
}

std::vector<std::string> export_headers(const web::Catalogue& cat, const std::string& locale, const ExportLayout& l) {
  auto t = [&](const std::string& k) { return cat.t(locale, "results.export." + k); };
  std::vector<std::string> h{t("number"), t("week")};
  if (l.named) {
    h.push_back(t("name"));
    h.push_back(t("submitted_at"));
  }
  if (l.codes) h.push_back(t("code"));
  h.push_back(t("campaign"));
  for (const auto& k : l.attribute_keys) {
    bool known = false;
    for (const auto& x : known_attribute_order()) known = known || x == k;
    auto typed = l.attribute_titles.find(k);  // a column of a sending's CSV: its header as typed
    h.push_back(known                               ? cat.t(locale, "results.attributes." + k)
                : typed != l.attribute_titles.end() ? typed->second
                                                    : k);
  }
  for (const auto* q : l.questions) {
    if (q->kind == "matrix")
      for (const auto& item : q->items) h.push_back(q->label + " — " + item);
    else h.push_back(q->label);
  }
  // Every column has its own header: an attribute of the invitation named like a question (the age
  // band the relais recorded and the one the person answered) says where it comes from; any other
  // repeat is numbered.
  std::size_t first_attribute = h.size() - l.attribute_keys.size();
  for (const auto* q : l.questions) first_attribute -= q->kind == "matrix" ? q->items.size() : 1;
  for (std::size_t i = first_attribute; i < first_attribute + l.attribute_keys.size(); ++i)
    if (std::count(h.begin(), h.end(), h[i]) > 1)
      h[i] = cat.t(locale, "results.export.from_invitation", {{"label", h[i]}});
  std::map<std::string, int> seen;
  for (auto& header : h)
    if (int n = ++seen[header]; n > 1) header += " (" + std::to_string(n) + ")";
  return h;
}

// A numeric answer (number, scale, NPS, matrix) as a number in a spreadsheet; its text unchanged.
docs::Cell answer_cell(const std::string& value) {
  if (value.empty() || value.size() > 15) return value;
  std::size_t digits = 0, separators = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c >= '0' && c <= '9') ++digits;
    else if ((c == '.' || c == ',') && i > 0) ++separators;
    else if (!(c == '-' && i == 0)) return value;
  }
  if (digits == 0 || separators > 1) return value;
  if (separators == 0) return docs::Cell::integer(std::stoll(value));
  std::string dotted = value;
  std::replace(dotted.begin(), dotted.end(), ',', '.');
  std::size_t places = dotted.size() - dotted.find('.') - 1;
  return docs::Cell::decimal(std::stod(dotted), static_cast<int>(places), value);
}

docs::Row export_row(const web::Catalogue& cat, const std::string& locale, const ExportLayout& l, long long number,
                     const ResponseRow& r, const std::vector<const AnswerRow*>& answers) {
  docs::Row row{docs::Cell::integer(number), r.week};
  if (l.named) {
    row.push_back(r.respondent_name);
    row.push_back(
        docs::Cell::date_time(r.submitted_at, r.submitted_at ? web::format_datetime(r.submitted_at, locale) : ""));
  }
  if (l.codes) row.push_back(r.respondent_code);
  auto c = l.campaigns.find(r.campaign_id);
  row.push_back(c == l.campaigns.end() ? "" : c->second);
  std::map<std::string, std::string> attrs;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.attributes, ec);
    if (!ec && v.is_object())
      for (const auto& [k, val] : v.as_object()) {
        if (val.is_string()) attrs[std::string(k)] = std::string(val.as_string());
        else if (val.is_int64()) attrs[std::string(k)] = std::to_string(val.as_int64());
        else if (val.is_uint64()) attrs[std::string(k)] = std::to_string(val.as_uint64());
      }
  }
  for (const auto& k : l.attribute_keys) {
    std::string v = attrs[k];
    if (auto lk = l.attribute_labels.find(k); lk != l.attribute_labels.end())
      if (auto lv = lk->second.find(v); lv != lk->second.end()) v = lv->second;
    if (k == "sector" && (v == "social" || v == "cultural" || v == "other")) v = cat.t(locale, "results.sectors." + v);
    row.push_back(v);
  }
  for (const auto* q : l.questions) {
    if (q->kind == "matrix") {
      std::vector<std::string> cells(q->items.size());
      for (const auto* a : answers)
        if (a->question_id == q->id && a->item >= 0 && static_cast<std::size_t>(a->item) < cells.size())
          cells[static_cast<std::size_t>(a->item)] = a->value;
      for (auto& cell : cells) row.push_back(answer_cell(cell));
      continue;
    }
    // Several choices in the order of the question's options ("other" last), whatever the order
    // of the answer rows (their ids are random).
    std::vector<std::pair<std::size_t, std::string>> values;
    for (const auto* a : answers) {
      if (a->question_id != q->id) continue;
      std::string v = display_value(cat, locale, *a);
      if (v.empty()) continue;
      auto at = std::find(q->options.begin(), q->options.end(), a->value);
      values.emplace_back(static_cast<std::size_t>(at - q->options.begin()), v);
    }
    std::stable_sort(values.begin(), values.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::string cell;
    for (const auto& [rank, v] : values) cell += (cell.empty() ? "" : " | ") + v;
    bool numeric = q->kind == "number" || q->kind == "scale" || q->kind == "nps";
    row.push_back(numeric ? answer_cell(cell) : docs::Cell(cell));
  }
  return row;
}

// A page of rows (offset in responses); empty when done.
std::vector<docs::Row> export_page(Service& service, const web::Catalogue& cat, const std::string& locale,
                                   const ExportLayout& l, long long offset) {
  std::vector<docs::Row> out;
  ResponsePage page = service.responses(l, offset, kExportPage);
  std::map<long long, std::vector<const AnswerRow*>> by_response;
  for (const auto& ans : page.answers) by_response[ans.response_id].push_back(&ans);
  long long n = offset;
  for (const auto& r : page.responses) out.push_back(export_row(cat, locale, l, ++n, r, by_response[r.id]));
  return out;
}

std::string file_base(long long id) {
  return "resultats-questionnaire-" + std::to_string(id);
}

// Anonymous questionnaires: no raw export of fewer than kMinGroup responses (they could be recognised).
std::optional<http::Response> export_guard(Context& ctx, Service& service, const Reading& a, long long& count) {
  count = service.count_responses(a.filter);
  if (a.questionnaire.anonymous && guarded(count)) {
    Data data{Data::type::object};
    data.set("title", a.questionnaire.title);
    data.set("message", ctx.t("results.export.guarded"));
    data.set("back_url", q_url(a.questionnaire.id));
    data.set("css", css(ctx));
    return ctx.render("questionnaires/results/message", data, ctx.t("results.export.guarded_title"), 409);
  }
  return std::nullopt;
}

std::string kind_title(const Context& ctx, const std::string& kind) {
  return ctx.t("results.kinds." + kind);
}

// ---- PDF ----

// The most a chart of the PDF report takes in height (points): its width, the page's, decides first.
const double kPdfChartHeight = 560;

std::string pdf_report(Context& ctx, const Report& r, const std::string& scope_line) {
  const auto& q = r.definition.questionnaire;
  docs::PdfDocument doc(ctx.t("results.pdf.title", {{"title", q.title}}));
  doc.set_page_label(ctx.t("results.pdf.page"));
  doc.set_subject(q.title);
  doc.set_language(ctx.locale == "en" ? "en" : "fr-FR");
  doc.heading(ctx.t("results.pdf.title", {{"title", q.title}}));
  if (!scope_line.empty()) doc.paragraph(scope_line);
  doc.paragraph(ctx.t("results.pdf.computed", {{"date", web::format_datetime(store::now_seconds(), ctx.locale)}}));
  std::string rate = r.response_rate
                         ? format_percent(*r.response_rate, ctx.locale) + " (" +
                               std::to_string(r.invitations_answered) + " / " + std::to_string(r.invited) + ")"
                         : ctx.t("results.report.no_rate");
  doc.table(
      docs::PdfTable{{ctx.t("results.report.responses"), ctx.t("results.report.invited"), ctx.t("results.report.rate")},
                     {},
                     {{std::to_string(r.responses), std::to_string(r.invited), rate}}});
  if (r.guarded) {
    doc.paragraph(ctx.t("results.guard"));
    return doc.render();
  }
  auto n = [&](std::optional<double> v) { return v ? format_number(*v, 2, ctx.locale) : std::string("—"); };
  for (const auto& qr : r.questions) {
    const auto& question = qr.question;
    doc.subheading(question.label);
    doc.paragraph(kind_title(ctx, question.kind) + " · " +
                  ctx.t("results.question.answered", {{"n", std::to_string(qr.answered)}}));
    if (question.kind == "matrix") {
      // The chart of the items' means, then the table: the values as numbers in the header, their
      // labelled ends in a line above it, and columns wide enough for "Moyenne", "Médiane", "Réponses".
      std::vector<Bar> bars;
      for (const auto& row : qr.rows) bars.push_back(Bar{row.item, row.stats.mean.value_or(0), n(row.stats.mean)});
      if (!bars.empty()) doc.image(bar_chart_png(bars, 5), kPdfChartHeight);
      docs::PdfTable t;
      t.headers = {ctx.t("results.table.item")};
      t.widths = {2.2};
      std::vector<std::string> ends;
      if (!qr.rows.empty())
        for (const auto& c : qr.rows.front().counts) {
          t.headers.push_back(c.value);
          t.widths.push_back(0.4);
          if (std::string label = value_label(ctx, question, c); label != c.value) ends.push_back(label);
        }
      for (const char* k : {"results.stats.mean", "results.stats.median", "results.stats.n"}) {
        t.headers.push_back(ctx.t(k));
        t.widths.push_back(2.4);
      }
      for (const auto& row : qr.rows) {
        std::vector<std::string> cells{row.item};
        for (const auto& c : row.counts) cells.push_back(std::to_string(c.count));
        cells.push_back(n(row.stats.mean));
        cells.push_back(n(row.stats.median));
        cells.push_back(std::to_string(row.answered));
        t.rows.push_back(std::move(cells));
      }
      if (!ends.empty()) {
        std::string legend;
        for (const auto& e : ends) legend += (legend.empty() ? "" : " · ") + e;
        doc.paragraph(legend);
      }
      doc.table(t);
    } else if (!qr.counts.empty()) {
      std::vector<Bar> bars;
      docs::PdfTable t;
      t.headers = {ctx.t("results.table.answer"), ctx.t("results.table.count"), ctx.t("results.table.percent")};
      t.widths = {4, 1, 1};
      for (const auto& c : qr.counts) {
        std::string label = value_label(ctx, question, c);
        bars.push_back(Bar{label, static_cast<double>(c.count),
                           std::to_string(c.count) + " (" + format_percent(c.percent, ctx.locale) + ")"});
        t.rows.push_back({label, std::to_string(c.count), format_percent(c.percent, ctx.locale)});
      }
      doc.image(bar_chart_png(bars), kPdfChartHeight);
      doc.table(t);
    }
    if ((question.kind == "scale" || question.kind == "nps" || question.kind == "number") && qr.stats.n > 0)
      doc.table(docs::PdfTable{
          {ctx.t("results.stats.mean"), ctx.t("results.stats.median"), ctx.t("results.stats.min"),
           ctx.t("results.stats.max"), ctx.t("results.stats.n")},
          {},
          {{n(qr.stats.mean), n(qr.stats.median), n(qr.stats.min), n(qr.stats.max), std::to_string(qr.stats.n)}}});
    if (qr.nps && qr.nps->score)
      doc.paragraph(ctx.t("results.pdf.nps", {{"score", format_number(*qr.nps->score, 0, ctx.locale)},
                                              {"promoters", std::to_string(qr.nps->promoters)},
                                              {"passives", std::to_string(qr.nps->passives)},
                                              {"detractors", std::to_string(qr.nps->detractors)}}));
    if (!qr.texts.empty()) {
      docs::PdfTable t;
      t.headers = {ctx.t("results.pdf.texts", {{"n", std::to_string(qr.texts.size())}})};
      for (std::size_t i = 0; i < qr.texts.size() && i < 30; ++i) t.rows.push_back({qr.texts[i]});
      doc.table(t);
    }
  }
  return doc.render();
}

// ---- Before / after ----

http::Response comparison_page(Context& ctx, const Comparison& c, const std::string& title, const std::string& back_url,
                               const std::string& back_label, const std::string& results_query) {
  Data data{Data::type::object};
  data.set("title", title);
  data.set("back_url", back_url);
  data.set("back_label", back_label);
  data.set("before_responses", std::to_string(c.before_responses));
  data.set("after_responses", std::to_string(c.after_responses));
  data.set("has_positioning", web::flag(c.positioning_questionnaire != 0));
  data.set("has_followup", web::flag(c.followup_questionnaire != 0));
  if (c.positioning_questionnaire) data.set("positioning_url", q_url(c.positioning_questionnaire) + results_query);
  if (c.followup_questionnaire) data.set("followup_url", q_url(c.followup_questionnaire) + results_query);
  auto n = [&](std::optional<double> v) { return v ? format_number(*v, 2, ctx.locale) : std::string(); };
  Data rows{Data::type::list};
  std::vector<PairedBar> bars;
  double max = 5;
  for (const auto& o : c.objectives) {
    Data r{Data::type::object};
    r.set("label", o.label);
    if (!o.before_label.empty())
      r.set("before_label", ctx.t("objectives.comparison.asked_before", {{"label", o.before_label}}));
    if (!o.after_label.empty())
      r.set("after_label", ctx.t("objectives.comparison.asked_after", {{"label", o.after_label}}));
    r.set("before_n", std::to_string(o.before.n));
    r.set("after_n", std::to_string(o.after.n));
    r.set("before_guarded", web::flag(o.before_guarded));
    r.set("after_guarded", web::flag(o.after_guarded));
    if (!o.before_guarded) r.set("before", n(o.before.mean));
    if (!o.after_guarded) r.set("after", n(o.after.mean));
    if (o.difference) r.set("difference", (*o.difference > 0 ? "+" : "") + format_number(*o.difference, 2, ctx.locale));
    rows.push_back(r);
    PairedBar b;
    b.label = o.label;
    b.has_before = !o.before_guarded && o.before.mean.has_value();
    b.has_after = !o.after_guarded && o.after.mean.has_value();
    b.before = o.before.mean.value_or(0);
    b.after = o.after.mean.value_or(0);
    b.before_text = b.has_before ? n(o.before.mean) : ctx.t("results.comparison.hidden");
    b.after_text = b.has_after ? n(o.after.mean) : ctx.t("results.comparison.hidden");
    if (b.has_before) max = std::max(max, b.before);
    if (b.has_after) max = std::max(max, b.after);
    bars.push_back(b);
  }
  data.set("rows", rows);
  data.set("has_rows", web::flag(!c.objectives.empty()));
  if (!c.objectives.empty())
    data.set("svg", paired_chart("comparison-chart", ctx.t("results.comparison.chart_title"),
                                 ctx.t("results.comparison.chart_desc"), bars, max, ctx.t("results.comparison.before"),
                                 ctx.t("results.comparison.after")));
  data.set("css", css(ctx));
  return ctx.render("questionnaires/results/comparison", data, title);
}

// ---- Programme results ----

Data programme_results_data(const Context& ctx, const ProgrammeResults& r) {
  Data d{Data::type::object};
  auto p = [&](std::optional<double> v) { return v ? format_percent(*v, ctx.locale) : std::string(); };
  if (r.satisfaction) d.set("satisfaction", format_number(*r.satisfaction, 1, ctx.locale));
  d.set("satisfaction_responses", std::to_string(r.satisfaction_responses));
  web::set_if(d, "response_rate", p(r.response_rate));
  web::set_if(d, "completion_rate", p(r.completion_rate));
  web::set_if(d, "dropout_rate", p(r.dropout_rate));
  d.set("trainees", std::to_string(r.trainees));
  d.set("computed_at", format_local(r.computed_at, "%d/%m/%Y"));
  return d;
}

// The path's programme, when `me` manages its organiser; else the refusal's page.
std::optional<http::Response> programme_access(Context& ctx, Service& service, ProgrammeRef& a) {
  Outcome o = service.programme(ctx.me(), ctx.req.int_param("id"), a);
  if (!o.ok) return ctx.refused(o);
  return std::nullopt;
}

http::Response programme_page(Context& ctx, Service& service, const ProgrammeRef& a) {
  Data data{Data::type::object};
  data.set("title", a.title);
  data.set("programme_url", "/formations/programmes/" + std::to_string(a.id));
  data.set("publish_url", "/formations/programmes/" + std::to_string(a.id) + "/resultats/publier");
  data.set("comparison_url", "/formations/programmes/" + std::to_string(a.id) + "/evaluations/comparaison");
  ProgrammeResults preview = service.preview_programme(a.id);
  data.set("preview", programme_results_data(ctx, preview));
  data.set("preview_guarded", web::flag(!preview.satisfaction));
  Data history{Data::type::list};
  for (const auto& r : service.history(a.id)) history.push_back(programme_results_data(ctx, r));
  data.set("history", history);
  data.set("has_history", web::flag(!history.is_empty_list()));
  data.set("css", css(ctx));
  return ctx.render("questionnaires/results/programme", data, ctx.t("results.programme.title", {{"title", a.title}}));
}

// A questionnaire's results within the reader's scope.
http::Response questionnaire_page(Context& ctx, Service& service) {
  Reading a;
  if (auto refused = read_access(ctx, service, a)) return std::move(*refused);
  a.filter.cross_by = cross_by_of(ctx);
  Report report = service.report(a.filter);
  ViewOptions options;
  options.page_url = q_url(a.questionnaire.id);
  options.keep = scope_fields(a.filter);
  options.texts_url = q_url(a.questionnaire.id) + "/textes/";
  options.texts_query = scope_query(a.filter);
  Data data{Data::type::object};
  data.set("title", a.questionnaire.title);
  data.set("report", render_report(ctx, report, options));
  set_scope(ctx, data, a);
  if (a.filter.campaign_ids.empty() && !a.filter.session_id) {
    // Narrowing to one sending (its own rate and guard).
    Data campaigns{Data::type::list};
    for (const auto& [cid, ctitle] : service.campaign_titles(a.questionnaire.id)) {
      Data c{Data::type::object};
      c.set("title", ctitle);
      c.set("url", q_url(a.questionnaire.id) + "?envoi=" + std::to_string(cid));
      campaigns.push_back(c);
    }
    data.set("has_campaigns", web::flag(!campaigns.is_empty_list()));
    data.set("campaigns", campaigns);
  } else if (a.whole) {
    data.set("all_url", q_url(a.questionnaire.id));
  }
  return ctx.render("questionnaires/results/questionnaire", data,
                    ctx.t("results.page.title", {{"title", a.questionnaire.title}}));
}
// Every free text of one question, paginated (the guard applies to the whole set).
http::Response texts_page(Context& ctx, Service& service) {
  Reading a;
  if (auto refused = read_access(ctx, service, a)) return std::move(*refused);
  long long question_id = ctx.req.int_param("question");
  Report report = service.report(a.filter);
  const QuestionResult* found = nullptr;
  for (const auto& q : report.questions)
    if (q.question.id == question_id) found = &q;
  bool exists = false;
  for (const auto& section : report.definition.questions)
    for (const auto& q : section) exists = exists || q.id == question_id;
  if (!exists) return ctx.error(404);  // archived questions are in the definition too
  long long page = web::page_param(ctx.req);
  Data data{Data::type::object};
  data.set("title", a.questionnaire.title);
  data.set("guarded", web::flag(report.guarded));
  Data texts{Data::type::list};
  long long total = found ? static_cast<long long>(found->texts.size()) : 0;
  if (found) {
    data.set("question", found->question.label);
    for (long long i = (page - 1) * kTextsPerPage; i < total && i < page * kTextsPerPage; ++i) {
      Data t{Data::type::object};
      t.set("text", found->texts[static_cast<std::size_t>(i)]);
      texts.push_back(t);
    }
  }
  data.set("texts", texts);
  data.set("has_texts", web::flag(!texts.is_empty_list()));
  data.set("count", ctx.t("results.texts.count", {{"n", std::to_string(total)}}));
  std::string query = scope_query(a.filter);
  data.set("pagination",
           web::pagination(ctx, page, kTextsPerPage, total,
                           q_url(a.questionnaire.id) + "/textes/" + std::to_string(question_id) + "?" + query));
  set_scope(ctx, data, a);
  return ctx.render("questionnaires/results/texts", data,
                    ctx.t("results.texts.title", {{"title", a.questionnaire.title}}));
}
// Raw responses as CSV, streamed 200 responses at a time.
http::Response csv_download(Context& ctx, Service& service) {
  Reading a;
  if (auto refused = read_access(ctx, service, a)) return std::move(*refused);
  long long count = 0;
  if (auto g = export_guard(ctx, service, a, count)) return std::move(*g);
  auto layout = std::make_shared<ExportLayout>(service.export_layout(a));
  service.record_export(web::actor_of(ctx), a.questionnaire.id, "csv", count);
  const web::Catalogue* cat = &ctx.app.catalogue;
  std::string locale = ctx.locale;
  struct State {
    long long offset = 0;
    bool header = true;
    bool done = false;
  };
  auto state = std::make_shared<State>();
  std::string header = std::string(docs::kCsvBom) + docs::csv_line(export_headers(*cat, locale, *layout));
  http::Response res;
  res.set_header("Content-Type", "text/csv; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_base(a.questionnaire.id) + ".csv\"");
  res.set_header("Cache-Control", "private, no-store");
  res.next_chunk = [state, layout, cat, locale, header, &service]() -> std::optional<std::string> {
    if (state->done) return std::nullopt;
    std::string chunk;
    if (state->header) {
      chunk = header;
      state->header = false;
    }
    auto rows = export_page(service, *cat, locale, *layout, state->offset);
    for (const auto& r : rows) chunk += docs::csv_line(r);
    state->offset += kExportPage;
    if (static_cast<long long>(rows.size()) < kExportPage) state->done = true;
    if (chunk.empty()) return std::nullopt;
    return chunk;
  };
  return res;
}
// Raw responses as a spreadsheet.
http::Response xlsx_download(Context& ctx, Service& service) {
  Reading a;
  if (auto refused = read_access(ctx, service, a)) return std::move(*refused);
  long long count = 0;
  if (auto g = export_guard(ctx, service, a, count)) return std::move(*g);
  ExportLayout layout = service.export_layout(a);
  auto book = std::make_shared<docs::XlsxFile>(ctx.t("results.export.sheet"),
                                               export_headers(ctx.app.catalogue, ctx.locale, layout));
  for (long long offset = 0;; offset += kExportPage) {
    auto rows = export_page(service, ctx.app.catalogue, ctx.locale, layout, offset);
    for (const auto& r : rows) book->add_row(r);
    if (static_cast<long long>(rows.size()) < kExportPage) break;
  }
  service.record_export(web::actor_of(ctx), a.questionnaire.id, "xlsx", count);
  auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
  http::Response res;
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_base(a.questionnaire.id) + ".xlsx\"");
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
}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- The results of a questionnaire ----
  app.get("/questionnaires/{id:int}/resultats", web::perm::authenticated,
          [&service](Context& ctx) { return questionnaire_page(ctx, service); });

  // Every free text of one question, paginated (the guard applies to the whole set).
  app.get("/questionnaires/{id:int}/resultats/textes/{question:int}", web::perm::authenticated,
          [&service](Context& ctx) { return texts_page(ctx, service); });

  // Raw responses as CSV, streamed 200 responses at a time.
  app.get("/questionnaires/{id:int}/resultats.csv", web::perm::authenticated,
          [&service](Context& ctx) { return csv_download(ctx, service); });

  app.get("/questionnaires/{id:int}/resultats.xlsx", web::perm::authenticated,
          [&service](Context& ctx) { return xlsx_download(ctx, service); });

  app.get("/questionnaires/{id:int}/resultats.pdf", web::perm::authenticated, [&service](Context& ctx) {
    Reading a;
    if (auto refused = read_access(ctx, service, a)) return std::move(*refused);
    Report report = service.report(a.filter);
    std::string scope_line;
    if (!a.campaign_title.empty()) scope_line = ctx.t("results.page.campaign") + " : " + a.campaign_title;
    if (!a.session_title.empty())
      scope_line += (scope_line.empty() ? "" : " · ") + ctx.t("results.page.session") + " : " + a.session_title;
    http::Response res;
    res.body = pdf_report(ctx, report, scope_line);
    service.record_export(web::actor_of(ctx), a.questionnaire.id, "pdf", report.responses);
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"" + file_base(a.questionnaire.id) + ".pdf\"");
    res.set_header("Cache-Control", "private, no-store");
    return res;
  });

  // ---- Before / after ----
  app.get("/formations/sessions/{id:int}/evaluations/comparaison", web::perm::trainings_manage,
          [&service](Context& ctx) {
            long long id = ctx.req.int_param("id");
            auto s = service.session_access(ctx.me(), id);
            if (!s || !s->manager) return ctx.error(404);
            Comparison c = service.comparison(id, 0);
            return comparison_page(ctx, c, ctx.t("results.comparison.title_session", {{"session", s->session_title}}),
                                   "/formations/sessions/" + std::to_string(id), s->session_title,
                                   "?session=" + std::to_string(id));
          });

  app.get("/formations/programmes/{id:int}/evaluations/comparaison", web::perm::trainings_manage,
          [&service](Context& ctx) {
            ProgrammeRef a;
            if (auto refused = programme_access(ctx, service, a)) return std::move(*refused);
            Comparison c = service.comparison(0, a.id);
            return comparison_page(ctx, c, ctx.t("results.comparison.title_programme", {{"programme", a.title}}),
                                   "/formations/programmes/" + std::to_string(a.id), a.title, "");
          });

  // ---- Published results of a programme ----
  app.get("/formations/programmes/{id:int}/resultats", web::perm::trainings_manage, [&service](Context& ctx) {
    ProgrammeRef a;
    if (auto refused = programme_access(ctx, service, a)) return std::move(*refused);
    return programme_page(ctx, service, a);
  });

  app.post("/formations/programmes/{id:int}/resultats/publier", web::perm::trainings_manage, [&service](Context& ctx) {
    ProgrammeRef a;
    if (auto refused = programme_access(ctx, service, a)) return std::move(*refused);
    Outcome o = service.publish_programme(web::actor_of(ctx), a.id);
    return web::finish(ctx, o, "results.programme.published",
                       "/formations/programmes/" + std::to_string(a.id) + "/resultats",
                       [&](const Outcome& failed, int status) { return ctx.error(status, ctx.t(failed.error)); });
  });
}

}  // namespace trame::results
