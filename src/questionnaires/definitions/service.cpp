#include "questionnaires/definitions/service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "platform/core/text.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/templates.hpp"
#include "platform/web/i18n.hpp"

namespace trame::definitions {

// ---------------------------------------------------------------- pure rules

const std::vector<std::string>& question_kinds() {
  static const std::vector<std::string> v{"single", "multiple", "scale",  "nps",  "yesno",
                                          "short",  "long",     "number", "date", "matrix"};
  return v;
}

const std::vector<std::string>& questionnaire_kinds() {
  static const std::vector<std::string> v{"positioning", "satisfaction", "followup", "trainer",
                                          "funder",      "impact",       "holders",  "other"};
  return v;
}

namespace {

bool one_of(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<long long> parse_integer(const std::string& text) {
  std::string s = trim(text);
  if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

// Every question of d in order, with its order index.
std::vector<const Question*> ordered(const Definition& d) {
  std::vector<const Question*> out;
  for (const auto& list : d.questions)
    for (const auto& q : list) out.push_back(&q);
  return out;
}

// The index of the nearest neighbour of list[i] upwards or downwards that `skip` does not pass over, or
// nullopt when list[i] is already the first or the last: the one rule of moving a section or a question.
template <typename T, typename Skip>
std::optional<std::size_t> neighbour(const std::vector<T>& list, std::size_t i, bool up, Skip skip) {
  long long j = static_cast<long long>(i);
  const long long n = static_cast<long long>(list.size());
  do {
    j += up ? -1 : 1;
  } while (j >= 0 && j < n && skip(list[static_cast<std::size_t>(j)]));
  if (j < 0 || j >= n) return std::nullopt;
  return static_cast<std::size_t>(j);
}

}  // namespace

bool is_closed_kind(const std::string& kind) {
  return kind == "single" || kind == "yesno" || kind == "scale" || kind == "nps";
}

bool condition_value_ok(const Question& target, const std::string& value) {
  std::string v = trim(value);
  if (v.empty()) return false;
  if (target.kind == "single") return one_of(target.options, v);
  if (target.kind == "yesno") return lower_ascii(v) == "oui" || lower_ascii(v) == "non";
  if (target.kind == "scale") {
    auto n = parse_integer(v);
    return n && *n >= 1 && *n <= 5;
  }
  if (target.kind == "nps") {
    auto n = parse_integer(v);
    return n && *n >= 0 && *n <= 10;
  }
  return false;
}

std::optional<double> parse_number(const std::string& text) {
  std::string s = trim(text);
  if (s.empty() || s.size() > 30) return std::nullopt;
  std::replace(s.begin(), s.end(), ',', '.');
  if (s.find_first_not_of("-+.0123456789") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string condition_error(const Definition& d, const Question& q) {
  if (q.show_if_question == 0) return {};
  auto all = ordered(d);
  long long self = -1, target = -1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i]->id == q.id) self = static_cast<long long>(i);
    if (all[i]->id == q.show_if_question) target = static_cast<long long>(i);
  }
  if (target < 0 || all[target]->archived || (self >= 0 && target >= self) || q.show_if_question == q.id)
    return "questionnaires.errors.condition_forward";
  if (!is_closed_kind(all[target]->kind)) return "questionnaires.errors.condition_kind";
  if (!condition_value_ok(*all[target], q.show_if_value)) return "questionnaires.errors.condition_value";
  return {};
}

std::string first_condition_error(const Definition& d, long long* culprit) {
  for (const auto* q : ordered(d)) {
    if (q->archived) continue;
    auto e = condition_error(d, *q);
    if (!e.empty()) {
      if (culprit) *culprit = q->id;
      return e;
    }
  }
  return {};
}

Outcome build_question(const Definition& d, long long id, const QuestionInput& in, Question& out) {
  const Question* existing = nullptr;
  for (const auto& list : d.questions)
    for (const auto& q : list)
      if (q.id == id) existing = &q;
  std::size_t section_index = d.sections.size();
  for (std::size_t i = 0; i < d.sections.size(); ++i)
    if (d.sections[i].id == in.section_id) section_index = i;
  if (section_index == d.sections.size())
    return Outcome::failure("questionnaires.errors.section_invalid", "section_id");
  if (!one_of(question_kinds(), in.kind)) return Outcome::failure("questionnaires.errors.kind_invalid", "kind");
  Question q;
  q.id = id ? id : -1;
  q.questionnaire_id = d.questionnaire.id;
  q.section_id = in.section_id;
  q.kind = in.kind;
  q.label = trim(in.label);
  if (q.label.empty() || q.label.size() > 1000) return Outcome::failure("questionnaires.errors.label", "label");
  q.help = trim(in.help);
  if (q.help.size() > 4000) return Outcome::failure("questionnaires.errors.help", "help");
  q.required = in.required;
  if (q.kind == "single" || q.kind == "multiple") {
    q.options = split_lines(in.options);
    if (q.options.size() < 2) return Outcome::failure("questionnaires.errors.options_min", "options");
    for (std::size_t i = 0; i < q.options.size(); ++i)
      for (std::size_t j = i + 1; j < q.options.size(); ++j)
        if (q.options[i] == q.options[j]) return Outcome::failure("questionnaires.errors.options_duplicate", "options");
    q.allow_other = in.allow_other;
  }
  q.quotable = q.kind == "long" && in.quotable;
  if (q.kind == "matrix") {
    q.items = split_lines(in.items);
    if (q.items.size() < 2) return Outcome::failure("questionnaires.errors.items_min", "items");
  }
  if (q.kind == "scale" || q.kind == "nps" || q.kind == "matrix") {
    q.low_label = trim(in.low_label);
    q.high_label = trim(in.high_label);
    if (q.low_label.size() > 200 || q.high_label.size() > 200)
      return Outcome::failure("questionnaires.errors.end_label", "low_label");
  }
  if (q.kind == "number") {
    if (!trim(in.min_value).empty()) {
      q.min_value = parse_number(in.min_value);
      if (!q.min_value) return Outcome::failure("questionnaires.errors.number_invalid", "min_value");
    }
    if (!trim(in.max_value).empty()) {
      q.max_value = parse_number(in.max_value);
      if (!q.max_value) return Outcome::failure("questionnaires.errors.number_invalid", "max_value");
    }
    if (q.min_value && q.max_value && *q.min_value > *q.max_value)
      return Outcome::failure("questionnaires.errors.min_max", "min_value");
  }
  q.objective = trim(in.objective);
  if (q.objective.size() > 60) return Outcome::failure("questionnaires.errors.objective", "objective");
  q.show_if_question = in.show_if_question;
  if (q.show_if_question) {
    q.show_if_value = trim(in.show_if_value);
    if (q.show_if_value.empty()) return Outcome::failure("questionnaires.errors.condition_value", "show_if_value");
  }
  // Where it goes: the same place when its section does not change, else at the end of its section.
  Definition next = d;
  int last = 0;
  for (const auto& x : d.questions[section_index]) last = std::max(last, x.position);
  if (existing && existing->section_id == q.section_id) {
    q.position = existing->position;
  } else {
    q.position = last + 1;
  }
  for (auto& list : next.questions)
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Question& x) { return x.id == q.id; }), list.end());
  auto& list = next.questions[section_index];
  auto at = std::find_if(list.begin(), list.end(), [&](const Question& x) {
    return x.position > q.position || (x.position == q.position && q.id > 0 && x.id > q.id);
  });
  list.insert(at, q);
  std::string own = condition_error(next, q);
  if (!own.empty())
    return Outcome::failure(own, own == "questionnaires.errors.condition_value" ? "show_if_value" : "show_if_question");
  long long culprit = 0;
  if (!first_condition_error(next, &culprit).empty())
    return Outcome::failure("questionnaires.errors.dependents", "kind");
  if (q.show_if_question) {
    for (const auto& l : d.questions)
      for (const auto& x : l)
        if (x.id == q.show_if_question && x.kind == "yesno") q.show_if_value = lower_ascii(q.show_if_value);
  }
  if (existing) q.archived = existing->archived;
  q.id = id;
  out = q;
  return Outcome::success(id);
}

