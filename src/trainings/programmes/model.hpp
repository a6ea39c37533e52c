// Plain data of the trainings module: programmes (the catalogue), modules, sessions, seminars,
// half-days, trainers, and the pure rules (durations, prices, median delay, mixed cohorts).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"

namespace trame::programmes {

struct Programme {
  long long id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string title, summary, objectives, competences, audience, prerequisites, admission;
  long long duration_days = 0;
  long long duration_minutes = 0;
  std::string teaching_methods, evaluation_methods;
  long long price_cents = 0;
  std::string funding;  // comma-separated funder codes
  std::string accessibility;
  long long disability_referent_id = 0;
  std::string disability_referent_name;
  std::string disability_contact, contacts;
  std::string nature = "action_formation";
  long long mixed_threshold = 70;
  std::string status = "draft";
  long long updated_at = 0;
};

// What the programme form sends, kept as typed so that a refused form shows it back.
struct ProgrammeInput {
  long long organiser_id = 0;
  std::string title, summary, objectives, competences, audience, prerequisites, admission;
  std::string duration_days, duration_hours, price;
  std::vector<std::string> funding;
  std::string teaching_methods, evaluation_methods, accessibility;
  long long disability_referent_id = 0;
  std::string disability_contact, contacts, nature = "action_formation", mixed_threshold = "70", status = "draft";
};

struct Module {
  long long id = 0;
  long long programme_id = 0;
  long long position = 0;
  std::string title, content;
  long long duration_minutes = 0;
  long long halfdays = 0;  // half-days that reference it
};

struct Session {
  long long id = 0;
  long long programme_id = 0;
  std::string programme_title, programme_status;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string title, theme;
  long long delegation_id = 0;
  std::string delegation_name;
  std::string commune_code, place, address, access, rules;
  long long min_trainees = 1, max_trainees = 1, seats_taken = 0;
  long long application_deadline = 0;  // 0: start - trainings.deadline_days
  std::string status = "planned";
  std::string cancel_reason;
  long long starts_at = 0, ends_at = 0;
  // Co-financed by the European Social Fund (FSE+): its trainees' files are kept longer (privacy retention,
  // retention.trainee_files_esf_years). 0 or 1.
  long long esf = 0;
  long long left() const { return max_trainees > seats_taken ? max_trainees - seats_taken : 0; }
};

struct SessionInput {
  std::string title, theme;
  long long delegation_id = 0;
  std::string commune_code, place, address, access, rules;
  std::string min_trainees = "7", max_trainees = "12", deadline;  // deadline: 'YYYY-MM-DD' or empty
  bool esf = false;
};

struct Seminar {
  long long id = 0;
  long long session_id = 0;
  long long position = 0;
  std::string title;
};

struct HalfDay {
  long long id = 0;
  long long session_id = 0;
  long long seminar_id = 0;
  std::string seminar_title;
  long long module_id = 0;
  std::string module_title;
  std::string day, period;  // 'YYYY-MM-DD', am|pm
  long long starts_at = 0, ends_at = 0, minutes = 0;
  std::string sheet_status = "closed";
  std::string session_title, programme_title, place;  // for calendars
  long long programme_id = 0;
  std::string session_status;
  std::string address;               // the session's street address (calendars' LOCATION)
  long long session_updated_at = 0;  // bumped by any change of the session or its half-days (SEQUENCE)
};

struct HalfDayInput {
  std::string day, period, start, end;  // start/end 'HH:MM'
  long long seminar_id = 0, module_id = 0;
};

struct HalfDaySeries {
  std::string from, to, periods;  // periods: am, pm, both
  std::string am_start = "09:00", am_end = "12:30", pm_start = "13:30", pm_end = "17:00";
  bool weekdays_only = true;
  long long seminar_id = 0, module_id = 0;
};

struct Person {
  long long id = 0;
  std::string name, email;
};

struct Choice {
  long long id = 0;
  std::string label;
};

// The balance of profiles among admitted, confirmed and completed applications.
struct Mix {
  long long social = 0, cultural = 0, other = 0, total = 0;
  long long social_pct = 0, cultural_pct = 0, other_pct = 0;
  std::string dominant;  // the largest profile (social, cultural, other), "" when empty
  long long dominant_pct = 0;
  bool unbalanced = false;  // dominant_pct > threshold
};

struct Results {
  long long completed = 0, dropped_out = 0;
  std::optional<long long> completion_pct, dropout_pct;
};

// ---- Pure rules (unit-tested) ----
// "70", "70 h", "70h", "3 h 30", "3h30", "3:30" → minutes; nullopt when unreadable.
std::optional<long long> parse_duration(const std::string& text);
// "1 500", "1500,00", "1 500 €", "1500.5" → cents; nullopt when unreadable.
std::optional<long long> parse_price_cents(const std::string& text);
// "09:00" → minutes after midnight; nullopt when unreadable.
std::optional<long long> parse_clock(const std::string& text);
// The median of the values (mean of the two middle ones, rounded down), nullopt when empty.
std::optional<long long> median(std::vector<long long> values);
Mix mix_balance(long long social, long long cultural, long long other, long long threshold);
// planned → open → confirmed → running → completed; cancelled from any but completed.
bool can_transition(const std::string& from, const std::string& to);
const std::vector<std::string>& funders();
const std::vector<std::string>& natures();
// "70 h", "3 h 30": minutes for people.
std::string format_minutes(long long minutes);
// "1 500 €", "1 500,50 €".
std::string format_price(long long cents);

// The latest results published for a programme (satisfaction, rates): computed and published by
// questionnaires/results, shown on the programme's page; given at wiring, since trainings never
// includes the questionnaires domain above it.
struct PublishedResults {
  long long computed_at = 0;
  std::optional<double> satisfaction;  // 1-5
  long long satisfaction_responses = 0;
  std::optional<double> response_rate;  // 0-100
  std::optional<double> completion_rate;
  std::optional<double> dropout_rate;
  long long trainees = 0;
};
using PublishedResultsSource = std::function<std::optional<PublishedResults>(long long programme_id)>;

// The published certification a programme prepares (certification/referential), shown on its page;
// given at wiring like the results.
struct PreparedCertification {
  std::string title, url;
};
using PreparedCertificationSource = std::function<std::optional<PreparedCertification>(long long programme_id)>;

// The cooperation project a session's trainees co-build (cooperation/projects), shown on the session's
// page to whoever may see that project; given at wiring like the prepared certification.
struct CoBuiltProject {
  std::string title, url;
};
using CoBuiltProjectSource = std::function<std::optional<CoBuiltProject>(long long session_id, const Principal& me)>;

// The participants' quotes shown on the programme's public page (website/quotes: published, consent
// not withdrawn, in their order); given at wiring, since trainings never includes the website domain.
struct PublicQuote {
  std::string text, author;
};
using PublicQuotesSource = std::function<std::vector<PublicQuote>(long long programme_id)>;

}  // namespace trame::programmes
