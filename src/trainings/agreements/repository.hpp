// SQL of the agreements module (one path for SQLite and PostgreSQL). Writes that depend on a status are
// conditional UPDATEs: the one that changes no row lost a race and the caller refuses.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/agreements/model.hpp"

namespace trame::agreements::repo {

// What a new agreement copies from its session and programme.
struct Defaults {
  long long session_id = 0;
  long long organiser_id = 0;
  std::string organiser_name, organiser_town, programme_title, session_title, session_status;
  std::string objectives, programme, nature, evaluation_methods, place, trainers;
  long long price_cents = 0, starts_at = 0, ends_at = 0, max_trainees = 0, duration_minutes = 0;
};
std::optional<Defaults> defaults(soci::session& sql, long long session_id);

std::vector<Candidate> candidates(soci::session& sql, long long session_id);
std::optional<Candidate> candidate(soci::session& sql, long long session_id, long long application_id);
std::vector<Funding> funding(soci::session& sql, long long application_id);

long long insert(soci::session& sql, const Agreement& a, long long by, long long now);
// The content and party of a draft or sent agreement; false when it is no longer either.
bool update_content(soci::session& sql, const Agreement& a, long long now);
void set_current(soci::session& sql, long long id, long long number, const std::string& sha256);
long long insert_version(soci::session& sql, const Version& v, long long by);
long long next_version_number(soci::session& sql, long long agreement_id);

std::optional<Agreement> find(soci::session& sql, long long id);
std::optional<Agreement> find_by_token_hash(soci::session& sql, const std::string& token_hash);
std::vector<Agreement> of_session(soci::session& sql, long long session_id, long long offset, long long limit);
long long count_of_session(soci::session& sql, long long session_id);
std::vector<Agreement> of_application(soci::session& sql, long long application_id);

std::vector<Version> versions(soci::session& sql, long long agreement_id);
std::optional<Version> version(soci::session& sql, long long agreement_id, long long number);  // with its bytes

// Sending: the version's outbox message, the agreement's link token (hash) and status sent.
void mark_version_sent(soci::session& sql, long long version_id, long long outbox_id, const std::string& to,
                       long long now);
bool mark_sent(soci::session& sql, long long id, const std::string& token_hash, long long now);

// Signature online: only while sent and when `sha256` is still the current version's.
bool sign_online(soci::session& sql, long long id, const std::string& sha256, const std::string& name,
                 const std::string& ip, const std::string& agent, long long signed_at, long long withdrawal_ends_at);
// Uploaded signed by staff: only while draft or sent.
bool sign_upload(soci::session& sql, long long id, const std::string& signer, const std::string& file_name,
                 const std::string& bytes, const std::string& sha256, long long signed_at, long long withdrawal_ends_at,
                 long long by, long long now);
std::string upload_data(soci::session& sql, long long id);
// A contract's withdrawal, only while signed and before the end of its period.
bool withdraw(soci::session& sql, long long id, long long now, const std::string& ip);
// A withdrawal by registered letter, recorded by the staff (the letter's day already checked).
bool withdraw_by_letter(soci::session& sql, long long id, long long withdrawn_at, long long by, long long now);
bool cancel(soci::session& sql, long long id, const std::string& reason, long long now);

long long session_by_titles(soci::session& sql, const std::string& programme, const std::string& session);
long long application_of(soci::session& sql, long long session_id, const std::string& email);
std::string user_name(soci::session& sql, long long user_id);
void backdate(soci::session& sql, long long id, long long created_at);

}  // namespace trame::agreements::repo