// ---------------------------------------------------------------- service

std::string Service::fr(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params) const {
  return catalogue_.t("fr", key, params);
}

bool readable_for_session(soci::session& sql, long long questionnaire_id, long long session_id, bool session_manager) {
  return session_manager && session_id > 0 && Repository().sent_in_session(sql, questionnaire_id, session_id);
}

void Service::changed(soci::session& sql, const Actor& actor, long long questionnaire_id, bool answered,
                      const std::string& summary, long long now) {
  if (answered) repo_.bump_version(sql, questionnaire_id, summary, actor.id, now);
  else repo_.touch(sql, questionnaire_id, now);
}

long long Service::run_due(long long now) {
  bool complete = db_.read([&](soci::session& sql) {
    for (const auto& k : template_keys())
      if (template_id(sql, k) == 0) return false;
    return true;
  });
  if (complete) return 0;
  try {
    db_.write([&](soci::session& sql) { ensure_templates(sql, now); });
  } catch (const std::exception& ex) {
    if (!store::is_unique_violation(ex)) throw;  // another instance created them at the same time
  }
  return 1;
}

std::vector<Listed> Service::list(const ActingFor& scope, const std::string& kind, const std::string& status,
                                  long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.list(sql, scope.all, scope.organisations, kind, status, page, per_page, total);
  });
}

