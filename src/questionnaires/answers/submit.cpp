#include "questionnaires/answers/submit.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include <sodium.h>

#include "questionnaires/answers/repository.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "platform/store/database.hpp"

namespace trame::answers {

using definitions::Definition;
using definitions::Question;

namespace {

bool is_int_in(const std::string& v, int lo, int hi) {
  if (v.empty() || v.size() > 2) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  int n = std::stoi(v);
  return n >= lo && n <= hi && std::to_string(n) == v;
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  for (const auto& x : list)
    if (x == v) return true;
  return false;
}

bool valid_date(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (v[i] < '0' || v[i] > '9') return false;
  using namespace std::chrono;
  year_month_day ymd{year{std::stoi(v.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(v.substr(5, 2)))},
                     day{static_cast<unsigned>(std::stoi(v.substr(8, 2)))}};
  return ymd.ok() && int(ymd.year()) >= 1900 && int(ymd.year()) <= 2200;
}

bool is_other(const std::string& v) {
  return v.rfind(kOtherPrefix, 0) == 0 || v == kOther;
}
std::string other_text(const std::string& v) {
  return v.size() > 10 ? v.substr(10) : std::string();
}

// The values of a question, trimmed, without empty entries (matrix: kept in place).
std::vector<std::string> trimmed(const Question& q, const std::vector<std::string>& in) {
  std::vector<std::string> out;
  if (q.kind == "matrix") {
    bool any = false;
    for (const auto& v : in) {
      out.push_back(trim(v));
      any = any || !out.back().empty();
    }
    if (!any) out.clear();
    return out;
  }
  for (const auto& v : in) {
    std::string t = q.kind == "long" ? v : trim(v);
    if (q.kind == "long" && trim(t).empty()) continue;
    if (t.empty()) continue;
    out.push_back(t);
  }
  // A consent to be quoted without an answer to quote is no answer.
  if (q.kind == "long" && !out.empty() && out.front() == kQuoteConsent) out.clear();
  return out;
}

bool condition_matches(const Question& parent, const std::vector<std::string>& value, const std::string& expected) {
  if (value.empty()) return false;
  if (parent.kind == "number") {
    auto a = parse_number(value[0]);
    auto b = parse_number(expected);
    if (a && b) return *a == *b;
  }
  if (parent.kind == "yesno") {
    std::string e = expected;
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value[0] == e || (value[0] == "oui" && (e == "yes" || e == "1")) ||
           (value[0] == "non" && (e == "no" || e == "0"));
  }
  for (const auto& v : value)
    if (v == expected) return true;
  return false;
}

}  // namespace

std::optional<double> parse_number(const std::string& text) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 30) return std::nullopt;
  for (auto& c : t)
    if (c == ',') c = '.';
  std::size_t i = 0;
  if (t[0] == '-' || t[0] == '+') i = 1;
  bool digits = false, dot = false;
  for (; i < t.size(); ++i) {
    if (t[i] >= '0' && t[i] <= '9') digits = true;
    else if (t[i] == '.' && !dot) dot = true;
    else return std::nullopt;
  }
  if (!digits) return std::nullopt;
  double d = std::strtod(t.c_str(), nullptr);
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

std::string iso_week(long long t) {
  std::string day = local_day(t);
  using namespace std::chrono;
  sys_days d =
      year_month_day{year{std::stoi(day.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(day.substr(5, 2)))},
                     std::chrono::day{static_cast<unsigned>(std::stoi(day.substr(8, 2)))}};
  int iso = static_cast<int>(weekday{d}.iso_encoding());
  sys_days thursday = d + days{4 - iso};
  year_month_day ty{thursday};
  sys_days jan1 = ty.year() / January / 1;
  int week = static_cast<int>((thursday - jan1).count() / 7 + 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ty.year()), week);
  return buf;
}

long long random_id() {
  unsigned long long n = 0;
  while (n == 0) {
    randombytes_buf(&n, sizeof n);
    n &= 0x7FFFFFFFFFFFFFFFULL;
  }
  return static_cast<long long>(n);
}

const Question* find_question(const Definition& d, long long id, std::size_t* section) {
  for (std::size_t s = 0; s < d.questions.size(); ++s)
    for (const auto& q : d.questions[s])
      if (q.id == id) {
        if (section) *section = s;
        return &q;
      }
  return nullptr;
}

