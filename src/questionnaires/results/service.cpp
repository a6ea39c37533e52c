#include "questionnaires/results/service.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/service.hpp"
#include "questionnaires/objectives/repository.hpp"
#include "questionnaires/results/stats.hpp"

namespace trame::results {

namespace {

using definitions::Definition;
using definitions::Question;

std::optional<double> numeric(const AnswerRow& a) {
  if (a.number) return a.number;
  if (a.value.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(a.value.c_str(), &end);
  if (end == a.value.c_str() || *end != '\0') return std::nullopt;
  return v;
}

std::string value_key(double v) {
  long long i = static_cast<long long>(v);
  return static_cast<double>(i) == v ? std::to_string(i) : format_number(v, 2, "en");
}

Count count_of(const std::string& value, const std::string& label) {
  Count c;
  c.value = value;
  c.label = label;
  return c;
}

// Adds one to the count of `value`, appending it (labelled as itself) when it is not listed.
void bump(std::vector<Count>& counts, const std::string& value) {
  for (auto& c : counts)
    if (c.value == value) {
      ++c.count;
      return;
    }
  Count c = count_of(value, value);
  c.count = 1;
  counts.push_back(c);
}

std::vector<Count> scale_counts(int from, int to) {
  std::vector<Count> out;
  for (int v = from; v <= to; ++v) out.push_back(count_of(std::to_string(v), std::to_string(v)));
  return out;
}

}  // namespace

QuestionResult compute_question(const Question& q, const std::vector<const AnswerRow*>& rows) {
  QuestionResult r;
  r.question = q;
  std::set<long long> respondents;
  for (const auto* a : rows) respondents.insert(a->response_id);
  r.answered = static_cast<long long>(respondents.size());
  const std::string& k = q.kind;
  if (k == "single" || k == "multiple") {
    for (const auto& o : q.options) r.counts.push_back(count_of(o, o));
    if (q.allow_other) r.counts.push_back(count_of("__other__", "__other__"));
    for (const auto* a : rows) {
      if (a->value.empty()) continue;
      bump(r.counts, a->value);
      if (!a->other_text.empty()) r.texts.push_back(a->other_text);
    }
    set_percents(r.counts, r.answered);
  } else if (k == "scale" || k == "nps") {
    r.counts = k == "scale" ? scale_counts(1, 5) : scale_counts(0, 10);
    std::vector<double> values;
    for (const auto* a : rows) {
      auto v = numeric(*a);
      if (!v) continue;
      values.push_back(*v);
      bump(r.counts, value_key(*v));
    }
    set_percents(r.counts, r.answered);
    r.stats = stats_of(values);
    if (k == "nps") r.nps = nps_of(values);
  } else if (k == "yesno") {
    r.counts = {count_of("oui", "oui"), count_of("non", "non")};
    for (const auto* a : rows)
      if (!a->value.empty()) bump(r.counts, a->value);
    set_percents(r.counts, r.answered);
  } else if (k == "number") {
    std::vector<double> values;
    for (const auto* a : rows)
      if (auto v = numeric(*a)) values.push_back(*v);
    r.stats = stats_of(values);
  } else if (k == "date") {
    std::map<std::string, long long> months;
    for (const auto* a : rows)
      if (a->value.size() >= 7) ++months[a->value.substr(0, 7)];
    for (const auto& [m, n] : months) {
      Count c = count_of(m, m);
      c.count = n;
      r.counts.push_back(c);
    }
    set_percents(r.counts, r.answered);
  } else if (k == "short" || k == "long") {
    for (const auto* a : rows)
      if (!a->value.empty()) r.texts.push_back(a->value);
  } else if (k == "matrix") {
    std::vector<std::vector<double>> values(q.items.size());
    std::vector<std::set<long long>> answered(q.items.size());
    for (const auto& item : q.items) {
      MatrixRow row;
      row.item = item;
      row.counts = scale_counts(1, 5);
      r.rows.push_back(row);
    }
    for (const auto* a : rows) {
      if (a->item < 0 || static_cast<std::size_t>(a->item) >= q.items.size()) continue;
      auto v = numeric(*a);
      if (!v) continue;
      auto i = static_cast<std::size_t>(a->item);
      values[i].push_back(*v);
      answered[i].insert(a->response_id);
      bump(r.rows[i].counts, value_key(*v));
    }
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      r.rows[i].answered = static_cast<long long>(answered[i].size());
      r.rows[i].stats = stats_of(values[i]);
      set_percents(r.rows[i].counts, r.rows[i].answered);
    }
  }
  return r;
}

namespace {

// Per question (in the definition's order, archived ones included), over the answers of `only`
// responses (nullptr: all the answers given).
std::vector<QuestionResult> compute_questions(const Definition& def, const std::vector<AnswerRow>& answers,
                                              const std::set<long long>* only) {
  std::map<long long, std::vector<const AnswerRow*>> by_question;
  for (const auto& a : answers)
    if (!only || only->count(a.response_id)) by_question[a.question_id].push_back(&a);
  std::vector<QuestionResult> out;
  static const std::vector<const AnswerRow*> none;
  for (const auto& section : def.questions)
    for (const auto& q : section) {
      auto it = by_question.find(q.id);
      out.push_back(compute_question(q, it == by_question.end() ? none : it->second));
    }
  return out;
}

// The attributes of a response as strings (numbers written plainly); malformed JSON: none.
std::map<std::string, std::string> attributes_of(const std::string& json) {
  std::map<std::string, std::string> out;
  if (json.empty()) return out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [key, value] : v.as_object()) {
    std::string k(key);
    if (value.is_string()) out[k] = std::string(value.as_string());
    else if (value.is_int64()) out[k] = std::to_string(value.as_int64());
    else if (value.is_uint64()) out[k] = std::to_string(value.as_uint64());
    else if (value.is_double()) out[k] = format_number(value.as_double(), 2, "en");
    else if (value.is_bool()) out[k] = value.as_bool() ? "1" : "0";
  }
  return out;
}

// The headers typed in the CSVs of the sendings (key → label; the first sending's wins).
std::map<std::string, std::string> attribute_titles(soci::session& sql, const Repository& repo,
                                                    long long questionnaire_id,
                                                    const std::optional<std::vector<long long>>& campaigns) {
  std::map<std::string, std::string> out;
  for (const auto& json : repo.attribute_labels(sql, questionnaire_id, campaigns))
    for (const auto& [key, label] : attributes_of(json)) out.emplace(key, label);
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string group_label(soci::session& sql, const Repository& repo, const std::string& key, const std::string& value) {
  if (!all_digits(value)) return value;
  long long id = std::stoll(value);
  std::string label;
  if (key == "session_id" || key == "session") label = repo.session_title(sql, id);
  else if (key == "organisation" || key == "organisation_id" || key == "relais" || key == "relais_id")
    label = repo.organisation_name(sql, id);
  else if (key == "delegation" || key == "delegation_id") label = repo.delegation_name(sql, id);
  return label.empty() ? value : label;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::vector<std::string> known_attribute_order() {
  return {"sector", "delegation", "session_id", "organisation", "relais", "age_band"};
}

Report build_report(soci::session& sql, const Filter& filter) {
  Repository repo;
  Report report;
  report.filter = filter;
  auto def = definitions::load_definition(sql, filter.questionnaire_id, true);
  if (!def) return report;
  report.definition = std::move(*def);
  auto campaigns = repo.campaigns_of(sql, filter);
  repo.invitation_counts(sql, filter.questionnaire_id, campaigns, report.invited, report.invitations_answered);
  if (report.invited > 0) report.response_rate = percent(report.invitations_answered, report.invited);
  auto responses = repo.responses(sql, filter.questionnaire_id, campaigns, false);
  report.responses = static_cast<long long>(responses.size());
  report.guarded = guarded(report.responses);

  // Attribute keys present (known ones first, in their order, then the others alphabetically).
  // Responses of one sending share their attributes: each distinct JSON text is parsed once (10,000
  // responses at national size).
  std::vector<const std::map<std::string, std::string>*> attributes;
  std::set<std::string> keys;
  std::map<std::string, std::map<std::string, std::string>> parsed;
  for (const auto& r : responses) {
    auto it = parsed.find(r.attributes);
    if (it == parsed.end()) {
      it = parsed.emplace(r.attributes, attributes_of(r.attributes)).first;
      for (const auto& [k, v] : it->second)
        if (!v.empty()) keys.insert(k);
    }
    attributes.push_back(&it->second);
  }
  for (const auto& k : known_attribute_order())
    if (keys.erase(k)) report.attribute_keys.push_back(k);
  for (const auto& k : keys) report.attribute_keys.push_back(k);
  report.attribute_titles = attribute_titles(sql, repo, filter.questionnaire_id, campaigns);
  if (report.guarded) return report;

  auto answers = repo.answers_of_questionnaire(sql, filter.questionnaire_id, campaigns);
  report.questions = compute_questions(report.definition, answers, nullptr);

  if (filter.cross_by.empty() || std::find(report.attribute_keys.begin(), report.attribute_keys.end(),
                                           filter.cross_by) == report.attribute_keys.end())
    return report;
  std::map<std::string, std::set<long long>> groups;
  for (std::size_t i = 0; i < responses.size(); ++i) {
    auto it = attributes[i]->find(filter.cross_by);
    groups[it == attributes[i]->end() ? std::string() : it->second].insert(responses[i].id);
  }
  for (const auto& [value, ids] : groups) {
    Group g;
    g.value = value;
    g.label = value.empty() ? std::string() : group_label(sql, repo, filter.cross_by, value);
    g.responses = static_cast<long long>(ids.size());
    g.guarded = guarded(g.responses);
    report.groups.push_back(std::move(g));
  }
  apply_complementary_guard(report.groups);
  for (auto& g : report.groups)
    if (!g.guarded) g.questions = compute_questions(report.definition, answers, &groups[g.value]);
  return report;
}

Comparison build_comparison(soci::session& sql, long long session_id, long long programme_id) {
  Repository repo;
  objectives::Repository objectives;  // the sessions' own objectives (issue 18)
  Comparison out;
  struct Side {
    std::vector<long long> campaigns;
    std::map<std::string, std::vector<double>> values;      // by objective key
    std::vector<std::pair<std::string, std::string>> keys;  // in order: key, label
    std::map<long long, std::pair<std::string, const Question*>> questions;
    std::vector<Definition> defs;
  };
  // A programme's comparison leaves out the sessions with objectives of their own (issue 18): their
  // obj-1… are other objectives than the programme's.
  std::set<long long> own_sessions;
  if (!session_id)
    for (long long id : objectives.sessions_with_own(sql)) own_sessions.insert(id);
  auto load_side = [&](const std::string& stage, Side& side, long long& questionnaire) {
    auto campaigns = repo.stage_campaigns(sql, session_id, programme_id, stage);
    std::set<long long> qids;
    for (const auto& c : campaigns) {
      if (own_sessions.count(c.session_id)) continue;
      side.campaigns.push_back(c.id);
      if (qids.insert(c.questionnaire_id).second) {
        if (auto d = definitions::load_definition(sql, c.questionnaire_id, true)) side.defs.push_back(std::move(*d));
        if (!questionnaire) questionnaire = c.questionnaire_id;
      }
    }
    std::set<std::string> seen;
    for (const auto& d : side.defs)
      for (const auto& section : d.questions)
        for (const auto& q : section) {
          if (q.objective.empty()) continue;
          if (q.kind == "scale" || q.kind == "nps" || q.kind == "number") {
            side.questions[q.id] = {q.objective, &q};
            if (seen.insert(q.objective).second) side.keys.emplace_back(q.objective, q.label);
          } else if (q.kind == "matrix") {
            side.questions[q.id] = {q.objective, &q};
            for (std::size_t i = 0; i < q.items.size(); ++i) {
              std::string key = q.objective + "/" + std::to_string(i);
              if (seen.insert(key).second) side.keys.emplace_back(key, q.items[i]);
            }
          }
        }
    for (const auto& a : repo.answers_of_campaigns(sql, side.campaigns)) {
      auto it = side.questions.find(a.question_id);
      if (it == side.questions.end()) continue;
      auto v = numeric(a);
      if (!v) continue;
      std::string key = it->second.first;
      if (it->second.second->kind == "matrix") {
        if (a.item < 0) continue;
        key += "/" + std::to_string(a.item);
      }
      side.values[key].push_back(*v);
    }
  };
  Side before, after;
  load_side("positioning", before, out.positioning_questionnaire);
  load_side("followup", after, out.followup_questionnaire);
  out.before_responses = repo.count_responses_of_campaigns(sql, before.campaigns);
  out.after_responses = repo.count_responses_of_campaigns(sql, after.campaigns);
  std::map<std::string, std::string> after_labels(after.keys.begin(), after.keys.end());
  // A session's own objectives (issue 18) label the rows obj-1… in their order.
  std::vector<std::string> own;
  if (session_id) own = objectives.of_session(sql, session_id);
  for (const auto& [key, label] : before.keys) {
    auto al = after_labels.find(key);
    if (al == after_labels.end()) continue;
    ObjectiveComparison o;
    o.objective = key;
    o.label = label;
    if (!own.empty() && key.size() > 4 && key.compare(0, 4, "obj-") == 0 &&
        key.find_first_not_of("0123456789", 4) == std::string::npos) {
      const std::size_t k = static_cast<std::size_t>(std::stoll(key.substr(4)));
      if (k >= 1 && k <= own.size()) {
        // The row is the session's objective; what each questionnaire asked is shown when it differs.
        o.label = own[k - 1];
        if (label != o.label) o.before_label = label;
        if (al->second != o.label) o.after_label = al->second;
      }
    }
    o.before = stats_of(before.values[key]);
    o.after = stats_of(after.values[key]);
    o.before_guarded = guarded(o.before.n);
    o.after_guarded = guarded(o.after.n);
    if (!o.before_guarded && !o.after_guarded && o.before.mean && o.after.mean)
      o.difference = *o.after.mean - *o.before.mean;
    out.objectives.push_back(std::move(o));
  }
  return out;
}

std::optional<ProgrammeResults> latest_programme_results(soci::session& sql, long long programme_id) {
  return Repository().latest_programme_results(sql, programme_id);
}

bool is_satisfaction_question(const Question& q) {
  if (q.kind != "scale") return false;
  std::string label = lower_ascii(q.label);
  return label.rfind("satisfaction globale", 0) == 0;
}

ProgrammeResults compute_programme_results(soci::session& sql, long long programme_id, long long now) {
  Repository repo;
  ProgrammeResults r;
  r.programme_id = programme_id;
  r.computed_at = now;
  auto campaigns = repo.stage_campaigns(sql, 0, programme_id, "end");
  std::vector<long long> ids;
  std::set<long long> qids, satisfaction_questions;
  for (const auto& c : campaigns) {
    ids.push_back(c.id);
    if (!qids.insert(c.questionnaire_id).second) continue;
    auto def = definitions::load_definition(sql, c.questionnaire_id, true);
    if (!def) continue;
    // Rule: the scale questions labelled "Satisfaction globale…"; failing that, in a questionnaire of
    // kind 'satisfaction', its first scale question.
    const Question* first_scale = nullptr;
    bool found = false;
    for (const auto& section : def->questions)
      for (const auto& q : section) {
        if (is_satisfaction_question(q)) {
          satisfaction_questions.insert(q.id);
          found = true;
        }
        if (!first_scale && q.kind == "scale") first_scale = &q;
      }
    if (!found && def->questionnaire.kind == "satisfaction" && first_scale)
      satisfaction_questions.insert(first_scale->id);
  }
  std::vector<double> values;
  for (const auto& a : repo.answers_of_campaigns(sql, ids)) {
    if (!satisfaction_questions.count(a.question_id)) continue;
    auto v = numeric(a);
    if (v && *v >= 1 && *v <= 5) values.push_back(*v);
  }
  r.satisfaction_responses = static_cast<long long>(values.size());
  if (!guarded(r.satisfaction_responses)) r.satisfaction = mean(values);
  long long invited = 0, answered = 0;
  repo.invitation_counts_of_campaigns(sql, ids, invited, answered);
  if (invited > 0) r.response_rate = percent(answered, invited);
  long long completed = 0, dropped = 0;
  repo.application_counts(sql, programme_id, completed, dropped);
  if (completed + dropped > 0) {
    r.completion_rate = percent(completed, completed + dropped);
    r.dropout_rate = percent(dropped, completed + dropped);
  }
  r.trainees = completed;
  return r;
}

// ---- Service ----

Report Service::report(const Filter& filter) {
  return db_.read([&](soci::session& sql) { return build_report(sql, filter); });
}

Comparison Service::comparison(long long session_id, long long programme_id) {
  return db_.read([&](soci::session& sql) { return build_comparison(sql, session_id, programme_id); });
}

ProgrammeResults Service::preview_programme(long long programme_id) {
  return db_.read(
      [&](soci::session& sql) { return compute_programme_results(sql, programme_id, store::now_seconds()); });
}

Outcome Service::reading(const Principal& me, long long id, long long campaign_id, long long session_id, Reading& a) {
  bool in_org = false, narrowed_ok = false;
  const ActingFor scope = me.acting_for(perm::questionnaires_manage);
  bool found = db_.read([&](soci::session& sql) {
    auto def = definitions::load_definition(sql, id, false);
    if (!def) return false;
    a.questionnaire = def->questionnaire;
    in_org = scope.all || (a.questionnaire.organisation_id != 0 && scope.covers(a.questionnaire.organisation_id));
    if (campaign_id) {
      auto c = repo_.campaign(sql, campaign_id);
      if (!c || c->questionnaire_id != id) return false;
      a.filter.campaign_ids.push_back(c->id);
      a.campaign_title = c->title;
      if (c->organisation_id && scope.covers(c->organisation_id)) narrowed_ok = true;
      if (c->session_id) {
        auto s = programmes::session_access(sql, &me, c->session_id);
        if (s && s->manager) narrowed_ok = true;
      }
    }
    if (session_id) {
      auto s = programmes::session_access(sql, &me, session_id);
      if (!s) return false;
      a.filter.session_id = session_id;
      a.session_title = s->session_title;
      if (!campaign_id && definitions::readable_for_session(sql, id, session_id, s->manager)) narrowed_ok = true;
      if (campaign_id && !s->manager) narrowed_ok = narrowed_ok && in_org;
    }
    return true;
  });
  a.filter.questionnaire_id = id;
  a.whole = in_org;
  // Results `me` may not read answer like results that do not exist.
  if (!found || (!in_org && !narrowed_ok)) return Outcome::not_found();
  return Outcome::success(id);
}

std::vector<std::pair<long long, std::string>> Service::campaign_titles(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) { return repo_.campaign_titles(sql, questionnaire_id); });
}

long long Service::count_responses(const Filter& filter) {
  return db_.read([&](soci::session& sql) {
    return repo_.count_responses(sql, filter.questionnaire_id, repo_.campaigns_of(sql, filter));
  });
}

ExportLayout Service::export_layout(const Reading& a) {
  return db_.read([&](soci::session& sql) {
    ExportLayout l;
    auto def = definitions::load_definition(sql, a.questionnaire.id, true);
    if (def) l.definition = std::move(*def);
    l.named = !a.questionnaire.anonymous;
    l.campaign_ids = repo_.campaigns_of(sql, a.filter);
    l.codes = repo_.has_respondent_codes(sql, a.questionnaire.id, l.campaign_ids);
    for (const auto& [id, title] : repo_.campaign_titles(sql, a.questionnaire.id)) l.campaigns[id] = title;
    std::set<std::string> keys;
    std::map<std::string, std::set<long long>> ids;
    for (const auto& r : repo_.responses(sql, a.questionnaire.id, l.campaign_ids, false)) {
      boost::system::error_code ec;
      auto v = boost::json::parse(r.attributes, ec);
      if (ec || !v.is_object()) continue;
      for (const auto& [k, val] : v.as_object()) {
        keys.insert(std::string(k));
        if (val.is_int64()) {
          ids[std::string(k)].insert(val.as_int64());
        } else if (val.is_string() && all_digits(std::string(val.as_string()))) {
          if (long long n = std::stoll(std::string(val.as_string())); n > 0) ids[std::string(k)].insert(n);
        }
      }
    }
    // Attributes that are ids of sessions, organisations or délégations are written as their names.
    for (const auto& [k, set] : ids)
      for (long long id : set) {
        const std::string value = std::to_string(id);
        std::string name = group_label(sql, repo_, k, value);
        if (name != value) l.attribute_labels[k][value] = name;
      }
    for (const auto& k : known_attribute_order())
      if (keys.erase(k)) l.attribute_keys.push_back(k);
    for (const auto& k : keys) l.attribute_keys.push_back(k);
    l.attribute_titles = attribute_titles(sql, repo_, a.questionnaire.id, l.campaign_ids);
    for (const auto& section : l.definition.questions)
      for (const auto& q : section) l.questions.push_back(&q);
    return l;
  });
}

ResponsePage Service::responses(const ExportLayout& l, long long offset, long long limit) {
  return db_.read([&](soci::session& sql) {
    ResponsePage page;
    page.responses = repo_.responses(sql, l.definition.questionnaire.id, l.campaign_ids, l.named, offset, limit);
    std::vector<long long> ids;
    for (const auto& r : page.responses) ids.push_back(r.id);
    page.answers = repo_.answers_of_responses(sql, ids);
    return page;
  });
}

std::optional<programmes::SessionAccess> Service::session_access(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, &me, session_id); });
}