std::vector<Listed> Service::library() {
  return db_.read([&](soci::session& sql) { return repo_.library(sql); });
}

std::optional<Definition> Service::definition(long long id, bool include_archived) {
  return db_.read([&](soci::session& sql) { return load_definition(sql, id, include_archived); });
}

bool Service::has_answers(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) { return repo_.has_answers(sql, questionnaire_id); });
}

std::vector<long long> Service::answered_questions(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) { return repo_.answered_questions(sql, questionnaire_id); });
}

std::vector<VersionEntry> Service::versions(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) { return repo_.versions(sql, questionnaire_id); });
}

std::vector<Choice> Service::organisations(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql, scope.all, scope.organisations); });
}

std::vector<Choice> Service::programmes(const ActingFor& scope) {
  return db_.read([&](soci::session& sql) { return repo_.programmes(sql, scope.all, scope.organisations); });
}

long long Service::questionnaire_of_section(long long section_id) {
  return db_.read([&](soci::session& sql) { return repo_.questionnaire_of_section(sql, section_id); });
}

long long Service::questionnaire_of_question(long long question_id) {
  return db_.read([&](soci::session& sql) { return repo_.questionnaire_of_question(sql, question_id); });
}

std::optional<long long> Service::owner(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) -> std::optional<long long> {
    bool found = false;
    long long org = repo_.organisation_of(sql, questionnaire_id, found);
    if (!found) return std::nullopt;
    return org;
  });
}

Outcome Service::access(const ActingFor& scope, long long questionnaire_id, bool write) {
  auto org = questionnaire_id ? owner(questionnaire_id) : std::nullopt;
  if (!org) return Outcome::not_found();
  if (*org == 0) return write && !scope.all ? Outcome::forbidden() : Outcome::success(questionnaire_id);
  return scope.covers(*org) ? Outcome::success(questionnaire_id) : Outcome::not_found();
}