bool is_shown(const Definition& d, const Question& q, const Values& values) {
  const Question* cur = &q;
  for (int depth = 0; depth < 20; ++depth) {
    if (!cur->show_if_question) return true;
    const Question* parent = find_question(d, cur->show_if_question);
    if (!parent) return true;  // the condition's question was archived: always shown
    auto it = values.find(parent->id);
    if (it == values.end()) return false;
    if (!condition_matches(*parent, trimmed(*parent, it->second), cur->show_if_value)) return false;
    cur = parent;
  }
  return true;
}

bool has_answer(const Question& q, const Values& values) {
  auto it = values.find(q.id);
  if (it == values.end()) return false;
  auto v = trimmed(q, it->second);
  if (q.kind == "matrix") {
    if (v.size() < q.items.size()) return false;
    for (std::size_t i = 0; i < q.items.size(); ++i)
      if (v[i].empty()) return false;
    return true;
  }
  return !v.empty();
}

std::optional<std::string> check_value(const Question& q, const std::vector<std::string>& raw) {
  auto value = trimmed(q, raw);
  if (value.empty()) return std::nullopt;
  const std::string& v = value[0];
  if (q.kind == "scale") {
    if (value.size() != 1 || !is_int_in(v, 1, 5)) return "answers.errors.out_of_scale";
  } else if (q.kind == "nps") {
    if (value.size() != 1 || !is_int_in(v, 0, 10)) return "answers.errors.out_of_scale";
  } else if (q.kind == "yesno") {
    if (value.size() != 1 || (v != "oui" && v != "non")) return "answers.errors.bad_choice";
  } else if (q.kind == "single" || q.kind == "multiple") {
    if (q.kind == "single" && value.size() != 1) return "answers.errors.bad_choice";
    std::set<std::string> seen;
    for (const auto& x : value) {
      if (!seen.insert(is_other(x) ? std::string(kOther) : x).second) return "answers.errors.bad_choice";
      if (is_other(x)) {
        if (!q.allow_other) return "answers.errors.bad_choice";
        if (trim(other_text(x)).empty()) return "answers.errors.other_missing";
        if (other_text(x).size() > 500) return "answers.errors.too_long";
      } else if (!contains(q.options, x)) {
        return "answers.errors.bad_choice";
      }
    }
  } else if (q.kind == "matrix") {
    if (value.size() > q.items.size()) return "answers.errors.out_of_scale";
    for (const auto& x : value)
      if (!x.empty() && !is_int_in(x, 1, 5)) return "answers.errors.out_of_scale";
  } else if (q.kind == "number") {
    if (value.size() != 1) return "answers.errors.not_a_number";
    auto n = parse_number(v);
    if (!n) return "answers.errors.not_a_number";
    if (q.min_value && *n < *q.min_value) return "answers.errors.below_min";
    if (q.max_value && *n > *q.max_value) return "answers.errors.above_max";
  } else if (q.kind == "date") {
    if (value.size() != 1 || !valid_date(v)) return "answers.errors.bad_date";
  } else if (q.kind == "short") {
    if (value.size() != 1) return "answers.errors.too_long";
    if (v.size() > 500) return "answers.errors.too_long";
  } else if (q.kind == "long") {
    const bool consented = q.quotable && value.size() == 2 && value[1] == kQuoteConsent;
    if (value.size() != 1 && !consented) return "answers.errors.too_long";
    if (v.size() > 10000) return "answers.errors.too_long";
  }
  return std::nullopt;
}

std::vector<FieldError> validate(const Definition& d, const Values& values, int section) {
  std::vector<FieldError> errors;
  for (std::size_t s = 0; s < d.questions.size(); ++s) {
    if (section >= 0 && static_cast<std::size_t>(section) != s) continue;
    for (const auto& q : d.questions[s]) {
      if (!is_shown(d, q, values)) continue;
      auto it = values.find(q.id);
      if (it != values.end()) {
        if (auto err = check_value(q, it->second)) {
          errors.push_back({q.id, s, *err});
          continue;
        }
      }
      if (q.required && !has_answer(q, values))
        errors.push_back({q.id, s,
                          q.kind == "matrix" && it != values.end() && !trimmed(q, it->second).empty()
                              ? "answers.errors.matrix_incomplete"
                              : "answers.errors.required"});
    }
  }
  return errors;
}

