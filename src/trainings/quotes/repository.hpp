// The quotes' SQL (both engines): quotes, their versions with the PDF and the lines, the links' token hashes.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/quotes/model.hpp"

namespace trame::quotes {

// What a quote takes from the application it is for.
struct Applicant {
  long long application_id = 0;
  long long session_id = 0;
  std::string status;
  std::string name, email;
  long long organisation_id = 0;
  std::string organisation_name, organisation_address, organisation_email;
  std::string funding_intended;
};

// What a quote takes from the session and its programme.
struct Training {
  long long session_id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string programme_title, session_title, place;
  long long price_cents = 0;
  long long starts_at = 0, ends_at = 0;
  long long planned_minutes = 0;
  std::string status;
};

class Repository {
 public:
  std::optional<Training> training(soci::session& sql, long long session_id);
  std::optional<Applicant> applicant(soci::session& sql, long long application_id);
  // The applications a quote may be made for (not refused nor withdrawn).
  std::vector<Applicant> applicants(soci::session& sql, long long session_id);

  // The next number of the organiser's year, allocated inside the caller's transaction.
  long long next_sequence(soci::session& sql, long long organisation_id, long long year);
  long long insert_quote(soci::session& sql, const Quote& q, long long created_by);
  long long insert_version(soci::session& sql, const Version& v);

  std::optional<Quote> find(soci::session& sql, long long id);
  std::vector<Quote> of_session(soci::session& sql, long long session_id, long long offset, long long limit);
  long long count_of_session(soci::session& sql, long long session_id);
  std::vector<long long> of_application(soci::session& sql, long long application_id);
  // Versions newest first, without their bytes.
  std::vector<Version> versions(soci::session& sql, long long quote_id);
  std::optional<Version> version(soci::session& sql, long long quote_id, long long number, bool with_data);
  // The newest version that was sent (0 when none).
  long long last_sent_version(soci::session& sql, long long quote_id);

  long long quote_of_token(soci::session& sql, const std::string& token_hash);
  void insert_link(soci::session& sql, long long quote_id, long long version, const std::string& token_hash,
                   long long now);
  void mark_sent(soci::session& sql, long long version_id, long long outbox_id, const std::string& to, long long now);
  std::string user_name(soci::session& sql, long long user_id);

  // The status changes, each a conditional update that takes the quote's row: true when this write made
  // it (false: the quote changed meanwhile or was not in a status it applies to).
  // A revision: current_version `current` → `next`, back to draft (from draft, sent or expired).
  bool revise(soci::session& sql, long long quote_id, long long current, long long next, long long now) const;
  // The version replaced by a revision.
  void supersede(soci::session& sql, long long quote_id, long long version, long long now) const;
  // draft|sent → sent, while `current` is still the current version.
  bool set_sent(soci::session& sql, long long quote_id, long long current, long long now) const;
  // draft|sent|expired → cancelled.
  bool cancel(soci::session& sql, long long quote_id, long long by, long long now) const;
  // → accepted, while `v` is still the current version: online from sent only; by_staff (recorded by the
  // staff, with the day and note) from draft, sent or expired.
  bool accept(soci::session& sql, long long quote_id, const Version& v, const std::string& name, const std::string& ip,
              long long by, const std::string& day, const std::string& note, bool by_staff, long long now) const;
  // sent|expired → declined.
  bool decline(soci::session& sql, long long quote_id, const std::string& reason, const std::string& ip,
               long long now) const;
  // The sent quotes whose current version is valid until before `today`.
  std::vector<long long> sent_past_validity(soci::session& sql, const std::string& today) const;
  // sent → expired.
  bool expire(soci::session& sql, long long quote_id, long long now) const;
};

}  // namespace trame::quotes