Outcome Service::create(const Actor& actor, const ActingFor& scope, const NewInput& in) {
  if (in.organisation_id == 0) return Outcome::failure("questionnaires.errors.organisation", "organisation");
  if (!scope.covers(in.organisation_id)) return Outcome::forbidden();
  std::string title = trim(in.title);
  if (title.size() > 200) return Outcome::failure("questionnaires.errors.title", "title");
  if (in.source_id == 0) {
    if (title.empty()) return Outcome::failure("questionnaires.errors.title", "title");
    if (!one_of(questionnaire_kinds(), in.kind)) return Outcome::failure("questionnaires.errors.kind", "kind");
  }
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    if (in.source_id) {
      bool found = false;
      long long owner = repo_.organisation_of(sql, in.source_id, found);
      if (!found || (owner != 0 && !scope.covers(owner)))
        return Outcome::failure("questionnaires.errors.source", "source");
    }
    if (in.programme_id && repo_.programme_organisation(sql, in.programme_id) != in.organisation_id)
      return Outcome::failure("questionnaires.errors.programme", "programme");
    long long id = 0;
    if (in.source_id) {
      id = copy_questionnaire(sql, in.source_id, in.organisation_id, in.programme_id, actor.id, now);
      if (!title.empty()) repo_.set_title(sql, id, title);
    } else {
      Questionnaire q;
      q.organisation_id = in.organisation_id;
      q.title = title;
      q.kind = in.kind;
      q.anonymous = in.anonymous;
      q.programme_id = in.programme_id;
      q.status = "draft";
      id = insert_questionnaire(sql, q, actor.id, now);
      insert_section(sql, id, 1, fr("questionnaires.default_section"), "");
    }
    audit_.record(sql, actor, "questionnaires.create", "questionnaire:" + std::to_string(id),
                  in.source_id ? "source:" + std::to_string(in.source_id) : std::string());
    return Outcome::success(id);
  });
}

Outcome Service::save(const Actor& actor, const ActingFor& scope, long long id, const QuestionnaireInput& in) {
  if (auto refused = access(scope, id, true); !refused.ok) return refused;
  std::string title = trim(in.title);
  if (title.empty() || title.size() > 200) return Outcome::failure("questionnaires.errors.title", "title");
  if (in.description.size() > 20000) return Outcome::failure("questionnaires.errors.description", "description");
  if (!one_of(questionnaire_kinds(), in.kind)) return Outcome::failure("questionnaires.errors.kind", "kind");
  if (!one_of({"draft", "published", "archived"}, in.status))
    return Outcome::failure("questionnaires.errors.status", "status");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    auto d = load_definition(sql, id, false);
    if (!d) return Outcome::not_found();
    Questionnaire q = d->questionnaire;
    bool answered = repo_.has_answers(sql, id);
    if (answered && q.anonymous != in.anonymous)
      return Outcome::failure("questionnaires.errors.anonymous_locked", "anonymous");
    if (in.status == "published") {
      std::size_t n = 0;
      for (const auto& l : d->questions) n += l.size();
      if (n == 0) return Outcome::failure("questionnaires.errors.empty", "status");
    }
    std::vector<std::string> fields;
    if (q.title != title) fields.push_back(fr("questionnaires.fields.title"));
    if (q.description != in.description) fields.push_back(fr("questionnaires.fields.description"));
    if (q.kind != in.kind) fields.push_back(fr("questionnaires.fields.kind"));
    if (q.anonymous != in.anonymous) fields.push_back(fr("questionnaires.fields.anonymity"));
    if (q.status != in.status) fields.push_back(fr("questionnaires.fields.status"));
    if (fields.empty()) return Outcome::success(id);
    q.title = title;
    q.description = in.description;
    q.kind = in.kind;
    q.anonymous = in.anonymous;
    q.status = in.status;
    repo_.update_questionnaire(sql, q, now);
    std::string list;
    for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
    changed(sql, actor, id, answered, fr("questionnaires.summaries.general", {{"fields", list}}), now);
    audit_.record(sql, actor, "questionnaires.update", "questionnaire:" + std::to_string(id), list);
    return Outcome::success(id);
  });
}

