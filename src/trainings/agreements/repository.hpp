// SQL of the agreements module (one path for SQLite and PostgreSQL). Writes that depend on a status are
// conditional UPDATEs: the one that changes no row lost a race and the caller refuses.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/agreements/model.hpp"

namespace trame::agreements {

// What a new agreement copies from its session and programme.
struct Defaults {
  long long session_id = 0;
  long long organiser_id = 0;
  std::string organiser_name, organiser_town, programme_title, session_title, session_status;
  std::string objectives, programme, nature, evaluation_methods, place, trainers;
  long long price_cents = 0, starts_at = 0, ends_at = 0, max_trainees = 0, duration_minutes = 0;
};

class Repository {
 public:
  std::optional<Defaults> defaults(soci::session& sql, long long session_id) const;

  std::vector<Candidate> candidates(soci::session& sql, long long session_id) const;
  std::optional<Candidate> candidate(soci::session& sql, long long session_id, long long application_id) const;
  std::vector<Funding> funding(soci::session& sql, long long application_id) const;

  long long insert(soci::session& sql, const Agreement& a, long long by, long long now) const;
  // The content and party of a draft or sent agreement; false when it is no longer either.
  bool update_content(soci::session& sql, const Agreement& a, long long now) const;
  void set_current(soci::session& sql, long long id, long long number, const std::string& sha256) const;
  long long insert_version(soci::session& sql, const Version& v, long long by) const;
  long long next_version_number(soci::session& sql, long long agreement_id) const;

  std::optional<Agreement> find(soci::session& sql, long long id) const;
  std::optional<Agreement> find_by_token_hash(soci::session& sql, const std::string& token_hash) const;
  std::vector<Agreement> of_session(soci::session& sql, long long session_id, long long offset, long long limit) const;
  long long count_of_session(soci::session& sql, long long session_id) const;
  std::vector<Agreement> of_application(soci::session& sql, long long application_id) const;

  std::vector<Version> versions(soci::session& sql, long long agreement_id) const;
  std::optional<Version> version(soci::session& sql, long long agreement_id, long long number) const;  // with its bytes

  // Sending: the version's outbox message, the agreement's link token (hash) and status sent.
  void mark_version_sent(soci::session& sql, long long version_id, long long outbox_id, const std::string& to,
                         long long now) const;
  bool mark_sent(soci::session& sql, long long id, const std::string& token_hash, long long now) const;

  // Signature online: only while sent and when `sha256` is still the current version's.
  bool sign_online(soci::session& sql, long long id, const std::string& sha256, const std::string& name,
                   const std::string& ip, const std::string& agent, long long signed_at,
                   long long withdrawal_ends_at) const;
  // Uploaded signed by staff: only while draft or sent.
  bool sign_upload(soci::session& sql, long long id, const std::string& signer, const std::string& file_name,
                   const std::string& bytes, const std::string& sha256, long long signed_at,
                   long long withdrawal_ends_at, long long by, long long now) const;
  std::string upload_data(soci::session& sql, long long id) const;
  // A contract's withdrawal, only while signed and before the end of its period.
  bool withdraw(soci::session& sql, long long id, long long now, const std::string& ip) const;
  // A withdrawal by registered letter, recorded by the staff (the letter's day already checked).
  bool withdraw_by_letter(soci::session& sql, long long id, long long withdrawn_at, long long by, long long now) const;
  bool cancel(soci::session& sql, long long id, const std::string& reason, long long now) const;

  long long session_by_titles(soci::session& sql, const std::string& programme, const std::string& session) const;
  long long application_of(soci::session& sql, long long session_id, const std::string& email) const;
  std::string user_name(soci::session& sql, long long user_id) const;
  void backdate(soci::session& sql, long long id, long long created_at) const;
  // The application's row lock, until the transaction ends: two makers of its agreements are serialised.
  void lock_application(soci::session& sql, long long application_id) const;
};

}  // namespace trame::agreements
