// Answering rules shared by the answering pages, the demo and the tests of other modules: which
// questions are shown (conditions), what a valid value is, and the submission of a response in the
// caller's write transaction (with the anonymity rules of migrations/*/0015_questionnaires.sql).
//
// Values: question id → strings.
//   single   {choice}                      or {"__other__:<text>"} for "Autre, précisez"
//   multiple {choice, choice, ...}         "__other__:<text>" for "Autre, précisez"
//   matrix   {v0, v1, ...}                 one value "1".."5" per item, in the order of the items ("" unanswered)
//   scale "1".."5", nps "0".."10", yesno "oui"/"non", number (a comma or a dot), date 'YYYY-MM-DD',
//   short/long: the text.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/outcome.hpp"
#include "questionnaires/definitions/model.hpp"

namespace trame::answers {

using Values = std::map<long long, std::vector<std::string>>;

inline constexpr const char* kOther = "__other__";
inline constexpr const char* kOtherPrefix = "__other__:";
// The second value of a « citable » long answer whose respondent ticked « J'accepte que ma réponse soit
// citée, sans mon nom » (stored as the answer row's quote_consent, never as text).
inline constexpr const char* kQuoteConsent = "__citable__";

struct FieldError {
  long long question_id = 0;
  std::size_t section = 0;  // 0-based index of the section
  std::string key;          // catalogue key of the message
};

// The question with that id among the live questions, with its section's index.
const definitions::Question* find_question(const definitions::Definition& d, long long id,
                                           std::size_t* section = nullptr);
// Whether a question is shown given the values: no condition, or its condition's question is shown
// and answered with show_if_value (one of the choices for a multiple choice).
bool is_shown(const definitions::Definition& d, const definitions::Question& q, const Values& values);
// Whether a value (already trimmed, non-empty) is acceptable for the question; nullopt when it is,
// else the catalogue key of the message. Does not check "required".
std::optional<std::string> check_value(const definitions::Question& q, const std::vector<std::string>& value);
// Whether a question counts as answered.
bool has_answer(const definitions::Question& q, const Values& values);
// Errors of one section (section >= 0) or of all of them (section < 0), in page order.
std::vector<FieldError> validate(const definitions::Definition& d, const Values& values, int section = -1);
// The values kept for storage: live, shown questions only, trimmed, empty ones dropped.
Values clean(const definitions::Definition& d, const Values& values);
// The values still acceptable after the questionnaire changed: unknown/archived questions and values
// that no longer pass check_value are dropped. Returns how many were dropped through *dropped.
Values keep_valid(const definitions::Definition& d, const Values& values, int* dropped = nullptr);
// A number typed by a person: "3", "3.5", "3,5", "-2". nullopt when it is not one.
std::optional<double> parse_number(const std::string& text);
// ISO 8601 week 'YYYY-Www' of the local (Europe/Paris) day of t.
std::string iso_week(long long t);
// A random positive 63-bit id (libsodium).
long long random_id();

// Submits a response for an invitation INSIDE THE CALLER'S WRITE TRANSACTION (db.write): checks the
// invitation (exists, not answered, campaign open and not expired), validates the values (required
// answers of shown questions, scales, choices, bounds, dates), inserts the response (random id;
// anonymous: no invitation, user or time, the week only; named: invitation_id, user_id, submitted_at)
// and its answers with the questionnaire's current version, marks the invitation answered with a
// conditional UPDATE, deletes the draft. Records no audit entry (the caller may, for named ones only).
// Outcome: ok with id = the response id; not_found ("answers.errors.not_found"); conflict
// ("answers.errors.already_answered", "answers.errors.expired", "answers.errors.not_open"); or invalid, a
// validation key with field = "q<question id>" and id = the 0-based section of the first error).
Outcome submit_values(soci::session& sql, long long invitation_id, const Values& values, long long now);

}  // namespace trame::answers