Outcome Service::add_section(const Actor& actor, const ActingFor& scope, long long questionnaire_id,
                             const std::string& title_in, const std::string& description) {
  if (auto refused = access(scope, questionnaire_id, true); !refused.ok) return refused;
  std::string title = trim(title_in);
  if (title.empty() || title.size() > 200)
    return Outcome::failure("questionnaires.errors.section_title", "section_title");
  if (description.size() > 10000) return Outcome::failure("questionnaires.errors.description", "section_description");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    auto d = load_definition(sql, questionnaire_id, true);
    if (!d) return Outcome::not_found();
    int last = 0;
    for (const auto& s : d->sections) last = std::max(last, s.position);
    long long sid = insert_section(sql, questionnaire_id, last + 1, title, trim(description));
    changed(sql, actor, questionnaire_id, repo_.has_answers(sql, questionnaire_id),
            fr("questionnaires.summaries.section_added", {{"title", title}}), now);
    audit_.record(sql, actor, "questionnaires.section_add", "questionnaire:" + std::to_string(questionnaire_id),
                  "section:" + std::to_string(sid));
    return Outcome::success(sid);
  });
}

Outcome Service::save_section(const Actor& actor, const ActingFor& scope, long long section_id,
                              const std::string& title_in, const std::string& description_in) {
  if (auto refused = access(scope, questionnaire_of_section(section_id), true); !refused.ok) return refused;
  std::string title = trim(title_in), description = trim(description_in);
  if (title.empty() || title.size() > 200)
    return Outcome::failure("questionnaires.errors.section_title", "section_title");
  if (description.size() > 10000) return Outcome::failure("questionnaires.errors.description", "section_description");
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_section(sql, section_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    for (const auto& s : d->sections)
      if (s.id == section_id && s.title == title && s.description == description) return Outcome::success(section_id);
    repo_.update_section(sql, section_id, title, description);
    changed(sql, actor, qid, repo_.has_answers(sql, qid),
            fr("questionnaires.summaries.section_changed", {{"title", title}}), now);
    audit_.record(sql, actor, "questionnaires.section_update", "questionnaire:" + std::to_string(qid),
                  "section:" + std::to_string(section_id));
    return Outcome::success(section_id);
  });
}