Outcome Service::programme(const Principal& me, long long programme_id, ProgrammeRef& out) {
  long long organiser = db_.read([&](soci::session& sql) {
    out.id = programme_id;
    out.title = repo_.programme_title(sql, programme_id);
    return programmes::organiser_of_programme(sql, programme_id);
  });
  if (!organiser || !programmes::manages_organiser(&me, organiser)) return Outcome::not_found();
  return Outcome::success(programme_id);
}

std::optional<ProgrammeResults> Service::latest(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.latest_programme_results(sql, programme_id); });
}

std::vector<ProgrammeResults> Service::history(long long programme_id) {
  return db_.read([&](soci::session& sql) { return repo_.programme_results_history(sql, programme_id, 20); });
}

Outcome Service::publish_programme(const Actor& actor, long long programme_id) {
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    ProgrammeResults r = compute_programme_results(sql, programme_id, now);
    long long id = repo_.insert_programme_results(sql, r, actor.id);
    audit_.record(sql, actor, "results.publish", "programme:" + std::to_string(programme_id),
                  "satisfaction " + (r.satisfaction ? format_number(*r.satisfaction, 2, "en") : std::string("-")) +
                      " (" + std::to_string(r.satisfaction_responses) + " réponses)");
    return Outcome::success(id);
  });
}

void Service::record_export(const Actor& actor, long long questionnaire_id, const std::string& format, long long rows) {
  audit_.record(actor, "results.export", "questionnaire:" + std::to_string(questionnaire_id),
                format + ", " + std::to_string(rows) + " réponses");
}

long long Service::run_due(long long /*now*/) {
  return 0;
}

void Service::load_demo(const Actor& actor) {
  // Publish the results of every programme whose end-of-course campaigns have responses and that has
  // published nothing yet (the Département's "Formation-action culture/social" once the campaigns'
  // demo answers exist). Idempotent: a programme with a row is left alone.
  std::vector<long long> programmes = db_.read([&](soci::session& sql) { return repo_.programmes_to_publish(sql); });
  for (long long p : programmes) publish_programme(actor, p);
}

}  // namespace trame::results