Values clean(const Definition& d, const Values& values) {
  Values out;
  for (const auto& section : d.questions)
    for (const auto& q : section) {
      auto it = values.find(q.id);
      if (it == values.end() || !is_shown(d, q, values)) continue;
      auto v = trimmed(q, it->second);
      if (!v.empty()) out[q.id] = v;
    }
  return out;
}

Values keep_valid(const Definition& d, const Values& values, int* dropped) {
  Values out;
  int n = 0;
  for (const auto& [id, v] : values) {
    const Question* q = find_question(d, id);
    if (!q || check_value(*q, v)) {
      ++n;
      continue;
    }
    out[id] = v;
  }
  if (dropped) *dropped = n;
  return out;
}

Outcome submit_values(soci::session& sql, long long invitation_id, const Values& values, long long now) {
  Repository repo;
  auto inv = repo.invitation(sql, invitation_id);
  if (!inv) return Outcome::not_found("answers.errors.not_found");
  if (inv->answered) return Outcome::conflict("answers.errors.already_answered");
  if (inv->campaign_status == "scheduled") return Outcome::conflict("answers.errors.not_open");
  if (inv->campaign_status != "open" || (inv->closes_at && now >= inv->closes_at) ||
      (inv->expires_at && now >= inv->expires_at))
    return Outcome::conflict("answers.errors.expired");
  auto def = definitions::load_definition(sql, inv->questionnaire_id);
  if (!def) return Outcome::not_found("answers.errors.not_found");
  auto errors = validate(*def, values);
  if (!errors.empty()) {
    Outcome o = Outcome::failure(errors.front().key, "q" + std::to_string(errors.front().question_id));
    o.id = static_cast<long long>(errors.front().section);
    return o;
  }
  // The conditional UPDATE first: a second submission stops here, before anything is written.
  if (!repo.mark_answered(sql, inv->id)) return Outcome::conflict("answers.errors.already_answered");
  const bool anonymous = def->questionnaire.anonymous;
  long long id = random_id();
  while (repo.response_exists(sql, id)) id = random_id();
  repo.insert_response(sql, id, def->questionnaire.id, inv->campaign_id, def->questionnaire.version,
                       anonymous ? 0 : inv->id, anonymous ? 0 : inv->user_id, anonymous ? 0 : now, iso_week(now),
                       inv->respondent_code, inv->attributes.empty() ? std::string("{}") : inv->attributes);
  Values kept = clean(*def, values);
  // Answers get random ids too: a sequence would keep the order of submission.
  auto insert = [&](long long qid, int item, const std::string& value, std::optional<double> number,
                    const std::string& other) {
    long long aid = random_id();
    while (repo.answer_exists(sql, aid)) aid = random_id();
    repo.insert_answer(sql, aid, id, qid, item, value, number, other);
    return aid;
  };
  for (const auto& [qid, v] : kept) {
    const Question* q = find_question(*def, qid);
    if (!q) continue;
    if (q->kind == "matrix") {
      for (std::size_t i = 0; i < v.size() && i < q->items.size(); ++i)
        if (!v[i].empty()) insert(qid, static_cast<int>(i), v[i], parse_number(v[i]), "");
    } else if (q->kind == "single" || q->kind == "multiple") {
      for (const auto& x : v) {
        if (is_other(x)) insert(qid, -1, kOther, std::nullopt, trim(other_text(x)));
        else insert(qid, -1, x, std::nullopt, "");
      }
    } else if (q->kind == "number") {
      auto n = parse_number(v[0]);
      std::string text = v[0];
      for (auto& c : text)
        if (c == ',') c = '.';
      insert(qid, -1, text, n, "");
    } else if (q->kind == "scale" || q->kind == "nps") {
      insert(qid, -1, v[0], parse_number(v[0]), "");
    } else if (q->kind == "long") {
      long long aid = insert(qid, -1, v[0], std::nullopt, "");
      if (q->quotable && v.size() > 1 && v[1] == kQuoteConsent) repo.record_quote_consent(sql, aid);
    } else {
      insert(qid, -1, v[0], std::nullopt, "");
    }
  }
  repo.delete_draft(sql, inv->id);
  return Outcome::success(id);
}

}  // namespace trame::answers