Outcome Service::move_section(const Actor& actor, const ActingFor& scope, long long section_id, bool up) {
  if (auto refused = access(scope, questionnaire_of_section(section_id), true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_section(sql, section_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    std::size_t i = 0;
    while (i < d->sections.size() && d->sections[i].id != section_id) ++i;
    if (i == d->sections.size()) return Outcome::not_found();
    auto j = neighbour(d->sections, i, up, [](const Section&) { return false; });
    if (!j) return Outcome::success(section_id);
    std::swap(d->sections[i], d->sections[*j]);
    std::swap(d->questions[i], d->questions[*j]);
    std::vector<long long> ids;
    ids.reserve(d->sections.size());
    for (const auto& s : d->sections) ids.push_back(s.id);
    return moved(sql, actor, *d, qid, "section", section_id, d->sections[*j].title, ids, now);
  });
}

Outcome Service::moved(soci::session& sql, const Actor& actor, const Definition& d, long long questionnaire_id,
                       const std::string& what, long long id, const std::string& name,
                       const std::vector<long long>& ids, long long now) {
  if (!first_condition_error(d).empty()) return Outcome::failure("questionnaires.errors.move_breaks_condition");
  const bool section = what == "section";
  if (section) repo_.set_section_positions(sql, ids);
  else repo_.set_question_positions(sql, ids);
  changed(sql, actor, questionnaire_id, repo_.has_answers(sql, questionnaire_id),
          fr("questionnaires.summaries." + what + "_moved", {{section ? "title" : "label", name}}), now);
  audit_.record(sql, actor, "questionnaires." + what + "_move", "questionnaire:" + std::to_string(questionnaire_id),
                what + ":" + std::to_string(id));
  return Outcome::success(id);
}

Outcome Service::remove_section(const Actor& actor, const ActingFor& scope, long long section_id) {
  if (auto refused = access(scope, questionnaire_of_section(section_id), true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_section(sql, section_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    if (repo_.questions_in_section(sql, section_id) > 0)
      return Outcome::failure("questionnaires.errors.section_not_empty");
    std::string title;
    std::vector<long long> ids;
    for (const auto& s : d->sections) {
      if (s.id == section_id) title = s.title;
      else ids.push_back(s.id);
    }
    repo_.delete_section(sql, section_id);
    repo_.set_section_positions(sql, ids);
    changed(sql, actor, qid, repo_.has_answers(sql, qid),
            fr("questionnaires.summaries.section_removed", {{"title", title}}), now);
    audit_.record(sql, actor, "questionnaires.section_remove", "questionnaire:" + std::to_string(qid),
                  "section:" + std::to_string(section_id));
    return Outcome::success(qid);
  });
}

Outcome Service::add_question(const Actor& actor, const ActingFor& scope, long long questionnaire_id,
                              const QuestionInput& in) {
  if (auto refused = access(scope, questionnaire_id, true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    auto d = load_definition(sql, questionnaire_id, true);
    if (!d) return Outcome::not_found();
    Question q;
    auto outcome = build_question(*d, 0, in, q);
    if (!outcome.ok) return outcome;
    long long id = insert_question(sql, q, now);
    changed(sql, actor, questionnaire_id, repo_.has_answers(sql, questionnaire_id),
            fr("questionnaires.summaries.question_added", {{"label", q.label}}), now);
    audit_.record(sql, actor, "questionnaires.question_add", "questionnaire:" + std::to_string(questionnaire_id),
                  "question:" + std::to_string(id));
    return Outcome::success(id);
  });
}

namespace {

bool same_question(const Question& a, const Question& b) {
  return a.section_id == b.section_id && a.kind == b.kind && a.label == b.label && a.help == b.help &&
         a.required == b.required && a.options == b.options && a.allow_other == b.allow_other && a.items == b.items &&
         a.low_label == b.low_label && a.high_label == b.high_label && a.min_value == b.min_value &&
         a.max_value == b.max_value && a.show_if_question == b.show_if_question && a.show_if_value == b.show_if_value &&
         a.objective == b.objective && a.quotable == b.quotable;
}

}  // namespace

Outcome Service::save_question(const Actor& actor, const ActingFor& scope, long long question_id,
                               const QuestionInput& in) {
  if (auto refused = access(scope, questionnaire_of_question(question_id), true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_question(sql, question_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    const Question* old = nullptr;
    for (const auto& l : d->questions)
      for (const auto& x : l)
        if (x.id == question_id) old = &x;
    if (!old) return Outcome::not_found();
    if (old->archived) return Outcome::failure("questionnaires.errors.archived");
    if (old->kind != in.kind && repo_.question_has_answers(sql, question_id))
      return Outcome::failure("questionnaires.errors.kind_locked", "kind");
    Question q;
    auto outcome = build_question(*d, question_id, in, q);
    if (!outcome.ok) return outcome;
    if (same_question(*old, q)) return Outcome::success(question_id);
    repo_.update_question(sql, q, now);
    if (q.section_id != old->section_id) {
      // Renumber the section it left.
      std::vector<long long> ids;
      for (std::size_t i = 0; i < d->sections.size(); ++i)
        if (d->sections[i].id == old->section_id)
          for (const auto& x : d->questions[i])
            if (x.id != question_id) ids.push_back(x.id);
      repo_.set_question_positions(sql, ids);
    }
    changed(sql, actor, qid, repo_.has_answers(sql, qid),
            fr("questionnaires.summaries.question_changed", {{"label", q.label}}), now);
    audit_.record(sql, actor, "questionnaires.question_update", "questionnaire:" + std::to_string(qid),
                  "question:" + std::to_string(question_id));
    return Outcome::success(question_id);
  });
}

Outcome Service::move_question(const Actor& actor, const ActingFor& scope, long long question_id, bool up) {
  if (auto refused = access(scope, questionnaire_of_question(question_id), true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_question(sql, question_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    for (auto& list : d->questions) {
      auto it = std::find_if(list.begin(), list.end(), [&](const Question& x) { return x.id == question_id; });
      if (it == list.end()) continue;
      std::size_t i = static_cast<std::size_t>(it - list.begin());
      // The nearest live neighbour (archived questions are not shown).
      auto j = neighbour(list, i, up, [](const Question& x) { return x.archived; });
      if (!j) return Outcome::success(question_id);
      std::swap(list[i], list[*j]);
      std::vector<long long> ids;
      ids.reserve(list.size());
      for (const auto& x : list) ids.push_back(x.id);
      return moved(sql, actor, *d, qid, "question", question_id, list[*j].label, ids, now);
    }
    return Outcome::not_found();
  });
}

Outcome Service::remove_question(const Actor& actor, const ActingFor& scope, long long question_id) {
  if (auto refused = access(scope, questionnaire_of_question(question_id), true); !refused.ok) return refused;
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    long long qid = repo_.questionnaire_of_question(sql, question_id);
    auto d = load_definition(sql, qid, true);
    if (!d) return Outcome::not_found();
    const Question* q = nullptr;
    for (const auto& l : d->questions)
      for (const auto& x : l) {
        if (x.id == question_id) q = &x;
      }
    if (!q) return Outcome::not_found();
    if (q->archived) return Outcome::success(qid);
    for (const auto& l : d->questions)
      for (const auto& x : l)
        if (!x.archived && x.show_if_question == question_id)
          return Outcome::failure("questionnaires.errors.has_dependents");
    bool answered = repo_.has_answers(sql, qid);
    if (answered || repo_.question_has_answers(sql, question_id)) {
      repo_.archive_question(sql, question_id, now);
      changed(sql, actor, qid, answered, fr("questionnaires.summaries.question_archived", {{"label", q->label}}), now);
    } else {
      std::vector<long long> ids;
      for (const auto& l : d->questions)
        for (const auto& x : l)
          if (x.section_id == q->section_id && x.id != question_id) ids.push_back(x.id);
      repo_.delete_question(sql, question_id);
      repo_.set_question_positions(sql, ids);
      changed(sql, actor, qid, false, "", now);
    }
    audit_.record(sql, actor, "questionnaires.question_remove", "questionnaire:" + std::to_string(qid),
                  "question:" + std::to_string(question_id));
    return Outcome::success(qid);
  });
}

// ---------------------------------------------------------------- demo

void Service::load_demo(const Actor& actor) {
  long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    ensure_templates(sql, now);
    struct Owner {
      const char* organisation;
      const char* programme;
    };
    const Owner owners[] = {{"Sagiterre", "Pouvoir d'agir et coopération à l'épreuve du territoire"},
                            {"Département de Loire-Atlantique", "Formation-action culture/social"}};
    for (const auto& o : owners) {
      long long org = repo_.organisation_by_name(sql, o.organisation);
      long long programme = org ? repo_.programme_by_title(sql, org, o.programme) : 0;
      if (!programme) continue;
      for (const char* key : {"positioning", "satisfaction", "followup", "trainer"}) {
        long long source = template_id(sql, key);
        if (!source || repo_.demo_copy(sql, org, source, programme)) continue;
        long long id = copy_questionnaire(sql, source, org, programme, actor.id, now);
        repo_.publish(sql, id);
        audit_.record(sql, actor, "questionnaires.create", "questionnaire:" + std::to_string(id), "demo");
      }
    }
  });
}

}  // namespace trame::definitions
